//! Routing reads its candidates a page at a time, pre-ranked in SQL
//! (`store::mentors::ranked`). These check that this is exactly the routing it
//! replaced: the SQL order is `core::routing::rank`'s order over a varied team
//! (ties on load and on last offer, old and current weeks in several zones,
//! "not my area", recent pairs, exclusions, ids that sort differently by byte
//! and by locale), and a routing pass offers, holds and reports gaps exactly as
//! `core::routing::route` over every candidate says.

use chrono::{DateTime, Duration, Utc};
use micromentor::core::availability::week_start;
use micromentor::core::routing::{rank, route, skill_gaps, AskForRouting, Candidate};
use micromentor::core::skills::SkillSlug;
use micromentor::store::mentors::{self, Page, RoutingFor};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashSet;

use crate::helpers::{spawn_app, TestApp};

const TEAM: &str = "T0TEST";
const SKILLS: [&str; 6] = ["rust", "sql", "go", "css", "deep", "night"];
const ZONES: [&str; 6] = [
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Tokyo",
];

async fn exec(app: &TestApp, sql: &str) {
    sqlx::raw_sql(sql).execute(&app.db).await.unwrap();
}

/// 240 mentors with 1–3 of the first four skills and varied routing state, then
/// two small groups that make a pass read past its first page: 40 paused "deep"
/// mentors ranked before the 5 who can take it, and 12 "night" mentors all off work.
async fn seed(app: &TestApp, now: DateTime<Utc>) {
    let mut rng = StdRng::seed_from_u64(15);
    for s in SKILLS {
        exec(app, &format!("INSERT INTO skills (team_id, slug, label, created_at) VALUES ('{TEAM}', '{s}', '{s}', now())")).await;
    }
    let mut sql = String::new();
    let ts = |t: DateTime<Utc>| format!("'{}'::timestamptz", t.to_rfc3339());
    for i in 0..240 {
        // Upper and lower case and '_' sort differently by byte and by locale.
        let id = match i % 3 {
            0 => format!("U{i:03}"),
            1 => format!("u{i:03}"),
            _ => format!("U_{i:03}"),
        };
        let tz = ZONES[rng.gen_range(0..ZONES.len())];
        let zone: chrono_tz::Tz = tz.parse().unwrap();
        let capacity = [1, 2, 3, 4, 6, 20][rng.gen_range(0..6)];
        let accepted = rng.gen_range(0..=capacity);
        let week = match rng.gen_range(0..3) {
            0 => "NULL".to_string(),
            1 => ts(week_start(now, zone)),
            _ => ts(week_start(now - Duration::days(7), zone)),
        };
        let offered = match rng.gen_range(0..4) {
            0 => "NULL".to_string(),
            // Few distinct instants: ties on the last offer.
            n => ts(now - Duration::hours(n)),
        };
        let paused = match rng.gen_range(0..10) {
            0 => ts(now + Duration::days(2)),
            1 => ts(now - Duration::days(2)),
            _ => "NULL".to_string(),
        };
        let opted_in = rng.gen_range(0..20) > 0;
        let quiet = rng.gen_range(0..4) > 0;
        let ignore = rng.gen_range(0..5) == 0;
        sql += &format!(
            "INSERT INTO mentors (team_id, user_id, opted_in, capacity, paused_until, tz, work_days, work_start, work_end,
                                  quiet_hours, ignore_slack_status, last_offered_at, week_start, accepted_in_week, created_at, updated_at)
             VALUES ('{TEAM}', '{id}', {opted_in}, {capacity}, {paused}, '{tz}', 127, 0, 1440, {quiet}, {ignore}, {offered}, {week}, {accepted}, now(), now());\n"
        );
        let mut mine = HashSet::new();
        for _ in 0..rng.gen_range(1..=3) {
            mine.insert(SKILLS[rng.gen_range(0..4)]);
        }
        for s in mine {
            sql += &format!("INSERT INTO mentor_skills (team_id, user_id, slug) VALUES ('{TEAM}', '{id}', '{s}');\n");
        }
    }
    for i in 0..45 {
        let (paused, offered) = match i < 40 {
            true => (ts(now + Duration::days(3)), "NULL".to_string()),
            false => ("NULL".to_string(), ts(now - Duration::hours(i))),
        };
        sql += &format!(
            "INSERT INTO mentors (team_id, user_id, opted_in, capacity, paused_until, tz, work_days, work_start, work_end, last_offered_at, created_at, updated_at)
             VALUES ('{TEAM}', 'UD{i:02}', true, 3, {paused}, 'UTC', 127, 0, 1440, {offered}, now(), now());
             INSERT INTO mentor_skills (team_id, user_id, slug) VALUES ('{TEAM}', 'UD{i:02}', 'deep');\n"
        );
    }
    for i in 0..12 {
        // 10:00 in London is 05:00 in New York: all off work, quiet hours on.
        sql += &format!(
            "INSERT INTO mentors (team_id, user_id, opted_in, capacity, tz, work_days, work_start, work_end, last_offered_at, created_at, updated_at)
             VALUES ('{TEAM}', 'UN{i:02}', true, 3, 'America/New_York', 31, 540, 1020, {}, now(), now());
             INSERT INTO mentor_skills (team_id, user_id, slug) VALUES ('{TEAM}', 'UN{i:02}', 'night');\n",
            if i % 2 == 0 { "NULL".to_string() } else { ts(now - Duration::hours(i)) }
        );
    }
    // History: past asks by UASKER and others, "not my area" and "no time" declines,
    // recent sessions with UASKER, exclusions both ways.
    sql += &format!(
        "INSERT INTO asks (id, team_id, asker_id, topic, time_box, format, mentors_wanted, status, created_at, updated_at)
         SELECT g, '{TEAM}', CASE WHEN g % 2 = 0 THEN 'UASKER' ELSE 'UOTHER' END, 'Past ' || g, 20, 'chat', 1, 'matched',
                {now} - interval '20 days', {now} - interval '20 days'
         FROM generate_series(1, 60) g;
         SELECT setval('asks_id_seq', 1000);
         INSERT INTO ask_skills (ask_id, team_id, slug) SELECT g, '{TEAM}', (ARRAY['rust','sql','go','css'])[1 + g % 4] FROM generate_series(1, 60) g;
         INSERT INTO offers (ask_id, team_id, mentor_id, status, decline_reason, offered_at, answered_at)
           SELECT g, '{TEAM}', m.user_id, 'declined', CASE WHEN g % 3 = 0 THEN 'no_time' ELSE 'not_my_area' END,
                  {now} - (g || ' days')::interval, {now} - (g || ' days')::interval + interval '1 hour'
           FROM generate_series(1, 60) g
           JOIN LATERAL (SELECT user_id FROM mentors ORDER BY md5(user_id || g) LIMIT 3) m ON true;
         INSERT INTO matches (ask_id, team_id, mentor_id, matched_at)
           SELECT g, '{TEAM}', m.user_id, {now} - (g || ' days')::interval
           FROM generate_series(1, 60) g
           JOIN LATERAL (SELECT user_id FROM mentors WHERE user_id NOT IN (SELECT mentor_id FROM offers WHERE ask_id = g)
                         ORDER BY md5(user_id || g || 'm') LIMIT 1) m ON true;
         INSERT INTO match_exclusions (team_id, user_id, excluded_id, created_at)
           SELECT '{TEAM}', user_id, 'UASKER', now() FROM mentors WHERE user_id LIKE 'U0%' LIMIT 5;
         INSERT INTO match_exclusions (team_id, user_id, excluded_id, created_at)
           SELECT '{TEAM}', 'UASKER', user_id, now() FROM mentors WHERE user_id LIKE 'u1%' LIMIT 5;
         -- Learned answers (`core::acceptance`) and offers still pending: both rank.
         INSERT INTO mentor_skill_answers (team_id, user_id, slug, yes, no)
           SELECT '{TEAM}', ms.user_id, ms.slug, (hashtext(ms.user_id || ms.slug) & 7), (hashtext(ms.slug || ms.user_id) & 7)
           FROM mentor_skills ms WHERE hashtext(ms.user_id) % 3 <> 0;
         INSERT INTO asks (id, team_id, asker_id, topic, time_box, format, mentors_wanted, status, created_at, updated_at)
           VALUES (999, '{TEAM}', 'UOTHER', 'Open elsewhere', 20, 'chat', 1, 'open', {now}, {now});
         INSERT INTO ask_skills (ask_id, team_id, slug) VALUES (999, '{TEAM}', 'rust');
         INSERT INTO offers (ask_id, team_id, mentor_id, status, offered_at)
           SELECT 999, '{TEAM}', user_id, 'pending', {now} FROM mentors WHERE hashtext(user_id) % 4 = 0;",
        now = ts(now)
    );
    exec(app, &sql).await;
}

fn slugs(s: &[&str]) -> Vec<SkillSlug> {
    s.iter().map(|s| SkillSlug::parse(s).unwrap()).collect()
}

fn routing_for<'a>(asker: &'a str, skills: &'a [SkillSlug], now: DateTime<Utc>) -> RoutingFor<'a> {
    RoutingFor {
        asker_id: asker,
        ask_skills: skills,
        first: None,
        pair_since: now - Duration::weeks(4),
    }
}

#[tokio::test]
async fn the_sql_pre_rank_is_the_cores_ranking_page_by_page() {
    let app = spawn_app().await;
    let now = crate::helpers::start_time();
    seed(&app, now).await;
    let cases: [(&[&str], &str); 6] = [
        (&["rust"], "UASKER"),
        (&["rust", "sql"], "UASKER"),
        (&["sql", "go", "css"], "UOTHER"),
        (&["css"], "U000"),
        (&["deep"], "UASKER"),
        (&["night", "go"], "UASKER"),
    ];
    let mut load_decides = false;
    let mut chance_decides = false;
    for (skills, asker) in cases {
        let skills = slugs(skills);
        let ask = routing_for(asker, &skills, now);
        let all = mentors::candidates(&app.db, TEAM, &skills, &ask, now)
            .await
            .unwrap();
        assert!(all.len() > 10, "{skills:?}: a real ranking to compare");
        let mut by_core = all.clone();
        by_core.sort_by(rank);
        let ids = |c: &[Candidate]| c.iter().map(|c| c.user_id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&all), ids(&by_core), "{skills:?} for {asker}");
        load_decides |= all.windows(2).any(|w| {
            w[0].overlap.len() == w[1].overlap.len()
                && (w[0].state.accepted_this_week, w[0].pending_offers)
                    != (w[1].state.accepted_this_week, w[1].pending_offers)
        });
        chance_decides |= all.windows(2).any(|w| {
            let load = |c: &Candidate| {
                (
                    c.state.accepted_this_week + c.pending_offers,
                    c.state.capacity,
                )
            };
            w[0].overlap.len() == w[1].overlap.len()
                && (w[0].not_my_area, w[0].recent_pair) == (w[1].not_my_area, w[1].recent_pair)
                && load(&w[0]) == load(&w[1])
                && w[0].answers != w[1].answers
        });
        // Pages of 7 put together are the full list, row for row.
        let mut paged = Vec::new();
        for offset in (0..all.len() + 7).step_by(7) {
            let page = Page {
                offset,
                limit: Some(7),
                only: None,
            };
            paged.extend(
                mentors::ranked(&app.db, TEAM, &skills, &ask, now, page)
                    .await
                    .unwrap()
                    .0,
            );
        }
        assert_eq!(paged, all);
        // One mentor's row alone is their row in the full list.
        let someone = &all[all.len() / 2];
        let only = Page {
            only: Some(&someone.user_id),
            ..Page::default()
        };
        let (row, _) = mentors::ranked(&app.db, TEAM, &skills, &ask, now, only)
            .await
            .unwrap();
        assert_eq!(row, std::slice::from_ref(someone));
    }
    // The ranking was not decided by the overlap and the id alone.
    assert!(load_decides);
    assert!(chance_decides, "the learned chance broke a tie somewhere");
}

async fn open_ask(app: &TestApp, asker: &str, skills: &[&str], now: DateTime<Utc>) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO asks (team_id, asker_id, topic, time_box, format, mentors_wanted, created_at, updated_at)
         VALUES ($1, $2, 'Help', 20, 'chat', 1, $3, $3) RETURNING id",
    )
    .bind(TEAM)
    .bind(asker)
    .bind(now)
    .fetch_one(&app.db)
    .await
    .unwrap();
    for s in skills {
        sqlx::query("INSERT INTO ask_skills (ask_id, team_id, slug) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(TEAM)
            .bind(s)
            .execute(&app.db)
            .await
            .unwrap();
    }
    id
}

#[tokio::test]
async fn a_routing_pass_offers_holds_and_reports_gaps_as_routing_over_everyone() {
    let app = spawn_app().await;
    let now = crate::helpers::start_time();
    seed(&app, now).await;
    let per_ask = app.state.settings.mentors_per_ask as usize;
    let cases: [(&[&str], &str); 4] = [
        (&["rust", "sql"], "UASKER"),
        (&["css"], "UOTHER"),
        // The first page (32) is all paused mentors: the offers come from the second.
        (&["deep"], "UASKER"),
        // Everyone off work: all read, the first held for their morning.
        (&["night"], "UASKER"),
    ];
    for (skill_names, asker) in cases {
        let skills = slugs(skill_names);
        let all = mentors::candidates(
            &app.db,
            TEAM,
            &skills,
            &routing_for(asker, &skills, now),
            now,
        )
        .await
        .unwrap();
        let none = HashSet::new();
        let ask = AskForRouting {
            asker_id: asker,
            already_offered: &none,
            first: None,
        };
        let mut expected = route(&all, &ask, now, all.len());
        // As many as make a yes likely (`core::acceptance`), as the product decides.
        let answers = |id: &String| all.iter().find(|c| &c.user_id == id).unwrap().answers;
        let ranked: Vec<_> = expected
            .offer
            .iter()
            .chain(expected.waiting.iter().map(|(m, _)| m))
            .map(answers)
            .collect();
        let wanted = micromentor::core::routing::offers_to_make(per_ask, &[], None, &ranked);
        assert!(wanted <= per_ask);
        expected.offer.truncate(wanted);
        let held: Vec<String> = expected
            .waiting
            .iter()
            .take(wanted - expected.offer.len())
            .map(|(m, _)| m.clone())
            .collect();
        let unmet: Vec<String> = skill_gaps(&skills, &all, asker, now)
            .into_iter()
            .filter(|(_, g)| g.is_unmet())
            .map(|(s, _)| s.to_string())
            .collect();

        let ask_id = open_ask(&app, asker, skill_names, now).await;
        micromentor::flows::route::route_ask(&app.state, ask_id, false)
            .await
            .unwrap();
        let offered: Vec<String> =
            sqlx::query_scalar("SELECT mentor_id FROM offers WHERE ask_id = $1 ORDER BY id")
                .bind(ask_id)
                .fetch_all(&app.db)
                .await
                .unwrap();
        assert_eq!(offered, expected.offer, "{skill_names:?}");
        let jobs = app.jobs("deliver_offer", Some(ask_id)).await;
        let held_now: Vec<String> = sqlx::query_scalar(
            "SELECT payload->>'mentor_id' FROM jobs WHERE kind = 'deliver_offer' AND (payload->>'ask_id')::bigint = $1 ORDER BY id",
        )
        .bind(ask_id)
        .fetch_all(&app.db)
        .await
        .unwrap();
        assert_eq!(held_now, held, "{skill_names:?}: {jobs:?}");
        let recorded: Vec<String> =
            sqlx::query_scalar("SELECT slug FROM unmet_demand WHERE ask_id = $1 ORDER BY id")
                .bind(ask_id)
                .fetch_all(&app.db)
                .await
                .unwrap();
        assert_eq!(recorded, unmet, "{skill_names:?}");
    }
    // The cases cover offers from later pages and held offers.
    assert!(!app.jobs("deliver_offer", None).await.is_empty());
}
