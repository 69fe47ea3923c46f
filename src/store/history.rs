//! Someone's record (`core::history`): their sessions as mentee and as mentor.

use sqlx::PgExecutor;

use crate::core::history::{Entry, Role};

/// Newest first; sessions released by a re-open are not sessions and are left out.
pub async fn of(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
) -> Result<Vec<Entry>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT (a.asker_id = $2) AS "as_mentee!", x.matched_at, a.topic, a.time_box,
                  CASE WHEN a.asker_id = $2 THEN x.mentor_id ELSE a.asker_id END AS "with!",
                  (x.done_at IS NOT NULL) AS "done!",
                  o.rating AS "mentee_rating?", x.mentor_clarity,
                  (x.feedback_revealed_at IS NOT NULL) AS "revealed!",
                  COALESCE((SELECT array_agg(s.label ORDER BY lower(s.label))
                            FROM ask_skills k JOIN skills s ON s.team_id = k.team_id AND s.slug = k.slug
                            WHERE k.ask_id = a.id), '{}') AS "skills!"
           FROM matches x
           JOIN asks a ON a.id = x.ask_id
           LEFT JOIN session_outcomes o ON o.ask_id = x.ask_id AND o.mentor_id = x.mentor_id
           WHERE x.team_id = $1 AND (a.asker_id = $2 OR x.mentor_id = $2)
             AND x.released_at IS NULL
           ORDER BY x.matched_at DESC, a.id DESC
           LIMIT 500"#,
        team_id,
        user_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mentee = r.mentee_rating.map(|n| n as u8);
            let mentor = r.mentor_clarity.map(|n| n as u8);
            let (role, given, received) = match r.as_mentee {
                true => (Role::Mentee, mentee, mentor),
                false => (Role::Mentor, mentor, mentee),
            };
            Entry {
                role,
                matched_at: r.matched_at,
                topic: r.topic,
                skills: r.skills,
                time_box: r.time_box as u16,
                with: r.with,
                done: r.done,
                rating_given: given,
                // What the other said shows only once both answered.
                rating_received: received.filter(|_| r.revealed),
            }
        })
        .collect())
}
