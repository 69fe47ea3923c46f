//! Routing learns who says yes (`core::acceptance`): every accept, decline and
//! offer left unanswered until the ask expired is counted per mentor × skill in
//! the same transaction, and among mentors with the same load the one who
//! usually accepts is offered first. UM1 and UM2 mentor SQL, one offer at a time.

use crate::declines::one_per_ask as two_mentors;
use crate::helpers::asks::AskValues;
use crate::helpers::{start_time, TestApp};
use chrono::Duration;
use micromentor::views::ids::action;

/// (yes, no) learned of a mentor for SQL.
async fn answers(app: &TestApp, mentor: &str) -> (i32, i32) {
    sqlx::query_as("SELECT yes, no FROM mentor_skill_answers WHERE user_id = $1 AND slug = 'sql'")
        .bind(mentor)
        .fetch_optional(&app.db)
        .await
        .unwrap()
        .unwrap_or((0, 0))
}

fn pair(mentor: &str, status: &str) -> (String, String) {
    (mentor.into(), status.into())
}

#[tokio::test]
async fn a_mentor_who_keeps_declining_a_skill_is_offered_it_after_one_who_accepts() {
    let app = two_mentors().await;
    // Three days running, UM1 is offered first — by id on the first day,
    // then because UM2 took the earlier asks (lower load wins, learning or
    // not) — says "no time now", and UM2, offered next, accepts.
    for day in 0..3 {
        app.clock.set(start_time() + Duration::days(day));
        let asker = format!("UASKER{day}");
        let ask = app.ask(&asker, &AskValues::new("Index?", &["SQL"])).await;
        assert_eq!(app.offers(ask).await, [pair("UM1", "pending")]);
        app.click("UM1", action::DECLINE_NO_TIME, &ask.to_string())
            .await;
        app.settle().await;
        assert_eq!(app.offers(ask).await[1], pair("UM2", "pending"));
        app.click("UM2", action::ACCEPT, &ask.to_string()).await;
        app.settle().await;
        assert_eq!(app.ask_status(ask).await, "matched");
    }
    assert_eq!(answers(&app, "UM1").await, (0, 3));
    assert_eq!(answers(&app, "UM2").await, (3, 0));

    // The next Monday both have the week ahead free and UM1 was offered
    // longer ago, so rotation alone would pick UM1; what routing learned
    // puts UM2 first.
    app.clock.set(start_time() + Duration::days(7));
    let ask = app
        .ask("UASKER9", &AskValues::new("Vacuum?", &["SQL"]))
        .await;
    assert_eq!(app.offers(ask).await, [pair("UM2", "pending")]);
}

#[tokio::test]
async fn an_offer_left_unanswered_until_expiry_counts_as_a_no_and_a_cancel_teaches_nothing() {
    let app = two_mentors().await;
    let cancelled = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(cancelled).await, [pair("UM1", "pending")]);
    app.click("UASKER", action::CANCEL_ASK, &cancelled.to_string())
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(cancelled).await, "cancelled");
    assert_eq!(answers(&app, "UM1").await, (0, 0));

    // Offered to UM2 (rotation), widened to UM1 at the reminder; nobody answers.
    let ignored = app
        .ask("UASKER2", &AskValues::new("Locks?", &["SQL"]))
        .await;
    app.advance_and_run(Duration::days(8)).await;
    assert_eq!(app.ask_status(ignored).await, "expired");
    assert_eq!(
        app.offers(ignored).await,
        [pair("UM1", "withdrawn"), pair("UM2", "withdrawn")]
    );
    assert_eq!(answers(&app, "UM1").await, (0, 1));
    assert_eq!(answers(&app, "UM2").await, (0, 1));
}
