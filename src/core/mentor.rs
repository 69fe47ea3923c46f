//! A mentor's settings: what they help with, how often, and when they are off —
//! and the rules for changing them from the modal or the `/mentor` text forms.

use chrono::{DateTime, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use std::collections::BTreeMap;

use super::availability::start_of_day;
use super::exclusions;
use super::skills::{self, Skill, SkillSlug};
use super::working_hours::{parse_minute, WorkingHours};

pub const DEFAULT_CAPACITY: u8 = 2;
pub const MIN_CAPACITY: u8 = 1;
pub const MAX_CAPACITY: u8 = 20;
pub const MAX_HELP_TEXT: usize = 280;
/// More skills than this stops being a signal for routing.
pub const MAX_SKILLS: usize = 20;
/// Pauses longer than a year are opt-outs in disguise.
pub const MAX_PAUSE_DAYS: i64 = 366;

/// A mentor's stored settings.
#[derive(Debug, Clone, PartialEq)]
pub struct MentorProfile {
    pub opted_in: bool,
    pub capacity: u8,
    pub paused_until: Option<DateTime<Utc>>,
    pub tz: Tz,
    pub hours: WorkingHours,
    pub help_text: String,
    pub skills: Vec<Skill>,
    /// Hold offers and nudges until working hours (default on).
    pub quiet_hours: bool,
    /// Offer asks even when their Slack status says they're away.
    pub ignore_status: bool,
}

impl MentorProfile {
    /// Where a new mentor starts: not yet opted in, the workspace's default hours.
    pub fn new(tz: Tz, hours: WorkingHours) -> Self {
        MentorProfile {
            opted_in: false,
            capacity: DEFAULT_CAPACITY,
            paused_until: None,
            tz,
            hours,
            help_text: String::new(),
            skills: Vec::new(),
            quiet_hours: true,
            ignore_status: false,
        }
    }
}

/// The fields of the settings modal, for errors that point at one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Skills,
    NewSkills,
    Capacity,
    PauseUntil,
    Days,
    Start,
    End,
    HelpText,
    NeverMatch,
}

pub type FieldErrors = BTreeMap<Field, String>;

/// The modal's values as Slack sent them, before any checking.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SettingsForm {
    pub opted_in: bool,
    /// "Message me outside working hours too" (quiet hours off).
    pub any_time: bool,
    /// "Offer me asks even when my Slack status says I'm away".
    pub ignore_status: bool,
    /// "Never match me with": user ids from the users select.
    pub never_match: Vec<String>,
    /// Slugs chosen in the skills select.
    pub skills: Vec<String>,
    /// Free text: skills to add, comma-separated.
    pub new_skills: String,
    pub capacity: Option<String>,
    /// `YYYY-MM-DD` from the date picker.
    pub pause_until: Option<String>,
    /// `0`..`6`, Monday first.
    pub days: Vec<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub help_text: String,
}

/// A form that passed every check that needs no database.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidSettings {
    pub opted_in: bool,
    pub quiet_hours: bool,
    pub ignore_status: bool,
    /// Checked by [`exclusions::tidy`](super::exclusions::tidy).
    pub never_match: Vec<String>,
    pub chosen: Vec<SkillSlug>,
    pub typed: Vec<Skill>,
    pub capacity: u8,
    pub paused_until: Option<DateTime<Utc>>,
    pub hours: WorkingHours,
    pub help_text: String,
}

/// Checks the form; every problem is reported against its own field at once.
/// `shown_pause` is the exact pause the form showed (its date picker only shows
/// the day): a date saved unchanged keeps that instant, so `/mentor pause 2w`
/// is not rounded to midnight and a pause ending later today still saves.
pub fn validate(
    user_id: &str,
    form: &SettingsForm,
    tz: Tz,
    shown_pause: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<ValidSettings, FieldErrors> {
    let mut errors = FieldErrors::new();
    let never_match = exclusions::tidy(user_id, &form.never_match).unwrap_or_else(|e| {
        errors.insert(Field::NeverMatch, e.to_string());
        Vec::new()
    });

    let mut chosen = Vec::new();
    for raw in &form.skills {
        match SkillSlug::parse(raw) {
            Ok(s) if !chosen.contains(&s) => chosen.push(s),
            Ok(_) => {}
            Err(e) => {
                errors.insert(Field::Skills, e.to_string());
            }
        }
    }
    let typed = match skills::parse_list(&form.new_skills) {
        Ok(list) => list
            .into_iter()
            .filter(|s| !chosen.contains(&s.slug))
            .collect(),
        Err(e) => {
            errors.insert(Field::NewSkills, e.to_string());
            Vec::new()
        }
    };
    let total = chosen.len() + typed.len();
    if form.opted_in && total == 0 && !errors.contains_key(&Field::NewSkills) {
        errors.insert(
            Field::Skills,
            "Choose at least one skill you can help with.".into(),
        );
    }
    if total > MAX_SKILLS {
        errors.insert(
            Field::Skills,
            format!("Choose at most {MAX_SKILLS} skills; the fewer, the better the matches."),
        );
    }

    let capacity = match form.capacity.as_deref().map(str::trim) {
        None | Some("") => Some(DEFAULT_CAPACITY),
        Some(raw) => raw
            .parse::<u8>()
            .ok()
            .filter(|c| (MIN_CAPACITY..=MAX_CAPACITY).contains(c)),
    };
    if capacity.is_none() {
        errors.insert(
            Field::Capacity,
            format!("Enter a whole number of asks per week from {MIN_CAPACITY} to {MAX_CAPACITY}."),
        );
    }

    let paused_until = match form.pause_until.as_deref().filter(|d| !d.is_empty()) {
        None => None,
        Some(raw) => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(date)
                if shown_pause
                    .is_some_and(|p| p > now && p.with_timezone(&tz).date_naive() == date) =>
            {
                shown_pause
            }
            Ok(date) => {
                let until = start_of_day(tz, date);
                if until <= now {
                    errors.insert(
                        Field::PauseUntil,
                        "Pick a date in the future, or clear it.".into(),
                    );
                } else if until - now > chrono::Duration::days(MAX_PAUSE_DAYS) {
                    errors.insert(
                        Field::PauseUntil,
                        "Pauses last at most a year; opt out instead.".into(),
                    );
                }
                Some(until)
            }
            Err(_) => {
                errors.insert(Field::PauseUntil, "That is not a date.".into());
                None
            }
        },
    };

    let days: Vec<Weekday> = form
        .days
        .iter()
        .filter_map(|d| d.parse::<u8>().ok().and_then(|n| Weekday::try_from(n).ok()))
        .collect();
    if days.is_empty() {
        errors.insert(Field::Days, "Choose at least one day.".into());
    }
    let start = form.start.as_deref().map(parse_minute);
    let end = form.end.as_deref().map(parse_minute);
    let hours = match (start, end) {
        (Some(Ok(s)), Some(Ok(e))) if s < e => WorkingHours::new(&days, s, e).ok(),
        (Some(Ok(_)), Some(Ok(_))) => {
            errors.insert(
                Field::End,
                "End after you start (overnight hours are not supported).".into(),
            );
            None
        }
        (s, e) => {
            if !matches!(s, Some(Ok(_))) {
                errors.insert(Field::Start, "Choose when your day starts.".into());
            }
            if !matches!(e, Some(Ok(_))) {
                errors.insert(Field::End, "Choose when your day ends.".into());
            }
            None
        }
    };

    let help_text = form.help_text.trim().to_owned();
    if help_text.chars().count() > MAX_HELP_TEXT {
        errors.insert(
            Field::HelpText,
            format!(
                "Keep it to {MAX_HELP_TEXT} characters (now {}).",
                help_text.chars().count()
            ),
        );
    }

    match (errors.is_empty(), capacity, hours) {
        (true, Some(capacity), Some(hours)) => Ok(ValidSettings {
            opted_in: form.opted_in,
            quiet_hours: !form.any_time,
            ignore_status: form.ignore_status,
            never_match,
            chosen,
            typed,
            capacity,
            paused_until,
            hours,
            help_text,
        }),
        _ => Err(errors),
    }
}

/// Checks a form's skills against the workspace's vocabulary: skills chosen from
/// the list must still be in it (`known` are those that are); typed skills that
/// are not in it yet (`typed_new`) are added only when the workspace allows new
/// skills (`ALLOW_NEW_SKILLS`).
pub fn check_vocabulary(
    chosen: &[SkillSlug],
    known: &[Skill],
    typed_new: &[Skill],
    allow_new: bool,
) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let gone: Vec<&str> = chosen
        .iter()
        .filter(|s| !known.iter().any(|k| &k.slug == *s))
        .map(SkillSlug::as_str)
        .collect();
    if !gone.is_empty() {
        errors.insert(
            Field::Skills,
            format!("No longer in the skill list: {}.", gone.join(", ")),
        );
    }
    if !typed_new.is_empty() && !allow_new {
        let names: Vec<&str> = typed_new.iter().map(|s| s.label.as_str()).collect();
        errors.insert(
            Field::NewSkills,
            format!(
                "Not in the skill list yet: {}. Ask an admin to add them.",
                names.join(", ")
            ),
        );
    }
    errors
}

/// `/mentor on` needs a profile with at least one skill.
pub fn may_opt_in(profile: Option<&MentorProfile>) -> bool {
    profile.is_some_and(|p| !p.skills.is_empty())
}

/// `/mentor <text>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MentorCommand {
    OpenSettings,
    On,
    Off,
    Pause(String),
    Resume,
    Status,
    Help,
    /// Announce office hours (opens their modal).
    OfficeHours,
    Unknown(String),
}

impl MentorCommand {
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        let (verb, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        match verb.to_ascii_lowercase().as_str() {
            "" | "settings" | "edit" => MentorCommand::OpenSettings,
            "on" | "in" | "opt-in" => MentorCommand::On,
            "off" | "out" | "opt-out" => MentorCommand::Off,
            "pause" => MentorCommand::Pause(rest.trim().to_owned()),
            "resume" | "unpause" => MentorCommand::Resume,
            "status" => MentorCommand::Status,
            "help" | "?" => MentorCommand::Help,
            "office-hours" | "office_hours" | "officehours" | "oh" => MentorCommand::OfficeHours,
            "office" if rest.trim().eq_ignore_ascii_case("hours") => MentorCommand::OfficeHours,
            _ => MentorCommand::Unknown(text.to_owned()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PauseError {
    #[error(
        "Tell me how long (`/mentor pause 2w`, `3d`) or until when (`/mentor pause 2026-12-01`)."
    )]
    Unreadable,
    #[error("That date has already passed.")]
    InThePast,
    #[error("Pauses last at most a year; `/mentor off` opts you out instead.")]
    TooLong,
}

/// `2w`, `3 days`, `1w 2d` (humantime), or a date `YYYY-MM-DD` (paused until the
/// start of that day in the mentor's zone).
pub fn parse_pause(arg: &str, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, PauseError> {
    let arg = arg.trim();
    let until = if let Ok(date) = NaiveDate::parse_from_str(arg, "%Y-%m-%d") {
        start_of_day(tz, date)
    } else {
        let d = humantime::parse_duration(arg).map_err(|_| PauseError::Unreadable)?;
        let d = chrono::Duration::from_std(d).map_err(|_| PauseError::TooLong)?;
        now.checked_add_signed(d).ok_or(PauseError::TooLong)?
    };
    if until <= now {
        return Err(PauseError::InThePast);
    }
    if until - now > chrono::Duration::days(MAX_PAUSE_DAYS) {
        return Err(PauseError::TooLong);
    }
    Ok(until)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::London;

    fn now() -> DateTime<Utc> {
        "2026-03-02T10:00:00Z".parse().unwrap()
    }

    fn form() -> SettingsForm {
        SettingsForm {
            opted_in: true,
            any_time: false,
            skills: vec!["rust".into()],
            new_skills: String::new(),
            capacity: Some("3".into()),
            pause_until: None,
            days: (0..5).map(|d| d.to_string()).collect(),
            start: Some("09:00".into()),
            end: Some("17:00".into()),
            help_text: "Happy to review Rust code".into(),
            ignore_status: false,
            never_match: Vec::new(),
        }
    }

    #[test]
    fn the_never_match_list_and_the_status_choice_are_kept() {
        let f = SettingsForm {
            ignore_status: true,
            never_match: vec!["UA".into(), "UME".into(), "UA".into()],
            ..form()
        };
        let v = validate("UME", &f, London, None, now()).unwrap();
        assert!(v.ignore_status);
        assert_eq!(v.never_match, ["UA"]);
        let many = SettingsForm {
            never_match: (0..60).map(|n| format!("U{n:04}")).collect(),
            ..form()
        };
        let errors = validate("UME", &many, London, None, now()).unwrap_err();
        assert!(errors.contains_key(&Field::NeverMatch));
    }

    #[test]
    fn a_good_form_validates() {
        let v = validate("UME", &form(), London, None, now()).unwrap();
        assert_eq!(v.capacity, 3);
        assert_eq!(v.hours.to_string(), "Mon-Fri 09:00-17:00");
        assert_eq!(v.chosen, vec![SkillSlug::parse("rust").unwrap()]);
    }

    #[test]
    fn each_problem_points_at_its_field() {
        let bad = SettingsForm {
            skills: vec![],
            capacity: Some("21".into()),
            pause_until: Some("2026-03-01".into()),
            days: vec![],
            end: Some("08:00".into()),
            help_text: "x".repeat(281),
            ..form()
        };
        let errors = validate("UME", &bad, London, None, now()).unwrap_err();
        let fields: Vec<_> = errors.keys().copied().collect();
        assert_eq!(
            fields,
            [
                Field::Skills,
                Field::Capacity,
                Field::PauseUntil,
                Field::Days,
                Field::End,
                Field::HelpText
            ]
        );
    }

    #[test]
    fn capacity_bounds_and_default() {
        for (raw, ok) in [
            ("1", true),
            ("20", true),
            ("0", false),
            ("21", false),
            ("2.5", false),
            ("two", false),
        ] {
            let f = SettingsForm {
                capacity: Some(raw.into()),
                ..form()
            };
            assert_eq!(
                validate("UME", &f, London, None, now()).is_ok(),
                ok,
                "{raw}"
            );
        }
        let f = SettingsForm {
            capacity: None,
            ..form()
        };
        assert_eq!(
            validate("UME", &f, London, None, now()).unwrap().capacity,
            DEFAULT_CAPACITY
        );
    }

    #[test]
    fn a_pause_saved_unchanged_keeps_its_exact_end() {
        // `/mentor pause 2w` ends at 10:00 in a fortnight; the form shows the day.
        let exact = now() + chrono::Duration::weeks(2);
        let f = SettingsForm {
            pause_until: Some("2026-03-16".into()),
            ..form()
        };
        assert_eq!(
            validate("UME", &f, London, Some(exact), now())
                .unwrap()
                .paused_until,
            Some(exact)
        );
        // A pause ending later today saves too.
        let today = now() + chrono::Duration::hours(3);
        let f = SettingsForm {
            pause_until: Some("2026-03-02".into()),
            ..form()
        };
        assert_eq!(
            validate("UME", &f, London, Some(today), now())
                .unwrap()
                .paused_until,
            Some(today)
        );
        // A different date is that day's start, as before.
        let f = SettingsForm {
            pause_until: Some("2026-03-20".into()),
            ..form()
        };
        assert_eq!(
            validate("UME", &f, London, Some(exact), now())
                .unwrap()
                .paused_until,
            Some("2026-03-20T00:00:00Z".parse().unwrap())
        );
    }

    #[test]
    fn opting_out_needs_no_skills_and_typed_skills_count() {
        let out = SettingsForm {
            opted_in: false,
            skills: vec![],
            ..form()
        };
        assert!(validate("UME", &out, London, None, now()).is_ok());
        let typed = SettingsForm {
            skills: vec![],
            new_skills: "Kubernetes, rust".into(),
            ..form()
        };
        assert_eq!(
            validate("UME", &typed, London, None, now())
                .unwrap()
                .typed
                .len(),
            2
        );
    }

    #[test]
    fn skills_must_be_in_the_vocabulary_and_new_ones_need_permission() {
        let rust = Skill::parse("Rust").unwrap();
        let k8s = Skill::parse("Kubernetes").unwrap();
        let chosen = vec![rust.slug.clone(), SkillSlug::parse("cobol").unwrap()];
        let errors = check_vocabulary(
            &chosen,
            std::slice::from_ref(&rust),
            std::slice::from_ref(&k8s),
            false,
        );
        assert_eq!(
            errors[&Field::Skills],
            "No longer in the skill list: cobol."
        );
        assert!(errors[&Field::NewSkills].contains("Kubernetes"));
        let slug = rust.slug.clone();
        assert!(check_vocabulary(&[slug], &[rust], &[k8s], true).is_empty());
    }

    #[test]
    fn opting_in_needs_a_skill() {
        let mut p = MentorProfile::new(London, WorkingHours::ALWAYS);
        assert!(!may_opt_in(None));
        assert!(!may_opt_in(Some(&p)));
        p.skills.push(Skill::parse("Rust").unwrap());
        assert!(may_opt_in(Some(&p)));
    }

    #[test]
    fn commands_parse() {
        assert_eq!(MentorCommand::parse(""), MentorCommand::OpenSettings);
        assert_eq!(MentorCommand::parse(" ON "), MentorCommand::On);
        assert_eq!(
            MentorCommand::parse("pause 2w"),
            MentorCommand::Pause("2w".into())
        );
        assert_eq!(MentorCommand::parse("status"), MentorCommand::Status);
        for oh in ["office-hours", "oh", "OH", "office hours"] {
            assert_eq!(MentorCommand::parse(oh), MentorCommand::OfficeHours, "{oh}");
        }
        assert_eq!(
            MentorCommand::parse("dance"),
            MentorCommand::Unknown("dance".into())
        );
    }

    #[test]
    fn pauses_read_durations_and_dates() {
        assert_eq!(
            parse_pause("2w", now(), London).unwrap(),
            now() + chrono::Duration::weeks(2)
        );
        assert_eq!(
            parse_pause("3 days", now(), London).unwrap(),
            now() + chrono::Duration::days(3)
        );
        // A date means "back on that morning", local midnight: BST by April.
        assert_eq!(
            parse_pause("2026-04-06", now(), London).unwrap(),
            "2026-04-05T23:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(
            parse_pause("2026-03-01", now(), London),
            Err(PauseError::InThePast)
        );
        assert_eq!(parse_pause("2y", now(), London), Err(PauseError::TooLong));
        assert_eq!(
            parse_pause("soon", now(), London),
            Err(PauseError::Unreadable)
        );
        assert_eq!(parse_pause("", now(), London), Err(PauseError::Unreadable));
    }
}
