//! "Did your session happen?" — asked of the mentee after a match, at most twice,
//! and of the mentor once, at the same time (for no-shows, `core::no_shows`).

use crate::queue::{send_once, JobError};
use crate::state::AppState;
use crate::store::{asks, no_shows, offers, outcomes};
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
    // Marked done, released by a re-open, or settled already: nothing to ask.
    match offers::session(&state.db, ask_id, mentor_id).await? {
        Some(s) if !s.done && !s.released => {}
        _ => return Ok(()),
    }
    if outcomes::settled(&state.db, ask_id, mentor_id).await? {
        return Ok(());
    }
    let key = format!("followup:{ask_id}:{mentor_id}:{round}");
    let prompt = followup::prompt(&ask, mentor_id, round);
    if let Some(posted) = send_once(state, &ask.team_id, &key, &prompt).await? {
        // Answers rewrite this message, found here rather than in their payload.
        offers::set_followup(&state.db, ask_id, mentor_id, &posted.channel, &posted.ts).await?;
    }
    Ok(())
}

/// The mentor's own "Did your session happen?", sent once; not when the session
/// was marked done or released by a re-open.
pub async fn ask_mentor(state: &AppState, ask_id: i64, mentor_id: &str) -> Result<(), JobError> {
    let Some(ask) = asks::get(&state.db, ask_id).await? else {
        return Ok(());
    };
    match offers::session(&state.db, ask_id, mentor_id).await? {
        Some(s) if !s.done && !s.released => {}
        _ => return Ok(()),
    }
    let key = format!("mentor-followup:{ask_id}:{mentor_id}");
    let prompt = crate::views::no_shows::mentor_prompt(&ask, mentor_id);
    if let Some(posted) = send_once(state, &ask.team_id, &key, &prompt).await? {
        // Answers rewrite this message, found here rather than in their payload.
        no_shows::set_mentor_prompt(&state.db, ask_id, mentor_id, &posted.channel, &posted.ts)
            .await?;
    }
    Ok(())
}
