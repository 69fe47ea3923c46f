//! The arithmetic behind the organisation's figures (`core::insights`): median
//! and 90th percentile, the Gini coefficient of mentor load, and time spent
//! inside someone's working hours. Pure functions over plain numbers.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::availability::local_to_utc;
use super::working_hours::WorkingHours;

/// The median: the middle value, or the mean of the two middle values when
/// there is an even number of them. `None` for no values.
pub fn median(values: &[i64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2] as f64),
        _ => Some((v[n / 2 - 1] as f64 + v[n / 2] as f64) / 2.0),
    }
}

/// The `p`-th percentile by nearest rank: the smallest value with at least
/// `p`% of the values at or below it (the value at rank ⌈p·n/100⌉, counting
/// from 1). Always one of the values; `None` for no values.
pub fn percentile(values: &[i64], p: u8) -> Option<i64> {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    if n == 0 {
        return None;
    }
    let rank = (usize::from(p.min(100)) * n).div_ceil(100).max(1);
    Some(v[rank - 1])
}

/// Median of durations (to the second; an even count averages the two middle
/// ones, rounded down).
pub fn median_duration(values: &[Duration]) -> Option<Duration> {
    let secs: Vec<i64> = values.iter().map(Duration::num_seconds).collect();
    median(&secs).map(|m| Duration::seconds(m.floor() as i64))
}

/// 90th percentile of durations by nearest rank (see [`percentile`]).
pub fn p90_duration(values: &[Duration]) -> Option<Duration> {
    let secs: Vec<i64> = values.iter().map(Duration::num_seconds).collect();
    percentile(&secs, 90).map(Duration::seconds)
}

/// The Gini coefficient of non-negative amounts: the mean absolute difference
/// between every pair, over twice the mean — Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄).
/// 0 when everyone has the same (all zero included); (n − 1)/n when one has
/// everything. `None` for nobody.
pub fn gini(values: &[f64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mut v: Vec<f64> = values.iter().map(|x| x.max(0.0)).collect();
    v.sort_by(f64::total_cmp);
    let total: f64 = v.iter().sum();
    if total == 0.0 {
        return Some(0.0);
    }
    // With values sorted ascending: G = 2 Σ i·x₍ᵢ₎ / (n Σx) − (n + 1)/n, i from 1.
    let weighted: f64 = v.iter().enumerate().map(|(i, x)| (i + 1) as f64 * x).sum();
    let n = n as f64;
    Some((2.0 * weighted / (n * total) - (n + 1.0) / n).max(0.0))
}

/// How much of `[from, to)` falls inside working hours, in their zone.
///
/// Each local working day contributes the real time between its start and end
/// (found with [`local_to_utc`]): a 09:00–17:00 day is 8 hours on a DST change
/// day too, a whole day (00:00–24:00) is 23 or 25 hours then, and an hour that
/// a spring-forward skips is not counted. Zero when `to` is not after `from`.
pub fn working_time_between(
    hours: &WorkingHours,
    tz: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Duration {
    if to <= from {
        return Duration::zero();
    }
    let first = from.with_timezone(&tz).date_naive() - Duration::days(1);
    let last = to.with_timezone(&tz).date_naive();
    let mut total = Duration::zero();
    let mut day = first;
    while day <= last {
        if hours.works_on(chrono::Datelike::weekday(&day)) {
            let (start, end) = day_window(hours, tz, day);
            let (s, e) = (start.max(from), end.min(to));
            if e > s {
                total += e - s;
            }
        }
        day += Duration::days(1);
    }
    total
}

/// One local day's working window, as instants.
fn day_window(hours: &WorkingHours, tz: Tz, day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let at = |d: NaiveDate, minute: u16| {
        let (d, minute) = match minute {
            1440 => (d + Duration::days(1), 0),
            m => (d, m),
        };
        let time = NaiveTime::from_hms_opt(u32::from(minute / 60), u32::from(minute % 60), 0)
            .expect("a minute of the day");
        local_to_utc(tz, d.and_time(time))
    };
    (at(day, hours.start_minute()), at(day, hours.end_minute()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn hours(raw: &str) -> WorkingHours {
        raw.parse().unwrap()
    }

    #[test]
    fn median_of_odd_even_and_no_values() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[7]), Some(7.0));
        assert_eq!(median(&[9, 1, 5]), Some(5.0));
        // Even: the mean of the two middle values.
        assert_eq!(median(&[4, 1, 3, 2]), Some(2.5));
        assert_eq!(median(&[10, 20]), Some(15.0));
    }

    #[test]
    fn p90_is_the_nearest_rank() {
        assert_eq!(percentile(&[], 90), None);
        assert_eq!(percentile(&[5], 90), Some(5));
        // n = 10: rank ⌈9⌉ = 9 → the 9th smallest.
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&ten, 90), Some(9));
        // n = 11: rank ⌈9.9⌉ = 10.
        let eleven: Vec<i64> = (1..=11).rev().collect();
        assert_eq!(percentile(&eleven, 90), Some(10));
        // n = 3: rank ⌈2.7⌉ = 3, the largest.
        assert_eq!(percentile(&[30, 10, 20], 90), Some(30));
        // n = 2: rank ⌈1.8⌉ = 2.
        assert_eq!(percentile(&[1, 100], 90), Some(100));
        assert_eq!(percentile(&[3, 1, 2], 50), Some(2));
    }

    #[test]
    fn durations_use_seconds_and_round_an_even_median_down() {
        let d = |m| Duration::minutes(m);
        assert_eq!(median_duration(&[d(10), d(30)]), Some(d(20)));
        assert_eq!(
            median_duration(&[Duration::seconds(1), Duration::seconds(2)]),
            Some(Duration::seconds(1))
        );
        assert_eq!(p90_duration(&[d(1), d(2), d(60)]), Some(d(60)));
        assert_eq!(median_duration(&[]), None);
        assert_eq!(p90_duration(&[]), None);
    }

    #[test]
    fn gini_of_hand_computed_loads() {
        assert_eq!(gini(&[]), None);
        // Nobody took anything, or everyone the same: perfectly even.
        assert_eq!(gini(&[0.0, 0.0, 0.0]), Some(0.0));
        assert_eq!(gini(&[2.0, 2.0, 2.0, 2.0]), Some(0.0));
        // [0, 0, 4]: Σ|xi−xj| = 4 pairs × 4 = 16; 2·n²·mean = 2·9·4/3 = 24 → 2/3.
        let g = gini(&[0.0, 0.0, 4.0]).unwrap();
        assert!((g - 2.0 / 3.0).abs() < 1e-12, "{g}");
        // [1, 3]: Σ|xi−xj| = 4; 2·4·2 = 16 → 0.25.
        let g = gini(&[3.0, 1.0]).unwrap();
        assert!((g - 0.25).abs() < 1e-12, "{g}");
        // [1, 2, 3]: Σ|xi−xj| = 2·(1+2+1) = 8; 2·9·2 = 36 → 2/9.
        let g = gini(&[1.0, 2.0, 3.0]).unwrap();
        assert!((g - 2.0 / 9.0).abs() < 1e-12, "{g}");
        // One person of one: nothing to compare with.
        assert_eq!(gini(&[5.0]), Some(0.0));
    }

    #[test]
    fn working_time_skips_nights_and_weekends() {
        let h = hours("Mon-Fri 09:00-17:00");
        // Friday 16:00 → Monday 10:00 (UTC, no DST): 1 h Friday + 1 h Monday.
        assert_eq!(
            working_time_between(
                &h,
                Tz::UTC,
                utc("2026-03-06T16:00:00Z"),
                utc("2026-03-09T10:00:00Z")
            ),
            Duration::hours(2)
        );
        // Inside one working day: the wall clock.
        assert_eq!(
            working_time_between(
                &h,
                Tz::UTC,
                utc("2026-03-03T09:30:00Z"),
                utc("2026-03-03T11:00:00Z")
            ),
            Duration::minutes(90)
        );
        // Asked at night, matched before work: nothing.
        assert_eq!(
            working_time_between(
                &h,
                Tz::UTC,
                utc("2026-03-03T20:00:00Z"),
                utc("2026-03-04T08:59:00Z")
            ),
            Duration::zero()
        );
        // Backwards or empty.
        assert_eq!(
            working_time_between(
                &h,
                Tz::UTC,
                utc("2026-03-04T10:00:00Z"),
                utc("2026-03-03T10:00:00Z")
            ),
            Duration::zero()
        );
    }

    #[test]
    fn working_time_is_read_in_the_mentors_zone_across_a_weekend_with_a_dst_change() {
        let h = hours("Mon-Fri 09:00-17:00");
        let london = chrono_tz::Europe::London;
        // Friday 27 March 2026 16:00 GMT; clocks go forward Sunday 29 March;
        // Monday 30 March 10:00 BST is 09:00 UTC. 1 h Friday + 1 h Monday.
        let from = utc("2026-03-27T16:00:00Z");
        let to = utc("2026-03-30T09:00:00Z");
        assert_eq!(
            working_time_between(&h, london, from, to),
            Duration::hours(2)
        );
        assert_eq!(to - from, Duration::hours(65));
        // The same instants for a mentor in New York (EDT since 8 March, UTC−4):
        // Friday 12:00–17:00 is 5 h, Monday starts 13:00 UTC, after `to`.
        assert_eq!(
            working_time_between(&h, chrono_tz::America::New_York, from, to),
            Duration::hours(5)
        );
        // And in Tokyo (UTC+9): Friday 16:00 UTC is Saturday 01:00; Monday 09:00 JST
        // is Monday 00:00 UTC, so up to 09:00 UTC Monday is 9 h → all 8 working hours.
        assert_eq!(
            working_time_between(&h, chrono_tz::Asia::Tokyo, from, to),
            Duration::hours(8)
        );
    }

    #[test]
    fn always_hours_equal_the_wall_clock_across_dst_changes() {
        let always = WorkingHours::ALWAYS;
        let london = chrono_tz::Europe::London;
        // Spring forward: local Sunday 29 March has 23 hours.
        let (from, to) = (utc("2026-03-28T12:00:00Z"), utc("2026-03-30T12:00:00Z"));
        assert_eq!(working_time_between(&always, london, from, to), to - from);
        // Fall back: local Sunday 25 October has 25 hours.
        let (from, to) = (utc("2026-10-24T12:00:00Z"), utc("2026-10-26T12:00:00Z"));
        assert_eq!(working_time_between(&always, london, from, to), to - from);
    }

    #[test]
    fn a_working_day_on_a_dst_change_is_as_long_as_it_really_is() {
        let london = chrono_tz::Europe::London;
        // Sunday-only 09:00–17:00 on the spring-forward day: still 8 real hours.
        let sunday = hours("Sun 09:00-17:00");
        assert_eq!(
            working_time_between(
                &sunday,
                london,
                utc("2026-03-29T00:00:00Z"),
                utc("2026-03-30T00:00:00Z")
            ),
            Duration::hours(8)
        );
        // 00:30–02:30 local that day: 01:00–02:00 does not exist, so 1 real hour.
        let night = hours("Sun 00:30-02:30");
        assert_eq!(
            working_time_between(
                &night,
                london,
                utc("2026-03-28T00:00:00Z"),
                utc("2026-03-30T00:00:00Z")
            ),
            Duration::hours(1)
        );
        // 01:00–02:00 local on the fall-back day happens twice: 2 real hours.
        let twice = hours("Sun 01:00-02:00");
        assert_eq!(
            working_time_between(
                &twice,
                london,
                utc("2026-10-24T00:00:00Z"),
                utc("2026-10-26T00:00:00Z")
            ),
            Duration::hours(2)
        );
    }
}
