//! Away when Slack says so: a mentor whose status says holiday, travel or sick
//! gets no offers until the status expires or changes.

use crate::declines::one_per_ask;
use crate::helpers::asks::AskValues;
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
