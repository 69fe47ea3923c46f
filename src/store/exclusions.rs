//! Private "don't match me with" lists (`core::exclusions`).

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgExecutor};

/// The people `user_id` keeps on their list, in the order they were added.
pub async fn list(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT excluded_id FROM match_exclusions WHERE team_id = $1 AND user_id = $2
         ORDER BY created_at, excluded_id",
        team_id,
        user_id
    )
    .fetch_all(db)
    .await
}

/// Makes the list exactly `people` (already tidied by the core); people kept on
/// it keep their date. Returns whether anything changed.
pub async fn replace(
    conn: &mut PgConnection,
    team_id: &str,
    user_id: &str,
    people: &[String],
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let removed = sqlx::query!(
        "DELETE FROM match_exclusions WHERE team_id = $1 AND user_id = $2 AND NOT (excluded_id = ANY($3))",
        team_id,
        user_id,
        people
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    let added = sqlx::query!(
        r#"INSERT INTO match_exclusions (team_id, user_id, excluded_id, created_at)
           SELECT $1, $2, p, $4 FROM UNNEST($3::text[]) AS p
           ON CONFLICT DO NOTHING"#,
        team_id,
        user_id,
        people,
        now
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(removed + added > 0)
}

/// Whether `a` keeps `b` on their list, and whether `b` keeps `a`.
pub async fn between(
    db: impl PgExecutor<'_>,
    team_id: &str,
    a: &str,
    b: &str,
) -> Result<(bool, bool), sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT EXISTS (SELECT 1 FROM match_exclusions
                          WHERE team_id = $1 AND user_id = $2 AND excluded_id = $3) AS "a_b!",
                  EXISTS (SELECT 1 FROM match_exclusions
                          WHERE team_id = $1 AND user_id = $3 AND excluded_id = $2) AS "b_a!""#,
        team_id,
        a,
        b
    )
    .fetch_one(db)
    .await?;
    Ok((row.a_b, row.b_a))
}
