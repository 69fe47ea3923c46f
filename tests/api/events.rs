use crate::helpers::{spawn_app, TEAM_ID};
use serde_json::json;

fn home_opened(event_id: &str, user: &str) -> serde_json::Value {
    json!({
        "token": "deprecated",
        "team_id": TEAM_ID,
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1_772_445_600,
        "event": { "type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home", "event_ts": "1772445600.000100" }
    })
}

#[tokio::test]
async fn url_verification_echoes_the_challenge() {
    let app = spawn_app().await;
    let res = app
        .event(&json!({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}), None)
        .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["challenge"],
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );
}

#[tokio::test]
async fn app_home_opened_publishes_the_home_tab() {
    let app = spawn_app().await;
    assert_eq!(
        app.event(&home_opened("Ev1", "U1"), None).await.status(),
        200
    );
    let calls = app.slack.wait_for("views.publish", 1).await;
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].body["user_id"], "U1");
    assert_eq!(calls[0].body["view"]["type"], "home");
}

#[tokio::test]
async fn a_retried_event_is_processed_once() {
    let app = spawn_app().await;
    assert_eq!(
        app.event(&home_opened("EvSame", "U1"), None).await.status(),
        200
    );
    assert_eq!(
        app.event(&home_opened("EvSame", "U1"), Some(1))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.event(&home_opened("EvSame", "U1"), Some(2))
            .await
            .status(),
        200
    );
    app.settle().await;
    assert_eq!(app.slack.calls_to("views.publish").len(), 1);

    // A different event is a different delivery.
    app.event(&home_opened("EvOther", "U1"), None).await;
    app.settle().await;
    assert_eq!(app.slack.calls_to("views.publish").len(), 2);

    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM slack_events")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 2);
}

#[tokio::test]
async fn the_messages_tab_does_not_publish_home() {
    let app = spawn_app().await;
    let mut ev = home_opened("EvMsg", "U1");
    ev["event"]["tab"] = json!("messages");
    assert_eq!(app.event(&ev, None).await.status(), 200);
    app.settle().await;
    // The delivery was taken (recorded once) and the work it spawned has finished…
    let taken: Vec<(String, String)> =
        sqlx::query_as("SELECT event_id, event_type FROM slack_events")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(taken, [("EvMsg".into(), "app_home_opened".into())]);
    // …and published nothing.
    assert!(app.slack.calls_to("views.publish").is_empty());

    // The same user opening the Home tab next does get it, and only that one.
    app.event(&home_opened("EvHomeTab", "U1"), None).await;
    assert_eq!(app.slack.wait_for("views.publish", 1).await.len(), 1);
    app.settle().await;
    assert_eq!(app.slack.calls_to("views.publish").len(), 1);
}

#[tokio::test]
async fn unknown_payload_types_get_a_polite_200() {
    let app = spawn_app().await;
    assert_eq!(
        app.event(&json!({"type": "app_rate_limited"}), None)
            .await
            .status(),
        200
    );
    let res = app
        .interaction(&json!({"type": "message_action", "team": {"id": TEAM_ID}}))
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn app_home_shows_your_mentoring_your_asks_and_what_lacks_mentors() {
    use crate::helpers::asks::{add_skill, seed_mentor, AskValues};
    let app = spawn_app().await;
    // U1 is a workspace admin: the organisation's figures are theirs to see.
    app.slack.set_admin("U1");
    seed_mentor(&app, "UM1", &["Rust"]).await;
    add_skill(&app, "Haskell").await;
    app.ask("U1", &AskValues::new("Monads <please>", &["Haskell"]))
        .await;
    app.ask("U2", &AskValues::new("Lifetimes", &["Rust"])).await;

    app.event(&home_opened("EvHome1", "U1"), None).await;
    app.settle().await;
    let view = app.slack.accepted("views.publish")[0].body["view"].to_string();
    assert!(view.contains("You're not mentoring yet"), "{view}");
    assert!(view.contains("Monads &lt;please&gt;"), "{view}");
    assert!(view.contains("2 asks, 0 matched"), "{view}");
    assert!(
        view.contains("Skills that lack mentors:* Haskell (1)"),
        "{view}"
    );
    assert!(view.contains("1 mentors taking asks"), "{view}");

    app.event(&home_opened("EvHome2", "UM1"), None).await;
    app.settle().await;
    let view = app.slack.accepted("views.publish")[1].body["view"].to_string();
    assert!(view.contains("You're mentoring"), "{view}");
    assert!(
        !view.contains("mentors taking asks"),
        "not an admin: {view}"
    );
}
