//! "Where my ask stands": how long asks like this one usually wait, from this
//! workspace's own history — the median time to a first match over the last
//! [`HISTORY_DAYS`] days of asks sharing a skill, counted in the matched
//! mentor's working hours (a night or a weekend does not make a wait longer).
//! Without enough history there is no estimate: better none than a guess.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::figures::{median_duration, working_time_between};
use super::working_hours::WorkingHours;

/// How far back the history goes.
pub const HISTORY_DAYS: i64 = 90;
/// Fewer matched asks than this is no history.
pub const MIN_SAMPLES: usize = 3;

/// One matched ask of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub created_at: DateTime<Utc>,
    pub matched_at: DateTime<Utc>,
    /// The matched mentor's hours and zone.
    pub hours: WorkingHours,
    pub tz: Tz,
}

/// The usual wait, in working hours; `None` without enough history.
pub fn usual_wait(samples: &[Sample]) -> Option<Duration> {
    if samples.len() < MIN_SAMPLES {
        return None;
    }
    let waits: Vec<Duration> = samples
        .iter()
        .map(|s| working_time_between(&s.hours, s.tz, s.created_at, s.matched_at))
        .collect();
    median_duration(&waits)
}

/// "about 2 hours": minutes to the quarter hour under an hour, hours under a
/// working day (8 hours), then working days.
pub fn about(wait: Duration) -> String {
    let minutes = wait.num_minutes().max(0);
    match minutes {
        m if m < 60 => format!("about {} minutes", ((m + 7) / 15 * 15).max(15)),
        m if m < 8 * 60 => match (m + 30) / 60 {
            1 => "about an hour".to_owned(),
            h => format!("about {h} hours"),
        },
        m => match (m + 240) / (8 * 60) {
            1 => "about a working day".to_owned(),
            d => format!("about {d} working days"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn sample(created: &str, matched: &str) -> Sample {
        Sample {
            created_at: t(created),
            matched_at: t(matched),
            hours: "Mon-Fri 09:00-17:00".parse().unwrap(),
            tz: chrono_tz::Europe::London,
        }
    }

    #[test]
    fn no_estimate_without_enough_history() {
        let two = [
            sample("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z"),
            sample("2026-03-03T10:00:00Z", "2026-03-03T12:00:00Z"),
        ];
        assert_eq!(usual_wait(&two), None);
        assert_eq!(usual_wait(&[]), None);
    }

    #[test]
    fn the_median_wait_counts_working_hours_only() {
        let history = [
            sample("2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z"), // 1 h
            sample("2026-03-03T10:00:00Z", "2026-03-03T13:00:00Z"), // 3 h
            // Friday 16:00 → Monday 10:00: 2 working hours, not 66.
            sample("2026-03-06T16:00:00Z", "2026-03-09T10:00:00Z"),
        ];
        assert_eq!(usual_wait(&history), Some(Duration::hours(2)));
    }

    #[test]
    fn waits_read_as_people_say_them() {
        assert_eq!(about(Duration::minutes(3)), "about 15 minutes");
        assert_eq!(about(Duration::minutes(38)), "about 45 minutes");
        assert_eq!(about(Duration::minutes(70)), "about an hour");
        assert_eq!(about(Duration::minutes(150)), "about 3 hours");
        assert_eq!(about(Duration::hours(9)), "about a working day");
        assert_eq!(about(Duration::hours(20)), "about 3 working days");
    }
}
