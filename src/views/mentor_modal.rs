//! The `/mentor` settings modal.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::blocks::{context, input, option, plain};
use super::ids::{mentor as id, MENTOR_MODAL};
use crate::core::exclusions::MAX_EXCLUSIONS;
use crate::core::mentor::{MentorProfile, MAX_CAPACITY, MAX_HELP_TEXT, MIN_CAPACITY};
use crate::core::text::escape_mrkdwn;
use crate::core::working_hours::format_minute;

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// What the modal carries through `private_metadata`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Metadata {
    /// The mentor's zone from their Slack profile when the modal opened.
    pub tz: String,
    /// The exact pause shown (the date picker only shows its day): kept as it
    /// is when the date is saved unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_until: Option<DateTime<Utc>>,
}

/// The modal for this profile; `never_match` is the person's private list.
pub fn build(
    profile: &MentorProfile,
    never_match: &[String],
    allow_new_skills: bool,
    now: DateTime<Utc>,
) -> Value {
    let metadata = Metadata {
        tz: profile.tz.name().to_owned(),
        paused_until: profile.paused_until.filter(|u| *u > now),
    };
    let opt_in_option = option("Offer help to people who ask", id::OPT_IN_YES);
    let any_time_option = option(
        "Message me outside my working hours too",
        id::OPT_IN_ANY_TIME,
    );
    let ignore_status_option = option(
        "Offer me asks even when my Slack status says I'm away",
        id::OPT_IN_IGNORE_STATUS,
    );
    let mut opt_in = json!({
        "type": "checkboxes",
        "action_id": id::OPT_IN,
        "options": [opt_in_option, any_time_option, ignore_status_option],
    });
    let mut initial = Vec::new();
    if profile.opted_in {
        initial.push(opt_in_option);
    }
    if !profile.quiet_hours {
        initial.push(any_time_option);
    }
    if profile.ignore_status {
        initial.push(ignore_status_option);
    }
    if !initial.is_empty() {
        opt_in["initial_options"] = json!(initial);
    }

    let mut skills = json!({
        "type": "multi_external_select",
        "action_id": id::SKILLS,
        "placeholder": plain("Search skills"),
        "min_query_length": 0,
    });
    if !profile.skills.is_empty() {
        skills["initial_options"] = profile
            .skills
            .iter()
            .map(|s| option(&s.label, s.slug.as_str()))
            .collect();
    }

    let new_skills = json!({
        "type": "plain_text_input",
        "action_id": id::NEW_SKILLS,
        "placeholder": plain("e.g. Kubernetes, Incident reviews"),
        "max_length": 500,
    });
    let new_skills_hint = if allow_new_skills {
        "Comma-separated. Skills not in the list yet are added for everyone."
    } else {
        "Comma-separated. Only skills already in the list are accepted here."
    };

    let capacity = json!({
        "type": "number_input",
        "action_id": id::CAPACITY,
        "is_decimal_allowed": false,
        "min_value": MIN_CAPACITY.to_string(),
        "max_value": MAX_CAPACITY.to_string(),
        "initial_value": profile.capacity.to_string(),
    });

    let mut pause = json!({ "type": "datepicker", "action_id": id::PAUSE_UNTIL, "placeholder": plain("Not paused") });
    if let Some(until) = profile.paused_until.filter(|u| *u > now) {
        pause["initial_date"] = json!(until
            .with_timezone(&profile.tz)
            .format("%Y-%m-%d")
            .to_string());
    }

    let day_options: Vec<Value> = DAYS
        .iter()
        .enumerate()
        .map(|(i, d)| option(d, &i.to_string()))
        .collect();
    let chosen_days: Vec<Value> = profile
        .hours
        .days()
        .iter()
        .map(|d| day_options[d.num_days_from_monday() as usize].clone())
        .collect();
    let days = json!({
        "type": "checkboxes",
        "action_id": id::DAYS,
        "options": day_options,
        "initial_options": chosen_days,
    });

    let start = time_select(
        id::START,
        (0..48).map(|h| h * 30),
        profile.hours.start_minute(),
    );
    let end = time_select(
        id::END,
        (1..=48).map(|h| h * 30),
        profile.hours.end_minute(),
    );

    let mut help = json!({
        "type": "plain_text_input",
        "action_id": id::HELP_TEXT,
        "multiline": true,
        "max_length": MAX_HELP_TEXT,
        "placeholder": plain("e.g. Happy to pair on Rust lifetimes or review a design doc"),
    });
    if !profile.help_text.is_empty() {
        help["initial_value"] = json!(profile.help_text);
    }

    json!({
        "type": "modal",
        "callback_id": MENTOR_MODAL,
        "private_metadata": serde_json::to_string(&metadata).expect("metadata serialises"),
        "title": plain("Mentor settings"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "blocks": [
            context("Short, focused help — a 20-minute chat, a quick review. You choose what, how often and when."),
            input(id::OPT_IN, "Mentoring", opt_in, true, None),
            input(id::SKILLS, "Skills you can help with", skills, true, Some("Pick from the list; add missing ones below.")),
            input(id::NEW_SKILLS, "Add skills", new_skills, true, Some(new_skills_hint)),
            input(id::CAPACITY, "Asks per week, at most", capacity, false, None),
            input(id::PAUSE_UNTIL, "Paused until", pause, true, Some("Clear the date to resume.")),
            input(id::DAYS, "Working days", days, false, None),
            input(id::START, "Day starts", start, false, None),
            input(id::END, "Day ends", end, false, None),
            context(&format!("Times are in *{}*, from your Slack profile. Offers wait for your working hours.", escape_mrkdwn(profile.tz.name()))),
            input(id::HELP_TEXT, "How I can help", help, true, None),
            input(id::NEVER_MATCH, "Never match me with", never_match_select(never_match), true, Some(NEVER_MATCH_HINT)),
        ]
    })
}

/// Said wherever the list is edited.
pub const NEVER_MATCH_HINT: &str =
    "Private: only you see this list, and nobody is told. Applies both ways.";

/// The "don't match me with" users select, showing the current list.
pub fn never_match_select(never_match: &[String]) -> Value {
    let mut select = json!({
        "type": "multi_users_select",
        "action_id": id::NEVER_MATCH,
        "placeholder": plain("Nobody"),
        "max_selected_items": MAX_EXCLUSIONS,
    });
    if !never_match.is_empty() {
        select["initial_users"] = json!(never_match);
    }
    select
}

/// A half-hourly time select; a stored time off the grid is kept as an option so
/// Slack accepts it as the initial one.
fn time_select(action_id: &str, grid: impl Iterator<Item = u16>, current: u16) -> Value {
    let mut minutes: Vec<u16> = grid.collect();
    if !minutes.contains(&current) {
        minutes.push(current);
        minutes.sort_unstable();
    }
    let options: Vec<Value> = minutes
        .iter()
        .map(|m| option(&format_minute(*m), &format_minute(*m)))
        .collect();
    let initial = option(&format_minute(current), &format_minute(current));
    json!({ "type": "static_select", "action_id": action_id, "options": options, "initial_option": initial })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::skills::Skill;

    #[test]
    fn initial_values_match_their_options_exactly() {
        let mut p = MentorProfile::new(
            chrono_tz::Europe::London,
            "Mon-Fri 09:15-17:00".parse().unwrap(),
        );
        p.opted_in = true;
        p.skills = vec![Skill::parse("Rust").unwrap()];
        let v = build(&p, &[], true, "2026-03-02T10:00:00Z".parse().unwrap());
        let blocks = v["blocks"].as_array().unwrap();
        let start = blocks.iter().find(|b| b["block_id"] == id::START).unwrap();
        let options = start["element"]["options"].as_array().unwrap();
        assert!(options.contains(&start["element"]["initial_option"]));
        assert!(options.len() <= 100);
        let days = blocks.iter().find(|b| b["block_id"] == id::DAYS).unwrap();
        assert_eq!(
            days["element"]["initial_options"].as_array().unwrap().len(),
            5
        );
    }
}
