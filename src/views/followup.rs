//! The follow-up after a match, and the rating modal.

use serde_json::{json, Value};

use super::blocks::{input, option, plain, section};
use super::ids::{action, RATE_MODAL};
use crate::core::text::{escape_mrkdwn, truncate};
use crate::store::asks::Ask;

pub fn prompt(ask: &Ask, mentor_id: &str, round: u8) -> Value {
    let topic = escape_mrkdwn(&truncate(&ask.topic, 150));
    let text = if round <= 1 {
        format!("Did your session with <@{mentor_id}> on *{topic}* happen?")
    } else {
        format!("Checking in again: did your session with <@{mentor_id}> on *{topic}* happen?")
    };
    let value = format!("{}:{mentor_id}:{round}", ask.id);
    json!({
        "channel": ask.asker_id,
        "text": text,
        "blocks": [
            section(&text),
            {
                "type": "actions",
                "block_id": "followup_actions",
                "elements": [
                    { "type": "button", "action_id": action::FOLLOWUP_YES, "text": plain("Yes"), "style": "primary", "value": value },
                    { "type": "button", "action_id": action::FOLLOWUP_NOT_YET, "text": plain("Not yet"), "value": value },
                    { "type": "button", "action_id": action::FOLLOWUP_NO, "text": plain("It didn't happen"), "value": value },
                ]
            }
        ]
    })
}

/// The prompt after an answer; `reopen` adds the button to look for someone else.
pub fn answered(channel: &str, ts: &str, text: &str, reopen: Option<&str>) -> Value {
    let mut blocks = vec![section(text)];
    if let Some(value) = reopen {
        blocks.push(json!({
            "type": "actions",
            "block_id": "reopen_actions",
            "elements": [{ "type": "button", "action_id": action::REOPEN_ASK, "text": plain("Find me another mentor"), "value": value }]
        }));
    }
    json!({ "channel": channel, "ts": ts, "text": text, "blocks": blocks })
}

/// Rating modal; `metadata` carries `ask_id:mentor_id:channel:ts`.
pub fn rating_modal(metadata: &str) -> Value {
    let ratings: Vec<Value> = (1..=5)
        .map(|n| {
            let label = [
                "Not useful",
                "A little useful",
                "Useful",
                "Very useful",
                "Exactly what I needed",
            ][n - 1];
            option(&format!("{n} — {label}"), &n.to_string())
        })
        .collect();
    json!({
        "type": "modal",
        "callback_id": RATE_MODAL,
        "private_metadata": metadata,
        "title": plain("How did it go?"),
        "submit": plain("Send"),
        "close": plain("Skip"),
        "blocks": [
            input("rating", "How useful was the session?", json!({ "type": "radio_buttons", "action_id": "rating", "options": ratings }), false, None),
            input("note", "Anything to add? (optional)", json!({ "type": "plain_text_input", "action_id": "note", "max_length": 150 }), true, None),
        ]
    })
}
