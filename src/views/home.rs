//! The App Home tab: your mentoring (with its buttons), offers waiting for you,
//! your sessions, your asks, your private list, and what the organisation sees.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::ask_card::skills_line;
use super::blocks::{person, plain, section, when};
use super::ids::{action, home as id, ButtonValue};
use super::mentor_status;
use crate::core::ask::{Ask, AskStatus};
use crate::core::insights::Insights;
use crate::core::mentor::MentorProfile;
use crate::core::text::{escape_mrkdwn, truncate};

/// At most this many offers, sessions and asks each: Home has 100 blocks.
const MAX_LISTED: usize = 8;

pub struct Home<'a> {
    /// Who is looking (a checked user id).
    pub user_id: &'a str,
    pub profile: Option<&'a MentorProfile>,
    /// Asks accepted in the mentor's current local week.
    pub accepted_this_week: u32,
    /// Thank-you notes that reached them (`core::feedback`).
    pub kudos: i64,
    /// Their Slack status keeps offers away: until then (`None`: until it
    /// changes). Not set when they chose to ignore their status.
    pub away: Option<Option<DateTime<Utc>>>,
    /// Offers waiting for their answer.
    pub offers: &'a [Ask],
    /// Sessions they mentor that are not done yet.
    pub sessions: &'a [Ask],
    pub open_asks: &'a [Ask],
    /// Their asks that are no longer open, newest first.
    pub past_asks: &'a [Ask],
    /// How many people are on their private "don't match me with" list.
    pub never_match: usize,
    /// A programme owner (`core::admins`): only they see the organisation's figures.
    pub admin: bool,
    /// The organisation's figures (`views::admin_home`); only read for admins.
    pub insights: &'a Insights,
    /// The admin asked for the weekly admin digest by DM.
    pub admin_digest: bool,
    pub now: DateTime<Utc>,
}

fn button(action_id: &str, text: &str, value: &str) -> Value {
    json!({ "type": "button", "action_id": action_id, "text": plain(text), "value": value })
}

/// How an ask ended, for "Your past asks".
fn outcome(status: AskStatus) -> &'static str {
    match status {
        AskStatus::Open => "open",
        AskStatus::Matched => "matched: a mentor is on it",
        AskStatus::Done => "done",
        AskStatus::Cancelled => "cancelled",
        AskStatus::Expired => "expired unanswered",
    }
}

fn topic(ask: &Ask) -> String {
    escape_mrkdwn(&truncate(&ask.topic, 150))
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
    match home.profile {
        Some(p) => mentoring(&mut blocks, home, p),
        None => blocks.push(json!({
            "type": "section",
            "text": { "type": "mrkdwn", "text": "*You're not mentoring yet.* Offer help with what you know: a few short sessions a week, on your terms." },
            "accessory": { "type": "button", "action_id": id::BECOME_MENTOR, "text": plain("Become a mentor"), "style": "primary", "value": "settings" },
        })),
    }
    if !home.offers.is_empty() {
        blocks.push(section("*Offers waiting for you*"));
        for ask in home.offers.iter().take(MAX_LISTED) {
            let value = ButtonValue::ask(ask.id).encode();
            blocks.push(section(&format!(
                "*{}*\n{} · {} min · {}",
                topic(ask),
                skills_line(ask),
                ask.time_box,
                ask.format.label()
            )));
            blocks.push(json!({
                "type": "actions",
                "elements": [
                    { "type": "button", "action_id": format!("{}:{}", action::ACCEPT, ask.id), "text": plain("Accept"), "style": "primary", "value": value },
                    button(&format!("{}:{}", action::DECLINE_OTHER, ask.id), "Decline…", &value),
                ]
            }));
        }
    }
    if !home.sessions.is_empty() {
        blocks.push(section("*Your sessions as mentor*"));
        for ask in home.sessions.iter().take(MAX_LISTED) {
            blocks.push(json!({
                "type": "section",
                "text": { "type": "mrkdwn", "text": format!("*{}* with {}", topic(ask), person(&ask.asker_id)) },
                "accessory": button(&format!("{}:{}", action::MARK_DONE, ask.id), "Mark as done", &ButtonValue::session(ask.id, home.user_id).encode()),
            }));
        }
    }
    blocks.push(json!({ "type": "divider" }));
    if home.open_asks.is_empty() {
        blocks.push(section("*Your open asks:* none. `/ask` when you're stuck."));
    } else {
        blocks.push(section("*Your open asks*"));
        for ask in home.open_asks.iter().take(MAX_LISTED) {
            let value = ButtonValue::ask(ask.id).encode();
            blocks.push(section(&format!("*{}*\n{}", topic(ask), skills_line(ask))));
            blocks.push(json!({
                "type": "actions",
                "elements": [
                    button(&format!("{}:{}", action::EDIT_ASK, ask.id), "Edit", &value),
                    button(&format!("{}:{}", action::WIDEN_ASK, ask.id), "Widen now", &value),
                    button(&format!("{}:{}", action::CANCEL_ASK, ask.id), "Cancel", &value),
                ]
            }));
        }
    }
    if !home.past_asks.is_empty() {
        let lines: Vec<String> = home
            .past_asks
            .iter()
            .take(MAX_LISTED)
            .map(|a| {
                format!(
                    "• *{}* — {} ({})",
                    topic(a),
                    outcome(a.status),
                    a.created_at.format("%-d %b")
                )
            })
            .collect();
        blocks.push(section(&format!("*Your past asks*\n{}", lines.join("\n"))));
    }
    let people = match home.never_match {
        0 => "nobody".to_owned(),
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    };
    blocks.push(json!({
        "type": "section",
        "text": { "type": "mrkdwn", "text": format!("*Don't match me with:* {people}. Private: only you see it, nobody is told.") },
        "accessory": button(id::NEVER_MATCH, "Edit", "edit"),
    }));
    blocks.push(super::blocks::context(
        "*Your record:* `/ask history` lists your sessions, with a CSV to keep. \
         *Your data:* `/ask my-data` sends you everything stored about you, or deletes it.",
    ));
    if home.admin {
        super::admin_home::add_to_home(&mut blocks, home.insights, home.admin_digest);
    }
    json!({ "type": "home", "blocks": blocks })
}

/// The mentor's own part: settings, this week, away, and the buttons to change them.
fn mentoring(blocks: &mut Vec<Value>, home: &Home<'_>, p: &MentorProfile) {
    let mut text = mentor_status::summary(p, home.now);
    text.push_str(&format!(
        "\n*This week:* {} of {} ask{}",
        home.accepted_this_week,
        p.capacity,
        if p.capacity == 1 { "" } else { "s" }
    ));
    if home.kudos > 0 {
        text.push_str(&format!(
            "\n:sparkles: *Kudos:* {} thank-you note{}",
            home.kudos,
            if home.kudos == 1 { "" } else { "s" }
        ));
    }
    if p.opted_in {
        match home.away {
            Some(Some(until)) => text.push_str(&format!(
                "\n:palm_tree: Your Slack status says you're away: offers wait until {}.",
                when(until)
            )),
            Some(None) => text.push_str(
                "\n:palm_tree: Your Slack status says you're away: offers wait until you change it.",
            ),
            None => {}
        }
    }
    blocks.push(section(&text));
    let paused = p.paused_until.is_some_and(|u| u > home.now);
    let mut buttons = Vec::new();
    if p.opted_in {
        buttons.push(button(id::OPT_OUT, "Stop taking asks", "off"));
    } else {
        let mut on = button(id::OPT_IN, "Take asks", "on");
        on["style"] = json!("primary");
        buttons.push(on);
    }
    if paused {
        let mut resume = button(id::RESUME, "Resume now", "resume");
        resume["style"] = json!("primary");
        buttons.push(resume);
    }
    buttons.push(button(id::PAUSE_DAY, "Pause 1 day", "1d"));
    buttons.push(button(id::PAUSE_WEEK, "Pause 1 week", "7d"));
    buttons.push(json!({ "type": "datepicker", "action_id": id::PAUSE_UNTIL, "placeholder": plain("Pause until…") }));
    buttons.push(button(id::EDIT_SETTINGS, "Edit settings", "settings"));
    blocks.push(json!({ "type": "actions", "block_id": "home_mentoring", "elements": buttons }));
}
