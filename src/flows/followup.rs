//! Answers to "Did your session happen?".

use crate::core::followup::{self, Happened};
use crate::core::no_shows::Side;
use crate::flows::{reply, update};
use crate::queue::Job;
use crate::state::AppState;
use crate::store::no_shows as no_shows_store;
use crate::store::offers::{self, Session};
use crate::store::{asks, jobs, outcomes, transitions};
use crate::views::followup::{self as view, RatingMetadata};
use crate::views::ids::ButtonValue;
use crate::views::no_shows as no_shows_view;
use crate::views::replies;

/// Who answered a prompt, and how to reach them. Where the prompt itself lives
/// is read from the database, never from the payload.
pub struct Prompt<'a> {
    pub team_id: &'a str,
    pub user_id: &'a str,
    pub response_url: Option<&'a str>,
    pub trigger_id: &'a str,
}

async fn may_answer(state: &AppState, ask_id: i64, user: &str) -> Result<bool, sqlx::Error> {
    Ok(asks::get(&state.db, ask_id)
        .await?
        .is_some_and(|a| followup::may_answer(&a.asker_id, user)))
}

/// Only the asker answers a follow-up, and only about a session that exists
/// (the mentor in a button is checked against the matches, so a forged one
/// goes nowhere); anyone else is told so. The session when they may.
async fn asker_only(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    p: &Prompt<'_>,
) -> Result<Option<Session>, sqlx::Error> {
    if !may_answer(state, ask_id, p.user_id).await? {
        reply(state, p.response_url, replies::ONLY_ASKER_ANSWERS).await;
        return Ok(None);
    }
    match offers::session(&state.db, ask_id, mentor).await? {
        Some(s) if !s.released => Ok(Some(s)),
        _ => {
            reply(state, p.response_url, replies::NO_SUCH_SESSION).await;
            Ok(None)
        }
    }
}

/// The prompt rewritten with the answer (no buttons, or a Re-open button),
/// where the database says the prompt is.
fn rewrite(
    session: &Session,
    text: &str,
    reopen: Option<&ButtonValue>,
) -> Option<serde_json::Value> {
    let (channel, ts) = session.followup.as_ref()?;
    Some(view::answered(channel, ts, text, reopen))
}

async fn record(
    state: &AppState,
    p: &Prompt<'_>,
    ask_id: i64,
    mentor: &str,
    happened: Happened,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    outcomes::record(
        &state.db, p.team_id, ask_id, mentor, happened, None, None, now,
    )
    .await?;
    Ok(())
}

pub async fn yes(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    p: Prompt<'_>,
) -> Result<(), sqlx::Error> {
    let Some(session) = asker_only(state, ask_id, mentor, &p).await? else {
        return Ok(());
    };
    record(state, &p, ask_id, mentor, Happened::Yes).await?;
    let metadata = RatingMetadata {
        ask_id,
        mentor: mentor.to_owned(),
    };
    if let Err(e) = state
        .slack
        .open_view(p.trigger_id, view::rating_modal(&metadata))
        .await
    {
        tracing::warn!(error = %e, "could not open the rating modal");
    }
    let text = replies::glad_it_happened(mentor);
    update(state, rewrite(&session, &text, None)).await;
    Ok(())
}

pub async fn not_yet(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    round: u8,
    p: Prompt<'_>,
) -> Result<(), sqlx::Error> {
    let Some(session) = asker_only(state, ask_id, mentor, &p).await? else {
        return Ok(());
    };
    // One answer per round, recorded with its outcome and the next round in one
    // transaction: a second click (or a retry) changes nothing more, and a
    // failure leaves nothing half-done to block the retry.
    let now = state.clock.now();
    let key = format!("not-yet:{ask_id}:{mentor}:{round}");
    let mut tx = state.db.begin().await?;
    if !jobs::effect_once(&mut *tx, p.team_id, &key, now).await? {
        return Ok(());
    }
    outcomes::record(
        &mut *tx,
        p.team_id,
        ask_id,
        mentor,
        Happened::NotYet,
        None,
        None,
        now,
    )
    .await?;
    let next = followup::next_round(round);
    if let Some(next) = next {
        let job = Job::FollowUp {
            ask_id,
            mentor_id: mentor.to_owned(),
            round: next,
        };
        let at = now + state.settings.timings.followup_after;
        jobs::schedule(&mut *tx, &job.at(p.team_id, at), now).await?;
    }
    tx.commit().await?;
    state.jobs_wakeup.notify_one();
    let text = match next {
        Some(_) => replies::FOLLOWUP_AGAIN_LATER,
        None => replies::FOLLOWUP_NO_MORE,
    };
    update(state, rewrite(&session, text, None)).await;
    Ok(())
}

pub async fn didnt_happen(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    p: Prompt<'_>,
) -> Result<(), sqlx::Error> {
    let Some(session) = asker_only(state, ask_id, mentor, &p).await? else {
        return Ok(());
    };
    record(state, &p, ask_id, mentor, Happened::No).await?;
    // Who couldn't make it (for no-shows), and the offer to look for someone else.
    let value = ButtonValue::session(ask_id, mentor);
    let rewritten = match no_shows_store::sides(&state.db, ask_id, mentor).await? {
        Some(sides) => {
            super::no_shows::mentee_after_no(&sides, &value, no_shows_view::SORRY_MENTEE)
        }
        None => rewrite(&session, replies::DIDNT_HAPPEN, Some(&value)),
    };
    update(state, rewritten).await;
    Ok(())
}

pub async fn reopen(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    p: Prompt<'_>,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    // A fresh reminder ladder from now: the old one may be spent or past expiry.
    let ladder: Vec<_> = crate::core::ladder::ladder(now, None, &state.settings.timings)
        .into_iter()
        .map(|(rung, at)| Job::Ladder { ask_id, rung }.at(p.team_id, at))
        .collect();
    if !transitions::reopen(&state.db, ask_id, p.user_id, mentor, &ladder, now).await? {
        reply(state, p.response_url, replies::CANNOT_REOPEN).await;
        return Ok(());
    }
    state.jobs_wakeup.notify_one();
    super::digest::refresh_for_ask(state, ask_id).await?;
    if let Some(session) = offers::session(&state.db, ask_id, mentor).await? {
        // Still to say who couldn't make it: the question stays under the news.
        let sides = no_shows_store::sides(&state.db, ask_id, mentor).await?;
        let rewritten = match sides {
            Some(s) if s.said_it_didnt_happen(Side::Mentee) && s.mentee_report.is_none() => {
                let value = ButtonValue::session(ask_id, mentor);
                super::no_shows::mentee_after_no(&s, &value, replies::REOPENED)
            }
            _ => rewrite(&session, replies::REOPENED, None),
        };
        update(state, rewritten).await;
    }
    super::route::route_ask(state, ask_id, true).await?;
    Ok(())
}

/// The rating modal was submitted.
pub async fn rated(
    state: &AppState,
    team_id: &str,
    user: &str,
    metadata: &str,
    rating: Option<u8>,
    note: Option<&str>,
) -> Result<(), sqlx::Error> {
    let Some(meta) = RatingMetadata::parse(metadata) else {
        tracing::warn!("rating with unreadable metadata ignored");
        return Ok(());
    };
    if !may_answer(state, meta.ask_id, user).await? {
        return Ok(());
    }
    match offers::session(&state.db, meta.ask_id, &meta.mentor).await? {
        Some(s) if !s.released => {}
        _ => return Ok(()),
    }
    outcomes::record(
        &state.db,
        team_id,
        meta.ask_id,
        &meta.mentor,
        Happened::Yes,
        rating,
        note,
        state.clock.now(),
    )
    .await?;
    if let Some(session) = offers::session(&state.db, meta.ask_id, &meta.mentor).await? {
        let text = replies::thanks_for_feedback(&meta.mentor);
        update(state, rewrite(&session, &text, None)).await;
    }
    // Revealed once the mentor has answered too (or the thanks alone in a week).
    if let Err(e) =
        super::feedback::mentee_answered(state, team_id, meta.ask_id, &meta.mentor).await
    {
        tracing::warn!(error = %e, "could not settle the session's feedback");
    }
    Ok(())
}
