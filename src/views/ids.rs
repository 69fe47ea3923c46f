//! `callback_id`, `block_id` and `action_id` values shared by views and handlers.
//! In the settings modal each input's action_id equals its block_id.

use crate::core::ask::AskField;
use crate::core::mentor::Field;
use crate::core::office_hours::OfficeHoursField;
use crate::core::text::is_user_id;

pub const MENTOR_MODAL: &str = "mentor_settings";
pub const ASK_MODAL: &str = "ask";
pub const RATE_MODAL: &str = "rate_session";
pub const OFFICE_HOURS_MODAL: &str = "office_hours";

pub mod ask {
    pub const TOPIC: &str = "topic";
    pub const DETAILS: &str = "details";
    pub const SKILLS: &str = "ask_skills";
    pub const TIME_BOX: &str = "time_box";
    pub const FORMAT: &str = "format";
    pub const PERSPECTIVES: &str = "perspectives";
    pub const IN_DIGEST: &str = "in_digest";
    pub const NEEDED_BY: &str = "needed_by";
}

/// Buttons; each carries a [`ButtonValue`]. Where one message repeats a button,
/// its action_id gets a `:<ask id>` suffix (see [`base_action`]).
pub mod action {
    pub const ACCEPT: &str = "accept_offer";
    pub const DECLINE_NOT_MY_AREA: &str = "decline_not_my_area";
    pub const DECLINE_NO_TIME: &str = "decline_no_time";
    pub const DECLINE_PAUSE_WEEK: &str = "decline_pause_week";
    pub const CANCEL_ASK: &str = "cancel_ask";
    pub const MARK_DONE: &str = "mark_done";
    pub const HELP_FROM_DIGEST: &str = "help_from_digest";
    pub const FOLLOWUP_YES: &str = "followup_yes";
    pub const FOLLOWUP_NOT_YET: &str = "followup_not_yet";
    pub const FOLLOWUP_NO: &str = "followup_no";
    pub const REOPEN_ASK: &str = "reopen_ask";
    /// Office hours buttons carry a [`super::SlotValue`], not a `ButtonValue`.
    pub const BOOK_SLOT: &str = "oh_book";
    pub const REMIND_ME: &str = "oh_remind_me";
    pub const CANCEL_BOOKING: &str = "oh_cancel_booking";
    pub const CANCEL_SESSION: &str = "oh_cancel_session";
    pub const OFFICE_HOURS: [&str; 4] = [BOOK_SLOT, REMIND_ME, CANCEL_BOOKING, CANCEL_SESSION];
}

/// The actions block of an offer DM (its buttons are in [`action`]).
pub const OFFER_ACTIONS: &str = "offer_actions";

/// The rating modal's inputs (block_id = action_id).
pub mod rate {
    pub const RATING: &str = "rating";
    pub const NOTE: &str = "note";
}

pub mod mentor {
    pub const OPT_IN: &str = "opt_in";
    /// The options of the OPT_IN checkboxes.
    pub const OPT_IN_YES: &str = "yes";
    pub const OPT_IN_ANY_TIME: &str = "any_time";
    pub const SKILLS: &str = "skills";
    pub const NEW_SKILLS: &str = "new_skills";
    pub const CAPACITY: &str = "capacity";
    pub const PAUSE_UNTIL: &str = "pause_until";
    pub const DAYS: &str = "work_days";
    pub const START: &str = "work_start";
    pub const END: &str = "work_end";
    pub const HELP_TEXT: &str = "help_text";
}

/// The office hours modal's inputs (block_id = action_id).
pub mod office_hours {
    pub const TOPIC: &str = "oh_topic";
    pub const SKILLS: &str = "oh_skills";
    pub const DATE: &str = "oh_date";
    pub const TIME: &str = "oh_time";
    pub const SLOT_LENGTH: &str = "oh_slot_length";
    pub const SLOTS: &str = "oh_slots";
    pub const KIND: &str = "oh_kind";
    pub const CHANNELS: &str = "oh_channels";
}

/// The block that shows an office hours field's error.
pub fn office_hours_block(field: OfficeHoursField) -> &'static str {
    match field {
        OfficeHoursField::Topic => office_hours::TOPIC,
        OfficeHoursField::Skills => office_hours::SKILLS,
        OfficeHoursField::Date => office_hours::DATE,
        OfficeHoursField::Time => office_hours::TIME,
        OfficeHoursField::SlotLength => office_hours::SLOT_LENGTH,
        OfficeHoursField::Slots => office_hours::SLOTS,
        OfficeHoursField::Kind => office_hours::KIND,
        OfficeHoursField::Channels => office_hours::CHANNELS,
    }
}

/// The block that shows a field's error.
pub fn mentor_block(field: Field) -> &'static str {
    match field {
        Field::Skills => mentor::SKILLS,
        Field::NewSkills => mentor::NEW_SKILLS,
        Field::Capacity => mentor::CAPACITY,
        Field::PauseUntil => mentor::PAUSE_UNTIL,
        Field::Days => mentor::DAYS,
        Field::Start => mentor::START,
        Field::End => mentor::END,
        Field::HelpText => mentor::HELP_TEXT,
    }
}

/// The block that shows an ask field's error.
pub fn ask_block(field: AskField) -> &'static str {
    match field {
        AskField::Topic => ask::TOPIC,
        AskField::Details => ask::DETAILS,
        AskField::Skills => ask::SKILLS,
        AskField::TimeBox => ask::TIME_BOX,
        AskField::Format => ask::FORMAT,
        AskField::Perspectives => ask::PERSPECTIVES,
        AskField::NeededBy => ask::NEEDED_BY,
    }
}

/// The action without the `:<id>` suffix that keeps repeated buttons unique.
pub fn base_action(action_id: &str) -> &str {
    action_id.split(':').next().unwrap_or_default()
}

/// What a button carries: the ask, and for buttons about one session the mentor
/// (and for follow-ups the round). Encoded as `ask_id[:mentor[:round]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonValue {
    pub ask_id: i64,
    pub mentor: Option<String>,
    pub round: Option<u8>,
}

impl ButtonValue {
    pub fn ask(ask_id: i64) -> Self {
        ButtonValue {
            ask_id,
            mentor: None,
            round: None,
        }
    }

    pub fn session(ask_id: i64, mentor: &str) -> Self {
        ButtonValue {
            mentor: Some(mentor.to_owned()),
            ..Self::ask(ask_id)
        }
    }

    pub fn followup(ask_id: i64, mentor: &str, round: u8) -> Self {
        ButtonValue {
            round: Some(round),
            ..Self::session(ask_id, mentor)
        }
    }

    pub fn encode(&self) -> String {
        match (&self.mentor, self.round) {
            (Some(m), Some(r)) => format!("{}:{m}:{r}", self.ask_id),
            (Some(m), None) => format!("{}:{m}", self.ask_id),
            _ => self.ask_id.to_string(),
        }
    }

    /// Strict: a number, then a well-formed user id, then a round; anything else
    /// (a forged or mangled value) is `None`.
    pub fn parse(raw: &str) -> Option<Self> {
        let mut parts = raw.split(':');
        let ask_id = parts.next()?.parse().ok()?;
        let mentor = match parts.next() {
            None => None,
            Some(m) if is_user_id(m) => Some(m.to_owned()),
            Some(_) => return None,
        };
        let round = match parts.next() {
            None => None,
            Some(r) => Some(r.parse().ok()?),
        };
        if parts.next().is_some() {
            return None;
        }
        Some(ButtonValue {
            ask_id,
            mentor,
            round,
        })
    }
}

/// What an office hours button carries: the session, and for a slot its
/// number. Encoded as `session_id[:slot]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotValue {
    pub session_id: i64,
    pub slot: Option<u8>,
}

impl SlotValue {
    pub fn session(session_id: i64) -> Self {
        SlotValue {
            session_id,
            slot: None,
        }
    }

    pub fn slot(session_id: i64, slot: u8) -> Self {
        SlotValue {
            session_id,
            slot: Some(slot),
        }
    }

    pub fn encode(&self) -> String {
        match self.slot {
            Some(s) => format!("{}:{s}", self.session_id),
            None => self.session_id.to_string(),
        }
    }

    /// Strict: a number, then optionally a slot number; anything else is `None`.
    pub fn parse(raw: &str) -> Option<Self> {
        let mut parts = raw.split(':');
        let session_id = parts.next()?.parse().ok()?;
        let slot = match parts.next() {
            None => None,
            Some(s) => Some(s.parse().ok()?),
        };
        if parts.next().is_some() {
            return None;
        }
        Some(SlotValue { session_id, slot })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn button_values_round_trip() {
        for v in [
            ButtonValue::ask(7),
            ButtonValue::session(7, "UM1"),
            ButtonValue::followup(7, "UM1", 2),
        ] {
            assert_eq!(ButtonValue::parse(&v.encode()), Some(v));
        }
    }

    #[test]
    fn mangled_or_forged_values_are_refused() {
        for bad in ["", "x", "7:<!channel>", "7:UM1:x", "7:UM1:1:extra", "7:"] {
            assert_eq!(ButtonValue::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn slot_values_round_trip_and_refuse_forgeries() {
        for v in [SlotValue::session(7), SlotValue::slot(7, 3)] {
            assert_eq!(SlotValue::parse(&v.encode()), Some(v));
        }
        for bad in ["", "x", "7:", "7:x", "7:3:1", "7:300", "7:-1"] {
            assert_eq!(SlotValue::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn repeated_buttons_share_a_base_action() {
        assert_eq!(base_action("help_from_digest:12"), "help_from_digest");
        assert_eq!(base_action("accept_offer"), "accept_offer");
    }
}
