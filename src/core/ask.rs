//! An ask: its form, its lifecycle, and reading `/ask <text>`.

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use super::skills::{Skill, SkillSlug, Synonym};
use super::text::is_user_id;

pub const MAX_TOPIC: usize = 150;
pub const MAX_DETAILS: usize = 2000;
pub const MAX_SKILLS: usize = 5;
pub const TIME_BOXES: [u16; 4] = [10, 20, 30, 45];
pub const DEFAULT_TIME_BOX: u16 = 20;
pub const MAX_PERSPECTIVES: u8 = 3;

/// Where an ask is. Open → Matched → Done; Open → Cancelled | Expired;
/// Matched → Open when the session did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskStatus {
    Open,
    Matched,
    Done,
    Cancelled,
    Expired,
}

/// Something that happens to an ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskEvent {
    /// A mentor accepted; `fills` when they are the last one wanted.
    Accept {
        fills: bool,
    },
    MarkDone,
    Cancel,
    Expire,
    /// The session did not happen: look for another mentor.
    Reopen,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an ask that is {from} cannot be {event}")]
pub struct IllegalTransition {
    pub from: AskStatus,
    pub event: AskEvent,
}

impl AskStatus {
    /// The lifecycle. Anything not listed is refused, never ignored.
    pub fn apply(self, event: AskEvent) -> Result<AskStatus, IllegalTransition> {
        use AskEvent::*;
        use AskStatus::*;
        match (self, event) {
            (Open, Accept { fills: false }) => Ok(Open),
            (Open, Accept { fills: true }) => Ok(Matched),
            (Matched, MarkDone) => Ok(Done),
            (Open, Cancel) => Ok(Cancelled),
            (Open, Expire) => Ok(Expired),
            (Matched, Reopen) => Ok(Open),
            (from, event) => Err(IllegalTransition { from, event }),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AskStatus::Open => "open",
            AskStatus::Matched => "matched",
            AskStatus::Done => "done",
            AskStatus::Cancelled => "cancelled",
            AskStatus::Expired => "expired",
        }
    }
}

impl fmt::Display for AskStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for AskEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AskEvent::Accept { .. } => "accepted",
            AskEvent::MarkDone => "marked done",
            AskEvent::Cancel => "cancelled",
            AskEvent::Expire => "expired",
            AskEvent::Reopen => "re-opened",
        })
    }
}

impl FromStr for AskStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "open" => AskStatus::Open,
            "matched" => AskStatus::Matched,
            "done" => AskStatus::Done,
            "cancelled" => AskStatus::Cancelled,
            "expired" => AskStatus::Expired,
            other => return Err(format!("unknown ask status `{other}`")),
        })
    }
}

/// An ask as stored, with its skills' labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Ask {
    pub id: i64,
    pub team_id: String,
    pub asker_id: String,
    pub topic: String,
    pub details: String,
    pub skills: Vec<Skill>,
    pub time_box: u16,
    pub format: Format,
    pub mentors_wanted: u8,
    pub in_digest: bool,
    pub needed_by: Option<NaiveDate>,
    pub status: AskStatus,
    pub matched_count: u8,
    pub created_at: DateTime<Utc>,
    /// "Ask <mentor> first": offered this ask alone before anyone else.
    pub first_mentor: Option<String>,
}

impl Ask {
    pub fn slugs(&self) -> Vec<SkillSlug> {
        self.skills.iter().map(|s| s.slug.clone()).collect()
    }
}

/// How the help happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Chat,
    Call,
    AsyncReview,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Chat, Format::Call, Format::AsyncReview];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Chat => "chat",
            Format::Call => "call",
            Format::AsyncReview => "async_review",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Chat => "Chat",
            Format::Call => "Call",
            Format::AsyncReview => "Async review",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Format::parse(s).ok_or_else(|| format!("unknown format `{s}`"))
    }
}

/// The ask modal's values as Slack sent them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AskForm {
    pub topic: String,
    pub details: String,
    pub skills: Vec<String>,
    pub time_box: Option<String>,
    pub format: Option<String>,
    pub perspectives: Option<String>,
    pub in_digest: bool,
    pub needed_by: Option<String>,
    /// "Ask someone first": a user id from the users select.
    pub first_mentor: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AskField {
    Topic,
    Details,
    Skills,
    TimeBox,
    Format,
    Perspectives,
    NeededBy,
    FirstMentor,
}

pub type AskErrors = BTreeMap<AskField, String>;

#[derive(Debug, Clone, PartialEq)]
pub struct NewAsk {
    pub topic: String,
    pub details: String,
    pub skills: Vec<SkillSlug>,
    pub time_box: u16,
    pub format: Format,
    pub mentors_wanted: u8,
    pub in_digest: bool,
    pub needed_by: Option<NaiveDate>,
    pub first_mentor: Option<String>,
}

pub fn validate(asker_id: &str, form: &AskForm, now: DateTime<Utc>) -> Result<NewAsk, AskErrors> {
    let mut errors = AskErrors::new();
    let first_mentor = match form.first_mentor.as_deref().filter(|m| !m.is_empty()) {
        None => None,
        Some(m) if m == asker_id => {
            errors.insert(
                AskField::FirstMentor,
                "That's you: choose someone else, or leave it empty.".into(),
            );
            None
        }
        Some(m) if !is_user_id(m) => {
            errors.insert(AskField::FirstMentor, "Choose a person.".into());
            None
        }
        Some(m) => Some(m.to_owned()),
    };
    let topic = form.topic.split_whitespace().collect::<Vec<_>>().join(" ");
    if topic.is_empty() {
        errors.insert(AskField::Topic, "Say in a line what you need.".into());
    } else if topic.chars().count() > MAX_TOPIC {
        errors.insert(
            AskField::Topic,
            format!("Keep the topic to {MAX_TOPIC} characters; put the rest in details."),
        );
    }
    let details = form.details.trim().to_owned();
    if details.chars().count() > MAX_DETAILS {
        errors.insert(
            AskField::Details,
            format!("Keep details to {MAX_DETAILS} characters."),
        );
    }
    let mut skills: Vec<SkillSlug> = Vec::new();
    for raw in &form.skills {
        match SkillSlug::parse(raw) {
            Ok(s) if !skills.contains(&s) => skills.push(s),
            Ok(_) => {}
            Err(e) => {
                errors.insert(AskField::Skills, e.to_string());
            }
        }
    }
    if skills.is_empty() {
        errors.insert(
            AskField::Skills,
            "Tag at least one skill so I know whom to ask.".into(),
        );
    } else if skills.len() > MAX_SKILLS {
        errors.insert(
            AskField::Skills,
            format!("Tag at most {MAX_SKILLS} skills — the closest ones."),
        );
    }
    let time_box = match form.time_box.as_deref() {
        None | Some("") => Some(DEFAULT_TIME_BOX),
        Some(raw) => raw.parse().ok().filter(|t| TIME_BOXES.contains(t)),
    };
    if time_box.is_none() {
        errors.insert(AskField::TimeBox, "Choose 10, 20, 30 or 45 minutes.".into());
    }
    let format = match form.format.as_deref() {
        None | Some("") => Some(Format::Chat),
        Some(raw) => Format::parse(raw),
    };
    if format.is_none() {
        errors.insert(
            AskField::Format,
            "Choose chat, call or async review.".into(),
        );
    }
    let wanted = match form.perspectives.as_deref() {
        None | Some("") => Some(1),
        Some(raw) => raw
            .parse()
            .ok()
            .filter(|n| (1..=MAX_PERSPECTIVES).contains(n)),
    };
    if wanted.is_none() {
        errors.insert(AskField::Perspectives, "Choose 1, 2 or 3 mentors.".into());
    }
    let needed_by = match form.needed_by.as_deref().filter(|d| !d.is_empty()) {
        None => None,
        Some(raw) => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            // A day of slack either side: we do not know the asker's zone here.
            Ok(d) if d >= now.date_naive().pred_opt().unwrap_or(d) => Some(d),
            Ok(_) => {
                errors.insert(AskField::NeededBy, "That date has passed.".into());
                None
            }
            Err(_) => {
                errors.insert(AskField::NeededBy, "That is not a date.".into());
                None
            }
        },
    };
    match (errors.is_empty(), time_box, format, wanted) {
        (true, Some(time_box), Some(format), Some(mentors_wanted)) => Ok(NewAsk {
            topic,
            details,
            skills,
            time_box,
            format,
            mentors_wanted,
            in_digest: form.in_digest,
            needed_by,
            first_mentor,
        }),
        _ => Err(errors),
    }
}

/// `/ask <text>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AskCommand {
    /// Open the modal, with the text (if any) as the topic.
    Open(String),
    List,
    /// Your sessions as mentee and as mentor, with a CSV to take away.
    History,
    /// Export or delete everything stored about you (`core::my_data`).
    MyData,
    Help,
}

impl AskCommand {
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        match text.to_ascii_lowercase().as_str() {
            "help" | "?" => AskCommand::Help,
            "list" | "mine" => AskCommand::List,
            "history" | "record" => AskCommand::History,
            "my-data" | "my data" | "mydata" | "data" => AskCommand::MyData,
            _ => AskCommand::Open(text.to_owned()),
        }
    }
}

/// Skills from the vocabulary that `text` mentions, by whole words, by their
/// name or one of their other names (`synonyms`): "need help with Rust async"
/// finds "rust" and "rust-async", not "trust"; "help with js" finds JavaScript
/// when "js" is one of its names. Each skill once, at most [`MAX_SKILLS`], the
/// longest (most specific) name found first.
pub fn mentioned_skills(text: &str, vocabulary: &[Skill], synonyms: &[Synonym]) -> Vec<Skill> {
    let words: Vec<String> = text
        .split(|c: char| {
            c.is_whitespace() || c == ',' || c == ';' || c == '/' || c == '(' || c == ')'
        })
        .filter_map(|w| SkillSlug::parse(w).ok())
        .map(|s| s.to_string())
        .collect();
    let haystack = format!("-{}-", words.join("-"));
    let said = |slug: &SkillSlug| haystack.contains(&format!("-{slug}-"));
    // (length of the name found, skill)
    let mut found: Vec<(usize, &Skill)> = Vec::new();
    let names = vocabulary
        .iter()
        .map(|s| (&s.slug, &s.slug))
        .chain(synonyms.iter().map(|y| (&y.slug, &y.skill)));
    for (name, skill) in names {
        if !said(name) {
            continue;
        }
        let Some(skill) = vocabulary.iter().find(|s| &s.slug == skill) else {
            continue;
        };
        match found.iter_mut().find(|(_, s)| s.slug == skill.slug) {
            Some(seen) => seen.0 = seen.0.max(name.as_str().len()),
            None => found.push((name.as_str().len(), skill)),
        }
    }
    found.sort_by(|(a_len, a), (b_len, b)| b_len.cmp(a_len).then(a.slug.cmp(&b.slug)));
    found.truncate(MAX_SKILLS);
    found.into_iter().map(|(_, s)| s.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use AskEvent::*;
    use AskStatus::*;

    #[test]
    fn the_lifecycle_allows_exactly_its_transitions() {
        let all_events = [
            Accept { fills: false },
            Accept { fills: true },
            MarkDone,
            Cancel,
            Expire,
            Reopen,
        ];
        let allowed = [
            (Open, Accept { fills: false }, Open),
            (Open, Accept { fills: true }, Matched),
            (Matched, MarkDone, Done),
            (Open, Cancel, Cancelled),
            (Open, Expire, Expired),
            (Matched, Reopen, Open),
        ];
        for from in [Open, Matched, Done, Cancelled, Expired] {
            for event in all_events {
                let expected = allowed
                    .iter()
                    .find(|(f, e, _)| *f == from && *e == event)
                    .map(|(_, _, to)| *to);
                match (from.apply(event), expected) {
                    (Ok(to), Some(want)) => assert_eq!(to, want, "{from} + {event}"),
                    (Err(e), None) => assert_eq!(e, IllegalTransition { from, event }),
                    (got, want) => panic!("{from} + {event}: got {got:?}, want {want:?}"),
                }
            }
        }
        assert_eq!(
            Cancelled
                .apply(Accept { fills: true })
                .unwrap_err()
                .to_string(),
            "an ask that is cancelled cannot be accepted"
        );
    }

    fn form() -> AskForm {
        AskForm {
            topic: "  Review my  migration plan ".into(),
            details: "Postgres 15 → 16".into(),
            skills: vec!["sql".into()],
            time_box: Some("30".into()),
            format: Some("call".into()),
            perspectives: Some("2".into()),
            in_digest: true,
            needed_by: Some("2026-03-05".into()),
            first_mentor: Some("UPICK".into()),
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-03-02T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_good_form_validates_and_tidies_the_topic() {
        let ask = validate("UASKER", &form(), now()).unwrap();
        assert_eq!(ask.topic, "Review my migration plan");
        assert_eq!(ask.first_mentor.as_deref(), Some("UPICK"));
        assert_eq!(
            (ask.time_box, ask.format, ask.mentors_wanted),
            (30, Format::Call, 2)
        );
    }

    #[test]
    fn bad_values_point_at_their_fields() {
        let bad = AskForm {
            topic: " ".into(),
            details: "x".repeat(2001),
            skills: (0..6).map(|i| format!("s{i}")).collect(),
            time_box: Some("15".into()),
            format: Some("dance".into()),
            perspectives: Some("4".into()),
            in_digest: false,
            needed_by: Some("2026-02-01".into()),
            first_mentor: Some("UASKER".into()),
        };
        let fields: Vec<_> = validate("UASKER", &bad, now())
            .unwrap_err()
            .into_keys()
            .collect();
        use AskField::*;
        assert_eq!(
            fields,
            [
                Topic,
                Details,
                Skills,
                TimeBox,
                Format,
                Perspectives,
                NeededBy,
                FirstMentor
            ]
        );
        let long = AskForm {
            topic: "x".repeat(151),
            ..form()
        };
        assert!(validate("UASKER", &long, now())
            .unwrap_err()
            .contains_key(&Topic));
        let none = AskForm {
            skills: vec![],
            ..form()
        };
        assert!(validate("UASKER", &none, now())
            .unwrap_err()
            .contains_key(&Skills));
    }

    #[test]
    fn commands_parse() {
        assert_eq!(AskCommand::parse(""), AskCommand::Open(String::new()));
        assert_eq!(AskCommand::parse(" LIST "), AskCommand::List);
        assert_eq!(AskCommand::parse("help"), AskCommand::Help);
        assert_eq!(
            AskCommand::parse("help me with SQL"),
            AskCommand::Open("help me with SQL".into())
        );
    }

    #[test]
    fn skills_are_found_by_whole_words() {
        let vocab: Vec<Skill> = [
            "Rust",
            "Rust async",
            "Trust",
            "SQL",
            "C++",
            "Machine learning",
        ]
        .iter()
        .map(|s| Skill::parse(s).unwrap())
        .collect();
        let found = |t: &str| -> Vec<String> {
            mentioned_skills(t, &vocab, &[])
                .iter()
                .map(|s| s.label.clone())
                .collect()
        };
        assert_eq!(
            found("Need help with rust async code"),
            ["Rust async", "Rust"]
        );
        assert_eq!(found("SQL query, and some c++"), ["C++", "SQL"]);
        assert_eq!(found("intro to Machine Learning?"), ["Machine learning"]);
        assert!(found("entrust rusty").is_empty());
    }

    #[test]
    fn skills_are_found_by_their_other_names_too() {
        let vocab: Vec<Skill> = ["JavaScript", "SQL", "Rust"]
            .iter()
            .map(|s| Skill::parse(s).unwrap())
            .collect();
        let synonym = |name: &str, skill: &str| Synonym {
            slug: SkillSlug::parse(name).unwrap(),
            label: name.into(),
            skill: SkillSlug::parse(skill).unwrap(),
        };
        let synonyms = vec![
            synonym("js", "JavaScript"),
            synonym("Node.js", "JavaScript"),
            synonym("postgres", "SQL"),
            // A synonym of a skill that is gone is ignored.
            synonym("cobol-85", "COBOL"),
        ];
        let found = |t: &str| -> Vec<String> {
            mentioned_skills(t, &vocab, &synonyms)
                .iter()
                .map(|s| s.label.clone())
                .collect()
        };
        assert_eq!(found("help with js"), ["JavaScript"]);
        assert_eq!(found("Node.js and JavaScript, js"), ["JavaScript"]);
        assert_eq!(
            found("postgres from node.js, in rust"),
            ["SQL", "JavaScript", "Rust"]
        );
        assert!(found("jsx cobol-85").is_empty());
    }
}
