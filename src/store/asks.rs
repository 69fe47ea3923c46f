//! Asks: storing a new one, reading them back, and the lists that show them.
//! State changes of an ask live in [`super::transitions`].

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool};

use super::decode;
use crate::core::ask::{Ask, NewAsk};
use crate::core::skills::SkillSlug;
use crate::store::jobs::NewJob;

/// Stores an ask, its skills and its jobs (built by `jobs_for` from the new id)
/// atomically, in two round trips: the id, then one statement. `None` when one
/// of the skills is not in the workspace's vocabulary (nothing is stored).
/// Returns the new ask's id and its jobs' ids in `jobs_for`'s order.
pub async fn create(
    db: &PgPool,
    team_id: &str,
    asker_id: &str,
    ask: &NewAsk,
    jobs_for: impl FnOnce(i64) -> Vec<NewJob>,
    now: DateTime<Utc>,
) -> Result<Option<(i64, Vec<i64>)>, sqlx::Error> {
    let id = sqlx::query_scalar!(r#"SELECT nextval('asks_id_seq') AS "id!""#)
        .fetch_one(db)
        .await?;
    let jobs = jobs_for(id);
    let slugs: Vec<String> = ask.skills.iter().map(ToString::to_string).collect();
    let kinds: Vec<String> = jobs.iter().map(|j| j.kind.clone()).collect();
    let payloads: Vec<serde_json::Value> = jobs.iter().map(|j| j.payload.clone()).collect();
    let keys: Vec<Option<String>> = jobs.iter().map(|j| j.dedupe_key.clone()).collect();
    let run_ats: Vec<DateTime<Utc>> = jobs.iter().map(|j| j.run_at).collect();
    let job_ids = sqlx::query_scalar!(
        r#"WITH known AS (
               SELECT count(*) AS n FROM skills WHERE team_id = $2 AND slug = ANY($11::text[])
           ), a AS (
               INSERT INTO asks (id, team_id, asker_id, topic, details, time_box, format, mentors_wanted,
                                 in_digest, needed_by, first_mentor, created_at, updated_at)
               SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $17, $12, $12
               WHERE (SELECT n FROM known) = cardinality($11::text[])
               RETURNING id
           ), s AS (
               INSERT INTO ask_skills (ask_id, team_id, slug)
               SELECT a.id, $2, slug FROM a, UNNEST($11::text[]) AS slug
           ), j AS (
               INSERT INTO jobs (team_id, kind, payload, dedupe_key, run_at, created_at)
               SELECT $2, kind, payload, key, run_at, $12
               FROM a, UNNEST($13::text[], $14::jsonb[], $15::text[], $16::timestamptz[])
                       WITH ORDINALITY AS t(kind, payload, key, run_at, n)
               ORDER BY n
               RETURNING id
           )
           SELECT id AS "id!" FROM j ORDER BY id"#,
        id,
        team_id,
        asker_id,
        ask.topic,
        ask.details,
        ask.time_box as i16,
        ask.format.as_str(),
        ask.mentors_wanted as i16,
        ask.in_digest,
        ask.needed_by,
        &slugs,
        now,
        &kinds,
        &payloads,
        &keys as &[Option<String>],
        &run_ats,
        ask.first_mentor
    )
    .fetch_all(db)
    .await?;
    if job_ids.is_empty() && !jobs.is_empty() {
        return Ok(None);
    }
    if jobs.is_empty() {
        // Nothing to tell from the jobs: ask whether the ask itself landed.
        let stored = sqlx::query_scalar!("SELECT count(*) FROM asks WHERE id = $1", id)
            .fetch_one(db)
            .await?
            .unwrap_or(0);
        return Ok((stored == 1).then_some((id, Vec::new())));
    }
    Ok(Some((id, job_ids)))
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Ask>, sqlx::Error> {
    Ok(many(db, &[id]).await?.pop())
}

/// The ask while it is still open — what routing and the reminder ladder act on.
pub async fn get_open(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Ask>, sqlx::Error> {
    Ok(get(db, id)
        .await?
        .filter(|ask| ask.status == crate::core::ask::AskStatus::Open))
}

/// Several asks by id, in the order given, in one query.
pub async fn many(db: impl PgExecutor<'_>, ids: &[i64]) -> Result<Vec<Ask>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT a.id, a.team_id, a.asker_id, a.topic, a.details, a.time_box, a.format,
                  a.mentors_wanted, a.in_digest, a.needed_by, a.status, a.matched_count, a.created_at,
                  a.first_mentor,
                  COALESCE(array_agg(s.slug ORDER BY lower(s.label)) FILTER (WHERE s.slug IS NOT NULL), '{}') AS "slugs!",
                  COALESCE(array_agg(s.label ORDER BY lower(s.label)) FILTER (WHERE s.slug IS NOT NULL), '{}') AS "labels!"
           FROM asks a
           LEFT JOIN ask_skills k ON k.ask_id = a.id
           LEFT JOIN skills s ON s.team_id = k.team_id AND s.slug = k.slug
           WHERE a.id = ANY($1)
           GROUP BY a.id"#,
        ids
    )
    .fetch_all(db)
    .await?;
    let mut asks: Vec<Ask> = rows
        .into_iter()
        .map(|r| {
            Ok(Ask {
                id: r.id,
                team_id: r.team_id,
                asker_id: r.asker_id,
                topic: r.topic,
                details: r.details,
                skills: decode::skills(r.slugs, r.labels),
                time_box: r.time_box as u16,
                format: decode::parse("asks.format", &r.format)?,
                mentors_wanted: r.mentors_wanted as u8,
                in_digest: r.in_digest,
                needed_by: r.needed_by,
                status: decode::parse("asks.status", &r.status)?,
                matched_count: r.matched_count as u8,
                created_at: r.created_at,
                first_mentor: r.first_mentor,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    asks.sort_by_key(|a| ids.iter().position(|id| *id == a.id));
    Ok(asks)
}

/// The asker's asks that are still open, oldest first.
pub async fn open_of(db: &PgPool, team_id: &str, asker_id: &str) -> Result<Vec<Ask>, sqlx::Error> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM asks WHERE team_id = $1 AND asker_id = $2 AND status = 'open' ORDER BY created_at, id LIMIT 20",
        team_id,
        asker_id
    )
    .fetch_all(db)
    .await?;
    many(db, &ids).await
}

/// Open asks that may appear in digests, oldest first, optionally for one skill.
pub async fn for_digest(
    db: impl PgExecutor<'_>,
    team_id: &str,
    skill: Option<&str>,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT a.id FROM asks a
           WHERE a.team_id = $1 AND a.status = 'open' AND a.in_digest
             AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM ask_skills k WHERE k.ask_id = a.id AND k.slug = $2))
           ORDER BY a.created_at, a.id
           LIMIT $3"#,
        team_id,
        skill,
        limit
    )
    .fetch_all(db)
    .await
}

/// The ask's skills that nobody available could serve, for the organisation's view.
pub async fn record_unmet(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    team_id: &str,
    skills: &[SkillSlug],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let slugs: Vec<String> = skills.iter().map(ToString::to_string).collect();
    sqlx::query!(
        r#"INSERT INTO unmet_demand (team_id, ask_id, slug, recorded_at)
           SELECT $1, $2, UNNEST($3::text[]), $4
           ON CONFLICT (ask_id, slug) DO NOTHING"#,
        team_id,
        ask_id,
        &slugs,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

/// When the asker's asks that count against `ASK_LIMIT` were made, since
/// `since`: every ask but those cancelled before anyone accepted them (a match
/// row, even one released later, means someone did).
pub async fn counted_since(
    db: impl PgExecutor<'_>,
    team_id: &str,
    asker_id: &str,
    since: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT a.created_at FROM asks a
           WHERE a.team_id = $1 AND a.asker_id = $2 AND a.created_at > $3
             AND NOT (a.status = 'cancelled'
                      AND NOT EXISTS (SELECT 1 FROM matches x WHERE x.ask_id = a.id))"#,
        team_id,
        asker_id,
        since
    )
    .fetch_all(db)
    .await
}

/// The history for "usually answered within …" (`core::estimate`): asks since
/// `since` sharing one of `skills`, with their first match that stood and the
/// matched mentor's hours and zone.
pub async fn match_history(
    db: impl PgExecutor<'_>,
    team_id: &str,
    skills: &[SkillSlug],
    since: DateTime<Utc>,
) -> Result<Vec<crate::core::estimate::Sample>, sqlx::Error> {
    let slugs: Vec<String> = skills.iter().map(ToString::to_string).collect();
    let rows = sqlx::query!(
        r#"SELECT DISTINCT ON (a.id) a.created_at, x.matched_at, m.tz, m.work_days, m.work_start, m.work_end
           FROM asks a
           JOIN matches x ON x.ask_id = a.id AND x.released_at IS NULL
           JOIN mentors m ON m.team_id = x.team_id AND m.user_id = x.mentor_id
           WHERE a.team_id = $1 AND a.created_at >= $2
             AND EXISTS (SELECT 1 FROM ask_skills k WHERE k.ask_id = a.id AND k.slug = ANY($3))
           ORDER BY a.id, x.matched_at"#,
        team_id,
        since,
        &slugs
    )
    .fetch_all(db)
    .await?;
    // A row that does not decode (logged) is left out of the history.
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(crate::core::estimate::Sample {
                created_at: r.created_at,
                matched_at: r.matched_at,
                hours: decode::hours(r.work_days, r.work_start, r.work_end).ok()?,
                tz: decode::zone(&r.tz).ok()?,
            })
        })
        .collect())
}

/// The asker's asks that are no longer open, newest first (for Home).
pub async fn past_of(db: &PgPool, team_id: &str, asker_id: &str) -> Result<Vec<Ask>, sqlx::Error> {
    let ids = sqlx::query_scalar!(
        "SELECT id FROM asks WHERE team_id = $1 AND asker_id = $2 AND status <> 'open' ORDER BY created_at DESC, id DESC LIMIT 8",
        team_id,
        asker_id
    )
    .fetch_all(db)
    .await?;
    many(db, &ids).await
}
