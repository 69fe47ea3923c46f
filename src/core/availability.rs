//! Whether a mentor can take an ask at a given instant. The router and the
//! scheduler both ask this one function.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::working_hours::WorkingHours;

/// What the availability decision looks at.
#[derive(Debug, Clone, PartialEq)]
pub struct MentorState {
    pub opted_in: bool,
    pub paused_until: Option<DateTime<Utc>>,
    pub tz: Tz,
    pub hours: WorkingHours,
    /// Asks per week the mentor agreed to.
    pub capacity: u32,
    /// Asks the mentor accepted since [`week_start`] of this instant.
    pub accepted_this_week: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    Available,
    NotOptedIn,
    Paused {
        until: DateTime<Utc>,
    },
    AtCapacity,
    /// Willing and with room, but off work now; back at `next_window`.
    OutsideHours {
        next_window: DateTime<Utc>,
    },
}

impl Availability {
    pub fn is_available(&self) -> bool {
        matches!(self, Availability::Available)
    }
}

/// Decides in this order: opted in, pause, capacity, hours — so a caller that
/// may wait for working hours (quiet hours) never waits for a mentor who is full.
pub fn availability(m: &MentorState, now: DateTime<Utc>) -> Availability {
    if !m.opted_in {
        return Availability::NotOptedIn;
    }
    if let Some(until) = m.paused_until.filter(|u| *u > now) {
        return Availability::Paused { until };
    }
    if m.accepted_this_week >= m.capacity {
        return Availability::AtCapacity;
    }
    if m.hours.contains(now.with_timezone(&m.tz)) {
        return Availability::Available;
    }
    Availability::OutsideHours {
        next_window: next_window_start(&m.hours, m.tz, now),
    }
}

/// Monday 00:00 of the week containing `now`, in the mentor's zone: capacity is
/// counted per local calendar week.
pub fn week_start(now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let local = now.with_timezone(&tz).date_naive();
    let monday = local - Duration::days(local.weekday().num_days_from_monday() as i64);
    local_to_utc(tz, monday.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

/// The start of the first working window strictly after `now` (or `now` itself
/// when inside one).
pub fn next_window_start(hours: &WorkingHours, tz: Tz, now: DateTime<Utc>) -> DateTime<Utc> {
    if hours.contains(now.with_timezone(&tz)) {
        return now;
    }
    let today = now.with_timezone(&tz).date_naive();
    (0..=7)
        .map(|offset| today + Duration::days(offset))
        .filter(|day| hours.works_on(day.weekday()))
        .map(|day| local_to_utc(tz, day.and_time(hours.start_time())))
        .find(|start| *start > now)
        // Unreachable with at least one working day; a week ahead is a safe answer.
        .unwrap_or(now + Duration::days(7))
}

/// Local wall time → instant. In a DST gap the wall time does not exist: take the
/// first instant after the gap. In an overlap take the earlier instant.
pub fn local_to_utc(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        LocalResult::None => {
            // Gaps are at most a few hours; walk forward by minutes until one exists.
            (1..=240)
                .find_map(|m| {
                    tz.from_local_datetime(&(local + Duration::minutes(m)))
                        .earliest()
                })
                .expect("DST gaps are shorter than four hours")
                .with_timezone(&Utc)
        }
    }
}

/// Start of a local date in a zone (for "pause until 2026-12-01").
pub fn start_of_day(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    local_to_utc(tz, date.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

/// Status emoji that mean "away" (holiday, travel, illness).
pub const AWAY_EMOJI: &[&str] = &[
    ":palm_tree:",
    ":airplane:",
    ":face_with_thermometer:",
    ":beach_with_umbrella:",
    ":desert_island:",
    ":sick:",
];
/// Words in a status text that mean "away" (matched case-insensitively).
pub const AWAY_WORDS: &[&str] = &["ooo", "out of office", "vacation", "holiday", "sick"];

/// How long a Slack status says someone is away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Away {
    Until(DateTime<Utc>),
    /// `status_expiration` 0: until they change it.
    UntilItChanges,
}

/// Whether a Slack status means away: one of [`AWAY_EMOJI`], or status text
/// with one of [`AWAY_WORDS`] (as words: "OOO" but not "foooo"); until the
/// status expires. An expired status means nothing.
pub fn away_from_status(
    emoji: &str,
    text: &str,
    expiration: i64,
    now: DateTime<Utc>,
) -> Option<Away> {
    let text = text.to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let said = AWAY_WORDS.iter().any(|w| {
        let phrase: Vec<&str> = w.split(' ').collect();
        words
            .windows(phrase.len())
            .any(|win| win == phrase.as_slice())
    });
    if !AWAY_EMOJI.contains(&emoji) && !said {
        return None;
    }
    match expiration {
        0 => Some(Away::UntilItChanges),
        secs => DateTime::from_timestamp(secs, 0)
            .filter(|until| *until > now)
            .map(Away::Until),
    }
}

/// What Slack says of a person: deactivated, away by their status, a workspace
/// admin or owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Presence {
    pub left: bool,
    pub away: Option<Away>,
    /// `is_admin` or `is_owner` in `users.info`.
    pub slack_admin: bool,
}

impl Presence {
    /// Away at `now` (a status with an expiry in the past no longer counts).
    pub fn away_at(&self, now: DateTime<Utc>) -> bool {
        self.away_until(now).is_some()
    }

    /// Whether offers stay away from this mentor now: their status says away,
    /// unless they chose "offer me asks even when my Slack status says I'm away".
    pub fn keeps_offers_away(&self, now: DateTime<Utc>, ignore_status: bool) -> bool {
        !ignore_status && self.away_at(now)
    }

    /// Until when a status keeps offers away, for "offers wait until …" on Home:
    /// `Some(None)` until the status changes, `None` when not away.
    pub fn away_until(&self, now: DateTime<Utc>) -> Option<Option<DateTime<Utc>>> {
        match self.away {
            Some(Away::UntilItChanges) => Some(None),
            Some(Away::Until(t)) if t > now => Some(Some(t)),
            _ => None,
        }
    }
}

/// "No time now" said at `at` keeps a mentor out of new offers until the start of
/// their next local day.
pub fn rest_until(at: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let today = at.with_timezone(&tz).date_naive();
    start_of_day(tz, today + Duration::days(1))
}

/// A zone name as Slack's profile gives it; one we do not know means UTC
/// (Slack's names are IANA's, so this only guards against surprises).
pub fn zone_or_utc(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// When a message to a mentor may go out: at once, or at the start of their
/// next working window when they keep quiet hours (the default).
pub fn reach_at(
    quiet_hours: bool,
    hours: &WorkingHours,
    tz: Tz,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    if quiet_hours {
        next_window_start(hours, tz, now)
    } else {
        now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slack_status_says_away_by_emoji_or_words_until_it_expires() {
        let now = utc("2026-03-02T10:00:00Z");
        let later = now.timestamp() + 3600;
        assert_eq!(
            away_from_status(":palm_tree:", "", later, now),
            Some(Away::Until(now + Duration::hours(1)))
        );
        assert_eq!(
            away_from_status("", "OOO until Monday", 0, now),
            Some(Away::UntilItChanges)
        );
        assert_eq!(
            away_from_status(":calendar:", "Out of office", 0, now),
            Some(Away::UntilItChanges)
        );
        // Expired, or not about being away.
        assert_eq!(
            away_from_status(":palm_tree:", "", now.timestamp() - 1, now),
            None
        );
        assert_eq!(
            away_from_status(":coffee:", "Foooo focus time", 0, now),
            None
        );
        assert_eq!(away_from_status("", "", 0, now), None);
    }

    #[test]
    fn ignoring_the_status_lets_offers_through_and_home_says_until_when() {
        let now = utc("2026-03-02T10:00:00Z");
        let until = now + Duration::hours(5);
        let away = Presence {
            away: Some(Away::Until(until)),
            ..Presence::default()
        };
        assert!(away.keeps_offers_away(now, false));
        assert!(!away.keeps_offers_away(now, true));
        assert_eq!(away.away_until(now), Some(Some(until)));
        assert_eq!(away.away_until(until), None, "expired");
        let open_ended = Presence {
            away: Some(Away::UntilItChanges),
            ..Presence::default()
        };
        assert_eq!(open_ended.away_until(now), Some(None));
        assert_eq!(Presence::default().away_until(now), None);
    }

    #[test]
    fn rest_lasts_until_the_next_local_morning() {
        let at = utc("2026-03-02T22:30:00Z"); // 17:30 in New York
        assert_eq!(
            rest_until(at, chrono_tz::America::New_York),
            utc("2026-03-03T05:00:00Z")
        );
        // 22:30 UTC is already Tuesday in Tokyo: rest until Wednesday there.
        assert_eq!(
            rest_until(at, chrono_tz::Asia::Tokyo),
            utc("2026-03-03T15:00:00Z")
        );
    }
    use chrono_tz::America::New_York;
    use chrono_tz::Europe::London;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn mentor(tz: Tz) -> MentorState {
        MentorState {
            opted_in: true,
            paused_until: None,
            tz,
            hours: "Mon-Fri 09:00-17:00".parse().unwrap(),
            capacity: 2,
            accepted_this_week: 0,
        }
    }

    /// (case, zone, instant, expected available?)
    #[test]
    fn working_hours_across_zones_and_dst_changes() {
        let table = [
            // London: GMT until Sun 29 Mar 2026 01:00 UTC, then BST (UTC+1).
            (
                "London Fri before change 08:30 UTC = 08:30 GMT",
                London,
                "2026-03-27T08:30:00Z",
                false,
            ),
            (
                "London Fri before change 09:00 UTC = 09:00 GMT",
                London,
                "2026-03-27T09:00:00Z",
                true,
            ),
            (
                "London Mon after change 08:30 UTC = 09:30 BST",
                London,
                "2026-03-30T08:30:00Z",
                true,
            ),
            (
                "London Mon after change 16:30 UTC = 17:30 BST",
                London,
                "2026-03-30T16:30:00Z",
                false,
            ),
            (
                "London Sunday of the change",
                London,
                "2026-03-29T10:00:00Z",
                false,
            ),
            // London back to GMT on Sun 25 Oct 2026.
            (
                "London Fri before Oct change 08:30 UTC = 09:30 BST",
                London,
                "2026-10-23T08:30:00Z",
                true,
            ),
            (
                "London Mon after Oct change 08:30 UTC = 08:30 GMT",
                London,
                "2026-10-26T08:30:00Z",
                false,
            ),
            // New York: EST (UTC-5) until Sun 8 Mar 2026, EDT (UTC-4) until Sun 1 Nov 2026.
            (
                "NY Fri 6 Mar 13:30 UTC = 08:30 EST",
                New_York,
                "2026-03-06T13:30:00Z",
                false,
            ),
            (
                "NY Mon 9 Mar 13:30 UTC = 09:30 EDT",
                New_York,
                "2026-03-09T13:30:00Z",
                true,
            ),
            (
                "NY Mon 9 Mar 21:30 UTC = 17:30 EDT",
                New_York,
                "2026-03-09T21:30:00Z",
                false,
            ),
            (
                "NY Fri 30 Oct 13:30 UTC = 09:30 EDT",
                New_York,
                "2026-10-30T13:30:00Z",
                true,
            ),
            (
                "NY Mon 2 Nov 13:30 UTC = 08:30 EST",
                New_York,
                "2026-11-02T13:30:00Z",
                false,
            ),
            (
                "NY Mon 2 Nov 14:00 UTC = 09:00 EST",
                New_York,
                "2026-11-02T14:00:00Z",
                true,
            ),
            // Same instant, two zones: the weeks when only the US has changed.
            (
                "16 Mar 13:30 UTC in London (13:30 GMT)",
                London,
                "2026-03-16T13:30:00Z",
                true,
            ),
            (
                "16 Mar 21:30 UTC in London (21:30 GMT)",
                London,
                "2026-03-16T21:30:00Z",
                false,
            ),
            (
                "16 Mar 21:30 UTC in NY (17:30 EDT)",
                New_York,
                "2026-03-16T21:30:00Z",
                false,
            ),
            (
                "16 Mar 20:30 UTC in NY (16:30 EDT)",
                New_York,
                "2026-03-16T20:30:00Z",
                true,
            ),
        ];
        for (case, tz, at, expected) in table {
            let got = availability(&mentor(tz), utc(at));
            assert_eq!(got.is_available(), expected, "{case}: {got:?}");
        }
    }

    #[test]
    fn opt_out_pause_and_capacity_come_before_hours() {
        let now = utc("2026-03-02T10:00:00Z"); // Monday, in hours in London
        let mut m = mentor(London);
        assert_eq!(availability(&m, now), Availability::Available);

        m.opted_in = false;
        assert_eq!(availability(&m, now), Availability::NotOptedIn);
        m.opted_in = true;

        m.paused_until = Some(utc("2026-03-16T00:00:00Z"));
        assert_eq!(
            availability(&m, now),
            Availability::Paused {
                until: utc("2026-03-16T00:00:00Z")
            }
        );
        // A pause that ended is no pause.
        m.paused_until = Some(utc("2026-03-01T00:00:00Z"));
        assert_eq!(availability(&m, now), Availability::Available);

        m.accepted_this_week = 2;
        assert_eq!(availability(&m, now), Availability::AtCapacity);
        m.accepted_this_week = 1;
        assert_eq!(availability(&m, now), Availability::Available);

        // Full *and* off work: full wins, so nobody waits for the morning for nothing.
        m.accepted_this_week = 2;
        assert_eq!(
            availability(&m, utc("2026-03-02T22:00:00Z")),
            Availability::AtCapacity
        );
    }

    #[test]
    fn always_means_always() {
        let mut m = mentor(New_York);
        m.hours = WorkingHours::ALWAYS;
        for at in [
            "2026-03-08T07:30:00Z",
            "2026-03-07T03:00:00Z",
            "2026-11-01T06:30:00Z",
        ] {
            assert!(availability(&m, utc(at)).is_available(), "{at}");
        }
    }

    #[test]
    fn outside_hours_says_when_the_next_window_opens() {
        // Friday 17:30 London → Monday 09:00 London.
        let m = mentor(London);
        assert_eq!(
            availability(&m, utc("2026-03-27T17:30:00Z")),
            Availability::OutsideHours {
                next_window: utc("2026-03-30T08:00:00Z")
            }
        );
        // Early Monday morning in New York, the day after DST starts → 09:00 EDT.
        let m = mentor(New_York);
        assert_eq!(
            next_window_start(&m.hours, New_York, utc("2026-03-09T05:00:00Z")),
            utc("2026-03-09T13:00:00Z")
        );
    }

    #[test]
    fn a_window_starting_in_a_dst_gap_opens_after_the_gap() {
        // London skips 01:00–02:00 on 29 Mar 2026.
        let hours: WorkingHours = "Sun 01:30-03:00".parse().unwrap();
        assert_eq!(
            next_window_start(&hours, London, utc("2026-03-28T12:00:00Z")),
            utc("2026-03-29T01:00:00Z") // 02:00 BST
        );
    }

    #[test]
    fn weeks_start_on_local_monday() {
        // Sunday 23:30 in New York is already Monday in UTC.
        let now = utc("2026-03-16T03:30:00Z");
        assert_eq!(week_start(now, New_York), utc("2026-03-09T04:00:00Z"));
        assert_eq!(week_start(now, London), utc("2026-03-16T00:00:00Z"));
    }
}
