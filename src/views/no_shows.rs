//! No-shows (`core::no_shows`): the mentor's own follow-up, "Who couldn't make
//! it?" on both sides, and the private notes about a pause with the button that
//! lifts it. Every sentence of the feature is here.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::blocks::{context, plain, section};
use super::ids::{action, who_missed_action, ButtonValue};
use crate::core::ask::Ask;
use crate::core::no_shows::{Side, WhoMissed, THRESHOLD, WINDOW_DAYS};
use crate::core::text::{escape_mrkdwn, truncate};

pub const SORRY_MENTEE: &str = "Sorry it didn't work out.";
pub const SORRY_MENTOR: &str = "Sorry it didn't happen.";
pub const WHO_MISSED: &str = "Who couldn't make it?";
pub const ONLY_I_SEE: &str =
    "Only micromentor sees your answer. It's used for one thing: giving someone who keeps missing sessions a break.";
pub const OFFER_AGAIN: &str = "Want me to offer your ask to other mentors?";
pub const THANKS_FOR_TELLING: &str = "Thanks for telling me.";
pub const ALREADY_TOLD: &str = "You already told me about this session — thank you.";
pub const ONLY_THE_MENTOR_ANSWERS: &str = "Only the mentor of this session can answer this.";
pub const NOT_YOUR_BUTTON: &str = "This button is for someone else.";
pub const OFFERS_BACK: &str = "Welcome back — offers are on again. Thank you for mentoring.";
pub const ASKING_BACK: &str = "Welcome back — `/ask` whenever you need a hand.";
/// Under the ask form's first field when the asker's asking is paused.
pub const ASKING_PAUSED_FORM: &str =
    "Asking is paused for now. Click “I'm ready to ask again” in my DM (or type /ask), then send this again.";

/// `asker` must be a checked Slack user id (it becomes a mention).
pub fn glad_it_happened(asker: &str) -> String {
    format!("Great — thank you for your session with <@{asker}>.")
}

/// The mentor's "Did your session happen?", to their DM (`FOLLOWUP_AFTER` a match).
pub fn mentor_prompt(ask: &Ask, mentor_id: &str) -> Value {
    let topic = escape_mrkdwn(&truncate(&ask.topic, 150));
    let text = format!(
        "Did your session with <@{}> on *{topic}* happen?",
        ask.asker_id
    );
    let value = ButtonValue::session(ask.id, mentor_id).encode();
    json!({
        "channel": mentor_id,
        "text": text,
        "blocks": [
            section(&text),
            {
                "type": "actions",
                "block_id": "mentor_followup_actions",
                "elements": [
                    { "type": "button", "action_id": action::MENTOR_FOLLOWUP_YES, "text": plain("Yes"), "style": "primary", "value": value },
                    { "type": "button", "action_id": action::MENTOR_FOLLOWUP_NO, "text": plain("It didn't happen"), "value": value },
                ]
            }
        ]
    })
}

/// A follow-up prompt after "It didn't happen", rewritten where it lives.
#[derive(Debug, Clone)]
pub struct AfterNo<'a> {
    /// Whose prompt it is.
    pub side: Side,
    /// The session (ask and mentor), carried by the buttons.
    pub session: &'a ButtonValue,
    /// What to say first: what just happened.
    pub lead: &'a str,
    /// Still to ask who couldn't make it.
    pub ask_who: bool,
    /// The mentee may still have the ask offered to others.
    pub reopen: bool,
}

fn who_label(side: Side, who: WhoMissed) -> &'static str {
    match (side, who) {
        (Side::Mentee, WhoMissed::Them) => "My mentor couldn't",
        (Side::Mentor, WhoMissed::Them) => "My mentee couldn't",
        (_, WhoMissed::Me) => "I couldn't",
        (_, WhoMissed::SomethingElse) => "Something else",
    }
}

pub fn after_no(channel: &str, ts: &str, a: &AfterNo<'_>) -> Value {
    let value = a.session.encode();
    let mut said = vec![a.lead.to_owned()];
    let mut blocks = Vec::new();
    if a.ask_who {
        let text = format!("{} {WHO_MISSED}", a.lead);
        said.push(WHO_MISSED.to_owned());
        blocks.push(section(&text));
        blocks.push(context(ONLY_I_SEE));
        let elements: Vec<Value> = [WhoMissed::Them, WhoMissed::Me, WhoMissed::SomethingElse]
            .into_iter()
            .map(|who| {
                json!({ "type": "button", "action_id": who_missed_action(a.side, who), "text": plain(who_label(a.side, who)), "value": value })
            })
            .collect();
        blocks.push(
            json!({ "type": "actions", "block_id": "who_missed_actions", "elements": elements }),
        );
    } else {
        blocks.push(section(a.lead));
    }
    if a.reopen {
        said.push(OFFER_AGAIN.to_owned());
        blocks.push(section(OFFER_AGAIN));
        blocks.push(json!({
            "type": "actions",
            "block_id": "reopen_actions",
            "elements": [{ "type": "button", "action_id": action::REOPEN_ASK, "text": plain("Find me another mentor"), "value": value }]
        }));
    }
    json!({ "channel": channel, "ts": ts, "text": said.join(" "), "blocks": blocks })
}

/// A prompt rewritten with a last word and no buttons.
pub fn answered(channel: &str, ts: &str, text: &str) -> Value {
    json!({ "channel": channel, "ts": ts, "text": text, "blocks": [section(text)] })
}

/// A moment in the reader's own zone (Slack renders `<!date>`).
fn day(at: DateTime<Utc>) -> String {
    format!(
        "<!date^{}^{{date_long_pretty}}|{} UTC>",
        at.timestamp(),
        at.format("%a %-d %b %Y")
    )
}

/// Why, in one sentence, without blame.
fn why(side: Side) -> String {
    let (them, whom) = match side {
        Side::Mentor => ("mentee", "mentoring offers to you"),
        Side::Mentee => ("mentor", "new asks from you"),
    };
    format!(
        "I've paused {whom} for a while: in the last {WINDOW_DAYS} days, {THRESHOLD} sessions didn't happen and each time your {them} said you couldn't make it."
    )
}

/// The one button that lifts a pause.
fn lift_button(side: Side, value: &ButtonValue) -> Value {
    let (action_id, label) = match side {
        Side::Mentor => (action::RESUME_OFFERS, "Resume"),
        Side::Mentee => (action::READY_TO_ASK, "I'm ready to ask again"),
    };
    json!({
        "type": "actions",
        "block_id": "no_show_pause_actions",
        "elements": [{ "type": "button", "action_id": action_id, "text": plain(label), "style": "primary", "value": value.encode() }]
    })
}

/// Told kindly and privately, in their DM (`user` is their checked id): paused,
/// why, that nobody else knows, and how to lift it. `value` names the session
/// that crossed the threshold and the person paused.
pub fn paused(side: Side, user: &str, until: DateTime<Utc>, value: &ButtonValue) -> Value {
    let lift = match side {
        Side::Mentor => format!(
            "Whenever you're ready, click *Resume* and offers start again (or they will on their own on {}).",
            day(until)
        ),
        Side::Mentee => format!(
            "Whenever you're ready, click *I'm ready to ask again* and `/ask` works again (or it will on its own on {}).",
            day(until)
        ),
    };
    let text = format!(
        "{} Life gets busy — this just means nobody waits in the meantime. Nobody else is told about it. {lift}",
        why(side)
    );
    json!({
        "channel": user,
        "text": text,
        "blocks": [section(&text), lift_button(side, value)]
    })
}

/// The pause note after it was lifted.
pub fn lifted(channel: &str, ts: &str, side: Side) -> Value {
    answered(channel, ts, back(side))
}

/// What someone is told when they lift their pause.
pub fn back(side: Side) -> &'static str {
    match side {
        Side::Mentor => OFFERS_BACK,
        Side::Mentee => ASKING_BACK,
    }
}

/// The answer to `/ask` while asking is paused: why, and the button that lifts it.
pub fn asking_paused(until: DateTime<Utc>, value: &ButtonValue) -> Value {
    let text = format!(
        "Asking is paused for now: a few recent sessions didn't happen, and your mentors said you couldn't make it. Click *I'm ready to ask again* whenever you are (it also lifts on its own on {}).",
        day(until)
    );
    json!({
        "response_type": "ephemeral",
        "replace_original": false,
        "text": text,
        "blocks": [section(&text), lift_button(Side::Mentee, value)]
    })
}
