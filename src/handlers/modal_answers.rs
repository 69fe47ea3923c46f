//! Submissions of the small modals: the decline modal ("Other…" / "Decline…")
//! and the private "don't match me with" list. Bad input goes back to its block;
//! the work that talks to Slack happens after the ack.

use super::{in_time, Ack};
use crate::core::exclusions;
use crate::core::offer::read_decline;
use crate::flows::{self, accept};
use crate::slack::payloads::ViewSubmission;
use crate::state::AppState;
use crate::store;
use crate::views::ids::{decline as id, mentor, ButtonValue};
use crate::views::{replies, text};

pub async fn decline_submitted(state: &AppState, s: ViewSubmission) -> Ack {
    let Some(value) = ButtonValue::parse(&s.view.private_metadata) else {
        tracing::warn!("decline modal with unreadable metadata ignored");
        return Ack::Empty;
    };
    let form = &s.view.state;
    let declined = match read_decline(form.single(id::REASON).as_deref(), &form.text(id::NOTE)) {
        Ok(d) => d,
        Err((on_note, e)) => {
            let block = if on_note { id::NOTE } else { id::REASON };
            return Ack::Json(replies::modal_errors([(block, e.to_string().as_str())]));
        }
    };
    let st = state.clone();
    state.spawn(async move {
        let (team, user) = (s.team.id.as_str(), s.user.id.as_str());
        let click = accept::Click {
            team_id: team,
            user_id: user,
            response_url: None,
        };
        let note = declined.note.as_deref();
        if let Err(e) = accept::decline(&st, value.ask_id, click, declined.reason, note).await {
            tracing::error!(error = %e, "could not decline from the modal");
        }
        flows::home::refresh(&st, team, &[user]).await;
    });
    Ack::Empty
}

pub async fn never_match_submitted(state: &AppState, s: ViewSubmission) -> Ack {
    let (team, user) = (s.team.id.clone(), s.user.id.clone());
    let list = match exclusions::tidy(&user, &s.view.state.users(mentor::NEVER_MATCH)) {
        Ok(list) => list,
        Err(e) => {
            return Ack::Json(replies::modal_errors([(
                mentor::NEVER_MATCH,
                e.to_string().as_str(),
            )]))
        }
    };
    let now = state.clock.now();
    let saved = in_time(async {
        let mut conn = state.db.acquire().await?;
        store::exclusions::replace(&mut conn, &team, &user, &list, now).await
    })
    .await;
    if let Err(e) = saved {
        tracing::error!(error = %e, "could not save a don't-match list");
        return Ack::Json(replies::modal_errors([(
            mentor::NEVER_MATCH,
            text::TRY_AGAIN,
        )]));
    }
    let st = state.clone();
    state.spawn(async move { flows::home::refresh(&st, &team, &[&user]).await });
    Ack::Empty
}

/// "Delete my data" confirmed: the erasure is a job (durable); the modal says
/// it has started and a DM says when it is done.
pub async fn erase_confirmed(state: &AppState, s: ViewSubmission) -> Ack {
    let requested = flows::my_data::request_erasure(state, &s.team.id, &s.user.id);
    match in_time(requested).await {
        Ok(()) => Ack::Json(crate::views::my_data::erasing()),
        Err(e) => {
            tracing::error!(error = %e, "could not start an erasure");
            Ack::Json(crate::views::my_data::erase_failed())
        }
    }
}
