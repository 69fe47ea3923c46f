//! The organisation's figures for programme owners: computed for a window from
//! the store's rows (`core::insights`), shown on Home and sent in the weekly
//! admin digest (posting it is a job, `jobs::admin_digest`).

use chrono::{DateTime, Utc};

use crate::core::insights::{self, Insights, Window};
use crate::queue::{self, Job};
use crate::state::AppState;
use crate::store::insights as store;

/// The figures of the window ending now.
pub async fn figures(
    state: &AppState,
    team: &str,
    window: Window,
) -> Result<Insights, sqlx::Error> {
    let now = state.clock.now();
    let rows = store::rows(&state.db, team, window.since(now), now).await?;
    // Mentors of related skills (set by admins when curating skills).
    let related_mentors = store::related_mentors(&state.db, team).await?;
    Ok(insights::compute(&rows, window, now, &related_mentors))
}

/// Schedules the next weekly admin digest for the workspace (a no-op if it exists).
pub async fn schedule_next_digest(
    state: &AppState,
    team: &str,
    after: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let tz = state.settings.digests.timezone;
    if let Some(at) = queue::next_occurrence(&state.settings.admin_digest_schedule, tz, after) {
        queue::schedule(state, &Job::AdminDigest.at(team, at)).await?;
    }
    Ok(())
}
