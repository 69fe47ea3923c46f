//! One start-up path for `main` and the tests: settings → pool → state → router.

use sqlx::PgPool;
use std::future::Future;
use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio_util::task::TaskTracker;

use crate::clock::SharedClock;
use crate::config::Settings;
use crate::db;
use crate::slack::client::RetryPolicy;
use crate::slack::SlackApi;

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
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(db: PgPool, settings: Settings, clock: SharedClock, policy: RetryPolicy) -> Self {
        let slack = SlackApi::new(&settings.slack_api_url, settings.bot_token(), policy);
        AppState(Arc::new(Inner {
            db,
            slack,
            clock,
            settings,
            tasks: TaskTracker::new(),
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
}

/// A built application: migrated database, bound listener, ready to serve.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    pub async fn build(settings: Settings, clock: SharedClock) -> anyhow::Result<Self> {
        Self::build_with(settings, clock, RetryPolicy::default()).await
    }

    pub async fn build_with(
        settings: Settings,
        clock: SharedClock,
        policy: RetryPolicy,
    ) -> anyhow::Result<Self> {
        install_crypto_provider();
        let _ = crate::telemetry::metrics_handle();
        let pool = db::connect(settings.database_url.as_deref()).await?;
        db::migrate(&pool).await?;
        let listener = TcpListener::bind(settings.listen_addr).await.map_err(|e| {
            anyhow::anyhow!("LISTEN_ADDR {} cannot be bound: {e}", settings.listen_addr)
        })?;
        let state = AppState::new(pool, settings, clock, policy);
        seed_skills(&state).await?;
        Ok(Self { listener, state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> AppState {
        self.state.clone()
    }

    /// Serves HTTP until `shutdown` completes, then finishes in-flight requests and
    /// the work they spawned.
    pub async fn run_until<S>(self, shutdown: S) -> std::io::Result<()>
    where
        S: Future<Output = ()> + Send + 'static,
    {
        let router = crate::http::router(self.state.clone());
        tracing::info!(addr = %self.local_addr(), "listening for Slack over HTTP");
        axum::serve(self.listener, router)
            .with_graceful_shutdown(shutdown)
            .await?;
        drain(&self.state).await;
        Ok(())
    }
}

/// Loads `SKILLS_FILE` into the workspace's vocabulary. Idempotent: skills that
/// exist keep their label. The workspace id comes from `auth.test`.
async fn seed_skills(state: &AppState) -> anyhow::Result<()> {
    let Some(path) = &state.settings.skills_file else {
        return Ok(());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("SKILLS_FILE {} cannot be read: {e}", path.display()))?;
    let skills = crate::store::skills::parse_seed(&text)
        .map_err(|(line, e)| anyhow::anyhow!("SKILLS_FILE {} line {line}: {e}", path.display()))?;
    match state.slack.auth_test().await {
        Ok(auth) => {
            let added = crate::store::skills::add_missing(
                &state.db,
                &auth.team_id,
                &skills,
                None,
                state.clock.now(),
            )
            .await?;
            tracing::info!(added, listed = skills.len(), "skill vocabulary seeded");
        }
        Err(e) => tracing::warn!(error = %e, "SKILLS_FILE not loaded: auth.test failed"),
    }
    Ok(())
}

/// Waits for work spawned after acks.
pub async fn drain(state: &AppState) {
    state.tasks.close();
    state.tasks.wait().await;
}

/// slack-morphism uses rustls with `ring`; if any other crate enables `aws-lc-rs`
/// too, rustls cannot pick one and panics on the first TLS connection. Choose.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Resolves on SIGTERM or ctrl-c.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing in-flight work");
}
