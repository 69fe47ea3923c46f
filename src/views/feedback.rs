//! Feedback both ways: the mentor's modal (how clear was the ask, a note) and
//! the messages that reveal both answers together, or the thank-you note alone.

use serde_json::{json, Value};

use super::blocks::{dm, input, option, plain};
use super::followup::RatingMetadata;
use super::ids::{rate, MENTOR_FEEDBACK_MODAL};
use crate::core::followup::{MAX_NOTE, RATINGS};
use crate::core::text::{escape_mrkdwn, truncate};

/// The mentor's modal for one session (`private_metadata`: `ask_id:mentor`).
pub fn mentor_modal(metadata: &RatingMetadata) -> Value {
    let labels = [
        "Very unclear",
        "Unclear",
        "Clear enough",
        "Clear",
        "Crystal clear",
    ];
    let options: Vec<Value> = RATINGS
        .map(|n| option(&format!("{n} — {}", labels[n as usize - 1]), &n.to_string()))
        .collect();
    json!({
        "type": "modal",
        "callback_id": MENTOR_FEEDBACK_MODAL,
        "private_metadata": metadata.encode(),
        "title": plain("How did it go?"),
        "submit": plain("Send"),
        "close": plain("Skip"),
        "blocks": [
            input(rate::RATING, "How clear was the ask?", json!({ "type": "radio_buttons", "action_id": rate::RATING, "options": options }), false, None),
            input(rate::NOTE, "A note for them (optional)", json!({ "type": "plain_text_input", "action_id": rate::NOTE, "max_length": MAX_NOTE }), true,
                  Some("They see your answer once they've answered too, never anyone else.")),
        ]
    })
}

fn stars(n: Option<u8>) -> String {
    n.map(|n| format!("{n}/5"))
        .unwrap_or_else(|| "no rating".into())
}

fn quoted(note: Option<&str>) -> String {
    note.map(|n| format!(" — “{}”", escape_mrkdwn(&truncate(n, 150))))
        .unwrap_or_default()
}

/// To the mentee, once both answered: what the mentor said.
pub fn to_mentee(
    asker: &str,
    mentor: &str,
    topic: &str,
    clarity: Option<u8>,
    note: Option<&str>,
) -> Value {
    let text = format!(
        "You both answered about *{}*. <@{mentor}> found your ask clear: {}{}",
        escape_mrkdwn(&truncate(topic, 150)),
        stars(clarity),
        quoted(note)
    );
    dm(asker, &text)
}

/// To the mentor, once both answered: what the mentee said.
pub fn to_mentor(
    mentor: &str,
    asker: &str,
    topic: &str,
    helpful: Option<u8>,
    thanks: Option<&str>,
) -> Value {
    let text = format!(
        "You both answered about *{}*. <@{asker}> found it helpful: {}{}",
        escape_mrkdwn(&truncate(topic, 150)),
        stars(helpful),
        quoted(thanks)
    );
    dm(mentor, &text)
}

/// To the mentor when they have not answered within a week: the thanks alone.
pub fn thanks_alone(mentor: &str, asker: &str, topic: &str, thanks: &str) -> Value {
    let text = format!(
        ":sparkles: Kudos from <@{asker}> for *{}*: “{}”",
        escape_mrkdwn(&truncate(topic, 150)),
        escape_mrkdwn(&truncate(thanks, 150))
    );
    dm(mentor, &text)
}
