//! What a mentor is told about their own settings (`/mentor status`, confirmations).

use chrono::{DateTime, Utc};

use crate::core::mentor::MentorProfile;
use crate::core::text::escape_mrkdwn;

pub fn summary(profile: &MentorProfile, now: DateTime<Utc>) -> String {
    let skills = if profile.skills.is_empty() {
        "no skills yet".to_owned()
    } else {
        profile
            .skills
            .iter()
            .map(|s| escape_mrkdwn(&s.label))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let head = if profile.opted_in {
        "*You're mentoring.*"
    } else {
        "*You're not taking asks* (`/mentor on` to start)."
    };
    let mut lines = vec![
        head.to_owned(),
        format!("• Skills: {skills}"),
        format!(
            "• Up to {} ask{} a week",
            profile.capacity,
            if profile.capacity == 1 { "" } else { "s" }
        ),
        format!(
            "• Working hours: {} ({}){}",
            profile.hours,
            profile.tz.name(),
            if profile.quiet_hours {
                ""
            } else {
                " — messages any time"
            }
        ),
    ];
    if let Some(until) = profile.paused_until.filter(|u| *u > now) {
        lines.push(format!(
            "• Paused until {} (`/mentor resume` to come back sooner)",
            until
                .with_timezone(&profile.tz)
                .format("%a %-d %b %Y %H:%M")
        ));
    }
    if !profile.help_text.is_empty() {
        lines.push(format!(
            "• How I can help: {}",
            escape_mrkdwn(&profile.help_text)
        ));
    }
    lines.push("Change anything with `/mentor`.".to_owned());
    lines.join("\n")
}
