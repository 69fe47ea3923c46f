//! `ASK_LIMIT`: at most so many asks per person per rolling period; admins are
//! exempt; asks cancelled before anyone accepted them don't count.

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::{spawn_app_with, start_time, Options, TestApp};
use chrono::Duration;
use micromentor::views::ids::action;

async fn limited() -> TestApp {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| {
            s.ask_limit = Some("3/30d".parse().unwrap());
            s.admins.users = vec!["UBOSS".into()];
        })),
        ..Default::default()
    })
    .await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    app
}

/// The first line of the ask form opened by `/ask` (it says what is left).
async fn form_intro(app: &TestApp, user: &str) -> String {
    let view = app.open_modal(user, "/ask", "").await;
    view["blocks"][0]["elements"][0]["text"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// What `/ask` said through the command's response_url, last first.
fn told(app: &TestApp, user: &str) -> Vec<String> {
    let mut said: Vec<String> = app
        .slack
        .calls_to(&format!("response_url:{user}"))
        .iter()
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    said.reverse();
    said
}

#[tokio::test]
async fn the_form_says_what_is_left_and_over_the_limit_nothing_opens() {
    let app = limited().await;
    assert!(
        !form_intro(&app, "UASKER").await.contains("left"),
        "3 left: not worth saying"
    );
    app.ask("UASKER", &AskValues::new("One", &["SQL"])).await;
    assert!(form_intro(&app, "UASKER").await.contains("*2 asks left*"));
    app.clock.set(start_time() + Duration::days(2));
    app.ask("UASKER", &AskValues::new("Two", &["SQL"])).await;
    assert!(form_intro(&app, "UASKER").await.contains("*1 ask left*"));
    app.ask("UASKER", &AskValues::new("Three", &["SQL"])).await;

    let opened = app.slack.calls_to("views.open").len();
    let res = app.command("UASKER", "/ask", "Four").await;
    assert_eq!(res.status(), 200);
    app.settle().await;
    assert_eq!(app.slack.calls_to("views.open").len(), opened, "no form");
    // The first ask (at the start) frees up 30 days after it was made.
    let next = (start_time() + Duration::days(30)).timestamp();
    let said = &told(&app, "UASKER")[0];
    assert!(said.contains(&format!("<!date^{next}^")), "{said}");

    // Thirty days after the first, one ask is possible again.
    app.clock
        .set(start_time() + Duration::days(30) + Duration::minutes(1));
    assert!(form_intro(&app, "UASKER").await.contains("*1 ask left*"));
}

#[tokio::test]
async fn an_ask_cancelled_before_anyone_accepted_does_not_count() {
    let app = limited().await;
    let first = app.ask("UASKER", &AskValues::new("One", &["SQL"])).await;
    app.click("UASKER", action::CANCEL_ASK, &first.to_string())
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(first).await, "cancelled");
    assert!(
        !form_intro(&app, "UASKER").await.contains("left"),
        "still 3 left"
    );
    // An accepted one counts even when it is done.
    let second = app.ask("UASKER", &AskValues::new("Two", &["SQL"])).await;
    app.click("UM1", action::ACCEPT, &second.to_string()).await;
    app.settle().await;
    assert!(form_intro(&app, "UASKER").await.contains("*2 asks left*"));
}

#[tokio::test]
async fn a_form_opened_before_the_limit_was_reached_is_refused_on_submit() {
    let app = limited().await;
    let early = app.open_modal("UASKER", "/ask", "").await;
    for topic in ["One", "Two", "Three"] {
        app.ask("UASKER", &AskValues::new(topic, &["SQL"])).await;
    }
    let res = app
        .submit_view("UASKER", &early, AskValues::new("Four", &["SQL"]).values())
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["response_action"], "errors", "{body}");
    assert!(body["errors"]["topic"]
        .as_str()
        .unwrap()
        .contains("next is possible"));
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM asks WHERE asker_id = 'UASKER'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 3);
}

#[tokio::test]
async fn admins_are_exempt() {
    let app = limited().await;
    for topic in ["One", "Two", "Three", "Four"] {
        app.ask("UBOSS", &AskValues::new(topic, &["SQL"])).await;
    }
    assert!(!form_intro(&app, "UBOSS").await.contains("left"));
}
