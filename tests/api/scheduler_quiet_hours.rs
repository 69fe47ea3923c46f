//! Offers wait for a mentor's working hours in their own zone, unless they opted out.

use crate::helpers::asks::{seed_mentor_with, AskValues};
use crate::helpers::{spawn_app, TEAM_ID};
use chrono::Duration;

#[tokio::test]
async fn an_offer_waits_for_the_mentors_morning_in_their_zone() {
    let app = spawn_app().await; // Monday 10:00 UTC = 05:00 in New York
    seed_mentor_with(
        &app,
        "UNY",
        &["Rust"],
        "America/New_York",
        "Mon-Fri 09:00-17:00",
        3,
    )
    .await;
    seed_mentor_with(
        &app,
        "ULON",
        &["Rust"],
        "Europe/London",
        "Mon-Fri 09:00-17:00",
        3,
    )
    .await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Async traits", &["Rust"]))
        .await;
    // London is at work: offered now. New York sleeps: held.
    assert_eq!(
        app.offers(ask_id).await,
        [("ULON".into(), "pending".into())]
    );
    let held: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT run_at FROM jobs WHERE kind = 'deliver_offer'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        held,
        "2026-03-02T14:00:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap(),
        "09:00 EST"
    );

    app.advance_and_run(Duration::hours(3) + Duration::minutes(59))
        .await;
    assert_eq!(app.offers(ask_id).await.len(), 1);
    app.advance_and_run(Duration::minutes(1)).await;
    assert_eq!(
        app.offers(ask_id).await,
        [
            ("ULON".into(), "pending".into()),
            ("UNY".into(), "pending".into())
        ]
    );
}

#[tokio::test]
async fn with_quiet_hours_off_the_offer_goes_at_once() {
    let app = spawn_app().await;
    seed_mentor_with(
        &app,
        "UNY",
        &["Rust"],
        "America/New_York",
        "Mon-Fri 09:00-17:00",
        3,
    )
    .await;
    sqlx::query("UPDATE mentors SET quiet_hours = false WHERE team_id = $1")
        .bind(TEAM_ID)
        .execute(&app.db)
        .await
        .unwrap();
    let ask_id = app
        .ask("UASKER", &AskValues::new("Async traits", &["Rust"]))
        .await;
    assert_eq!(app.offers(ask_id).await, [("UNY".into(), "pending".into())]);
}

#[tokio::test]
async fn a_nudge_also_waits_for_working_hours() {
    let app = spawn_app().await;
    // Tokyo, 09:00-20:00 JST: Monday 10:00 UTC is 19:00 there — at work, so offered now.
    seed_mentor_with(
        &app,
        "UTYO",
        &["Go"],
        "Asia/Tokyo",
        "Mon-Fri 09:00-20:00",
        3,
    )
    .await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Profiling", &["Go"]))
        .await;
    assert_eq!(
        app.offers(ask_id).await,
        [("UTYO".into(), "pending".into())]
    );
    let nudges = || {
        app.slack
            .calls_to("chat.postMessage")
            .into_iter()
            .filter(|c| c.body["thread_ts"].is_string())
            .count()
    };

    // The 4 h rung comes at 23:00 JST: it runs, and holds the nudge for
    // Tuesday 09:00 JST = 00:00 UTC rather than send it at night.
    let tuesday_morning: chrono::DateTime<chrono::Utc> = "2026-03-03T00:00:00Z".parse().unwrap();
    app.advance_and_run(Duration::hours(4)).await;
    let rungs = app.jobs("ladder", Some(ask_id)).await;
    assert_eq!(rungs[0].0, "done", "{rungs:?}");
    assert_eq!(
        app.jobs("nudge", Some(ask_id)).await,
        [("pending".into(), tuesday_morning)]
    );
    assert_eq!(nudges(), 0);
    app.advance_and_run(Duration::hours(9) + Duration::minutes(59))
        .await;
    assert_eq!(nudges(), 0);
    app.advance_and_run(Duration::minutes(1)).await;
    assert_eq!(
        app.jobs("nudge", Some(ask_id)).await,
        [("done".into(), tuesday_morning)]
    );
    assert_eq!(nudges(), 1);
}
