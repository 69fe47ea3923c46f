//! Digests posted to channels, and digest channels that failed.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestPost {
    pub channel_id: String,
    pub message_ts: String,
    pub skill: Option<String>,
    pub ask_ids: Vec<i64>,
    pub more: i32,
}

#[allow(clippy::too_many_arguments)]
pub async fn record_post(
    db: impl PgExecutor<'_>,
    team_id: &str,
    channel_id: &str,
    message_ts: &str,
    skill: Option<&str>,
    ask_ids: &[i64],
    more: i32,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"INSERT INTO digest_posts (team_id, channel_id, message_ts, skill, ask_ids, more, posted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)"#,
        team_id,
        channel_id,
        message_ts,
        skill,
        ask_ids,
        more,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Digests (of the last two weeks) that list this ask.
pub async fn listing(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<DigestPost>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT channel_id, message_ts, skill, ask_ids, more FROM digest_posts
           WHERE ask_ids @> ARRAY[$1::bigint] AND posted_at >= $2"#,
        ask_id,
        since
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DigestPost {
            channel_id: r.channel_id,
            message_ts: r.message_ts,
            skill: r.skill,
            ask_ids: r.ask_ids,
            more: r.more,
        })
        .collect())
}

pub async fn record_failure(
    db: impl PgExecutor<'_>,
    team_id: &str,
    channel_id: &str,
    error: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"INSERT INTO digest_failures (team_id, channel_id, error, failed_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (team_id, channel_id) DO UPDATE SET error = EXCLUDED.error, failed_at = EXCLUDED.failed_at"#,
        team_id,
        channel_id,
        error,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn clear_failure(
    db: impl PgExecutor<'_>,
    team_id: &str,
    channel_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM digest_failures WHERE team_id = $1 AND channel_id = $2",
        team_id,
        channel_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// (channel, error, when) for every digest channel whose last post failed.
pub async fn failures(
    db: impl PgExecutor<'_>,
) -> Result<Vec<(String, String, DateTime<Utc>)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT channel_id, error, failed_at FROM digest_failures ORDER BY channel_id"
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.channel_id, r.error, r.failed_at))
        .collect())
}
