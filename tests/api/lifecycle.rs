//! A session's life after the match: the intro, done per session, re-opening,
//! a mentor at capacity, and the follow-up's answers.

use crate::helpers::asks::{seed_mentor, seed_mentor_with, AskValues};
use crate::helpers::{spawn_app, spawn_app_with, start_time, Fault, NowTs, Options, TestApp};
use chrono::{DateTime, Duration, Utc};
use micromentor::slack::client::RetryPolicy;
use micromentor::views::ids::{self, action};
use micromentor::views::{replies, text};
use serde_json::{json, Value};

/// Intros Slack stored (group DMs), not the attempts it refused.
fn intros_posted(app: &TestApp) -> Vec<Value> {
    app.slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"].as_str().is_some_and(|ch| ch.starts_with('G')))
        .collect()
}

/// Follow-up prompts the mentee got about their session with `mentor`.
fn prompts_about(app: &TestApp, mentor: &str) -> Vec<Value> {
    let about = format!("session with <@{mentor}>");
    app.slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == "UASKER" && b["text"].as_str().unwrap_or("").contains(&about))
        .collect()
}

/// The ephemeral answers `user` got to their clicks.
fn told(app: &TestApp, user: &str) -> Vec<String> {
    app.slack
        .calls_to(&format!("response_url:{user}"))
        .into_iter()
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Messages rewritten in `channel`, as their bodies.
fn updates_in(app: &TestApp, channel: &str) -> Vec<Value> {
    app.slack
        .calls_to("chat.update")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == channel)
        .collect()
}

/// A session's (done_at, released_at).
async fn session(
    app: &TestApp,
    ask_id: i64,
    mentor: &str,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    sqlx::query_as("SELECT done_at, released_at FROM matches WHERE ask_id = $1 AND mentor_id = $2")
        .bind(ask_id)
        .bind(mentor)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

async fn matched_count(app: &TestApp, ask_id: i64) -> i16 {
    sqlx::query_scalar("SELECT matched_count FROM asks WHERE id = $1")
        .bind(ask_id)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

async fn accepted_in_week(app: &TestApp, mentor: &str) -> i32 {
    sqlx::query_scalar("SELECT accepted_in_week FROM mentors WHERE user_id = $1")
        .bind(mentor)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// What the mentee said about the session with `mentor`: (happened, rating).
async fn outcome(app: &TestApp, ask_id: i64, mentor: &str) -> Option<(String, Option<i16>)> {
    sqlx::query_as(
        "SELECT happened, rating FROM session_outcomes WHERE ask_id = $1 AND mentor_id = $2",
    )
    .bind(ask_id)
    .bind(mentor)
    .fetch_optional(&app.db)
    .await
    .unwrap()
}

/// Follow-up jobs of an ask as (mentor, round), in due order.
async fn followup_jobs(app: &TestApp, ask_id: i64) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT payload->>'mentor_id', (payload->>'round')::bigint FROM jobs
         WHERE kind = 'follow_up' AND (payload->>'ask_id')::bigint = $1 ORDER BY run_at, id",
    )
    .bind(ask_id)
    .fetch_all(&app.db)
    .await
    .unwrap()
}

/// UM1 accepts UASKER's ask about Rust; the intro is posted.
async fn matched_with_um1(app: &TestApp) -> i64 {
    seed_mentor(app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Borrow checker", &["Rust"]))
        .await;
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "matched");
    assert_eq!(intros_posted(app).len(), 1);
    ask_id
}

// 1. The intro is a durable job, posted exactly once.

#[tokio::test]
async fn an_intro_slack_cannot_open_at_first_is_retried_and_posted_once() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Borrow checker", &["Rust"]))
        .await;
    // Slack cannot open the group DM: each of the client's attempts gets a 503.
    for _ in 0..RetryPolicy::default().max_attempts {
        app.slack.fail_when(
            "conversations.open",
            "users",
            "UASKER,UM1",
            Fault::Status(503),
        );
    }
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;

    // The accept stands; the intro waits as a job for its retry.
    assert_eq!(app.ask_status(ask_id).await, "matched");
    assert_eq!(session(&app, ask_id, "UM1").await, (None, None));
    assert!(intros_posted(&app).is_empty());
    let retry_at = start_time() + Duration::seconds(30);
    assert_eq!(
        app.jobs("intro", Some(ask_id)).await,
        [("pending".into(), retry_at)]
    );
    let mentee_told = app.slack.accepted("chat.postMessage");
    assert!(mentee_told.iter().any(|c| c.body["channel"] == "UASKER"
        && c.body["text"].as_str().unwrap().contains("<@UM1> accepted")));

    // Seeing no group DM, the mentor clicks Accept again, and Slack delivers
    // that click twice: they are told they are on it; nothing more is scheduled.
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert_eq!(told(&app, "UM1"), [replies::ALREADY_ON_IT; 2]);
    assert_eq!(app.jobs("intro", Some(ask_id)).await.len(), 1);

    // Not before its backoff…
    app.advance_and_run(Duration::seconds(29)).await;
    assert!(intros_posted(&app).is_empty());
    // …then once.
    app.advance_and_run(Duration::seconds(1)).await;
    let intros = intros_posted(&app);
    assert_eq!(intros.len(), 1);
    assert_eq!(intros[0]["channel"], "GUASKER-UM1");
    assert_eq!(
        app.jobs("intro", Some(ask_id)).await,
        [("done".into(), retry_at)]
    );
    app.advance_and_run(Duration::days(1)).await;
    assert_eq!(intros_posted(&app).len(), 1, "never a second intro");

    // The intro posted by the retry is the one "Mark as done" rewrites.
    app.click("UM1", action::MARK_DONE, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "done");
    let rewritten = updates_in(&app, "GUASKER-UM1");
    assert_eq!(rewritten.len(), 1);
    let intro_ts: Option<String> =
        sqlx::query_scalar("SELECT intro_ts FROM matches WHERE ask_id = $1")
            .bind(ask_id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        rewritten[0]["ts"],
        json!(intro_ts.expect("the intro is recorded"))
    );
}

#[tokio::test]
async fn a_restart_after_the_accept_posts_the_pending_intro_once() {
    let first = spawn_app().await;
    seed_mentor(&first, "UM1", &["Rust"]).await;
    let ask_id = first
        .ask("UASKER", &AskValues::new("Borrow checker", &["Rust"]))
        .await;
    // The group DM opens, but posting into it fails on every attempt.
    for _ in 0..RetryPolicy::default().max_attempts {
        first.slack.fail_when(
            "chat.postMessage",
            "channel",
            "GUASKER-UM1",
            Fault::Status(500),
        );
    }
    first
        .click("UM1", action::ACCEPT, &ask_id.to_string())
        .await;
    first.settle().await;
    assert_eq!(first.ask_status(ask_id).await, "matched");
    assert!(intros_posted(&first).is_empty());
    assert_eq!(first.jobs("intro", Some(ask_id)).await[0].0, "pending");

    // The process goes away before the retry; another one takes over.
    let shared = first.shared();
    drop(first);
    let second = spawn_app_with(Options {
        beside: Some(shared),
        ..Options::default()
    })
    .await;
    second.advance_and_run(Duration::minutes(1)).await;
    let intros = intros_posted(&second);
    assert_eq!(intros.len(), 1, "{:?}", second.slack.refusals());
    assert_eq!(intros[0]["channel"], "GUASKER-UM1");
    assert_eq!(second.jobs("intro", Some(ask_id)).await[0].0, "done");
    second.advance_and_run(Duration::hours(6)).await;
    assert_eq!(intros_posted(&second).len(), 1, "never a second intro");
}

#[tokio::test]
async fn accepting_twice_or_a_repeated_click_never_makes_two_intros() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Borrow checker", &["Rust"]))
        .await;
    // A double click and Slack delivering the same click again, all at once.
    let value = ask_id.to_string();
    let (a, b, c) = tokio::join!(
        app.click("UM1", action::ACCEPT, &value),
        app.click("UM1", action::ACCEPT, &value),
        app.click("UM1", action::ACCEPT, &value),
    );
    assert!([a, b, c].iter().all(|r| r.status() == 200));
    app.settle().await;
    // And once more, later.
    app.click("UM1", action::ACCEPT, &value).await;
    app.settle().await;
    app.advance_and_run(Duration::hours(1)).await;

    assert_eq!(intros_posted(&app).len(), 1);
    assert_eq!(app.jobs("intro", Some(ask_id)).await.len(), 1);
    let matches: i64 = sqlx::query_scalar("SELECT count(*) FROM matches WHERE ask_id = $1")
        .bind(ask_id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(matches, 1);
    assert_eq!(accepted_in_week(&app, "UM1").await, 1);
    assert_eq!(told(&app, "UM1"), [replies::ALREADY_ON_IT; 3]);
}

// 2. Done before the follow-up is due: no follow-up.

#[tokio::test]
async fn a_session_marked_done_before_the_follow_up_is_due_gets_no_follow_up() {
    let app = spawn_app().await;
    let ask_id = matched_with_um1(&app).await;
    let due = start_time() + Duration::days(2);
    app.advance_and_run(Duration::days(1)).await;
    // The mentor marks it done from the intro.
    app.click("UM1", action::MARK_DONE, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "done");

    app.advance_and_run(Duration::days(1)).await;
    assert_eq!(
        app.jobs("follow_up", Some(ask_id)).await,
        [("done".into(), due)],
        "the follow-up ran…"
    );
    assert!(prompts_about(&app, "UM1").is_empty(), "…and asked nothing");
    app.advance_and_run(Duration::days(7)).await;
    assert!(prompts_about(&app, "UM1").is_empty());
}

// 3. Several perspectives: done per session, the ask done when all are.

#[tokio::test]
async fn each_mentor_of_a_two_mentor_ask_marks_only_their_own_session_done() {
    let app = spawn_app().await;
    for m in ["UM1", "UM2", "UM3"] {
        seed_mentor(&app, m, &["Rust"]).await;
    }
    let mut values = AskValues::new("Two views on async design", &["Rust"]);
    values.perspectives = "2";
    let ask_id = app.ask("UASKER", &values).await;
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "open", "one of two");
    app.click("UM2", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "matched");
    assert_eq!(intros_posted(&app).len(), 2);

    // The first mentor's session is done; the other is still to happen.
    app.click("UM1", action::MARK_DONE, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;
    assert!(session(&app, ask_id, "UM1").await.0.is_some());
    assert_eq!(session(&app, ask_id, "UM2").await, (None, None));
    assert_eq!(app.ask_status(ask_id).await, "matched");
    assert_eq!(updates_in(&app, "GUASKER-UM1").len(), 1);
    assert!(updates_in(&app, "GUASKER-UM2").is_empty());
    // Marking it again is answered, and changes nothing.
    app.click("UM1", action::MARK_DONE, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;
    assert_eq!(told(&app, "UM1"), [replies::ALREADY_DONE]);
    assert_eq!(app.ask_status(ask_id).await, "matched");

    // The follow-up asks only about the session that is not done.
    app.advance_and_run(Duration::days(2)).await;
    assert!(prompts_about(&app, "UM1").is_empty());
    assert_eq!(prompts_about(&app, "UM2").len(), 1);

    // The mentee marks the second one done: now the ask is done.
    app.click("UASKER", action::MARK_DONE, &format!("{ask_id}:UM2"))
        .await;
    app.settle().await;
    assert!(session(&app, ask_id, "UM2").await.0.is_some());
    assert_eq!(app.ask_status(ask_id).await, "done");
    assert_eq!(updates_in(&app, "GUASKER-UM2").len(), 1);
}

// 4. Re-open: the session is released and everything it counted is given back.

#[tokio::test]
async fn a_reopen_releases_the_session_and_offers_the_ask_to_someone_new() {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| s.mentors_per_ask = 1)),
        ..Options::default()
    })
    .await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    seed_mentor(&app, "UM2", &["SQL"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Slow query", &["SQL"]))
        .await;
    assert_eq!(app.offers(ask_id).await, [("UM1".into(), "pending".into())]);
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert_eq!(accepted_in_week(&app, "UM1").await, 1);
    assert_eq!(matched_count(&app, ask_id).await, 1);

    app.advance_and_run(Duration::days(2)).await;
    assert_eq!(prompts_about(&app, "UM1").len(), 1);
    let round_one = format!("{ask_id}:UM1:1");
    app.click("UASKER", action::FOLLOWUP_NO, &round_one).await;
    app.settle().await;
    let reopened_at = app.clock.now_utc();
    app.click("UASKER", action::REOPEN_ASK, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;

    // Released, kept as the record; the accept is given back.
    assert_eq!(
        session(&app, ask_id, "UM1").await,
        (None, Some(reopened_at))
    );
    assert_eq!(accepted_in_week(&app, "UM1").await, 0);
    assert_eq!(app.ask_status(ask_id).await, "open");
    assert_eq!(matched_count(&app, ask_id).await, 0);
    // Offered to someone new, not to the same mentor again.
    assert_eq!(
        app.offers(ask_id).await,
        [
            ("UM1".into(), "accepted".into()),
            ("UM2".into(), "pending".into())
        ]
    );
    let dms = |ch: &str| {
        app.slack
            .accepted("chat.postMessage")
            .iter()
            .filter(|c| c.body["channel"] == ch)
            .count()
    };
    assert_eq!(dms("DUM2"), 1, "UM2 got the offer");
    assert_eq!(dms("DUM1"), 1, "UM1 only ever got the first offer");

    // The released mentor cannot mark it done any more, nor can the mentee.
    app.click("UM1", action::MARK_DONE, &format!("{ask_id}:UM1"))
        .await;
    app.click("UASKER", action::MARK_DONE, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;
    assert_eq!(told(&app, "UM1"), [replies::ONLY_SESSION_PEOPLE_MARK_DONE]);
    assert_eq!(
        told(&app, "UASKER").last().map(String::as_str),
        Some(replies::ONLY_SESSION_PEOPLE_MARK_DONE)
    );
    assert_eq!(session(&app, ask_id, "UM1").await.0, None);
    assert_eq!(app.ask_status(ask_id).await, "open");

    // A late "Not yet" on the old prompt asks nothing more about it.
    app.click("UASKER", action::FOLLOWUP_NOT_YET, &round_one)
        .await;
    app.settle().await;
    assert_eq!(
        told(&app, "UASKER").last().map(String::as_str),
        Some(replies::NO_SUCH_SESSION)
    );
    assert_eq!(outcome(&app, ask_id, "UM1").await.unwrap().0, "no");
    assert_eq!(followup_jobs(&app, ask_id).await, [("UM1".into(), 1)]);
    app.advance_and_run(Duration::days(3)).await;
    assert_eq!(
        prompts_about(&app, "UM1").len(),
        1,
        "no follow-up for the released session"
    );
}

#[tokio::test]
async fn a_partly_filled_two_mentor_ask_can_be_reopened() {
    let app = spawn_app().await;
    for m in ["UM1", "UM2", "UM3"] {
        seed_mentor(&app, m, &["SQL"]).await;
    }
    let mut values = AskValues::new("Schema review", &["SQL"]);
    values.perspectives = "2";
    let ask_id = app.ask("UASKER", &values).await;
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "open");
    assert_eq!(matched_count(&app, ask_id).await, 1);

    app.advance_and_run(Duration::days(2)).await;
    assert_eq!(prompts_about(&app, "UM1").len(), 1);
    // Somebody new arrives meanwhile; the re-open offers the ask to them.
    seed_mentor(&app, "UM4", &["SQL"]).await;
    app.click("UASKER", action::FOLLOWUP_NO, &format!("{ask_id}:UM1:1"))
        .await;
    app.settle().await;
    let reopened_at = app.clock.now_utc();
    app.click("UASKER", action::REOPEN_ASK, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;

    assert!(
        !told(&app, "UASKER").contains(&replies::CANNOT_REOPEN.to_owned()),
        "{:?}",
        told(&app, "UASKER")
    );
    assert_eq!(
        session(&app, ask_id, "UM1").await,
        (None, Some(reopened_at))
    );
    assert_eq!(app.ask_status(ask_id).await, "open");
    assert_eq!(matched_count(&app, ask_id).await, 0);
    assert_eq!(accepted_in_week(&app, "UM1").await, 0);
    assert!(app
        .offers(ask_id)
        .await
        .contains(&("UM4".into(), "pending".into())));
    // Two mentors are wanted again: two more accepts fill it.
    app.click("UM2", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "open");
    app.click("UM4", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "matched");
    assert_eq!(matched_count(&app, ask_id).await, 2);
}

// 5. A mentor at capacity releases the offer, and the ask moves on at once.

#[tokio::test]
async fn a_mentor_at_capacity_who_clicks_accept_passes_the_ask_on_at_once() {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| s.mentors_per_ask = 1)),
        ..Options::default()
    })
    .await;
    seed_mentor_with(&app, "UM1", &["Rust"], "UTC", "Mon-Sun 00:00-24:00", 1).await;
    // Both asks are offered while UM1 still has room.
    let first = app.ask("UA1", &AskValues::new("First", &["Rust"])).await;
    let second = app.ask("UA2", &AskValues::new("Second", &["Rust"])).await;
    assert_eq!(app.offers(second).await, [("UM1".into(), "pending".into())]);
    app.click("UM1", action::ACCEPT, &first.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(first).await, "matched");
    // Another mentor is there by now.
    seed_mentor(&app, "UM2", &["Rust"]).await;

    app.click("UM1", action::ACCEPT, &second.to_string()).await;
    app.settle().await;
    assert_eq!(told(&app, "UM1"), [text::AT_CAPACITY]);
    assert!(text::AT_CAPACITY.contains("go to someone else"));
    let (status, reason): (String, Option<String>) = sqlx::query_as(
        "SELECT status, decline_reason FROM offers WHERE ask_id = $1 AND mentor_id = 'UM1'",
    )
    .bind(second)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        (status.as_str(), reason.as_deref()),
        ("declined", Some("at_capacity"))
    );
    // Offered to the next candidate straight away, without waiting for the ladder.
    assert_eq!(
        app.offers(second).await,
        [
            ("UM1".into(), "declined".into()),
            ("UM2".into(), "pending".into())
        ]
    );
    let offer_dms: Vec<Value> = app
        .slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == "DUM2")
        .collect();
    assert_eq!(offer_dms.len(), 1);
    assert!(offer_dms[0].to_string().contains(action::ACCEPT));
    assert_eq!(app.ask_status(second).await, "open");
    assert_eq!(accepted_in_week(&app, "UM1").await, 1);
}

// 6. Follow-up answers find their prompt in the database.

/// UM1 accepted; two days later the prompt was posted. Returns the ask and
/// where the prompt lives.
async fn prompted(app: &TestApp) -> (i64, String, String) {
    let ask_id = matched_with_um1(app).await;
    app.advance_and_run(Duration::days(2)).await;
    let prompt = app
        .slack
        .accepted("chat.postMessage")
        .into_iter()
        .find(|c| {
            c.body["text"]
                .as_str()
                .unwrap_or("")
                .contains("session with <@UM1>")
        })
        .expect("the follow-up prompt");
    // The fake answers with the channel and ts the message was stored under.
    let channel = prompt.body["channel"].as_str().unwrap().to_owned();
    let stored: (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT followup_channel, followup_ts FROM matches WHERE ask_id = $1 AND mentor_id = 'UM1'",
    )
    .bind(ask_id)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(stored.0.as_deref(), Some(channel.as_str()));
    (
        ask_id,
        channel,
        stored.1.expect("the prompt's ts is stored"),
    )
}

const FORGED_CHANNEL: &str = "C0OTHERBOT";
const FORGED_TS: &str = "1699999999.000042";

#[tokio::test]
async fn an_answer_rewrites_the_real_prompt_never_the_message_its_payload_names() {
    let app = spawn_app().await;
    let (ask_id, channel, ts) = prompted(&app).await;
    let opened = app.slack.calls_to("views.open").len();

    // The click names some other bot message as its container.
    app.click_in(
        "UASKER",
        action::FOLLOWUP_YES,
        &format!("{ask_id}:UM1:1"),
        FORGED_CHANNEL,
        FORGED_TS,
    )
    .await;
    app.settle().await;
    assert_eq!(
        outcome(&app, ask_id, "UM1").await,
        Some(("yes".into(), None))
    );
    assert!(updates_in(&app, FORGED_CHANNEL).is_empty());
    let rewritten = updates_in(&app, &channel);
    assert_eq!(rewritten.len(), 1);
    assert_eq!(rewritten[0]["ts"], ts.as_str());
    assert!(!rewritten[0].to_string().contains(action::FOLLOWUP_YES));

    // The rating modal carries the session, and nothing about any message.
    let modal = app.slack.wait_for("views.open", opened + 1).await[opened].body["view"].clone();
    assert_eq!(modal["callback_id"], ids::RATE_MODAL);
    assert_eq!(modal["private_metadata"], format!("{ask_id}:UM1"));

    // Metadata naming a message (as it once could) is not read at all.
    let mut forged = modal.clone();
    forged["private_metadata"] = json!(format!("{ask_id}:UM1:{FORGED_CHANNEL}:{FORGED_TS}"));
    let rating = |n: &str| {
        json!({
            (ids::rate::RATING): { (ids::rate::RATING): { "type": "radio_buttons", "selected_option": { "text": { "type": "plain_text", "text": n }, "value": n } } },
            (ids::rate::NOTE): { (ids::rate::NOTE): { "type": "plain_text_input", "value": null } },
        })
    };
    assert_eq!(
        app.submit_view("UASKER", &forged, rating("1"))
            .await
            .status(),
        200
    );
    app.settle().await;
    assert_eq!(
        outcome(&app, ask_id, "UM1").await,
        Some(("yes".into(), None))
    );
    assert!(updates_in(&app, FORGED_CHANNEL).is_empty());

    // The real modal: the rating is kept and the thanks land on the real prompt.
    assert_eq!(
        app.submit_view("UASKER", &modal, rating("4"))
            .await
            .status(),
        200
    );
    app.settle().await;
    assert_eq!(
        outcome(&app, ask_id, "UM1").await,
        Some(("yes".into(), Some(4)))
    );
    let rewritten = updates_in(&app, &channel);
    assert_eq!(rewritten.len(), 2);
    assert_eq!(rewritten[1]["ts"], ts.as_str());
    assert!(rewritten[1]["text"].as_str().unwrap().contains("Thanks"));
    assert!(updates_in(&app, FORGED_CHANNEL).is_empty());
}

#[tokio::test]
async fn a_follow_up_answer_about_a_mentor_with_no_session_changes_nothing() {
    let app = spawn_app().await;
    let (ask_id, _, _) = prompted(&app).await;
    let updates = app.slack.calls_to("chat.update").len();
    let opened = app.slack.calls_to("views.open").len();
    let jobs = followup_jobs(&app, ask_id).await;

    let forged = format!("{ask_id}:UFORGED:1");
    for answer in [
        action::FOLLOWUP_NOT_YET,
        action::FOLLOWUP_YES,
        action::FOLLOWUP_NO,
    ] {
        app.click("UASKER", answer, &forged).await;
        app.settle().await;
    }
    assert_eq!(told(&app, "UASKER"), [replies::NO_SUCH_SESSION; 3]);
    assert_eq!(app.slack.calls_to("chat.update").len(), updates);
    assert_eq!(
        app.slack.calls_to("views.open").len(),
        opened,
        "no rating modal"
    );
    assert_eq!(followup_jobs(&app, ask_id).await, jobs, "nothing scheduled");
    assert_eq!(outcome(&app, ask_id, "UFORGED").await, None);
    assert_eq!(outcome(&app, ask_id, "UM1").await, None);
    app.advance_and_run(Duration::days(3)).await;
    assert!(prompts_about(&app, "UFORGED").is_empty());
}

// 7. "Not yet" is one answer per prompt, however often it is clicked.

#[tokio::test]
async fn not_yet_clicked_three_times_schedules_one_more_follow_up() {
    let app = spawn_app().await;
    let (ask_id, channel, _) = prompted(&app).await;
    let round_one = format!("{ask_id}:UM1:1");
    // A double click, then the same click again an hour later.
    let (a, b) = tokio::join!(
        app.click("UASKER", action::FOLLOWUP_NOT_YET, &round_one),
        app.click("UASKER", action::FOLLOWUP_NOT_YET, &round_one),
    );
    assert!(a.status().is_success() && b.status().is_success());
    app.settle().await;
    app.advance_and_run(Duration::hours(1)).await;
    app.click("UASKER", action::FOLLOWUP_NOT_YET, &round_one)
        .await;
    app.settle().await;

    assert_eq!(
        followup_jobs(&app, ask_id).await,
        [("UM1".into(), 1), ("UM1".into(), 2)],
        "exactly one further follow-up"
    );
    assert_eq!(outcome(&app, ask_id, "UM1").await.unwrap().0, "not_yet");
    let answered = updates_in(&app, &channel);
    assert_eq!(answered.len(), 1, "the prompt is answered once");
    assert_eq!(answered[0]["text"], replies::FOLLOWUP_AGAIN_LATER);

    // The second round comes once; its "Yes" is not undone by the old prompt.
    app.advance_and_run(Duration::days(2)).await;
    assert_eq!(prompts_about(&app, "UM1").len(), 2);
    app.click("UASKER", action::FOLLOWUP_YES, &format!("{ask_id}:UM1:2"))
        .await;
    app.settle().await;
    app.click("UASKER", action::FOLLOWUP_NOT_YET, &round_one)
        .await;
    app.settle().await;
    assert_eq!(outcome(&app, ask_id, "UM1").await.unwrap().0, "yes");
    assert_eq!(followup_jobs(&app, ask_id).await.len(), 2);
    app.advance_and_run(Duration::days(5)).await;
    assert_eq!(prompts_about(&app, "UM1").len(), 2, "asked at most twice");
}

#[tokio::test]
async fn a_reopen_asks_the_superseded_mentors_again_and_starts_a_fresh_ladder() {
    // The default: three mentors offered at once.
    let app = spawn_app().await;
    for m in ["UM1", "UM2", "UM3"] {
        seed_mentor(&app, m, &["SQL"]).await;
    }
    let ask_id = app
        .ask("UASKER", &AskValues::new("Slow query", &["SQL"]))
        .await;
    assert_eq!(app.offers(ask_id).await.len(), 3);
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    // Past the original expiry, the session turns out not to have happened.
    app.advance_and_run(Duration::days(8)).await;
    assert_eq!(
        app.ask_status(ask_id).await,
        "matched",
        "a match never expires"
    );
    app.click("UASKER", action::FOLLOWUP_NO, &format!("{ask_id}:UM1:1"))
        .await;
    app.settle().await;
    app.click("UASKER", action::REOPEN_ASK, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;

    // Those told "taken" are asked again; the released mentor is not.
    let offers = app.offers(ask_id).await;
    assert!(
        offers.contains(&("UM1".into(), "accepted".into())),
        "{offers:?}"
    );
    assert!(
        offers.contains(&("UM2".into(), "pending".into())),
        "{offers:?}"
    );
    assert!(
        offers.contains(&("UM3".into(), "pending".into())),
        "{offers:?}"
    );
    // A fresh ladder from the re-open: nobody answers, so it expires a week later.
    app.advance_and_run(Duration::days(6)).await;
    assert_eq!(app.ask_status(ask_id).await, "open");
    app.advance_and_run(Duration::days(2)).await;
    assert_eq!(app.ask_status(ask_id).await, "expired");
}

#[tokio::test]
async fn when_slack_refuses_the_group_dm_for_good_the_mentor_is_told_to_reach_out() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Slow query", &["SQL"]))
        .await;
    app.slack
        .fail_next("conversations.open", Fault::ApiError("cannot_dm_bot"));
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert!(intros_posted(&app).is_empty());
    let said: Vec<String> = app
        .slack
        .accepted("chat.postMessage")
        .into_iter()
        .filter(|c| c.body["channel"] == "UM1")
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        said.iter()
            .any(|t| t.contains("message <@UASKER> directly")),
        "{said:?}"
    );
    let failed: Vec<String> = sqlx::query_scalar("SELECT status FROM jobs WHERE kind = 'intro'")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        failed,
        ["failed"],
        "not retried: Slack said no for a reason"
    );
}
