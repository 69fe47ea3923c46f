//! Who has opened the App Home, so it is republished when what it shows changes.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

pub async fn opened(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"INSERT INTO home_viewers (team_id, user_id, last_opened_at) VALUES ($1, $2, $3)
           ON CONFLICT (team_id, user_id) DO UPDATE SET last_opened_at = EXCLUDED.last_opened_at"#,
        team_id,
        user_id,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Whether this person has ever opened the App Home.
pub async fn seen_by(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM home_viewers WHERE team_id = $1 AND user_id = $2) AS "x!""#,
        team_id,
        user_id
    )
    .fetch_one(db)
    .await
}
