//! Interactions: buttons (`block_actions`), modal submissions and external-select
//! suggestions, dispatched by callback_id / action_id.

use super::{ask_submitted, buttons, mentor_settings, skill_options, Ack};
use crate::app::AppState;
use crate::slack::payloads::Interaction;
use crate::views::ids;

pub async fn handle(state: &AppState, interaction: Interaction) -> Ack {
    match interaction {
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::MENTOR_MODAL => {
            mentor_settings::submitted(state, s).await
        }
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::ASK_MODAL => {
            ask_submitted::submitted(state, s).await
        }
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
