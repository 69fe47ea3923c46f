//! Someone's record (`core::history`): their sessions as mentee and as mentor.

use sqlx::PgExecutor;

use crate::core::history::{Entry, Role};
use crate::core::my_data::Session;

/// `user`'s sessions (`core::my_data::Session`: their record and their export), newest first. `released`: also those a re-open handed on
/// (the export holds everything; the record only what were sessions).
pub(crate) async fn sessions(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
    released: bool,
) -> Result<Vec<Session>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT a.id AS ask_id, (a.asker_id = $2) AS "as_mentee!", x.matched_at, a.topic, a.time_box,
                  CASE WHEN a.asker_id = $2 THEN x.mentor_id ELSE a.asker_id END AS "with!",
                  x.done_at, o.rating AS "mentee_rating?", o.note AS "mentee_note?",
                  x.mentor_clarity, x.mentor_note,
                  (x.feedback_revealed_at IS NOT NULL) AS "revealed!",
                  (x.thanks_delivered_at IS NOT NULL) AS "thanks_delivered!",
                  COALESCE((SELECT array_agg(s.label ORDER BY lower(s.label))
                            FROM ask_skills k JOIN skills s ON s.team_id = k.team_id AND s.slug = k.slug
                            WHERE k.ask_id = a.id), '{}') AS "skills!"
           FROM matches x
           JOIN asks a ON a.id = x.ask_id
           LEFT JOIN session_outcomes o ON o.ask_id = x.ask_id AND o.mentor_id = x.mentor_id
           WHERE x.team_id = $1 AND (a.asker_id = $2 OR x.mentor_id = $2)
             AND ($3 OR x.released_at IS NULL)
           ORDER BY x.matched_at DESC, a.id DESC
           LIMIT 5000"#,
        team_id,
        user_id,
        released
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mentee = (r.mentee_rating.map(|n| n as u8), r.mentee_note);
            let mentor = (r.mentor_clarity.map(|n| n as u8), r.mentor_note);
            let (role, given, received) = match r.as_mentee {
                true => (Role::Mentee, mentee, mentor),
                false => (Role::Mentor, mentor, mentee),
            };
            Session {
                role,
                ask_id: r.ask_id,
                matched_at: r.matched_at,
                topic: r.topic,
                skills: r.skills,
                time_box: r.time_box as u16,
                with: r.with,
                done_at: r.done_at,
                rating_given: given.0,
                note_given: given.1,
                rating_received: received.0,
                note_received: received.1,
                revealed: r.revealed,
                thanks_delivered: r.thanks_delivered,
            }
        })
        .collect())
}

/// Newest first; sessions released by a re-open are not sessions and are left out.
pub async fn of(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
) -> Result<Vec<Entry>, sqlx::Error> {
    Ok(sessions(db, team_id, user_id, false)
        .await?
        .into_iter()
        .map(|r| {
            // What the other said shows only once both answered.
            let rating_received = r.received().0;
            Entry {
                role: r.role,
                matched_at: r.matched_at,
                topic: r.topic,
                skills: r.skills,
                time_box: r.time_box,
                with: r.with,
                done: r.done_at.is_some(),
                rating_given: r.rating_given,
                rating_received,
            }
        })
        .collect())
}
