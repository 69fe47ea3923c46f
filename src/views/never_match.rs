//! The private "don't match me with" modal, opened from Home.

use serde_json::{json, Value};

use super::blocks::{context, input, plain};
use super::ids::{mentor, NEVER_MATCH_MODAL};
use super::mentor_modal::{never_match_select, NEVER_MATCH_HINT};

pub fn modal(never_match: &[String]) -> Value {
    json!({
        "type": "modal",
        "callback_id": NEVER_MATCH_MODAL,
        "title": plain("Don't match me with"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "blocks": [
            context("People you'd rather not be matched with, as mentor or as mentee. Their asks won't come to you and yours won't go to them."),
            input(mentor::NEVER_MATCH, "People", never_match_select(never_match), true, Some(NEVER_MATCH_HINT)),
        ]
    })
}
