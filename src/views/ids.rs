//! `callback_id`, `block_id` and `action_id` values shared by views and handlers.

pub const MENTOR_MODAL: &str = "mentor_settings";
