//! "My record" (`/ask history`): someone's sessions as mentee and as mentor,
//! for their own records (CPD), as a list and as a CSV they can take with them.
//! A rating the other person gave shows only once both answered
//! (`core::feedback`): the record never reveals what the session did not.

use chrono::{DateTime, Utc};

use super::export::field;

/// Which side of the session the person was on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Mentee,
    Mentor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Mentee => "mentee",
            Role::Mentor => "mentor",
        }
    }
}

/// One session of the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub role: Role,
    pub matched_at: DateTime<Utc>,
    pub topic: String,
    pub skills: Vec<String>,
    pub time_box: u16,
    /// The other person (a user id), for the list only; the CSV names nobody.
    pub with: String,
    pub done: bool,
    /// Their own answer: helpfulness as mentee, ask clarity as mentor.
    pub rating_given: Option<u8>,
    /// The other's answer, when both answered.
    pub rating_received: Option<u8>,
}

pub const COLUMNS: [&str; 8] = [
    "date",
    "role",
    "topic",
    "skills",
    "time_box_minutes",
    "status",
    "rating_given",
    "rating_received",
];

/// The record as CSV (RFC 4180, CRLF), newest first as given; every text
/// field quoted as needed and formula-like text defused (`export::field`).
pub fn csv(entries: &[Entry]) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for e in entries {
        let rating = |r: Option<u8>| r.map(|r| r.to_string()).unwrap_or_default();
        let row = [
            e.matched_at.format("%Y-%m-%d").to_string(),
            e.role.as_str().to_owned(),
            field(&e.topic),
            field(&e.skills.join("; ")),
            e.time_box.to_string(),
            if e.done { "done" } else { "matched" }.to_owned(),
            rating(e.rating_given),
            rating(e.rating_received),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_has_one_line_a_session_names_nobody_and_quotes_what_needs_it() {
        let entries = [
            Entry {
                role: Role::Mentor,
                matched_at: "2026-03-04T10:00:00Z".parse().unwrap(),
                topic: "=Review, \"my\" plan".into(),
                skills: vec!["Rust".into(), "SQL".into()],
                time_box: 30,
                with: "UASKER".into(),
                done: true,
                rating_given: Some(4),
                rating_received: None,
            },
            Entry {
                role: Role::Mentee,
                matched_at: "2026-03-02T10:00:00Z".parse().unwrap(),
                topic: "Index".into(),
                skills: vec!["SQL".into()],
                time_box: 20,
                with: "UM1".into(),
                done: false,
                rating_given: None,
                rating_received: Some(5),
            },
        ];
        assert_eq!(
            csv(&entries),
            "date,role,topic,skills,time_box_minutes,status,rating_given,rating_received\r\n\
             2026-03-04,mentor,\"'=Review, \"\"my\"\" plan\",Rust; SQL,30,done,4,\r\n\
             2026-03-02,mentee,Index,SQL,20,matched,,5\r\n"
        );
        assert!(!csv(&entries).contains("UASKER"));
    }
}
