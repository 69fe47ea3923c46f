//! The mentor settings modal was submitted: validate, store in one transaction,
//! close — or send the errors back to the exact blocks, storing nothing.

use serde_json::{json, Map, Value};

use super::{in_time, Ack};
use crate::app::AppState;
use crate::core::mentor::{self, Field, FieldErrors, SettingsForm, ValidSettings};
use crate::core::skills::SkillSlug;
use crate::slack::payloads::{ViewState, ViewSubmission};
use crate::store::{mentors, skills};
use crate::views::ids::{self, mentor as id};
use crate::views::mentor_modal::Metadata;
use crate::views::{mentor_status, text};

pub async fn submitted(state: &AppState, submission: ViewSubmission) -> Ack {
    let team = submission.team.id.clone();
    let user = submission.user.id.clone();
    let now = state.clock.now();
    let tz = serde_json::from_str::<Metadata>(&submission.view.private_metadata)
        .map(|m| mentors::parse_tz(&m.tz))
        .unwrap_or(chrono_tz::UTC);
    let form = read_form(&submission.view.state);
    let valid = match mentor::validate(&form, tz, now) {
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
    let mut errors = FieldErrors::new();

    let known = skills::existing(&mut *tx, team, &valid.chosen).await?;
    let missing: Vec<&str> = valid
        .chosen
        .iter()
        .filter(|s| !known.iter().any(|k| &k.slug == *s))
        .map(SkillSlug::as_str)
        .collect();
    if !missing.is_empty() {
        errors.insert(
            Field::Skills,
            format!("No longer in the skill list: {}.", missing.join(", ")),
        );
    }

    let typed_slugs: Vec<SkillSlug> = valid.typed.iter().map(|s| s.slug.clone()).collect();
    let typed_known = skills::existing(&mut *tx, team, &typed_slugs).await?;
    let typed_new: Vec<_> = valid
        .typed
        .iter()
        .filter(|s| !typed_known.iter().any(|k| k.slug == s.slug))
        .cloned()
        .collect();
    if !typed_new.is_empty() && !state.settings.allow_new_skills {
        let names: Vec<&str> = typed_new.iter().map(|s| s.label.as_str()).collect();
        errors.insert(
            Field::NewSkills,
            format!(
                "Not in the skill list yet: {}. Ask an admin to add them.",
                names.join(", ")
            ),
        );
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    skills::add_missing(&mut *tx, team, &typed_new, Some(user), now).await?;

    let all: Vec<SkillSlug> = valid.chosen.iter().cloned().chain(typed_slugs).collect();
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
    let message = json!({
        "channel": user,
        "text": summary,
        "blocks": [crate::views::blocks::section(&format!("Saved. {summary}"))],
    });
    if let Err(e) = state.slack.post_message(&message).await {
        tracing::warn!(error = %e, "could not confirm mentor settings");
    }
}

/// The modal's state as plain data for the core.
fn read_form(state: &ViewState) -> SettingsForm {
    let value = |block| state.get(block, block);
    let text = |block| {
        value(block)
            .and_then(|v| v.value.clone())
            .unwrap_or_default()
    };
    let selected = |block| -> Vec<String> {
        value(block)
            .and_then(|v| v.selected_options.as_ref())
            .map(|opts| opts.iter().map(|o| o.value.clone()).collect())
            .unwrap_or_default()
    };
    let single = |block| {
        value(block)
            .and_then(|v| v.selected_option.as_ref())
            .map(|o| o.value.clone())
    };
    SettingsForm {
        opted_in: selected(id::OPT_IN).iter().any(|v| v == "yes"),
        any_time: selected(id::OPT_IN).iter().any(|v| v == "any_time"),
        skills: selected(id::SKILLS),
        new_skills: text(id::NEW_SKILLS),
        capacity: value(id::CAPACITY).and_then(|v| v.value.clone()),
        pause_until: value(id::PAUSE_UNTIL).and_then(|v| v.selected_date.clone()),
        days: selected(id::DAYS),
        start: single(id::START),
        end: single(id::END),
        help_text: text(id::HELP_TEXT),
    }
}

fn errors_ack(errors: &FieldErrors) -> Ack {
    let map: Map<String, Value> = errors
        .iter()
        .map(|(field, message)| {
            (
                ids::mentor_block(*field).to_owned(),
                Value::from(message.as_str()),
            )
        })
        .collect();
    Ack::Json(json!({ "response_action": "errors", "errors": map }))
}
