//! `/ask history`: your sessions as mentee and as mentor, and the same record as
//! a CSV by DM; ratings the other person gave only once both answered.

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::{spawn_app, state_values, TestApp};
use chrono::Duration;
use micromentor::views::ids::{self, action};
use serde_json::{json, Value};

fn rating(n: &str) -> Value {
    state_values([
        (
            ids::rate::RATING,
            json!({ "type": "radio_buttons", "selected_option": { "value": n } }),
        ),
        (
            ids::rate::NOTE,
            json!({ "type": "plain_text_input", "value": null }),
        ),
    ])
}

async fn last_modal_submit(app: &TestApp, user: &str, n: &str) {
    let modal = app.slack.calls_to("views.open").last().unwrap().body["view"].clone();
    assert_eq!(app.submit_view(user, &modal, rating(n)).await.status(), 200);
    app.settle().await;
}

/// `/ask history`'s answer as text.
async fn history(app: &TestApp, user: &str) -> String {
    let res = app.command(user, "/ask", "history").await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["response_type"], "ephemeral");
    body.to_string()
}

#[tokio::test]
async fn the_record_lists_both_roles_and_the_csv_carries_it() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    seed_mentor(&app, "UM2", &["Rust"]).await;
    assert!(history(&app, "UM1").await.contains("No sessions yet"));

    // UM1 helps UASKER with SQL; UM2 helps UM1 with Rust.
    let given = app
        .ask("UASKER", &AskValues::new("Slow, \"odd\" query", &["SQL"]))
        .await;
    app.click("UM1", action::ACCEPT, &given.to_string()).await;
    let got = app
        .ask("UM1", &AskValues::new("Lifetimes", &["Rust"]))
        .await;
    app.click("UM2", action::ACCEPT, &got.to_string()).await;
    app.settle().await;
    app.advance_and_run(Duration::days(2)).await;

    // The mentee rates 5; until UM1 answers too, UM1's record does not show it.
    app.click("UASKER", action::FOLLOWUP_YES, &format!("{given}:UM1:1"))
        .await;
    app.settle().await;
    last_modal_submit(&app, "UASKER", "5").await;
    let before = history(&app, "UM1").await;
    assert!(
        before.contains("*Help you gave* (1)") && before.contains("*Help you got* (1)"),
        "{before}"
    );
    assert!(!before.contains("they rated"), "{before}");

    app.click("UM1", action::MENTOR_FOLLOWUP_YES, &format!("{given}:UM1"))
        .await;
    app.settle().await;
    let opened = app.slack.calls_to("views.open");
    assert_eq!(
        opened.last().unwrap().body["view"]["callback_id"],
        ids::MENTOR_FEEDBACK_MODAL,
        "{:?}",
        app.slack.calls_to("response_url:UM1")
    );
    last_modal_submit(&app, "UM1", "4").await;
    let after = history(&app, "UM1").await;
    assert!(after.contains("you rated 4/5 · they rated 5/5"), "{after}");
    assert!(after.contains("with <@UASKER>") && after.contains("with <@UM2>"));

    app.click("UM1", action::HISTORY_CSV, "csv").await;
    app.settle().await;
    let files = app.slack.completed_files();
    let csv = files
        .iter()
        .find(|f| f.filename.starts_with("micromentor-record-"))
        .unwrap();
    assert_eq!(csv.channel.as_deref(), Some("DUM1"));
    let contents = String::from_utf8(csv.bytes.clone().unwrap()).unwrap();
    // Newest first (the later ask first when matched at the same moment).
    assert_eq!(
        contents,
        "date,role,topic,skills,time_box_minutes,status,rating_given,rating_received\r\n\
         2026-03-02,mentee,Lifetimes,Rust,20,matched,,\r\n\
         2026-03-02,mentor,\"Slow, \"\"odd\"\" query\",SQL,20,matched,4,5\r\n"
    );
    assert!(
        !contents.contains("UASKER") && !contents.contains("UM2"),
        "names nobody"
    );
}
