//! When things happen later: the reminder ladder of an unanswered ask, and the
//! follow-up after a match.

use chrono::{DateTime, Duration, NaiveDate, Utc};

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

/// When an ask expires: `expire_after` after it was made, or sooner when the
/// asker needs help by a date — once that date has ended everywhere (12:00 UTC
/// the next day, the end of the day in the last zone), since we do not know the
/// asker's zone when the ask is made.
pub fn expires_at(
    created: DateTime<Utc>,
    needed_by: Option<NaiveDate>,
    t: &Timings,
) -> DateTime<Utc> {
    let default = created + t.expire_after;
    let Some(day) = needed_by.and_then(|d| d.succ_opt()) else {
        return default;
    };
    let deadline = day.and_hms_opt(12, 0, 0).expect("noon exists").and_utc();
    default.min(deadline.max(created + Duration::hours(1)))
}

/// The ladder for an ask created at `created`: nudge at one reminder interval,
/// advice at two, expiry at [`expires_at`]. When the ask is needed sooner than
/// that leaves room for, the rungs move closer: nudge at a third of the time to
/// expiry, advice at two thirds. A rung at or after expiry is dropped.
pub fn ladder(
    created: DateTime<Utc>,
    needed_by: Option<NaiveDate>,
    t: &Timings,
) -> Vec<(Rung, DateTime<Utc>)> {
    let expire = expires_at(created, needed_by, t);
    let step = if expire < created + t.expire_after {
        t.reminder_after.min((expire - created) / 3)
    } else {
        t.reminder_after
    };
    let mut rungs: Vec<(Rung, DateTime<Utc>)> = [(Rung::NudgeAndWiden, 1), (Rung::AdviseMentee, 2)]
        .into_iter()
        .map(|(rung, n)| (rung, created + step * n))
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
        let l = ladder(c, None, &t(4, 168));
        assert_eq!(
            l,
            [
                (Rung::NudgeAndWiden, c + Duration::hours(4)),
                (Rung::AdviseMentee, c + Duration::hours(8)),
                (Rung::Expire, c + Duration::hours(168)),
            ]
        );
        // Rungs at or past expiry are dropped.
        let short = ladder(c, None, &t(4, 8));
        assert_eq!(
            short,
            [
                (Rung::NudgeAndWiden, c + Duration::hours(4)),
                (Rung::Expire, c + Duration::hours(8))
            ]
        );
    }

    #[test]
    fn a_sooner_needed_by_date_brings_expiry_and_reminders_forward() {
        let c: DateTime<Utc> = "2026-03-02T10:00:00Z".parse().unwrap(); // Monday
        let tuesday = NaiveDate::from_ymd_opt(2026, 3, 3);
        // Tuesday has ended everywhere by Wednesday 12:00 UTC: 50 h away.
        let expire = c + Duration::hours(50);
        assert_eq!(expires_at(c, tuesday, &t(4, 168)), expire);
        assert_eq!(
            ladder(c, tuesday, &t(24, 168)),
            [
                (Rung::NudgeAndWiden, c + Duration::minutes(50 * 60 / 3)),
                (Rung::AdviseMentee, c + Duration::minutes(2 * 50 * 60 / 3)),
                (Rung::Expire, expire),
            ]
        );
        // A date further away than the default changes nothing.
        let later = NaiveDate::from_ymd_opt(2026, 4, 1);
        assert_eq!(ladder(c, later, &t(4, 168)), ladder(c, None, &t(4, 168)));
        // Yesterday (as the asker's zone may still see it) ends at noon UTC today…
        let yesterday = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert_eq!(expires_at(c, yesterday, &t(4, 168)), c + Duration::hours(2));
        // …and a date already over everywhere still leaves an hour to answer.
        let over = NaiveDate::from_ymd_opt(2026, 2, 27);
        assert_eq!(expires_at(c, over, &t(4, 168)), c + Duration::hours(1));
    }
}
