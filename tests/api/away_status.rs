//! Away when Slack says so: a mentor whose status says holiday, travel or sick
//! gets no offers until the status expires or changes.

use crate::declines::one_per_ask;
use crate::helpers::asks::AskValues;
use crate::helpers::home::view_text;
use crate::helpers::mentor_form::MentorForm;
use crate::helpers::{start_time, TEAM_ID};
use chrono::Duration;
use serde_json::json;

#[tokio::test]
async fn a_palm_tree_status_keeps_offers_away_until_it_expires() {
    let app = one_per_ask().await;
    let back = start_time() + Duration::days(3);
    app.slack
        .set_status("UM1", ":palm_tree:", "", back.timestamp());

    // UM1 would come first (by id); on holiday, the offer goes to UM2.
    let first = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(first).await, [("UM2".into(), "pending".into())]);

    // After the status expires, UM1 gets offers again.
    app.clock.set(back + Duration::hours(1));
    app.slack.set_status("UM1", "", "", 0);
    let event = json!({
        "token": "deprecated", "team_id": TEAM_ID, "api_app_id": "A0APP",
        "type": "event_callback", "event_id": "EvStatus", "event_time": 1_772_445_600,
        "event": { "type": "user_change", "user": { "id": "UM1", "deleted": false } }
    });
    assert_eq!(app.event(&event, None).await.status(), 200);
    app.settle().await;
    let second = app
        .ask("UASKER2", &AskValues::new("Vacuum?", &["SQL"]))
        .await;
    assert_eq!(app.offers(second).await, [("UM1".into(), "pending".into())]);
}

#[tokio::test]
async fn out_of_office_words_in_a_status_count_too() {
    let app = one_per_ask().await;
    app.slack
        .set_status("UM1", ":calendar:", "OOO until Monday", 0);
    let ask = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(ask).await, [("UM2".into(), "pending".into())]);
}

#[tokio::test]
async fn home_says_until_when_and_ignoring_the_status_lets_offers_through() {
    let app = one_per_ask().await;
    let back = start_time() + Duration::days(3);
    app.slack
        .set_status("UM1", ":palm_tree:", "", back.timestamp());
    let home = app.open_home("UM1").await;
    let text = view_text(&home);
    assert!(
        text.contains("Your Slack status says you're away: offers wait until")
            && text.contains(&format!("<!date^{}^", back.timestamp())),
        "{text}"
    );

    // "Offer me asks even when my Slack status says I'm away", saved in the modal.
    let view = app.open_modal("UM1", "/mentor", "").await;
    let form = MentorForm {
        skills: vec![("sql".into(), "SQL".into())],
        capacity: Some("5".into()),
        days: (0..7).collect(),
        start: Some("00:00".into()),
        end: Some("24:00".into()),
        ignore_status: true,
        ..MentorForm::default()
    };
    let res = app.submit_view("UM1", &view, form.values()).await;
    assert_eq!(res.text().await.unwrap(), "");
    app.settle().await;
    assert!(!view_text(&app.home_of("UM1")).contains("offers wait until"));
    let ask = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(ask).await, [("UM1".into(), "pending".into())]);
    // The choice shows when the settings open again.
    let view = app.open_modal("UM1", "/mentor", "").await;
    let opt_in = view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["block_id"] == micromentor::views::ids::mentor::OPT_IN)
        .unwrap()
        .clone();
    let chosen: Vec<&str> = opt_in["element"]["initial_options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_str().unwrap())
        .collect();
    assert!(chosen.contains(&"ignore_status"), "{chosen:?}");
}
