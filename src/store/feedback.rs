//! Both sides' feedback on a session (`core::feedback`): the mentee's is in
//! `session_outcomes`, the mentor's and what was revealed on `matches`.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

use crate::core::feedback::{Feedback, MenteeSide, MentorSide};

/// The session's people and feedback; `None` when there is no such session.
pub struct Loaded {
    pub team_id: String,
    pub asker_id: String,
    pub topic: String,
    pub feedback: Feedback,
}

pub async fn load(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
) -> Result<Option<Loaded>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT a.team_id, a.asker_id, a.topic, m.mentor_clarity, m.mentor_note,
                  m.mentor_feedback_at, m.feedback_revealed_at, m.thanks_delivered_at,
                  o.rating AS "rating?", o.note AS "note?", o.recorded_at AS "recorded_at?"
           FROM matches m
           JOIN asks a ON a.id = m.ask_id
           LEFT JOIN session_outcomes o
                  ON o.ask_id = m.ask_id AND o.mentor_id = m.mentor_id AND o.happened = 'yes'
                 AND (o.rating IS NOT NULL OR o.note IS NOT NULL)
           WHERE m.ask_id = $1 AND m.mentor_id = $2"#,
        ask_id,
        mentor_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Loaded {
        team_id: r.team_id,
        asker_id: r.asker_id,
        topic: r.topic,
        feedback: Feedback {
            mentee: r.recorded_at.map(|at| MenteeSide {
                helpful: r.rating.map(|n| n as u8),
                thanks: r.note,
                at,
            }),
            mentor: r.mentor_feedback_at.map(|_| MentorSide {
                clarity: r.mentor_clarity.map(|n| n as u8),
                note: r.mentor_note,
            }),
            revealed: r.feedback_revealed_at.is_some(),
            thanks_delivered: r.thanks_delivered_at.is_some(),
        },
    }))
}

/// The mentor's answer, until both are revealed (then it stands). Only for a
/// current session (not released by a re-open).
pub async fn record_mentor(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
    clarity: Option<u8>,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        r#"UPDATE matches SET mentor_clarity = $3, mentor_note = $4, mentor_feedback_at = $5
           WHERE ask_id = $1 AND mentor_id = $2 AND released_at IS NULL
             AND feedback_revealed_at IS NULL"#,
        ask_id,
        mentor_id,
        clarity.map(i16::from),
        note,
        now
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks the answers revealed; `false` if another run did it first.
pub async fn mark_revealed(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE matches SET feedback_revealed_at = $3 WHERE ask_id = $1 AND mentor_id = $2 AND feedback_revealed_at IS NULL",
        ask_id,
        mentor_id,
        now
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks the thank-you note delivered alone; `false` if it already was.
pub async fn mark_thanks_delivered(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE matches SET thanks_delivered_at = $3 WHERE ask_id = $1 AND mentor_id = $2 AND thanks_delivered_at IS NULL AND feedback_revealed_at IS NULL",
        ask_id,
        mentor_id,
        now
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Thank-you notes that reached this mentor (revealed with both answers, or alone).
pub async fn kudos_of(
    db: impl PgExecutor<'_>,
    team_id: &str,
    mentor_id: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM matches m
           JOIN session_outcomes o ON o.ask_id = m.ask_id AND o.mentor_id = m.mentor_id
           WHERE m.team_id = $1 AND m.mentor_id = $2 AND o.note IS NOT NULL
             AND (m.feedback_revealed_at IS NOT NULL OR m.thanks_delivered_at IS NOT NULL)"#,
        team_id,
        mentor_id
    )
    .fetch_one(db)
    .await
}
