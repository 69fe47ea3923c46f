//! The skill vocabulary.

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool};

use crate::core::skills::{self, SeedEntry, Skill, SkillSlug, Synonym};

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

/// Adds skills that are not in the vocabulary yet; existing ones keep their
/// label, and a name that is already another skill's synonym is not added
/// (resolve names with [`canonical`] first to use that skill instead).
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
           WHERE NOT EXISTS (SELECT 1 FROM skill_synonyms y WHERE y.team_id = $1 AND y.slug = t.slug)
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

/// Skills matching what someone typed, by their name or one of their other
/// names (typing "js" offers JavaScript when "js" is one of its names; the
/// option is always the skill): exact matches first, then prefix matches, then
/// substring matches, alphabetically within each; at most `limit`.
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
        r#"WITH names AS (
               SELECT slug AS skill, slug AS name, label FROM skills WHERE team_id = $1
               UNION ALL
               SELECT skill_slug, slug, label FROM skill_synonyms WHERE team_id = $1
           ), found AS (
               SELECT skill,
                      bool_or($3 <> '' AND name = $3) AS exact,
                      bool_or(starts_with(lower(label), $2) OR ($3 <> '' AND starts_with(name, $3))) AS prefix
               FROM names
               WHERE $2 = '' OR strpos(lower(label), $2) > 0 OR ($3 <> '' AND strpos(name, $3) > 0)
               GROUP BY skill
           )
           SELECT s.slug AS "slug!", s.label AS "label!" FROM found f
           JOIN skills s ON s.team_id = $1 AND s.slug = f.skill
           ORDER BY f.exact DESC, f.prefix DESC, lower(s.label), s.slug
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

/// Every other name of the workspace's skills (for spotting them in `/ask <text>`).
pub async fn synonyms(db: impl PgExecutor<'_>, team_id: &str) -> Result<Vec<Synonym>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT y.slug, y.label, y.skill_slug FROM skill_synonyms y
           WHERE y.team_id = $1
             AND NOT EXISTS (SELECT 1 FROM skills s WHERE s.team_id = y.team_id AND s.slug = y.slug)
           ORDER BY y.slug LIMIT 5000"#,
        team_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Synonym {
            slug: SkillSlug::from_stored(r.slug),
            label: r.label,
            skill: SkillSlug::from_stored(r.skill_slug),
        })
        .collect())
}

/// The skills these names mean (`core::skills::canonical`): another name of a
/// skill becomes the skill; skills and unknown names stay as they are.
pub async fn canonical(
    db: impl PgExecutor<'_>,
    team_id: &str,
    slugs: &[SkillSlug],
) -> Result<Vec<SkillSlug>, sqlx::Error> {
    let names: Vec<String> = slugs.iter().map(ToString::to_string).collect();
    let rows = sqlx::query!(
        r#"SELECT y.slug, y.label, y.skill_slug FROM skill_synonyms y
           WHERE y.team_id = $1 AND y.slug = ANY($2)
             AND NOT EXISTS (SELECT 1 FROM skills s WHERE s.team_id = y.team_id AND s.slug = y.slug)"#,
        team_id,
        &names
    )
    .fetch_all(db)
    .await?;
    let synonyms: Vec<Synonym> = rows
        .into_iter()
        .map(|r| Synonym {
            slug: SkillSlug::from_stored(r.slug),
            label: r.label,
            skill: SkillSlug::from_stored(r.skill_slug),
        })
        .collect();
    Ok(skills::canonical(slugs, &synonyms))
}

/// (skill, related skill) for these skills (`core::routing::related_to_ask`).
pub async fn relations_of(
    db: impl PgExecutor<'_>,
    team_id: &str,
    slugs: &[SkillSlug],
) -> Result<Vec<(SkillSlug, SkillSlug)>, sqlx::Error> {
    let slugs: Vec<String> = slugs.iter().map(ToString::to_string).collect();
    let rows = sqlx::query!(
        r#"SELECT slug, related_slug FROM related_skills
           WHERE team_id = $1 AND slug = ANY($2) ORDER BY slug, related_slug"#,
        team_id,
        &slugs
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                SkillSlug::from_stored(r.slug),
                SkillSlug::from_stored(r.related_slug),
            )
        })
        .collect())
}

/// What `SKILLS_FILE` added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seeded {
    pub skills: u64,
    pub synonyms: u64,
    /// Synonyms not added because they name a skill of their own (an admin
    /// merges them from Home if they should be one).
    pub skipped: Vec<String>,
}

/// Loads `SKILLS_FILE` entries (`core::skills::parse_seed`) in one transaction,
/// idempotently: missing skills are added (a name that is already another
/// name of a skill is not: that skill has it), missing synonyms are added to
/// the skill the line names (or the skill that name now means). Existing
/// labels and synonyms curated by admins are kept.
pub async fn seed(
    db: &PgPool,
    team_id: &str,
    entries: &[SeedEntry],
    now: DateTime<Utc>,
) -> Result<Seeded, sqlx::Error> {
    let mut tx = db.begin().await?;
    let listed: Vec<Skill> = entries.iter().map(|e| e.skill.clone()).collect();
    let mut seeded = Seeded {
        skills: add_missing(&mut *tx, team_id, &listed, None, now).await?,
        ..Seeded::default()
    };
    for entry in entries.iter().filter(|e| !e.synonyms.is_empty()) {
        let owner = canonical(&mut *tx, team_id, std::slice::from_ref(&entry.skill.slug)).await?;
        let owner = owner[0].to_string();
        let slugs: Vec<String> = entry.synonyms.iter().map(|y| y.slug.to_string()).collect();
        let labels: Vec<String> = entry.synonyms.iter().map(|y| y.label.clone()).collect();
        let added = sqlx::query!(
            r#"INSERT INTO skill_synonyms (team_id, slug, label, skill_slug, created_at)
               SELECT $1, t.slug, t.label, $4, $5 FROM UNNEST($2::text[], $3::text[]) AS t(slug, label)
               WHERE t.slug <> $4
                 AND NOT EXISTS (SELECT 1 FROM skills s WHERE s.team_id = $1 AND s.slug = t.slug)
               ON CONFLICT (team_id, slug) DO NOTHING"#,
            team_id,
            &slugs,
            &labels,
            owner,
            now
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        seeded.synonyms += added;
        let own = existing(
            &mut *tx,
            team_id,
            &entry
                .synonyms
                .iter()
                .map(|y| y.slug.clone())
                .collect::<Vec<_>>(),
        )
        .await?;
        seeded.skipped.extend(
            own.into_iter()
                .filter(|s| s.slug.as_str() != owner)
                .map(|s| s.label),
        );
    }
    tx.commit().await?;
    Ok(seeded)
}
