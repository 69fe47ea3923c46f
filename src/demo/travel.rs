//! Time travel: when the playground's day starts, and the jumps the page offers.

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// Where the playground's clock starts: the next Monday to Thursday after `now`
/// at 13:30 UTC — London and Berlin at work, New York starting its day, Tokyo
/// asleep (its offers wait for its morning), and a working day ahead for "+1 day".
pub fn opening(now: DateTime<Utc>) -> DateTime<Utc> {
    let mut day = now.date_naive() + Duration::days(1);
    while matches!(day.weekday(), Weekday::Fri | Weekday::Sat | Weekday::Sun) {
        day += Duration::days(1);
    }
    day.and_time(NaiveTime::from_hms_opt(13, 30, 0).expect("a valid time"))
        .and_utc()
}

/// The next working morning in `zone` after `now`: 09:00 on the first Monday to
/// Friday whose 09:00 is still ahead, plus a minute so what waits for 09:00 is due.
pub fn next_working_morning(now: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
    let local = now.with_timezone(&zone).date_naive();
    (0..8)
        .map(|d| local + Duration::days(d))
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .filter_map(|d| {
            let nine = d.and_time(NaiveTime::from_hms_opt(9, 1, 0)?);
            zone.from_local_datetime(&nine).earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .find(|t| *t > now)
        .expect("a weekday within eight days")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn the_playground_opens_on_a_monday_to_thursday_afternoon_in_london() {
        // Thursday → next Monday; Sunday → Monday; Monday → Tuesday.
        assert_eq!(
            opening(at("2026-12-03T23:00:00Z")),
            at("2026-12-07T13:30:00Z")
        );
        assert_eq!(
            opening(at("2026-12-06T03:00:00Z")),
            at("2026-12-07T13:30:00Z")
        );
        assert_eq!(
            opening(at("2026-12-07T10:00:00Z")),
            at("2026-12-08T13:30:00Z")
        );
    }

    #[test]
    fn the_next_working_morning_skips_weekends_and_is_in_the_zone() {
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        let london: Tz = "Europe/London".parse().unwrap();
        // Monday 13:30 UTC is 22:30 in Tokyo: Tuesday 09:01 JST = 00:01 UTC.
        assert_eq!(
            next_working_morning(at("2026-12-07T13:30:00Z"), tokyo),
            at("2026-12-08T00:01:00Z")
        );
        // Friday afternoon in London: Monday morning.
        assert_eq!(
            next_working_morning(at("2026-12-11T15:00:00Z"), london),
            at("2026-12-14T09:01:00Z")
        );
        // Early on a Tuesday: the same day.
        assert_eq!(
            next_working_morning(at("2026-12-08T06:00:00Z"), london),
            at("2026-12-08T09:01:00Z")
        );
    }
}
