//! `/mentor` and its text forms: on, off, pause, resume, status, help.

use std::time::Duration;

use super::commands::{open_modal, tell};
use super::{in_time, Ack};
use crate::core::availability::zone_or_utc;
use crate::core::mentor::{may_opt_in, parse_pause, MentorCommand, MentorProfile};
use crate::slack::payloads::SlashCommand;
use crate::state::AppState;
use crate::store::{exclusions, mentors};
use crate::views::{self, mentor_modal, mentor_status, replies};

pub async fn handle(state: &AppState, command: SlashCommand) -> Ack {
    let (team, user) = (command.team_id.clone(), command.user_id.clone());
    let now = state.clock.now();
    match MentorCommand::parse(&command.text) {
        MentorCommand::OpenSettings => {
            let st = state.clone();
            if state.try_spawn(async move { open_settings(&st, command).await }) {
                Ack::Empty
            } else {
                Ack::ephemeral(replies::BUSY)
            }
        }
        MentorCommand::Help => Ack::ephemeral(views::text::MENTOR_HELP),
        MentorCommand::OfficeHours => super::office_hours::open(state, command),
        MentorCommand::Unknown(text) => Ack::ephemeral(views::text::unknown_mentor_command(&text)),
        MentorCommand::Status => match in_time(mentors::get(&state.db, &team, &user)).await {
            Ok(Some(p)) => Ack::ephemeral(mentor_status::summary(&p, now)),
            Ok(None) => Ack::ephemeral(views::text::NOT_A_MENTOR),
            Err(e) => failed(e),
        },
        MentorCommand::On => {
            let profile = match in_time(mentors::get(&state.db, &team, &user)).await {
                Ok(p) => p,
                Err(e) => return failed(e),
            };
            match profile {
                Some(p) if may_opt_in(Some(&p)) => {
                    match in_time(mentors::set_opted_in(&state.db, &team, &user, true, now)).await {
                        Ok(_) => Ack::ephemeral(mentor_status::summary(
                            &MentorProfile {
                                opted_in: true,
                                ..p
                            },
                            now,
                        )),
                        Err(e) => failed(e),
                    }
                }
                _ => Ack::ephemeral(views::text::NEEDS_SKILLS),
            }
        }
        MentorCommand::Off => {
            match in_time(mentors::set_opted_in(&state.db, &team, &user, false, now)).await {
                Ok(Some(())) => Ack::ephemeral(replies::OPTED_OUT),
                Ok(None) => Ack::ephemeral(views::text::NOT_A_MENTOR),
                Err(e) => failed(e),
            }
        }
        MentorCommand::Resume => {
            match in_time(mentors::set_pause(&state.db, &team, &user, None, now)).await {
                Ok(Some(())) => Ack::ephemeral(replies::RESUMED),
                Ok(None) => Ack::ephemeral(views::text::NOT_A_MENTOR),
                Err(e) => failed(e),
            }
        }
        MentorCommand::Pause(arg) => {
            let profile = match in_time(mentors::get(&state.db, &team, &user)).await {
                Ok(Some(p)) => p,
                Ok(None) => return Ack::ephemeral(views::text::NOT_A_MENTOR),
                Err(e) => return failed(e),
            };
            let until = match parse_pause(&arg, now, profile.tz) {
                Ok(u) => u,
                Err(e) => return Ack::ephemeral(e.to_string()),
            };
            match in_time(mentors::set_pause(
                &state.db,
                &team,
                &user,
                Some(until),
                now,
            ))
            .await
            {
                Ok(_) => Ack::ephemeral(replies::paused_until(
                    &until
                        .with_timezone(&profile.tz)
                        .format("%a %-d %b %Y %H:%M")
                        .to_string(),
                    profile.tz.name(),
                )),
                Err(e) => failed(e),
            }
        }
    }
}

fn failed(e: super::PathError) -> Ack {
    tracing::error!(error = %e, "/mentor could not reach the database");
    Ack::ephemeral(views::text::TRY_AGAIN)
}

/// Loads the profile and the person's zone side by side, then opens the modal,
/// all inside the trigger_id's 3 s.
async fn open_settings(state: &AppState, command: SlashCommand) {
    match settings_view(state, &command.team_id, &command.user_id).await {
        Ok(view) => open_modal(state, &command, view).await,
        Err(e) => {
            tracing::error!(error = %e, "could not load mentor settings");
            tell(state, &command, views::text::TRY_AGAIN).await
        }
    }
}

/// The settings modal for this person, their zone read from Slack (the truth
/// about where someone is now) side by side with their stored settings.
pub(crate) async fn settings_view(
    state: &AppState,
    team: &str,
    user: &str,
) -> Result<serde_json::Value, super::PathError> {
    let zone = async {
        match tokio::time::timeout(Duration::from_millis(1200), state.slack.user_info(user)).await {
            Ok(Ok(info)) => info.tz.map(|tz| zone_or_utc(&tz)),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "users.info failed; using the stored zone");
                None
            }
            Err(_) => None,
        }
    };
    let stored = in_time(async {
        let profile = mentors::get(&state.db, team, user).await?;
        let never_match = exclusions::list(&state.db, team, user).await?;
        Ok((profile, never_match))
    });
    let (stored, zone) = tokio::join!(stored, zone);
    let (stored, never_match) = stored?;
    let mut profile = stored.unwrap_or_else(|| {
        MentorProfile::new(chrono_tz::UTC, state.settings.default_working_hours)
    });
    if let Some(tz) = zone {
        profile.tz = tz;
    }
    Ok(mentor_modal::build(
        &profile,
        &never_match,
        state.settings.allow_new_skills,
        state.clock.now(),
    ))
}
