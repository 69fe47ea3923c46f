//! `/ask my-data`: the choice (export or delete), the "Delete my data"
//! confirmation, the export file and what the person is told.

use serde_json::{json, Value};

use super::blocks::{context, plain, section};
use super::ids::{action, ERASE_MODAL};
use crate::core::my_data::{Erased, Record, Session};

const ERASED: &str = "your mentor settings and skills, the text of your asks, \
    the feedback you gave, offers made to you, your don't-match list, pauses and reminders";
const KEPT: &str = "each ask and session as an anonymous row for the organisation's \
    figures (skills, dates, outcome) — it names nobody, and the other person's record \
    shows \"a former participant\"";

/// The ephemeral answer to `/ask my-data`.
pub fn menu() -> Value {
    json!({
        "response_type": "ephemeral",
        "replace_original": false,
        "text": "Your data: export it or delete it",
        "blocks": [
            section("*Your data in micromentor*\n*Export* sends you a JSON file, in your DM, \
                     of everything stored about you. *Delete my data* erases it (you'll be asked \
                     to confirm)."),
            {
                "type": "actions",
                "elements": [
                    { "type": "button", "action_id": action::MY_DATA_EXPORT, "text": plain("Export"), "value": "export" },
                    { "type": "button", "action_id": action::MY_DATA_DELETE, "text": plain("Delete my data…"), "value": "delete", "style": "danger" },
                ]
            },
            context("Messages already in Slack are your workspace's, under its retention settings; \
                     the bot keeps no copy of them."),
        ]
    })
}

/// The confirmation: what goes, what stays. Submitting it is the consent.
pub fn confirm_modal() -> Value {
    json!({
        "type": "modal",
        "callback_id": ERASE_MODAL,
        "title": plain("Delete my data"),
        "submit": plain("Delete my data"),
        "close": plain("Keep my data"),
        "blocks": [
            section(&format!("*This erases {ERASED}.*")),
            section("Your open asks are cancelled (the mentors are told), offers waiting on you \
                     go to someone else, and your upcoming office hours and bookings are cancelled."),
            section(&format!("*Kept:* {KEPT}.")),
            context("This can't be undone. You can still use micromentor afterwards, as someone new."),
        ]
    })
}

/// The modal, once submitted, turned into one line of news.
fn modal_says(text: &str) -> Value {
    json!({
        "response_action": "update",
        "view": {
            "type": "modal",
            "title": plain("Delete my data"),
            "close": plain("Close"),
            "blocks": [section(text)]
        }
    })
}

/// What the modal turns into once submitted.
pub fn erasing() -> Value {
    modal_says("Deleting your data now. You'll get a DM when it's done.")
}

/// Shown in the modal when the erasure could not be started; nothing changed.
pub fn erase_failed() -> Value {
    modal_says(
        "Something went wrong on our side and nothing was deleted. \
         Please try `/ask my-data` again in a minute.",
    )
}

/// The DM once it is done.
pub fn erased_dm(user: &str, erased: &Erased) -> Value {
    let text = format!(
        "Your data is deleted: {ERASED}. {} ask{} and {} session{} remain only as anonymous \
         rows for the organisation's figures; {} offer{} to you deleted.",
        erased.asks,
        plural(erased.asks),
        erased.sessions,
        plural(erased.sessions),
        erased.offers,
        plural(erased.offers),
    );
    super::blocks::dm(user, &text)
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub const EXPORT_TITLE: &str = "My micromentor data";
pub const EXPORT_COMMENT: &str =
    "Everything micromentor stores about you. `/ask my-data` to delete it.";
pub const EXPORT_FAILED: &str =
    "Slack didn't take the file with your data. Try `/ask my-data` again in a minute.";

fn session(s: &Session) -> Value {
    let (rating_received, note_received) = s.received();
    json!({
        "role": s.role.as_str(),
        "ask_id": s.ask_id,
        "matched_at": s.matched_at.to_rfc3339(),
        "topic": s.topic,
        "skills": s.skills,
        "time_box_minutes": s.time_box,
        "with": s.with,
        "done_at": s.done_at.map(|t| t.to_rfc3339()),
        "rating_given": s.rating_given,
        "note_given": s.note_given,
        "rating_received": rating_received,
        "note_received": note_received,
    })
}

/// The export file: pretty JSON, sessions first (with the reveal rule
/// applied), then every stored section as it is in the database.
pub fn export_json(record: &Record) -> String {
    let mut doc = serde_json::Map::new();
    doc.insert("user_id".into(), json!(record.user_id));
    doc.insert("exported_at".into(), json!(record.exported_at.to_rfc3339()));
    doc.insert(
        "about".into(),
        json!(
            "Everything micromentor stores about you. Ratings and notes the other person \
               gave show once you have both answered, as in Slack."
        ),
    );
    doc.insert(
        "sessions".into(),
        Value::Array(record.sessions.iter().map(session).collect()),
    );
    for (name, value) in &record.stored {
        doc.insert(name.clone(), value.clone());
    }
    serde_json::to_string_pretty(&Value::Object(doc)).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::history::Role;
    use chrono::{TimeZone, Utc};

    #[test]
    fn the_export_hides_what_the_other_said_until_revealed() {
        let at = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
        let mut record = Record {
            user_id: "U1".into(),
            exported_at: at,
            sessions: vec![Session {
                role: Role::Mentee,
                ask_id: 7,
                matched_at: at,
                topic: "Lifetimes".into(),
                skills: vec!["Rust".into()],
                time_box: 20,
                with: "U2".into(),
                done_at: None,
                rating_given: Some(5),
                note_given: Some("thanks".into()),
                rating_received: Some(3),
                note_received: Some("be specific".into()),
                revealed: false,
                thanks_delivered: false,
            }],
            stored: serde_json::Map::new(),
        };
        record.stored.insert("dont_match".into(), json!(["U9"]));
        let doc: Value = serde_json::from_str(&export_json(&record)).unwrap();
        assert_eq!(doc["sessions"][0]["rating_given"], 5);
        assert_eq!(doc["sessions"][0]["rating_received"], Value::Null);
        assert_eq!(doc["sessions"][0]["note_received"], Value::Null);
        assert_eq!(doc["dont_match"], json!(["U9"]));
        record.sessions[0].revealed = true;
        let doc: Value = serde_json::from_str(&export_json(&record)).unwrap();
        assert_eq!(doc["sessions"][0]["rating_received"], 3);
        assert_eq!(doc["sessions"][0]["note_received"], "be specific");
    }
}
