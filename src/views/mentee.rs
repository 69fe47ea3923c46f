//! What the asker is told as their ask moves.

use serde_json::{json, Value};

use super::blocks::section;
use crate::core::ask::Ask;
use crate::core::text::{escape_mrkdwn, truncate};

fn mentions(ids: &[String]) -> String {
    ids.iter()
        .map(|u| format!("<@{u}>"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn dm(asker: &str, text: String) -> Value {
    json!({ "channel": asker, "text": text, "blocks": [section(&text)] })
}

/// Confirmation right after the ask is stored and routed.
pub fn routed(ask: &Ask, offered: &[String], unserved: &[String], waiting: usize) -> Value {
    let topic = escape_mrkdwn(&truncate(&ask.topic, 150));
    let mut text = if offered.is_empty() {
        format!("Your ask *{topic}* is saved, but no mentor is available for it right now.")
    } else {
        format!("Your ask *{topic}* is out: I offered it to {}. I'll introduce you as soon as someone accepts.", mentions(offered))
    };
    if !unserved.is_empty() {
        text.push_str(&format!(
            "\nNobody available mentors *{}* at the moment — I've noted it so the organisation sees the gap.",
            unserved.iter().map(|s| escape_mrkdwn(s)).collect::<Vec<_>>().join(", ")
        ));
    }
    if offered.is_empty() {
        if waiting > 0 {
            text.push_str(&format!("\n{waiting} mentor(s) with these skills are off work right now; the ask stays open for them."));
        }
        text.push_str("\nYour ask stays open: anyone can still pick it up from a channel digest. `/ask list` to see or cancel it.");
    }
    dm(&ask.asker_id, text)
}

pub fn accepted(ask: &Ask, mentor_id: &str, filled: bool) -> Value {
    let mut text = format!(
        ":tada: <@{mentor_id}> accepted your ask *{}* — I've started a group DM for you two.",
        escape_mrkdwn(&truncate(&ask.topic, 150))
    );
    if !filled {
        text.push_str(&format!(
            " ({} of {} perspectives so far; still looking.)",
            ask.matched_count, ask.mentors_wanted
        ));
    }
    dm(&ask.asker_id, text)
}

/// The second rung: nobody has accepted yet; what the mentee can do.
pub fn advice(ask: &Ask, expires: chrono::DateTime<chrono::Utc>) -> Value {
    let topic = escape_mrkdwn(&truncate(&ask.topic, 150));
    let mut text = format!("Nobody has picked up *{topic}* yet. Some things that help:\n");
    text.push_str(
        "• Broaden the skills: `/ask list` to cancel it, then ask again with related skills\n",
    );
    if !ask.in_digest {
        text.push_str("• Let it appear in channel digests, where anyone can pick it up (ask again with that box ticked)\n");
    }
    text.push_str(&format!(
        "• Or wait: I've asked more mentors, and it stays open until {}.",
        expires.format("%a %-d %b")
    ));
    dm(&ask.asker_id, text)
}

pub fn expired(ask: &Ask) -> Value {
    let text = format!(
        "Your ask *{}* expired without a match — sorry. If you still need help, `/ask` again with broader skills.",
        escape_mrkdwn(&truncate(&ask.topic, 150))
    );
    dm(&ask.asker_id, text)
}
