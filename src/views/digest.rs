//! The channel digest of open asks.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::ask_card::{humanise, skills_line};
use super::blocks::{context, mrkdwn, plain};
use super::ids::{action, ButtonValue};
use crate::core::ask::Ask;
use crate::core::ask::AskStatus;
use crate::core::text::{escape_mrkdwn, truncate};

/// Asks listed in one message: header + intro + items + "more" stays within 50 blocks.
pub const MAX_ITEMS: usize = 45;

pub fn build(asks: &[Ask], more: usize, skill: Option<&str>, now: DateTime<Utc>) -> Value {
    let open = asks.iter().filter(|a| a.status == AskStatus::Open).count();
    let title = match skill {
        Some(s) => format!("Open asks for {}", truncate(s, 100)),
        None => "Open asks — can you help?".to_owned(),
    };
    let mut blocks = vec![
        json!({ "type": "header", "text": plain(&truncate(&title, 150)) }),
        context("Short, focused sessions. Anyone here can pick one up — you don't need to be a registered mentor."),
    ];
    for ask in asks.iter().take(MAX_ITEMS) {
        let age = humanise(now - ask.created_at);
        let topic = escape_mrkdwn(&truncate(&ask.topic, 150));
        if ask.status == AskStatus::Open {
            blocks.push(json!({
                "type": "section",
                "block_id": format!("digest_{}", ask.id),
                "text": mrkdwn(&format!("*{topic}*\n{} · {age} old · {} min", skills_line(ask), ask.time_box)),
                "accessory": {
                    "type": "button",
                    // action_ids must be unique within a message.
                    "action_id": format!("{}:{}", action::HELP_FROM_DIGEST, ask.id),
                    "text": plain("I can help"),
                    "style": "primary",
                    "value": ButtonValue::ask(ask.id).encode(),
                }
            }));
        } else {
            blocks.push(json!({
                "type": "section",
                "block_id": format!("digest_{}", ask.id),
                "text": mrkdwn(&format!("~{topic}~ — {}", if ask.status == AskStatus::Expired || ask.status == AskStatus::Cancelled { "closed" } else { "taken, thank you!" })),
            }));
        }
    }
    if more > 0 {
        blocks.push(context(&format!("+ {more} more open asks")));
    }
    json!({
        "text": format!("{open} open asks could use your help"),
        "blocks": blocks,
    })
}
