//! The mentor settings modal was submitted: validate, store in one transaction,
//! close — or send the errors back to the exact blocks, storing nothing.

use super::{in_time, Ack};
use crate::core::availability::zone_or_utc;
use crate::core::mentor::{self, Field, FieldErrors, SettingsForm, ValidSettings};
use crate::core::skills::SkillSlug;
use crate::slack::payloads::{ViewState, ViewSubmission};
use crate::state::AppState;
use crate::store::{mentors, skills};
use crate::views::ids::{self, mentor as id};
use crate::views::mentor_modal::Metadata;
use crate::views::{mentor_status, replies, text};

pub async fn submitted(state: &AppState, submission: ViewSubmission) -> Ack {
    let team = submission.team.id.clone();
    let user = submission.user.id.clone();
    let now = state.clock.now();
    let metadata = serde_json::from_str::<Metadata>(&submission.view.private_metadata).ok();
    let tz = metadata
        .as_ref()
        .map(|m| zone_or_utc(&m.tz))
        .unwrap_or(chrono_tz::UTC);
    let shown_pause = metadata.and_then(|m| m.paused_until);
    let form = read_form(&submission.view.state);
    let valid = match mentor::validate(&user, &form, tz, shown_pause, now) {
        Ok(v) => v,
        Err(errors) => return errors_ack(&errors),
    };
    match in_time(save(state, &team, &user, &valid, tz)).await {
        Ok(Ok(changed)) => {
            if changed {
                let st = state.clone();
                state.spawn(async move { confirm(&st, &team, &user).await });
            }
            Ack::Empty
        }
        Ok(Err(errors)) => errors_ack(&errors),
        Err(e) => {
            tracing::error!(error = %e, "could not save mentor settings");
            // Keep the modal open with everything they typed.
            let errors = FieldErrors::from([(Field::Skills, text::TRY_AGAIN.to_owned())]);
            errors_ack(&errors)
        }
    }
}

/// Checks skills against the vocabulary and saves, all in one transaction.
async fn save(
    state: &AppState,
    team: &str,
    user: &str,
    valid: &ValidSettings,
    tz: chrono_tz::Tz,
) -> Result<Result<bool, FieldErrors>, sqlx::Error> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    // Another name of a skill (chosen in a form opened before a merge, or
    // typed: "js") means that skill.
    let chosen = skills::canonical(&mut *tx, team, &valid.chosen).await?;
    let known = skills::existing(&mut *tx, team, &chosen).await?;
    let typed_slugs: Vec<SkillSlug> = valid.typed.iter().map(|s| s.slug.clone()).collect();
    let typed_slugs = skills::canonical(&mut *tx, team, &typed_slugs).await?;
    let typed_known = skills::existing(&mut *tx, team, &typed_slugs).await?;
    // New: neither a skill nor another name of one (those resolved away).
    let typed_new: Vec<_> = valid
        .typed
        .iter()
        .filter(|s| typed_slugs.contains(&s.slug))
        .filter(|s| !typed_known.iter().any(|k| k.slug == s.slug))
        .cloned()
        .collect();
    let errors =
        mentor::check_vocabulary(&chosen, &known, &typed_new, state.settings.allow_new_skills);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    skills::add_missing(&mut *tx, team, &typed_new, Some(user), now).await?;

    let mut all: Vec<SkillSlug> = Vec::new();
    for slug in chosen.into_iter().chain(typed_slugs) {
        if !all.contains(&slug) {
            all.push(slug);
        }
    }
    let changed = mentors::save_settings(&mut tx, team, user, valid, &all, tz, now).await?;
    tx.commit().await?;
    Ok(Ok(changed))
}

async fn confirm(state: &AppState, team: &str, user: &str) {
    let profile = match mentors::get(&state.db, team, user).await {
        Ok(Some(p)) => p,
        Ok(None) => return,
        Err(e) => return tracing::warn!(error = %e, "could not reload mentor settings"),
    };
    let summary = mentor_status::summary(&profile, state.clock.now());
    let message = replies::settings_saved(user, &summary);
    if let Err(e) = state.slack.post_message(&message).await {
        tracing::warn!(error = %e, "could not confirm mentor settings");
    }
    crate::flows::home::refresh(state, team, &[user]).await;
}

/// The modal's state as plain data for the core.
fn read_form(form: &ViewState) -> SettingsForm {
    let opt_in = form.multi(id::OPT_IN);
    SettingsForm {
        opted_in: opt_in.iter().any(|v| v == id::OPT_IN_YES),
        any_time: opt_in.iter().any(|v| v == id::OPT_IN_ANY_TIME),
        ignore_status: opt_in.iter().any(|v| v == id::OPT_IN_IGNORE_STATUS),
        never_match: form.users(id::NEVER_MATCH),
        skills: form.multi(id::SKILLS),
        new_skills: form.text(id::NEW_SKILLS),
        capacity: form.text_opt(id::CAPACITY),
        pause_until: form.date(id::PAUSE_UNTIL),
        days: form.multi(id::DAYS),
        start: form.single(id::START),
        end: form.single(id::END),
        help_text: form.text(id::HELP_TEXT),
    }
}

fn errors_ack(errors: &FieldErrors) -> Ack {
    Ack::Json(replies::modal_errors(errors.iter().map(
        |(field, message)| (ids::mentor_block(*field), message.as_str()),
    )))
}
