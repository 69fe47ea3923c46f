//! `/ask history`: someone's own record, with a button for the CSV.

use serde_json::{json, Value};

use super::blocks::{context, person, plain, section};
use super::ids::action;
use crate::core::history::{Entry, Role};
use crate::core::text::{escape_mrkdwn, truncate};

/// Sessions listed in the ephemeral answer; the CSV has them all.
pub const LISTED: usize = 15;

fn line(e: &Entry) -> String {
    let mut line = format!(
        "• {} · *{}* · {} · {} min · with {}",
        e.matched_at.format("%-d %b %Y"),
        escape_mrkdwn(&truncate(&e.topic, 80)),
        escape_mrkdwn(&e.skills.join(", ")),
        e.time_box,
        person(&e.with)
    );
    if let Some(r) = e.rating_given {
        line.push_str(&format!(" · you rated {r}/5"));
    }
    if let Some(r) = e.rating_received {
        line.push_str(&format!(" · they rated {r}/5"));
    }
    line
}

/// A section's text stays well inside Slack's 3 000 characters.
const MAX_PART: usize = 2800;

fn part(title: &str, entries: &[&Entry]) -> String {
    let mut text = format!("*{title}* ({})", entries.len());
    let mut shown = 0;
    for e in entries.iter().take(LISTED) {
        let line = line(e);
        if text.chars().count() + line.chars().count() + 40 > MAX_PART {
            break;
        }
        text.push('\n');
        text.push_str(&line);
        shown += 1;
    }
    let more = entries.len() - shown;
    if more > 0 {
        text.push_str(&format!("\n… and {more} more in the CSV"));
    }
    text
}

/// The ephemeral answer: both parts and the Download CSV button.
pub fn record(entries: &[Entry]) -> Value {
    if entries.is_empty() {
        return super::replies::ephemeral(
            "No sessions yet. `/ask` when you're stuck, or `/mentor` to help others.",
        );
    }
    let as_mentee: Vec<&Entry> = entries.iter().filter(|e| e.role == Role::Mentee).collect();
    let as_mentor: Vec<&Entry> = entries.iter().filter(|e| e.role == Role::Mentor).collect();
    let mut blocks = Vec::new();
    if !as_mentee.is_empty() {
        blocks.push(section(&part("Help you got", &as_mentee)));
    }
    if !as_mentor.is_empty() {
        blocks.push(section(&part("Help you gave", &as_mentor)));
    }
    blocks.push(json!({
        "type": "actions",
        "elements": [{ "type": "button", "action_id": action::HISTORY_CSV, "text": plain("Download CSV"), "value": "csv" }]
    }));
    blocks.push(context(
        "Your record only: ratings the other person gave show once you've both answered.",
    ));
    json!({
        "response_type": "ephemeral",
        "replace_original": false,
        "text": format!("Your record: {} session{}", entries.len(), if entries.len() == 1 { "" } else { "s" }),
        "blocks": blocks,
    })
}

pub fn csv_comment(n: usize) -> String {
    format!(
        "Your micromentor record: {n} session{}.",
        if n == 1 { "" } else { "s" }
    )
}

pub const CSV_FAILED: &str = "I couldn't send the file just now — try again in a minute.";
