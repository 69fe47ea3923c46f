//! "Did your session happen?" — asked of the mentee after a match, at most twice.

use crate::queue::{send_once, JobError};
use crate::state::AppState;
use crate::store::{asks, outcomes};
use crate::views::followup;

pub async fn ask_mentee(
    state: &AppState,
    ask_id: i64,
    mentor_id: &str,
    round: u8,
) -> Result<(), JobError> {
    let Some(ask) = asks::get(&state.db, ask_id).await? else {
        return Ok(());
    };
    // Settled already: nothing to ask.
    if outcomes::settled(&state.db, ask_id, mentor_id).await? {
        return Ok(());
    }
    let key = format!("followup:{ask_id}:{mentor_id}:{round}");
    send_once(
        state,
        &ask.team_id,
        &key,
        &followup::prompt(&ask, mentor_id, round),
    )
    .await?;
    Ok(())
}
