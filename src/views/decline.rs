//! The decline modal: why a mentor passes on an ask, in one of the reasons
//! routing reads or in their own words ("Other…").

use serde_json::{json, Value};

use super::blocks::{context, input, option, plain};
use super::ids::{decline as id, ButtonValue, DECLINE_MODAL};
use crate::core::ask::Ask;
use crate::core::offer::{DeclineReason, MAX_DECLINE_NOTE};
use crate::core::text::{escape_mrkdwn, truncate};

fn label(reason: DeclineReason) -> &'static str {
    match reason {
        DeclineReason::NotMyArea => "Not my area",
        DeclineReason::NoTime => "No time now (nothing more today)",
        DeclineReason::PauseWeek => "Decline and pause me for a week",
        DeclineReason::Other => "Other",
    }
}

/// The modal for one ask; `chosen` is preselected ("Other…" in the DM).
/// `private_metadata` carries only the ask id.
pub fn modal(ask: &Ask, chosen: Option<DeclineReason>) -> Value {
    let options: Vec<Value> = DeclineReason::ALL
        .iter()
        .map(|r| option(label(*r), r.as_str()))
        .collect();
    let mut reasons =
        json!({ "type": "radio_buttons", "action_id": id::REASON, "options": options });
    if let Some(r) = chosen {
        reasons["initial_option"] = option(label(r), r.as_str());
    }
    let note = json!({
        "type": "plain_text_input",
        "action_id": id::NOTE,
        "multiline": true,
        "max_length": MAX_DECLINE_NOTE,
        "placeholder": plain("e.g. I only know the old version of this"),
    });
    json!({
        "type": "modal",
        "callback_id": DECLINE_MODAL,
        "private_metadata": ButtonValue::ask(ask.id).encode(),
        "title": plain("Pass on this ask"),
        "submit": plain("Decline"),
        "close": plain("Back"),
        "blocks": [
            context(&format!("*{}* — it goes on to someone else.", escape_mrkdwn(&truncate(&ask.topic, 150)))),
            input(id::REASON, "Why?", reasons, false, None),
            input(id::NOTE, "In a few words", note, true, Some("Needed for “Other”. Never shown to the person who asked; the organisation sees reasons only in totals.")),
        ]
    })
}
