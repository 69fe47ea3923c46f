//! Reading typed values back from TEXT and SMALLINT columns. A value that does
//! not parse is an error that is logged and returned, never a silent default: a
//! corrupt working-hours row must not make a mentor "always available".

use chrono_tz::Tz;
use std::str::FromStr;

use crate::core::skills::{Skill, SkillSlug};
use crate::core::working_hours::WorkingHours;

/// Skills aggregated as two parallel arrays (slugs, labels) by a query.
pub(crate) fn skills(slugs: Vec<String>, labels: Vec<String>) -> Vec<Skill> {
    slugs
        .into_iter()
        .zip(labels)
        .map(|(slug, label)| Skill {
            slug: SkillSlug::from_stored(slug),
            label,
        })
        .collect()
}

fn corrupt(column: &'static str, raw: &str, reason: String) -> sqlx::Error {
    tracing::error!(column, value = raw, %reason, "a stored value does not parse");
    sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: reason.into(),
    }
}

/// A column whose type has a strict `FromStr` (statuses, formats, outcomes).
pub(crate) fn parse<T: FromStr<Err = String>>(
    column: &'static str,
    raw: &str,
) -> Result<T, sqlx::Error> {
    raw.parse().map_err(|e| corrupt(column, raw, e))
}

/// A stored IANA zone name.
pub(crate) fn zone(raw: &str) -> Result<Tz, sqlx::Error> {
    raw.parse()
        .map_err(|_| corrupt("tz", raw, format!("`{raw}` is not a time zone")))
}

/// A mentor's working hours from their three columns.
pub(crate) fn hours(days: i16, start: i16, end: i16) -> Result<WorkingHours, sqlx::Error> {
    let raw = format!("{days}/{start}/{end}");
    let parts = (u8::try_from(days), u16::try_from(start), u16::try_from(end));
    match parts {
        (Ok(d), Ok(s), Ok(e)) => WorkingHours::from_parts(d, s, e)
            .map_err(|err| corrupt("work_*", &raw, err.to_string())),
        _ => Err(corrupt("work_*", &raw, "out of range".into())),
    }
}
