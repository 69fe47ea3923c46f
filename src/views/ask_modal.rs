//! The `/ask` modal.

use serde_json::{json, Value};

use super::blocks::{context, input, option, plain};
use super::ids::{ask as id, ASK_MODAL};
use crate::core::ask::{Format, DEFAULT_TIME_BOX, MAX_DETAILS, MAX_SKILLS, MAX_TOPIC, TIME_BOXES};
use crate::core::skills::Skill;
use crate::core::text::truncate;

/// The form, pre-filled with a topic and skills; `asks_left` (when few are left
/// under `ASK_LIMIT`) is said at the top.
pub fn build(topic: &str, skills: &[Skill], asks_left: Option<u32>) -> Value {
    let mut topic_el = json!({
        "type": "plain_text_input",
        "action_id": id::TOPIC,
        "max_length": MAX_TOPIC,
        "placeholder": plain("e.g. Review my Postgres migration plan"),
    });
    if !topic.is_empty() {
        topic_el["initial_value"] = json!(truncate(topic, MAX_TOPIC));
    }
    let details = json!({
        "type": "plain_text_input",
        "action_id": id::DETAILS,
        "multiline": true,
        "max_length": MAX_DETAILS,
        "placeholder": plain("Context, links, what you've tried, what a good outcome looks like"),
    });
    let mut skills_el = json!({
        "type": "multi_external_select",
        "action_id": id::SKILLS,
        "placeholder": plain("Search skills"),
        "min_query_length": 0,
        "max_selected_items": MAX_SKILLS,
    });
    if !skills.is_empty() {
        skills_el["initial_options"] = skills
            .iter()
            .map(|s| option(&s.label, s.slug.as_str()))
            .collect();
    }
    let time_options: Vec<Value> = TIME_BOXES
        .iter()
        .map(|m| option(&format!("{m} minutes"), &m.to_string()))
        .collect();
    let default_time = time_options[TIME_BOXES
        .iter()
        .position(|m| *m == DEFAULT_TIME_BOX)
        .unwrap_or(0)]
    .clone();
    let format_options: Vec<Value> = Format::ALL
        .iter()
        .map(|f| option(f.label(), f.as_str()))
        .collect();
    let perspective_options: Vec<Value> = (1..=3)
        .map(|n| {
            option(
                &format!("{n} mentor{}", if n == 1 { "" } else { "s" }),
                &n.to_string(),
            )
        })
        .collect();
    let digest_option = option(
        "Also list it in channel digests, where anyone can pick it up",
        "yes",
    );

    let mut intro =
        "Short, focused help from a colleague who offered it. Be precise: a good ask gets a fast yes."
            .to_owned();
    if let Some(left) = asks_left {
        intro.push_str(&format!(
            " *{left} ask{} left* in this period.",
            if left == 1 { "" } else { "s" }
        ));
    }
    json!({
        "type": "modal",
        "callback_id": ASK_MODAL,
        "title": plain("Ask for help"),
        "submit": plain("Ask"),
        "close": plain("Cancel"),
        "blocks": [
            context(&intro),
            input(id::TOPIC, "What do you need?", topic_el, false, None),
            input(id::DETAILS, "Details", details, true, None),
            input(id::SKILLS, "Skills it takes", skills_el, false, Some("Up to 5; mentors are matched on these.")),
            input(id::TIME_BOX, "Time box", json!({ "type": "static_select", "action_id": id::TIME_BOX, "options": time_options, "initial_option": default_time }), false, None),
            input(id::FORMAT, "Format", json!({ "type": "radio_buttons", "action_id": id::FORMAT, "options": format_options, "initial_option": format_options[0] }), false, None),
            input(id::PERSPECTIVES, "How many perspectives?", json!({ "type": "static_select", "action_id": id::PERSPECTIVES, "options": perspective_options, "initial_option": perspective_options[0] }), false, None),
            input(id::IN_DIGEST, "Visibility", json!({ "type": "checkboxes", "action_id": id::IN_DIGEST, "options": [digest_option], "initial_options": [digest_option] }), true, None),
            input(id::NEEDED_BY, "Needed by", json!({ "type": "datepicker", "action_id": id::NEEDED_BY, "placeholder": plain("No deadline") }), true, None),
            input(id::FIRST_MENTOR, "Ask someone first", json!({ "type": "users_select", "action_id": id::FIRST_MENTOR, "placeholder": plain("Anyone with the skills") }), true, Some("They get it alone first; others if they can't take it.")),
        ]
    })
}

/// The form again with an ask's saved values, to edit it (`private_metadata`
/// carries the ask id; "Ask someone first" only matters on the first pass and
/// is left out).
pub fn edit(ask: &crate::core::ask::Ask) -> Value {
    let mut view = build(&ask.topic, &ask.skills, None);
    view["callback_id"] = json!(super::ids::ASK_EDIT_MODAL);
    view["private_metadata"] = json!(ask.id.to_string());
    view["title"] = plain("Edit your ask");
    view["submit"] = plain("Save");
    let blocks = view["blocks"].as_array_mut().expect("the form has blocks");
    blocks.retain(|b| b["block_id"] != id::FIRST_MENTOR);
    for b in blocks.iter_mut() {
        let block_id = b["block_id"].as_str().unwrap_or_default().to_owned();
        let el = &mut b["element"];
        match Some(block_id.as_str()) {
            Some(id::DETAILS) if !ask.details.is_empty() => {
                el["initial_value"] = json!(truncate(&ask.details, MAX_DETAILS));
            }
            Some(id::TIME_BOX) => {
                el["initial_option"] = option(
                    &format!("{} minutes", ask.time_box),
                    &ask.time_box.to_string(),
                );
            }
            Some(id::FORMAT) => {
                el["initial_option"] = option(ask.format.label(), ask.format.as_str());
            }
            Some(id::PERSPECTIVES) => {
                let n = ask.mentors_wanted;
                el["initial_option"] = option(
                    &format!("{n} mentor{}", if n == 1 { "" } else { "s" }),
                    &n.to_string(),
                );
            }
            Some(id::IN_DIGEST) if !ask.in_digest => {
                if let Some(o) = el.as_object_mut() {
                    o.remove("initial_options");
                }
            }
            Some(id::NEEDED_BY) => {
                if let Some(d) = ask.needed_by {
                    el["initial_date"] = json!(d.format("%Y-%m-%d").to_string());
                }
            }
            _ => {}
        }
    }
    view
}
