//! The state every handler, flow and job shares. It holds clients and settings,
//! nothing that needs the application's start-up (that is `app`).

use sqlx::PgPool;
use std::future::Future;
use std::ops::Deref;
use std::sync::Arc;
use tokio_util::task::TaskTracker;

use crate::clock::SharedClock;
use crate::config::Settings;
use crate::slack::client::RetryPolicy;
use crate::slack::SlackApi;

/// Routings run straight after acks at once, at most (see `routing_permits`).
const ROUTING_AFTER_ACK: usize = 4;

/// Clicks handled side by side after their acks; below the pool size.
const CLICKS_AT_ONCE: usize = 8;

/// Shared state handed to every handler.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub db: PgPool,
    pub slack: SlackApi,
    pub clock: SharedClock,
    pub settings: Settings,
    /// Work done after an ack; waited for on shutdown.
    pub tasks: TaskTracker,
    /// Wakes the local job worker when a job is scheduled.
    pub jobs_wakeup: tokio::sync::Notify,
    /// Routing right after an ack takes one; when none is free the job worker
    /// routes instead, so background work never takes every database connection.
    pub routing_permits: tokio::sync::Semaphore,
    /// Work after an ack that can be refused (opening a modal, publishing Home)
    /// takes one; when none is left the request is answered "busy" at once.
    pub after_ack: Arc<tokio::sync::Semaphore>,
    /// Work after a click takes one, so a burst of clicks queues here rather than
    /// timing out on the connection pool (the ack path needs connections too).
    pub click_permits: tokio::sync::Semaphore,
    /// Request signatures already accepted (replay protection).
    pub seen_signatures: crate::slack::verify::SeenSignatures,
    /// What `users.info` said of people (left? away?), for an hour or until a
    /// `user_change` says otherwise.
    pub people: std::sync::Mutex<
        std::collections::HashMap<
            String,
            (crate::core::availability::Presence, std::time::Instant),
        >,
    >,
    /// The members of `ADMIN_USERGROUP` and when Slack said so (see `flows::admins`).
    pub admin_group:
        tokio::sync::Mutex<Option<(std::collections::HashSet<String>, std::time::Instant)>>,
    /// Set when the workspace uninstalled the app or revoked its token.
    pub revoked: std::sync::atomic::AtomicBool,
    /// The workspace this app is installed in (from `auth.test`), once known.
    pub team_id: tokio::sync::OnceCell<String>,
    /// An `auth.test` to learn it is under way in the background.
    pub learning_team: std::sync::atomic::AtomicBool,
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(db: PgPool, settings: Settings, clock: SharedClock, policy: RetryPolicy) -> Self {
        let policy = RetryPolicy {
            max_in_flight: settings.max_slack_in_flight,
            ..policy
        };
        let slack = SlackApi::new(&settings.slack_api_url, settings.bot_token(), policy);
        let after_ack = Arc::new(tokio::sync::Semaphore::new(settings.max_after_ack));
        AppState(Arc::new(Inner {
            db,
            slack,
            clock,
            settings,
            tasks: TaskTracker::new(),
            jobs_wakeup: tokio::sync::Notify::new(),
            routing_permits: tokio::sync::Semaphore::new(ROUTING_AFTER_ACK),
            click_permits: tokio::sync::Semaphore::new(CLICKS_AT_ONCE),
            after_ack,
            seen_signatures: Default::default(),
            people: Default::default(),
            admin_group: Default::default(),
            revoked: Default::default(),
            team_id: tokio::sync::OnceCell::new(),
            learning_team: Default::default(),
        }))
    }

    /// Runs `work` after the current request has been answered. Errors are logged
    /// by the work itself; shutdown waits for it.
    pub fn spawn<F>(&self, work: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.tasks.spawn(work);
    }

    /// The installed workspace's id, asked of `auth.test` once. `None` while
    /// Slack cannot tell us (then requests are refused rather than trusted).
    pub async fn installed_team(&self) -> Option<&str> {
        let team = self
            .team_id
            .get_or_try_init(|| async {
                let answer = tokio::time::timeout(
                    std::time::Duration::from_millis(1500),
                    self.slack.auth_test(),
                )
                .await;
                match answer {
                    Ok(Ok(auth)) => Ok(auth.team_id),
                    Ok(Err(e)) => Err(e.to_string()),
                    Err(_) => Err("auth.test timed out".to_owned()),
                }
            })
            .await;
        match team {
            Ok(t) => Some(t.as_str()),
            Err(e) => {
                tracing::warn!(error = %e, "the installed workspace is not known yet");
                None
            }
        }
    }

    /// The installed workspace's id for a request: never waits on Slack. Known
    /// since start-up, it is answered at once; if start-up could not learn it,
    /// one background `auth.test` at a time tries again and the request gets
    /// `None` (refused politely) — so a slow Slack cannot make requests queue
    /// behind each other's attempt until the request timeout.
    pub fn known_team(&self) -> Option<&str> {
        if let Some(team) = self.team_id.get() {
            return Some(team.as_str());
        }
        let idle = self.learning_team.compare_exchange(
            false,
            true,
            std::sync::atomic::Ordering::SeqCst,
            std::sync::atomic::Ordering::SeqCst,
        );
        if idle.is_ok() {
            let state = self.clone();
            self.spawn(async move {
                let _ = state.installed_team().await;
                state
                    .learning_team
                    .store(false, std::sync::atomic::Ordering::SeqCst);
            });
        }
        None
    }

    /// Like [`spawn`](Self::spawn), but only when a slot is free (`MAX_AFTER_ACK`):
    /// `false` means nothing was started and the caller should say "busy".
    pub fn try_spawn<F>(&self, work: F) -> bool
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let Ok(permit) = self.after_ack.clone().try_acquire_owned() else {
            metrics::counter!("after_ack_refused_total").increment(1);
            return false;
        };
        self.tasks.spawn(async move {
            let _permit = permit;
            work.await
        });
        true
    }

    /// Waits for work spawned after acks (on shutdown).
    pub async fn drain(&self) {
        self.tasks.close();
        self.tasks.wait().await;
    }
}
