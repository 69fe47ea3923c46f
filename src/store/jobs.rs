//! The job queue's table.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::PgExecutor;

/// A job to schedule, as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    pub team_id: String,
    pub kind: String,
    pub payload: Value,
    pub run_at: DateTime<Utc>,
    pub dedupe_key: Option<String>,
}

/// A job a worker holds a lease on.
#[derive(Debug, Clone, PartialEq)]
pub struct Claimed {
    pub id: i64,
    pub run_at: DateTime<Utc>,
    pub team_id: String,
    pub kind: String,
    pub payload: Value,
    pub attempts: i32,
    pub max_attempts: i32,
}

/// Inserts a job; `None` when one with the same dedupe key exists.
pub async fn schedule(
    db: impl PgExecutor<'_>,
    job: &NewJob,
    now: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"INSERT INTO jobs (team_id, kind, payload, dedupe_key, run_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (dedupe_key) DO NOTHING
           RETURNING id"#,
        job.team_id,
        job.kind,
        job.payload,
        job.dedupe_key,
        job.run_at,
        now
    )
    .fetch_optional(db)
    .await
}

/// Claims up to `limit` due jobs (and jobs whose worker's lease lapsed).
pub async fn claim_due(
    db: impl PgExecutor<'_>,
    worker: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $1, locked_until = $3
           WHERE id IN (
               SELECT id FROM jobs
               WHERE (status = 'pending' AND run_at <= $2) OR (status = 'running' AND locked_until < $2)
               ORDER BY run_at, id
               LIMIT $4
               FOR UPDATE SKIP LOCKED)
           RETURNING id, run_at, team_id, kind, payload, attempts, max_attempts"#,
        worker,
        now,
        lease_until,
        limit
    )
    .fetch_all(db)
    .await?;
    // RETURNING does not keep the sub-select's order: sort by due time here.
    let mut claimed: Vec<Claimed> = rows
        .into_iter()
        .map(|r| Claimed {
            id: r.id,
            run_at: r.run_at,
            team_id: r.team_id,
            kind: r.kind,
            payload: r.payload,
            attempts: r.attempts,
            max_attempts: r.max_attempts,
        })
        .collect();
    claimed.sort_by_key(|c| (c.run_at, c.id));
    Ok(claimed)
}

/// Claims one job by id if it is still pending (used to run a job right away).
pub async fn claim_one(
    db: impl PgExecutor<'_>,
    id: i64,
    worker: &str,
    lease_until: DateTime<Utc>,
) -> Result<Option<Claimed>, sqlx::Error> {
    let row = sqlx::query!(
        r#"UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $2, locked_until = $3
           WHERE id = (SELECT id FROM jobs WHERE id = $1 AND status = 'pending' FOR UPDATE SKIP LOCKED)
           RETURNING id, run_at, team_id, kind, payload, attempts, max_attempts"#,
        id,
        worker,
        lease_until
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Claimed {
        id: r.id,
        run_at: r.run_at,
        team_id: r.team_id,
        kind: r.kind,
        payload: r.payload,
        attempts: r.attempts,
        max_attempts: r.max_attempts,
    }))
}

pub async fn complete(
    db: impl PgExecutor<'_>,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE jobs SET status = 'done', finished_at = $2, locked_by = NULL, locked_until = NULL WHERE id = $1",
        id,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Marks several jobs done in one statement (a worker's finished jobs).
pub async fn complete_many(
    db: impl PgExecutor<'_>,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE jobs SET status = 'done', finished_at = $2, locked_by = NULL, locked_until = NULL WHERE id = ANY($1)",
        ids,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Records a failure: back to pending at `retry_at`, or failed for good.
pub async fn fail(
    db: impl PgExecutor<'_>,
    id: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"UPDATE jobs SET
               status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
               run_at = COALESCE($3, run_at),
               finished_at = CASE WHEN $3::timestamptz IS NULL THEN $4::timestamptz ELSE NULL END,
               last_error = $2, locked_by = NULL, locked_until = NULL
           WHERE id = $1"#,
        id,
        error,
        retry_at,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

/// When the next pending job is due, if any.
pub async fn next_due(db: impl PgExecutor<'_>) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar!("SELECT min(run_at) FROM jobs WHERE status = 'pending'")
        .fetch_one(db)
        .await
}

/// Records that an effect happened; `true` only the first time for `key`.
pub async fn effect_once(
    db: impl PgExecutor<'_>,
    team_id: &str,
    key: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query!(
        "INSERT INTO job_effects (key, team_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING",
        key,
        team_id,
        now
    )
    .execute(db)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Undoes [`effect_once`] when the effect could not be carried out.
pub async fn forget_effect(db: impl PgExecutor<'_>, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM job_effects WHERE key = $1", key)
        .execute(db)
        .await?;
    Ok(())
}

/// Deletes event ids, finished jobs and effect records older than the given
/// instants; returns how many of each.
pub async fn clean_up(
    db: &sqlx::PgPool,
    events_before: DateTime<Utc>,
    jobs_before: DateTime<Utc>,
    effects_before: DateTime<Utc>,
) -> Result<(u64, u64, u64), sqlx::Error> {
    let events = sqlx::query!(
        "DELETE FROM slack_events WHERE received_at < $1",
        events_before
    )
    .execute(db)
    .await?
    .rows_affected();
    let jobs = sqlx::query!(
        "DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < $1",
        jobs_before
    )
    .execute(db)
    .await?
    .rows_affected();
    let effects = sqlx::query!(
        "DELETE FROM job_effects WHERE created_at < $1",
        effects_before
    )
    .execute(db)
    .await?
    .rows_affected();
    Ok((events, jobs, effects))
}
