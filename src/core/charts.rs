//! The figures the admin charts show, as plain data, and the rules that shape
//! them: which weeks a trend covers, which skills a gap chart keeps, and when a
//! chart already in Slack is still good enough to show.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// Weeks the trend chart covers, the current one included.
pub const TREND_WEEKS: u32 = 12;
/// Skills a gap chart shows at most; the rest are counted ("and 4 more").
pub const MAX_GAP_BARS: usize = 8;
/// A chart uploaded this recently is not uploaded again, changed or not.
pub const REUPLOAD_AFTER: Duration = Duration::hours(1);
/// A failed (or unfinished) upload is not tried again sooner than this.
pub const RETRY_UPLOAD_AFTER: Duration = Duration::minutes(5);

/// Someone who opened Home this recently is looking at it: a new picture may
/// be uploaded for them. When Home is republished for another reason (an offer
/// arrived), the pictures already uploaded are shown: a new upload then would
/// post charts into their DM while they are elsewhere.
pub const LOOKING_FOR: Duration = Duration::minutes(10);

/// Whether a chart may be uploaded now for someone who last opened Home at `last_opened`.
pub fn looking(last_opened: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    last_opened.is_some_and(|at| now - at < LOOKING_FOR)
}

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    WeeklyTrend,
    SkillGaps,
}

impl Chart {
    pub fn as_str(self) -> &'static str {
        match self {
            Chart::WeeklyTrend => "weekly_trend",
            Chart::SkillGaps => "skill_gaps",
        }
    }
}

/// One ISO week (Monday 00:00 UTC) of asks created that week.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekPoint {
    pub week_start: NaiveDate,
    /// Asks created that week.
    pub asks: i64,
    /// Of those, how many found a mentor (a match that was not released).
    pub matched: i64,
    /// Median hours from the ask to its first match, over the matched ones.
    pub median_hours_to_match: Option<f64>,
}

/// One skill of the gap chart.
#[derive(Debug, Clone, PartialEq)]
pub struct GapBar {
    /// The skill's label, as people spelled it.
    pub skill: String,
    /// Asks in the window that needed it when no available mentor had it.
    pub unmet: i64,
    /// Mentors opted in for it and not paused, now.
    pub mentors_available: i64,
}

/// Monday of the ISO week `at` falls in (UTC).
pub fn week_of(at: DateTime<Utc>) -> NaiveDate {
    let day = at.date_naive();
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The first week the trend shows: [`TREND_WEEKS`] weeks ending with the current one.
pub fn trend_start(now: DateTime<Utc>) -> NaiveDate {
    week_of(now) - Duration::weeks(i64::from(TREND_WEEKS) - 1)
}

/// Every week of the trend, oldest first, with the weeks `known` has nothing
/// for shown as zero (a quiet week is a figure too). Weeks outside the range are dropped.
pub fn fill_weeks(now: DateTime<Utc>, known: &[WeekPoint]) -> Vec<WeekPoint> {
    let first = trend_start(now);
    (0..i64::from(TREND_WEEKS))
        .map(|i| {
            let week_start = first + Duration::weeks(i);
            known
                .iter()
                .find(|p| p.week_start == week_start)
                .cloned()
                .unwrap_or(WeekPoint {
                    week_start,
                    asks: 0,
                    matched: 0,
                    median_hours_to_match: None,
                })
        })
        .collect()
}

/// The skills a gap chart shows: the most unmet first (then the fewest mentors,
/// then by name), skills with nothing unmet left out, at most [`MAX_GAP_BARS`].
/// Also returns how many more there were.
pub fn top_gaps(mut bars: Vec<GapBar>) -> (Vec<GapBar>, usize) {
    bars.retain(|b| b.unmet > 0);
    bars.sort_by(|a, b| {
        b.unmet
            .cmp(&a.unmet)
            .then(a.mentors_available.cmp(&b.mentors_available))
            .then_with(|| a.skill.to_lowercase().cmp(&b.skill.to_lowercase()))
    });
    let more = bars.len().saturating_sub(MAX_GAP_BARS);
    bars.truncate(MAX_GAP_BARS);
    (bars, more)
}

/// Whether there is anything to draw at all.
pub fn trend_is_empty(weeks: &[WeekPoint]) -> bool {
    weeks.iter().all(|w| w.asks == 0 && w.matched == 0)
}

/// A chart that was uploaded before, as remembered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uploaded {
    pub file_id: String,
    /// [`fingerprint`] of the figures it shows.
    pub fingerprint: String,
    pub uploaded_at: DateTime<Utc>,
}

/// Whether a chart uploaded earlier may be shown instead of uploading a new
/// one: it shows the same figures, or it is less than [`REUPLOAD_AFTER`] old
/// (Slack is not sent a new file every time Home is opened).
pub fn still_good(uploaded: &Uploaded, fingerprint: &str, now: DateTime<Utc>) -> bool {
    uploaded.fingerprint == fingerprint || now - uploaded.uploaded_at < REUPLOAD_AFTER
}

/// A short stable text naming exactly the figures of a chart: equal
/// fingerprints draw the same picture.
pub fn fingerprint<T: std::fmt::Debug>(figures: &T) -> String {
    // FNV-1a over the figures' debug form: stable across runs and builds of the
    // same code (unlike `DefaultHasher`'s seeds), and cheap.
    let text = format!("{figures:?}");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn bar(skill: &str, unmet: i64, mentors: i64) -> GapBar {
        GapBar {
            skill: skill.into(),
            unmet,
            mentors_available: mentors,
        }
    }

    #[test]
    fn a_week_starts_on_monday_utc() {
        assert_eq!(week_of(at("2026-03-02T00:00:00Z")), day("2026-03-02"));
        assert_eq!(week_of(at("2026-03-08T23:59:59Z")), day("2026-03-02"));
        assert_eq!(week_of(at("2026-03-09T00:00:00Z")), day("2026-03-09"));
        // Across a year boundary (ISO week 1 of 2026 starts on 29 Dec 2025).
        assert_eq!(week_of(at("2026-01-01T12:00:00Z")), day("2025-12-29"));
    }

    #[test]
    fn the_trend_covers_twelve_weeks_ending_with_this_one_and_fills_quiet_weeks() {
        let now = at("2026-03-04T10:00:00Z");
        assert_eq!(trend_start(now), day("2025-12-15"));
        let known = vec![
            WeekPoint {
                week_start: day("2026-03-02"),
                asks: 3,
                matched: 2,
                median_hours_to_match: Some(1.5),
            },
            // Older than the trend: dropped.
            WeekPoint {
                week_start: day("2025-12-08"),
                asks: 9,
                matched: 9,
                median_hours_to_match: Some(2.0),
            },
        ];
        let weeks = fill_weeks(now, &known);
        assert_eq!(weeks.len(), 12);
        assert_eq!(weeks[0].week_start, day("2025-12-15"));
        assert_eq!(weeks[0].asks, 0);
        assert_eq!(weeks[11], known[0]);
        assert_eq!(weeks.iter().map(|w| w.asks).sum::<i64>(), 3);
        assert!(!trend_is_empty(&weeks));
        assert!(trend_is_empty(&fill_weeks(now, &[])));
    }

    #[test]
    fn gaps_keep_the_most_unmet_first_and_count_the_rest() {
        let mut bars: Vec<GapBar> = (0..12).map(|i| bar(&format!("s{i:02}"), i, 0)).collect();
        bars.push(bar("Rust", 5, 1));
        bars.push(bar("rust-async", 5, 0));
        let (top, more) = top_gaps(bars);
        assert_eq!(top.len(), MAX_GAP_BARS);
        // 11 skills have something unmet beyond the 8 shown (s00 has none).
        assert_eq!(more, 13 - MAX_GAP_BARS);
        assert_eq!(top[0].skill, "s11");
        // Equal unmet: fewer mentors first, then by name; Rust (one mentor) is cut.
        let fives: Vec<&str> = top
            .iter()
            .filter(|b| b.unmet == 5)
            .map(|b| b.skill.as_str())
            .collect();
        assert_eq!(fives, ["rust-async", "s05"]);
        assert!(top.iter().all(|b| b.unmet > 0));
        assert_eq!(top_gaps(vec![bar("SQL", 0, 3)]), (vec![], 0));
    }

    #[test]
    fn an_upload_is_reused_when_its_figures_are_the_same_or_it_is_recent() {
        let now = at("2026-03-02T10:00:00Z");
        let up = Uploaded {
            file_id: "F1".into(),
            fingerprint: "abc".into(),
            uploaded_at: now - Duration::minutes(59),
        };
        assert!(still_good(&up, "abc", now));
        assert!(still_good(&up, "changed", now));
        let old = Uploaded {
            uploaded_at: now - Duration::hours(1),
            ..up
        };
        assert!(still_good(&old, "abc", now));
        assert!(!still_good(&old, "changed", now));
    }

    #[test]
    fn charts_are_uploaded_only_for_someone_who_just_opened_home() {
        let now = at("2026-03-02T10:00:00Z");
        assert!(looking(Some(now), now));
        assert!(looking(Some(now - Duration::minutes(9)), now));
        assert!(!looking(Some(now - Duration::minutes(10)), now));
        assert!(!looking(None, now));
    }

    #[test]
    fn fingerprints_differ_with_the_figures_and_not_between_runs() {
        let a = vec![bar("Rust", 2, 1)];
        let b = vec![bar("Rust", 3, 1)];
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
        assert_ne!(fingerprint(&a), fingerprint(&b));
        // A fixed value: the same figures give the same fingerprint in every
        // build and process (the cache in the database outlives both).
        assert_eq!(fingerprint(&"x"), "d47c1617d80fa71f");
    }
}
