//! Old records are cleaned up daily; recent ones stay.

use crate::helpers::spawn_app;
use chrono::Duration;

#[tokio::test]
async fn old_event_ids_jobs_and_effects_are_removed_daily() {
    let app = spawn_app().await;
    let now = crate::helpers::start_time();
    for (id, age) in [("EvOld", 8), ("EvNew", 1)] {
        sqlx::query("INSERT INTO slack_events (team_id, event_id, event_type, received_at) VALUES ('T', $1, 'x', $2)")
            .bind(id)
            .bind(now - Duration::days(age))
            .execute(&app.db)
            .await
            .unwrap();
    }
    sqlx::query("INSERT INTO job_effects (key, team_id, created_at) VALUES ('old', 'T', $1), ('new', 'T', $2)")
        .bind(now - Duration::days(91))
        .bind(now - Duration::days(1))
        .execute(&app.db)
        .await
        .unwrap();
    app.run_jobs().await;
    let events: Vec<String> = sqlx::query_scalar("SELECT event_id FROM slack_events")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(events, ["EvNew"]);
    let effects: Vec<String> = sqlx::query_scalar("SELECT key FROM job_effects")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(effects, ["new"]);

    // The next run is tomorrow, and only one is ever pending.
    let pending: Vec<chrono::DateTime<chrono::Utc>> = sqlx::query_scalar(
        "SELECT run_at FROM jobs WHERE kind = 'housekeeping' AND status = 'pending'",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(pending, [now + Duration::days(1)]);
    // 31 days on, the first (finished) housekeeping job itself is cleaned up.
    for _ in 0..31 {
        app.advance_and_run(Duration::days(1)).await;
    }
    let (done, oldest): (i64, chrono::DateTime<chrono::Utc>) =
        sqlx::query_as("SELECT count(*), min(finished_at) FROM jobs WHERE kind = 'housekeeping' AND status = 'done'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    // Runs on days 0..=31; the one finished on day 0 is more than 30 days old.
    assert_eq!(done, 31);
    assert_eq!(
        oldest,
        now + Duration::days(1),
        "jobs finished more than 30 days ago are gone"
    );
}
