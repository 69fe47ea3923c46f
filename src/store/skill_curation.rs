//! Curating the vocabulary (`core::skill_curation`): each operation is one
//! transaction that takes the workspace's curation lock (so two admins never
//! interleave), looks up what the names mean now, asks the core, and writes.
//! The skill rows it changes are locked `FOR UPDATE`, so a mentor or an ask
//! adding one of them at the same moment waits and then sees the result.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use crate::core::skill_curation::{
    decide_delete, decide_merge, decide_related, decide_rename, subject, Curated, Curation,
    CurationError, NameIs, RenamePlan, Usage,
};
use crate::core::skills::{Skill, SkillSlug};

/// Leaves the transaction (rolled back on drop) with the core's refusal.
macro_rules! decided {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(refused) => return Ok(Err(refused)),
        }
    };
}

/// Runs one curation. `Ok(Err(_))`: refused by the rules, nothing changed.
pub async fn curate(
    db: &PgPool,
    team_id: &str,
    curation: &Curation,
    now: DateTime<Utc>,
) -> Result<Result<Curated, CurationError>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let conn: &mut PgConnection = &mut tx;
    sqlx::query!(
        r#"SELECT 1 AS "locked!" FROM pg_advisory_xact_lock(hashtextextended('skill-curation:' || $1, 0))"#,
        team_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let done = match curation {
        Curation::Rename { skill, to } => rename(conn, team_id, skill, to, now).await?,
        Curation::Merge { keep, merged } => merge(conn, team_id, keep, merged, now).await?,
        Curation::Delete { skill } => delete(conn, team_id, skill).await?,
        Curation::Related { skill, related } => set_related(conn, team_id, skill, related).await?,
    };
    if done.is_ok() {
        tx.commit().await?;
    }
    Ok(done)
}

async fn rename(
    conn: &mut PgConnection,
    team_id: &str,
    chosen: &SkillSlug,
    to: &Skill,
    now: DateTime<Utc>,
) -> Result<Result<Curated, CurationError>, sqlx::Error> {
    let current = decided!(subject(chosen, &name_is(conn, team_id, chosen).await?));
    let to_is = name_is(conn, team_id, &to.slug).await?;
    let plan = decided!(decide_rename(&current, to, &to_is));
    lock_skills(conn, team_id, std::slice::from_ref(&current.slug)).await?;
    match plan {
        RenamePlan::Label => {
            sqlx::query!(
                "UPDATE skills SET label = $3 WHERE team_id = $1 AND slug = $2",
                team_id,
                current.slug.as_str(),
                to.label
            )
            .execute(&mut *conn)
            .await?;
        }
        // The new name takes the skill's place; the old name becomes a synonym
        // (a synonym that was the new name stops being one, in `move_skill`).
        RenamePlan::NewSlug { .. } => {
            sqlx::query!(
                r#"INSERT INTO skills (team_id, slug, label, created_by, created_at)
                   SELECT team_id, $3, $4, created_by, created_at FROM skills
                   WHERE team_id = $1 AND slug = $2"#,
                team_id,
                current.slug.as_str(),
                to.slug.as_str(),
                to.label
            )
            .execute(&mut *conn)
            .await?;
            move_skill(conn, team_id, &current, &to.slug, now).await?;
        }
    }
    let usage = usage(conn, team_id, std::slice::from_ref(&to.slug)).await?;
    Ok(Ok(Curated::Renamed {
        from: current,
        to: to.clone(),
        mentors: usage.mentors,
        asks: usage.asks,
    }))
}

async fn merge(
    conn: &mut PgConnection,
    team_id: &str,
    keep: &SkillSlug,
    chosen: &[SkillSlug],
    now: DateTime<Utc>,
) -> Result<Result<Curated, CurationError>, sqlx::Error> {
    let keep = decided!(subject(keep, &name_is(conn, team_id, keep).await?));
    let mut names = Vec::with_capacity(chosen.len());
    for slug in chosen {
        names.push((slug.clone(), name_is(conn, team_id, slug).await?));
    }
    let merged = decided!(decide_merge(&keep, &names));
    let slugs: Vec<SkillSlug> = merged.iter().map(|s| s.slug.clone()).collect();
    let mut locked = slugs.clone();
    locked.push(keep.slug.clone());
    lock_skills(conn, team_id, &locked).await?;
    let usage = usage(conn, team_id, &slugs).await?;
    for skill in &merged {
        move_skill(conn, team_id, skill, &keep.slug, now).await?;
    }
    Ok(Ok(Curated::Merged {
        keep,
        merged,
        mentors: usage.mentors,
        asks: usage.asks,
    }))
}

async fn delete(
    conn: &mut PgConnection,
    team_id: &str,
    chosen: &SkillSlug,
) -> Result<Result<Curated, CurationError>, sqlx::Error> {
    let skill = decided!(subject(chosen, &name_is(conn, team_id, chosen).await?));
    lock_skills(conn, team_id, std::slice::from_ref(&skill.slug)).await?;
    let usage = usage(conn, team_id, std::slice::from_ref(&skill.slug)).await?;
    decided!(decide_delete(&skill, usage));
    // Its synonyms and related-skill links go with it (ON DELETE CASCADE).
    sqlx::query!(
        "DELETE FROM skills WHERE team_id = $1 AND slug = $2",
        team_id,
        skill.slug.as_str()
    )
    .execute(&mut *conn)
    .await?;
    Ok(Ok(Curated::Deleted { skill }))
}

async fn set_related(
    conn: &mut PgConnection,
    team_id: &str,
    chosen: &SkillSlug,
    related: &[SkillSlug],
) -> Result<Result<Curated, CurationError>, sqlx::Error> {
    let skill = decided!(subject(chosen, &name_is(conn, team_id, chosen).await?));
    let mut names = Vec::with_capacity(related.len());
    for slug in related {
        names.push((slug.clone(), name_is(conn, team_id, slug).await?));
    }
    let related = decided!(decide_related(&skill, &names));
    let slugs: Vec<String> = related.iter().map(ToString::to_string).collect();
    sqlx::query!(
        "DELETE FROM related_skills WHERE team_id = $1 AND slug = $2",
        team_id,
        skill.slug.as_str()
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        r#"INSERT INTO related_skills (team_id, slug, related_slug)
           SELECT $1, $2, related FROM UNNEST($3::text[]) AS related
           ON CONFLICT DO NOTHING"#,
        team_id,
        skill.slug.as_str(),
        &slugs
    )
    .execute(&mut *conn)
    .await?;
    let related = super::skills::existing(&mut *conn, team_id, &related).await?;
    Ok(Ok(Curated::Related { skill, related }))
}

/// What a name means now: a skill wins over a synonym of the same slug.
async fn name_is(
    conn: &mut PgConnection,
    team_id: &str,
    name: &SkillSlug,
) -> Result<NameIs, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT k.slug AS "slug!", k.label AS "label!", (s.slug IS NULL) AS "synonym!"
           FROM (SELECT $2::text AS name) t
           LEFT JOIN skills s ON s.team_id = $1 AND s.slug = t.name
           LEFT JOIN skill_synonyms y ON s.slug IS NULL AND y.team_id = $1 AND y.slug = t.name
           JOIN skills k ON k.team_id = $1 AND k.slug = COALESCE(s.slug, y.skill_slug)"#,
        team_id,
        name.as_str()
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        None => NameIs::Free,
        Some(r) => {
            let skill = Skill {
                slug: SkillSlug::from_stored(r.slug),
                label: r.label,
            };
            match r.synonym {
                true => NameIs::SynonymOf(skill),
                false => NameIs::Skill(skill),
            }
        }
    })
}

/// Keeps these skills from being referenced, changed or removed by anyone else
/// until the transaction ends.
async fn lock_skills(
    conn: &mut PgConnection,
    team_id: &str,
    slugs: &[SkillSlug],
) -> Result<(), sqlx::Error> {
    let slugs: Vec<String> = slugs.iter().map(ToString::to_string).collect();
    sqlx::query!(
        "SELECT slug FROM skills WHERE team_id = $1 AND slug = ANY($2) ORDER BY slug FOR UPDATE",
        team_id,
        &slugs
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(())
}

/// Who uses any of these skills, each person, ask and session once.
async fn usage(
    conn: &mut PgConnection,
    team_id: &str,
    slugs: &[SkillSlug],
) -> Result<Usage, sqlx::Error> {
    let slugs: Vec<String> = slugs.iter().map(ToString::to_string).collect();
    let r = sqlx::query!(
        r#"SELECT
             (SELECT count(DISTINCT user_id) FROM mentor_skills WHERE team_id = $1 AND slug = ANY($2)) AS "mentors!",
             (SELECT count(DISTINCT ask_id) FROM ask_skills WHERE team_id = $1 AND slug = ANY($2)) AS "asks!",
             (SELECT count(DISTINCT session_id) FROM office_hours_skills WHERE team_id = $1 AND slug = ANY($2)) AS "office_hours!""#,
        team_id,
        &slugs
    )
    .fetch_one(&mut *conn)
    .await?;
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    Ok(Usage {
        mentors: n(r.mentors),
        asks: n(r.asks),
        office_hours: n(r.office_hours),
    })
}

/// Moves everything that names `from` to the skill `to` (which exists), without
/// duplicates: mentors, asks, office hours, unmet demand, digests, synonyms and
/// related skills; then `from`'s name becomes a synonym of `to` and `from` goes.
async fn move_skill(
    conn: &mut PgConnection,
    team_id: &str,
    from: &Skill,
    to: &SkillSlug,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let (from_slug, to) = (from.slug.as_str(), to.as_str());
    // One statement for the tables that link to a skill: each row copied to `to`
    // (never twice), then the old rows deleted. All parts see the same snapshot,
    // so a delete never meets a row copied in the same statement. What mentors'
    // answers taught about the old skill adds to the new one's.
    sqlx::query!(
        r#"WITH mentors_moved AS (
               INSERT INTO mentor_skills (team_id, user_id, slug)
               SELECT team_id, user_id, $3 FROM mentor_skills WHERE team_id = $1 AND slug = $2
               ON CONFLICT DO NOTHING
           ), mentors_gone AS (
               DELETE FROM mentor_skills WHERE team_id = $1 AND slug = $2
           ), answers_moved AS (
               INSERT INTO mentor_skill_answers (team_id, user_id, slug, yes, no)
               SELECT team_id, user_id, $3, yes, no FROM mentor_skill_answers
               WHERE team_id = $1 AND slug = $2
               ON CONFLICT (team_id, user_id, slug) DO UPDATE
               SET yes = mentor_skill_answers.yes + EXCLUDED.yes,
                   no = mentor_skill_answers.no + EXCLUDED.no
           ), answers_gone AS (
               DELETE FROM mentor_skill_answers WHERE team_id = $1 AND slug = $2
           ), asks_moved AS (
               INSERT INTO ask_skills (ask_id, team_id, slug)
               SELECT ask_id, team_id, $3 FROM ask_skills WHERE team_id = $1 AND slug = $2
               ON CONFLICT DO NOTHING
           ), asks_gone AS (
               DELETE FROM ask_skills WHERE team_id = $1 AND slug = $2
           ), sessions_moved AS (
               INSERT INTO office_hours_skills (session_id, team_id, slug)
               SELECT session_id, team_id, $3 FROM office_hours_skills WHERE team_id = $1 AND slug = $2
               ON CONFLICT DO NOTHING
           ), sessions_gone AS (
               DELETE FROM office_hours_skills WHERE team_id = $1 AND slug = $2
           ), unmet_moved AS (
               INSERT INTO unmet_demand (team_id, ask_id, slug, recorded_at)
               SELECT team_id, ask_id, $3, recorded_at FROM unmet_demand WHERE team_id = $1 AND slug = $2
               ON CONFLICT DO NOTHING
           )
           DELETE FROM unmet_demand WHERE team_id = $1 AND slug = $2"#,
        team_id,
        from_slug,
        to
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE digest_posts SET skill = $3 WHERE team_id = $1 AND skill = $2",
        team_id,
        from_slug,
        to
    )
    .execute(&mut *conn)
    .await?;
    // Related skills: both directions, never a skill related to itself.
    sqlx::query!(
        r#"WITH outgoing AS (
               INSERT INTO related_skills (team_id, slug, related_slug)
               SELECT team_id, $3, related_slug FROM related_skills
               WHERE team_id = $1 AND slug = $2 AND related_slug <> $3
               ON CONFLICT DO NOTHING
           )
           INSERT INTO related_skills (team_id, slug, related_slug)
           SELECT team_id, slug, $3 FROM related_skills
           WHERE team_id = $1 AND related_slug = $2 AND slug <> $3
           ON CONFLICT DO NOTHING"#,
        team_id,
        from_slug,
        to
    )
    .execute(&mut *conn)
    .await?;
    // Its synonyms become `to`'s (one that is `to`'s own name stops being one).
    sqlx::query!(
        r#"WITH own AS (
               DELETE FROM skill_synonyms WHERE team_id = $1 AND skill_slug = $2 AND slug = $3
           )
           UPDATE skill_synonyms SET skill_slug = $3
           WHERE team_id = $1 AND skill_slug = $2 AND slug <> $3"#,
        team_id,
        from_slug,
        to
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        r#"INSERT INTO skill_synonyms (team_id, slug, label, skill_slug, created_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (team_id, slug) DO UPDATE SET label = EXCLUDED.label, skill_slug = EXCLUDED.skill_slug"#,
        team_id,
        from_slug,
        from.label,
        to,
        now
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "DELETE FROM skills WHERE team_id = $1 AND slug = $2",
        team_id,
        from_slug
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
