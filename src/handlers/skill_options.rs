//! Options for the skills external select (`block_suggestion`).

use serde_json::{json, Value};

use super::{in_time, Ack};
use crate::slack::payloads::BlockSuggestion;
use crate::state::AppState;
use crate::store::skills;
use crate::views::blocks::option;

/// Slack shows at most 100 options.
const MAX_OPTIONS: i64 = 100;

pub async fn suggest(state: &AppState, suggestion: &BlockSuggestion) -> Ack {
    let found = in_time(skills::suggest(
        &state.db,
        &suggestion.team.id,
        &suggestion.value,
        MAX_OPTIONS,
    ))
    .await;
    let options: Vec<Value> = match found {
        Ok(list) => list
            .iter()
            .map(|s| option(&s.label, s.slug.as_str()))
            .collect(),
        Err(e) => {
            tracing::error!(error = %e, "could not search skills");
            Vec::new()
        }
    };
    Ack::Json(json!({ "options": options }))
}
