//! Office hours: the modal, the channel announcement with its Book (or Remind
//! me) buttons, the messages around a booking, the sections Home and channel
//! digests show, and every sentence answering an office hours click.
//!
//! Times are `<!date^…>` so each reader sees their own zone; the fallback is UTC.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde_json::{json, Value};

use super::blocks::{context, dm, input, mrkdwn, option, plain, section, when};
use super::ids::{action, office_hours as id, SlotValue, OFFICE_HOURS_MODAL};
use crate::core::office_hours::{
    BookRefusal, CancelBookingRefusal, CancelSessionRefusal, Kind, RemindRefusal, Session,
    MAX_CHANNELS, MAX_SKILLS, MAX_SLOTS, MAX_TOPIC, REMIND_BEFORE, SLOT_LENGTHS,
};
use crate::core::text::{escape_mrkdwn, truncate};

/// Sessions listed on Home and in a digest.
pub const MAX_ON_HOME: usize = 10;
pub const MAX_IN_DIGEST: usize = 5;
/// The default number of slots in the modal.
const DEFAULT_SLOTS: u8 = 4;

/// A time of day in the reader's zone.
fn time_of(t: DateTime<Utc>) -> String {
    format!(
        "<!date^{}^{{time}}|{}>",
        t.timestamp(),
        t.format("%H:%M UTC")
    )
}

fn topic(s: &Session) -> String {
    escape_mrkdwn(&truncate(&s.topic, MAX_TOPIC))
}

fn skills_line(s: &Session) -> String {
    s.skills
        .iter()
        .map(|k| escape_mrkdwn(&truncate(&k.label, 60)))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------- the modal

/// The `/mentor office-hours` modal. `tz` is the host's zone (the date and time
/// are read in it; it travels in `private_metadata`); the channels start as the
/// digest channels.
pub fn modal(tz: Tz, default_channels: &[String], today: NaiveDate) -> Value {
    let lengths: Vec<Value> = SLOT_LENGTHS
        .iter()
        .map(|m| option(&format!("{m} minutes"), &m.to_string()))
        .collect();
    let counts: Vec<Value> = (1..=MAX_SLOTS)
        .map(|n| option(&n.to_string(), &n.to_string()))
        .collect();
    let slots_option = option("Bookable slots — one person each", Kind::Slots.as_str());
    let qa_option = option(
        "Open Q&A — no booking; people ask to be reminded",
        Kind::OpenQa.as_str(),
    );
    let mut channels = json!({
        "type": "multi_conversations_select",
        "action_id": id::CHANNELS,
        "placeholder": plain("Channels to announce in"),
        "max_selected_items": MAX_CHANNELS,
        "filter": { "include": ["public", "private"], "exclude_bot_users": true },
    });
    if !default_channels.is_empty() {
        channels["initial_conversations"] = json!(default_channels
            .iter()
            .take(MAX_CHANNELS)
            .collect::<Vec<_>>());
    }
    json!({
        "type": "modal",
        "callback_id": OFFICE_HOURS_MODAL,
        "private_metadata": tz.name(),
        "title": plain("Office hours"),
        "submit": plain("Announce"),
        "close": plain("Cancel"),
        "blocks": [
            context(&format!(
                "Time people can book, or drop in to. Day and time are in your zone, *{}*; everyone sees them in theirs.",
                tz.name()
            )),
            input(id::TOPIC, "What about?", json!({
                "type": "plain_text_input",
                "action_id": id::TOPIC,
                "max_length": MAX_TOPIC,
                "placeholder": plain("e.g. Rust ownership and lifetimes"),
            }), false, None),
            input(id::SKILLS, "Skills", json!({
                "type": "multi_external_select",
                "action_id": id::SKILLS,
                "placeholder": plain("Search skills"),
                "min_query_length": 0,
                "max_selected_items": MAX_SKILLS,
            }), false, Some("1 to 5.")),
            input(id::DATE, "Day", json!({
                "type": "datepicker",
                "action_id": id::DATE,
                "initial_date": today.format("%Y-%m-%d").to_string(),
            }), false, None),
            input(id::TIME, "Starts at", json!({
                "type": "timepicker",
                "action_id": id::TIME,
                "placeholder": plain("Start time"),
            }), false, Some(&format!("Your time ({}).", tz.name()))),
            input(id::KIND, "Format", json!({
                "type": "radio_buttons",
                "action_id": id::KIND,
                "options": [slots_option, qa_option],
                "initial_option": slots_option,
            }), false, None),
            input(id::SLOT_LENGTH, "Slot length", json!({
                "type": "static_select",
                "action_id": id::SLOT_LENGTH,
                "options": lengths,
                "initial_option": lengths[1],
            }), false, None),
            input(id::SLOTS, "Number of slots", json!({
                "type": "static_select",
                "action_id": id::SLOTS,
                "options": counts,
                "initial_option": counts[usize::from(DEFAULT_SLOTS) - 1],
            }), false, Some("Open Q&A lasts this many slot lengths.")),
            input(id::CHANNELS, "Announce in", channels, true,
                  Some("Left empty: the digest channel(s).")),
        ]
    })
}

// ---------------------------------------------------------------- the announcement

/// The announcement in `channel`: topic, host, skills and each slot in the
/// reader's time with a Book button while free (open Q&A: one Remind me).
/// Who booked is not shown in the channel, only that the slot is taken.
pub fn announcement(s: &Session, channel: &str) -> Value {
    let mut blocks = vec![
        section(&format!(
            ":office: *Office hours with <@{}>:* {}",
            s.host_id,
            topic(s)
        )),
        context(&match s.kind {
            Kind::Slots => format!(
                "{} · {} slots of {} minutes · times in your own zone",
                skills_line(s),
                s.slots,
                s.slot_minutes
            ),
            Kind::OpenQa => format!(
                "{} · open Q&amp;A, drop in · times in your own zone",
                skills_line(s)
            ),
        }),
    ];
    match s.kind {
        Kind::Slots => {
            for slot in 0..s.slots {
                blocks.push(slot_block(s, slot));
            }
        }
        Kind::OpenQa => {
            blocks.push(section(&format!(
                "{} – {}",
                when(s.starts_at),
                time_of(s.ends_at())
            )));
            if !s.cancelled {
                blocks.push(json!({
                    "type": "actions",
                    "block_id": "oh_remind",
                    "elements": [{
                        "type": "button",
                        "action_id": action::REMIND_ME,
                        "text": plain("Remind me"),
                        "value": SlotValue::session(s.id).encode(),
                    }]
                }));
            }
        }
    }
    if s.cancelled {
        blocks.push(section(":no_entry: *Cancelled* by the host."));
    }
    json!({
        "channel": channel,
        "text": format!("Office hours with <@{}>: {}", s.host_id, topic(s)),
        "blocks": blocks,
    })
}

fn slot_block(s: &Session, slot: u8) -> Value {
    let at = format!(
        "{} – {}",
        when(s.slot_start(slot)),
        time_of(s.slot_end(slot))
    );
    let block_id = format!("oh_slot_{slot}");
    match (s.booking_of(slot), s.cancelled) {
        (None, false) => json!({
            "type": "section",
            "block_id": block_id,
            "text": mrkdwn(&format!("{at} · free")),
            "accessory": {
                "type": "button",
                // action_ids must be unique within a message.
                "action_id": format!("{}:{slot}", action::BOOK_SLOT),
                "text": plain("Book"),
                "style": "primary",
                "value": SlotValue::slot(s.id, slot).encode(),
            }
        }),
        (Some(_), false) => json!({
            "type": "section",
            "block_id": block_id,
            "text": mrkdwn(&format!("~{at}~ · booked")),
        }),
        (_, true) => json!({
            "type": "section",
            "block_id": block_id,
            "text": mrkdwn(&format!("~{at}~")),
        }),
    }
}

/// The announcement rewritten in place (`chat.update`).
pub fn announcement_update(s: &Session, channel: &str, ts: &str) -> Value {
    let mut message = announcement(s, channel);
    message["ts"] = ts.into();
    message
}

// ---------------------------------------------------------------- to the host

/// To the host once announced: where it went, where it could not go, and a
/// button to cancel the whole session.
pub fn host_confirmation(s: &Session, posted: &[String], failed: &[String]) -> Value {
    let channels = |ids: &[String]| {
        ids.iter()
            .map(|c| format!("<#{c}>"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = format!(
        "Your office hours on *{}* start {}.",
        topic(s),
        when(s.starts_at)
    );
    if !posted.is_empty() {
        text.push_str(&format!(" Announced in {}.", channels(posted)));
    }
    if !failed.is_empty() {
        text.push_str(&format!(
            "\nI couldn't post in {}: invite me there (`/invite @micromentor`).",
            channels(failed)
        ));
    }
    text.push_str(&format!(
        "\nI'll remind you {} minutes before{}.",
        REMIND_BEFORE.num_minutes(),
        match s.kind {
            Kind::Slots => " each booked slot",
            Kind::OpenQa => "",
        }
    ));
    let mut message = dm(&s.host_id, &text);
    message["blocks"]
        .as_array_mut()
        .expect("dm has blocks")
        .push(cancel_session_actions(s));
    message
}

fn cancel_session_actions(s: &Session) -> Value {
    json!({
        "type": "actions",
        "block_id": "oh_host_actions",
        "elements": [cancel_session_button(s)]
    })
}

fn cancel_session_button(s: &Session) -> Value {
    json!({
        "type": "button",
        "action_id": format!("{}:{}", action::CANCEL_SESSION, s.id),
        "text": plain("Cancel session"),
        "style": "danger",
        "value": SlotValue::session(s.id).encode(),
        "confirm": {
            "title": plain("Cancel office hours?"),
            "text": plain("Everyone who booked is told, and the announcement says it's cancelled."),
            "confirm": plain("Cancel them"),
            "deny": plain("Keep them"),
        }
    })
}

// ---------------------------------------------------------------- a booking

/// Booker and host in their group DM once a slot is booked.
pub fn slot_booked(s: &Session, slot: u8, booker: &str, channel: &str) -> Value {
    let text = format!(
        ":calendar: <@{booker}> booked a slot of <@{host}>'s office hours on *{topic}*: {at}, {mins} minutes.\n\
         I'll remind you both {before} minutes before. <@{booker}>, if you can't make it, free the slot here.",
        host = s.host_id,
        topic = topic(s),
        at = when(s.slot_start(slot)),
        mins = s.slot_minutes,
        before = REMIND_BEFORE.num_minutes(),
    );
    json!({
        "channel": channel,
        "text": format!("Office hours booked: {}", topic(s)),
        "blocks": [
            section(&text),
            {
                "type": "actions",
                "block_id": "oh_booking_actions",
                "elements": [{
                    "type": "button",
                    "action_id": action::CANCEL_BOOKING,
                    "text": plain("Cancel my booking"),
                    "value": SlotValue::slot(s.id, slot).encode(),
                }]
            }
        ]
    })
}

/// The booking DM rewritten once the booker cancelled.
pub fn slot_booking_cancelled(
    s: &Session,
    slot: u8,
    booker: &str,
    channel: &str,
    ts: &str,
) -> Value {
    let text = format!(
        "<@{booker}> cancelled their slot ({}) of the office hours on *{}*; it's free for someone else.",
        when(s.slot_start(slot)),
        topic(s)
    );
    let mut message = dm(channel, &text);
    message["ts"] = ts.into();
    message
}

/// To someone whose booking went with the session the host cancelled.
pub fn session_cancelled_dm(s: &Session, slot: u8, to: &str) -> Value {
    dm(
        to,
        &format!(
            "Sorry — <@{}> cancelled their office hours on *{}*, so your slot ({}) is off.",
            s.host_id,
            topic(s),
            when(s.slot_start(slot))
        ),
    )
}

/// The 15-minute reminder of a booked slot, to `to` (booker or host).
pub fn slot_reminder(s: &Session, slot: u8, booker: &str, to: &str) -> Value {
    let other = if to == booker { &s.host_id } else { booker };
    dm(
        to,
        &format!(
            ":alarm_clock: Soon: your office hours slot with <@{other}> on *{}* — {}, {} minutes.",
            topic(s),
            when(s.slot_start(slot)),
            s.slot_minutes
        ),
    )
}

/// The 15-minute reminder of an open Q&A, to the host or someone on the list.
pub fn qa_reminder(s: &Session, to: &str) -> Value {
    let text = if to == s.host_id {
        format!(
            ":alarm_clock: Soon: your open Q&amp;A on *{}* — {}.",
            topic(s),
            when(s.starts_at)
        )
    } else {
        format!(
            ":alarm_clock: Soon: open Q&amp;A with <@{}> on *{}* — {}. Drop in!",
            s.host_id,
            topic(s),
            when(s.starts_at)
        )
    };
    dm(to, &text)
}

// ---------------------------------------------------------------- Home and digests

fn summary_line(s: &Session) -> String {
    let booked = match s.kind {
        Kind::Slots => format!("{} of {} slots booked", s.bookings.len(), s.slots),
        Kind::OpenQa => "open Q&amp;A".to_owned(),
    };
    format!("*{}* — {} · {booked}", topic(s), when(s.starts_at))
}

/// The host's upcoming office hours for Home, each with Cancel; nothing when
/// there are none.
pub fn home_section(sessions: &[Session]) -> Vec<Value> {
    if sessions.is_empty() {
        return Vec::new();
    }
    let mut blocks = vec![section(
        "*Your office hours* (`/mentor office-hours` to announce more):",
    )];
    for s in sessions.iter().take(MAX_ON_HOME) {
        blocks.push(json!({
            "type": "section",
            "block_id": format!("oh_home_{}", s.id),
            "text": mrkdwn(&summary_line(s)),
            "accessory": cancel_session_button(s),
        }));
    }
    blocks
}

/// Puts [`home_section`] into a built Home view, before its last divider (the
/// organisation's numbers).
pub fn add_to_home(view: &mut Value, sessions: &[Session]) {
    let section = home_section(sessions);
    let Some(blocks) = view["blocks"].as_array_mut() else {
        return;
    };
    let at = blocks
        .iter()
        .rposition(|b| b["type"] == "divider")
        .unwrap_or(blocks.len());
    blocks.splice(at..at, section);
}

/// Upcoming office hours announced in a channel, one block for its digest.
pub fn digest_section(sessions: &[Session]) -> Option<Value> {
    if sessions.is_empty() {
        return None;
    }
    let lines: Vec<String> = sessions
        .iter()
        .take(MAX_IN_DIGEST)
        .map(|s| {
            let free = match s.kind {
                Kind::Slots => format!("{} of {} slots free", s.free_slots(), s.slots),
                Kind::OpenQa => "open Q&amp;A".to_owned(),
            };
            format!(
                "• *{}* with <@{}> — {} · {free}",
                escape_mrkdwn(&truncate(&s.topic, 100)),
                s.host_id,
                when(s.starts_at)
            )
        })
        .collect();
    Some(section(&format!(
        "*Upcoming office hours* (book from their announcements in this channel):\n{}",
        lines.join("\n")
    )))
}

/// Adds [`digest_section`] at the end of a digest message.
pub fn add_to_digest(message: &mut Value, sessions: &[Session]) {
    if let (Some(section), Some(blocks)) =
        (digest_section(sessions), message["blocks"].as_array_mut())
    {
        blocks.push(section);
    }
}

/// A digest with no open asks but upcoming office hours.
pub fn digest_without_asks(sessions: &[Session]) -> Option<Value> {
    let section = digest_section(sessions)?;
    Some(json!({
        "text": format!("{} upcoming office hours", sessions.len().min(MAX_IN_DIGEST)),
        "blocks": [section],
    }))
}

// ---------------------------------------------------------------- answers to clicks

pub const SESSION_NOT_FOUND: &str = "I can't find those office hours any more.";
pub const SLOT_GONE: &str =
    "Sorry — someone booked that slot a moment before you. Pick another one if you can.";

pub fn book_refused(refusal: BookRefusal) -> &'static str {
    match refusal {
        BookRefusal::Taken => SLOT_GONE,
        BookRefusal::AlreadyYours => "That slot is already yours — see our group DM.",
        BookRefusal::OneEach => {
            "You already have a slot in these office hours; one each, so everyone gets a turn."
        }
        BookRefusal::OwnSession => "These are your own office hours — you can't book them.",
        BookRefusal::Started => "That slot has already started.",
        BookRefusal::Cancelled => "These office hours were cancelled.",
        BookRefusal::NotBookable | BookRefusal::NoSuchSlot => SESSION_NOT_FOUND,
    }
}

pub fn cancel_booking_refused(refusal: CancelBookingRefusal) -> &'static str {
    match refusal {
        CancelBookingRefusal::NoBooking => "That booking is already cancelled.",
        CancelBookingRefusal::NotYours => {
            "Only the person who booked can cancel this slot (hosts cancel the whole session from Home)."
        }
        CancelBookingRefusal::Started => "That slot has already started.",
        CancelBookingRefusal::SessionCancelled => "These office hours were cancelled anyway.",
    }
}

pub fn cancel_session_refused(refusal: CancelSessionRefusal) -> &'static str {
    match refusal {
        CancelSessionRefusal::NotHost => "Only the host can cancel these office hours.",
        CancelSessionRefusal::AlreadyCancelled => "Already cancelled.",
        CancelSessionRefusal::Over => "These office hours are over.",
    }
}

pub fn remind_refused(refusal: RemindRefusal) -> &'static str {
    match refusal {
        RemindRefusal::Host => "You're the host — I'll remind you anyway.",
        RemindRefusal::Started => "It has already started — drop in!",
        RemindRefusal::Cancelled => "These office hours were cancelled.",
        RemindRefusal::NotOpenQa => SESSION_NOT_FOUND,
    }
}

pub fn reminding_you(s: &Session) -> String {
    format!(
        "I'll remind you {} minutes before it starts ({}).",
        REMIND_BEFORE.num_minutes(),
        when(s.starts_at)
    )
}

pub fn booking_cancelled(s: &Session) -> String {
    format!(
        "Cancelled your slot of the office hours on “{}”; it's free for someone else.",
        topic(s)
    )
}

pub fn session_cancelled(s: &Session, told: usize) -> String {
    match told {
        0 => format!("Cancelled your office hours on “{}”.", topic(s)),
        1 => format!(
            "Cancelled your office hours on “{}”; the person who booked has been told.",
            topic(s)
        ),
        n => format!(
            "Cancelled your office hours on “{}”; the {n} people who booked have been told.",
            topic(s)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::office_hours::Booking;
    use crate::core::skills::Skill;

    fn session(kind: Kind) -> Session {
        Session {
            id: 9,
            team_id: "T1".into(),
            host_id: "UHOST".into(),
            topic: "<!channel> Rust & friends".into(),
            skills: vec![Skill::parse("Rust").unwrap()],
            tz: chrono_tz::Europe::London,
            starts_at: "2026-03-04T14:00:00Z".parse().unwrap(),
            slot_minutes: 20,
            slots: 3,
            kind,
            channels: vec!["C1".into()],
            cancelled: false,
            bookings: vec![Booking {
                id: 1,
                slot: 1,
                user_id: "UA".into(),
            }],
        }
    }

    fn texts(v: &Value) -> String {
        v.to_string()
    }

    #[test]
    fn slots_are_in_the_readers_zone_and_booked_ones_have_no_button() {
        let v = announcement(&session(Kind::Slots), "C1");
        let blocks = v["blocks"].as_array().unwrap();
        let slots: Vec<&Value> = blocks
            .iter()
            .filter(|b| {
                b["block_id"]
                    .as_str()
                    .is_some_and(|i| i.starts_with("oh_slot_"))
            })
            .collect();
        assert_eq!(slots.len(), 3);
        assert!(slots[0]["text"]["text"]
            .as_str()
            .unwrap()
            .starts_with("<!date^1772632800^{date_short_pretty} at {time}|Wed 4 Mar 14:00 UTC>"));
        assert_eq!(slots[0]["accessory"]["value"], "9:0");
        assert!(slots[1].get("accessory").is_none());
        assert!(slots[1]["text"]["text"]
            .as_str()
            .unwrap()
            .ends_with("booked"));
        // Nobody is pinged through the topic, and the booker is not named.
        assert!(!texts(&v).contains("<!channel>") && !texts(&v).contains("UA"));
    }

    #[test]
    fn cancelled_and_open_qa_announcements() {
        let mut s = session(Kind::Slots);
        s.cancelled = true;
        let v = announcement(&s, "C1");
        assert!(!texts(&v).contains(action::BOOK_SLOT));
        assert!(texts(&v).contains("Cancelled"));
        let qa = announcement(&session(Kind::OpenQa), "C1");
        assert!(texts(&qa).contains(action::REMIND_ME));
        assert!(!texts(&qa).contains(action::BOOK_SLOT));
    }

    #[test]
    fn the_home_section_goes_before_the_organisation_numbers() {
        let mut view = json!({ "type": "home", "blocks": [
            { "type": "header" }, { "type": "divider" }, { "type": "section" },
            { "type": "divider" }, { "type": "section", "text": "org" }
        ]});
        add_to_home(&mut view, &[session(Kind::Slots)]);
        let blocks = view["blocks"].as_array().unwrap();
        assert_eq!(blocks.len(), 7);
        assert_eq!(blocks[4]["block_id"], "oh_home_9");
        assert_eq!(blocks[5]["type"], "divider");
        let mut empty = json!({ "type": "home", "blocks": [{ "type": "divider" }] });
        add_to_home(&mut empty, &[]);
        assert_eq!(empty["blocks"].as_array().unwrap().len(), 1);
    }
}
