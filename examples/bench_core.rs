//! Benchmarks of the parts behind the ack: routing over 10 000 mentors, digest
//! building over 10 000 open asks, and job throughput with two replicas.
//!
//! `cargo run --release --example bench_core [-- routing|digest|jobs]` (needs a
//! local Postgres; uses a scratch database `micromentor_bench_core`, dropped and
//! re-created).

use micromentor::standin::{self as fake_slack, block_kit};

use chrono::{Duration, Utc};
use micromentor::clock::{ManualClock, SharedClock};
use micromentor::config::Settings;
use micromentor::core::ladder::Rung;
use micromentor::core::routing::{route, skill_gaps, AskForRouting};
use micromentor::core::skills::SkillSlug;
use micromentor::flows::ranked::Ranked;
use micromentor::jobs::engine;
use micromentor::queue::Job;
use micromentor::slack::client::RetryPolicy;
use micromentor::store;
use micromentor::AppState;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::{Connection, PgPool};
use std::collections::HashSet;
use std::time::Instant;

const TEAM: &str = "T0TEST";
const MENTORS: usize = 10_000;
const SKILLS: usize = 500;
const OPEN_ASKS: usize = 10_000;
const JOBS: usize = 10_000;

fn zipf(rng: &mut StdRng, n: usize, h: f64) -> usize {
    let mut x = rng.gen::<f64>() * h;
    for k in 1..=n {
        x -= 1.0 / k as f64;
        if x <= 0.0 {
            return k - 1;
        }
    }
    n - 1
}

fn stats(mut ms: Vec<f64>) -> String {
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let at = |p: f64| ms[((ms.len() - 1) as f64 * p).round() as usize];
    format!(
        "p50 {:.2} ms · p99 {:.2} ms · max {:.2} ms ({} runs)",
        at(0.5),
        at(0.99),
        at(1.0),
        ms.len()
    )
}

async fn scratch_db() -> (PgPool, String) {
    let admin = std::env::var("BENCH_ADMIN_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("Postgres answers");
    sqlx::query("DROP DATABASE IF EXISTS micromentor_bench_core WITH (FORCE)")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("CREATE DATABASE micromentor_bench_core")
        .execute(&mut conn)
        .await
        .unwrap();
    let url = format!(
        "{}/micromentor_bench_core",
        admin.rsplit_once('/').unwrap().0
    );
    let pool = micromentor::db::connect(Some(&url)).await.unwrap();
    micromentor::db::migrate(&pool).await.unwrap();
    (pool, url)
}

async fn seed_mentors(db: &PgPool, rng: &mut StdRng) {
    let h: f64 = (1..=SKILLS).map(|k| 1.0 / k as f64).sum();
    sqlx::query("INSERT INTO skills (team_id, slug, label, created_at) SELECT $1, 'skill-' || lpad(g::text, 3, '0'), 'Skill ' || g, now() FROM generate_series(0, $2 - 1) g")
        .bind(TEAM).bind(SKILLS as i32).execute(db).await.unwrap();
    let zones = [
        "Europe/London",
        "America/New_York",
        "Asia/Kolkata",
        "Europe/Berlin",
        "America/Los_Angeles",
        "Asia/Tokyo",
    ];
    let (mut ids, mut caps, mut tzs) = (vec![], vec![], vec![]);
    let (mut ms_user, mut ms_slug) = (vec![], vec![]);
    for i in 0..MENTORS {
        let id = format!("M{i:05}");
        let n = rng.gen_range(3..=8);
        let mut mine = HashSet::new();
        while mine.len() < n {
            mine.insert(zipf(rng, SKILLS, h));
        }
        for s in mine {
            ms_user.push(id.clone());
            ms_slug.push(format!("skill-{s:03}"));
        }
        ids.push(id);
        caps.push(rng.gen_range(1..=20i16));
        tzs.push(zones[rng.gen_range(0..zones.len())].to_string());
    }
    sqlx::query("INSERT INTO mentors (team_id, user_id, opted_in, capacity, tz, work_days, work_start, work_end, created_at, updated_at)
                 SELECT $1, u, true, c, z, 127, 0, 1440, now(), now() FROM UNNEST($2::text[], $3::smallint[], $4::text[]) AS t(u, c, z)")
        .bind(TEAM).bind(&ids).bind(&caps).bind(&tzs).execute(db).await.unwrap();
    sqlx::query("INSERT INTO mentor_skills (team_id, user_id, slug) SELECT $1, u, s FROM UNNEST($2::text[], $3::text[]) AS t(u, s)")
        .bind(TEAM).bind(&ms_user).bind(&ms_slug).execute(db).await.unwrap();
    // History: 20 000 past asks, matched to random mentors over the last week, and offers.
    sqlx::query("INSERT INTO asks (team_id, asker_id, topic, time_box, format, mentors_wanted, status, matched_count, created_at, updated_at)
                 SELECT $1, 'A' || g, 'Past ask ' || g, 20, 'chat', 1, 'matched', 1, now() - interval '3 days', now() FROM generate_series(1, 20000) g")
        .bind(TEAM).execute(db).await.unwrap();
    sqlx::query("INSERT INTO matches (ask_id, team_id, mentor_id, matched_at)
                 SELECT id, $1, 'M' || lpad((floor(random() * $2))::int::text, 5, '0'), now() - random() * interval '7 days' FROM asks")
        .bind(TEAM).bind(MENTORS as i32).execute(db).await.unwrap();
    sqlx::query(
        "INSERT INTO offers (ask_id, team_id, mentor_id, status, offered_at)
                 SELECT ask_id, team_id, mentor_id, 'accepted', matched_at FROM matches",
    )
    .execute(db)
    .await
    .unwrap();
    // The routing counters, as the app keeps them.
    sqlx::query("UPDATE mentors m SET last_offered_at = (SELECT max(offered_at) FROM offers o WHERE o.team_id = m.team_id AND o.mentor_id = m.user_id),
                                      week_start = date_trunc('week', now() AT TIME ZONE m.tz) AT TIME ZONE m.tz")
        .execute(db).await.unwrap();
    sqlx::query("UPDATE mentors m SET accepted_in_week = (SELECT count(*) FROM matches x WHERE x.team_id = m.team_id AND x.mentor_id = m.user_id AND x.matched_at >= m.week_start)")
        .execute(db).await.unwrap();
    sqlx::query("ANALYZE").execute(db).await.unwrap();
}

async fn bench_routing(db: &PgPool, rng: &mut StdRng) {
    let h: f64 = (1..=SKILLS).map(|k| 1.0 / k as f64).sum();
    let now = Utc::now();
    let none = HashSet::new();
    let (mut full_ms, mut paged_ms, mut sizes, mut reads) = (vec![], vec![], vec![], vec![]);
    for _ in 0..1000 {
        let n = rng.gen_range(1..=3);
        let skills: Vec<SkillSlug> = (0..n)
            .map(|_| SkillSlug::from_stored(format!("skill-{:03}", zipf(rng, SKILLS, h))))
            .collect();
        let for_asker = store::mentors::RoutingFor {
            asker_id: "ASKER",
            ask_skills: &skills,
            first: None,
            pair_since: now - chrono::Duration::weeks(4),
        };
        let ask = AskForRouting {
            asker_id: "ASKER",
            already_offered: &none,
            first: None,
        };
        // What a first routing pass reads (`flows::route`): pages of the SQL
        // pre-rank until three offers are found, then the gaps' check.
        let t0 = Instant::now();
        let mut ranked = Ranked::new(TEAM, &skills, for_asker);
        ranked.more(db, now).await.unwrap();
        let offer = loop {
            let r = route(ranked.rows(), &ask, now, ranked.rows().len());
            if r.offer.len() >= 3 || ranked.exhausted() {
                break r.offer;
            }
            ranked.more(db, now).await.unwrap();
        };
        let for_gaps = ranked.for_gaps(db, "ASKER", now).await.unwrap();
        let gaps = skill_gaps(&skills, &for_gaps, "ASKER", now);
        paged_ms.push(t0.elapsed().as_secs_f64() * 1000.0);
        reads.push(for_gaps.len());
        // Before: every candidate read, then ranked.
        let t0 = Instant::now();
        let candidates = store::mentors::candidates(db, TEAM, &skills, &for_asker, now)
            .await
            .unwrap();
        let r = route(&candidates, &ask, now, 3);
        let all_gaps = skill_gaps(&skills, &candidates, "ASKER", now);
        full_ms.push(t0.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(
            offer.iter().take(3).collect::<Vec<_>>(),
            r.offer.iter().collect::<Vec<_>>()
        );
        assert_eq!(gaps, all_gaps);
        sizes.push(candidates.len());
    }
    sizes.sort();
    reads.sort();
    println!("routing, {MENTORS} mentors, {SKILLS} Zipf skills, 1 000 asks of 1–3 skills:");
    println!(
        "  paged (SQL pre-rank, as a routing pass reads): {}",
        stats(paged_ms)
    );
    println!(
        "  every candidate read, then ranked (before):    {}",
        stats(full_ms)
    );
    println!(
        "  candidates per ask: median {}, max {}; rows a pass read: median {}, max {}",
        sizes[sizes.len() / 2],
        sizes[sizes.len() - 1],
        reads[reads.len() / 2],
        reads[reads.len() - 1]
    );
}

async fn bench_digest(db: &PgPool) {
    sqlx::query("INSERT INTO asks (team_id, asker_id, topic, details, time_box, format, mentors_wanted, in_digest, created_at, updated_at)
                 SELECT $1, 'D' || g, 'Open question number ' || g || ' about <things> & stuff', 'details', 30, 'call', 1, true,
                        now() - (g || ' minutes')::interval, now() FROM generate_series(1, $2) g")
        .bind(TEAM).bind(OPEN_ASKS as i32).execute(db).await.unwrap();
    sqlx::query("INSERT INTO ask_skills (ask_id, team_id, slug) SELECT id, team_id, 'skill-' || lpad((id % 500)::text, 3, '0') FROM asks WHERE status = 'open'")
        .execute(db).await.unwrap();
    sqlx::query("ANALYZE").execute(db).await.unwrap();
    let (mut ms, mut build_ms) = (vec![], vec![]);
    let mut blocks = 0;
    for _ in 0..100 {
        let t0 = Instant::now();
        let ids = store::asks::for_digest(db, TEAM, None, 10_000)
            .await
            .unwrap();
        let shown: Vec<i64> = ids
            .iter()
            .take(micromentor::views::digest::MAX_ITEMS)
            .copied()
            .collect();
        let asks = store::asks::many(db, &shown).await.unwrap();
        let t1 = Instant::now();
        let message =
            micromentor::views::digest::build(&asks, ids.len() - shown.len(), None, Utc::now());
        let t2 = Instant::now();
        blocks = message["blocks"].as_array().unwrap().len();
        block_kit::check_message(&message).expect("within Block Kit limits");
        ms.push((t2 - t0).as_secs_f64() * 1000.0);
        build_ms.push((t2 - t1).as_secs_f64() * 1000.0);
        assert_eq!(ids.len(), OPEN_ASKS);
    }
    println!(
        "digest over {OPEN_ASKS} open asks ({blocks} blocks, accepted by the Block Kit checks):"
    );
    println!("  select + load + build: {}", stats(ms));
    println!("  build only:            {}", stats(build_ms));
}

async fn bench_jobs(url: &str, db: &PgPool) {
    let fake = fake_slack::StandIn::start().await;
    let clock: SharedClock = ManualClock::new(Utc::now() + Duration::days(1));
    let replica = || async {
        let settings = Settings::for_tests(url.to_owned(), fake.url.clone(), "secret");
        let pool = micromentor::db::connect(Some(url)).await.unwrap();
        AppState::new(pool, settings, clock.clone(), RetryPolicy::default())
    };
    let (a, b) = (replica().await, replica().await);
    for (label, rung) in [
        ("advise the mentee (one DM each)", Rung::AdviseMentee),
        ("expire (update + DM each)", Rung::Expire),
    ] {
        sqlx::query("DELETE FROM jobs").execute(db).await.unwrap();
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM asks WHERE status = 'open' ORDER BY id LIMIT $1")
                .bind(JOBS as i64)
                .fetch_all(db)
                .await
                .unwrap();
        let now = Utc::now();
        let jobs: Vec<serde_json::Value> = ids
            .iter()
            .map(|id| serde_json::to_value(Job::Ladder { ask_id: *id, rung }).unwrap())
            .collect();
        let keys: Vec<String> = ids.iter().map(|id| format!("bench:{label}:{id}")).collect();
        sqlx::query("INSERT INTO jobs (team_id, kind, payload, dedupe_key, run_at, created_at) SELECT $1, 'ladder', p, k, $2, $2 FROM UNNEST($3::jsonb[], $4::text[]) AS t(p, k)")
            .bind(TEAM).bind(now).bind(&jobs).bind(&keys).execute(db).await.unwrap();
        let before = fake.calls().len();
        let t0 = Instant::now();
        let (ra, rb) = tokio::join!(
            engine::run_due(&a, "replica-a"),
            engine::run_due(&b, "replica-b")
        );
        let secs = t0.elapsed().as_secs_f64();
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        a.tasks.close();
        let done: i64 = sqlx::query_scalar("SELECT count(*) FROM jobs WHERE status = 'done'")
            .fetch_one(db)
            .await
            .unwrap();
        let sent = fake.calls().len() - before;
        println!(
            "jobs, {label}: {} due jobs run by 2 replicas in {secs:.2} s = {:.0} jobs/s (a {ra}, b {rb}); {done} done; {sent} Slack calls",
            ids.len(),
            ids.len() as f64 / secs
        );
        assert_eq!(ra + rb, ids.len(), "each job claimed once");
    }
}

#[tokio::main]
async fn main() {
    micromentor::slack::client::install_crypto_provider();
    let mut rng = StdRng::seed_from_u64(42);
    let (db, url) = scratch_db().await;
    let t = Instant::now();
    seed_mentors(&db, &mut rng).await;
    println!(
        "seeded {MENTORS} mentors, {SKILLS} skills, 20 000 past matches in {:.1} s\n",
        t.elapsed().as_secs_f64()
    );
    // `-- routing`, `-- digest` or `-- jobs` runs that part alone (jobs need the
    // digest's open asks, so they are seeded either way).
    let only = std::env::args().nth(1);
    let runs = |part: &str| only.as_deref().is_none_or(|o| o == part);
    if runs("routing") {
        bench_routing(&db, &mut rng).await;
    }
    bench_digest(&db).await;
    if runs("jobs") {
        bench_jobs(&url, &db).await;
    }
}
