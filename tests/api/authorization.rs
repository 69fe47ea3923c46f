//! Who may do what: accept only what was offered (or listed in a digest), cancel
//! only one's own ask, mark done only as asker or matched mentor.

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::spawn_app;
use micromentor::views::ids::action;

#[tokio::test]
async fn only_offered_mentors_can_accept_from_a_dm() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Macros", &["Rust"]))
        .await;
    app.click("USTRANGER", action::ACCEPT, &ask_id.to_string())
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
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    app.click("USTRANGER", action::MARK_DONE, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;
    let told = app.slack.calls_to("response_url:USTRANGER");
    assert_eq!(told.len(), 1);
    assert!(told[0].body["text"]
        .as_str()
        .unwrap()
        .contains("Only the asker or the mentor"));
    assert_eq!(app.ask_status(ask_id).await, "matched");
    app.click("UM1", action::MARK_DONE, &format!("{ask_id}:UM1"))
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
    // Each is handled: refused with a reason, or (no ask id at all) dropped.
    for (action, value, answer) in [
        (action::ACCEPT, "999999", Some("already been taken care of")),
        (action::ACCEPT, "-1", Some("already been taken care of")),
        (action::CANCEL_ASK, "999999", Some("can't find that ask")),
        (
            action::MARK_DONE,
            &format!("{ask_id}:UASKER"),
            Some("Only the asker or the mentor"),
        ),
        (
            action::REOPEN_ASK,
            &format!("{ask_id}:UM1"),
            Some("can't be re-opened"),
        ),
        (action::DECLINE_NO_TIME, "abc", None),
    ] {
        let before = app.slack.calls_to("response_url:UM1").len();
        assert_eq!(
            app.click("UM1", action, value).await.status(),
            200,
            "{action}"
        );
        app.settle().await;
        let told = app.slack.calls_to("response_url:UM1");
        match answer {
            Some(answer) => {
                assert_eq!(told.len(), before + 1, "{action} {value}");
                let text = told[before].body["text"].as_str().unwrap();
                assert!(text.contains(answer), "{action} {value}: {text}");
            }
            None => assert_eq!(told.len(), before, "{action} {value}"),
        }
    }
    assert_eq!(app.ask_status(ask_id).await, "open");
    assert_eq!(app.offers(ask_id).await, [("UM1".into(), "pending".into())]);
}
