//! What mentees said about their sessions.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

use super::decode;
use crate::core::followup::Happened;

/// Records (or replaces) the outcome of one session.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    db: impl PgExecutor<'_>,
    team_id: &str,
    ask_id: i64,
    mentor_id: &str,
    happened: Happened,
    rating: Option<u8>,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        r#"INSERT INTO session_outcomes (ask_id, mentor_id, team_id, happened, rating, note, recorded_at)
           SELECT $1, $2, $3, $4, $5, $6, $7
           WHERE EXISTS (SELECT 1 FROM matches WHERE ask_id = $1 AND mentor_id = $2 AND released_at IS NULL)
           ON CONFLICT (ask_id, mentor_id) DO UPDATE
           SET happened = EXCLUDED.happened, rating = EXCLUDED.rating, note = EXCLUDED.note,
               recorded_at = EXCLUDED.recorded_at"#,
        ask_id,
        mentor_id,
        team_id,
        happened.as_str(),
        rating.map(i16::from),
        note,
        now
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the mentee already said yes or no (so no more follow-ups).
pub async fn settled(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
) -> Result<bool, sqlx::Error> {
    let happened = sqlx::query_scalar!(
        "SELECT happened FROM session_outcomes WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id
    )
    .fetch_optional(db)
    .await?;
    match happened {
        Some(raw) => Ok(decode::parse::<Happened>("session_outcomes.happened", &raw)?.settles()),
        None => Ok(false),
    }
}
