use crate::helpers::{spawn_app, Fault};
use std::time::{Duration, Instant};

#[tokio::test]
async fn mentor_is_acked_at_once_and_opens_a_modal_with_its_trigger_id() {
    let app = spawn_app().await;
    // Slack is slow today: the ack must not wait for it.
    app.slack
        .fail_next("views.open", Fault::Delay(Duration::from_secs(4)));
    let started = Instant::now();
    let res = app.command("U1", "/mentor", "").await;
    let acked_in = started.elapsed();
    assert_eq!(res.status(), 200);
    assert!(acked_in < Duration::from_secs(3), "acked in {acked_in:?}");

    let calls = app.slack.wait_for("views.open", 1).await;
    assert_eq!(calls.len(), 1);
    let trigger = calls[0].body["trigger_id"].as_str().unwrap();
    assert!(trigger.starts_with("trigger-U1-"), "{trigger}");
    assert_eq!(calls[0].body["view"]["type"], "modal");
}

#[tokio::test]
async fn an_unknown_command_gets_a_polite_ephemeral_answer() {
    let app = spawn_app().await;
    let res = app.command("U1", "/<!channel>", "").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["response_type"], "ephemeral");
    let text = body["text"].as_str().unwrap();
    assert!(text.contains("`/ask`"), "{text}");
    assert!(
        text.contains("&lt;!channel&gt;"),
        "user text is escaped: {text}"
    );
}

#[tokio::test]
async fn when_slack_refuses_the_modal_the_user_is_told() {
    let app = spawn_app().await;
    app.slack
        .fail_next("views.open", Fault::ApiError("expired_trigger_id"));
    app.command("U1", "/mentor", "").await;
    let told = app.slack.wait_for("response_url:U1", 1).await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].body["response_type"], "ephemeral");
}
