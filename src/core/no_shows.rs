//! No-shows: who couldn't make it to a session, and when that pauses someone.
//!
//! After "It didn't happen", each side of a session — the mentee who asked and
//! the mentor who accepted — is asked who couldn't make it: the other person, "I
//! couldn't", or "Something else". The rule:
//!
//! * Someone is **paused** when the *other* side reported them absent in at least
//!   [`THRESHOLD`] sessions within the last [`WINDOW_DAYS`] days. A report exactly
//!   60 days old still counts; one a second older does not.
//! * Only the other person's report counts: a mentor is counted by their mentees'
//!   "My mentor couldn't", a mentee by their mentors' "My mentee couldn't". "I
//!   couldn't" (a self-report) and "Something else" never count against anyone.
//! * Each session counts once.
//! * The two roles are counted apart: missing sessions one asked for never pauses
//!   one's mentoring, nor the reverse.
//! * A pause happens once per crossing: reports made before the person's last
//!   no-show pause began never count again, so a fourth report while paused (or
//!   the old ones after they resume) changes nothing; three new ones pause again.
//! * A pause lasts [`PAUSE_DAYS`] days, or until the person lifts it in one click
//!   (a mentor: offers stop; a mentee: `/ask` opens nothing). A mentor's pause
//!   never shortens a longer one they chose themselves.

use std::collections::HashSet;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};

/// Sessions the other side reported someone absent from before they are paused.
pub const THRESHOLD: usize = 3;
/// How far back reports count.
pub const WINDOW_DAYS: i64 = 60;
/// How long a pause lasts unless it is lifted sooner.
pub const PAUSE_DAYS: i64 = 30;

/// A person's part in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The person who asked.
    Mentee,
    /// The mentor who accepted.
    Mentor,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Mentee => "mentee",
            Side::Mentor => "mentor",
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Mentee => Side::Mentor,
            Side::Mentor => Side::Mentee,
        }
    }
}

impl FromStr for Side {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "mentee" => Ok(Side::Mentee),
            "mentor" => Ok(Side::Mentor),
            other => Err(format!("unknown side `{other}`")),
        }
    }
}

/// An answer to "Who couldn't make it?", as the person answering put it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhoMissed {
    /// "My mentor couldn't" / "My mentee couldn't".
    Them,
    /// "I couldn't".
    Me,
    SomethingElse,
}

impl WhoMissed {
    /// Who the answer names, given which side gave it.
    pub fn absent(self, reporter: Side) -> Absent {
        match self {
            WhoMissed::Them => Absent::of(reporter.other()),
            WhoMissed::Me => Absent::of(reporter),
            WhoMissed::SomethingElse => Absent::Other,
        }
    }
}

/// Who couldn't make it to a session, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    Mentee,
    Mentor,
    /// "Something else": nobody in particular.
    Other,
}

impl Absent {
    pub fn of(side: Side) -> Absent {
        match side {
            Side::Mentee => Absent::Mentee,
            Side::Mentor => Absent::Mentor,
        }
    }

    pub fn side(self) -> Option<Side> {
        match self {
            Absent::Mentee => Some(Side::Mentee),
            Absent::Mentor => Some(Side::Mentor),
            Absent::Other => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Absent::Mentee => "mentee",
            Absent::Mentor => "mentor",
            Absent::Other => "other",
        }
    }
}

impl FromStr for Absent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "other" => Ok(Absent::Other),
            side => side.parse().map(Absent::of),
        }
    }
}

/// One side's answer about one session (the session is its ask and mentor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub ask_id: i64,
    pub mentor_id: String,
    pub reporter: Side,
    pub absent: Absent,
    pub at: DateTime<Utc>,
}

/// The side a report can count against: the other person, when the reporter
/// named them; never the reporter themselves, never "Something else".
pub fn against(reporter: Side, absent: Absent) -> Option<Side> {
    absent.side().filter(|side| *side != reporter)
}

/// Whether a report counts against the person on `side` of its session: the
/// other side said they couldn't make it.
pub fn counts_against(report: &Report, side: Side) -> bool {
    against(report.reporter, report.absent) == Some(side)
}

/// Sessions in which the person on `side` was reported absent by the other side,
/// within the [`WINDOW_DAYS`] before `now` and after `since` (when their last
/// no-show pause began). `reports` are those of the sessions this person was on
/// `side` of; each session counts once.
pub fn missed_sessions(
    reports: &[Report],
    side: Side,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> usize {
    let window_start = now - Duration::days(WINDOW_DAYS);
    reports
        .iter()
        .filter(|r| counts_against(r, side))
        .filter(|r| r.at >= window_start && r.at <= now)
        .filter(|r| since.is_none_or(|s| r.at > s))
        .map(|r| (r.ask_id, r.mentor_id.as_str()))
        .collect::<HashSet<_>>()
        .len()
}

/// After a new report: the end of the pause to start now, when the person on
/// `side` has just reached [`THRESHOLD`]; `None` otherwise. `last_pause` is when
/// their last no-show pause on that side began, if ever.
pub fn decide_pause(
    reports: &[Report],
    side: Side,
    last_pause: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    (missed_sessions(reports, side, last_pause, now) >= THRESHOLD)
        .then(|| now + Duration::days(PAUSE_DAYS))
}

/// A mentor's offers pause until the later of the no-show pause and any pause
/// they had chosen themselves.
pub fn mentor_paused_until(current: Option<DateTime<Utc>>, pause: DateTime<Utc>) -> DateTime<Utc> {
    current.map_or(pause, |c| c.max(pause))
}

/// Who answers a session's follow-up on `side`: the asker the mentee's, that
/// session's mentor the mentor's.
pub fn may_answer(side: Side, asker_id: &str, mentor_id: &str, user_id: &str) -> bool {
    match side {
        Side::Mentee => asker_id == user_id,
        Side::Mentor => mentor_id == user_id,
    }
}

/// Only the person paused lifts their pause.
pub fn may_lift(paused: &str, user_id: &str) -> bool {
    paused == user_id
}

/// Whether a no-show pause still holds at `now`: not lifted, not run out.
pub fn holds(paused_until: DateTime<Utc>, lifted: bool, now: DateTime<Utc>) -> bool {
    !lifted && paused_until > now
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-06-01T12:00:00Z".parse().unwrap()
    }

    /// A report about session (ask, "UM") made `ago` before now.
    fn report(ask: i64, reporter: Side, absent: Absent, ago: Duration) -> Report {
        Report {
            ask_id: ask,
            mentor_id: "UM".into(),
            reporter,
            absent,
            at: now() - ago,
        }
    }

    /// Mentees saying "My mentor couldn't" about asks 1, 2, 3, `days` ago each.
    fn mentor_missed(days: [i64; 3]) -> Vec<Report> {
        days.iter()
            .zip(1..)
            .map(|(d, ask)| report(ask, Side::Mentee, Absent::Mentor, Duration::days(*d)))
            .collect()
    }

    #[test]
    fn three_sessions_the_other_side_reported_pause_someone() {
        let reports = mentor_missed([1, 20, 59]);
        assert_eq!(missed_sessions(&reports, Side::Mentor, None, now()), 3);
        assert_eq!(
            decide_pause(&reports, Side::Mentor, None, now()),
            Some(now() + Duration::days(PAUSE_DAYS))
        );
        assert_eq!(decide_pause(&reports[..2], Side::Mentor, None, now()), None);
    }

    #[test]
    fn a_report_exactly_sixty_days_old_still_counts_and_one_a_second_older_does_not() {
        let mut reports = mentor_missed([1, 2, WINDOW_DAYS]);
        assert!(decide_pause(&reports, Side::Mentor, None, now()).is_some());
        reports[2].at -= Duration::seconds(1);
        assert_eq!(missed_sessions(&reports, Side::Mentor, None, now()), 2);
        assert_eq!(decide_pause(&reports, Side::Mentor, None, now()), None);
    }

    #[test]
    fn reports_spread_over_more_than_sixty_days_do_not_pause() {
        let reports = mentor_missed([0, 31, 61]);
        assert_eq!(decide_pause(&reports, Side::Mentor, None, now()), None);
    }

    #[test]
    fn self_reports_never_count() {
        // Mentors saying "I couldn't" three times: nothing against them or the mentees.
        let reports: Vec<Report> = (1..=3)
            .map(|ask| report(ask, Side::Mentor, Absent::Mentor, Duration::days(ask)))
            .collect();
        assert_eq!(missed_sessions(&reports, Side::Mentor, None, now()), 0);
        assert_eq!(missed_sessions(&reports, Side::Mentee, None, now()), 0);
        let reports: Vec<Report> = (1..=3)
            .map(|ask| report(ask, Side::Mentee, Absent::Mentee, Duration::days(ask)))
            .collect();
        assert_eq!(missed_sessions(&reports, Side::Mentee, None, now()), 0);
    }

    #[test]
    fn a_report_can_only_count_against_the_other_person() {
        assert_eq!(against(Side::Mentee, Absent::Mentor), Some(Side::Mentor));
        assert_eq!(against(Side::Mentor, Absent::Mentee), Some(Side::Mentee));
        assert_eq!(against(Side::Mentee, Absent::Mentee), None);
        assert_eq!(against(Side::Mentor, Absent::Mentor), None);
        assert_eq!(against(Side::Mentee, Absent::Other), None);
        assert_eq!(against(Side::Mentor, Absent::Other), None);
    }

    #[test]
    fn something_else_never_counts_against_anyone() {
        for reporter in [Side::Mentee, Side::Mentor] {
            let reports: Vec<Report> = (1..=5)
                .map(|ask| report(ask, reporter, Absent::Other, Duration::days(ask)))
                .collect();
            for side in [Side::Mentee, Side::Mentor] {
                assert_eq!(missed_sessions(&reports, side, None, now()), 0);
                assert_eq!(decide_pause(&reports, side, None, now()), None);
            }
        }
    }

    #[test]
    fn the_mirror_rule_counts_mentors_reports_against_the_mentee() {
        let reports: Vec<Report> = (1..=3)
            .map(|ask| report(ask, Side::Mentor, Absent::Mentee, Duration::days(ask)))
            .collect();
        assert!(decide_pause(&reports, Side::Mentee, None, now()).is_some());
        // …and never against the mentor.
        assert_eq!(missed_sessions(&reports, Side::Mentor, None, now()), 0);
    }

    #[test]
    fn each_session_counts_once() {
        // The same session reported again (a re-delivered click, a second row).
        let reports = vec![
            report(1, Side::Mentee, Absent::Mentor, Duration::days(1)),
            report(1, Side::Mentee, Absent::Mentor, Duration::days(2)),
            report(2, Side::Mentee, Absent::Mentor, Duration::days(3)),
        ];
        assert_eq!(missed_sessions(&reports, Side::Mentor, None, now()), 2);
        assert_eq!(decide_pause(&reports, Side::Mentor, None, now()), None);
        // Two mentors of one ask are two sessions.
        let mut other_mentor = report(1, Side::Mentee, Absent::Mentor, Duration::days(1));
        other_mentor.mentor_id = "UM2".into();
        let mut with = reports.clone();
        with.push(other_mentor);
        assert_eq!(missed_sessions(&with, Side::Mentor, None, now()), 3);
    }

    #[test]
    fn a_pause_happens_once_per_crossing() {
        let mut reports = mentor_missed([10, 9, 8]);
        let paused_at = now() - Duration::days(8);
        // A fourth report while paused: no new pause.
        reports.push(report(4, Side::Mentee, Absent::Mentor, Duration::days(1)));
        assert_eq!(
            missed_sessions(&reports, Side::Mentor, Some(paused_at), now()),
            1
        );
        assert_eq!(
            decide_pause(&reports, Side::Mentor, Some(paused_at), now()),
            None
        );
        // Three new ones after it: paused again.
        reports.push(report(5, Side::Mentee, Absent::Mentor, Duration::hours(2)));
        reports.push(report(6, Side::Mentee, Absent::Mentor, Duration::hours(1)));
        assert!(decide_pause(&reports, Side::Mentor, Some(paused_at), now()).is_some());
    }

    #[test]
    fn answers_name_a_side_from_where_the_answer_stands() {
        assert_eq!(WhoMissed::Them.absent(Side::Mentee), Absent::Mentor);
        assert_eq!(WhoMissed::Them.absent(Side::Mentor), Absent::Mentee);
        assert_eq!(WhoMissed::Me.absent(Side::Mentee), Absent::Mentee);
        assert_eq!(WhoMissed::Me.absent(Side::Mentor), Absent::Mentor);
        assert_eq!(WhoMissed::SomethingElse.absent(Side::Mentor), Absent::Other);
        for a in [Absent::Mentee, Absent::Mentor, Absent::Other] {
            assert_eq!(a.as_str().parse::<Absent>(), Ok(a));
        }
        assert!("nobody".parse::<Absent>().is_err());
    }

    #[test]
    fn a_no_show_pause_never_shortens_a_longer_pause_the_mentor_chose() {
        let pause = now() + Duration::days(PAUSE_DAYS);
        let longer = now() + Duration::days(90);
        assert_eq!(mentor_paused_until(Some(longer), pause), longer);
        assert_eq!(mentor_paused_until(Some(now()), pause), pause);
        assert_eq!(mentor_paused_until(None, pause), pause);
    }

    #[test]
    fn only_the_asker_answers_the_mentees_prompt_and_only_the_mentor_theirs() {
        assert!(may_answer(Side::Mentee, "UA", "UM", "UA"));
        assert!(!may_answer(Side::Mentee, "UA", "UM", "UM"));
        assert!(may_answer(Side::Mentor, "UA", "UM", "UM"));
        assert!(!may_answer(Side::Mentor, "UA", "UM", "UA"));
        assert!(!may_answer(Side::Mentor, "UA", "UM", "UX"));
    }

    #[test]
    fn only_the_person_paused_lifts_it_and_a_pause_ends_on_its_own() {
        assert!(may_lift("UM", "UM"));
        assert!(!may_lift("UM", "UX"));
        let until = now() + Duration::days(1);
        assert!(holds(until, false, now()));
        assert!(!holds(until, true, now()));
        assert!(!holds(until, false, until));
    }
}
