//! Editing an open ask from the asker's Home: the form again with the saved
//! values; a save rewrites the pending offers' DMs and the digests.

use crate::core::lifecycle::{decide_edit, AskFacts};
use crate::flows::update;
use crate::state::AppState;
use crate::store::asks;
use crate::views::{ask_card, ask_modal};

/// Opens the edit form, for the asker of an open ask only.
pub async fn open(
    state: &AppState,
    team: &str,
    user: &str,
    trigger_id: &str,
    ask_id: i64,
) -> Result<(), sqlx::Error> {
    let Some(ask) = asks::get(&state.db, ask_id).await? else {
        return Ok(());
    };
    let facts = AskFacts::from(&ask);
    if ask.team_id != team || decide_edit(&facts, user, ask.mentors_wanted.max(1)).is_err() {
        return Ok(());
    }
    if let Err(e) = state
        .slack
        .open_view(trigger_id, ask_modal::edit(&ask))
        .await
    {
        tracing::warn!(error = %e, "could not open the edit form");
    }
    Ok(())
}

/// After a save: the mentors who have the offer see the new text; digests too.
pub async fn saved(
    state: &AppState,
    team: &str,
    user: &str,
    ask_id: i64,
    pending: &[crate::core::offer::OfferMessage],
) -> Result<(), sqlx::Error> {
    let Some(ask) = asks::get(&state.db, ask_id).await? else {
        return Ok(());
    };
    for offer in pending {
        if let (Some(channel), Some(ts)) = (&offer.channel_id, &offer.message_ts) {
            let mut message = ask_card::offer(&ask);
            message["channel"] = channel.clone().into();
            message["ts"] = ts.clone().into();
            update(state, Some(message)).await;
        }
    }
    super::digest::refresh_for_ask(state, ask_id).await?;
    let mentors: Vec<&str> = pending.iter().map(|o| o.mentor_id.as_str()).collect();
    super::home::refresh(state, team, &[&[user], &mentors[..]].concat()).await;
    Ok(())
}
