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

/// Forgets an event delivery whose consequence could not be stored, so Slack's
/// next delivery of it is taken.
pub async fn forget(
    db: impl PgExecutor<'_>,
    team_id: &str,
    event_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM slack_events WHERE team_id = $1 AND event_id = $2",
        team_id,
        event_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Records that the workspace uninstalled the app or revoked its token.
pub async fn record_revoked(
    db: impl PgExecutor<'_>,
    team_id: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO installations (team_id, revoked_at) VALUES ($1, $2) ON CONFLICT (team_id) DO NOTHING",
        team_id,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Which of these teams uninstalled the app (a row in `installations`), in one query.
pub async fn revoked_among(
    db: impl PgExecutor<'_>,
    team_ids: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT DISTINCT team_id FROM installations WHERE team_id = ANY($1)",
        team_ids
    )
    .fetch_all(db)
    .await
}

/// The app works for the workspace again (its token answers `auth.test`).
pub async fn clear_revoked(db: impl PgExecutor<'_>, team_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM installations WHERE team_id = $1", team_id)
        .execute(db)
        .await?;
    Ok(())
}
