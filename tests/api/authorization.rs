//! Who may do what: accept only what was offered (or listed in a digest), cancel
//! only one's own ask, mark done only as asker or matched mentor.

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::spawn_app;

#[tokio::test]
async fn only_offered_mentors_can_accept_from_a_dm() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Macros", &["Rust"]))
        .await;
    app.click("USTRANGER", "accept_offer", &ask_id.to_string())
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "open");
    assert!(app.intros().is_empty());
    let said = app.slack.calls_to("response_url:USTRANGER");
    assert!(said[0].body["text"]
        .as_str()
        .unwrap()
        .contains("wasn't offered to you"));
}

#[tokio::test]
async fn nobody_but_the_asker_or_the_mentor_marks_a_session_done() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Macros", &["Rust"]))
        .await;
    app.click("UM1", "accept_offer", &ask_id.to_string()).await;
    app.settle().await;
    app.click("USTRANGER", "mark_done", &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "matched");
    app.click("UM1", "mark_done", &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "done");
}

#[tokio::test]
async fn buttons_with_forged_values_change_nothing() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Macros", &["Rust"]))
        .await;
    for (action, value) in [
        ("accept_offer", "999999"),
        ("accept_offer", "-1"),
        ("cancel_ask", "999999"),
        ("mark_done", &format!("{ask_id}:UASKER")),
        ("reopen_ask", &format!("{ask_id}:UM1")),
        ("decline_no_time", "abc"),
    ] {
        assert_eq!(
            app.click("UM1", action, value).await.status(),
            200,
            "{action}"
        );
    }
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "open");
    assert_eq!(app.offers(ask_id).await, [("UM1".into(), "pending".into())]);
}
