//! Channel digests of open asks, with "I can help".

use crate::helpers::asks::{add_skill, seed_mentor, AskValues};
use crate::helpers::{spawn_app_with, Fault, Options, TestApp};
use chrono::Duration;
use micromentor::config::DigestSettings;
use micromentor::views::ids::action;
use serde_json::Value;

async fn app_with_digests(by_skill: &str) -> TestApp {
    let by_skill = by_skill.to_owned();
    spawn_app_with(Options {
        settings: Some(Box::new(move |s| {
            s.digests = DigestSettings::parse(
                &["C0DIGEST".into()],
                &by_skill,
                "0 9 * * 1-5",
                chrono_tz::Europe::London,
            )
            .unwrap();
        })),
        ..Options::default()
    })
    .await
}

fn at(utc: &str) -> chrono::DateTime<chrono::Utc> {
    utc.parse().unwrap()
}

fn digests(app: &TestApp, channel: &str) -> Vec<Value> {
    app.slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == channel)
        .collect()
}

/// Asks nobody will be offered (no mentors), so they stay open.
async fn open_asks(app: &TestApp, n: usize, digest: bool) {
    add_skill(app, "Rust").await;
    for i in 0..n {
        let mut v = AskValues::new(&format!("Question {i:02}"), &["Rust"]);
        v.in_digest = digest;
        app.ask(&format!("UASKER{i}"), &v).await;
        app.clock.advance(Duration::minutes(1));
    }
}

#[tokio::test]
async fn a_digest_lists_open_asks_oldest_first_at_the_scheduled_time() {
    let app = app_with_digests("").await;
    open_asks(&app, 2, true).await;
    let mut hidden = AskValues::new("Private matter", &["Rust"]);
    hidden.in_digest = false;
    app.ask("UQUIET", &hidden).await;

    // Monday 10:00 UTC → next digest Tuesday 09:00 London (GMT).
    app.advance_and_run(Duration::hours(22)).await;
    assert_eq!(
        app.jobs("digest", None).await,
        [("pending".into(), at("2026-03-03T09:00:00Z"))],
        "not due yet"
    );
    assert!(digests(&app, "C0DIGEST").is_empty());
    app.advance_and_run(Duration::hours(1)).await;
    let posted = digests(&app, "C0DIGEST");
    assert_eq!(posted.len(), 1);
    insta::assert_json_snapshot!("digest", posted[0]);
    let text = posted[0].to_string();
    assert!(text.find("Question 00").unwrap() < text.find("Question 01").unwrap());
    assert!(!text.contains("Private matter"));
    assert_eq!(text.matches(action::HELP_FROM_DIGEST).count(), 2);
    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );

    // The next one is scheduled for Wednesday.
    let next: Vec<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("SELECT run_at FROM jobs WHERE kind = 'digest' AND status = 'pending'")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(next, [at("2026-03-04T09:00:00Z")]);
}

#[tokio::test]
async fn nothing_is_posted_when_nothing_is_open() {
    let app = app_with_digests("").await;
    for _ in 0..3 {
        app.advance_and_run(Duration::days(1)).await;
    }
    // The digest ran each weekday morning and found nothing to list.
    assert_eq!(
        app.jobs("digest", None).await,
        [
            ("done".into(), at("2026-03-03T09:00:00Z")),
            ("done".into(), at("2026-03-04T09:00:00Z")),
            ("done".into(), at("2026-03-05T09:00:00Z")),
            ("pending".into(), at("2026-03-06T09:00:00Z")),
        ]
    );
    assert!(digests(&app, "C0DIGEST").is_empty());
    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
}

#[tokio::test]
async fn a_long_list_stays_inside_block_kit_limits() {
    let app = app_with_digests("").await;
    open_asks(&app, 60, true).await;
    app.advance_and_run(Duration::days(1)).await;
    let posted = digests(&app, "C0DIGEST");
    assert_eq!(
        posted.len(),
        1,
        "the fake Slack accepts it (it refuses more than 50 blocks)"
    );
    let blocks = posted[0]["blocks"].as_array().unwrap();
    assert!(blocks.len() <= 50);
    assert!(posted[0].to_string().contains("+ 15 more open asks"));
    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
}

#[tokio::test]
async fn i_can_help_takes_the_accept_path_and_updates_the_digest() {
    let app = app_with_digests("").await;
    open_asks(&app, 2, true).await;
    app.advance_and_run(Duration::days(1)).await;
    let ask_id: i64 = sqlx::query_scalar("SELECT min(id) FROM asks")
        .fetch_one(&app.db)
        .await
        .unwrap();

    // Anyone in the channel may help, mentor or not.
    app.click("UHELPER", action::HELP_FROM_DIGEST, &ask_id.to_string())
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "matched");
    assert_eq!(app.intros().len(), 1);
    let update = app
        .slack
        .calls_to("chat.update")
        .into_iter()
        .find(|u| u.body["channel"] == "C0DIGEST")
        .unwrap();
    let blocks = update.body["blocks"].to_string();
    assert_eq!(
        blocks.matches(action::HELP_FROM_DIGEST).count(),
        1,
        "the taken ask lost its button"
    );
    assert!(blocks.contains("~Question 00~"));

    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
    // A second helper is too late, and is told so.
    app.click("ULATE", action::HELP_FROM_DIGEST, &ask_id.to_string())
        .await;
    app.settle().await;
    let told = app.slack.calls_to("response_url:ULATE");
    assert_eq!(told.len(), 1);
    assert!(told[0].body["text"]
        .as_str()
        .unwrap()
        .contains("already been taken care of"));
    assert_eq!(app.intros().len(), 1);
}

#[tokio::test]
async fn per_skill_channels_list_only_their_skill() {
    let app = app_with_digests("sql=C0SQL").await;
    open_asks(&app, 1, true).await;
    add_skill(&app, "SQL").await;
    app.ask("USQL", &AskValues::new("Window functions", &["SQL"]))
        .await;
    app.advance_and_run(Duration::days(1)).await;
    let sql = digests(&app, "C0SQL");
    assert_eq!(sql.len(), 1);
    assert!(sql[0].to_string().contains("Window functions"));
    assert!(!sql[0].to_string().contains("Question 00"));
    assert_eq!(digests(&app, "C0DIGEST").len(), 1);
}

#[tokio::test]
async fn a_channel_the_bot_is_not_in_is_recorded_and_reported_by_check() {
    let app = app_with_digests("").await;
    open_asks(&app, 1, true).await;
    // Past the ask's own reminders, then the digest is refused.
    app.advance_and_run(Duration::hours(22)).await;
    app.slack
        .fail_next("chat.postMessage", Fault::ApiError("not_in_channel"));
    app.advance_and_run(Duration::hours(2)).await;
    let (status, error): (String, String) = sqlx::query_as(
        "SELECT status, last_error FROM jobs WHERE kind = 'digest' AND status <> 'pending'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(status, "failed", "not retried: an admin must act");
    assert!(error.contains("not_in_channel"));
    let report = micromentor::check::run(&app.state.settings).await;
    let line = report
        .iter()
        .find(|f| f.line.contains("C0DIGEST"))
        .expect("check mentions the channel");
    assert!(!line.ok);
    assert!(line.line.contains("/invite"), "{}", line.line);
    // The series goes on: the next digest is scheduled.
    let pending: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM jobs WHERE kind = 'digest' AND status = 'pending'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(pending, 1);
    let _ = seed_mentor;
}
