//! Interactions: buttons (`block_actions`), modal submissions and external-select
//! suggestions.

use super::Ack;
use crate::app::AppState;
use crate::slack::payloads::Interaction;

pub async fn handle(_state: &AppState, interaction: Interaction) -> Ack {
    match interaction {
        Interaction::BlockSuggestion(_) => Ack::Json(serde_json::json!({ "options": [] })),
        Interaction::Other(kind) => {
            tracing::debug!(%kind, "ignored interaction type");
            Ack::Empty
        }
        _ => Ack::Empty,
    }
}
