//! What the organisation sees: what is asked, what is matched, what lacks mentors.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

use crate::core::insights::Insights;

/// The workspace since `since`.
pub async fn since(
    db: impl PgExecutor<'_> + Copy,
    team_id: &str,
    since: DateTime<Utc>,
) -> Result<Insights, sqlx::Error> {
    let counts = sqlx::query!(
        r#"SELECT count(*) AS "asked!",
                  count(*) FILTER (WHERE status IN ('matched', 'done')) AS "matched!",
                  count(*) FILTER (WHERE status = 'done') AS "done!",
                  count(*) FILTER (WHERE status = 'open') AS "open!",
                  (SELECT count(*) FROM mentors WHERE team_id = $1 AND opted_in) AS "mentors!"
           FROM asks WHERE team_id = $1 AND created_at >= $2"#,
        team_id,
        since
    )
    .fetch_one(db)
    .await?;
    let top = sqlx::query!(
        r#"SELECT s.label, count(*) AS "n!" FROM ask_skills k
           JOIN asks a ON a.id = k.ask_id
           JOIN skills s ON s.team_id = k.team_id AND s.slug = k.slug
           WHERE a.team_id = $1 AND a.created_at >= $2
           GROUP BY s.label ORDER BY count(*) DESC, s.label LIMIT 5"#,
        team_id,
        since
    )
    .fetch_all(db)
    .await?;
    let unmet = sqlx::query!(
        r#"SELECT s.label, count(*) AS "n!" FROM unmet_demand u
           JOIN skills s ON s.team_id = u.team_id AND s.slug = u.slug
           WHERE u.team_id = $1 AND u.recorded_at >= $2
           GROUP BY s.label ORDER BY count(*) DESC, s.label LIMIT 5"#,
        team_id,
        since
    )
    .fetch_all(db)
    .await?;
    Ok(Insights {
        asked: counts.asked,
        matched: counts.matched,
        done: counts.done,
        open: counts.open,
        mentors: counts.mentors,
        top_skills: top.into_iter().map(|r| (r.label, r.n)).collect(),
        unmet: unmet.into_iter().map(|r| (r.label, r.n)).collect(),
    })
}
