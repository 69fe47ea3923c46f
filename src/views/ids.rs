//! `callback_id`, `block_id` and `action_id` values shared by views and handlers.
//! In the settings modal each input's action_id equals its block_id.

use crate::core::ask::AskField;
use crate::core::mentor::Field;

pub const MENTOR_MODAL: &str = "mentor_settings";
pub const ASK_MODAL: &str = "ask";
pub const RATE_MODAL: &str = "rate_session";

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

/// Buttons; each carries the ask id as its value (`mark_done`: `ask_id:mentor_id`).
/// Where one message repeats a button, its action_id gets a `:<ask id>` suffix.
pub mod action {
    pub const ACCEPT: &str = "accept_offer";
    pub const DECLINE_NOT_MY_AREA: &str = "decline_not_my_area";
    pub const DECLINE_NO_TIME: &str = "decline_no_time";
    pub const CANCEL_ASK: &str = "cancel_ask";
    pub const MARK_DONE: &str = "mark_done";
    pub const HELP_FROM_DIGEST: &str = "help_from_digest";
    pub const FOLLOWUP_YES: &str = "followup_yes";
    pub const FOLLOWUP_NOT_YET: &str = "followup_not_yet";
    pub const FOLLOWUP_NO: &str = "followup_no";
    pub const REOPEN_ASK: &str = "reopen_ask";
}

pub mod mentor {
    pub const OPT_IN: &str = "opt_in";
    pub const SKILLS: &str = "skills";
    pub const NEW_SKILLS: &str = "new_skills";
    pub const CAPACITY: &str = "capacity";
    pub const PAUSE_UNTIL: &str = "pause_until";
    pub const DAYS: &str = "work_days";
    pub const START: &str = "work_start";
    pub const END: &str = "work_end";
    pub const HELP_TEXT: &str = "help_text";
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
