//! Meeting without back-and-forth: the times the intro proposes (each in the
//! reader's own zone, with an "Add to calendar" link and a "This slot works"
//! button), the pick posted in the group DM, and the reminder before it.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::blocks::{plain, section, when};
use super::ids::{action, MeetingValue};
use crate::core::ask::Ask;
use crate::core::meeting::{calendar_link, Proposal};
use crate::core::text::{escape_mrkdwn, truncate};

/// The calendar link as it goes inside `<url|text>`: Slack reads `&amp;` in
/// a link's URL as `&` (the rest is percent-encoded, see `calendar_link`).
fn calendar(ask: &Ask, at: DateTime<Utc>) -> String {
    let title = format!("micromentor: {}", truncate(&ask.topic, 100));
    let details = format!(
        "A {}-minute {} session.",
        ask.time_box,
        ask.format.label().to_lowercase()
    );
    escape_mrkdwn(&calendar_link(&title, &details, at, ask.time_box))
}

/// The intro's proposed times and their buttons; nothing when there are none.
pub fn proposal_blocks(ask: &Ask, mentor: &str, proposal: &Proposal) -> Vec<Value> {
    if proposal.slots.is_empty() {
        return Vec::new();
    }
    let head = if proposal.together {
        format!(
            "*Times that suit you both* ({} min, each in your own time zone):",
            ask.time_box
        )
    } else {
        format!(
            "*Your working hours don't overlap in the next few days*, so here are times in <@{mentor}>'s hours ({} min, each in your own time zone):",
            ask.time_box
        )
    };
    let lines: Vec<String> = proposal
        .slots
        .iter()
        .map(|at| format!("• {} — <{}|Add to calendar>", when(*at), calendar(ask, *at)))
        .collect();
    let buttons: Vec<Value> = proposal
        .slots
        .iter()
        .enumerate()
        .map(|(i, at)| {
            let value = MeetingValue {
                ask_id: ask.id,
                mentor: mentor.to_owned(),
                at: at.timestamp(),
            };
            json!({
                "type": "button",
                "action_id": format!("{}:{i}", action::PICK_SLOT),
                "text": plain(&format!("Option {} works", i + 1)),
                "value": value.encode(),
            })
        })
        .collect();
    vec![
        section(&format!("{head}\n{}", lines.join("\n"))),
        json!({ "type": "actions", "block_id": "meeting_slots", "elements": buttons }),
    ]
}

/// Posted in the group DM when one of them picks a time.
pub fn picked(channel: &str, ask: &Ask, by: &str, at: DateTime<Utc>) -> Value {
    let text = format!(
        "<@{by}> picked {} for *{}*. I'll remind you both 15 minutes before. <{}|Add to calendar>",
        when(at),
        escape_mrkdwn(&truncate(&ask.topic, 150)),
        calendar(ask, at)
    );
    json!({ "channel": channel, "text": text, "blocks": [section(&text)] })
}

/// The reminder in the group DM.
pub fn reminder(channel: &str, ask: &Ask, at: DateTime<Utc>) -> Value {
    let text = format!(
        ":alarm_clock: Starting {}: your {}-minute session on *{}*.",
        when(at),
        ask.time_box,
        escape_mrkdwn(&truncate(&ask.topic, 150))
    );
    json!({ "channel": channel, "text": text, "blocks": [section(&text)] })
}

pub const ONLY_THE_PAIR_PICKS: &str = "Only the two people of this session can pick its time.";
pub const TIME_PASSED: &str = "That time has passed — pick another, or agree on one in the chat.";
pub const NO_SESSION: &str = "This session is over or was handed on, so there's no time to pick.";
pub const ALREADY_PICKED: &str = "That's already the time you picked.";
