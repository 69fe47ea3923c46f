//! Feedback both ways, revealed together: each side sees the other's answer only
//! once both answered; a silent mentor still gets the thank-you note after a week.

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::home::view_text;
use crate::helpers::{rating_form, spawn_app, TestApp};
use chrono::Duration;
use micromentor::views::ids::{self, action};
use serde_json::Value;

async fn followed_up(app: &TestApp) -> i64 {
    seed_mentor(app, "UM1", &["SQL"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Slow query", &["SQL"]))
        .await;
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    app.advance_and_run(Duration::days(2)).await;
    ask_id
}

/// The last modal opened.
fn last_modal(app: &TestApp) -> Value {
    app.slack.calls_to("views.open").last().unwrap().body["view"].clone()
}

/// DMs to `user` (their texts).
fn dms(app: &TestApp, user: &str) -> Vec<String> {
    app.slack
        .calls_to("chat.postMessage")
        .iter()
        .filter(|c| c.body["channel"] == user)
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn mentee_rates(app: &TestApp, ask_id: i64, n: &str, note: &str) {
    app.click("UASKER", action::FOLLOWUP_YES, &format!("{ask_id}:UM1:1"))
        .await;
    app.settle().await;
    let modal = last_modal(app);
    assert_eq!(modal["callback_id"], ids::RATE_MODAL);
    assert_eq!(
        app.submit_view("UASKER", &modal, rating_form(n, note))
            .await
            .status(),
        200
    );
    app.settle().await;
}

#[tokio::test]
async fn each_sees_the_others_answer_only_once_both_answered() {
    let app = spawn_app().await;
    let ask_id = followed_up(&app).await;
    mentee_rates(&app, ask_id, "5", "Thanks so much!").await;
    assert!(
        dms(&app, "UM1")
            .iter()
            .all(|t| !t.contains("Thanks so much")),
        "hidden until the mentor answers"
    );

    app.click("UM1", action::MENTOR_FOLLOWUP_YES, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;
    let modal = last_modal(&app);
    assert_eq!(modal["callback_id"], ids::MENTOR_FEEDBACK_MODAL);
    // Someone else cannot answer for the mentor with a copy of the modal.
    app.submit_view("USTRANGER", &modal, rating_form("1", "Awful"))
        .await;
    app.settle().await;
    assert!(dms(&app, "UASKER")
        .iter()
        .all(|t| !t.contains("found your ask clear")));

    assert_eq!(
        app.submit_view("UM1", &modal, rating_form("4", "Great prep"))
            .await
            .status(),
        200
    );
    app.settle().await;
    let to_mentee: Vec<String> = dms(&app, "UASKER")
        .into_iter()
        .filter(|t| t.contains("found your ask clear"))
        .collect();
    assert_eq!(to_mentee.len(), 1);
    assert!(
        to_mentee[0].contains("4/5") && to_mentee[0].contains("Great prep"),
        "{to_mentee:?}"
    );
    let to_mentor: Vec<String> = dms(&app, "UM1")
        .into_iter()
        .filter(|t| t.contains("found it helpful"))
        .collect();
    assert_eq!(to_mentor.len(), 1);
    assert!(to_mentor[0].contains("5/5") && to_mentor[0].contains("Thanks so much!"));

    // A week later nothing more is sent; the mentor's Home counts the kudos.
    app.advance_and_run(Duration::days(8)).await;
    assert!(dms(&app, "UM1").iter().all(|t| !t.contains("Kudos from")));
    assert!(view_text(&app.open_home("UM1").await).contains("*Kudos:* 1 thank-you note"));
}

#[tokio::test]
async fn a_silent_mentor_gets_only_the_thank_you_note_after_a_week() {
    let app = spawn_app().await;
    let ask_id = followed_up(&app).await;
    mentee_rates(&app, ask_id, "2", "Thanks anyway").await;
    app.advance_and_run(Duration::days(6)).await;
    assert!(dms(&app, "UM1")
        .iter()
        .all(|t| !t.contains("Thanks anyway")));
    app.advance_and_run(Duration::days(1)).await;
    let kudos: Vec<String> = dms(&app, "UM1")
        .into_iter()
        .filter(|t| t.contains("Kudos from <@UASKER>"))
        .collect();
    assert_eq!(kudos.len(), 1, "{kudos:?}");
    assert!(kudos[0].contains("Thanks anyway"));
    assert!(
        !kudos[0].contains("2/5"),
        "the rating stays private: {}",
        kudos[0]
    );
    // The mentee never sees a mentor's answer that was never given.
    assert!(dms(&app, "UASKER")
        .iter()
        .all(|t| !t.contains("found your ask clear")));
    app.advance_and_run(Duration::days(7)).await;
    assert_eq!(
        dms(&app, "UM1")
            .iter()
            .filter(|t| t.contains("Kudos from"))
            .count(),
        1
    );
}
