//! `/mentor office-hours`: the modal (in the host's zone), its submission
//! (validated, stored with its jobs, announced after the ack) and the office
//! hours buttons: Book, Cancel my booking, Remind me, Cancel session.

use std::time::Duration;

use super::commands::{open_modal, tell};
use super::{in_time, Ack};
use crate::core::availability::zone_or_utc;
use crate::core::office_hours::{
    self, reminder_at, Kind, OfficeHoursErrors, OfficeHoursField, OfficeHoursForm,
};
use crate::flows::accept::Click;
use crate::flows::office_hours as flow;
use crate::queue::Job;
use crate::slack::payloads::{Action, BlockActions, SlashCommand, ViewState, ViewSubmission};
use crate::state::AppState;
use crate::store::{mentors, office_hours as store};
use crate::views::ids::{self, action, base_action, office_hours as id, SlotValue};
use crate::views::{self, office_hours as view, replies};

/// `/mentor office-hours`: opens the modal after the ack.
pub fn open(state: &AppState, command: SlashCommand) -> Ack {
    let st = state.clone();
    if state.try_spawn(async move { open_modal_in_zone(&st, command).await }) {
        Ack::Empty
    } else {
        Ack::ephemeral(replies::BUSY)
    }
}

/// The host's zone: Slack's profile (where they are now), else their mentor
/// profile, else UTC — looked up side by side inside the trigger_id's 3 s.
async fn open_modal_in_zone(state: &AppState, command: SlashCommand) {
    let (team, user) = (&command.team_id, &command.user_id);
    let slack_zone = async {
        match tokio::time::timeout(Duration::from_millis(1200), state.slack.user_info(user)).await {
            Ok(Ok(info)) => info.tz.map(|tz| zone_or_utc(&tz)),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "users.info failed; using the stored zone");
                None
            }
            Err(_) => None,
        }
    };
    let (stored, slack_zone) =
        tokio::join!(in_time(mentors::get(&state.db, team, user)), slack_zone);
    let stored_zone = match stored {
        Ok(p) => p.map(|p| p.tz),
        Err(e) => {
            tracing::error!(error = %e, "could not load the mentor's zone");
            return tell(state, &command, views::text::TRY_AGAIN).await;
        }
    };
    let tz = slack_zone.or(stored_zone).unwrap_or(chrono_tz::UTC);
    let today = state.clock.now().with_timezone(&tz).date_naive();
    let modal = view::modal(tz, &default_channels(state), today);
    open_modal(state, &command, modal).await;
}

/// Where office hours are announced when the host chooses no channel: the
/// `DIGEST_CHANNEL` channels (not the per-skill ones).
fn default_channels(state: &AppState) -> Vec<String> {
    state
        .settings
        .digests
        .channels
        .iter()
        .filter(|(_, skill)| skill.is_none())
        .map(|(channel, _)| channel.clone())
        .collect()
}

pub async fn submitted(state: &AppState, submission: ViewSubmission) -> Ack {
    let (team, user) = (submission.team.id.clone(), submission.user.id.clone());
    let now = state.clock.now();
    // The zone the modal showed; Slack echoes it back untouched.
    let tz = zone_or_utc(&submission.view.private_metadata);
    let form = read_form(&submission.view.state);
    let new = match office_hours::validate(&form, tz, &default_channels(state), now) {
        Ok(new) => new,
        Err(errors) => return errors_ack(&errors),
    };
    let jobs = |session_id| {
        let mut jobs = vec![Job::AnnounceOfficeHours { session_id }.at(&team, now)];
        if new.kind == Kind::OpenQa {
            let at = reminder_at(new.starts_at, now);
            jobs.push(Job::OpenQaReminder { session_id }.at(&team, at));
        }
        jobs
    };
    match in_time(store::create(&state.db, &team, &user, &new, jobs, now)).await {
        Ok(Some((_, job_ids))) => {
            if let Some(Some(announce)) = job_ids.first().copied() {
                let st = state.clone();
                state.spawn(async move {
                    if let Err(e) = flow::run_now(&st, announce).await {
                        tracing::warn!(error = %e, "the job worker will announce the office hours");
                    }
                });
            }
            Ack::Empty
        }
        Ok(None) => errors_ack(&OfficeHoursErrors::from([(
            OfficeHoursField::Skills,
            replies::SKILL_GONE.to_owned(),
        )])),
        Err(e) => {
            tracing::error!(error = %e, "could not store office hours");
            errors_ack(&OfficeHoursErrors::from([(
                OfficeHoursField::Topic,
                views::text::TRY_AGAIN.to_owned(),
            )]))
        }
    }
}

fn read_form(form: &ViewState) -> OfficeHoursForm {
    OfficeHoursForm {
        topic: form.text(id::TOPIC),
        skills: form.multi(id::SKILLS),
        date: form.date(id::DATE),
        time: form.time(id::TIME),
        slot_minutes: form.single(id::SLOT_LENGTH),
        slots: form.single(id::SLOTS),
        kind: form.single(id::KIND),
        channels: form.conversations(id::CHANNELS),
    }
}

fn errors_ack(errors: &OfficeHoursErrors) -> Ack {
    Ack::Json(replies::modal_errors(errors.iter().map(
        |(field, message)| (ids::office_hours_block(*field), message.as_str()),
    )))
}

/// An office hours button (its value is a [`SlotValue`]).
pub async fn clicked(
    state: &AppState,
    payload: &BlockActions,
    act: &Action,
) -> Result<(), sqlx::Error> {
    let Some(value) = act.value.as_deref().and_then(SlotValue::parse) else {
        tracing::debug!(action = %act.action_id, "office hours button without a readable value");
        return Ok(());
    };
    let click = || Click {
        team_id: &payload.team.id,
        user_id: &payload.user.id,
        response_url: payload.response_url.as_deref(),
    };
    let session = value.session_id;
    match (base_action(&act.action_id), value.slot) {
        (action::BOOK_SLOT, Some(slot)) => flow::book(state, session, slot, click()).await,
        (action::CANCEL_BOOKING, Some(slot)) => {
            flow::cancel_booking(state, session, slot, click()).await
        }
        (action::REMIND_ME, _) => flow::remind_me(state, session, click()).await,
        // Home is republished for the clicker after every click (`buttons::clicked`).
        (action::CANCEL_SESSION, _) => flow::cancel_session(state, session, click())
            .await
            .map(drop),
        (other, _) => {
            tracing::debug!(action = other, "ignored office hours button");
            Ok(())
        }
    }
}
