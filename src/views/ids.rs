//! `callback_id`, `block_id` and `action_id` values shared by views and handlers.
//! In the settings modal each input's action_id equals its block_id.

use crate::core::mentor::Field;

pub const MENTOR_MODAL: &str = "mentor_settings";

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
