//! The settings modal's `state.values`, shaped as Slack sends them.

use super::state_values;
use micromentor::views::ids::mentor;
use serde_json::{json, Value};

pub struct MentorForm {
    pub opted_in: bool,
    /// "Message me outside my working hours too" (quiet hours off).
    pub any_time: bool,
    /// (slug, label) chosen in the external select.
    pub skills: Vec<(String, String)>,
    pub new_skills: Option<String>,
    pub capacity: Option<String>,
    pub pause_until: Option<String>,
    pub days: Vec<u8>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub help_text: Option<String>,
    /// "Offer me asks even when my Slack status says I'm away".
    pub ignore_status: bool,
    /// "Never match me with".
    pub never_match: Vec<String>,
}

impl Default for MentorForm {
    fn default() -> Self {
        MentorForm {
            opted_in: true,
            any_time: false,
            skills: vec![],
            new_skills: None,
            capacity: Some("2".into()),
            pause_until: None,
            days: vec![0, 1, 2, 3, 4],
            start: Some("09:00".into()),
            end: Some("17:00".into()),
            help_text: None,
            ignore_status: false,
            never_match: vec![],
        }
    }
}

fn opt(text: &str, value: &str) -> Value {
    json!({ "text": { "type": "plain_text", "text": text, "emoji": true }, "value": value })
}

impl MentorForm {
    pub fn values(&self) -> Value {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let time = |t: &Option<String>| match t {
            Some(t) => json!({ "type": "static_select", "selected_option": opt(t, t) }),
            None => json!({ "type": "static_select", "selected_option": null }),
        };
        state_values([
            (mentor::OPT_IN, {
                let mut chosen = Vec::new();
                if self.opted_in {
                    chosen.push(opt("Offer help to people who ask", mentor::OPT_IN_YES));
                }
                if self.any_time {
                    chosen.push(opt(
                        "Message me outside my working hours too",
                        mentor::OPT_IN_ANY_TIME,
                    ));
                }
                if self.ignore_status {
                    chosen.push(opt("Ignore my status", mentor::OPT_IN_IGNORE_STATUS));
                }
                json!({ "type": "checkboxes", "selected_options": chosen })
            }),
            (
                mentor::SKILLS,
                json!({ "type": "multi_external_select", "selected_options":
                self.skills.iter().map(|(s, l)| opt(l, s)).collect::<Vec<_>>() }),
            ),
            (
                mentor::NEW_SKILLS,
                json!({ "type": "plain_text_input", "value": self.new_skills }),
            ),
            (
                mentor::CAPACITY,
                json!({ "type": "number_input", "value": self.capacity }),
            ),
            (
                mentor::PAUSE_UNTIL,
                json!({ "type": "datepicker", "selected_date": self.pause_until }),
            ),
            (
                mentor::DAYS,
                json!({ "type": "checkboxes", "selected_options":
                self.days.iter().map(|d| opt(DAYS[*d as usize], &d.to_string())).collect::<Vec<_>>() }),
            ),
            (mentor::START, time(&self.start)),
            (mentor::END, time(&self.end)),
            (
                mentor::HELP_TEXT,
                json!({ "type": "plain_text_input", "value": self.help_text }),
            ),
            (
                mentor::NEVER_MATCH,
                json!({ "type": "multi_users_select", "selected_users": self.never_match }),
            ),
        ])
    }
}
