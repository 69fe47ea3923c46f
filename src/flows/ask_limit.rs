//! Where someone stands against `ASK_LIMIT` (`core::ask_limit`): admins are
//! exempt, and nothing is read when no limit is set.

use crate::core::ask_limit::{allowance, Allowance};
use crate::state::AppState;
use crate::store::asks;

pub async fn of(state: &AppState, team: &str, user: &str) -> Result<Allowance, sqlx::Error> {
    let Some(limit) = state.settings.ask_limit else {
        return Ok(Allowance::Unlimited);
    };
    if super::admins::is_admin(state, user).await {
        return Ok(Allowance::Unlimited);
    }
    let now = state.clock.now();
    let counted = asks::counted_since(&state.db, team, user, now - limit.per).await?;
    Ok(allowance(Some(limit), false, &counted, now))
}
