//! "No time now" is "not today" (`core::routing::ask_again`): an ask nobody else
//! can take goes once more to those who said it — after their rest, in their
//! working hours, never a third time, and not while someone else has it.

use crate::helpers::asks::{seed_mentor, seed_mentor_with, AskValues};
use crate::helpers::{spawn_app_with, start_time, Fault, Options, TestApp};
use chrono::Duration;
use micromentor::views::ids::action;

/// Offer DMs of the ask with this topic, in order: whether each is the "again" one.
fn offer_dms(app: &TestApp, topic: &str) -> Vec<bool> {
    app.slack
        .calls_to("chat.postMessage")
        .into_iter()
        .filter(|c| {
            c.body["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("Can you help with") && t.contains(topic))
        })
        .map(|c| {
            c.body["blocks"][0]["text"]["text"]
                .as_str()
                .is_some_and(|t| t.contains("no time for this one earlier"))
        })
        .collect()
}

fn pair(mentor: &str, status: &str) -> (String, String) {
    (mentor.into(), status.into())
}

/// UM1 alone mentors SQL; they said "no time now" to the ask (Monday 10:00).
async fn only_um1_had_no_time(topic: &str) -> (TestApp, i64) {
    let app = one_at_a_time().await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    let ask = app.ask("UASKER", &AskValues::new(topic, &["SQL"])).await;
    app.click("UM1", action::DECLINE_NO_TIME, &ask.to_string())
        .await;
    app.settle().await;
    (app, ask)
}

async fn one_at_a_time() -> TestApp {
    spawn_app_with(Options {
        settings: Some(Box::new(|s| s.mentors_per_ask = 1)),
        ..Default::default()
    })
    .await
}

#[tokio::test]
async fn the_only_mentor_who_had_no_time_is_asked_again_the_next_working_morning_once() {
    let app = one_at_a_time().await;
    // Monday 10:00 UTC; UM1 works 09:00–17:00 on weekdays.
    seed_mentor_with(&app, "UM1", &["SQL"], "UTC", "Mon-Fri 09:00-17:00", 5).await;
    let ask = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    app.click("UM1", action::DECLINE_NO_TIME, &ask.to_string())
        .await;
    app.settle().await;
    assert_eq!(app.offers(ask).await, [pair("UM1", "declined")]);
    // It waits for the end of their rest: the next day.
    let waiting = app.jobs("ask_again", Some(ask)).await;
    assert_eq!(
        waiting,
        [("pending".to_string(), start_time() + Duration::hours(14))]
    );

    // At midnight they are off work: it waits for 09:00.
    app.clock.set(start_time() + Duration::hours(14));
    app.run_jobs().await;
    assert_eq!(app.offers(ask).await, [pair("UM1", "declined")]);
    app.clock.set(start_time() + Duration::hours(23));
    app.run_jobs().await;
    assert_eq!(app.offers(ask).await, [pair("UM1", "pending")]);
    assert_eq!(offer_dms(&app, "Index?"), [false, true]);
    let asked_again: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("SELECT asked_again_at FROM offers WHERE ask_id = $1")
            .bind(ask)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(asked_again, Some(start_time() + Duration::hours(23)));

    // A second "no time" is final: the ask expires without a third offer.
    app.click("UM1", action::DECLINE_NO_TIME, &ask.to_string())
        .await;
    app.settle().await;
    app.advance_and_run(Duration::days(8)).await;
    assert_eq!(app.ask_status(ask).await, "expired");
    assert_eq!(offer_dms(&app, "Index?"), [false, true]);
}

#[tokio::test]
async fn asked_again_only_when_nobody_else_has_it_and_a_yes_matches() {
    let app = one_at_a_time().await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    seed_mentor(&app, "UM2", &["SQL"]).await;
    let ask = app
        .ask("UASKER", &AskValues::new("Vacuum?", &["SQL"]))
        .await;
    app.click("UM1", action::DECLINE_NO_TIME, &ask.to_string())
        .await;
    app.settle().await;
    // UM2 has it now; UM1 is not asked again while it is pending, even the next day.
    assert_eq!(
        app.offers(ask).await,
        [pair("UM1", "declined"), pair("UM2", "pending")]
    );
    app.advance_and_run(Duration::hours(20)).await;
    assert_eq!(app.offers(ask).await[0], pair("UM1", "declined"));
    // UM2 says "not my area": nobody else is left, and UM1's rest is over.
    app.click("UM2", action::DECLINE_NOT_MY_AREA, &ask.to_string())
        .await;
    app.settle().await;
    assert_eq!(
        app.offers(ask).await,
        [pair("UM1", "pending"), pair("UM2", "declined")]
    );
    app.click("UM1", action::ACCEPT, &ask.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(ask).await, "matched");
    // UM2's "not my area" is never asked again.
    assert_eq!(offer_dms(&app, "Vacuum?"), [false, false, true]);
}

#[tokio::test]
async fn a_failed_dm_puts_the_no_time_back_as_it_was_for_a_later_pass() {
    let (app, ask) = only_um1_had_no_time("Locks?").await;
    let before = offer_row(&app, ask).await;
    // Slack refuses the DM to UM1 twice: the morning brings two passes (the
    // reminder's widening, due since 14:00 yesterday, and the job at the end of
    // UM1's rest), and each asks again.
    for _ in 0..2 {
        app.slack.fail_when(
            "chat.postMessage",
            "channel",
            "DUM1",
            Fault::ApiError("channel_not_found"),
        );
    }
    app.clock.set(start_time() + Duration::hours(14));
    app.run_jobs().await;
    // Both were tried (and refused), and the decline is back exactly as it was:
    // not counted as asked again.
    assert_eq!(offer_dms(&app, "Locks?"), [false, true, true]);
    assert_eq!(offer_row(&app, ask).await, before);
    assert_eq!(before.3, None);

    // A later pass ("Widen now" from the asker's Home) asks again, and it goes.
    let widen = format!("{}:{ask}", action::WIDEN_ASK);
    app.click_home("UASKER", &widen, &ask.to_string(), None)
        .await;
    app.settle().await;
    assert_eq!(app.offers(ask).await, [pair("UM1", "pending")]);
    assert_eq!(offer_dms(&app, "Locks?"), [false, true, true, true]);
}

#[tokio::test]
async fn someone_new_by_then_is_offered_it_instead() {
    let (app, ask) = only_um1_had_no_time("Joins?").await;
    // The reminder's widening pass finds nobody (UM1 rests until midnight).
    app.clock.set(start_time() + Duration::hours(5));
    app.run_jobs().await;
    assert_eq!(app.offers(ask).await, [pair("UM1", "declined")]);
    assert_eq!(
        app.jobs("ask_again", Some(ask)).await,
        [("pending".to_string(), start_time() + Duration::hours(14))]
    );
    // In the evening UM2 opts in with the skill: at midnight the job's routing
    // pass offers it to them, and UM1 is not asked again.
    seed_mentor(&app, "UM2", &["SQL"]).await;
    app.clock.set(start_time() + Duration::hours(14));
    app.run_jobs().await;
    assert_eq!(
        app.offers(ask).await,
        [pair("UM1", "declined"), pair("UM2", "pending")]
    );
    assert_eq!(offer_dms(&app, "Joins?"), [false, false]);
}

/// The ask's one offer: (status, reason, offered_at, asked_again_at).
async fn offer_row(
    app: &TestApp,
    ask: i64,
) -> (
    String,
    Option<String>,
    chrono::DateTime<chrono::Utc>,
    Option<chrono::DateTime<chrono::Utc>>,
) {
    sqlx::query_as(
        "SELECT status, decline_reason, offered_at, asked_again_at FROM offers WHERE ask_id = $1",
    )
    .bind(ask)
    .fetch_one(&app.db)
    .await
    .unwrap()
}
