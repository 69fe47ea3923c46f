use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

/// Records an event delivery; `true` the first time, `false` for a retry or a
/// delivery another replica already took.
pub async fn record_once(
    db: impl PgExecutor<'_>,
    team_id: &str,
    event_id: &str,
    event_type: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query!(
        r#"INSERT INTO slack_events (team_id, event_id, event_type, received_at)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (team_id, event_id) DO NOTHING"#,
        team_id,
        event_id,
        event_type,
        now
    )
    .execute(db)
    .await?;
    Ok(inserted.rows_affected() == 1)
}
