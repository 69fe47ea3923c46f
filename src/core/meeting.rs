//! Meeting without back-and-forth: the intro proposes three times of the ask's
//! time box that suit both people, within the mentor's next three working days,
//! each inside both people's working hours in their own zones. When their hours
//! never meet in that span, it says so and proposes times in the mentor's hours.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;

use super::availability::local_to_utc;
use super::working_hours::WorkingHours;

/// How many times the intro proposes.
pub const PROPOSED: usize = 3;
/// Over how many of the mentor's working days.
pub const WORKING_DAYS: usize = 3;
/// No proposal starts sooner than this after the intro: time to read it.
pub const LEAD: Duration = Duration::minutes(30);
/// Proposals start on the quarter hour (UTC; every zone's offset is a multiple
/// of 15 minutes, so they are on a local quarter hour too).
pub const STEP: Duration = Duration::minutes(15);
/// Slots picked beyond one a day keep at least this far apart.
pub const APART: Duration = Duration::hours(2);
/// Looking further than this for three working days means something is odd
/// (one working day a week): stop there.
const MAX_SPAN_DAYS: i64 = 21;

/// Someone's zone and working hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    pub tz: Tz,
    pub hours: WorkingHours,
}

/// What the intro proposes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Start times, earliest first; at most [`PROPOSED`].
    pub slots: Vec<DateTime<Utc>>,
    /// `false`: their hours do not meet in the span, so these are in the
    /// mentor's hours only (the intro says so).
    pub together: bool,
}

fn minute_of_day(t: chrono::NaiveDateTime) -> u32 {
    t.hour() * 60 + t.minute()
}

/// Whether `[start, start + len)` lies inside one of this person's working
/// windows, read in their zone (across DST changes too).
pub fn fits(p: &Person, start: DateTime<Utc>, len: Duration) -> bool {
    let s = start.with_timezone(&p.tz).naive_local();
    let e = (start + len).with_timezone(&p.tz).naive_local();
    let end_minute = if e.date() == s.date() {
        minute_of_day(e)
    } else if e.date() == s.date().succ_opt().unwrap_or(s.date()) && minute_of_day(e) == 0 {
        24 * 60
    } else {
        return false;
    };
    p.hours.works_on(s.weekday())
        && minute_of_day(s) >= u32::from(p.hours.start_minute())
        && end_minute <= u32::from(p.hours.end_minute())
        && end_minute > minute_of_day(s)
}

/// The end of the mentor's `WORKING_DAYS`-th working day from `now` (today
/// counts while its window is not over).
pub fn horizon(mentor: &Person, now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now.with_timezone(&mentor.tz).date_naive();
    let end_of = |d: NaiveDate| {
        let minute = u32::from(mentor.hours.end_minute());
        let end = match minute {
            1440 => (d + Duration::days(1)).and_hms_opt(0, 0, 0),
            m => d.and_hms_opt(m / 60, m % 60, 0),
        };
        local_to_utc(mentor.tz, end.expect("a valid end of day"))
    };
    let mut counted = 0;
    let mut last = now;
    for offset in 0..MAX_SPAN_DAYS {
        let day = today + Duration::days(offset);
        if !mentor.hours.works_on(day.weekday()) || end_of(day) <= now {
            continue;
        }
        counted += 1;
        last = end_of(day);
        if counted == WORKING_DAYS {
            break;
        }
    }
    last
}

/// Every quarter-hour start from `now + LEAD` whose slot ends by the horizon
/// and fits everyone in `people`.
fn starts_fitting(
    people: &[&Person],
    len: Duration,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let earliest = now + LEAD;
    let step = STEP.num_seconds();
    let first = earliest.timestamp().div_euclid(step) * step
        + if earliest.timestamp().rem_euclid(step) == 0 {
            0
        } else {
            step
        };
    let mut t = DateTime::from_timestamp(first, 0).expect("a valid instant");
    let mut out = Vec::new();
    while t + len <= until {
        if people.iter().all(|p| fits(p, t, len)) {
            out.push(t);
        }
        t += STEP;
    }
    out
}

/// Spread over days: the earliest start on each of the mentor's local days
/// first, then others at least [`APART`] from those chosen, earliest first.
fn spread(starts: &[DateTime<Utc>], mentor: &Person) -> Vec<DateTime<Utc>> {
    let mut picked: Vec<DateTime<Utc>> = Vec::new();
    let mut days: Vec<NaiveDate> = Vec::new();
    for t in starts {
        let day = t.with_timezone(&mentor.tz).date_naive();
        if picked.len() < PROPOSED && !days.contains(&day) {
            days.push(day);
            picked.push(*t);
        }
    }
    for t in starts {
        if picked.len() >= PROPOSED {
            break;
        }
        if picked.iter().all(|p| (*p - *t).abs() >= APART) {
            picked.push(*t);
        }
    }
    picked.sort();
    picked
}

/// Up to three times for a session of `minutes` between these two people.
pub fn propose(mentee: &Person, mentor: &Person, minutes: u16, now: DateTime<Utc>) -> Proposal {
    let len = Duration::minutes(i64::from(minutes));
    let until = horizon(mentor, now);
    let both = starts_fitting(&[mentee, mentor], len, now, until);
    if !both.is_empty() {
        return Proposal {
            slots: spread(&both, mentor),
            together: true,
        };
    }
    let mentor_only = starts_fitting(&[mentor], len, now, until);
    Proposal {
        slots: spread(&mentor_only, mentor),
        together: false,
    }
}

/// The session's reminder goes this long before the picked time.
pub const REMIND_BEFORE: Duration = Duration::minutes(15);

/// Only the two people of a session pick its time.
pub fn may_pick(asker: &str, mentor: &str, user: &str) -> bool {
    user == asker || user == mentor
}

/// A proposed time can be picked until it starts.
pub fn still_ahead(at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    at > now
}

/// When the reminder for a time picked at `now` goes: [`REMIND_BEFORE`] it, or
/// at once when that has passed.
pub fn reminder_at(at: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    (at - REMIND_BEFORE).max(now)
}

/// A Google Calendar "add event" link (no API, no OAuth: a template URL).
pub fn calendar_link(title: &str, details: &str, start: DateTime<Utc>, minutes: u16) -> String {
    let end = start + Duration::minutes(i64::from(minutes));
    let fmt = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let dates = format!("{}/{}", fmt(start), fmt(end));
    let query: String = [
        ("action", "TEMPLATE"),
        ("text", title),
        ("dates", &dates),
        ("details", details),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", percent_encode(v)))
    .collect::<Vec<_>>()
    .join("&");
    format!("https://calendar.google.com/calendar/render?{query}")
}

/// RFC 3986 unreserved characters stay; everything else is %-encoded, so the
/// link is safe inside a Slack `<url|text>` (no `|`, `<` or `>` survive).
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Asia, Australia, Europe};

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn person(tz: Tz, hours: &str) -> Person {
        Person {
            tz,
            hours: hours.parse().unwrap(),
        }
    }

    /// Checks every promise of a proposal, by brute force where it says "none".
    fn check(mentee: &Person, mentor: &Person, minutes: u16, now: DateTime<Utc>) -> Proposal {
        let p = propose(mentee, mentor, minutes, now);
        let len = Duration::minutes(i64::from(minutes));
        let until = horizon(mentor, now);
        assert!(p.slots.len() <= PROPOSED);
        assert!(p.slots.windows(2).all(|w| w[0] < w[1]), "sorted, distinct");
        for s in &p.slots {
            assert!(*s >= now + LEAD, "{s} is too soon after {now}");
            assert!(*s + len <= until, "{s} is past the horizon {until}");
            assert!(fits(mentor, *s, len), "{s} outside the mentor's hours");
            if p.together {
                assert!(fits(mentee, *s, len), "{s} outside the mentee's hours");
            }
        }
        if !p.together {
            let mut t = now;
            while t < until {
                assert!(
                    !(fits(mentee, t, len)
                        && fits(mentor, t, len)
                        && t >= now + LEAD
                        && t + len <= until),
                    "{t} suits both but the proposal says their hours don't meet"
                );
                t += Duration::minutes(15);
            }
        }
        p
    }

    #[test]
    fn three_times_inside_both_peoples_hours_one_a_day() {
        let london = person(Europe::London, "Mon-Fri 09:00-17:00");
        let new_york = person(America::New_York, "Mon-Fri 09:00-17:00");
        // Monday 10:00 UTC: London is working, New York not yet.
        let p = check(&london, &new_york, 30, utc("2026-03-02T10:00:00Z"));
        assert!(p.together);
        // Overlap is 14:00-17:00 UTC (09:00-12:00 in New York): Mon, Tue, Wed.
        assert_eq!(
            p.slots,
            [
                utc("2026-03-02T14:00:00Z"),
                utc("2026-03-03T14:00:00Z"),
                utc("2026-03-04T14:00:00Z")
            ]
        );
    }

    #[test]
    fn hours_that_never_meet_say_so_and_use_the_mentors_hours() {
        let tokyo = person(Asia::Tokyo, "Mon-Fri 09:00-12:00");
        let la = person(America::Los_Angeles, "Mon-Fri 09:00-12:00");
        let p = check(&tokyo, &la, 20, utc("2026-03-02T10:00:00Z"));
        assert!(!p.together);
        assert_eq!(p.slots.len(), 3);
    }

    #[test]
    fn a_weekend_is_skipped_and_today_counts_only_while_its_window_lasts() {
        let a = person(Europe::London, "Mon-Fri 09:00-17:00");
        // Friday 16:45 in London: today's window cannot hold 30 minutes.
        let p = check(&a, &a, 30, utc("2026-03-06T16:45:00Z"));
        assert_eq!(p.slots[0], utc("2026-03-09T09:00:00Z"), "Monday morning");
        assert_eq!(
            horizon(&a, utc("2026-03-06T16:45:00Z")),
            utc("2026-03-10T17:00:00Z")
        );
        // Friday 16:00 (after the 30-minute lead): Friday still counts.
        assert_eq!(
            horizon(&a, utc("2026-03-06T15:00:00Z")),
            utc("2026-03-10T17:00:00Z")
        );
        assert_eq!(
            horizon(&a, utc("2026-03-06T18:00:00Z")),
            utc("2026-03-11T17:00:00Z")
        );
    }

    #[test]
    fn across_dst_changes_times_stay_inside_local_hours() {
        let london = person(Europe::London, "Mon-Sun 09:00-17:00");
        let ny = person(America::New_York, "Mon-Sun 09:00-17:00");
        // The US moves on Sun 8 Mar 2026, Europe on Sun 29 Mar: the overlap moves.
        let p = check(&london, &ny, 45, utc("2026-03-07T08:00:00Z"));
        assert!(p.together);
        // Sunday 8 March: New York is on EDT (UTC-4) while London is on GMT.
        assert!(
            p.slots.contains(&utc("2026-03-08T13:00:00Z")),
            "{:?}",
            p.slots
        );
        let p = check(&london, &ny, 45, utc("2026-03-28T08:00:00Z"));
        // Sunday 29 March: London on BST (UTC+1): 09:00-17:00 is 08:00-16:00 UTC.
        assert!(
            p.slots.contains(&utc("2026-03-29T13:00:00Z")),
            "{:?}",
            p.slots
        );
    }

    #[test]
    fn many_zone_pairs_hours_and_instants_keep_every_promise() {
        let zones = [
            Europe::London,
            America::New_York,
            America::Los_Angeles,
            Asia::Tokyo,
            Asia::Kolkata,
            Asia::Kathmandu,
            Australia::Sydney,
        ];
        let hours = [
            "Mon-Fri 09:00-17:00",
            "Mon-Sun 00:00-24:00",
            "Tue,Thu 13:30-15:00",
            "Mon-Fri 07:00-10:00",
        ];
        // Ordinary days and the DST weekends of 2026 on both hemispheres.
        let instants = [
            "2026-03-07T23:30:00Z",
            "2026-03-28T22:10:00Z",
            "2026-04-04T12:00:00Z",
            "2026-10-03T16:00:00Z",
            "2026-10-24T23:59:00Z",
            "2026-10-31T05:07:00Z",
        ];
        let mut together = 0;
        for a in zones {
            for b in zones {
                for ha in hours {
                    for hb in hours {
                        for now in instants {
                            let p = check(&person(a, ha), &person(b, hb), 45, utc(now));
                            together += usize::from(p.together);
                        }
                    }
                }
            }
        }
        assert!(together > 0);
    }

    #[test]
    fn only_the_pair_picks_a_time_still_ahead_reminded_a_quarter_hour_before() {
        assert!(may_pick("UA", "UM", "UA") && may_pick("UA", "UM", "UM"));
        assert!(!may_pick("UA", "UM", "UX"));
        let now = utc("2026-03-02T10:00:00Z");
        assert!(still_ahead(now + Duration::minutes(1), now));
        assert!(!still_ahead(now, now));
        assert_eq!(
            reminder_at(utc("2026-03-02T14:00:00Z"), now),
            utc("2026-03-02T13:45:00Z")
        );
        assert_eq!(reminder_at(now + Duration::minutes(5), now), now);
    }

    #[test]
    fn calendar_links_are_templates_with_the_times_in_utc_and_safe_text() {
        let link = calendar_link(
            "Review <my> code | now",
            "a&b",
            utc("2026-03-02T14:00:00Z"),
            30,
        );
        assert!(link.starts_with("https://calendar.google.com/calendar/render?action=TEMPLATE&"));
        assert!(
            link.contains("dates=20260302T140000Z%2F20260302T143000Z"),
            "{link}"
        );
        assert!(
            link.contains("text=Review%20%3Cmy%3E%20code%20%7C%20now"),
            "{link}"
        );
        assert!(!link.contains('|') && !link.contains('<') && !link.contains('>'));
    }
}
