//! People who leave the workspace, and a workspace that uninstalls the app.

use crate::helpers::asks::{add_skill, seed_mentor, AskValues};
use crate::helpers::{spawn_app, Fault, TestApp, TEAM_ID};
use micromentor::views::ids::action;
use serde_json::{json, Value};

fn event(event_id: &str, event: Value) -> Value {
    json!({
        "token": "deprecated",
        "team_id": TEAM_ID,
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1_772_445_600,
        "event": event,
    })
}

/// UM1 mentors Rust; UASKER asks about lifetimes (offered to UM1).
async fn ask_offered_to_um1(app: &TestApp) -> i64 {
    seed_mentor(app, "UM1", &["Rust"]).await;
    app.ask("UASKER", &AskValues::new("Lifetimes", &["Rust"]))
        .await
}

async fn opted_in(app: &TestApp, user: &str) -> bool {
    sqlx::query_scalar("SELECT opted_in FROM mentors WHERE user_id = $1")
        .bind(user)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

fn dms_to(app: &TestApp, channel: &str) -> Vec<String> {
    app.slack
        .calls_to("chat.postMessage")
        .into_iter()
        .filter(|c| c.body["channel"] == channel)
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn a_deactivated_mentor_is_never_offered_an_ask_and_leaves_the_list() {
    let app = spawn_app().await;
    add_skill(&app, "Rust").await;
    seed_mentor(&app, "UGONE", &["Rust"]).await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    app.slack.set_deleted("UGONE");
    let ask_id = app
        .ask("UASKER", &AskValues::new("Lifetimes", &["Rust"]))
        .await;
    // users.info was asked, and only the one still here got the offer.
    assert!(!app.slack.calls_to("users.info").is_empty());
    assert_eq!(app.offers(ask_id).await, [("UM1".into(), "pending".into())]);
    assert!(!opted_in(&app, "UGONE").await);
}

#[tokio::test]
async fn a_mentor_who_leaves_has_their_pending_offer_moved_on() {
    let app = spawn_app_with_per_ask(1).await;
    add_skill(&app, "Rust").await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    seed_mentor(&app, "UM2", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Lifetimes", &["Rust"]))
        .await;
    let first = app.offers(ask_id).await;
    assert_eq!(first.len(), 1, "one mentor per ask");
    let gone = first[0].0.clone();
    let other = if gone == "UM1" { "UM2" } else { "UM1" };

    app.slack.set_deleted(&gone);
    let res = app
        .event(
            &event(
                "EvGone",
                json!({ "type": "user_change", "user": { "id": gone, "deleted": true } }),
            ),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    app.settle().await;
    let offers = app.offers(ask_id).await;
    assert!(
        offers.contains(&(gone.clone(), "declined".into())),
        "{offers:?}"
    );
    assert!(
        offers.contains(&(other.to_owned(), "pending".into())),
        "{offers:?}"
    );
    assert!(!opted_in(&app, &gone).await);
    let reason: String =
        sqlx::query_scalar("SELECT decline_reason FROM offers WHERE mentor_id = $1")
            .bind(&gone)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(reason, "left");
}

#[tokio::test]
async fn an_asker_who_left_gets_no_intro_and_the_mentor_is_told_the_truth() {
    let app = spawn_app().await;
    let ask_id = ask_offered_to_um1(&app).await;
    app.slack.set_deleted("UASKER");
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert!(
        app.slack
            .calls_to("conversations.open")
            .iter()
            .all(|c| !c.body["users"]
                .as_str()
                .unwrap_or_default()
                .contains("UASKER")),
        "no group DM with someone who left"
    );
    assert!(app.intros().is_empty());
    let told = dms_to(&app, "UM1");
    assert!(
        told.iter().any(|t| t.contains("has left the workspace")),
        "{told:?}"
    );
}

#[tokio::test]
async fn an_uninstalled_app_stops_calling_slack_and_keeps_its_data() {
    let app = spawn_app().await;
    let ask_id = ask_offered_to_um1(&app).await;
    let res = app
        .event(&event("EvBye", json!({ "type": "app_uninstalled" })), None)
        .await;
    assert_eq!(res.status(), 200);
    app.settle().await;
    let before = app.slack.calls().len();
    // The reminder ladder comes due: its jobs end without a single Slack call.
    let ran = app.advance_and_run(chrono::Duration::days(8)).await;
    assert!(ran > 0, "the due jobs ran");
    assert_eq!(
        app.slack.calls().len(),
        before,
        "{:?}",
        &app.slack.calls()[before..]
    );
    let failed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM jobs WHERE status = 'failed' AND last_error LIKE '%uninstalled%'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(failed > 0);
    // Nothing was deleted.
    assert_eq!(app.ask_status(ask_id).await, "open");
    assert_eq!(app.offers(ask_id).await.len(), 1);
}

#[tokio::test]
async fn an_offer_dm_that_fails_moves_on_to_the_next_candidate_in_the_same_pass() {
    let app = spawn_app_with_per_ask(1).await;
    add_skill(&app, "Rust").await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    seed_mentor(&app, "UM2", &["Rust"]).await;
    // The first DM Slack is asked to open fails for good.
    app.slack
        .fail_next("conversations.open", Fault::ApiError("user_disabled"));
    let ask_id = app
        .ask("UASKER", &AskValues::new("Lifetimes", &["Rust"]))
        .await;
    let offers = app.offers(ask_id).await;
    assert_eq!(offers.len(), 1, "{offers:?}");
    assert_eq!(offers[0].1, "pending");
    assert_eq!(app.slack.calls_to("conversations.open").len(), 2);
}

async fn spawn_app_with_per_ask(n: u8) -> TestApp {
    crate::helpers::spawn_app_with(crate::helpers::Options {
        settings: Some(Box::new(move |s| s.mentors_per_ask = n)),
        ..Default::default()
    })
    .await
}

#[tokio::test]
async fn a_revoked_bot_token_stops_slack_calls_and_a_reinstall_resumes_them() {
    let app = spawn_app().await;
    add_skill(&app, "Rust").await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Lifetimes", &["Rust"]))
        .await;
    let res = app
        .event(
            &event(
                "EvRevoked",
                json!({ "type": "tokens_revoked", "tokens": { "oauth": [], "bot": ["UBOT"] } }),
            ),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    app.settle().await;
    let before = app.slack.calls().len();
    assert!(app.advance_and_run(chrono::Duration::hours(5)).await > 0);
    assert_eq!(
        app.slack.calls().len(),
        before,
        "no Slack call while revoked"
    );

    // Reinstalled with a working token: a restart finds auth.test answering and
    // the workspace's jobs run again.
    let shared = app.shared();
    drop(app);
    let again = crate::helpers::spawn_app_with(crate::helpers::Options {
        beside: Some(shared),
        ..Default::default()
    })
    .await;
    let before = again.slack.calls().len();
    again.advance_and_run(chrono::Duration::days(7)).await;
    assert!(
        again.slack.calls()[before..]
            .iter()
            .any(|c| c.method == "chat.postMessage"),
        "the expiry tells the asker again"
    );
    assert_eq!(again.ask_status(ask_id).await, "expired");
}

#[tokio::test]
async fn an_asker_who_leaves_has_their_open_asks_closed_and_mentors_told() {
    let app = spawn_app().await;
    let ask_id = ask_offered_to_um1(&app).await;
    assert_eq!(app.offers(ask_id).await, [("UM1".into(), "pending".into())]);
    let res = app
        .event(
            &event(
                "EvAskerGone",
                json!({ "type": "user_change", "user": { "id": "UASKER", "deleted": true } }),
            ),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    app.settle().await;
    // Stored as a durable job before the ack, and done.
    let jobs: Vec<String> =
        sqlx::query_scalar("SELECT status FROM jobs WHERE kind = 'person_left'")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(jobs, ["done"]);
    assert_eq!(app.ask_status(ask_id).await, "cancelled");
    assert_eq!(
        app.offers(ask_id).await,
        [("UM1".into(), "withdrawn".into())]
    );
    // The mentor's offer DM says so.
    let rewritten = app
        .slack
        .calls_to("chat.update")
        .iter()
        .any(|c| c.body["channel"] == "DUM1");
    assert!(rewritten, "{:?}", app.slack.calls_to("chat.update"));
}
