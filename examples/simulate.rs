//! A deterministic simulation of an organisation using micromentor, replayed
//! through the real routing, availability, ask-lifecycle and learning code (`core`) with a
//! simulated clock, against a "post it in a channel, whoever claims" baseline.
//!
//! `cargo run --release --example simulate [-- --seed 42 --mentors 60 --people 500
//! --skills 40 --asks 2000 --weeks 8 --zipf 1.0]`

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use clap::Parser;
use micromentor::core::acceptance::{lesson, pooled, Answers, Outcome};
use micromentor::core::ask::{AskEvent, AskStatus};
use micromentor::core::availability::{
    availability, next_window_start, rest_until, week_start, Availability, MentorState,
};
use micromentor::core::offer::DeclineReason;
use micromentor::core::routing::{
    ask_again, ask_again_at, offers_to_make, reaches_related, related_to_ask, route, widen,
    AskForRouting, Candidate, SaidNoTime, NOT_MY_AREA_DAYS,
};
use micromentor::core::skills::SkillSlug;
use micromentor::core::working_hours::WorkingHours;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

/// The population and its demand; the defaults are the organisation BENCHMARKS.md describes.
#[derive(Parser, Debug, Clone, Copy)]
struct Shape {
    /// Seeds the population, the asks and everyone's answers.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Mentors (the first people; they ask too).
    #[arg(long, default_value_t = 60)]
    mentors: usize,
    /// Everyone who may ask.
    #[arg(long, default_value_t = 500)]
    people: usize,
    #[arg(long, default_value_t = 40)]
    skills: usize,
    /// Asks over the whole run, spread evenly in time.
    #[arg(long, default_value_t = 2000)]
    asks: usize,
    #[arg(long, default_value_t = 8)]
    weeks: i64,
    /// Exponent of the skills' Zipf popularity (1.0: the second skill is asked
    /// half as often as the first).
    #[arg(long, default_value_t = 1.0)]
    zipf: f64,
    /// Offers kept out at once (the product's MENTORS_PER_ASK).
    #[arg(long, default_value_t = 3)]
    per_ask: usize,
    /// Each skill is related (`core::skill_curation`) to this many others, drawn
    /// at random both ways; 0 for no related skills.
    #[arg(long, default_value_t = 2)]
    related: usize,
}
const ZONES: [Tz; 6] = [
    chrono_tz::Europe::London,
    chrono_tz::Europe::Berlin,
    chrono_tz::America::New_York,
    chrono_tz::America::Los_Angeles,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Asia::Tokyo,
];

struct Mentor {
    id: String,
    skills: Vec<SkillSlug>,
    tz: Tz,
    hours: WorkingHours,
    capacity: u32,
    /// How keen: a few "heroes" say yes to almost anything.
    eagerness: f64,
    accepts: Vec<DateTime<Utc>>,
    last_offered: Option<DateTime<Utc>>,
    /// What routing learned of their answers, per skill (`core::acceptance`).
    answers: HashMap<SkillSlug, Answers>,
    /// Offers delivered and not yet answered, of asks still open.
    pending: u32,
    /// "No time now" keeps them out until their next local day.
    resting_until: Option<DateTime<Utc>>,
    /// When they last said "not my area" to an ask with each skill.
    not_my_area: HashMap<SkillSlug, DateTime<Utc>>,
}

impl Mentor {
    /// Their answers to the ask's skills, summed, as the store reads them.
    fn record(&self, ask: &Ask) -> Answers {
        pooled(
            ask.skills
                .iter()
                .filter_map(|s| self.answers.get(s).copied()),
        )
    }
    /// Every offer that ends teaches routing about each of the ask's skills.
    fn learn(&mut self, ask: &Ask, outcome: Outcome) {
        for s in &ask.skills {
            let a = self.answers.entry(s.clone()).or_default();
            *a = *a + lesson(outcome);
        }
    }
    /// A decline, as the product records it: learned, and "no time now" rests
    /// them for the day, "not my area" lowers their rank for the ask's skills.
    fn decline(&mut self, ask: &Ask, reason: DeclineReason, now: DateTime<Utc>) {
        self.learn(ask, Outcome::Declined(reason));
        match reason {
            DeclineReason::NoTime => self.resting_until = Some(rest_until(now, self.tz)),
            DeclineReason::NotMyArea => {
                for s in &ask.skills {
                    self.not_my_area.insert(s.clone(), now);
                }
            }
            _ => {}
        }
    }
    fn accepted_in_week_of(&self, t: DateTime<Utc>) -> u32 {
        let start = week_start(t, self.tz);
        self.accepts
            .iter()
            .filter(|a| **a >= start && **a <= t)
            .count() as u32
    }
    fn state(&self, now: DateTime<Utc>) -> MentorState {
        MentorState {
            opted_in: true,
            paused_until: None,
            tz: self.tz,
            hours: self.hours,
            capacity: self.capacity,
            accepted_this_week: self.accepted_in_week_of(now),
        }
    }
    fn working(&self, t: DateTime<Utc>) -> bool {
        self.hours.contains(t.with_timezone(&self.tz))
    }
}

#[derive(Clone)]
struct Ask {
    asker: String,
    skills: Vec<SkillSlug>,
    created: DateTime<Utc>,
}

/// Zipf-distributed index in 0..n.
fn zipf(rng: &mut StdRng, n: usize, exponent: f64) -> usize {
    let weight = |k: usize| 1.0 / (k as f64).powf(exponent);
    let h: f64 = (1..=n).map(weight).sum();
    let mut x = rng.gen::<f64>() * h;
    for k in 1..=n {
        x -= weight(k);
        if x <= 0.0 {
            return k - 1;
        }
    }
    n - 1
}

fn distinct_skills(
    rng: &mut StdRng,
    count: usize,
    all: &[SkillSlug],
    exponent: f64,
) -> Vec<SkillSlug> {
    let count = count.min(all.len());
    let mut out: Vec<SkillSlug> = Vec::new();
    while out.len() < count {
        let s = all[zipf(rng, all.len(), exponent)].clone();
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn fit(ask: &Ask, m: &Mentor) -> f64 {
    let overlap = ask.skills.iter().filter(|s| m.skills.contains(s)).count();
    overlap as f64 / ask.skills.len() as f64
}

/// Minutes of `m`'s working time between two instants (15-minute steps).
fn working_minutes(m: &Mentor, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    let mut t = from;
    let mut minutes = 0;
    while t < to {
        if m.working(t) {
            minutes += 15;
        }
        t += Duration::minutes(15);
    }
    minutes
}

/// When a mentor answers something they received at `t`: some time into their
/// working day.
fn answer_time(rng: &mut StdRng, m: &Mentor, t: DateTime<Utc>) -> DateTime<Utc> {
    let start = next_window_start(&m.hours, m.tz, t);
    let at = start + Duration::minutes(rng.gen_range(15..180));
    if m.working(at) {
        at
    } else {
        next_window_start(&m.hours, m.tz, at) + Duration::minutes(rng.gen_range(15..90))
    }
}

struct World {
    mentors: Vec<Mentor>,
    asks: Vec<Ask>,
    start: DateTime<Utc>,
    /// (skill, related skill) pairs, as admins curate them.
    relations: Vec<(SkillSlug, SkillSlug)>,
}

fn build(shape: &Shape) -> World {
    let mut rng = StdRng::seed_from_u64(shape.seed);
    let skills: Vec<SkillSlug> = (0..shape.skills)
        .map(|i| SkillSlug::parse(&format!("skill {i:02}")).unwrap())
        .collect();
    let start = Utc.with_ymd_and_hms(2026, 1, 5, 0, 0, 0).unwrap(); // a Monday
    let mentors: Vec<Mentor> = (0..shape.mentors)
        .map(|i| Mentor {
            id: format!("P{i:03}"), // mentors are people too: they ask as well
            skills: {
                let n = rng.gen_range(2..=6);
                distinct_skills(&mut rng, n, &skills, shape.zipf)
            },
            tz: ZONES[rng.gen_range(0..ZONES.len())],
            hours: "Mon-Fri 09:00-17:00".parse().unwrap(),
            capacity: [3, 4, 5, 6, 8][rng.gen_range(0..5)],
            eagerness: if rng.gen::<f64>() < 0.2 { 0.9 } else { 0.5 },
            accepts: Vec::new(),
            last_offered: None,
            answers: HashMap::new(),
            pending: 0,
            resting_until: None,
            not_my_area: HashMap::new(),
        })
        .collect();
    let mut asks: Vec<Ask> = (0..shape.asks)
        .map(|_| Ask {
            asker: format!("P{:03}", rng.gen_range(0..shape.people)),
            skills: {
                let n = rng.gen_range(1..=3);
                distinct_skills(&mut rng, n, &skills, shape.zipf)
            },
            created: start + Duration::minutes(rng.gen_range(0..shape.weeks * 7 * 24 * 60)),
        })
        .collect();
    asks.sort_by_key(|a| a.created);
    // Drawn apart so the people and asks stay those of earlier runs for a seed.
    let mut rel_rng = StdRng::seed_from_u64(shape.seed ^ 0x4e1a);
    let mut relations = Vec::new();
    for skill in &skills {
        for _ in 0..shape.related.min(skills.len() - 1) {
            let other = loop {
                let o = &skills[rel_rng.gen_range(0..skills.len())];
                if o != skill {
                    break o.clone();
                }
            };
            relations.push((skill.clone(), other.clone()));
            relations.push((other, skill.clone()));
        }
    }
    World {
        mentors,
        asks,
        start,
        relations,
    }
}

#[derive(Default, Debug)]
struct Report {
    servable: usize,
    matched: usize,
    wall_hours: Vec<f64>,
    working_hours: Vec<f64>,
    capacity_violations: usize,
    gini: f64,
    offers: usize,
    offers_outside_hours: usize,
    asks: usize,
    /// Asks nobody had the skills for, taken by a mentor of a related skill.
    matched_through_related: usize,
}

fn gini(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len() as f64;
    let sum: f64 = v.iter().sum();
    if sum == 0.0 {
        return 0.0;
    }
    let weighted: f64 = v
        .iter()
        .enumerate()
        .map(|(i, x)| (i as f64 + 1.0) * x)
        .sum();
    (2.0 * weighted) / (n * sum) - (n + 1.0) / n
}

fn percentile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    s[((s.len() as f64 - 1.0) * p).round() as usize]
}

fn finish(mentors: &[Mentor], mut r: Report) -> Report {
    for m in mentors {
        let mut weeks: HashMap<DateTime<Utc>, u32> = HashMap::new();
        for a in &m.accepts {
            *weeks.entry(week_start(*a, m.tz)).or_default() += 1;
        }
        r.capacity_violations += weeks.values().filter(|n| **n > m.capacity).count();
    }
    let loads: Vec<f64> = mentors.iter().map(|m| m.accepts.len() as f64).collect();
    r.gini = gini(&loads);
    r
}

fn servable(ask: &Ask, mentors: &[Mentor]) -> bool {
    mentors
        .iter()
        .any(|m| m.id != ask.asker && ask.skills.iter().any(|s| m.skills.contains(s)))
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Arrive(usize),
    Deliver(usize, usize),
    /// Time to see whether those who had no time may be asked again.
    AskAgain(usize),
    Answer(usize, usize),
    Remind(usize),
    Expire(usize),
}

enum Pass {
    /// On arrival and after an answer: keep the ask's offers topped up.
    TopUp,
    /// At the reminder: more mentors, related skills after the ask's own.
    Widen,
}

/// What a mentor looks like to routing for this ask (`overlap`: the skills that
/// found them — the ask's own, or related ones when widening).
fn candidate(m: &Mentor, ask: &Ask, overlap: Vec<SkillSlug>, now: DateTime<Utc>) -> Candidate {
    let not_my_area = overlap.iter().any(|s| {
        m.not_my_area
            .get(s)
            .is_some_and(|at| now - *at < Duration::days(NOT_MY_AREA_DAYS))
    });
    Candidate {
        user_id: m.id.clone(),
        overlap,
        state: m.state(now),
        last_offered_at: m.last_offered,
        quiet_hours: true,
        resting_until: m.resting_until,
        not_my_area,
        recent_pair: false,
        excluded: false,
        ignore_status: false,
        answers: m.record(ask),
        pending_offers: m.pending,
    }
}

fn candidates(
    mentors: &[Mentor],
    ask: &Ask,
    skills: &[SkillSlug],
    now: DateTime<Utc>,
) -> Vec<Candidate> {
    mentors
        .iter()
        .filter_map(|m| {
            let overlap: Vec<SkillSlug> = skills
                .iter()
                .filter(|s| m.skills.contains(s))
                .cloned()
                .collect();
            (!overlap.is_empty()).then(|| candidate(m, ask, overlap, now))
        })
        .collect()
}

/// micromentor: route to the best available mentors, as many at once as make a
/// yes likely (`core::acceptance::fan_out`), hold offers for working hours,
/// replace declines, widen at 4 h (related skills after the ask's own), ask a
/// "no time now" again once when nobody else can take it (`core::routing::ask_again`),
/// expire at 7 days; every answer teaches routing (`core::acceptance::lesson`).
fn simulate_micromentor(shape: &Shape) -> Report {
    let World {
        mut mentors,
        asks,
        relations,
        ..
    } = build(shape);
    let per_ask = shape.per_ask;
    let mut rng = StdRng::seed_from_u64(shape.seed ^ 0x5eed);
    let index: HashMap<String, usize> = mentors
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.clone(), i))
        .collect();
    let mut status = vec![AskStatus::Open; asks.len()];
    let mut offered: Vec<HashSet<String>> = vec![HashSet::new(); asks.len()];
    // Delivered and unanswered, while the ask is open.
    let mut pending: Vec<HashSet<usize>> = vec![HashSet::new(); asks.len()];
    // Who said "no time now" to each ask (`core::routing::ask_again`).
    let mut said: Vec<Vec<SaidNoTime>> = vec![Vec::new(); asks.len()];
    let mut queue: BinaryHeap<Reverse<(DateTime<Utc>, u64, Event)>> = BinaryHeap::new();
    let mut seq = 0u64;
    let mut push = |q: &mut BinaryHeap<_>, t, e| {
        seq += 1;
        q.push(Reverse((t, seq, e)));
    };
    for (i, a) in asks.iter().enumerate() {
        push(&mut queue, a.created, Event::Arrive(i));
        push(&mut queue, a.created + Duration::hours(4), Event::Remind(i));
        push(&mut queue, a.created + Duration::days(7), Event::Expire(i));
    }
    let mut r = Report::default();
    while let Some(Reverse((now, _, event))) = queue.pop() {
        let mut reroute: Option<(usize, Pass)> = None;
        let mut again: Option<usize> = None;
        match event {
            Event::Arrive(i) => reroute = Some((i, Pass::TopUp)),
            // As `Job::AskAgain`: a routing pass first, which asks again only if
            // it finds nobody new.
            Event::AskAgain(i) if status[i] == AskStatus::Open => reroute = Some((i, Pass::TopUp)),
            Event::Remind(i) if status[i] == AskStatus::Open => reroute = Some((i, Pass::Widen)),
            Event::Expire(i) => {
                if let Ok(next) = status[i].apply(AskEvent::Expire) {
                    status[i] = next;
                    for m in std::mem::take(&mut pending[i]) {
                        mentors[m].pending -= 1;
                        mentors[m].learn(&asks[i], Outcome::Unanswered);
                    }
                }
            }
            Event::Deliver(i, m)
                if status[i] == AskStatus::Open
                    && availability(&mentors[m].state(now), now).is_available() =>
            {
                r.offers += 1;
                if !mentors[m].working(now) {
                    r.offers_outside_hours += 1;
                }
                offered[i].insert(mentors[m].id.clone());
                pending[i].insert(m);
                mentors[m].pending += 1;
                mentors[m].last_offered = Some(now);
                let at = answer_time(&mut rng, &mentors[m], now);
                push(&mut queue, at, Event::Answer(i, m));
            }
            Event::Answer(i, m) => {
                if !pending[i].remove(&m) {
                    continue; // the ask was taken or expired before they answered
                }
                mentors[m].pending -= 1;
                let ask = &asks[i];
                let mentor = &mentors[m];
                let state = mentor.state(now);
                let load = state.accepted_this_week as f64 / state.capacity as f64;
                let f = fit(ask, mentor);
                let p = mentor.eagerness * (0.5 + 0.5 * f) * (1.0 - 0.6 * load);
                if availability(&state, now) == Availability::AtCapacity {
                    mentors[m].learn(ask, Outcome::AtCapacity);
                    reroute = Some((i, Pass::TopUp));
                } else if rng.gen::<f64>() < p {
                    status[i] = status[i]
                        .apply(AskEvent::Accept { fills: true })
                        .expect("open asks accept");
                    mentors[m].accepts.push(now);
                    mentors[m].learn(ask, Outcome::Accepted);
                    for other in std::mem::take(&mut pending[i]) {
                        mentors[other].pending -= 1; // superseded: nothing learned
                    }
                    match servable(ask, &mentors) {
                        true => r.matched += 1,
                        false => r.matched_through_related += 1,
                    }
                    r.wall_hours
                        .push((now - ask.created).num_minutes() as f64 / 60.0);
                    r.working_hours
                        .push(working_minutes(&mentors[m], ask.created, now) as f64 / 60.0);
                } else {
                    // Outside their skills it is "not my area"; otherwise "no time now".
                    let reason = if rng.gen::<f64>() < 1.0 - f {
                        DeclineReason::NotMyArea
                    } else {
                        DeclineReason::NoTime
                    };
                    mentors[m].decline(ask, reason, now);
                    if reason == DeclineReason::NoTime
                        && !said[i].iter().any(|s| s.mentor_id == mentors[m].id)
                    {
                        said[i].push(SaidNoTime {
                            mentor_id: mentors[m].id.clone(),
                            asked_again: false,
                        });
                    }
                    reroute = Some((i, Pass::TopUp));
                }
            }
            _ => {}
        }
        let Some((i, pass)) = reroute else { continue };
        if status[i] != AskStatus::Open {
            continue;
        }
        let ask = &asks[i];
        let for_routing = AskForRouting {
            asker_id: &ask.asker,
            already_offered: &offered[i],
            first: None,
        };
        let own = candidates(&mentors, ask, &ask.skills, now);
        let widening = matches!(pass, Pass::Widen);
        let reminder = ask.created + Duration::hours(4);
        let decision = if reaches_related(widening, Some(reminder), now) {
            let related = related_to_ask(&ask.skills, &relations);
            let others = candidates(&mentors, ask, &related, now);
            widen(&own, &others, &for_routing, now)
        } else {
            route(&own, &for_routing, now, own.len())
        };
        let widening = widening.then_some(per_ask);
        let waiting_on: Vec<Answers> = pending[i].iter().map(|m| mentors[*m].record(ask)).collect();
        let ranked: Vec<Answers> = decision
            .offer
            .iter()
            .chain(decision.waiting.iter().map(|(id, _)| id))
            .map(|id| mentors[index[id]].record(ask))
            .collect();
        let wanted = offers_to_make(per_ask, &waiting_on, widening, &ranked);
        let mut sent = 0;
        for id in decision.offer.iter().take(wanted) {
            push(&mut queue, now, Event::Deliver(i, index[id]));
            offered[i].insert(id.clone());
            sent += 1;
        }
        let held = wanted.saturating_sub(decision.offer.len());
        for (id, at) in decision.waiting.iter().take(held) {
            push(&mut queue, *at, Event::Deliver(i, index[id]));
            offered[i].insert(id.clone());
            sent += 1;
        }
        // Nobody new and nothing pending: those who had no time may be asked again.
        if sent == 0 && pending[i].is_empty() {
            again = Some(i);
        }
        if let Some(i) = again {
            // As `flows::ask_again` does: those who may be asked again, through
            // `route` over the offered set `core::routing::ask_again` leaves.
            let ask = &asks[i];
            let Some(already) = ask_again(&offered[i], &said[i], pending[i].len()) else {
                continue;
            };
            let who: HashSet<&str> = said[i]
                .iter()
                .filter(|s| !s.asked_again)
                .map(|s| s.mentor_id.as_str())
                .collect();
            let mut rows: Vec<Candidate> = candidates(&mentors, ask, &ask.skills, now);
            let related = related_to_ask(&ask.skills, &relations);
            rows.extend(candidates(&mentors, ask, &related, now));
            rows.retain(|c| who.contains(c.user_id.as_str()));
            let mut seen = HashSet::new();
            rows.retain(|c| seen.insert(c.user_id.clone()));
            let for_routing = AskForRouting {
                asker_id: &ask.asker,
                already_offered: &already,
                first: None,
            };
            let decision = route(&rows, &for_routing, now, rows.len());
            let ranked: Vec<Answers> = decision
                .offer
                .iter()
                .map(|id| mentors[index[id]].record(ask))
                .collect();
            let wanted = offers_to_make(per_ask, &[], None, &ranked);
            let chosen: Vec<String> = decision.offer.iter().take(wanted).cloned().collect();
            for id in &chosen {
                push(&mut queue, now, Event::Deliver(i, index[id]));
                for s in said[i].iter_mut().filter(|s| &s.mentor_id == id) {
                    s.asked_again = true;
                }
            }
            if chosen.is_empty() {
                if let Some(at) = ask_again_at(&decision, &rows, now) {
                    push(&mut queue, at, Event::AskAgain(i));
                }
            }
            continue;
        }
    }
    r.asks = asks.len();
    r.servable = asks.iter().filter(|a| servable(a, &mentors)).count();
    finish(&mentors, r)
}

/// The baseline: the ask is posted in a channel; every mentor with a matching
/// skill sees it once each working day and claims it with a probability that
/// depends on keenness and fit — not on how much they already do. First claim wins.
fn simulate_channel(shape: &Shape) -> Report {
    let World {
        mut mentors, asks, ..
    } = build(shape);
    let mut rng = StdRng::seed_from_u64(shape.seed ^ 0xc4a7);
    let mut r = Report::default();
    for ask in &asks {
        let mut best: Option<(DateTime<Utc>, usize)> = None;
        for (m, mentor) in mentors.iter().enumerate() {
            if mentor.id == ask.asker || !ask.skills.iter().any(|s| mentor.skills.contains(s)) {
                continue;
            }
            let p = mentor.eagerness * (0.5 + 0.5 * fit(ask, mentor)) * 0.5;
            let mut seen = ask.created;
            for _day in 0..7 {
                let at = answer_time(&mut rng, mentor, seen);
                if at > ask.created + Duration::days(7) {
                    break;
                }
                if rng.gen::<f64>() < p {
                    if best.is_none_or(|(t, _)| at < t) {
                        best = Some((at, m));
                    }
                    break;
                }
                seen = at + Duration::hours(16);
            }
        }
        r.offers += 1; // one channel post
        if let Some((at, m)) = best {
            mentors[m].accepts.push(at);
            r.matched += 1;
            r.wall_hours
                .push((at - ask.created).num_minutes() as f64 / 60.0);
            r.working_hours
                .push(working_minutes(&mentors[m], ask.created, at) as f64 / 60.0);
        }
    }
    r.asks = asks.len();
    r.servable = asks.iter().filter(|a| servable(a, &mentors)).count();
    finish(&mentors, r)
}

fn print(name: &str, r: &Report) {
    println!(
        "| {name} | {:.1} % ({}/{}) | {:.1} h | {:.1} h | {:.1} h | {} | {:.3} | {:.2} | {} of {} |",
        100.0 * r.matched as f64 / r.servable as f64,
        r.matched,
        r.servable,
        percentile(&r.working_hours, 0.5),
        percentile(&r.working_hours, 0.9),
        percentile(&r.wall_hours, 0.5),
        r.capacity_violations,
        r.gini,
        r.offers as f64 / r.asks as f64,
        r.offers_outside_hours,
        r.offers,
    );
}

fn main() {
    let shape = Shape::parse();
    let World { mentors, start, .. } = build(&shape);
    let capacity: u32 = mentors.iter().map(|m| m.capacity).sum();
    println!(
        "seed {}: {} people, {} mentors (weekly capacity {capacity}), {} Zipf-popular skills (exponent {}), \
         {} asks over {} weeks from {} ({} a week), {} offers at once at most\n",
        shape.seed,
        shape.people,
        shape.mentors,
        shape.skills,
        shape.zipf,
        shape.asks,
        shape.weeks,
        start.date_naive(),
        shape.asks as i64 / shape.weeks,
        shape.per_ask,
    );
    println!("| strategy | matched (of servable) | median to match, working h | p90, working h | median, wall-clock h | capacity violations (mentor-weeks) | mentor-load Gini | offers per ask | offers outside working hours |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let micromentor = simulate_micromentor(&shape);
    print("micromentor", &micromentor);
    let channel = simulate_channel(&shape);
    print("channel, first come first served", &channel);
    println!(
        "\nmicromentor also matched {} of the {} asks nobody had the skills for, through related skills.",
        micromentor.matched_through_related,
        micromentor.asks - micromentor.servable
    );
}
