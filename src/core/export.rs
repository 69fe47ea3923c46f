//! The admins' CSV export: one row per ask of the window, with its matches and
//! ratings. What it leaves out is the rule: no topic, no details, no notes, no
//! names — only ids, dates, skills and figures.

use chrono::{DateTime, SecondsFormat, Utc};

use super::ask::AskStatus;

/// One ask as exported.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    pub ask_id: i64,
    pub created_at: DateTime<Utc>,
    /// Skill slugs, in a stable order.
    pub skills: Vec<String>,
    /// Minutes.
    pub time_box: u16,
    pub status: AskStatus,
    /// The first match that still counts (not released by a re-open).
    pub matched_at: Option<DateTime<Utc>>,
    /// Mentors matched (sessions that still count).
    pub mentors: i64,
    /// The mentee's ratings (1–5), one per rated session.
    pub ratings: Vec<i16>,
}

/// The header line's columns.
pub const COLUMNS: [&str; 9] = [
    "ask_id",
    "created_at",
    "skills",
    "time_box_minutes",
    "status",
    "matched_at",
    "minutes_to_match",
    "mentors",
    "ratings",
];

/// Whole minutes from the ask to its first match.
pub fn minutes_to_match(row: &ExportRow) -> Option<i64> {
    row.matched_at.map(|m| (m - row.created_at).num_minutes())
}

fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line
/// break, quotes doubled. A field a spreadsheet would run as a formula (`=`,
/// `+`, `-`, `@`, tab, carriage return first) is prefixed with `'` — skills are
/// typed by people, and an admin opens this file in a spreadsheet.
pub fn field(raw: &str) -> String {
    let raw = match raw.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{raw}"),
        _ => raw.to_owned(),
    };
    if raw.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", raw.replace('"', "\"\""))
    } else {
        raw
    }
}

/// The whole file: a header, then one line per row, CRLF line ends (RFC 4180).
pub fn csv(rows: &[ExportRow]) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for row in rows {
        let ratings: Vec<String> = row.ratings.iter().map(i16::to_string).collect();
        let fields = [
            row.ask_id.to_string(),
            iso(row.created_at),
            field(&row.skills.join(";")),
            row.time_box.to_string(),
            row.status.as_str().to_owned(),
            row.matched_at.map(iso).unwrap_or_default(),
            minutes_to_match(row)
                .map(|m| m.to_string())
                .unwrap_or_default(),
            row.mentors.to_string(),
            ratings.join(";"),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn rows_become_lines_with_iso_dates_minutes_and_joined_lists() {
        let rows = vec![
            ExportRow {
                ask_id: 7,
                created_at: at("2026-03-02T09:00:30Z"),
                skills: vec!["rust".into(), "sql".into()],
                time_box: 20,
                status: AskStatus::Done,
                matched_at: Some(at("2026-03-02T10:30:29Z")),
                mentors: 2,
                ratings: vec![5, 4],
            },
            ExportRow {
                ask_id: 8,
                created_at: at("2026-03-03T12:00:00Z"),
                skills: vec!["c++".into()],
                time_box: 45,
                status: AskStatus::Expired,
                matched_at: None,
                mentors: 0,
                ratings: vec![],
            },
        ];
        assert_eq!(
            csv(&rows),
            "ask_id,created_at,skills,time_box_minutes,status,matched_at,minutes_to_match,mentors,ratings\r\n\
             7,2026-03-02T09:00:30Z,rust;sql,20,done,2026-03-02T10:30:29Z,89,2,5;4\r\n\
             8,2026-03-03T12:00:00Z,c++,45,expired,,,0,\r\n"
        );
        assert_eq!(csv(&[]).lines().count(), 1);
    }

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("rust"), "rust");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(field("-1+1"), "'-1+1");
        assert_eq!(field("@sum"), "'@sum");
        assert_eq!(field("=1,2"), "\"'=1,2\"");
        assert_eq!(field(""), "");
    }
}
