//! What programme owners see of the organisation, as plain figures computed
//! from plain rows (the store loads a window's rows; nothing here does I/O).
//!
//! Definitions, for a window of the last 7, 30 or 90 days ending now:
//! - **Asks**: asks created in the window.
//! - **Matched**: those of them that a mentor accepted and whose session was
//!   not released ("it didn't happen" → another mentor). **Match rate** =
//!   matched / asks.
//! - **Time to match** (median and 90th percentile by nearest rank, see
//!   `core::figures`): from the ask's creation to its first accept that was not
//!   released, in wall-clock time and **in working hours**: the part of that
//!   interval inside the matched mentor's working days and hours, in the
//!   mentor's own zone ([`working_time_between`]); asks whose mentor has no
//!   settings any more count in the wall-clock figure only.
//! - **Expired unmatched**: asks that expired in the window with no mentor.
//! - **Sessions done**: sessions (not released) marked done in the window, or
//!   whose mentee said in the window that it happened.
//! - **Ratings**: the 1–5 ratings given in the window; mean and distribution.
//! - **Follow-up response rate**: of the sessions matched in the window whose
//!   mentee was asked "did it happen?", those where the mentee answered.
//! - **Mentor load**: sessions accepted in the window (not released) by mentors
//!   taking asks now, against their capacity over the window (asks per week ×
//!   days / 7). **Load Gini** of those accepted counts (0 = all took as many, near
//!   1 = one person took them all); the five most loaded as a share of capacity.
//! - **Offers per ask**: offers made for the window's asks / the window's asks.
//! - **Decline reasons**: declines answered in the window, counted per reason
//!   only — never per person, never the words of "Other".
//! - **Skill gaps**, per skill: asks waiting (open now), expired unmatched in
//!   the window, times routing found nobody free (`unmet_demand`), and the
//!   mentors taking asks now with the skill: available (including off work
//!   now), paused, at capacity. **Who to recruit**: people who got help on the
//!   skill rated 4 or 5 at least twice in the window and are not mentoring it;
//!   plus mentors of related skills (given by the caller).
//!
//! Per-skill data: [`Insights::gaps`] ([`skill_gaps`]: per skill, waiting,
//! expired, unmet, mentors available / paused / at capacity). The charts draw
//! their own series (`core::charts`).
//!
//! [`working_time_between`]: super::figures::working_time_between

use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, HashMap, HashSet};

use super::ask::AskStatus;
use super::availability::{availability, Availability, MentorState};
use super::figures::{gini, median_duration, p90_duration, working_time_between};
use super::followup::Happened;
use super::offer::OfferStatus;
use super::skills::SkillSlug;

/// The windows an admin can choose on Home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Window {
    Week,
    #[default]
    Month,
    Quarter,
}

impl Window {
    pub const ALL: [Window; 3] = [Window::Week, Window::Month, Window::Quarter];

    pub fn days(self) -> i64 {
        match self {
            Window::Week => 7,
            Window::Month => 30,
            Window::Quarter => 90,
        }
    }

    /// From a stored or clicked number of days; anything else is refused.
    pub fn from_days(days: i64) -> Option<Window> {
        Window::ALL.into_iter().find(|w| w.days() == days)
    }

    /// From a button's value (`"7"`, `"30"`, `"90"`).
    pub fn parse(raw: &str) -> Option<Window> {
        raw.trim().parse().ok().and_then(Window::from_days)
    }

    pub fn since(self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::days(self.days())
    }
}

/// An ask, as the figures need it.
#[derive(Debug, Clone, PartialEq)]
pub struct AskRow {
    pub id: i64,
    pub asker_id: String,
    pub created_at: DateTime<Utc>,
    /// When it was cancelled, expired or done.
    pub closed_at: Option<DateTime<Utc>>,
    pub status: AskStatus,
    pub skills: Vec<SkillSlug>,
}

/// A mentor's accept of an ask (a session), with the mentee's answer if any.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchRow {
    pub ask_id: i64,
    pub mentor_id: String,
    pub matched_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub released_at: Option<DateTime<Utc>>,
    /// The mentee was sent "did your session happen?".
    pub followup_asked: bool,
    pub outcome: Option<Outcome>,
}

impl MatchRow {
    fn current(&self) -> bool {
        self.released_at.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub happened: Happened,
    pub rating: Option<u8>,
    pub recorded_at: DateTime<Utc>,
}

/// An offer, without who it went to: decline reasons are only ever counted.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferRow {
    pub ask_id: i64,
    pub status: OfferStatus,
    /// As stored (`not_my_area`, `no_time`, `pause_week`, `other`, `at_capacity`, `left`).
    pub decline_reason: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// A mentor now: their availability inputs and skills.
#[derive(Debug, Clone, PartialEq)]
pub struct MentorRow {
    pub user_id: String,
    pub state: MentorState,
    pub skills: Vec<SkillSlug>,
}

/// Everything the figures of one window are computed from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InsightRows {
    /// Asks created or closed in the window, open now, or with a session that
    /// moved in the window.
    pub asks: Vec<AskRow>,
    /// Every session of those asks.
    pub matches: Vec<MatchRow>,
    /// Offers made or answered in the window.
    pub offers: Vec<OfferRow>,
    /// Every mentor of the workspace (opted in or not).
    pub mentors: Vec<MentorRow>,
    /// `unmet_demand` in the window: (skill, ask) when routing found nobody free.
    pub unmet: Vec<(SkillSlug, i64)>,
    /// Skill labels by slug.
    pub labels: HashMap<SkillSlug, String>,
}

/// Median and 90th percentile of some durations, and how many there were.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spread {
    pub n: usize,
    pub median: Option<Duration>,
    pub p90: Option<Duration>,
}

impl Spread {
    pub fn of(values: &[Duration]) -> Spread {
        Spread {
            n: values.len(),
            median: median_duration(values),
            p90: p90_duration(values),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Ratings {
    /// How many 1s, 2s, … 5s.
    pub counts: [u32; 5],
}

impl Ratings {
    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }

    pub fn mean(&self) -> Option<f64> {
        let total = self.total();
        let sum: u32 = (1..=5u32).zip(self.counts).map(|(r, n)| r * n).sum();
        (total > 0).then(|| f64::from(sum) / f64::from(total))
    }
}

/// One mentor's load over the window.
#[derive(Debug, Clone, PartialEq)]
pub struct MentorLoad {
    pub user_id: String,
    pub accepted: u32,
    /// Asks per week × days / 7.
    pub capacity: f64,
}

impl MentorLoad {
    pub fn share(&self) -> f64 {
        match self.capacity > 0.0 {
            true => f64::from(self.accepted) / self.capacity,
            false => 0.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Load {
    /// Mentors taking asks now.
    pub mentors: u32,
    pub accepted: u32,
    pub capacity: f64,
    pub gini: Option<f64>,
    /// The most loaded (share of capacity), at most [`TOP_LOADED`], none idle.
    pub top: Vec<MentorLoad>,
}

pub const TOP_LOADED: usize = 5;

/// Why mentors said no, as counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeclineKind {
    NotMyArea,
    NoTime,
    PauseWeek,
    Other,
    AtCapacity,
    Left,
}

impl DeclineKind {
    /// A stored reason; anything unknown (or none) counts as "other".
    pub fn from_stored(raw: Option<&str>) -> DeclineKind {
        match raw {
            Some("not_my_area") => DeclineKind::NotMyArea,
            Some("no_time") => DeclineKind::NoTime,
            Some("pause_week") => DeclineKind::PauseWeek,
            Some("at_capacity") => DeclineKind::AtCapacity,
            Some("left") => DeclineKind::Left,
            _ => DeclineKind::Other,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DeclineKind::NotMyArea => "not my area",
            DeclineKind::NoTime => "no time now",
            DeclineKind::PauseWeek => "paused for a week",
            DeclineKind::Other => "other",
            DeclineKind::AtCapacity => "at capacity",
            DeclineKind::Left => "left the workspace",
        }
    }
}

/// One skill that lacks mentors (also the data of a skill-gap bar chart).
#[derive(Debug, Clone, PartialEq)]
pub struct SkillGap {
    pub skill: SkillSlug,
    pub label: String,
    /// Open asks with the skill now.
    pub waiting: u32,
    /// Asks with the skill that expired in the window with no mentor.
    pub expired: u32,
    /// Asks with the skill for which routing found nobody free, in the window.
    pub unmet: u32,
    /// Mentors taking asks with the skill now: not paused and with room
    /// (off work now included), paused, at their weekly capacity.
    pub available: u32,
    pub paused: u32,
    pub at_capacity: u32,
    /// People who got help on the skill rated 4+ at least twice in the window
    /// and do not mentor it, most helped first.
    pub recruit: Vec<String>,
    /// Mentors of related skills who do not mentor this one.
    pub related_mentors: Vec<String>,
}

/// Most recruits and related mentors named per skill.
pub const MAX_RECRUITS: usize = 5;

impl SkillGap {
    /// Open now + expired, for ordering and bars.
    pub fn demand(&self) -> u32 {
        self.waiting + self.expired
    }
}

/// The organisation's figures for one window.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Insights {
    pub window: Window,
    pub asks: u32,
    pub matched: u32,
    pub time_to_match: Spread,
    pub time_to_match_working: Spread,
    pub expired_unmatched: u32,
    /// Open now, whenever asked.
    pub open_now: u32,
    pub sessions_done: u32,
    pub ratings: Ratings,
    /// Sessions whose mentee was asked, and how many of them answered.
    pub followups_asked: u32,
    pub followups_answered: u32,
    pub load: Load,
    pub offers: u32,
    /// Decline counts, most first (reasons with none left out).
    pub declines: Vec<(DeclineKind, u32)>,
    /// Most asked skills in the window: (label, asks), at most five.
    pub top_skills: Vec<(String, u32)>,
    /// Skills lacking mentors, worst first.
    pub gaps: Vec<SkillGap>,
}

impl Insights {
    /// Matched / asks, in whole percent.
    pub fn match_rate(&self) -> Option<u32> {
        percent(self.matched, self.asks)
    }

    pub fn followup_rate(&self) -> Option<u32> {
        percent(self.followups_answered, self.followups_asked)
    }

    pub fn offers_per_ask(&self) -> Option<f64> {
        (self.asks > 0).then(|| f64::from(self.offers) / f64::from(self.asks))
    }
}

/// `part / whole` in whole percent, rounded half up; `None` when `whole` is 0.
pub fn percent(part: u32, whole: u32) -> Option<u32> {
    (whole > 0)
        .then(|| ((u64::from(part) * 200 + u64::from(whole)) / (2 * u64::from(whole))) as u32)
}

/// Related skills' mentors, per skill (admins relate skills when curating);
/// the figures drop anyone already mentoring the skill.
pub type RelatedMentors = HashMap<SkillSlug, Vec<String>>;

/// Every figure of the window ending `now`.
pub fn compute(
    rows: &InsightRows,
    window: Window,
    now: DateTime<Utc>,
    related_mentors: &RelatedMentors,
) -> Insights {
    let since = window.since(now);
    let within = |t: DateTime<Utc>| t >= since && t <= now;
    let by_ask = sessions_by_ask(rows);
    let created: Vec<&AskRow> = rows.asks.iter().filter(|a| within(a.created_at)).collect();
    let created_ids: HashSet<i64> = created.iter().map(|a| a.id).collect();

    let mut wall = Vec::new();
    let mut working = Vec::new();
    let mentors: HashMap<&str, &MentorRow> = rows
        .mentors
        .iter()
        .map(|m| (m.user_id.as_str(), m))
        .collect();
    for ask in &created {
        if let Some(m) = first_match(&by_ask, ask.id) {
            wall.push(m.matched_at - ask.created_at);
            if let Some(mentor) = mentors.get(m.mentor_id.as_str()) {
                working.push(working_time_between(
                    &mentor.state.hours,
                    mentor.state.tz,
                    ask.created_at,
                    m.matched_at,
                ));
            }
        }
    }

    let mut ratings = Ratings::default();
    let (mut asked, mut answered, mut done) = (0, 0, 0);
    for m in &rows.matches {
        if let Some(r) = m
            .outcome
            .filter(|o| within(o.recorded_at))
            .and_then(|o| o.rating)
            .filter(|r| (1..=5).contains(r))
        {
            ratings.counts[usize::from(r - 1)] += 1;
        }
        if within(m.matched_at) && m.followup_asked {
            asked += 1;
            answered += u32::from(m.outcome.is_some());
        }
        let said_yes = m
            .outcome
            .is_some_and(|o| o.happened == Happened::Yes && within(o.recorded_at));
        if m.current() && (m.done_at.is_some_and(within) || said_yes) {
            done += 1;
        }
    }

    let mut declines: BTreeMap<DeclineKind, u32> = BTreeMap::new();
    for o in &rows.offers {
        if o.status == OfferStatus::Declined && o.answered_at.is_some_and(within) {
            *declines
                .entry(DeclineKind::from_stored(o.decline_reason.as_deref()))
                .or_default() += 1;
        }
    }
    let mut declines: Vec<(DeclineKind, u32)> = declines.into_iter().collect();
    declines.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    let mut per_skill: BTreeMap<&SkillSlug, u32> = BTreeMap::new();
    for ask in &created {
        for s in &ask.skills {
            *per_skill.entry(s).or_default() += 1;
        }
    }
    let mut top_skills: Vec<(String, u32)> = per_skill
        .into_iter()
        .map(|(s, n)| (label_of(rows, s), n))
        .collect();
    top_skills.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top_skills.truncate(5);

    Insights {
        window,
        asks: created.len() as u32,
        matched: created
            .iter()
            .filter(|a| first_match(&by_ask, a.id).is_some())
            .count() as u32,
        time_to_match: Spread::of(&wall),
        time_to_match_working: Spread::of(&working),
        expired_unmatched: rows
            .asks
            .iter()
            .filter(|a| expired_unmatched(a, &by_ask, &within))
            .count() as u32,
        open_now: rows
            .asks
            .iter()
            .filter(|a| a.status == AskStatus::Open)
            .count() as u32,
        sessions_done: done,
        ratings,
        followups_asked: asked,
        followups_answered: answered,
        load: load(rows, window, now),
        offers: rows
            .offers
            .iter()
            .filter(|o| created_ids.contains(&o.ask_id))
            .count() as u32,
        declines,
        top_skills,
        gaps: skill_gaps(rows, window, now, related_mentors),
    }
}

fn sessions_by_ask(rows: &InsightRows) -> HashMap<i64, Vec<&MatchRow>> {
    let mut by_ask: HashMap<i64, Vec<&MatchRow>> = HashMap::new();
    for m in &rows.matches {
        by_ask.entry(m.ask_id).or_default().push(m);
    }
    by_ask
}

/// The ask's first accept that was not released.
fn first_match<'a>(by_ask: &HashMap<i64, Vec<&'a MatchRow>>, ask_id: i64) -> Option<&'a MatchRow> {
    by_ask
        .get(&ask_id)?
        .iter()
        .filter(|m| m.current())
        .min_by_key(|m| (m.matched_at, m.mentor_id.as_str()))
        .copied()
}

fn expired_unmatched(
    ask: &AskRow,
    by_ask: &HashMap<i64, Vec<&MatchRow>>,
    within: &impl Fn(DateTime<Utc>) -> bool,
) -> bool {
    ask.status == AskStatus::Expired
        && ask.closed_at.is_some_and(within)
        && first_match(by_ask, ask.id).is_none()
}

fn label_of(rows: &InsightRows, slug: &SkillSlug) -> String {
    rows.labels
        .get(slug)
        .cloned()
        .unwrap_or_else(|| slug.to_string())
}

/// Mentor load over the window, for mentors taking asks now.
pub fn load(rows: &InsightRows, window: Window, now: DateTime<Utc>) -> Load {
    let since = window.since(now);
    let mut accepted: HashMap<&str, u32> = HashMap::new();
    for m in rows
        .matches
        .iter()
        .filter(|m| m.current() && m.matched_at >= since && m.matched_at <= now)
    {
        *accepted.entry(m.mentor_id.as_str()).or_default() += 1;
    }
    let weeks = window.days() as f64 / 7.0;
    let loads: Vec<MentorLoad> = rows
        .mentors
        .iter()
        .filter(|m| m.state.opted_in)
        .map(|m| MentorLoad {
            user_id: m.user_id.clone(),
            accepted: accepted.get(m.user_id.as_str()).copied().unwrap_or(0),
            capacity: f64::from(m.state.capacity) * weeks,
        })
        .collect();
    let counts: Vec<f64> = loads.iter().map(|l| f64::from(l.accepted)).collect();
    let mut top: Vec<MentorLoad> = loads.iter().filter(|l| l.accepted > 0).cloned().collect();
    top.sort_by(|a, b| {
        b.share()
            .total_cmp(&a.share())
            .then(b.accepted.cmp(&a.accepted))
            .then_with(|| a.user_id.cmp(&b.user_id))
    });
    top.truncate(TOP_LOADED);
    Load {
        mentors: loads.len() as u32,
        accepted: loads.iter().map(|l| l.accepted).sum(),
        capacity: loads.iter().map(|l| l.capacity).sum(),
        gini: gini(&counts),
        top,
    }
}

/// Skills that lack mentors, worst first: a skill is listed when asks with it
/// wait now, expired unmatched in the window, or found nobody free. Ordered
/// by waiting + expired, then times nobody was free, then fewest available.
pub fn skill_gaps(
    rows: &InsightRows,
    window: Window,
    now: DateTime<Utc>,
    related_mentors: &RelatedMentors,
) -> Vec<SkillGap> {
    let since = window.since(now);
    let within = |t: DateTime<Utc>| t >= since && t <= now;
    let by_ask = sessions_by_ask(rows);
    let mut gaps: BTreeMap<SkillSlug, SkillGap> = BTreeMap::new();
    let gap = |gaps: &mut BTreeMap<SkillSlug, SkillGap>, s: &SkillSlug| {
        gaps.entry(s.clone()).or_insert_with(|| SkillGap {
            skill: s.clone(),
            label: label_of(rows, s),
            waiting: 0,
            expired: 0,
            unmet: 0,
            available: 0,
            paused: 0,
            at_capacity: 0,
            recruit: Vec::new(),
            related_mentors: Vec::new(),
        });
    };
    for ask in &rows.asks {
        let waiting = ask.status == AskStatus::Open;
        let expired = expired_unmatched(ask, &by_ask, &within);
        for s in &ask.skills {
            if waiting || expired {
                gap(&mut gaps, s);
                let g = gaps.get_mut(s).expect("just added");
                g.waiting += u32::from(waiting);
                g.expired += u32::from(expired);
            }
        }
    }
    let mut unmet: HashSet<(&SkillSlug, i64)> = HashSet::new();
    for (s, ask) in &rows.unmet {
        if unmet.insert((s, *ask)) {
            gap(&mut gaps, s);
            gaps.get_mut(s).expect("just added").unmet += 1;
        }
    }
    // Who mentors what now.
    let mut mentoring: HashSet<(&str, &SkillSlug)> = HashSet::new();
    for m in rows.mentors.iter().filter(|m| m.state.opted_in) {
        for s in &m.skills {
            mentoring.insert((m.user_id.as_str(), s));
            if let Some(g) = gaps.get_mut(s) {
                match availability(&m.state, now) {
                    Availability::Paused { .. } => g.paused += 1,
                    Availability::AtCapacity => g.at_capacity += 1,
                    _ => g.available += 1,
                }
            }
        }
    }
    // Who got well-rated help on what, how often.
    let asks: HashMap<i64, &AskRow> = rows.asks.iter().map(|a| (a.id, a)).collect();
    let mut helped: HashMap<(&SkillSlug, &str), u32> = HashMap::new();
    for m in &rows.matches {
        let well_rated = m
            .outcome
            .is_some_and(|o| within(o.recorded_at) && o.rating.is_some_and(|r| r >= 4));
        let Some(ask) = asks.get(&m.ask_id).filter(|_| well_rated) else {
            continue;
        };
        for s in &ask.skills {
            *helped.entry((s, ask.asker_id.as_str())).or_default() += 1;
        }
    }
    for g in gaps.values_mut() {
        let mut recruit: Vec<(&str, u32)> = helped
            .iter()
            .filter(|((s, who), n)| {
                **s == g.skill && **n >= 2 && !mentoring.contains(&(*who, &g.skill))
            })
            .map(|((_, who), n)| (*who, *n))
            .collect();
        recruit.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        g.recruit = recruit
            .into_iter()
            .take(MAX_RECRUITS)
            .map(|(w, _)| w.to_owned())
            .collect();
        let mut related: Vec<String> = related_mentors
            .get(&g.skill)
            .into_iter()
            .flatten()
            .filter(|who| !mentoring.contains(&(who.as_str(), &g.skill)))
            .cloned()
            .collect();
        related.sort();
        related.dedup();
        related.truncate(MAX_RECRUITS);
        g.related_mentors = related;
    }
    let mut gaps: Vec<SkillGap> = gaps.into_values().collect();
    gaps.sort_by(|a, b| {
        b.demand()
            .cmp(&a.demand())
            .then(b.unmet.cmp(&a.unmet))
            .then(a.available.cmp(&b.available))
            .then_with(|| a.label.cmp(&b.label))
    });
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::working_hours::WorkingHours;

    fn now() -> DateTime<Utc> {
        "2026-03-31T12:00:00Z".parse().unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn slug(s: &str) -> SkillSlug {
        SkillSlug::from_stored(s.to_owned())
    }

    fn ask(id: i64, asker: &str, created: &str, status: AskStatus, skills: &[&str]) -> AskRow {
        AskRow {
            id,
            asker_id: asker.into(),
            created_at: at(created),
            closed_at: None,
            status,
            skills: skills.iter().map(|s| slug(s)).collect(),
        }
    }

    fn matched(ask_id: i64, mentor: &str, at_: &str) -> MatchRow {
        MatchRow {
            ask_id,
            mentor_id: mentor.into(),
            matched_at: at(at_),
            done_at: None,
            released_at: None,
            followup_asked: false,
            outcome: None,
        }
    }

    fn mentor(id: &str, capacity: u32, skills: &[&str]) -> MentorRow {
        MentorRow {
            user_id: id.into(),
            state: MentorState {
                opted_in: true,
                paused_until: None,
                tz: chrono_tz::Tz::UTC,
                hours: "Mon-Fri 09:00-17:00".parse::<WorkingHours>().unwrap(),
                capacity,
                accepted_this_week: 0,
            },
            skills: skills.iter().map(|s| slug(s)).collect(),
        }
    }

    fn rated(mut m: MatchRow, rating: u8, when: &str) -> MatchRow {
        m.followup_asked = true;
        m.outcome = Some(Outcome {
            happened: Happened::Yes,
            rating: Some(rating),
            recorded_at: at(when),
        });
        m
    }

    fn none() -> RelatedMentors {
        RelatedMentors::new()
    }

    #[test]
    fn windows_are_7_30_or_90_days_and_nothing_else() {
        assert_eq!(Window::parse("7"), Some(Window::Week));
        assert_eq!(Window::parse("30"), Some(Window::Month));
        assert_eq!(Window::parse("90"), Some(Window::Quarter));
        assert_eq!(Window::parse("31"), None);
        assert_eq!(Window::parse("x"), None);
        assert_eq!(Window::default(), Window::Month);
        assert_eq!(Window::Week.since(now()), at("2026-03-24T12:00:00Z"));
    }

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(1, 8), Some(13)); // 12.5
        assert_eq!(percent(0, 5), Some(0));
        assert_eq!(percent(3, 0), None);
    }

    #[test]
    fn nothing_at_all_gives_empty_figures() {
        let i = compute(&InsightRows::default(), Window::Month, now(), &none());
        assert_eq!(i.asks, 0);
        assert_eq!(i.match_rate(), None);
        assert_eq!(i.time_to_match, Spread::default());
        assert_eq!(i.ratings.mean(), None);
        assert_eq!(i.followup_rate(), None);
        assert_eq!(i.offers_per_ask(), None);
        assert_eq!(i.load.gini, None);
        assert!(i.gaps.is_empty() && i.declines.is_empty() && i.top_skills.is_empty());
    }

    /// Three asks in the window, two matched (one after a released session):
    /// 67%; times 1 h and 3 h → median 2 h, p90 3 h.
    #[test]
    fn match_rate_and_time_to_match() {
        let mut released = matched(2, "UM1", "2026-03-30T10:30:00Z");
        released.released_at = Some(at("2026-03-30T11:00:00Z"));
        let rows = InsightRows {
            asks: vec![
                ask(
                    1,
                    "UA",
                    "2026-03-30T09:00:00Z",
                    AskStatus::Matched,
                    &["rust"],
                ),
                ask(
                    2,
                    "UB",
                    "2026-03-30T10:00:00Z",
                    AskStatus::Matched,
                    &["rust"],
                ),
                ask(3, "UC", "2026-03-30T11:00:00Z", AskStatus::Open, &["go"]),
                // Before the window: not counted.
                ask(4, "UD", "2026-02-01T09:00:00Z", AskStatus::Done, &["rust"]),
            ],
            matches: vec![
                matched(1, "UM1", "2026-03-30T10:00:00Z"),
                released,
                matched(2, "UM2", "2026-03-30T13:00:00Z"),
                matched(4, "UM1", "2026-02-01T10:00:00Z"),
            ],
            mentors: vec![mentor("UM1", 2, &["rust"]), mentor("UM2", 2, &["rust"])],
            ..Default::default()
        };
        let i = compute(&rows, Window::Month, now(), &none());
        assert_eq!((i.asks, i.matched, i.match_rate()), (3, 2, Some(67)));
        assert_eq!(i.time_to_match.n, 2);
        assert_eq!(i.time_to_match.median, Some(Duration::hours(2)));
        assert_eq!(i.time_to_match.p90, Some(Duration::hours(3)));
        // Monday 30 March within 09:00–17:00 UTC: the same as the wall clock.
        assert_eq!(i.time_to_match_working.median, Some(Duration::hours(2)));
        assert_eq!(i.open_now, 1);
        assert_eq!(i.top_skills, [("rust".to_owned(), 2), ("go".to_owned(), 1)]);
    }

    #[test]
    fn working_hours_time_to_match_uses_the_matched_mentors_hours_and_zone() {
        // Friday 27 March 16:00 UTC → Monday 30 March 09:00 UTC, across the
        // weekend and the London DST change: 65 h wall clock.
        let rows = InsightRows {
            asks: vec![ask(
                1,
                "UA",
                "2026-03-27T16:00:00Z",
                AskStatus::Matched,
                &["rust"],
            )],
            matches: vec![matched(1, "ULON", "2026-03-30T09:00:00Z")],
            mentors: vec![MentorRow {
                state: MentorState {
                    tz: chrono_tz::Europe::London,
                    ..mentor("ULON", 2, &[]).state
                },
                ..mentor("ULON", 2, &["rust"])
            }],
            ..Default::default()
        };
        let i = compute(&rows, Window::Week, now(), &none());
        assert_eq!(i.time_to_match.median, Some(Duration::hours(65)));
        // Friday 16:00–17:00 GMT and Monday 09:00–10:00 BST.
        assert_eq!(i.time_to_match_working.median, Some(Duration::hours(2)));
        // A mentor without settings: wall clock only.
        let rows = InsightRows {
            mentors: vec![],
            ..rows
        };
        let i = compute(&rows, Window::Week, now(), &none());
        assert_eq!(i.time_to_match.n, 1);
        assert_eq!(i.time_to_match_working, Spread::default());
    }

    #[test]
    fn expired_done_ratings_and_followups() {
        let mut expired = ask(1, "UA", "2026-03-20T09:00:00Z", AskStatus::Expired, &["go"]);
        expired.closed_at = Some(at("2026-03-27T09:00:00Z"));
        // Expired before the window: not counted in a week.
        let mut old = ask(2, "UA", "2026-03-01T09:00:00Z", AskStatus::Expired, &["go"]);
        old.closed_at = Some(at("2026-03-08T09:00:00Z"));
        let mut done = matched(3, "UM1", "2026-03-25T09:00:00Z");
        done.done_at = Some(at("2026-03-26T09:00:00Z"));
        let mut unanswered = matched(4, "UM1", "2026-03-25T10:00:00Z");
        unanswered.followup_asked = true;
        let rows = InsightRows {
            asks: vec![
                expired,
                old,
                ask(3, "UB", "2026-03-25T08:00:00Z", AskStatus::Done, &["rust"]),
                ask(
                    4,
                    "UC",
                    "2026-03-25T08:00:00Z",
                    AskStatus::Matched,
                    &["rust"],
                ),
                ask(
                    5,
                    "UD",
                    "2026-03-25T08:00:00Z",
                    AskStatus::Matched,
                    &["rust"],
                ),
                ask(
                    6,
                    "UE",
                    "2026-03-25T08:00:00Z",
                    AskStatus::Matched,
                    &["rust"],
                ),
            ],
            matches: vec![
                done,
                unanswered,
                rated(
                    matched(5, "UM2", "2026-03-25T09:00:00Z"),
                    5,
                    "2026-03-27T09:00:00Z",
                ),
                rated(
                    matched(6, "UM2", "2026-03-25T09:00:00Z"),
                    2,
                    "2026-03-27T09:00:00Z",
                ),
            ],
            ..Default::default()
        };
        let i = compute(&rows, Window::Week, now(), &none());
        assert_eq!(i.expired_unmatched, 1);
        // Marked done (3) and "yes" answers (5, 6).
        assert_eq!(i.sessions_done, 3);
        assert_eq!(i.ratings.counts, [0, 1, 0, 0, 1]);
        assert_eq!(i.ratings.mean(), Some(3.5));
        // Asked: 4, 5, 6; answered: 5, 6.
        assert_eq!((i.followups_asked, i.followups_answered), (3, 2));
        assert_eq!(i.followup_rate(), Some(67));
    }

    #[test]
    fn mentor_load_gini_and_the_most_loaded() {
        let rows = InsightRows {
            matches: vec![
                matched(1, "UBUSY", "2026-03-25T09:00:00Z"),
                matched(2, "UBUSY", "2026-03-26T09:00:00Z"),
                matched(3, "UBUSY", "2026-03-27T09:00:00Z"),
                matched(4, "UBUSY", "2026-03-28T09:00:00Z"),
                // Out of the window, and a released one: not load.
                matched(5, "UIDLE", "2026-03-05T09:00:00Z"),
                MatchRow {
                    released_at: Some(at("2026-03-29T09:00:00Z")),
                    ..matched(6, "UIDLE", "2026-03-28T09:00:00Z")
                },
            ],
            mentors: vec![
                mentor("UBUSY", 2, &[]),
                mentor("UIDLE", 3, &[]),
                mentor("UQUIET", 1, &[]),
                // Not taking asks: not in the load.
                MentorRow {
                    state: MentorState {
                        opted_in: false,
                        ..mentor("UOFF", 5, &[]).state
                    },
                    ..mentor("UOFF", 5, &[])
                },
            ],
            ..Default::default()
        };
        let l = load(&rows, Window::Week, now());
        assert_eq!(l.mentors, 3);
        assert_eq!(l.accepted, 4);
        // A week: capacity 2 + 3 + 1.
        assert!((l.capacity - 6.0).abs() < 1e-9);
        // Gini of [4, 0, 0] = 2/3.
        assert!((l.gini.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(l.top.len(), 1);
        assert_eq!(l.top[0].user_id, "UBUSY");
        assert!((l.top[0].share() - 2.0).abs() < 1e-9);
        // Over 30 days UBUSY's capacity is 2 × 30/7.
        let l = load(&rows, Window::Month, now());
        assert!((l.top[0].capacity - 60.0 / 7.0).abs() < 1e-9);
        assert_eq!(l.accepted, 5);
    }

    #[test]
    fn the_most_loaded_are_at_most_five_by_share_of_capacity() {
        let mentors: Vec<MentorRow> = (1..=7).map(|i| mentor(&format!("UM{i}"), i, &[])).collect();
        // Everyone accepted 2: the smallest capacities are the most loaded.
        let matches: Vec<MatchRow> = (1..=7)
            .flat_map(|i| {
                let m = format!("UM{i}");
                [
                    matched(i64::from(i) * 10, &m, "2026-03-30T09:00:00Z"),
                    matched(i64::from(i) * 10 + 1, &m, "2026-03-30T10:00:00Z"),
                ]
            })
            .collect();
        let l = load(
            &InsightRows {
                matches,
                mentors,
                ..Default::default()
            },
            Window::Week,
            now(),
        );
        let top: Vec<&str> = l.top.iter().map(|t| t.user_id.as_str()).collect();
        assert_eq!(top, ["UM1", "UM2", "UM3", "UM4", "UM5"]);
        assert_eq!(l.gini, Some(0.0));
    }

    #[test]
    fn offers_per_ask_and_declines_in_aggregate() {
        let offer = |ask_id, status, reason: Option<&str>, answered: Option<&str>| OfferRow {
            ask_id,
            status,
            decline_reason: reason.map(str::to_owned),
            answered_at: answered.map(at),
        };
        let rows = InsightRows {
            asks: vec![
                ask(1, "UA", "2026-03-30T09:00:00Z", AskStatus::Open, &["go"]),
                ask(2, "UB", "2026-03-30T09:00:00Z", AskStatus::Open, &["go"]),
            ],
            offers: vec![
                offer(
                    1,
                    OfferStatus::Declined,
                    Some("not_my_area"),
                    Some("2026-03-30T10:00:00Z"),
                ),
                offer(
                    1,
                    OfferStatus::Declined,
                    Some("not_my_area"),
                    Some("2026-03-30T10:00:00Z"),
                ),
                offer(
                    1,
                    OfferStatus::Declined,
                    Some("other"),
                    Some("2026-03-30T10:00:00Z"),
                ),
                offer(
                    2,
                    OfferStatus::Declined,
                    Some("at_capacity"),
                    Some("2026-03-30T10:00:00Z"),
                ),
                offer(2, OfferStatus::Pending, None, None),
                // An older ask's decline answered in the window counts; its offer is not "per ask".
                offer(
                    99,
                    OfferStatus::Declined,
                    Some("something new"),
                    Some("2026-03-29T10:00:00Z"),
                ),
                // Answered long ago.
                offer(
                    98,
                    OfferStatus::Declined,
                    Some("no_time"),
                    Some("2026-01-01T10:00:00Z"),
                ),
            ],
            ..Default::default()
        };
        let i = compute(&rows, Window::Week, now(), &none());
        assert_eq!(i.offers, 5);
        assert_eq!(i.offers_per_ask(), Some(2.5));
        assert_eq!(
            i.declines,
            vec![
                (DeclineKind::NotMyArea, 2),
                (DeclineKind::Other, 2),
                (DeclineKind::AtCapacity, 1),
            ]
        );
    }

    #[test]
    fn skill_gaps_count_waiting_expired_unmet_and_mentors_by_state() {
        let mut expired = ask(
            2,
            "UB",
            "2026-03-20T09:00:00Z",
            AskStatus::Expired,
            &["k8s"],
        );
        expired.closed_at = Some(at("2026-03-27T09:00:00Z"));
        let mut paused = mentor("UP", 2, &["k8s"]);
        paused.state.paused_until = Some(now() + Duration::days(1));
        let mut full = mentor("UF", 1, &["k8s"]);
        full.state.accepted_this_week = 1;
        let rows = InsightRows {
            asks: vec![
                ask(
                    1,
                    "UA",
                    "2026-03-30T09:00:00Z",
                    AskStatus::Open,
                    &["k8s", "rust"],
                ),
                expired,
                ask(3, "UC", "2026-03-30T09:00:00Z", AskStatus::Open, &["rust"]),
                ask(4, "UD", "2026-03-30T09:00:00Z", AskStatus::Matched, &["go"]),
            ],
            matches: vec![matched(4, "UR", "2026-03-30T10:00:00Z")],
            mentors: vec![mentor("UR", 2, &["rust", "go"]), paused, full],
            unmet: vec![(slug("k8s"), 1), (slug("k8s"), 2), (slug("k8s"), 2)],
            labels: [(slug("k8s"), "Kubernetes".to_owned())].into(),
            ..Default::default()
        };
        let gaps = skill_gaps(&rows, Window::Week, now(), &none());
        assert_eq!(gaps.len(), 2, "{gaps:?}");
        let k8s = &gaps[0];
        assert_eq!(k8s.label, "Kubernetes");
        assert_eq!(
            (k8s.waiting, k8s.expired, k8s.unmet),
            (1, 1, 2),
            "unmet counts asks once"
        );
        assert_eq!((k8s.available, k8s.paused, k8s.at_capacity), (0, 1, 1));
        let rust = &gaps[1];
        assert_eq!(
            (rust.label.as_str(), rust.waiting, rust.expired),
            ("rust", 2, 0)
        );
        assert_eq!((rust.available, rust.paused, rust.at_capacity), (1, 0, 0));
    }

    #[test]
    fn who_to_recruit_got_well_rated_help_twice_and_does_not_mentor_it() {
        let rows = InsightRows {
            asks: vec![
                // Ask waiting makes k8s a gap.
                ask(1, "UX", "2026-03-30T09:00:00Z", AskStatus::Open, &["k8s"]),
                ask(
                    2,
                    "ULEARNER",
                    "2026-03-20T09:00:00Z",
                    AskStatus::Done,
                    &["k8s"],
                ),
                ask(
                    3,
                    "ULEARNER",
                    "2026-03-21T09:00:00Z",
                    AskStatus::Done,
                    &["k8s"],
                ),
                ask(
                    4,
                    "UONCE",
                    "2026-03-21T09:00:00Z",
                    AskStatus::Done,
                    &["k8s"],
                ),
                ask(5, "ULOW", "2026-03-21T09:00:00Z", AskStatus::Done, &["k8s"]),
                ask(6, "ULOW", "2026-03-21T09:00:00Z", AskStatus::Done, &["k8s"]),
                ask(
                    7,
                    "UMENTOR",
                    "2026-03-21T09:00:00Z",
                    AskStatus::Done,
                    &["k8s"],
                ),
                ask(
                    8,
                    "UMENTOR",
                    "2026-03-21T09:00:00Z",
                    AskStatus::Done,
                    &["k8s"],
                ),
            ],
            matches: vec![
                rated(
                    matched(2, "UM", "2026-03-20T10:00:00Z"),
                    4,
                    "2026-03-25T09:00:00Z",
                ),
                rated(
                    matched(3, "UM", "2026-03-21T10:00:00Z"),
                    5,
                    "2026-03-25T09:00:00Z",
                ),
                rated(
                    matched(4, "UM", "2026-03-21T10:00:00Z"),
                    5,
                    "2026-03-25T09:00:00Z",
                ),
                rated(
                    matched(5, "UM", "2026-03-21T10:00:00Z"),
                    3,
                    "2026-03-25T09:00:00Z",
                ),
                rated(
                    matched(6, "UM", "2026-03-21T10:00:00Z"),
                    5,
                    "2026-03-25T09:00:00Z",
                ),
                rated(
                    matched(7, "UM", "2026-03-21T10:00:00Z"),
                    5,
                    "2026-03-25T09:00:00Z",
                ),
                rated(
                    matched(8, "UM", "2026-03-21T10:00:00Z"),
                    5,
                    "2026-03-25T09:00:00Z",
                ),
            ],
            mentors: vec![mentor("UMENTOR", 2, &["k8s"])],
            ..Default::default()
        };
        let related: RelatedMentors = [(
            slug("k8s"),
            vec!["UDOCKER".to_owned(), "UMENTOR".to_owned()],
        )]
        .into();
        let gaps = skill_gaps(&rows, Window::Week, now(), &related);
        assert_eq!(gaps[0].recruit, ["ULEARNER"]);
        // Mentors of related skills, minus those who already mentor it.
        assert_eq!(gaps[0].related_mentors, ["UDOCKER"]);
        // A window that ends before the ratings (25 March) names nobody.
        let gaps = skill_gaps(&rows, Window::Week, at("2026-03-24T12:00:00Z"), &none());
        assert!(gaps.iter().all(|g| g.recruit.is_empty()));
    }
}
