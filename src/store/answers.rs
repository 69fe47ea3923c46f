//! What routing has learned of who says yes (`core::acceptance`): per mentor ×
//! skill counts, added to in the transaction that ends an offer.

use sqlx::PgExecutor;

use crate::core::acceptance::{lesson, Outcome};

/// Adds what `outcome` teaches about each of `mentors` to every skill of the
/// ask. Nothing is written when the outcome teaches nothing.
pub async fn learn(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentors: &[String],
    outcome: Outcome,
) -> Result<(), sqlx::Error> {
    let taught = lesson(outcome);
    if taught.yes == 0 && taught.no == 0 || mentors.is_empty() {
        return Ok(());
    }
    sqlx::query!(
        r#"INSERT INTO mentor_skill_answers (team_id, user_id, slug, yes, no)
           SELECT k.team_id, m.user_id, k.slug, $3, $4
           FROM ask_skills k CROSS JOIN UNNEST($2::text[]) AS m(user_id)
           WHERE k.ask_id = $1
           ON CONFLICT (team_id, user_id, slug) DO UPDATE
           SET yes = mentor_skill_answers.yes + EXCLUDED.yes,
               no = mentor_skill_answers.no + EXCLUDED.no"#,
        ask_id,
        mentors,
        taught.yes as i32,
        taught.no as i32
    )
    .execute(db)
    .await?;
    Ok(())
}
