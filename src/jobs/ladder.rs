//! The reminder ladder of an ask nobody accepted: nudge and widen, advise the
//! mentee, expire. Every rung does nothing once the ask is matched or cancelled.

use crate::core::availability::reach_at;
use crate::core::ladder::{expires_at, Rung};
use crate::core::offer::OfferStatus;
use crate::flows::{self, update};
use crate::queue::{self, send_once, Job, JobError};
use crate::state::AppState;
use crate::store::mentors;
use crate::store::transitions::{self, CloseOutcome};
use crate::store::{asks, offers};
use crate::views::ask_card::{self, OfferEnd};
use crate::views::mentee;

pub async fn climb(state: &AppState, ask_id: i64, rung: Rung) -> Result<(), JobError> {
    let Some(ask) = asks::get_open(&state.db, ask_id).await? else {
        return Ok(());
    };
    match rung {
        Rung::NudgeAndWiden => {
            let now = state.clock.now();
            for offer in offers::pending_offers(&state.db, ask_id).await? {
                // A nudge waits for the mentor's working hours, like an offer.
                let at = match mentors::get(&state.db, &ask.team_id, &offer.mentor_id).await? {
                    Some(p) => reach_at(p.quiet_hours, &p.hours, p.tz, now),
                    None => now,
                };
                let job = Job::Nudge {
                    ask_id,
                    mentor_id: offer.mentor_id.clone(),
                };
                queue::schedule(state, &job.at(&ask.team_id, at)).await?;
            }
            let widen = state.settings.mentors_per_ask as usize;
            let more = flows::route::route_ask_with(state, ask_id, false, Some(widen)).await?;
            // The asker hears that the net widened (how many, never who).
            if more > 0 {
                let (offered, _) = offers::offered(&state.db, ask_id).await?;
                let key = format!("widened:{ask_id}:{}", offered.len());
                send_once(state, &ask.team_id, &key, &mentee::widened(&ask, more)).await?;
            }
        }
        Rung::AdviseMentee => {
            let expires = expires_at(ask.created_at, ask.needed_by, &state.settings.timings);
            let key = format!("advise:{ask_id}");
            send_once(state, &ask.team_id, &key, &mentee::advice(&ask, expires)).await?;
        }
        Rung::Expire => {
            let outcome =
                transitions::expire(&state.db, ask_id, &ask.team_id, state.clock.now()).await?;
            if let CloseOutcome::Closed { withdrawn } = outcome {
                for offer in &withdrawn {
                    update(
                        state,
                        ask_card::offer_closed(&ask, OfferEnd::Expired, offer),
                    )
                    .await;
                }
                let key = format!("expired:{ask_id}");
                send_once(state, &ask.team_id, &key, &mentee::expired(&ask)).await?;
                crate::flows::digest::refresh_for_ask(state, ask_id).await?;
            }
        }
    }
    Ok(())
}

/// One gentle reminder, in the thread of the offer DM.
pub async fn nudge(state: &AppState, ask_id: i64, mentor_id: &str) -> Result<(), JobError> {
    let Some(ask) = asks::get_open(&state.db, ask_id).await? else {
        return Ok(());
    };
    let Some((status, offer)) = offers::offer_of(&state.db, ask_id, mentor_id).await? else {
        return Ok(());
    };
    if status != OfferStatus::Pending {
        return Ok(());
    }
    if let Some(message) = ask_card::nudge(&ask, &offer) {
        send_once(
            state,
            &ask.team_id,
            &format!("nudge:{ask_id}:{mentor_id}"),
            &message,
        )
        .await?;
    }
    Ok(())
}
