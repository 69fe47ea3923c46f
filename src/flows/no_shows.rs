//! No-shows (`core::no_shows`): the mentor's answers to their own follow-up,
//! both sides' "Who couldn't make it?", telling someone privately that they are
//! paused, and lifting a pause in one click.
//!
//! Prompts are rewritten where the database says they are, never where a payload
//! says; who may answer is decided by `core::no_shows`, per side.

use crate::core::no_shows::{self, Side, WhoMissed};
use crate::flows::followup::Prompt;
use crate::flows::{reply, update};
use crate::queue::{self, send_once, Job, JobError};
use crate::state::AppState;
use crate::store::no_shows::{self as store, Pause, Reported, Sides};
use crate::views::ids::ButtonValue;
use crate::views::no_shows::{self as view, AfterNo};
use crate::views::replies;

/// The session for an answer on `side`'s prompt, when it exists and `p.user_id`
/// may give it; anyone else is told why not.
async fn answerable(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    side: Side,
    p: &Prompt<'_>,
) -> Result<Option<Sides>, sqlx::Error> {
    let Some(sides) = store::sides(&state.db, ask_id, mentor).await? else {
        reply(state, p.response_url, replies::NO_SUCH_SESSION).await;
        return Ok(None);
    };
    if !no_shows::may_answer(side, &sides.asker_id, mentor, p.user_id) {
        let why = match side {
            Side::Mentee => replies::ONLY_ASKER_ANSWERS,
            Side::Mentor => view::ONLY_THE_MENTOR_ANSWERS,
        };
        reply(state, p.response_url, why).await;
        return Ok(None);
    }
    Ok(Some(sides))
}

/// The mentor says the session happened.
pub async fn mentor_yes(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    p: Prompt<'_>,
) -> Result<(), sqlx::Error> {
    let Some(sides) = answerable(state, ask_id, mentor, Side::Mentor, &p).await? else {
        return Ok(());
    };
    if !store::set_mentor_happened(&state.db, ask_id, mentor, true).await? {
        reply(state, p.response_url, view::ALREADY_TOLD).await;
        return Ok(());
    }
    // Their side of the feedback: how clear the ask was, and a note.
    let metadata = crate::views::followup::RatingMetadata {
        ask_id,
        mentor: mentor.to_owned(),
    };
    let modal = crate::views::feedback::mentor_modal(&metadata);
    if let Err(e) = state.slack.open_view(p.trigger_id, modal).await {
        tracing::warn!(error = %e, "could not open the mentor's feedback modal");
    }
    let text = view::glad_it_happened(&sides.asker_id);
    let rewritten = sides
        .mentor_prompt
        .as_ref()
        .map(|(channel, ts)| view::answered(channel, ts, &text));
    update(state, rewritten).await;
    Ok(())
}

/// The mentor says it didn't happen: asked who couldn't make it.
pub async fn mentor_no(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    p: Prompt<'_>,
) -> Result<(), sqlx::Error> {
    let Some(sides) = answerable(state, ask_id, mentor, Side::Mentor, &p).await? else {
        return Ok(());
    };
    if !store::set_mentor_happened(&state.db, ask_id, mentor, false).await? {
        reply(state, p.response_url, view::ALREADY_TOLD).await;
        return Ok(());
    }
    let session = ButtonValue::session(ask_id, mentor);
    let after = AfterNo {
        side: Side::Mentor,
        session: &session,
        lead: view::SORRY_MENTOR,
        ask_who: sides.mentor_report.is_none(),
        reopen: false,
    };
    let rewritten = sides
        .mentor_prompt
        .as_ref()
        .map(|(channel, ts)| view::after_no(channel, ts, &after));
    update(state, rewritten).await;
    Ok(())
}

/// The mentee's prompt after "It didn't happen": who couldn't make it (until
/// they said), and "Find me another mentor" while the session is theirs to release.
pub fn mentee_after_no(
    sides: &Sides,
    session: &ButtonValue,
    lead: &str,
) -> Option<serde_json::Value> {
    let (channel, ts) = sides.mentee_prompt.as_ref()?;
    Some(view::after_no(
        channel,
        ts,
        &AfterNo {
            side: Side::Mentee,
            session,
            lead,
            ask_who: sides.mentee_report.is_none(),
            reopen: !sides.released && !sides.done,
        },
    ))
}

/// An answer to "Who couldn't make it?" on `side`'s prompt: recorded once per
/// side and session; if it names the other person and they have just crossed
/// the threshold, they are paused and told (a durable job, run at once).
pub async fn who_missed(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    side: Side,
    who: WhoMissed,
    p: Prompt<'_>,
) -> Result<(), sqlx::Error> {
    let Some(sides) = answerable(state, ask_id, mentor, side, &p).await? else {
        return Ok(());
    };
    // The question follows "It didn't happen" only; a click without it is not one.
    if !sides.said_it_didnt_happen(side) {
        tracing::debug!("who-missed answer before 'it didn't happen' ignored");
        return Ok(());
    }
    let now = state.clock.now();
    let team = sides.team_id.as_str();
    let announce = |pause_id| Job::NoShowPaused { pause_id }.at(team, now);
    let absent = who.absent(side);
    match store::report(&state.db, team, ask_id, mentor, side, absent, now, announce).await? {
        Reported::Already => {
            reply(state, p.response_url, view::ALREADY_TOLD).await;
            return Ok(());
        }
        Reported::Noted => {}
        Reported::Paused { job_id, .. } => {
            state.jobs_wakeup.notify_one();
            if let Some(job_id) = job_id {
                announce_now(state, job_id).await?;
            }
        }
    }
    let rewritten = match side {
        Side::Mentee => {
            let session = ButtonValue::session(ask_id, mentor);
            let sides = Sides {
                mentee_report: Some(absent),
                ..sides
            };
            mentee_after_no(&sides, &session, view::THANKS_FOR_TELLING)
        }
        Side::Mentor => sides
            .mentor_prompt
            .as_ref()
            .map(|(channel, ts)| view::answered(channel, ts, view::THANKS_FOR_TELLING)),
    };
    update(state, rewritten).await;
    Ok(())
}

/// The job: tells someone, privately and once, that no-shows paused them, with
/// the button that lifts it. Nothing if they lifted it already.
pub async fn announce(state: &AppState, pause_id: i64) -> Result<(), JobError> {
    let Some(pause) = store::pause(&state.db, pause_id).await? else {
        return Ok(());
    };
    if pause.lifted {
        return Ok(());
    }
    let value = ButtonValue::session(pause.ask_id, &pause.user_id);
    let message = view::paused(pause.side, &pause.user_id, pause.paused_until, &value);
    let key = format!("no-show-paused:{pause_id}");
    if let Some(posted) = send_once(state, &pause.team_id, &key, &message).await? {
        store::set_pause_dm(&state.db, pause_id, &posted.channel, &posted.ts).await?;
    }
    Ok(())
}

/// Runs a just-scheduled [`announce`] job now if no worker has taken it.
async fn announce_now(state: &AppState, job_id: i64) -> Result<(), sqlx::Error> {
    queue::run_now(state, job_id, "no-shows", |job| async move {
        match job {
            Job::NoShowPaused { pause_id } => announce(state, pause_id).await,
            _ => Err(JobError::Permanent(format!(
                "job {job_id} is not a pause note"
            ))),
        }
    })
    .await
    .map(drop)
}

/// "Resume" / "I'm ready to ask again": only `person` (the one paused, named by
/// the button) lifts their pause; their note is rewritten and they are told.
pub async fn lift(
    state: &AppState,
    side: Side,
    person: &str,
    p: Prompt<'_>,
) -> Result<(), sqlx::Error> {
    if !no_shows::may_lift(person, p.user_id) {
        reply(state, p.response_url, view::NOT_YOUR_BUTTON).await;
        return Ok(());
    }
    let lifted = store::lift(&state.db, p.team_id, person, side, state.clock.now()).await?;
    reply(state, p.response_url, view::back(side)).await;
    for pause in lifted {
        let rewritten = pause
            .dm
            .as_ref()
            .map(|(channel, ts)| view::lifted(channel, ts, side));
        update(state, rewritten).await;
    }
    Ok(())
}

/// The pause that keeps `user` from asking now, if one holds.
pub async fn asking_paused(
    state: &AppState,
    team_id: &str,
    user_id: &str,
) -> Result<Option<Pause>, sqlx::Error> {
    let pause = store::latest_unlifted(&state.db, team_id, user_id, Side::Mentee).await?;
    let now = state.clock.now();
    Ok(pause.filter(|p| no_shows::holds(p.paused_until, p.lifted, now)))
}
