//! A deterministic simulation of an organisation using micromentor, replayed
//! through the real routing, availability and ask-lifecycle code (`core`) with a
//! simulated clock, against a "post it in a channel, whoever claims" baseline.
//!
//! `cargo run --release --example simulate [-- --seed 42]`

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use micromentor::core::ask::{AskEvent, AskStatus};
use micromentor::core::availability::{
    availability, next_window_start, week_start, Availability, MentorState,
};
use micromentor::core::routing::{route, AskForRouting, Candidate};
use micromentor::core::skills::SkillSlug;
use micromentor::core::working_hours::WorkingHours;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

const PEOPLE: usize = 500;
const MENTORS: usize = 60;
const SKILLS: usize = 40;
const ASKS: usize = 2000;
const WEEKS: i64 = 8;
const MENTORS_PER_ASK: usize = 3;
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
}

impl Mentor {
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

/// Zipf-distributed index in 0..n (exponent 1).
fn zipf(rng: &mut StdRng, n: usize) -> usize {
    let h: f64 = (1..=n).map(|k| 1.0 / k as f64).sum();
    let mut x = rng.gen::<f64>() * h;
    for k in 1..=n {
        x -= 1.0 / k as f64;
        if x <= 0.0 {
            return k - 1;
        }
    }
    n - 1
}

fn distinct_skills(rng: &mut StdRng, count: usize, all: &[SkillSlug]) -> Vec<SkillSlug> {
    let mut out: Vec<SkillSlug> = Vec::new();
    while out.len() < count {
        let s = all[zipf(rng, all.len())].clone();
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

fn build(seed: u64) -> (Vec<Mentor>, Vec<Ask>, DateTime<Utc>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let skills: Vec<SkillSlug> = (0..SKILLS)
        .map(|i| SkillSlug::parse(&format!("skill {i:02}")).unwrap())
        .collect();
    let start = Utc.with_ymd_and_hms(2026, 1, 5, 0, 0, 0).unwrap(); // a Monday
    let mentors: Vec<Mentor> = (0..MENTORS)
        .map(|i| Mentor {
            id: format!("P{i:03}"), // mentors are people too: they ask as well
            skills: {
                let n = rng.gen_range(2..=6);
                distinct_skills(&mut rng, n, &skills)
            },
            tz: ZONES[rng.gen_range(0..ZONES.len())],
            hours: "Mon-Fri 09:00-17:00".parse().unwrap(),
            capacity: [3, 4, 5, 6, 8][rng.gen_range(0..5)],
            eagerness: if rng.gen::<f64>() < 0.2 { 0.9 } else { 0.5 },
            accepts: Vec::new(),
            last_offered: None,
        })
        .collect();
    let mut asks: Vec<Ask> = (0..ASKS)
        .map(|_| Ask {
            asker: format!("P{:03}", rng.gen_range(0..PEOPLE)),
            skills: {
                let n = rng.gen_range(1..=3);
                distinct_skills(&mut rng, n, &skills)
            },
            created: start + Duration::minutes(rng.gen_range(0..WEEKS * 7 * 24 * 60)),
        })
        .collect();
    asks.sort_by_key(|a| a.created);
    (mentors, asks, start)
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
    Answer(usize, usize),
    Remind(usize),
    Expire(usize),
}

/// micromentor: route to the best available mentors, hold offers for working
/// hours, replace declines, widen at 4 h, expire at 7 days.
fn simulate_micromentor(seed: u64) -> Report {
    let (mut mentors, asks, _) = build(seed);
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let index: HashMap<String, usize> = mentors
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.clone(), i))
        .collect();
    let mut status = vec![AskStatus::Open; asks.len()];
    let mut offered: Vec<HashSet<String>> = vec![HashSet::new(); asks.len()];
    let mut pending = vec![0usize; asks.len()];
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
        // Route (on arrival, after a decline, or widened at the reminder).
        let route_now = |i: usize,
                         extra: Option<usize>,
                         mentors: &Vec<Mentor>,
                         offered: &HashSet<String>,
                         pending: usize| {
            let ask = &asks[i];
            let candidates: Vec<Candidate> = mentors
                .iter()
                .filter_map(|m| {
                    let overlap: Vec<SkillSlug> = ask
                        .skills
                        .iter()
                        .filter(|s| m.skills.contains(s))
                        .cloned()
                        .collect();
                    (!overlap.is_empty()).then(|| Candidate {
                        user_id: m.id.clone(),
                        overlap,
                        state: m.state(now),
                        last_offered_at: m.last_offered,
                        quiet_hours: true,
                        resting_until: None,
                        not_my_area: false,
                        recent_pair: false,
                        excluded: false,
                        ignore_status: false,
                    })
                })
                .collect();
            let slots = extra.unwrap_or(MENTORS_PER_ASK.saturating_sub(pending));
            route(
                &candidates,
                &AskForRouting {
                    asker_id: &ask.asker,
                    already_offered: offered,
                    first: None,
                },
                now,
                slots,
            )
        };
        let mut reroute: Option<(usize, Option<usize>)> = None;
        match event {
            Event::Arrive(i) => reroute = Some((i, None)),
            Event::Remind(i) if status[i] == AskStatus::Open => {
                reroute = Some((i, Some(MENTORS_PER_ASK)))
            }
            Event::Expire(i) => {
                if let Ok(next) = status[i].apply(AskEvent::Expire) {
                    status[i] = next;
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
                pending[i] += 1;
                mentors[m].last_offered = Some(now);
                let at = answer_time(&mut rng, &mentors[m], now);
                push(&mut queue, at, Event::Answer(i, m));
            }
            Event::Answer(i, m) => {
                pending[i] = pending[i].saturating_sub(1);
                if status[i] != AskStatus::Open {
                    continue; // superseded
                }
                let mentor = &mentors[m];
                let state = mentor.state(now);
                let load = state.accepted_this_week as f64 / state.capacity as f64;
                let p = mentor.eagerness * (0.5 + 0.5 * fit(&asks[i], mentor)) * (1.0 - 0.6 * load);
                let can = availability(&state, now) != Availability::AtCapacity;
                if can && rng.gen::<f64>() < p {
                    status[i] = status[i]
                        .apply(AskEvent::Accept { fills: true })
                        .expect("open asks accept");
                    mentors[m].accepts.push(now);
                    r.matched += 1;
                    r.wall_hours
                        .push((now - asks[i].created).num_minutes() as f64 / 60.0);
                    r.working_hours
                        .push(working_minutes(&mentors[m], asks[i].created, now) as f64 / 60.0);
                } else {
                    reroute = Some((i, None));
                }
            }
            _ => {}
        }
        if let Some((i, extra)) = reroute {
            if status[i] != AskStatus::Open {
                continue;
            }
            let decision = route_now(i, extra, &mentors, &offered[i], pending[i]);
            for id in &decision.offer {
                push(&mut queue, now, Event::Deliver(i, index[id]));
                offered[i].insert(id.clone());
            }
            let held = extra
                .unwrap_or(MENTORS_PER_ASK.saturating_sub(pending[i]))
                .saturating_sub(decision.offer.len());
            for (id, at) in decision.waiting.iter().take(held) {
                push(&mut queue, *at, Event::Deliver(i, index[id]));
                offered[i].insert(id.clone());
            }
        }
    }
    r.servable = asks.iter().filter(|a| servable(a, &mentors)).count();
    finish(&mentors, r)
}

/// The baseline: the ask is posted in a channel; every mentor with a matching
/// skill sees it once each working day and claims it with a probability that
/// depends on keenness and fit — not on how much they already do. First claim wins.
fn simulate_channel(seed: u64) -> Report {
    let (mut mentors, asks, _) = build(seed);
    let mut rng = StdRng::seed_from_u64(seed ^ 0xc4a7);
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
    r.servable = asks.iter().filter(|a| servable(a, &mentors)).count();
    finish(&mentors, r)
}

fn print(name: &str, r: &Report) {
    println!(
        "| {name} | {:.1} % ({}/{}) | {:.1} h | {:.1} h | {:.1} h | {} | {:.3} | {} of {} |",
        100.0 * r.matched as f64 / r.servable as f64,
        r.matched,
        r.servable,
        percentile(&r.working_hours, 0.5),
        percentile(&r.working_hours, 0.9),
        percentile(&r.wall_hours, 0.5),
        r.capacity_violations,
        r.gini,
        r.offers_outside_hours,
        r.offers,
    );
}

fn main() {
    let seed = std::env::args()
        .skip_while(|a| a != "--seed")
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(42);
    let (mentors, _, start) = build(seed);
    let capacity: u32 = mentors.iter().map(|m| m.capacity).sum();
    println!(
        "seed {seed}: {PEOPLE} people, {MENTORS} mentors (weekly capacity {capacity}), {SKILLS} Zipf-popular skills, \
         {ASKS} asks over {WEEKS} weeks from {} ({} a week)\n",
        start.date_naive(),
        ASKS as i64 / WEEKS
    );
    println!("| strategy | matched (of servable) | median to match, working h | p90, working h | median, wall-clock h | capacity violations (mentor-weeks) | mentor-load Gini | offers outside working hours |");
    println!("|---|---|---|---|---|---|---|---|");
    print("micromentor", &simulate_micromentor(seed));
    print("channel, first come first served", &simulate_channel(seed));
}
