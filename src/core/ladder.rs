//! When things happen later: the reminder ladder of an unanswered ask, and the
//! follow-up after a match.

use chrono::{DateTime, Duration, Utc};

/// A rung of the ladder for an ask nobody has accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rung {
    /// Nudge the mentors already offered, once, and offer to the next candidates.
    NudgeAndWiden,
    /// Tell the mentee what they can do.
    AdviseMentee,
    /// Give up: the ask expires.
    Expire,
}

impl Rung {
    pub fn as_str(self) -> &'static str {
        match self {
            Rung::NudgeAndWiden => "nudge",
            Rung::AdviseMentee => "advise",
            Rung::Expire => "expire",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timings {
    pub reminder_after: Duration,
    pub expire_after: Duration,
    pub followup_after: Duration,
}

/// The ladder for an ask created at `created`: nudge at one reminder interval,
/// advice at two, expiry at `expire_after`. A rung that would fall at or after
/// expiry is dropped.
pub fn ladder(created: DateTime<Utc>, t: &Timings) -> Vec<(Rung, DateTime<Utc>)> {
    let expire = created + t.expire_after;
    let mut rungs: Vec<(Rung, DateTime<Utc>)> = [(Rung::NudgeAndWiden, 1), (Rung::AdviseMentee, 2)]
        .into_iter()
        .map(|(rung, n)| (rung, created + t.reminder_after * n))
        .filter(|(_, at)| *at < expire)
        .collect();
    rungs.push((Rung::Expire, expire));
    rungs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(reminder: i64, expire: i64) -> Timings {
        Timings {
            reminder_after: Duration::hours(reminder),
            expire_after: Duration::hours(expire),
            followup_after: Duration::hours(48),
        }
    }

    #[test]
    fn the_ladder_climbs_in_order_and_ends_in_expiry() {
        let c: DateTime<Utc> = "2026-03-02T10:00:00Z".parse().unwrap();
        let l = ladder(c, &t(4, 168));
        assert_eq!(
            l,
            [
                (Rung::NudgeAndWiden, c + Duration::hours(4)),
                (Rung::AdviseMentee, c + Duration::hours(8)),
                (Rung::Expire, c + Duration::hours(168)),
            ]
        );
        // Rungs at or past expiry are dropped.
        let short = ladder(c, &t(4, 8));
        assert_eq!(
            short,
            [
                (Rung::NudgeAndWiden, c + Duration::hours(4)),
                (Rung::Expire, c + Duration::hours(8))
            ]
        );
    }
}
