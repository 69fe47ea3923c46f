//! The follow-up after a match, and the rating modal.

use serde_json::{json, Value};

use super::blocks::{input, option, plain, section};
use super::ids::{action, rate, ButtonValue, RATE_MODAL};
use crate::core::ask::Ask;
use crate::core::followup::{MAX_NOTE, RATINGS};
use crate::core::text::{escape_mrkdwn, truncate};

pub fn prompt(ask: &Ask, mentor_id: &str, round: u8) -> Value {
    let topic = escape_mrkdwn(&truncate(&ask.topic, 150));
    let text = if round <= 1 {
        format!("Did your session with <@{mentor_id}> on *{topic}* happen?")
    } else {
        format!("Checking in again: did your session with <@{mentor_id}> on *{topic}* happen?")
    };
    let value = ButtonValue::followup(ask.id, mentor_id, round).encode();
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
pub fn answered(channel: &str, ts: &str, text: &str, reopen: Option<&ButtonValue>) -> Value {
    let mut blocks = vec![section(text)];
    if let Some(value) = reopen {
        blocks.push(json!({
            "type": "actions",
            "block_id": "reopen_actions",
            "elements": [{ "type": "button", "action_id": action::REOPEN_ASK, "text": plain("Find me another mentor"), "value": value.encode() }]
        }));
    }
    json!({ "channel": channel, "ts": ts, "text": text, "blocks": blocks })
}

/// What the rating modal carries in `private_metadata`: the session. Where to
/// thank the mentee afterwards is looked up, not carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingMetadata {
    pub ask_id: i64,
    pub mentor: String,
}

impl RatingMetadata {
    /// `ask_id:mentor`.
    pub fn encode(&self) -> String {
        ButtonValue::session(self.ask_id, &self.mentor).encode()
    }

    /// Strict: an ask id and a well-formed user id, nothing else.
    pub fn parse(raw: &str) -> Option<Self> {
        let v = ButtonValue::parse(raw)?;
        match (v.mentor, v.round) {
            (Some(mentor), None) => Some(RatingMetadata {
                ask_id: v.ask_id,
                mentor,
            }),
            _ => None,
        }
    }
}

/// The rating modal for one session.
pub fn rating_modal(metadata: &RatingMetadata) -> Value {
    let ratings: Vec<Value> = RATINGS
        .map(|n| {
            let label = [
                "Not useful",
                "A little useful",
                "Useful",
                "Very useful",
                "Exactly what I needed",
            ][n as usize - 1];
            option(&format!("{n} — {label}"), &n.to_string())
        })
        .collect();
    json!({
        "type": "modal",
        "callback_id": RATE_MODAL,
        "private_metadata": metadata.encode(),
        "title": plain("How did it go?"),
        "submit": plain("Send"),
        "close": plain("Skip"),
        "blocks": [
            input(rate::RATING, "How useful was the session?", json!({ "type": "radio_buttons", "action_id": rate::RATING, "options": ratings }), false, None),
            input(rate::NOTE, "A thank-you note for your mentor (optional)", json!({ "type": "plain_text_input", "action_id": rate::NOTE, "max_length": MAX_NOTE }), true,
                  Some("They see your answer once they've answered too (the note alone after a week); nobody else does.")),
        ]
    })
}
