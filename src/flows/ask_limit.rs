//! Where someone stands against `ASK_LIMIT` (`core::ask_limit`): admins are
//! exempt, and nothing is read when no limit is set.

use crate::core::ask_limit::{allowance, Allowance};
use crate::state::AppState;
use crate::store::asks;

pub async fn of(state: &AppState, team: &str, user: &str) -> Result<Allowance, sqlx::Error> {
    let Some(limit) = state.settings.ask_limit else {
        return Ok(Allowance::Unlimited);
    };
    let now = state.clock.now();
    let counted = asks::counted_since(&state.db, team, user, now - limit.per).await?;
    let standing = allowance(Some(limit), false, &counted, now);
    // Whether someone is an admin may take a Slack call: asked only when it
    // changes the answer (few left, or none), not for every ask.
    if standing.worth_telling().is_none() && !matches!(standing, Allowance::Blocked { .. }) {
        return Ok(standing);
    }
    let exempt = super::admins::is_admin(state, user).await;
    Ok(allowance(Some(limit), exempt, &counted, now))
}
