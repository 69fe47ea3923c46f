//! "My data" (`/ask my-data`): everything stored about someone, to take with
//! them (an export), and what "Delete my data" erases and what it keeps.
//!
//! **Erased**: the person's mentor settings and skills, their don't-match list
//! (and their place on other people's lists), the free text of their asks (topic
//! and details), their feedback (ratings and notes they gave), offers made to
//! them, their no-show pauses, office hours reminders, admin preferences and
//! anything the bot cached about them. Their open asks are cancelled and the
//! mentors told; offers waiting on them go to the next mentor; their upcoming
//! office hours and bookings are cancelled with the others told.
//!
//! **Kept, naming nobody**: each ask and session as a row the organisation's
//! figures count (skills, dates, time box, outcome), with the person's id
//! replaced by a pseudonym ([`pseudonym`]) that names no Slack user. The other
//! person's record shows "a former participant" for them. A pseudonym is one per
//! erasure, so figures that count people (mentors' load, how many different
//! people asked) stay true without saying who.
//!
//! Messages already in Slack (DMs, group DMs) are the workspace's, under its
//! retention settings; the bot keeps no copy of them.

use chrono::{DateTime, Utc};

use super::history::Role;

/// How a pseudonym starts: never the shape of a Slack user id (`U…`, `W…`).
pub const FORMER_PREFIX: &str = "former-";
/// How a pseudonym is shown to the other person of a session.
pub const FORMER_PARTICIPANT: &str = "a former participant";
/// The topic of an erased ask (a topic may not be empty).
pub const ERASED_TOPIC: &str = "(removed)";

/// A pseudonym from a random number: one per erasure.
pub fn pseudonym(random: u64) -> String {
    format!("{FORMER_PREFIX}{random:016x}")
}

/// Whether `id` is a pseudonym left by an erasure rather than a person.
pub fn is_former(id: &str) -> bool {
    id.starts_with(FORMER_PREFIX)
}

/// One session from the person's side, as stored (their record and their export).
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub role: Role,
    pub ask_id: i64,
    pub matched_at: DateTime<Utc>,
    pub topic: String,
    pub skills: Vec<String>,
    pub time_box: u16,
    /// The other person's user id.
    pub with: String,
    pub done_at: Option<DateTime<Utc>>,
    /// What this person answered: helpfulness as mentee, clarity as mentor.
    pub rating_given: Option<u8>,
    pub note_given: Option<String>,
    /// What the other answered, as stored; [`Session::received`] says what may show.
    pub rating_received: Option<u8>,
    pub note_received: Option<String>,
    /// Both answered (or the week passed): each side may see the other's answer.
    pub revealed: bool,
    /// The mentee's thank-you note reached the mentor alone (`core::feedback`).
    pub thanks_delivered: bool,
}

impl Session {
    /// What the other person said that this person may see: nothing before
    /// both answered, except the thank-you note once it reached the mentor —
    /// an export never reveals what the session itself has not.
    pub fn received(&self) -> (Option<u8>, Option<&str>) {
        if self.revealed {
            return (self.rating_received, self.note_received.as_deref());
        }
        let note = match self.role {
            Role::Mentor if self.thanks_delivered => self.note_received.as_deref(),
            _ => None,
        };
        (None, note)
    }
}

/// Everything stored about one person. Sessions are typed because the reveal
/// rule decides what shows; the rest is each table's rows about them as stored
/// (every column, so nothing added later is left out), by section name.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub user_id: String,
    pub exported_at: DateTime<Utc>,
    pub sessions: Vec<Session>,
    pub stored: serde_json::Map<String, serde_json::Value>,
}

/// What an erasure changed, for the person's confirmation and the logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Erased {
    /// Asks whose text was erased (their rows kept for the figures).
    pub asks: u64,
    /// Sessions kept under the pseudonym.
    pub sessions: u64,
    /// Offers to them deleted.
    pub offers: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn session(role: Role) -> Session {
        Session {
            role,
            ask_id: 1,
            matched_at: Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap(),
            topic: "Lifetimes".into(),
            skills: vec!["Rust".into()],
            time_box: 20,
            with: "U2".into(),
            done_at: None,
            rating_given: Some(4),
            note_given: None,
            rating_received: Some(5),
            note_received: Some("thanks!".into()),
            revealed: false,
            thanks_delivered: false,
        }
    }

    #[test]
    fn pseudonyms_are_never_slack_ids_and_are_recognised() {
        let p = pseudonym(0xabc);
        assert_eq!(p, "former-0000000000000abc");
        assert!(is_former(&p));
        assert!(!crate::core::text::is_user_id(&p));
        assert!(!is_former("U123ABC"));
    }

    #[test]
    fn nothing_the_other_said_shows_before_both_answered() {
        for role in [Role::Mentee, Role::Mentor] {
            assert_eq!(session(role).received(), (None, None));
        }
    }

    #[test]
    fn once_revealed_both_rating_and_note_show() {
        let mut s = session(Role::Mentee);
        s.revealed = true;
        assert_eq!(s.received(), (Some(5), Some("thanks!")));
    }

    #[test]
    fn a_thank_you_delivered_alone_shows_to_the_mentor_without_the_rating() {
        let mut s = session(Role::Mentor);
        s.thanks_delivered = true;
        assert_eq!(s.received(), (None, Some("thanks!")));
        // The mentee never gets the mentor's note that way.
        let mut s = session(Role::Mentee);
        s.thanks_delivered = true;
        assert_eq!(s.received(), (None, None));
    }
}
