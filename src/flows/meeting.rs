//! Meeting without back-and-forth: the times the intro proposes (both people's
//! zones and working hours, `core::meeting`), "This slot works", and the
//! reminder 15 minutes before the picked time.

use chrono::DateTime;

use crate::core::ask::Ask;
use crate::core::availability::zone_or_utc;
use crate::core::meeting::{self, Person, Proposal};
use crate::flows::{post, reply};
use crate::queue::{self, send_once, Job, JobError};
use crate::state::AppState;
use crate::store::{asks, mentors, offers};
use crate::views::ids::MeetingValue;
use crate::views::meeting as view;

/// Someone's zone (Slack's profile first, then their mentor settings, then
/// UTC) and hours (their mentor settings, else the workspace default).
async fn person(state: &AppState, team: &str, user: &str) -> Result<Person, sqlx::Error> {
    let profile = mentors::get(&state.db, team, user).await?;
    let slack_zone = match state.slack.user_info(user).await {
        Ok(info) => info.tz.map(|tz| zone_or_utc(&tz)),
        Err(e) => {
            tracing::warn!(error = %e, "users.info failed; proposing times in the stored zone");
            None
        }
    };
    Ok(Person {
        tz: slack_zone
            .or(profile.as_ref().map(|p| p.tz))
            .unwrap_or(chrono_tz::UTC),
        hours: profile
            .map(|p| p.hours)
            .unwrap_or(state.settings.default_working_hours),
    })
}

/// The times the intro of this session proposes.
pub async fn proposal(state: &AppState, ask: &Ask, mentor: &str) -> Result<Proposal, sqlx::Error> {
    let mentee = person(state, &ask.team_id, &ask.asker_id).await?;
    let mentor = person(state, &ask.team_id, mentor).await?;
    Ok(meeting::propose(
        &mentee,
        &mentor,
        ask.time_box,
        state.clock.now(),
    ))
}

/// "This slot works": only the pair, only a current session, only a time still
/// ahead; the pick is posted in the group DM and its reminder scheduled.
pub async fn pick(
    state: &AppState,
    team: &str,
    user: &str,
    response_url: Option<&str>,
    value: &MeetingValue,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let Some(ask) = asks::get(&state.db, value.ask_id).await? else {
        return Ok(());
    };
    if ask.team_id != team || !meeting::may_pick(&ask.asker_id, &value.mentor, user) {
        reply(state, response_url, view::ONLY_THE_PAIR_PICKS).await;
        return Ok(());
    }
    let Some(at) = DateTime::from_timestamp(value.at, 0) else {
        return Ok(());
    };
    if !meeting::still_ahead(at, now) {
        reply(state, response_url, view::TIME_PASSED).await;
        return Ok(());
    }
    let Some(session) = offers::session(&state.db, ask.id, &value.mentor).await? else {
        reply(state, response_url, view::NO_SESSION).await;
        return Ok(());
    };
    let job = Job::MeetingReminder {
        ask_id: ask.id,
        mentor_id: value.mentor.clone(),
        at: value.at,
    };
    match offers::pick_meeting(&state.db, ask.id, &value.mentor, at).await? {
        None => {
            reply(state, response_url, view::NO_SESSION).await;
            return Ok(());
        }
        Some(Some(before)) if before == at => {
            reply(state, response_url, view::ALREADY_PICKED).await;
            return Ok(());
        }
        Some(_) => {}
    }
    queue::schedule(state, &job.at(team, meeting::reminder_at(at, now))).await?;
    if let Some(channel) = session.intro.channel_id.as_deref() {
        post(state, view::picked(channel, &ask, user, at)).await;
    }
    Ok(())
}

/// The reminder, if `at` is still the session's picked time.
pub async fn remind(state: &AppState, ask_id: i64, mentor: &str, at: i64) -> Result<(), JobError> {
    let Some(ask) = asks::get(&state.db, ask_id).await? else {
        return Ok(());
    };
    let picked = offers::meeting_at(&state.db, ask_id, mentor).await?;
    let Some(picked) = picked.filter(|p| p.timestamp() == at) else {
        return Ok(()); // re-picked, done or handed on since
    };
    let Some(channel) = offers::session(&state.db, ask_id, mentor)
        .await?
        .and_then(|s| s.intro.channel_id)
    else {
        return Ok(());
    };
    let key = format!("meeting-reminder:{ask_id}:{mentor}:{at}");
    send_once(
        state,
        &ask.team_id,
        &key,
        &view::reminder(&channel, &ask, picked),
    )
    .await?;
    Ok(())
}
