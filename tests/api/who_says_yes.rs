//! Routing learns who says yes (`core::acceptance`): every accept, decline and
//! offer left unanswered until the ask expired is counted per mentor × skill in
//! the same transaction, and among mentors with the same load the one who
//! usually accepts is offered first.

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::{spawn_app_with, start_time, Options, TestApp};
use chrono::Duration;
use micromentor::views::ids::action;

/// UDECL and UYES mentor SQL; each ask goes to one of them at a time.
async fn two_mentors() -> TestApp {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| s.mentors_per_ask = 1)),
        ..Default::default()
    })
    .await;
    seed_mentor(&app, "UDECL", &["SQL"]).await;
    seed_mentor(&app, "UYES", &["SQL"]).await;
    app
}

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
    // Three days running, UDECL is offered first — by id on the first day,
    // then because UYES took the earlier asks (lower load wins, learning or
    // not) — says "no time now", and UYES, offered next, accepts.
    for day in 0..3 {
        app.clock.set(start_time() + Duration::days(day));
        let asker = format!("UASKER{day}");
        let ask = app.ask(&asker, &AskValues::new("Index?", &["SQL"])).await;
        assert_eq!(app.offers(ask).await, [pair("UDECL", "pending")]);
        app.click("UDECL", action::DECLINE_NO_TIME, &ask.to_string())
            .await;
        app.settle().await;
        assert_eq!(app.offers(ask).await[1], pair("UYES", "pending"));
        app.click("UYES", action::ACCEPT, &ask.to_string()).await;
        app.settle().await;
        assert_eq!(app.ask_status(ask).await, "matched");
    }
    assert_eq!(answers(&app, "UDECL").await, (0, 3));
    assert_eq!(answers(&app, "UYES").await, (3, 0));

    // The next Monday both have the week ahead free and UDECL was offered
    // longer ago, so rotation alone would pick UDECL; what routing learned
    // puts UYES first.
    app.clock.set(start_time() + Duration::days(7));
    let ask = app
        .ask("UASKER9", &AskValues::new("Vacuum?", &["SQL"]))
        .await;
    assert_eq!(app.offers(ask).await, [pair("UYES", "pending")]);
}

#[tokio::test]
async fn an_offer_left_unanswered_until_expiry_counts_as_a_no_and_a_cancel_teaches_nothing() {
    let app = two_mentors().await;
    let cancelled = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(cancelled).await, [pair("UDECL", "pending")]);
    app.click("UASKER", action::CANCEL_ASK, &cancelled.to_string())
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(cancelled).await, "cancelled");
    assert_eq!(answers(&app, "UDECL").await, (0, 0));

    // Offered to UYES (rotation), widened to UDECL at the reminder; nobody answers.
    let ignored = app
        .ask("UASKER2", &AskValues::new("Locks?", &["SQL"]))
        .await;
    app.advance_and_run(Duration::days(8)).await;
    assert_eq!(app.ask_status(ignored).await, "expired");
    assert_eq!(
        app.offers(ignored).await,
        [pair("UDECL", "withdrawn"), pair("UYES", "withdrawn")]
    );
    assert_eq!(answers(&app, "UDECL").await, (0, 1));
    assert_eq!(answers(&app, "UYES").await, (0, 1));
}
