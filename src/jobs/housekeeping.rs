//! Daily clean-up: event ids past Slack's retry window, finished jobs, and effect
//! records older than any job that could still run again.

use chrono::Duration;

use crate::queue::{self, Job, JobError};
use crate::state::AppState;
use crate::store;

/// Slack retries an event for minutes; a week is plenty.
pub const KEEP_EVENTS: i64 = 7;
/// Finished jobs are kept a month for `check` and debugging.
pub const KEEP_JOBS: i64 = 30;
/// Effects must outlive every job that could repeat them (ladders last `ASK_EXPIRE_AFTER`).
pub const KEEP_EFFECTS: i64 = 90;

/// Makes sure one housekeeping run is scheduled (idempotent across replicas).
pub async fn ensure_scheduled(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    queue::schedule(state, &Job::Housekeeping.at("*", now)).await?;
    Ok(())
}

pub async fn run(state: &AppState) -> Result<(), JobError> {
    let now = state.clock.now();
    let removed = store::jobs::clean_up(
        &state.db,
        now - Duration::days(KEEP_EVENTS),
        now - Duration::days(KEEP_JOBS),
        now - Duration::days(KEEP_EFFECTS),
    )
    .await?;
    tracing::info!(?removed, "housekeeping done");
    queue::schedule(state, &Job::Housekeeping.at("*", now + Duration::days(1))).await?;
    Ok(())
}
