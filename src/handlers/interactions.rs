//! Interactions: buttons (`block_actions`), modal submissions and external-select
//! suggestions, dispatched by callback_id / action_id.

use super::{ask_submitted, buttons, mentor_settings, skill_options, Ack};
use crate::core::followup::{parse_rating, tidy_note};
use crate::slack::payloads::Interaction;
use crate::state::AppState;
use crate::views::ids;

pub async fn handle(state: &AppState, interaction: Interaction) -> Ack {
    if let Some(team) = interaction.team_id() {
        let ours = super::from_installed_team(state, team).await;
        if ours != Some(true) {
            return match interaction {
                // A modal shows the refusal under its first field; a click or a
                // suggestion gets nothing (there is nowhere to show it).
                Interaction::ViewSubmission(_) if ours.is_none() => Ack::Unavailable,
                _ => Ack::Empty,
            };
        }
    }
    match interaction {
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::MENTOR_MODAL => {
            mentor_settings::submitted(state, s).await
        }
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::ASK_MODAL => {
            ask_submitted::submitted(state, s).await
        }
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::RATE_MODAL => rated(state, s),
        Interaction::BlockSuggestion(s)
            if s.action_id == ids::mentor::SKILLS || s.action_id == ids::ask::SKILLS =>
        {
            skill_options::suggest(state, &s).await
        }
        Interaction::BlockSuggestion(s) => {
            tracing::debug!(action_id = %s.action_id, "no options for this select");
            Ack::Json(serde_json::json!({ "options": [] }))
        }
        Interaction::ViewSubmission(s) => {
            tracing::debug!(callback_id = %s.view.callback_id, "ignored submission");
            Ack::Empty
        }
        Interaction::BlockActions(actions) => buttons::clicked(state, actions),
        Interaction::ViewClosed => Ack::Empty,
        Interaction::Other(kind) => {
            tracing::debug!(%kind, "ignored interaction type");
            Ack::Empty
        }
    }
}

/// The session rating: stored after the ack; the modal closes at once.
fn rated(state: &AppState, s: crate::slack::payloads::ViewSubmission) -> Ack {
    let form = &s.view.state;
    let rating = parse_rating(form.single(ids::rate::RATING).as_deref());
    let note = tidy_note(&form.text(ids::rate::NOTE));
    let st = state.clone();
    state.spawn(async move {
        let done = crate::flows::followup::rated(
            &st,
            &s.team.id,
            &s.user.id,
            &s.view.private_metadata,
            rating,
            note.as_deref(),
        )
        .await;
        if let Err(e) = done {
            tracing::error!(error = %e, "could not store a rating");
        }
    });
    Ack::Empty
}
