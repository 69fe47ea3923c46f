//! Small Block Kit constructors shared by the views.

use serde_json::{json, Value};

use crate::core::text::truncate;

pub fn plain(text: &str) -> Value {
    json!({ "type": "plain_text", "text": text, "emoji": true })
}

pub fn mrkdwn(text: &str) -> Value {
    json!({ "type": "mrkdwn", "text": text })
}

/// A select/checkbox option; text is cut to Slack's 75 characters.
pub fn option(text: &str, value: &str) -> Value {
    json!({ "text": plain(&truncate(text, 75)), "value": value })
}

pub fn section(text: &str) -> Value {
    json!({ "type": "section", "text": mrkdwn(&truncate(text, 3000)) })
}

/// A one-section message to a person's DM (`channel` is their user id).
pub fn dm(channel: &str, text: &str) -> Value {
    json!({ "channel": channel, "text": text, "blocks": [section(text)] })
}

/// A moment in every reader's own zone and format (Slack renders `<!date>`),
/// in UTC where it cannot.
pub fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "<!date^{}^{{date_short_pretty}} at {{time}}|{} UTC>",
        at.timestamp(),
        at.format("%a %-d %b %H:%M")
    )
}

/// A person in mrkdwn: a mention, or "a former participant" for someone who
/// erased their data (`core::my_data`), whose id is a pseudonym.
pub fn person(id: &str) -> String {
    if crate::core::my_data::is_former(id) {
        crate::core::my_data::FORMER_PARTICIPANT.to_owned()
    } else {
        format!("<@{id}>")
    }
}

pub fn context(text: &str) -> Value {
    json!({ "type": "context", "elements": [mrkdwn(&truncate(text, 2000))] })
}

pub fn input(
    block_id: &str,
    label: &str,
    element: Value,
    optional: bool,
    hint: Option<&str>,
) -> Value {
    let mut block = json!({
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
        "optional": optional,
    });
    if let Some(hint) = hint {
        block["hint"] = plain(hint);
    }
    block
}
