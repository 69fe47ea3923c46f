//! Declines that mean something: "No time now" rests a mentor for the rest of
//! their day, "Not my area" ranks them later for those skills for a while, and
//! "Decline and pause me for a week" does both things in one click.

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::{spawn_app_with, start_time, state_values, Options, TestApp};
use chrono::Duration;
use micromentor::views::ids::{self, action};

/// UM1 and UM2 mentor SQL; each ask is offered to one mentor at a time.
pub async fn one_per_ask() -> TestApp {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| s.mentors_per_ask = 1)),
        ..Default::default()
    })
    .await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    seed_mentor(&app, "UM2", &["SQL"]).await;
    app
}

async fn decline_reason(app: &TestApp, ask_id: i64, mentor: &str) -> Option<String> {
    sqlx::query_scalar("SELECT decline_reason FROM offers WHERE ask_id = $1 AND mentor_id = $2")
        .bind(ask_id)
        .bind(mentor)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn no_time_now_keeps_a_mentor_out_of_new_offers_until_their_next_day() {
    let app = one_per_ask().await;
    let first = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(first).await, [("UM1".into(), "pending".into())]);
    app.click("UM1", action::DECLINE_NO_TIME, &first.to_string())
        .await;
    app.settle().await;
    assert_eq!(
        decline_reason(&app, first, "UM1").await.as_deref(),
        Some("no_time")
    );

    // Later the same day, a new ask skips UM1 although UM1 was offered longer ago.
    app.clock.set(start_time() + Duration::hours(3));
    let second = app
        .ask("UASKER2", &AskValues::new("Vacuum?", &["SQL"]))
        .await;
    assert_eq!(app.offers(second).await, [("UM2".into(), "pending".into())]);

    // The next morning (their zone is UTC) UM1 is back.
    app.clock.set(start_time() + Duration::hours(15));
    let third = app
        .ask("UASKER3", &AskValues::new("Locks?", &["SQL"]))
        .await;
    assert_eq!(app.offers(third).await, [("UM1".into(), "pending".into())]);
}

#[tokio::test]
async fn not_my_area_ranks_a_mentor_after_the_others_for_those_skills() {
    let app = one_per_ask().await;
    let first = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    app.click("UM1", action::DECLINE_NOT_MY_AREA, &first.to_string())
        .await;
    app.settle().await;
    assert_eq!(app.offers(first).await[1], ("UM2".into(), "pending".into()));

    // By rotation UM1 (offered longest ago) would come first; "not my area" says otherwise.
    let second = app
        .ask("UASKER2", &AskValues::new("Vacuum?", &["SQL"]))
        .await;
    assert_eq!(app.offers(second).await, [("UM2".into(), "pending".into())]);

    // A month later it no longer counts.
    app.clock.set(start_time() + Duration::days(31));
    sqlx::query("UPDATE mentors SET last_offered_at = NULL WHERE user_id = 'UM1'")
        .execute(&app.db)
        .await
        .unwrap();
    let third = app
        .ask("UASKER3", &AskValues::new("Locks?", &["SQL"]))
        .await;
    assert_eq!(app.offers(third).await, [("UM1".into(), "pending".into())]);
}

#[tokio::test]
async fn decline_and_pause_me_for_a_week_in_one_click() {
    let app = one_per_ask().await;
    let first = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    app.click("UM1", action::DECLINE_PAUSE_WEEK, &first.to_string())
        .await;
    app.settle().await;
    assert_eq!(
        decline_reason(&app, first, "UM1").await.as_deref(),
        Some("pause_week")
    );
    let paused: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("SELECT paused_until FROM mentors WHERE user_id = 'UM1'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(paused, Some(start_time() + Duration::days(7)));
    let told: Vec<String> = app
        .slack
        .calls_to("response_url:UM1")
        .iter()
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        told.iter()
            .any(|t| t.contains("paused until") && t.contains("/mentor resume")),
        "{told:?}"
    );
    // The ask moved on, and the next one does not come to UM1.
    assert_eq!(app.offers(first).await[1], ("UM2".into(), "pending".into()));
    app.clock.set(start_time() + Duration::days(2));
    let second = app
        .ask("UASKER2", &AskValues::new("Vacuum?", &["SQL"]))
        .await;
    assert_eq!(app.offers(second).await, [("UM2".into(), "pending".into())]);
}

#[tokio::test]
async fn other_opens_a_small_modal_whose_reason_is_kept_and_the_ask_moves_on() {
    let app = one_per_ask().await;
    let ask = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    app.click("UM1", action::DECLINE_OTHER, &ask.to_string())
        .await;
    app.settle().await;
    let view = app.slack.calls_to("views.open").last().unwrap().body["view"].clone();
    assert_eq!(view["callback_id"], micromentor::views::ids::DECLINE_MODAL);
    assert_eq!(
        view["blocks"][1]["element"]["initial_option"]["value"],
        "other"
    );

    // "Other" without words: the error is on the note, and nothing changes.
    let values = |reason: &str, note: &str| {
        state_values([
            (
                ids::decline::REASON,
                serde_json::json!({ "type": "radio_buttons", "selected_option": { "value": reason } }),
            ),
            (
                ids::decline::NOTE,
                serde_json::json!({ "type": "plain_text_input", "value": note }),
            ),
        ])
    };
    let res = app.submit_view("UM1", &view, values("other", "  ")).await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["response_action"], "errors");
    assert!(body["errors"][ids::decline::NOTE].is_string(), "{body}");
    assert_eq!(app.offers(ask).await, [("UM1".into(), "pending".into())]);

    let res = app
        .submit_view("UM1", &view, values("other", "Only know MySQL <!channel>"))
        .await;
    assert_eq!(res.text().await.unwrap(), "", "the modal closes");
    app.settle().await;
    let (reason, note): (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT decline_reason, decline_note FROM offers WHERE ask_id = $1 AND mentor_id = 'UM1'",
    )
    .bind(ask)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(reason.as_deref(), Some("other"));
    assert_eq!(note.as_deref(), Some("Only know MySQL <!channel>"));
    assert_eq!(app.offers(ask).await[1], ("UM2".into(), "pending".into()));
    // "Other" reads nothing into routing: the next ask may go to UM1 again.
    sqlx::query("UPDATE mentors SET last_offered_at = NULL")
        .execute(&app.db)
        .await
        .unwrap();
    let next = app
        .ask("UASKER2", &AskValues::new("Vacuum?", &["SQL"]))
        .await;
    assert_eq!(app.offers(next).await, [("UM1".into(), "pending".into())]);
}
