//! Skill curation for admins: the "Curate skills" block on their Home, the
//! modal (what to do, the skill, and the fields each action reads), and what
//! the bot says afterwards.

use serde_json::{json, Value};

use super::blocks::{context, dm, input, option, plain};
use super::ids::{curate as id, CURATE_MODAL};
use crate::core::skill_curation::{join, Curated, CurationAction, MAX_MERGED, MAX_RELATED};
use crate::core::skills::Skill;
use crate::core::text::escape_mrkdwn;

/// Home holds at most 100 blocks.
const MAX_HOME_BLOCKS: usize = 100;

/// A non-admin clicked the button (it is only shown to admins).
pub const ADMINS_ONLY: &str = "Only programme owners (workspace admins, and the people or user group set up as admins) can curate the skill list, so nothing was changed. If a skill needs renaming or merging, ask one of them.";

/// The admin's own block on Home: appended for admins only, after everything else.
pub fn add_to_home(view: &mut Value, admin: bool) {
    if !admin {
        return;
    }
    let Some(blocks) = view["blocks"].as_array_mut() else {
        return;
    };
    if blocks.len() < MAX_HOME_BLOCKS {
        blocks.push(home_block());
    }
}

fn home_block() -> Value {
    json!({
        "type": "section",
        "block_id": "home_curate_skills",
        "text": { "type": "mrkdwn", "text": "*Skill list:* rename, merge (old names keep working), delete unused skills, set related skills." },
        "accessory": { "type": "button", "action_id": id::HOME_BUTTON, "text": plain("Curate skills"), "value": "curate" },
    })
}

fn skill_select(action_id: &str, placeholder: &str, multi: Option<usize>) -> Value {
    let mut element = json!({
        "type": if multi.is_some() { "multi_external_select" } else { "external_select" },
        "action_id": action_id,
        "placeholder": plain(placeholder),
        "min_query_length": 0,
    });
    if let Some(max) = multi {
        element["max_selected_items"] = json!(max);
    }
    element
}

/// The curation modal: one form for the four actions; each reads only the
/// fields it needs, and bad input is shown under the field concerned.
pub fn modal() -> Value {
    let actions: Vec<Value> = CurationAction::ALL
        .iter()
        .map(|a| option(a.label(), a.as_str()))
        .collect();
    json!({
        "type": "modal",
        "callback_id": CURATE_MODAL,
        "title": plain("Curate skills"),
        "submit": plain("Apply"),
        "close": plain("Cancel"),
        "blocks": [
            context("Changes keep every mentor and ask attached. Merged and old names become synonyms: typing them finds the skill."),
            input(id::ACTION, "What to do", json!({
                "type": "static_select",
                "action_id": id::ACTION,
                "placeholder": plain("Choose"),
                "options": actions,
            }), false, None),
            input(id::SKILL, "Skill", skill_select(id::SKILL, "Search skills", None), false, None),
            input(id::NEW_NAME, "New name (rename)", json!({
                "type": "plain_text_input",
                "action_id": id::NEW_NAME,
                "max_length": crate::core::skills::MAX_LABEL_LEN,
                "placeholder": plain("e.g. JavaScript"),
            }), true, Some("Same spelling in other case or spacing: only the label changes. A new name: the old one becomes a synonym.")),
            input(id::MERGE, "Merge these into it (merge)", skill_select(id::MERGE, "Search skills", Some(MAX_MERGED)), true,
                Some("Their mentors and asks move to the skill above; their names become its synonyms.")),
            input(id::RELATED, "Related skills (related)", skill_select(id::RELATED, "Search skills", Some(MAX_RELATED)), true,
                Some("Replaces its related skills; empty clears them. Their mentors are offered its asks when the reminder widens the net.")),
        ],
    })
}

fn label(skill: &Skill) -> String {
    format!("“{}”", escape_mrkdwn(&skill.label))
}

fn people(mentors: u32, asks: u32) -> String {
    let n = |n: u32, one: &str, many: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    format!(
        "{} and {}",
        n(mentors, "mentor", "mentors"),
        n(asks, "ask", "asks")
    )
}

/// What the admin is told once a change is made.
pub fn curated_text(done: &Curated) -> String {
    match done {
        Curated::Renamed {
            from,
            to,
            mentors,
            asks,
        } => {
            let mut text = format!(
                "Renamed {} to {}: its {} keep it.",
                label(from),
                label(to),
                people(*mentors, *asks)
            );
            if from.slug != to.slug {
                text.push_str(&format!(" {} still finds it.", label(from)));
            }
            text
        }
        Curated::Merged {
            keep,
            merged,
            mentors,
            asks,
        } => {
            let names: Vec<String> = merged.iter().map(label).collect();
            format!(
                "Merged {} into {}: {} moved to it. Those names are now synonyms: typing them finds {}.",
                join(&names),
                label(keep),
                people(*mentors, *asks),
                label(keep)
            )
        }
        Curated::Deleted { skill } => format!("Deleted {} from the skill list.", label(skill)),
        Curated::Related { skill, related } if related.is_empty() => {
            format!("{} has no related skills now.", label(skill))
        }
        Curated::Related { skill, related } => {
            let names: Vec<String> = related.iter().map(label).collect();
            format!(
                "Related skills of {}: {}. Their mentors are offered its asks when the reminder widens the net.",
                label(skill),
                join(&names)
            )
        }
    }
}

/// The confirmation, as a DM to the admin.
pub fn curated(admin: &str, done: &Curated) -> Value {
    dm(admin, &curated_text(done))
}

/// The refusal of a non-admin's click, as a DM.
pub fn admins_only(user: &str) -> Value {
    dm(user, ADMINS_ONLY)
}
