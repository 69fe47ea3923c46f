//! "Did your session happen?" and each of its answers.

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::{spawn_app, TestApp, TEAM_ID};
use chrono::Duration;
use micromentor::views::ids::{self, action};
use serde_json::{json, Value};

async fn matched(app: &TestApp) -> i64 {
    seed_mentor(app, "UM1", &["SQL"]).await;
    seed_mentor(app, "UM2", &["SQL"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Slow query", &["SQL"]))
        .await;
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    ask_id
}

fn prompts(app: &TestApp) -> Vec<Value> {
    app.slack
        .calls_to("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| {
            b["channel"] == "UASKER"
                && b["text"]
                    .as_str()
                    .unwrap_or("")
                    .contains("session with <@UM1>")
        })
        .collect()
}

async fn outcome(app: &TestApp) -> Option<(String, Option<i16>, Option<String>)> {
    sqlx::query_as("SELECT happened, rating, note FROM session_outcomes WHERE mentor_id = 'UM1'")
        .fetch_optional(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_follow_up_comes_after_two_days_and_yes_leads_to_a_rating() {
    let app = spawn_app().await;
    let ask_id = matched(&app).await;
    let due = crate::helpers::start_time() + Duration::days(2);
    app.advance_and_run(Duration::hours(47)).await;
    assert_eq!(
        app.jobs("follow_up", Some(ask_id)).await,
        [("pending".into(), due)],
        "not due yet"
    );
    assert!(prompts(&app).is_empty());
    app.advance_and_run(Duration::hours(1)).await;
    let p = prompts(&app);
    assert_eq!(p.len(), 1);
    insta::assert_json_snapshot!("followup_prompt", p[0]);

    app.click("UASKER", action::FOLLOWUP_YES, &format!("{ask_id}:UM1:1"))
        .await;
    app.settle().await;
    let modal = app
        .slack
        .wait_for("views.open", 2)
        .await
        .last()
        .unwrap()
        .body["view"]
        .clone();
    assert_eq!(modal["callback_id"], ids::RATE_MODAL);
    let values = crate::helpers::state_values([
        (
            ids::rate::RATING,
            json!({ "type": "radio_buttons", "selected_option": { "text": { "type": "plain_text", "text": "4" }, "value": "4" } }),
        ),
        (
            ids::rate::NOTE,
            json!({ "type": "plain_text_input", "value": "Fixed it with a partial index" }),
        ),
    ]);
    assert_eq!(
        app.submit_view("UASKER", &modal, values).await.status(),
        200
    );
    app.settle().await;
    assert_eq!(
        outcome(&app).await,
        Some((
            "yes".into(),
            Some(4),
            Some("Fixed it with a partial index".into())
        ))
    );
    // Settled: no more follow-ups, ever.
    app.advance_and_run(Duration::days(10)).await;
    assert_eq!(
        app.jobs("follow_up", Some(ask_id)).await,
        [("done".into(), due)],
        "the one follow-up ran; no other was scheduled"
    );
    assert_eq!(prompts(&app).len(), 1);
    let _ = TEAM_ID;
}

#[tokio::test]
async fn not_yet_asks_again_once() {
    let app = spawn_app().await;
    let ask_id = matched(&app).await;
    app.advance_and_run(Duration::days(2)).await;
    app.click(
        "UASKER",
        action::FOLLOWUP_NOT_YET,
        &format!("{ask_id}:UM1:1"),
    )
    .await;
    app.settle().await;
    assert_eq!(outcome(&app).await.unwrap().0, "not_yet");
    app.advance_and_run(Duration::days(2)).await;
    let p = prompts(&app);
    assert_eq!(p.len(), 2);
    assert!(p[1]["text"].as_str().unwrap().contains("Checking in again"));
    app.click(
        "UASKER",
        action::FOLLOWUP_NOT_YET,
        &format!("{ask_id}:UM1:2"),
    )
    .await;
    app.settle().await;
    app.advance_and_run(Duration::days(10)).await;
    let rounds: Vec<String> = app
        .jobs("follow_up", Some(ask_id))
        .await
        .into_iter()
        .map(|(status, _)| status)
        .collect();
    assert_eq!(rounds, ["done", "done"], "both rounds ran; no third");
    assert_eq!(prompts(&app).len(), 2, "asked at most twice");
}

#[tokio::test]
async fn it_didnt_happen_offers_to_reopen_the_ask_to_others() {
    let app = spawn_app().await;
    let ask_id = matched(&app).await;
    app.advance_and_run(Duration::days(2)).await;
    // Somebody else cannot answer for the mentee, and is told so.
    app.click("UM2", action::FOLLOWUP_NO, &format!("{ask_id}:UM1:1"))
        .await;
    app.settle().await;
    let told = app.slack.calls_to("response_url:UM2");
    assert_eq!(told.len(), 1);
    assert!(told[0].body["text"]
        .as_str()
        .unwrap()
        .contains("Only the person who asked"));
    assert!(outcome(&app).await.is_none());

    app.click("UASKER", action::FOLLOWUP_NO, &format!("{ask_id}:UM1:1"))
        .await;
    app.settle().await;
    assert_eq!(outcome(&app).await.unwrap().0, "no");
    let rewritten = app
        .slack
        .calls_to("chat.update")
        .last()
        .unwrap()
        .body
        .clone();
    assert!(rewritten.to_string().contains(action::REOPEN_ASK));

    app.click("UASKER", action::REOPEN_ASK, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "open");
    // UM2's first offer was superseded when UM1 accepted; a re-opened ask looks
    // for mentors it has not been offered to, so nobody new here, and the
    // mentee is told honestly.
    let last = app
        .slack
        .calls_to("chat.postMessage")
        .last()
        .unwrap()
        .body
        .clone();
    assert_eq!(last["channel"], "UASKER");

    // A fresh mentor picks it up on the next routing pass (the widening rung).
    seed_mentor(&app, "UM3", &["SQL"]).await;
    crate::helpers::asks::add_skill(&app, "SQL").await;
    micromentor::flows::route::route_ask(&app.state, ask_id, false)
        .await
        .unwrap();
    app.settle().await;
    assert!(app
        .offers(ask_id)
        .await
        .contains(&("UM3".into(), "pending".into())));
}
