//! How an ask is shown to mentors, mentees and channels. All user text is escaped.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::blocks::{context, mrkdwn, section};
use super::ids::{action, ButtonValue};
use crate::core::ask::Ask;
use crate::core::offer::OfferMessage;
use crate::core::text::{escape_mrkdwn, truncate};

pub fn skills_line(ask: &Ask) -> String {
    ask.skills
        .iter()
        .map(|s| escape_mrkdwn(&s.label))
        .collect::<Vec<_>>()
        .join(", ")
}

fn facts(ask: &Ask) -> String {
    let mut facts = vec![
        format!("*Skills:* {}", skills_line(ask)),
        format!("*Time box:* {} min", ask.time_box),
        format!("*Format:* {}", ask.format.label()),
    ];
    if let Some(d) = ask.needed_by {
        facts.push(format!("*Needed by:* {}", d.format("%a %-d %b")));
    }
    facts.join("  ·  ")
}

/// The ask itself: who, what, details, facts.
pub fn card(ask: &Ask) -> Vec<Value> {
    let mut text = format!("<@{}> asks: *{}*", ask.asker_id, escape_mrkdwn(&ask.topic));
    if !ask.details.is_empty() {
        text.push_str(&format!(
            "\n{}",
            escape_mrkdwn(&truncate(&ask.details, 2000))
        ));
    }
    vec![section(&text), context(&facts(ask))]
}

/// The DM offering an ask to a mentor, with Accept and four ways to decline:
/// "not my area" (ranked later for these skills for a while), "no time now"
/// (no new offers for the rest of their day), "pause me for a week", and
/// "Other…" (a small modal for their own words).
pub fn offer(ask: &Ask) -> Value {
    offer_with_lead(
        ask,
        "Someone could use your help — a short, focused session.",
    )
}

/// The offer put again to someone who said "no time now" to it
/// (`core::routing::ask_again`): the same card and buttons, saying why it's back.
pub fn offer_again(ask: &Ask) -> Value {
    offer_with_lead(
        ask,
        "You had no time for this one earlier, and nobody else has been able to take it. \
         If today works, it's still open — and if not, that's fine too: I won't ask again.",
    )
}

fn offer_with_lead(ask: &Ask, lead: &str) -> Value {
    let id = ButtonValue::ask(ask.id).encode();
    let mut blocks = vec![section(lead)];
    blocks.extend(card(ask));
    blocks.push(json!({
        "type": "actions",
        "block_id": super::ids::OFFER_ACTIONS,
        "elements": [
            { "type": "button", "action_id": action::ACCEPT, "text": super::blocks::plain("Accept"), "style": "primary", "value": id },
            { "type": "button", "action_id": action::DECLINE_NOT_MY_AREA, "text": super::blocks::plain("Not my area"), "value": id },
            { "type": "button", "action_id": action::DECLINE_NO_TIME, "text": super::blocks::plain("No time now"), "value": id },
            { "type": "button", "action_id": action::DECLINE_PAUSE_WEEK, "text": super::blocks::plain("Decline and pause me for a week"), "value": id },
            { "type": "button", "action_id": action::DECLINE_OTHER, "text": super::blocks::plain("Other…"), "value": id },
        ]
    }));
    json!({
        "text": format!("Can you help with “{}”?", escape_mrkdwn(&truncate(&ask.topic, 150))),
        "blocks": blocks,
    })
}

/// How a closed offer reads once it can no longer be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferEnd {
    YoureOnIt,
    Taken,
    Declined,
    Withdrawn,
    Expired,
    /// Accepted, but the person who asked has left the workspace.
    AskerLeft,
}

/// The offer DM rewritten without buttons.
pub fn offer_closed(ask: &Ask, end: OfferEnd, message: &OfferMessage) -> Option<Value> {
    let (channel, ts) = (message.channel_id.as_ref()?, message.message_ts.as_ref()?);
    let note = match end {
        OfferEnd::YoureOnIt => {
            ":white_check_mark: *You're on it* — I'm introducing you both in a group DM."
        }
        OfferEnd::Taken => {
            ":raised_hands: *Taken* — someone else is helping. Thank you for being there."
        }
        OfferEnd::Declined => "You passed on this one — no problem, I'll ask someone else.",
        OfferEnd::Withdrawn => "The asker cancelled this ask. Nothing to do.",
        OfferEnd::Expired => "This ask expired without a match.",
        OfferEnd::AskerLeft => "The person who asked has left the workspace — nothing to do.",
    };
    let mut blocks = card(ask);
    blocks.push(section(note));
    Some(json!({
        "channel": channel,
        "ts": ts,
        "text": format!("“{}”: {}", escape_mrkdwn(&truncate(&ask.topic, 150)), note),
        "blocks": blocks,
    }))
}

/// A gentle reminder in the offer's thread.
pub fn nudge(ask: &Ask, offer: &OfferMessage) -> Option<Value> {
    let (channel, ts) = (offer.channel_id.as_ref()?, offer.message_ts.as_ref()?);
    let text = format!(
        "Gentle nudge: *{}* is still looking for help. If it's not for you, \"Not my area\" or \"No time now\" is a fine answer.",
        escape_mrkdwn(&truncate(&ask.topic, 150))
    );
    Some(json!({ "channel": channel, "thread_ts": ts, "text": text }))
}

/// The group DM introducing mentee and mentor.
/// The group DM's first message. `help_text` is the mentor's "how I can help"
/// line, if they wrote one.
/// The group DM introducing mentee and mentor, with the times `proposal`
/// suggests (or, without any, the plain suggestion to find a time).
pub fn intro(
    ask: &Ask,
    mentor_id: &str,
    help_text: &str,
    channel: &str,
    proposal: &crate::core::meeting::Proposal,
) -> Value {
    let (mins, format) = (ask.time_box, ask.format.label().to_lowercase());
    let next = match proposal.slots.is_empty() {
        true => format!("Suggested next step: find {mins} minutes this week ({format})."),
        false => format!(
            "Pick one of the times below for {mins} minutes ({format}), or agree on another."
        ),
    };
    let mut text = format!(
        ":wave: <@{asker}>, meet <@{mentor}>, who offered to help with *{topic}*.\n\
         {next} <@{asker}>, share anything <@{mentor}> should read first.",
        asker = ask.asker_id,
        mentor = mentor_id,
        topic = escape_mrkdwn(&ask.topic),
    );
    if !help_text.trim().is_empty() {
        text.push_str(&format!(
            "\n<@{mentor_id}> on how they help: _{}_",
            escape_mrkdwn(&truncate(help_text.trim(), 280))
        ));
    }
    let mut blocks = vec![section(&text)];
    blocks.extend(card(ask));
    blocks.extend(super::meeting::proposal_blocks(ask, mentor_id, proposal));
    blocks.push(json!({
        "type": "actions",
        "block_id": "intro_actions",
        "elements": [{
            "type": "button",
            "action_id": action::MARK_DONE,
            "text": super::blocks::plain("Mark as done"),
            "value": ButtonValue::session(ask.id, mentor_id).encode(),
        }]
    }));
    json!({
        "channel": channel,
        "text": format!("Meet your mentor for “{}”", escape_mrkdwn(&truncate(&ask.topic, 150))),
        "blocks": blocks,
    })
}

/// The intro after "Mark as done".
pub fn intro_done(ask: &Ask, mentor_id: &str, by: &str, message: &OfferMessage) -> Option<Value> {
    let (channel, ts) = (message.channel_id.as_ref()?, message.message_ts.as_ref()?);
    let mut blocks = vec![section(&format!(
        ":tada: Session with <@{mentor_id}> on *{}* marked done by <@{by}>. Thank you both!",
        escape_mrkdwn(&ask.topic)
    ))];
    blocks.extend(card(ask));
    Some(json!({ "channel": channel, "ts": ts, "text": "Session marked done", "blocks": blocks }))
}

/// The asker's open asks with Cancel buttons (`/ask list`).
pub fn list(asks: &[Ask], now: DateTime<Utc>) -> Value {
    if asks.is_empty() {
        return json!({ "response_type": "ephemeral", "text": "You have no open asks. `/ask` to start one." });
    }
    let mut blocks = vec![section(&format!("*Your open asks* ({})", asks.len()))];
    for ask in asks.iter().take(15) {
        let age = humanise(now - ask.created_at);
        blocks.push(json!({
            "type": "section",
            "block_id": format!("ask_{}", ask.id),
            "text": mrkdwn(&format!(
                "*{}*\n{} · asked {age} ago · {}/{} matched",
                escape_mrkdwn(&ask.topic),
                skills_line(ask),
                ask.matched_count,
                ask.mentors_wanted
            )),
            "accessory": {
                "type": "button",
                // action_ids must be unique within a message.
                "action_id": format!("{}:{}", super::ids::action::CANCEL_ASK, ask.id),
                "text": super::blocks::plain("Cancel"),
                "style": "danger",
                "value": ButtonValue::ask(ask.id).encode(),
                "confirm": {
                    "title": super::blocks::plain("Cancel this ask?"),
                    "text": super::blocks::plain("Mentors who were offered it will be told."),
                    "confirm": super::blocks::plain("Cancel it"),
                    "deny": super::blocks::plain("Keep it"),
                }
            }
        }));
    }
    json!({ "response_type": "ephemeral", "text": "Your open asks", "blocks": blocks })
}

pub fn humanise(d: chrono::Duration) -> String {
    match d.num_minutes() {
        m if m < 60 => format!("{}m", m.max(1)),
        m if m < 60 * 24 => format!("{}h", m / 60),
        m => format!("{}d", m / (60 * 24)),
    }
}
