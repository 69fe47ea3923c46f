//! Office hours reminders, 15 minutes before: a booked slot's to its booker and
//! host, an open Q&A's to its host and "Remind me" list. Whether anyone is still
//! to be reminded is decided when the job runs (`core::office_hours`), so a
//! cancelled booking or session sends nothing; each DM is sent at most once.

use crate::core::office_hours::{booking_reminder, qa_reminder};
use crate::queue::{send_once, JobError};
use crate::state::AppState;
use crate::store::office_hours as store;
use crate::views::office_hours as view;

pub async fn slot(state: &AppState, booking_id: i64) -> Result<(), JobError> {
    let Some(booking) = store::booking(&state.db, booking_id).await? else {
        return Ok(());
    };
    let Some(session) = store::get(&state.db, booking.session_id).await? else {
        return Ok(());
    };
    let Some((live, host)) = booking_reminder(&session, booking_id) else {
        return Ok(());
    };
    for to in [live.user_id.as_str(), host] {
        let key = format!("oh-slot-remind:{booking_id}:{to}");
        let message = view::slot_reminder(&session, live.slot, &live.user_id, to);
        send_once(state, &session.team_id, &key, &message).await?;
    }
    Ok(())
}

pub async fn open_qa(state: &AppState, session_id: i64) -> Result<(), JobError> {
    let Some(session) = store::get(&state.db, session_id).await? else {
        return Ok(());
    };
    let listed = store::listed(&state.db, session_id).await?;
    for to in qa_reminder(&session, &listed) {
        let key = format!("oh-qa-remind:{session_id}:{to}");
        send_once(
            state,
            &session.team_id,
            &key,
            &view::qa_reminder(&session, &to),
        )
        .await?;
    }
    Ok(())
}
