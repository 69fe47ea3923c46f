//! Who meets whom: rotation by pair, "ask <mentor> first", and the private
//! "don't match me with" list, respected in both directions and never shown.

use crate::declines::one_per_ask;
use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::home::view_text;
use crate::helpers::mentor_form::MentorForm;
use crate::helpers::{spawn_app_with, start_time, state_values, Options, TestApp, TEAM_ID};
use chrono::Duration;
use micromentor::views::ids::{action, home, mentor};
use serde_json::json;

/// UM1 helps UASKER and UM2 helps UOTHER, so both carry the same load; then
/// rotation by last offer is reset, leaving user id as the only other tie-break.
async fn both_helped_someone(app: &TestApp) {
    let first = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(first).await, [("UM1".into(), "pending".into())]);
    app.click("UM1", action::ACCEPT, &first.to_string()).await;
    let second = app.ask("UOTHER", &AskValues::new("Joins?", &["SQL"])).await;
    assert_eq!(app.offers(second).await, [("UM2".into(), "pending".into())]);
    app.click("UM2", action::ACCEPT, &second.to_string()).await;
    app.settle().await;
    sqlx::query("UPDATE mentors SET last_offered_at = NULL")
        .execute(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_mentor_who_just_helped_someone_ranks_after_others_for_their_next_ask() {
    let app = one_per_ask().await;
    both_helped_someone(&app).await;
    // By id UM1 would come first; UM1 just helped UASKER.
    let again = app.ask("UASKER", &AskValues::new("Locks?", &["SQL"])).await;
    assert_eq!(app.offers(again).await, [("UM2".into(), "pending".into())]);
    // And UOTHER's next ask goes to UM1, not to UM2 who just helped them.
    let other = app
        .ask("UOTHER", &AskValues::new("Vacuum?", &["SQL"]))
        .await;
    assert_eq!(app.offers(other).await, [("UM1".into(), "pending".into())]);
    // Weeks later the pair may meet again.
    app.clock.set(start_time() + Duration::weeks(5));
    sqlx::query("UPDATE mentors SET last_offered_at = NULL")
        .execute(&app.db)
        .await
        .unwrap();
    let later = app
        .ask("UASKER", &AskValues::new("Indexes?", &["SQL"]))
        .await;
    assert_eq!(
        app.offers(later).await[0].0,
        "UM1",
        "by id: the pair's rotation is over"
    );
}

#[tokio::test]
async fn rotation_by_pair_can_be_turned_off() {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| {
            s.mentors_per_ask = 1;
            s.pair_rotation_weeks = 0;
        })),
        ..Default::default()
    })
    .await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    seed_mentor(&app, "UM2", &["SQL"]).await;
    both_helped_someone(&app).await;
    let again = app.ask("UASKER", &AskValues::new("Locks?", &["SQL"])).await;
    assert_eq!(app.offers(again).await, [("UM1".into(), "pending".into())]);
}

#[tokio::test]
async fn the_askers_chosen_mentor_gets_the_ask_alone_first() {
    let app = spawn_app_with(Options::default()).await; // 3 mentors per ask
    seed_mentor(&app, "UM1", &["SQL"]).await;
    seed_mentor(&app, "UM2", &["SQL"]).await;
    seed_mentor(&app, "UPICK", &["Go"]).await; // chosen without the skill
    let values = AskValues {
        first_mentor: Some("UPICK".into()),
        ..AskValues::new("Index?", &["SQL"])
    };
    let ask = app.ask("UASKER", &values).await;
    assert_eq!(app.offers(ask).await, [("UPICK".into(), "pending".into())]);
    // They pass: the ask goes to the others with the skill.
    app.click("UPICK", action::DECLINE_NO_TIME, &ask.to_string())
        .await;
    app.settle().await;
    let offers = app.offers(ask).await;
    assert_eq!(offers.len(), 3, "{offers:?}");
    assert!(offers.contains(&("UM1".into(), "pending".into())));
    assert!(offers.contains(&("UM2".into(), "pending".into())));
}

#[tokio::test]
async fn asking_yourself_first_is_an_error_on_that_field() {
    let app = one_per_ask().await;
    let view = app.open_modal("UASKER", "/ask", "").await;
    let values = AskValues {
        first_mentor: Some("UASKER".into()),
        ..AskValues::new("Index?", &["SQL"])
    };
    let res = app.submit_view("UASKER", &view, values.values()).await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["response_action"], "errors");
    assert!(body["errors"]["first_mentor"].as_str().is_some(), "{body}");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM asks")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 0);
}

/// Saves UM1's settings with a "never match me with" list through the modal.
async fn mentor_avoids(app: &crate::helpers::TestApp, who: &str) {
    let view = app.open_modal("UM1", "/mentor", "").await;
    let form = MentorForm {
        skills: vec![("sql".into(), "SQL".into())],
        capacity: Some("5".into()),
        days: (0..7).collect(),
        start: Some("00:00".into()),
        end: Some("24:00".into()),
        never_match: vec![who.into()],
        ..MentorForm::default()
    };
    let res = app.submit_view("UM1", &view, form.values()).await;
    assert_eq!(res.text().await.unwrap(), "", "the settings save");
    app.settle().await;
}

#[tokio::test]
async fn a_mentors_list_keeps_that_askers_asks_away_from_them() {
    let app = one_per_ask().await;
    mentor_avoids(&app, "UASKER").await;
    let ask = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(ask).await, [("UM2".into(), "pending".into())]);
    // Other people's asks still reach UM1.
    let other = app
        .ask("UOTHER", &AskValues::new("Vacuum?", &["SQL"]))
        .await;
    assert_eq!(app.offers(other).await, [("UM1".into(), "pending".into())]);
    // The list shows again when the settings open, for its owner.
    let view = app.open_modal("UM1", "/mentor", "").await;
    let block = view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["block_id"] == mentor::NEVER_MATCH)
        .unwrap()
        .clone();
    assert_eq!(block["element"]["initial_users"], json!(["UASKER"]));
}

#[tokio::test]
async fn an_askers_list_from_home_keeps_that_mentor_away_and_nobody_is_told() {
    let app = one_per_ask().await;
    // The asker uses Home: "Don't match me with" → modal → UM1.
    app.open_home("UASKER").await;
    app.click_home("UASKER", home::NEVER_MATCH, "edit", None)
        .await;
    let view = app.slack.calls_to("views.open").last().unwrap().body["view"].clone();
    let values = state_values([(
        mentor::NEVER_MATCH,
        json!({ "type": "multi_users_select", "selected_users": ["UM1", "UASKER"] }),
    )]);
    let res = app.submit_view("UASKER", &view, values).await;
    assert_eq!(res.text().await.unwrap(), "");
    app.settle().await;
    let stored: Vec<String> = sqlx::query_scalar(
        "SELECT excluded_id FROM match_exclusions WHERE team_id = $1 AND user_id = 'UASKER'",
    )
    .bind(TEAM_ID)
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(stored, ["UM1"], "never oneself");
    assert!(view_text(&app.home_of("UASKER")).contains("Don't match me with:* 1 person"));

    let ask = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(ask).await, [("UM2".into(), "pending".into())]);
    // UM1 hears nothing of it, and cannot take it from a digest either.
    let to_um1: Vec<String> = app
        .slack
        .calls()
        .iter()
        .filter(|c| c.body.to_string().contains("UM1"))
        .map(|c| c.body.to_string())
        .collect();
    assert!(to_um1.iter().all(|b| !b.contains("UASKER")), "{to_um1:?}");
    app.click("UM1", action::HELP_FROM_DIGEST, &ask.to_string())
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(ask).await, "open");
    let replies = app.slack.calls_to("response_url:UM1");
    let said = replies.last().unwrap().body["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(said.contains("someone else"), "{said}");
    assert!(
        !said.contains("list") && !said.contains("UASKER"),
        "never says whose list: {said}"
    );
}
