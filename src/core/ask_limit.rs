//! Ask limits (`ASK_LIMIT`, e.g. `3/30d`): at most so many asks per rolling
//! period per person, so a few people cannot take every mentor's week. Admins
//! are exempt. Cancelled asks that nobody accepted don't count: trying again
//! with better words must not cost an ask.

use chrono::{DateTime, Duration, Utc};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AskLimit {
    pub count: u32,
    pub per: Duration,
}

impl FromStr for AskLimit {
    type Err = String;

    /// `N/duration`: a whole number from 1, then a humantime period such as `30d`
    /// or `1w` (at least an hour, at most a year).
    fn from_str(raw: &str) -> Result<Self, String> {
        let (count, per) = raw
            .split_once('/')
            .ok_or_else(|| format!("`{raw}` is not asks/period, e.g. 3/30d"))?;
        let count: u32 = count
            .trim()
            .parse()
            .ok()
            .filter(|c| *c >= 1)
            .ok_or_else(|| format!("`{count}` is not a whole number of asks from 1"))?;
        let per = humantime::parse_duration(per.trim())
            .ok()
            .and_then(|d| Duration::from_std(d).ok())
            .filter(|d| *d >= Duration::hours(1) && *d <= Duration::days(366))
            .ok_or_else(|| format!("`{per}` is not a period between 1h and 366d, e.g. 30d"))?;
        Ok(AskLimit { count, per })
    }
}

/// Where someone stands against the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowance {
    /// No limit applies (none set, or an admin).
    Unlimited,
    /// This many asks left in the period, counting the one about to be made.
    Left(u32),
    /// None left; the next becomes possible then (when the oldest counted ask
    /// leaves the period).
    Blocked { next_at: DateTime<Utc> },
}

/// Tell people how many are left only when it is getting close.
pub const TELL_WHEN_LEFT: u32 = 2;

impl Allowance {
    /// A line for the ask form when few are left.
    pub fn worth_telling(self) -> Option<u32> {
        match self {
            Allowance::Left(n) if n <= TELL_WHEN_LEFT => Some(n),
            _ => None,
        }
    }
}

/// `counted` are the creation times of the person's asks that count (not the
/// cancelled-before-anyone-accepted ones), any order.
pub fn allowance(
    limit: Option<AskLimit>,
    exempt: bool,
    counted: &[DateTime<Utc>],
    now: DateTime<Utc>,
) -> Allowance {
    let Some(limit) = limit.filter(|_| !exempt) else {
        return Allowance::Unlimited;
    };
    let since = now - limit.per;
    let mut recent: Vec<DateTime<Utc>> = counted.iter().copied().filter(|t| *t > since).collect();
    recent.sort();
    let used = recent.len() as u32;
    if used < limit.count {
        return Allowance::Left(limit.count - used);
    }
    // The (used - count + 1)-th oldest must leave the window for one to free up.
    let frees = recent[(used - limit.count) as usize];
    Allowance::Blocked {
        next_at: frees + limit.per,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn limits_parse_and_refuse_nonsense() {
        assert_eq!(
            "3/30d".parse::<AskLimit>(),
            Ok(AskLimit {
                count: 3,
                per: Duration::days(30)
            })
        );
        assert_eq!(
            "1 / 1w".parse::<AskLimit>().unwrap().per,
            Duration::weeks(1)
        );
        for bad in ["3", "0/30d", "x/30d", "3/soon", "3/10m", "3/2y"] {
            assert!(bad.parse::<AskLimit>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_limit_counts_a_rolling_period_and_says_when_the_next_ask_frees_up() {
        let limit = Some("3/30d".parse().unwrap());
        let now = t("2026-03-31T12:00:00Z");
        let asks = [
            t("2026-03-01T11:00:00Z"), // 30 days and 1 hour ago: out of the period
            t("2026-03-05T09:00:00Z"),
            t("2026-03-20T09:00:00Z"),
        ];
        assert_eq!(allowance(limit, false, &asks, now), Allowance::Left(1));
        assert_eq!(allowance(limit, false, &asks, now).worth_telling(), Some(1));
        let more = [asks[1], asks[2], t("2026-03-30T09:00:00Z")];
        assert_eq!(
            allowance(limit, false, &more, now),
            Allowance::Blocked {
                next_at: t("2026-04-04T09:00:00Z")
            }
        );
        // Over the limit (a lower limit set later): the oldest that must leave first.
        let lower = Some("2/30d".parse().unwrap());
        assert_eq!(
            allowance(lower, false, &more, now),
            Allowance::Blocked {
                next_at: t("2026-04-19T09:00:00Z")
            }
        );
    }

    #[test]
    fn admins_and_workspaces_without_a_limit_are_unlimited() {
        let now = t("2026-03-31T12:00:00Z");
        let many = vec![now; 50];
        assert_eq!(allowance(None, false, &many, now), Allowance::Unlimited);
        let limit = Some("3/30d".parse().unwrap());
        assert_eq!(allowance(limit, true, &many, now), Allowance::Unlimited);
        assert_eq!(allowance(limit, false, &[], now), Allowance::Left(3));
        assert_eq!(Allowance::Left(3).worth_telling(), None);
    }
}
