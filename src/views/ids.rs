//! `callback_id`, `block_id` and `action_id` values shared by views and handlers.
//! In the settings modal each input's action_id equals its block_id.

use crate::core::ask::AskField;
use crate::core::mentor::Field;
use crate::core::no_shows::{Side, WhoMissed};
use crate::core::office_hours::OfficeHoursField;
use crate::core::text::is_user_id;

pub const MENTOR_MODAL: &str = "mentor_settings";
pub const ASK_MODAL: &str = "ask";
/// The ask form again, to edit an open ask (`private_metadata`: its id).
pub const ASK_EDIT_MODAL: &str = "ask_edit";
pub const RATE_MODAL: &str = "rate_session";
/// The mentor's side of the feedback (how clear was the ask).
pub const MENTOR_FEEDBACK_MODAL: &str = "mentor_feedback";
pub const DECLINE_MODAL: &str = "decline_offer";
pub const NEVER_MATCH_MODAL: &str = "never_match";
pub const OFFICE_HOURS_MODAL: &str = "office_hours";
/// "Delete my data": the confirmation (`core::my_data`).
pub const ERASE_MODAL: &str = "erase_my_data";

pub mod ask {
    pub const TOPIC: &str = "topic";
    pub const DETAILS: &str = "details";
    pub const SKILLS: &str = "ask_skills";
    pub const TIME_BOX: &str = "time_box";
    pub const FORMAT: &str = "format";
    pub const PERSPECTIVES: &str = "perspectives";
    pub const IN_DIGEST: &str = "in_digest";
    pub const NEEDED_BY: &str = "needed_by";
    pub const FIRST_MENTOR: &str = "first_mentor";
}

/// Buttons; each carries a [`ButtonValue`]. Where one message repeats a button,
/// its action_id gets a `:<ask id>` suffix (see [`base_action`]).
pub mod action {
    pub const ACCEPT: &str = "accept_offer";
    pub const DECLINE_NOT_MY_AREA: &str = "decline_not_my_area";
    pub const DECLINE_NO_TIME: &str = "decline_no_time";
    pub const DECLINE_PAUSE_WEEK: &str = "decline_pause_week";
    /// Opens the decline modal ("Other…" in the DM, "Decline…" on Home).
    pub const DECLINE_OTHER: &str = "decline_other";
    pub const CANCEL_ASK: &str = "cancel_ask";
    /// "Widen now" on the asker's Home.
    pub const WIDEN_ASK: &str = "widen_ask";
    /// "Edit" on the asker's Home: the ask form with the saved values.
    pub const EDIT_ASK: &str = "edit_ask";
    pub const MARK_DONE: &str = "mark_done";
    pub const HELP_FROM_DIGEST: &str = "help_from_digest";
    pub const FOLLOWUP_YES: &str = "followup_yes";
    pub const FOLLOWUP_NOT_YET: &str = "followup_not_yet";
    pub const FOLLOWUP_NO: &str = "followup_no";
    pub const REOPEN_ASK: &str = "reopen_ask";
    /// "This slot works" under the intro; carries a [`super::MeetingValue`].
    pub const PICK_SLOT: &str = "pick_slot";
    /// "Download CSV" under `/ask history`: the clicker's own record, by DM.
    pub const HISTORY_CSV: &str = "history_csv";
    /// `/ask my-data`: everything stored about the clicker, as JSON by DM.
    pub const MY_DATA_EXPORT: &str = "my_data_export";
    /// `/ask my-data`: opens the "Delete my data" confirmation.
    pub const MY_DATA_DELETE: &str = "my_data_delete";
    // No-shows (`core::no_shows`). The mentor's own follow-up:
    pub const MENTOR_FOLLOWUP_YES: &str = "mentor_followup_yes";
    pub const MENTOR_FOLLOWUP_NO: &str = "mentor_followup_no";
    /// "Who couldn't make it?" on each side's prompt (see [`super::who_missed`]).
    pub const NO_SHOW_MENTEE_THEM: &str = "no_show_mentee_them";
    pub const NO_SHOW_MENTEE_ME: &str = "no_show_mentee_me";
    pub const NO_SHOW_MENTEE_ELSE: &str = "no_show_mentee_else";
    pub const NO_SHOW_MENTOR_THEM: &str = "no_show_mentor_them";
    pub const NO_SHOW_MENTOR_ME: &str = "no_show_mentor_me";
    pub const NO_SHOW_MENTOR_ELSE: &str = "no_show_mentor_else";
    /// Lift a no-show pause; the value's mentor slot names the person paused.
    pub const RESUME_OFFERS: &str = "no_show_resume_offers";
    pub const READY_TO_ASK: &str = "no_show_ready_to_ask";
    /// Office hours buttons carry a [`super::SlotValue`], not a `ButtonValue`.
    pub const BOOK_SLOT: &str = "oh_book";
    pub const REMIND_ME: &str = "oh_remind_me";
    pub const CANCEL_BOOKING: &str = "oh_cancel_booking";
    pub const CANCEL_SESSION: &str = "oh_cancel_session";
    pub const OFFICE_HOURS: [&str; 4] = [BOOK_SLOT, REMIND_ME, CANCEL_BOOKING, CANCEL_SESSION];
}

/// The "Who couldn't make it?" buttons: (action, whose prompt, which answer).
const WHO_MISSED: [(&str, Side, WhoMissed); 6] = [
    (action::NO_SHOW_MENTEE_THEM, Side::Mentee, WhoMissed::Them),
    (action::NO_SHOW_MENTEE_ME, Side::Mentee, WhoMissed::Me),
    (
        action::NO_SHOW_MENTEE_ELSE,
        Side::Mentee,
        WhoMissed::SomethingElse,
    ),
    (action::NO_SHOW_MENTOR_THEM, Side::Mentor, WhoMissed::Them),
    (action::NO_SHOW_MENTOR_ME, Side::Mentor, WhoMissed::Me),
    (
        action::NO_SHOW_MENTOR_ELSE,
        Side::Mentor,
        WhoMissed::SomethingElse,
    ),
];

/// Which side's "Who couldn't make it?" a button answers, and how.
pub fn who_missed(action_id: &str) -> Option<(Side, WhoMissed)> {
    WHO_MISSED
        .iter()
        .find(|(id, _, _)| *id == action_id)
        .map(|&(_, side, who)| (side, who))
}

/// The button for an answer on one side's prompt.
pub fn who_missed_action(side: Side, who: WhoMissed) -> &'static str {
    WHO_MISSED
        .iter()
        .find(|&&(_, s, w)| s == side && w == who)
        .map(|(id, _, _)| *id)
        .expect("every answer of every side has a button")
}

/// Home's own buttons: they carry no ask (or, for Decline…, an ask id).
pub mod home {
    pub const BECOME_MENTOR: &str = "home_become_mentor";
    pub const EDIT_SETTINGS: &str = "home_edit_settings";
    pub const OPT_IN: &str = "home_opt_in";
    pub const OPT_OUT: &str = "home_opt_out";
    pub const PAUSE_DAY: &str = "home_pause_day";
    pub const PAUSE_WEEK: &str = "home_pause_week";
    /// A datepicker: pause until the start of that day in the mentor's zone.
    pub const PAUSE_UNTIL: &str = "home_pause_until";
    pub const RESUME: &str = "home_resume";
    pub const NEVER_MATCH: &str = "home_never_match";
    /// Admins only: the window of the organisation's figures (value `7`, `30`, `90`).
    pub const INSIGHTS_WEEK: &str = "home_insights_7";
    pub const INSIGHTS_MONTH: &str = "home_insights_30";
    pub const INSIGHTS_QUARTER: &str = "home_insights_90";
    /// Admins only: the weekly admin digest by DM (value `on` or `off`).
    pub const ADMIN_DIGEST: &str = "home_admin_digest";
    /// Admins only: the asks and matches of the window as a CSV, by DM.
    pub const DOWNLOAD_CSV: &str = "home_download_csv";
}

/// The decline modal's inputs (block_id = action_id).
pub mod decline {
    pub const REASON: &str = "reason";
    pub const NOTE: &str = "note";
}

/// "This slot works" under the intro: the session and the proposed start
/// (Unix seconds), encoded `ask_id:mentor:ts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingValue {
    pub ask_id: i64,
    pub mentor: String,
    pub at: i64,
}

impl MeetingValue {
    pub fn encode(&self) -> String {
        format!("{}:{}:{}", self.ask_id, self.mentor, self.at)
    }

    /// Strict: an ask id, a well-formed user id, a positive timestamp.
    pub fn parse(raw: &str) -> Option<Self> {
        let mut parts = raw.split(':');
        let ask_id = parts.next()?.parse().ok()?;
        let mentor = parts.next().filter(|m| is_user_id(m))?.to_owned();
        let at = parts.next()?.parse().ok().filter(|t: &i64| *t > 0)?;
        if parts.next().is_some() {
            return None;
        }
        Some(MeetingValue { ask_id, mentor, at })
    }
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
    pub const OPT_IN_IGNORE_STATUS: &str = "ignore_status";
    pub const SKILLS: &str = "skills";
    pub const NEW_SKILLS: &str = "new_skills";
    pub const CAPACITY: &str = "capacity";
    pub const PAUSE_UNTIL: &str = "pause_until";
    pub const DAYS: &str = "work_days";
    pub const START: &str = "work_start";
    pub const END: &str = "work_end";
    pub const HELP_TEXT: &str = "help_text";
    pub const NEVER_MATCH: &str = "never_match";
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
        Field::NeverMatch => mentor::NEVER_MATCH,
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
        AskField::FirstMentor => ask::FIRST_MENTOR,
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

/// Skill curation, for admins (`core::skill_curation`): the modal's callback.
pub const CURATE_MODAL: &str = "skill_curation";

/// The "Curate skills" button on an admin's Home and the curation modal's
/// inputs (block_id = action_id).
pub mod curate {
    pub const HOME_BUTTON: &str = "home_curate_skills";
    pub const ACTION: &str = "curate_action";
    pub const SKILL: &str = "curate_skill";
    pub const NEW_NAME: &str = "curate_new_name";
    pub const MERGE: &str = "curate_merge";
    pub const RELATED: &str = "curate_related";
    /// The external selects that list skills.
    pub const SKILL_SELECTS: [&str; 3] = [SKILL, MERGE, RELATED];
}

/// The block that shows a curation field's error.
pub fn curate_block(field: crate::core::skill_curation::CurationField) -> &'static str {
    use crate::core::skill_curation::CurationField;
    match field {
        CurationField::Action => curate::ACTION,
        CurationField::Skill => curate::SKILL,
        CurationField::NewName => curate::NEW_NAME,
        CurationField::Merge => curate::MERGE,
        CurationField::Related => curate::RELATED,
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
    fn each_who_missed_button_names_one_side_and_answer() {
        for side in [Side::Mentee, Side::Mentor] {
            for who in [WhoMissed::Them, WhoMissed::Me, WhoMissed::SomethingElse] {
                assert_eq!(who_missed(who_missed_action(side, who)), Some((side, who)));
            }
        }
        assert_eq!(who_missed(action::FOLLOWUP_NO), None);
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
    fn meeting_values_round_trip_and_refuse_forgeries() {
        let v = MeetingValue {
            ask_id: 7,
            mentor: "UM1".into(),
            at: 1_772_460_000,
        };
        assert_eq!(MeetingValue::parse(&v.encode()), Some(v));
        for bad in ["7:UM1", "7:UM1:x", "7:<!here>:5", "7:UM1:-5", "7:UM1:5:6"] {
            assert_eq!(MeetingValue::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn repeated_buttons_share_a_base_action() {
        assert_eq!(base_action("help_from_digest:12"), "help_from_digest");
        assert_eq!(base_action("accept_offer"), "accept_offer");
    }
}
