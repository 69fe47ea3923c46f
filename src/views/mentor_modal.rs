use serde_json::{json, Value};

use super::ids;

/// The mentor settings modal.
pub fn build() -> Value {
    json!({
        "type": "modal",
        "callback_id": ids::MENTOR_MODAL,
        "title": { "type": "plain_text", "text": "Mentor settings" },
        "submit": { "type": "plain_text", "text": "Save" },
        "close": { "type": "plain_text", "text": "Cancel" },
        "blocks": [
            { "type": "section", "text": { "type": "mrkdwn", "text": "Choose what you help with, how often, and when you're off." } }
        ]
    })
}
