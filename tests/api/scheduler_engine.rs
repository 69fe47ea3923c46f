//! The job engine: retries, failures, restarts, and two replicas on one database.

use crate::helpers::asks::{add_skill, AskValues};
use crate::helpers::{spawn_app, spawn_app_with, Fault, NowTs, Options, TestApp, TEAM_ID};
use chrono::Duration;
use micromentor::core::ask::{Format, NewAsk};
use micromentor::core::skills::SkillSlug;
use micromentor::queue::Job;

/// Stores an ask and its ladder the way the modal does, without running anything.
async fn ask_with_jobs(app: &TestApp, asker: &str) -> i64 {
    let now = app.clock.now_utc();
    let ask = NewAsk {
        topic: format!("Topic of {asker}"),
        details: String::new(),
        skills: vec![SkillSlug::parse("rust").unwrap()],
        time_box: 20,
        format: Format::Chat,
        mentors_wanted: 1,
        in_digest: true,
        needed_by: None,
        first_mentor: None,
    };
    let timings = app.state.settings.timings;
    let jobs_for = |id| {
        let mut jobs = vec![Job::RouteAsk { ask_id: id }.at(TEAM_ID, now)];
        for (rung, at) in micromentor::core::ladder::ladder(now, None, &timings) {
            jobs.push(Job::Ladder { ask_id: id, rung }.at(TEAM_ID, at));
        }
        jobs
    };
    let (id, jobs) = micromentor::store::asks::create(&app.db, TEAM_ID, asker, &ask, jobs_for, now)
        .await
        .unwrap()
        .expect("skills exist");
    assert_eq!(jobs.len(), 4);
    id
}

fn mentee_dms(app: &TestApp, prefix: &str) -> usize {
    app.slack
        .accepted("chat.postMessage")
        .iter()
        .filter(|c| c.body["channel"].as_str().unwrap_or("").starts_with(prefix))
        .count()
}

#[tokio::test]
async fn a_failing_job_is_retried_with_backoff_then_recorded_as_failed() {
    let app = spawn_app().await;
    add_skill(&app, "Rust").await;
    let ask_id = ask_with_jobs(&app, "UASKER").await;
    app.run_jobs().await; // routing: nobody to offer; the mentee is told
    let told = mentee_dms(&app, "UASKER");
    // Slack is down for the advice DM: every attempt of every run gets a 500.
    for _ in 0..40 {
        app.slack.fail_next("chat.postMessage", Fault::Status(500));
    }
    app.advance_and_run(Duration::hours(8)).await;
    let attempts = || async {
        sqlx::query_as::<_, (String, i32, Option<String>)>(
            "SELECT status, attempts, last_error FROM jobs WHERE payload->>'rung' = 'advise_mentee'",
        )
        .fetch_one(&app.db)
        .await
        .unwrap()
    };
    let (status, n, error) = attempts().await;
    assert_eq!((status.as_str(), n), ("pending", 1));
    assert!(error.unwrap().contains("500"));
    // Each retry waits longer: 30 s, 1 min, 2 min, 4 min.
    for (wait, expect_attempts) in [(30, 2), (60, 3), (120, 4)] {
        app.advance_and_run(Duration::seconds(wait - 1)).await;
        assert_eq!(
            attempts().await.1,
            expect_attempts - 1,
            "not before its backoff"
        );
        app.advance_and_run(Duration::seconds(1)).await;
        assert_eq!(attempts().await.1, expect_attempts);
    }
    app.advance_and_run(Duration::minutes(4)).await;
    let (status, n, _) = attempts().await;
    assert_eq!((status.as_str(), n), ("failed", 5));
    assert_eq!(mentee_dms(&app, "UASKER"), told, "nothing got through");
    let _ = ask_id;
}

#[tokio::test]
async fn a_restart_between_scheduling_and_running_still_runs_each_job_once() {
    let first = spawn_app().await;
    add_skill(&first, "Rust").await;
    // The ask was stored and acked, then the process died before routing.
    let ask_id = ask_with_jobs(&first, "UASKER").await;
    let shared = first.shared();
    drop(first);

    let second = spawn_app_with(Options {
        beside: Some(shared),
        ..Options::default()
    })
    .await;
    second.run_jobs().await;
    assert_eq!(
        mentee_dms(&second, "UASKER"),
        1,
        "routed once after the restart"
    );
    second.advance_and_run(Duration::days(8)).await;
    assert_eq!(second.ask_status(ask_id).await, "expired");
    // Routing note, advice, expiry notice: one each.
    let texts: Vec<String> = second
        .slack
        .accepted("chat.postMessage")
        .iter()
        .map(|c| c.body["text"].to_string())
        .collect();
    assert_eq!(
        mentee_dms(&second, "UASKER"),
        3,
        "{texts:#?} {:?}",
        second.slack.refusals()
    );
    second.advance_and_run(Duration::days(8)).await;
    assert_eq!(mentee_dms(&second, "UASKER"), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_database_run_each_due_job_exactly_once() {
    const ASKS: usize = 150;
    let a = spawn_app().await;
    add_skill(&a, "Rust").await;
    let b = spawn_app_with(Options {
        beside: Some(a.shared()),
        ..Options::default()
    })
    .await;
    for i in 0..ASKS {
        ask_with_jobs(&a, &format!("UMENTEE{i:03}")).await;
    }
    // Routing, then the whole ladder, with both workers racing at each step.
    for step in [
        Duration::zero(),
        Duration::hours(4),
        Duration::hours(4),
        Duration::days(7),
    ] {
        a.clock.advance(step);
        let (ra, rb) = tokio::join!(
            micromentor::jobs::engine::run_due(&a.state, "replica-a"),
            micromentor::jobs::engine::run_due(&b.state, "replica-b"),
        );
        println!(
            "step {step}: replica a ran {}, replica b ran {}",
            ra.unwrap(),
            rb.unwrap()
        );
        a.settle().await;
        b.settle().await;
    }
    // Each mentee: routing note + advice + expiry = 3 DMs, never more.
    let per_mentee: std::collections::HashMap<String, usize> = a
        .slack
        .calls_to("chat.postMessage")
        .iter()
        .fold(Default::default(), |mut m, c| {
            *m.entry(c.body["channel"].as_str().unwrap().to_owned())
                .or_default() += 1;
            m
        });
    assert_eq!(per_mentee.len(), ASKS);
    assert!(per_mentee.values().all(|n| *n == 3), "{per_mentee:?}");
    let (done, total): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE status = 'done'), count(*) FROM jobs WHERE kind IN ('route_ask', 'ladder')",
    )
    .fetch_one(&a.db)
    .await
    .unwrap();
    assert_eq!((done, total), (ASKS as i64 * 4, ASKS as i64 * 4));
    let expired: i64 = sqlx::query_scalar("SELECT count(*) FROM asks WHERE status = 'expired'")
        .fetch_one(&a.db)
        .await
        .unwrap();
    assert_eq!(expired, ASKS as i64);
    let _ = AskValues::new;
}

#[tokio::test]
async fn the_background_worker_runs_due_jobs_without_being_asked() {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| s.run_worker = true)),
        ..Options::default()
    })
    .await;
    add_skill(&app, "Rust").await;
    ask_with_jobs(&app, "UASKER").await;
    micromentor::queue::schedule(
        &app.state,
        &Job::RouteAsk { ask_id: 0 }.at(TEAM_ID, app.clock.now_utc()),
    )
    .await
    .unwrap();
    let told = app.slack.wait_for("chat.postMessage", 1).await;
    assert_eq!(told.len(), 1, "the worker routed the ask on its own");
}
