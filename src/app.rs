//! One start-up path for `main` and the tests: settings → pool → state → router.

use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

use crate::clock::SharedClock;
use crate::config::Settings;
use crate::db;
use crate::slack::client::RetryPolicy;
use crate::state::AppState;

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
        crate::slack::client::install_crypto_provider();
        let _ = crate::telemetry::metrics_handle();
        let pool = db::connect(settings.database_url.as_deref()).await?;
        db::migrate(&pool).await?;
        let listener = TcpListener::bind(settings.listen_addr).await.map_err(|e| {
            anyhow::anyhow!("LISTEN_ADDR {} cannot be bound: {e}", settings.listen_addr)
        })?;
        let state = AppState::new(pool, settings, clock, policy);
        bootstrap(&state).await?;
        crate::jobs::housekeeping::ensure_scheduled(&state).await?;
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
        let router = crate::ingress::http::router(self.state.clone());
        let stop = tokio_util::sync::CancellationToken::new();
        let worker = self
            .state
            .settings
            .run_worker
            .then(|| tokio::spawn(crate::jobs::engine::work(self.state.clone(), stop.clone())));
        let (busy, tidy) = (self.state.clone(), self.state.clone());
        let trimmer = tokio::spawn(crate::memory::trim_when_quiet(
            move || busy.tasks.is_empty(),
            move || {
                tidy.seen_signatures.forget_expired(tidy.clock.now());
                // Histograms keep every sample until drained: without a scrape of
                // /metrics they would grow for as long as the process runs.
                crate::telemetry::metrics_handle().run_upkeep();
            },
            stop.clone(),
        ));
        tracing::info!(addr = %self.local_addr(), "listening for Slack over HTTP");
        axum::serve(self.listener, router)
            .with_graceful_shutdown(shutdown)
            .await?;
        stop.cancel();
        let _ = trimmer.await;
        if let Some(worker) = worker {
            let _ = worker.await;
        }
        self.state.drain().await;
        Ok(())
    }
}

/// Start-up work that needs the workspace id (from `auth.test`): loading
/// `SKILLS_FILE` and its synonyms into the vocabulary (idempotent: existing
/// skills keep their label, curated synonyms stay) and making sure each digest
/// channel, and the weekly admin digest, has its next digest scheduled.
async fn bootstrap(state: &AppState) -> anyhow::Result<()> {
    let seed = match &state.settings.skills_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                anyhow::anyhow!("SKILLS_FILE {} cannot be read: {e}", path.display())
            })?;
            crate::core::skills::parse_seed(&text).map_err(|(line, e)| {
                anyhow::anyhow!("SKILLS_FILE {} line {line}: {e}", path.display())
            })?
        }
        None => Vec::new(),
    };
    // Learn the installed workspace now; requests from any other are refused.
    let Some(team) = state.installed_team().await.map(str::to_owned) else {
        tracing::warn!("skills and digests not set up yet: auth.test failed");
        return Ok(());
    };
    // Our token works, so an earlier uninstall is over (the app was reinstalled).
    crate::store::events::clear_revoked(&state.db, &team).await?;
    let now = state.clock.now();
    if !seed.is_empty() {
        let added = crate::store::skills::seed(&state.db, &team, &seed, now).await?;
        tracing::info!(
            added = added.skills,
            synonyms = added.synonyms,
            listed = seed.len(),
            "skill vocabulary seeded"
        );
        if !added.skipped.is_empty() {
            tracing::warn!(
                names = %added.skipped.join(", "),
                "SKILLS_FILE names these as synonyms, but each is a skill of its own: merge them from Home (Curate skills) to make them one"
            );
        }
    }
    for (channel, skill) in &state.settings.digests.channels {
        let skill = skill.as_ref().map(|s| s.as_str());
        crate::flows::digest::schedule_next(state, &team, channel, skill, now).await?;
    }
    crate::flows::insights::schedule_next_digest(state, &team, now).await?;
    Ok(())
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
