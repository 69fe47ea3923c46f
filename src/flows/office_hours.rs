//! Office hours after the store's decision: announcing a session, booking a
//! slot (then the group DM), giving it back, cancelling the session, joining an
//! open Q&A's "Remind me" list — and rewriting every announcement after each
//! change. The announcement and the group DM are durable jobs run at once, as
//! the intro is.

use crate::core::office_hours::reminder_at;
use crate::flows::accept::Click;
use crate::flows::{post, reply, update};
use crate::queue::{self, send_once, Job, JobError};
use crate::state::AppState;
use crate::store::office_hours::{
    self as store, BookOutcome, CancelBookingOutcome, CancelSessionOutcome, RemindOutcome,
};
use crate::views::office_hours as view;

/// Posts the announcement to each of the session's channels (each at most
/// once) and tells the host where it went. A channel that refuses for good
/// (`not_in_channel`) is named to the host; an outage is retried.
pub async fn announce(state: &AppState, session_id: i64) -> Result<(), JobError> {
    let Some(session) = store::get(&state.db, session_id).await? else {
        return Ok(());
    };
    if session.cancelled {
        return Ok(());
    }
    let (mut posted, mut failed) = (Vec::new(), Vec::new());
    for channel in &session.channels {
        let key = format!("oh-announce:{session_id}:{channel}");
        let message = view::announcement(&session, channel);
        match send_once(state, &session.team_id, &key, &message).await {
            Ok(Some(p)) => {
                store::record_post(&state.db, session_id, &session.team_id, &p.channel, &p.ts)
                    .await?;
                posted.push(channel.clone());
            }
            // Posted by an earlier run.
            Ok(None) => posted.push(channel.clone()),
            Err(e) if e.is_transient() => return Err(e),
            Err(e) => {
                tracing::warn!(error = %e, "office hours not announced in a channel");
                failed.push(channel.clone());
            }
        }
    }
    let key = format!("oh-host:{session_id}");
    let message = view::host_confirmation(&session, &posted, &failed);
    send_once(state, &session.team_id, &key, &message).await?;
    Ok(())
}

/// Runs a just-scheduled job (announcement or group DM) now if no worker has.
pub async fn run_now(state: &AppState, job_id: i64) -> Result<(), sqlx::Error> {
    queue::run_now(state, job_id, "office-hours", |job| async move {
        match job {
            Job::AnnounceOfficeHours { session_id } => announce(state, session_id).await,
            Job::SlotBooked { booking_id } => slot_booked(state, booking_id).await,
            _ => Err(JobError::Permanent(format!(
                "job {job_id} is not an office hours job"
            ))),
        }
    })
    .await
    .map(drop)
}

/// Booker and host in a group DM, with the booker's Cancel button. Nothing if
/// the booking (or the session) was cancelled before this ran.
pub async fn slot_booked(state: &AppState, booking_id: i64) -> Result<(), JobError> {
    let Some(booking) = store::booking(&state.db, booking_id).await? else {
        return Ok(());
    };
    let Some(session) = store::get(&state.db, booking.session_id).await? else {
        return Ok(());
    };
    if booking.cancelled || session.cancelled {
        return Ok(());
    }
    let channel = state
        .slack
        .open_conversation(&[&booking.user_id, &session.host_id])
        .await?;
    let key = format!("oh-booked:{booking_id}");
    let message = view::slot_booked(&session, booking.slot, &booking.user_id, &channel);
    if let Some(posted) = send_once(state, &session.team_id, &key, &message).await? {
        store::set_booking_dm(&state.db, booking_id, &posted.channel, &posted.ts).await?;
    }
    Ok(())
}

/// "Book": the slot is taken under the session's lock (one person per slot, one
/// slot per person); the loser of a race hears that it is gone.
pub async fn book(
    state: &AppState,
    session_id: i64,
    slot: u8,
    click: Click<'_>,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let team = click.team_id;
    let jobs = |session: &crate::core::office_hours::Session, booking_id| {
        vec![
            Job::SlotBooked { booking_id }.at(team, now),
            Job::SlotReminder { booking_id }.at(team, reminder_at(session.slot_start(slot), now)),
        ]
    };
    let outcome = store::book(&state.db, session_id, team, slot, click.user_id, jobs, now).await?;
    match outcome {
        BookOutcome::Booked { job_ids, .. } => {
            if let Some(Some(job_id)) = job_ids.first() {
                run_now(state, *job_id).await?;
            }
            refresh_announcements(state, session_id).await?;
        }
        BookOutcome::Refused(refusal) => {
            reply(state, click.response_url, view::book_refused(refusal)).await
        }
        BookOutcome::NotFound => reply(state, click.response_url, view::SESSION_NOT_FOUND).await,
    }
    Ok(())
}

/// The booker gives the slot back: the group DM says so, the announcements
/// show it free, and its reminder will find it cancelled.
pub async fn cancel_booking(
    state: &AppState,
    session_id: i64,
    slot: u8,
    click: Click<'_>,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let outcome = store::cancel_booking(
        &state.db,
        session_id,
        click.team_id,
        slot,
        click.user_id,
        now,
    )
    .await?;
    match outcome {
        CancelBookingOutcome::Cancelled(booking) => {
            let Some(session) = store::get(&state.db, session_id).await? else {
                return Ok(());
            };
            match (&booking.dm_channel, &booking.dm_ts) {
                (Some(channel), Some(ts)) => {
                    let message =
                        view::slot_booking_cancelled(&session, slot, &booking.user_id, channel, ts);
                    update(state, Some(message)).await;
                }
                _ => {
                    reply(
                        state,
                        click.response_url,
                        &view::booking_cancelled(&session),
                    )
                    .await
                }
            }
            refresh_announcements(state, session_id).await?;
        }
        CancelBookingOutcome::Refused(refusal) => {
            reply(
                state,
                click.response_url,
                view::cancel_booking_refused(refusal),
            )
            .await
        }
        CancelBookingOutcome::NotFound => {
            reply(state, click.response_url, view::SESSION_NOT_FOUND).await
        }
    }
    Ok(())
}

/// The host cancels the session: everyone who booked is told, the
/// announcements say so, and every reminder will find it cancelled. Returns
/// whether it was cancelled by this click.
pub async fn cancel_session(
    state: &AppState,
    session_id: i64,
    click: Click<'_>,
) -> Result<bool, sqlx::Error> {
    let now = state.clock.now();
    let outcome =
        store::cancel_session(&state.db, session_id, click.team_id, click.user_id, now).await?;
    match outcome {
        CancelSessionOutcome::Cancelled(bookings) => {
            let Some(session) = store::get(&state.db, session_id).await? else {
                return Ok(true);
            };
            for b in &bookings {
                post(
                    state,
                    view::session_cancelled_dm(&session, b.slot, &b.user_id),
                )
                .await;
            }
            refresh_announcements(state, session_id).await?;
            let told = view::session_cancelled(&session, bookings.len());
            reply(state, click.response_url, &told).await;
            Ok(true)
        }
        CancelSessionOutcome::Refused(refusal) => {
            reply(
                state,
                click.response_url,
                view::cancel_session_refused(refusal),
            )
            .await;
            Ok(false)
        }
        CancelSessionOutcome::NotFound => {
            reply(state, click.response_url, view::SESSION_NOT_FOUND).await;
            Ok(false)
        }
    }
}

/// "Remind me" on an open Q&A: on the list once, however often clicked.
pub async fn remind_me(
    state: &AppState,
    session_id: i64,
    click: Click<'_>,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let (outcome, session) =
        store::remind_me(&state.db, session_id, click.team_id, click.user_id, now).await?;
    let text = match (outcome, session) {
        (RemindOutcome::Listed(_), Some(s)) => view::reminding_you(&s),
        (RemindOutcome::Refused(refusal), _) => view::remind_refused(refusal).to_owned(),
        _ => view::SESSION_NOT_FOUND.to_owned(),
    };
    reply(state, click.response_url, &text).await;
    Ok(())
}

/// Rewrites every announcement of the session to show it as it is now. Two
/// changes at once (bookings of different slots) may rewrite in either order,
/// so after writing it reads again and writes once more if the session moved
/// on meanwhile: whoever writes last has then written the latest state.
pub async fn refresh_announcements(state: &AppState, session_id: i64) -> Result<(), sqlx::Error> {
    let Some(mut shown) = store::get(&state.db, session_id).await? else {
        return Ok(());
    };
    for _ in 0..3 {
        for (channel, ts) in store::posts(&state.db, session_id).await? {
            update(
                state,
                Some(view::announcement_update(&shown, &channel, &ts)),
            )
            .await;
        }
        match store::get(&state.db, session_id).await? {
            Some(now) if now != shown => shown = now,
            _ => break,
        }
    }
    Ok(())
}
