//! The weekly admin digest: last week's figures and top skill gaps, by DM, to
//! each admin who asked for it on Home — and who is still an admin when it is
//! sent. Once per admin per run: each DM is an effect of this job (`send_once`).

use super::engine::JobContext;
use crate::core::insights::Window;
use crate::flows::{admins, insights};
use crate::queue::{send_once, JobError};
use crate::state::AppState;
use crate::store::insights as store;
use crate::views::admin_home;

pub async fn send(state: &AppState, ctx: &JobContext) -> Result<(), JobError> {
    let team = ctx.team_id.as_str();
    // The next one first, so a failure here never ends the series.
    insights::schedule_next_digest(state, team, state.clock.now()).await?;
    let subscribers = store::digest_subscribers(&state.db, team).await?;
    if subscribers.is_empty() {
        return Ok(());
    }
    let figures = insights::figures(state, team, Window::Week).await?;
    let mut failed = None;
    for user in subscribers {
        if !admins::is_admin(state, &user).await {
            continue;
        }
        let message = admin_home::digest(&user, &figures);
        let key = format!("admin-digest:{}:{user}", ctx.id);
        // One admin's failure neither stops the others nor repeats theirs on retry.
        if let Err(e) = send_once(state, team, &key, &message).await {
            tracing::warn!(error = %e, "weekly admin digest not sent");
            failed = Some(e);
        }
    }
    failed.map_or(Ok(()), Err)
}
