//! The App Home tab: your mentoring, your asks, and what the organisation sees.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::blocks::{context, plain, section};
use super::mentor_status;
use crate::core::ask::Ask;
use crate::core::insights::Insights;
use crate::core::mentor::MentorProfile;
use crate::core::text::escape_mrkdwn;

pub struct Home<'a> {
    pub profile: Option<&'a MentorProfile>,
    pub open_asks: &'a [Ask],
    pub insights: &'a Insights,
    pub now: DateTime<Utc>,
}

fn list(items: &[(String, i64)]) -> String {
    items
        .iter()
        .map(|(label, n)| format!("{} ({n})", escape_mrkdwn(label)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn build(home: &Home<'_>) -> Value {
    let mut blocks = vec![
        json!({ "type": "header", "text": plain("micromentor") }),
        section(
            "Short, focused help from colleagues.\n• `/ask` — say what you need and the skills it takes.\n\
             • `/mentor` — offer help: your skills, how often, and when you're off.",
        ),
        json!({ "type": "divider" }),
    ];
    blocks.push(section(&match home.profile {
        Some(p) => mentor_status::summary(p, home.now),
        None => {
            "*You're not mentoring yet.* `/mentor` to offer help with what you know.".to_owned()
        }
    }));
    let asks = if home.open_asks.is_empty() {
        "*Your open asks:* none. `/ask` when you're stuck.".to_owned()
    } else {
        let topics: Vec<String> = home
            .open_asks
            .iter()
            .take(10)
            .map(|a| format!("• {}", escape_mrkdwn(&a.topic)))
            .collect();
        format!(
            "*Your open asks* (`/ask list` to cancel):\n{}",
            topics.join("\n")
        )
    };
    blocks.push(section(&asks));
    blocks.push(json!({ "type": "divider" }));
    let i = home.insights;
    let mut org = format!(
        "*Last 30 days:* {} asks, {} matched, {} sessions done, {} still open · {} mentors taking asks",
        i.asked, i.matched, i.done, i.open, i.mentors
    );
    if !i.top_skills.is_empty() {
        org.push_str(&format!("\n*Most asked:* {}", list(&i.top_skills)));
    }
    if !i.unmet.is_empty() {
        org.push_str(&format!("\n*Skills that lack mentors:* {}", list(&i.unmet)));
    }
    blocks.push(section(&org));
    blocks.push(context(
        "Numbers for this workspace. Asks and names stay between the people involved.",
    ));
    json!({ "type": "home", "blocks": blocks })
}
