//! The skill vocabulary.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

use crate::core::skills::{Skill, SkillSlug};

/// A vocabulary row as read.
struct SkillRow {
    slug: String,
    label: String,
}

impl From<SkillRow> for Skill {
    fn from(r: SkillRow) -> Self {
        Skill {
            slug: SkillSlug::from_stored(r.slug),
            label: r.label,
        }
    }
}

/// Adds skills that are not in the vocabulary yet; existing ones keep their label.
pub async fn add_missing(
    db: impl PgExecutor<'_>,
    team_id: &str,
    skills: &[Skill],
    created_by: Option<&str>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let slugs: Vec<String> = skills.iter().map(|s| s.slug.to_string()).collect();
    let labels: Vec<String> = skills.iter().map(|s| s.label.clone()).collect();
    let done = sqlx::query!(
        r#"INSERT INTO skills (team_id, slug, label, created_by, created_at)
           SELECT $1, slug, label, $4, $5 FROM UNNEST($2::text[], $3::text[]) AS t(slug, label)
           ON CONFLICT (team_id, slug) DO NOTHING"#,
        team_id,
        &slugs,
        &labels,
        created_by,
        now
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// The skills among `slugs` that exist, in the vocabulary's spelling.
pub async fn existing(
    db: impl PgExecutor<'_>,
    team_id: &str,
    slugs: &[SkillSlug],
) -> Result<Vec<Skill>, sqlx::Error> {
    let slugs: Vec<String> = slugs.iter().map(ToString::to_string).collect();
    let rows = sqlx::query_as!(
        SkillRow,
        r#"SELECT slug, label FROM skills WHERE team_id = $1 AND slug = ANY($2) ORDER BY lower(label)"#,
        team_id,
        &slugs
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Skill::from).collect())
}

/// Skills matching what someone typed: prefix matches first, then substring
/// matches, alphabetically within each; at most `limit`.
pub async fn suggest(
    db: impl PgExecutor<'_>,
    team_id: &str,
    query: &str,
    limit: i64,
) -> Result<Vec<Skill>, sqlx::Error> {
    let text = query.trim().to_lowercase();
    // The slug form lets "machine l" find "machine-learning".
    let slug = SkillSlug::parse(query)
        .map(|s| s.to_string())
        .unwrap_or_default();
    let rows = sqlx::query_as!(
        SkillRow,
        r#"SELECT slug, label FROM skills
           WHERE team_id = $1
             AND ($2 = '' OR strpos(lower(label), $2) > 0 OR ($3 <> '' AND strpos(slug, $3) > 0))
           ORDER BY (starts_with(lower(label), $2) OR ($3 <> '' AND starts_with(slug, $3))) DESC,
                    lower(label), slug
           LIMIT $4"#,
        team_id,
        text,
        slug,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Skill::from).collect())
}

/// The workspace's whole vocabulary (for spotting skills named in `/ask <text>`).
pub async fn all(db: impl PgExecutor<'_>, team_id: &str) -> Result<Vec<Skill>, sqlx::Error> {
    let rows = sqlx::query_as!(
        SkillRow,
        "SELECT slug, label FROM skills WHERE team_id = $1 ORDER BY slug LIMIT 5000",
        team_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Skill::from).collect())
}

/// Parses a seed file: one skill a line; blank lines and `#` comments skipped.
pub fn parse_seed(text: &str) -> Result<Vec<Skill>, (usize, crate::core::skills::SkillError)> {
    let mut out: Vec<Skill> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let skill = Skill::parse(line).map_err(|e| (n + 1, e))?;
        if !out.iter().any(|s| s.slug == skill.slug) {
            out.push(skill);
        }
    }
    Ok(out)
}
