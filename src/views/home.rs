use serde_json::{json, Value};

/// The App Home tab.
pub fn build() -> Value {
    json!({
        "type": "home",
        "blocks": [
            { "type": "header", "text": { "type": "plain_text", "text": "micromentor" } },
            { "type": "section", "text": { "type": "mrkdwn", "text":
                "Short, focused help from colleagues.\n• `/ask` — say what you need and the skills it takes.\n• `/mentor` — offer help: your skills, how often, and when you're off." } }
        ]
    })
}
