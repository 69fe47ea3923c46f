//! Who gets offered an ask: the candidates that may take it, best first.

use chrono::{DateTime, Utc};
use std::cmp::Ordering;
use std::collections::HashSet;

use super::acceptance::{fan_out, likelier_first, Answers};
use super::availability::{availability, Availability, MentorState};
use super::skills::SkillSlug;

/// A mentor who has at least one of the ask's skills, as the store found them.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub user_id: String,
    /// The ask's skills this mentor has.
    pub overlap: Vec<SkillSlug>,
    pub state: MentorState,
    /// When they were last offered any ask; rotation prefers the longest ago.
    pub last_offered_at: Option<DateTime<Utc>>,
    /// Hold offers until their working hours (the default); off means "message me any time".
    pub quiet_hours: bool,
    /// "No time now" on an offer keeps them out of new offers until this instant
    /// (the start of their next local day, see [`rest_until`](super::availability::rest_until)).
    pub resting_until: Option<DateTime<Utc>>,
    /// They said "not my area" to an ask with one of these skills within
    /// [`NOT_MY_AREA_DAYS`]: they rank after everyone with the same overlap who did not.
    pub not_my_area: bool,
    /// They had a session with this asker within the workspace's pair-rotation
    /// window (`PAIR_ROTATION_WEEKS`): others with the same overlap come first.
    pub recent_pair: bool,
    /// The asker or the mentor keeps the other on their private "don't match me
    /// with" list: never offered, and not counted for the ask's gaps.
    pub excluded: bool,
    /// "Offer me asks even when my Slack status says I'm away".
    pub ignore_status: bool,
    /// Their answers to earlier offers of the ask's skills they have, summed
    /// (`core::acceptance`): likelier to say yes ranks first among equals.
    pub answers: Answers,
    /// Offers of other asks waiting for their answer: they count toward load,
    /// so one person is not sent every ask of a quiet morning.
    pub pending_offers: u32,
}

/// How long a "not my area" lowers a mentor's rank for the ask's skills.
pub const NOT_MY_AREA_DAYS: i64 = 30;

impl Candidate {
    fn resting(&self, now: DateTime<Utc>) -> bool {
        self.resting_until.is_some_and(|t| t > now)
    }
}

/// What routing knows about the ask.
#[derive(Debug, Clone)]
pub struct AskForRouting<'a> {
    pub asker_id: &'a str,
    /// Everyone this ask was already offered to, whatever they answered.
    pub already_offered: &'a HashSet<String>,
    /// "Ask <mentor> first", chosen in the ask form.
    pub first: Option<&'a str>,
}

/// The outcome of one routing pass.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Routing {
    /// Offer now, best first.
    pub offer: Vec<String>,
    /// Willing and with room but off work now: offer when their day starts.
    pub waiting: Vec<(String, DateTime<Utc>)>,
    /// The asker's chosen mentor gets this ask alone first (in `offer`, or in
    /// `waiting` until their day starts); others only when they decline or the
    /// net widens.
    pub first_alone: bool,
}

/// Ranks candidates and picks up to `slots`:
/// more overlapping skills first; then those who did not recently say "not my
/// area" to these skills; then those who have not helped this asker within the
/// pair-rotation window (so a few people don't end up doing all the work); then
/// lower load — (accepted this week + offers of other asks pending) relative to
/// capacity; then likelier to say yes to the ask's skills
/// (`core::acceptance`, learned from their answers, even odds for a newcomer);
/// then least recently offered (never offered first); then user id, so the
/// result is deterministic.
/// Never the asker, never anyone already offered this ask, never a pair either
/// side excluded, never anyone paused, opted out, at capacity or resting after
/// "no time now".
///
/// "Ask <mentor> first": on the ask's first pass (nobody offered yet), when the
/// chosen mentor may take it, the ask goes to them alone — now, or held for
/// their working hours — whatever their skills; otherwise routing is as usual.
pub fn route(
    candidates: &[Candidate],
    ask: &AskForRouting<'_>,
    now: DateTime<Utc>,
    slots: usize,
) -> Routing {
    let mut eligible: Vec<(&Candidate, Availability)> = candidates
        .iter()
        .filter(|c| c.user_id != ask.asker_id && !ask.already_offered.contains(&c.user_id))
        .filter(|c| !c.excluded && !c.resting(now))
        .filter(|c| !c.overlap.is_empty() || ask.first == Some(c.user_id.as_str()))
        .map(|c| (c, availability(&c.state, now)))
        .filter(|(_, a)| {
            matches!(
                a,
                Availability::Available | Availability::OutsideHours { .. }
            )
        })
        .collect();
    eligible.sort_by(|(a, _), (b, _)| rank(a, b));

    if ask.already_offered.is_empty() {
        if let Some(first) = ask.first {
            if let Some((c, a)) = eligible.iter().find(|(c, _)| c.user_id == first) {
                let mut routing = Routing {
                    first_alone: true,
                    ..Routing::default()
                };
                match a {
                    Availability::OutsideHours { next_window } if c.quiet_hours => {
                        routing.waiting.push((c.user_id.clone(), *next_window))
                    }
                    _ => routing.offer.push(c.user_id.clone()),
                }
                return routing;
            }
        }
    }
    // Without a shared skill, only the asker's own choice is offered.
    eligible.retain(|(c, _)| !c.overlap.is_empty());

    let mut routing = Routing::default();
    for (c, a) in eligible {
        match a {
            // Quiet hours off means "message me any time".
            Availability::OutsideHours { next_window } if c.quiet_hours => {
                routing.waiting.push((c.user_id.clone(), next_window))
            }
            _ if routing.offer.len() < slots => routing.offer.push(c.user_id.clone()),
            _ => {}
        }
    }
    routing
}

/// The skills whose mentors the reminder's widening pass may add: the related
/// skills (`relations` as (skill, related skill) pairs) of any of the ask's
/// skills, never one of the ask's own, each once.
pub fn related_to_ask(
    ask_skills: &[SkillSlug],
    relations: &[(SkillSlug, SkillSlug)],
) -> Vec<SkillSlug> {
    let mut out: Vec<SkillSlug> = Vec::new();
    for (skill, related) in relations {
        if ask_skills.contains(skill) && !ask_skills.contains(related) && !out.contains(related) {
            out.push(related.clone());
        }
    }
    out
}

/// The reminder's widening pass (`Rung::NudgeAndWiden`), the only pass where
/// mentors of *related* skills (`core::skill_curation`) are asked. It ranks
/// the ask's own candidates as [`route`] does, then appends the mentors who only
/// have related skills (`related`: candidates found by the related skills, so
/// their `overlap` lists those), ranked among themselves the same way:
///
/// - `offer`: own-skill mentors who can take it now, *then* related-skill ones;
/// - `waiting`: own-skill mentors off work, then related-skill ones.
///
/// The flow fills the pass's slots in that order — from `offer`, then holding
/// from `waiting` — so a related-skill mentor is asked only when no mentor with
/// the ask's skills can be offered now, and is held for their morning only for
/// slots no own-skill mentor can be held for. Everything else is as in
/// [`route`] (never the asker, anyone already offered, an excluded pair, anyone
/// paused, full or resting); when the asker's first choice still gets the ask
/// alone, nobody else is added. The first pass and the top-ups after declines
/// call [`route`] and reach related skills only once the reminder has widened
/// the net ([`reaches_related`]).
pub fn widen(
    own: &[Candidate],
    related: &[Candidate],
    ask: &AskForRouting<'_>,
    now: DateTime<Utc>,
) -> Routing {
    let mut routing = route(own, ask, now, own.len());
    if routing.first_alone {
        return routing;
    }
    let with_own_skill: HashSet<&str> = own
        .iter()
        .filter(|c| !c.overlap.is_empty())
        .map(|c| c.user_id.as_str())
        .collect();
    let others: Vec<Candidate> = related
        .iter()
        .filter(|c| !with_own_skill.contains(c.user_id.as_str()))
        .cloned()
        .collect();
    let plain = AskForRouting {
        first: None,
        ..ask.clone()
    };
    let more = route(&others, &plain, now, others.len());
    routing.offer.extend(more.offer);
    routing.waiting.extend(more.waiting);
    routing
}

/// Whether a routing pass also reaches mentors of related skills (through
/// [`widen`]): the widening pass itself, and every top-up once the ask's
/// reminder has widened the net (`widened_at`, the ladder's
/// `Rung::NudgeAndWiden`) — so a decline from a related-skill mentor, or from
/// the last mentor with the ask's own skills, brings in the next related one
/// instead of nobody until the ask expires.
pub fn reaches_related(
    widening: bool,
    widened_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    widening || widened_at.is_some_and(|at| now >= at)
}

/// How many new offers one routing pass makes: enough to keep `per_ask` offers
/// pending, or `widen` more on top of the pending ones when the net widens.
pub fn slots_to_fill(per_ask: usize, pending: usize, widen: Option<usize>) -> usize {
    widen.unwrap_or_else(|| per_ask.saturating_sub(pending))
}

/// How many of the pass's candidates (`ranked`: their answers, in the order the
/// pass offers them) to offer: [`fan_out`] within the room [`slots_to_fill`]
/// leaves. A widening pass (the reminder, "Widen now") does not count on the
/// offers still pending — nobody answered them in time — so it may offer its
/// full `widen`; a top-up counts them, so an ask with a likely yes pending
/// waits for it instead of pinging more people.
pub fn offers_to_make(
    per_ask: usize,
    pending: &[Answers],
    widen: Option<usize>,
    ranked: &[Answers],
) -> usize {
    let room = slots_to_fill(per_ask, pending.len(), widen);
    let counted_on = if widen.is_some() { &[][..] } else { pending };
    fan_out(counted_on, ranked, room)
}

/// A held offer is delivered only to someone not offered it yet, and only while
/// fewer than `per_ask` offers are pending.
pub fn may_deliver_held(already_offered: bool, pending: usize, per_ask: usize) -> bool {
    !already_offered && pending < per_ask
}

/// Someone who said "no time now" to this very ask, and whether it was already
/// put to them a second time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaidNoTime {
    pub mentor_id: String,
    pub asked_again: bool,
}

/// "No time now" means "not today", not "no": once an ask has no offer pending
/// and a pass found nobody new to offer, it goes once more to those who said it
/// to this very ask. Returns the "already offered" set for that second try —
/// everyone offered, less those who may be asked again — or `None` when it is
/// not time for one (an offer is pending, or nobody is left to ask again).
/// [`route`] over that set still applies every other rule: their rest after
/// the answer (`resting_until`) must be over, they must be in working hours,
/// with room this week and not paused. Each mentor is asked again at most once,
/// so an ask never goes to the same person a third time; with more mentors to
/// go round, a "no time" is simply passed on and nobody is asked again.
pub fn ask_again(
    already_offered: &HashSet<String>,
    said_no_time: &[SaidNoTime],
    pending: usize,
) -> Option<HashSet<String>> {
    if pending > 0 {
        return None;
    }
    let again: HashSet<&str> = said_no_time
        .iter()
        .filter(|s| !s.asked_again)
        .map(|s| s.mentor_id.as_str())
        .collect();
    if again.is_empty() {
        return None;
    }
    Some(
        already_offered
            .iter()
            .filter(|m| !again.contains(m.as_str()))
            .cloned()
            .collect(),
    )
}

/// When to try [`ask_again`] next if a pass over those who may be asked again
/// (`decision`, from [`route`] over their `rows`) could ask nobody: the first of
/// their working days to start, or the first rest to end. `None`: nothing to wait
/// for (paused, at capacity or gone — a later decline or pass tries again).
pub fn ask_again_at(
    decision: &Routing,
    rows: &[Candidate],
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    decision
        .waiting
        .iter()
        .map(|(_, at)| *at)
        .chain(
            rows.iter()
                .filter_map(|c| c.resting_until.filter(|t| *t > now)),
        )
        .min()
}

/// Why nobody can be offered an ask's skill right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// No opted-in mentor (but the asker) has the skill.
    NoMentor,
    /// Mentors have it, but every one is paused or at their weekly capacity.
    AllBusy,
    /// Mentors with room have it, but all are off work; the earliest is back then.
    OffHours { back_at: DateTime<Utc> },
}

impl Gap {
    /// Unmet demand the organisation should see. Off-hours is not a gap: those
    /// mentors get the offer when their day starts.
    pub fn is_unmet(self) -> bool {
        !matches!(self, Gap::OffHours { .. })
    }
}

/// For each of the ask's skills nobody available right now has, why.
pub fn skill_gaps(
    skills: &[SkillSlug],
    candidates: &[Candidate],
    asker_id: &str,
    now: DateTime<Utc>,
) -> Vec<(SkillSlug, Gap)> {
    skills
        .iter()
        .filter_map(|skill| {
            let states: Vec<Availability> = candidates
                .iter()
                .filter(|c| c.user_id != asker_id && !c.excluded && c.overlap.contains(skill))
                // Resting after "no time now" counts as busy.
                .map(|c| match c.resting(now) {
                    true => Availability::AtCapacity,
                    false => availability(&c.state, now),
                })
                .collect();
            if states.iter().any(Availability::is_available) {
                return None;
            }
            let back_at = states
                .iter()
                .filter_map(|a| match a {
                    Availability::OutsideHours { next_window } => Some(*next_window),
                    _ => None,
                })
                .min();
            let gap = match (states.is_empty(), back_at) {
                (true, _) => Gap::NoMentor,
                (false, Some(back_at)) => Gap::OffHours { back_at },
                (false, None) => Gap::AllBusy,
            };
            Some((skill.clone(), gap))
        })
        .collect()
}

/// The order [`route`] ranks candidates in (see its doc comment), as a
/// comparison. `store::mentors::ranked` pre-ranks in SQL with the same keys so
/// routing reads a page instead of everyone: change both together.
pub fn rank(a: &Candidate, b: &Candidate) -> Ordering {
    b.overlap
        .len()
        .cmp(&a.overlap.len())
        .then_with(|| a.not_my_area.cmp(&b.not_my_area))
        .then_with(|| a.recent_pair.cmp(&b.recent_pair))
        .then_with(|| load_cmp(a, b))
        .then_with(|| likelier_first(a.answers, b.answers))
        .then_with(|| match (a.last_offered_at, b.last_offered_at) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => x.cmp(&y),
        })
        .then_with(|| a.user_id.cmp(&b.user_id))
}

/// (accepted this week + offers pending) / capacity, compared exactly, without floats.
fn load_cmp(a: &Candidate, b: &Candidate) -> Ordering {
    let load = |c: &Candidate| u64::from(c.state.accepted_this_week) + u64::from(c.pending_offers);
    let left = load(a) * u64::from(b.state.capacity.max(1));
    let right = load(b) * u64::from(a.state.capacity.max(1));
    left.cmp(&right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::working_hours::WorkingHours;

    fn now() -> DateTime<Utc> {
        "2026-03-02T10:00:00Z".parse().unwrap() // Monday, in London working hours
    }

    fn slug(s: &str) -> SkillSlug {
        SkillSlug::parse(s).unwrap()
    }

    fn cand(id: &str, skills: &[&str]) -> Candidate {
        Candidate {
            user_id: id.into(),
            overlap: skills.iter().map(|s| slug(s)).collect(),
            state: MentorState {
                opted_in: true,
                paused_until: None,
                tz: chrono_tz::Europe::London,
                hours: WorkingHours::ALWAYS,
                capacity: 2,
                accepted_this_week: 0,
            },
            last_offered_at: None,
            quiet_hours: true,
            resting_until: None,
            not_my_area: false,
            recent_pair: false,
            excluded: false,
            ignore_status: false,
            answers: Answers::default(),
            pending_offers: 0,
        }
    }

    fn ask<'a>(offered: &'a HashSet<String>) -> AskForRouting<'a> {
        AskForRouting {
            asker_id: "ASKER",
            already_offered: offered,
            first: None,
        }
    }

    #[test]
    fn who_helped_this_asker_recently_comes_after_others_with_the_same_overlap() {
        let none = HashSet::new();
        let mut again = cand("AGAIN", &["rust"]);
        again.recent_pair = true;
        // AGAIN would come first by id; the rotation puts the other first.
        let r = route(
            &[again.clone(), cand("BOB", &["rust"])],
            &ask(&none),
            now(),
            2,
        );
        assert_eq!(r.offer, ["BOB", "AGAIN"]);
        // Still offered when nobody else can: rotation ranks, it never excludes.
        assert_eq!(
            route(&[again.clone()], &ask(&none), now(), 1).offer,
            ["AGAIN"]
        );
        // More overlap beats rotation.
        let mut both = again;
        both.overlap.push(slug("sql"));
        let r = route(&[cand("BOB", &["rust"]), both], &ask(&none), now(), 1);
        assert_eq!(r.offer, ["AGAIN"]);
    }

    #[test]
    fn excluded_pairs_are_never_offered_nor_counted_as_mentors_for_gaps() {
        let none = HashSet::new();
        let mut shunned = cand("SHUNNED", &["rust"]);
        shunned.excluded = true;
        let r = route(
            &[shunned.clone(), cand("OK", &["rust"])],
            &ask(&none),
            now(),
            3,
        );
        assert_eq!(r.offer, ["OK"]);
        assert!(route(&[shunned.clone()], &ask(&none), now(), 3)
            .offer
            .is_empty());
        assert_eq!(
            skill_gaps(&[slug("rust")], &[shunned], "ASKER", now()),
            [(slug("rust"), Gap::NoMentor)]
        );
    }

    #[test]
    fn the_askers_first_choice_gets_the_ask_alone_on_the_first_pass() {
        let none = HashSet::new();
        let cands = vec![
            cand("A", &["rust"]),
            cand("B", &["rust"]),
            cand("PICK", &[]),
        ];
        let first = AskForRouting {
            first: Some("PICK"),
            ..ask(&none)
        };
        // Chosen without the skill: still theirs first, alone.
        let r = route(&cands, &first, now(), 3);
        assert_eq!(
            (r.offer.as_slice(), r.first_alone),
            (&["PICK".to_string()][..], true)
        );
        // Once anyone was offered (they declined, the net widened), routing is as usual
        // and someone without the skill is not offered.
        let offered: HashSet<String> = ["PICK".to_string()].into();
        let again = AskForRouting {
            first: Some("PICK"),
            ..ask(&offered)
        };
        let r = route(&cands, &again, now(), 3);
        assert_eq!(
            (r.offer, r.first_alone),
            (vec!["A".to_string(), "B".into()], false)
        );
        // A chosen mentor who cannot take it (paused) does not hold the ask up.
        let mut paused = cand("PICK", &["rust"]);
        paused.state.paused_until = Some(now() + chrono::Duration::days(1));
        let r = route(&[cand("A", &["rust"]), paused], &first, now(), 3);
        assert_eq!((r.offer, r.first_alone), (vec!["A".to_string()], false));
        // Off work with quiet hours: held for their morning, nobody else offered now.
        let mut ny = cand("PICK", &["rust"]);
        ny.state.tz = chrono_tz::America::New_York;
        ny.state.hours = "Mon-Fri 09:00-17:00".parse().unwrap();
        let r = route(&[cand("A", &["rust"]), ny], &first, now(), 3);
        assert!(r.offer.is_empty() && r.first_alone);
        assert_eq!(r.waiting.len(), 1);
        // Never the asker themselves, never an excluded pair.
        let mut shunned = cand("PICK", &["rust"]);
        shunned.excluded = true;
        let r = route(&[cand("A", &["rust"]), shunned], &first, now(), 3);
        assert_eq!((r.offer, r.first_alone), (vec!["A".to_string()], false));
    }

    #[test]
    fn more_overlap_then_lower_load_then_rotation_then_id() {
        let none = HashSet::new();
        let mut busy = cand("BUSY", &["rust"]);
        busy.state.accepted_this_week = 1; // 1/2
        let mut roomy = cand("ROOMY", &["rust"]);
        roomy.state.capacity = 10;
        roomy.state.accepted_this_week = 1; // 1/10
        let mut recent = cand("RECENT", &["rust"]);
        recent.last_offered_at = Some(now());
        let mut older = cand("OLDER", &["rust"]);
        older.last_offered_at = Some(now() - chrono::Duration::days(3));
        let cands = vec![
            busy,
            recent,
            cand("BOTH", &["rust", "sql"]),
            roomy,
            older,
            cand("ZED", &["rust"]),
            cand("ALF", &["rust"]),
        ];
        let r = route(&cands, &ask(&none), now(), 10);
        assert_eq!(
            r.offer,
            ["BOTH", "ALF", "ZED", "OLDER", "RECENT", "ROOMY", "BUSY"]
        );
        assert_eq!(
            route(&cands, &ask(&none), now(), 3).offer,
            ["BOTH", "ALF", "ZED"]
        );
    }

    #[test]
    fn never_the_asker_the_already_offered_or_the_unavailable() {
        let offered: HashSet<String> = ["DECLINED".to_string()].into();
        let mut paused = cand("PAUSED", &["rust"]);
        paused.state.paused_until = Some(now() + chrono::Duration::days(1));
        let mut full = cand("FULL", &["rust"]);
        full.state.accepted_this_week = 2;
        let mut out = cand("OUT", &["rust"]);
        out.state.opted_in = false;
        let cands = vec![
            cand("ASKER", &["rust"]),
            cand("DECLINED", &["rust"]),
            paused,
            full,
            out,
            cand("OK", &["rust"]),
            cand("NOSKILL", &[]),
        ];
        let r = route(&cands, &ask(&offered), now(), 5);
        assert_eq!(r.offer, ["OK"]);
        assert!(r.waiting.is_empty());
    }

    #[test]
    fn gaps_tell_no_mentor_from_all_busy_from_off_hours() {
        let mut paused = cand("P", &["go"]);
        paused.state.paused_until = Some(now() + chrono::Duration::days(1));
        let mut full = cand("F", &["go"]);
        full.state.accepted_this_week = 2;
        let mut ny = cand("NY", &["elixir"]);
        ny.state.tz = chrono_tz::America::New_York;
        ny.state.hours = "Mon-Fri 09:00-17:00".parse().unwrap(); // 05:00 there
        let cands = vec![
            cand("A", &["rust"]),
            paused,
            full,
            ny,
            cand("ASKER", &["sql"]),
        ];
        let skills = [slug("rust"), slug("go"), slug("sql"), slug("elixir")];
        let gaps = skill_gaps(&skills, &cands, "ASKER", now());
        let back_at = "2026-03-02T14:00:00Z".parse().unwrap();
        assert_eq!(
            gaps,
            [
                (slug("go"), Gap::AllBusy),
                (slug("sql"), Gap::NoMentor),
                (slug("elixir"), Gap::OffHours { back_at }),
            ]
        );
        let unmet: Vec<_> = gaps.iter().filter(|(_, g)| g.is_unmet()).collect();
        assert_eq!(unmet.len(), 2, "mentors off work are not a gap");
    }

    #[test]
    fn no_time_now_rests_a_mentor_and_not_my_area_ranks_them_later() {
        let none = HashSet::new();
        let mut tired = cand("A", &["rust"]);
        tired.resting_until = Some(now() + chrono::Duration::hours(3));
        let mut elsewhere = cand("B", &["rust"]);
        elsewhere.not_my_area = true;
        let cands = vec![tired.clone(), elsewhere, cand("C", &["rust"])];
        // A rests; B said "not my area", so C (otherwise after B by id) comes first.
        assert_eq!(route(&cands, &ask(&none), now(), 3).offer, ["C", "B"]);
        // Resting ends with the day it was said on.
        let later = now() + chrono::Duration::hours(4);
        assert!(route(&[tired.clone()], &ask(&none), later, 1).offer == ["A"]);
        // A resting mentor is a busy one for the organisation's gaps.
        assert_eq!(
            skill_gaps(&[slug("rust")], &[tired], "ASKER", now()),
            [(slug("rust"), Gap::AllBusy)]
        );
        // More overlap still comes first.
        let mut both = cand("D", &["rust", "sql"]);
        both.not_my_area = true;
        let r = route(&[cand("C", &["rust"]), both], &ask(&none), now(), 2);
        assert_eq!(r.offer, ["D", "C"]);
    }

    #[test]
    fn no_time_now_is_asked_again_once_when_nobody_else_is_left() {
        let offered: HashSet<String> = ["A", "B", "C"].map(String::from).into();
        let said = |id: &str, asked_again| SaidNoTime {
            mentor_id: id.into(),
            asked_again,
        };
        // A said "no time", B was asked again already, C said something else.
        let no_time = [said("A", false), said("B", true)];
        let again = ask_again(&offered, &no_time, 0).expect("A may be asked again");
        assert_eq!(again, ["B", "C"].map(String::from).into());
        // Not while an offer is pending, nor when everyone was asked again.
        assert_eq!(ask_again(&offered, &no_time, 1), None);
        assert_eq!(ask_again(&offered, &[said("B", true)], 0), None);
        assert_eq!(ask_again(&offered, &[], 0), None);
        // `route` over that set still keeps A out while A rests.
        let mut tired = cand("A", &["rust"]);
        tired.resting_until = Some(now() + chrono::Duration::hours(3));
        assert!(route(&[tired.clone()], &ask(&again), now(), 1)
            .offer
            .is_empty());
        let tomorrow = now() + chrono::Duration::hours(4);
        assert_eq!(
            route(&[tired.clone()], &ask(&again), tomorrow, 1).offer,
            ["A"]
        );
        // Nobody could be asked now: try again when the rest ends…
        let rows = [tired.clone()];
        let nobody = route(&rows, &ask(&again), now(), 1);
        assert_eq!(ask_again_at(&nobody, &rows, now()), tired.resting_until);
        // …or when the first working day starts; with neither, nothing to wait for.
        let mut ny = cand("NY", &["rust"]);
        ny.state.tz = chrono_tz::America::New_York;
        ny.state.hours = "Mon-Fri 09:00-17:00".parse().unwrap();
        let rows = [ny];
        let off = route(&rows, &ask(&HashSet::new()), now(), 1);
        assert_eq!(
            ask_again_at(&off, &rows, now()),
            Some("2026-03-02T14:00:00Z".parse().unwrap())
        );
        assert_eq!(ask_again_at(&Routing::default(), &[], now()), None);
    }

    #[test]
    fn mentors_off_work_wait_for_their_window() {
        let none = HashSet::new();
        let mut ny = cand("NY", &["rust"]);
        ny.state.tz = chrono_tz::America::New_York;
        ny.state.hours = "Mon-Fri 09:00-17:00".parse().unwrap(); // 05:00 in New York
        let r = route(&[ny.clone()], &ask(&none), now(), 3);
        assert!(r.offer.is_empty());
        assert_eq!(
            r.waiting,
            [("NY".to_string(), "2026-03-02T14:00:00Z".parse().unwrap())]
        );
        // With quiet hours off, the offer goes now.
        ny.quiet_hours = false;
        let r = route(&[ny], &ask(&none), now(), 3);
        assert_eq!((r.offer, r.waiting), (vec!["NY".to_string()], vec![]));
    }

    #[test]
    fn related_skills_are_reached_when_widening_and_by_every_pass_after_the_reminder() {
        let reminder = now() + chrono::Duration::hours(4);
        assert!(reaches_related(true, Some(reminder), now()));
        assert!(!reaches_related(false, Some(reminder), now()));
        assert!(reaches_related(false, Some(reminder), reminder));
        // An ask whose ladder has no reminder (needed within the hour) widens only when asked.
        assert!(!reaches_related(false, None, reminder));
    }

    #[test]
    fn a_top_up_counts_on_pending_offers_and_widening_does_not() {
        let keen = Answers { yes: 6, no: 0 }; // 7/8
        let unknown = Answers::default();
        // Nothing learned yet: all three slots, as before learning.
        assert_eq!(offers_to_make(3, &[], None, &[unknown; 5]), 3);
        // A keen mentor at the top: they alone.
        assert_eq!(offers_to_make(3, &[], None, &[keen, unknown, unknown]), 1);
        // A top-up after a decline while a keen one is pending: nobody more.
        assert_eq!(offers_to_make(3, &[keen], None, &[unknown, unknown]), 0);
        // Widening does not wait for the pending ones.
        assert_eq!(offers_to_make(3, &[keen], Some(3), &[unknown; 4]), 3);
        // Never more than the slots left.
        assert_eq!(
            offers_to_make(3, &[unknown, unknown], None, &[unknown; 4]),
            1
        );
    }

    #[test]
    fn pending_offers_count_toward_load_and_likelier_breaks_ties_of_load() {
        let none = HashSet::new();
        let mut waiting = cand("A", &["rust"]);
        waiting.pending_offers = 1; // 1/2, like one accepted
        let mut declines = cand("B", &["rust"]);
        declines.answers = Answers { yes: 0, no: 5 };
        let mut says_yes = cand("C", &["rust"]);
        says_yes.answers = Answers { yes: 3, no: 1 };
        let r = route(
            &[waiting, declines, says_yes, cand("D", &["rust"])],
            &ask(&none),
            now(),
            4,
        );
        assert_eq!(r.offer, ["C", "D", "B", "A"]);
        // Load still comes first: someone who declines but has room beats a
        // keen one who has accepted this week.
        let mut keen_busy = cand("KEEN", &["rust"]);
        keen_busy.answers = Answers { yes: 9, no: 0 };
        keen_busy.state.accepted_this_week = 1;
        let mut reluctant = cand("RELUCTANT", &["rust"]);
        reluctant.answers = Answers { yes: 0, no: 9 };
        let r = route(&[keen_busy, reluctant], &ask(&none), now(), 2);
        assert_eq!(r.offer, ["RELUCTANT", "KEEN"]);
    }

    #[test]
    fn related_skills_are_those_of_the_asks_skills_minus_its_own() {
        let rel = |a: &str, b: &str| (slug(a), slug(b));
        let relations = vec![
            rel("javascript", "typescript"),
            rel("javascript", "sql"),
            rel("rust", "go"),
            rel("sql", "javascript"),
            rel("css", "html"),
        ];
        assert_eq!(
            related_to_ask(&[slug("javascript"), slug("sql"), slug("rust")], &relations),
            [slug("typescript"), slug("go")]
        );
        assert!(related_to_ask(&[slug("python")], &relations).is_empty());
    }

    #[test]
    fn widening_asks_related_skills_only_after_the_asks_own_skills() {
        let none = HashSet::new();
        let related = vec![cand("TS1", &["typescript"]), cand("TS2", &["typescript"])];
        // Own-skill mentors who can take it now come first, related ones after.
        let r = widen(&[cand("JS", &["javascript"])], &related, &ask(&none), now());
        assert_eq!(r.offer, ["JS", "TS1", "TS2"]);
        // Everyone with the ask's skills already offered: related ones fill the slots.
        let offered: HashSet<String> = ["JS".to_string()].into();
        let r = widen(
            &[cand("JS", &["javascript"])],
            &related,
            &ask(&offered),
            now(),
        );
        assert_eq!(r.offer, ["TS1", "TS2"]);
        // Someone with both is an own-skill mentor, listed once.
        let mut both = cand("BOTH", &["javascript"]);
        both.last_offered_at = Some(now());
        let r = widen(
            &[both.clone()],
            &[cand("BOTH", &["typescript"]), cand("TS1", &["typescript"])],
            &ask(&none),
            now(),
        );
        assert_eq!(r.offer, ["BOTH", "TS1"]);
        // Related mentors off work are held after own ones off work.
        let mut ny = cand("NYJS", &["javascript"]);
        ny.state.tz = chrono_tz::America::New_York;
        ny.state.hours = "Mon-Fri 09:00-17:00".parse().unwrap();
        let mut ny_ts = ny.clone();
        ny_ts.user_id = "NYTS".into();
        ny_ts.overlap = vec![slug("typescript")];
        let r = widen(&[ny], &[ny_ts], &ask(&none), now());
        assert!(r.offer.is_empty());
        let held: Vec<&str> = r.waiting.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(held, ["NYJS", "NYTS"]);
    }

    #[test]
    fn widening_never_offers_related_mentors_routing_would_refuse() {
        let none = HashSet::new();
        let mut paused = cand("PAUSED", &["typescript"]);
        paused.state.paused_until = Some(now() + chrono::Duration::days(1));
        let mut shunned = cand("SHUNNED", &["typescript"]);
        shunned.excluded = true;
        let offered: HashSet<String> = ["DONE".to_string()].into();
        let related = vec![
            paused,
            shunned,
            cand("ASKER", &["typescript"]),
            cand("DONE", &["typescript"]),
            cand("OK", &["typescript"]),
        ];
        assert_eq!(widen(&[], &related, &ask(&offered), now()).offer, ["OK"]);
        // The asker's first choice still gets it alone when nobody was offered yet.
        let first = AskForRouting {
            first: Some("PICK"),
            ..ask(&none)
        };
        let r = widen(&[cand("PICK", &[])], &related, &first, now());
        assert_eq!((r.offer, r.first_alone), (vec!["PICK".to_string()], true));
    }
}
