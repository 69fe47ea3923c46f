//! The figures behind the admin charts and the CSV export, and the charts
//! already uploaded to Slack (so Home does not upload them again each time).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

use super::decode;
use crate::core::charts::{Chart, GapBar, Uploaded, WeekPoint};
use crate::core::export::ExportRow;

/// Asks created per ISO week (Monday, UTC) from the week of `from` on; weeks
/// without asks are absent (`core::charts::fill_weeks` adds them). Matched: a
/// match that still counts; median over the matched asks of the hours to the
/// first such match.
pub async fn weekly(
    db: impl PgExecutor<'_>,
    team_id: &str,
    from: NaiveDate,
) -> Result<Vec<WeekPoint>, sqlx::Error> {
    let since = from.and_time(chrono::NaiveTime::MIN).and_utc();
    let rows = sqlx::query!(
        r#"WITH first_match AS (
               SELECT m.ask_id, min(m.matched_at) AS at FROM matches m
               WHERE m.team_id = $1 AND m.released_at IS NULL
               GROUP BY m.ask_id
           )
           SELECT date_trunc('week', a.created_at AT TIME ZONE 'UTC')::date AS "week!",
                  count(*) AS "asks!",
                  count(f.at) AS "matched!",
                  percentile_cont(0.5) WITHIN GROUP (
                      ORDER BY (extract(epoch FROM f.at - a.created_at) / 3600.0)::float8
                  ) AS median_hours
           FROM asks a LEFT JOIN first_match f ON f.ask_id = a.id
           WHERE a.team_id = $1 AND a.created_at >= $2
           GROUP BY 1 ORDER BY 1"#,
        team_id,
        since
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| WeekPoint {
            week_start: r.week,
            asks: r.asks,
            matched: r.matched,
            median_hours_to_match: r.median_hours,
        })
        .collect())
}

/// Per skill that had unmet demand since `since`: how many asks needed it when
/// no available mentor had it, and how many mentors are opted in for it and not
/// paused at `now`. Unsorted and uncapped (`core::charts::top_gaps` does that).
pub async fn gaps(
    db: impl PgExecutor<'_>,
    team_id: &str,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<GapBar>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT s.label,
                  count(DISTINCT u.ask_id) AS "unmet!",
                  (SELECT count(*) FROM mentor_skills ms
                   JOIN mentors m ON m.team_id = ms.team_id AND m.user_id = ms.user_id
                   WHERE ms.team_id = $1 AND ms.slug = u.slug AND m.opted_in
                     AND (m.paused_until IS NULL OR m.paused_until <= $3)) AS "mentors!"
           FROM unmet_demand u
           JOIN skills s ON s.team_id = u.team_id AND s.slug = u.slug
           WHERE u.team_id = $1 AND u.recorded_at >= $2
           GROUP BY s.label, u.slug"#,
        team_id,
        since,
        now
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| GapBar {
            skill: r.label,
            unmet: r.unmet,
            mentors_available: r.mentors,
        })
        .collect())
}

/// The asks created since `since`, oldest first, as the CSV export has them:
/// no topic, no details, no notes.
pub async fn export(
    db: impl PgExecutor<'_>,
    team_id: &str,
    since: DateTime<Utc>,
) -> Result<Vec<ExportRow>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT a.id, a.created_at, a.time_box, a.status,
                  COALESCE((SELECT array_agg(k.slug ORDER BY k.slug) FROM ask_skills k
                            WHERE k.ask_id = a.id), '{}') AS "skills!",
                  (SELECT min(m.matched_at) FROM matches m
                   WHERE m.ask_id = a.id AND m.released_at IS NULL) AS matched_at,
                  (SELECT count(*) FROM matches m
                   WHERE m.ask_id = a.id AND m.released_at IS NULL) AS "mentors!",
                  COALESCE((SELECT array_agg(o.rating ORDER BY o.recorded_at, o.mentor_id)
                            FROM session_outcomes o
                            WHERE o.ask_id = a.id AND o.rating IS NOT NULL), '{}') AS "ratings!: Vec<i16>"
           FROM asks a
           WHERE a.team_id = $1 AND a.created_at >= $2
           ORDER BY a.created_at, a.id"#,
        team_id,
        since
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ExportRow {
                ask_id: r.id,
                created_at: r.created_at,
                skills: r.skills,
                time_box: u16::try_from(r.time_box).unwrap_or_default(),
                status: decode::parse("status", &r.status)?,
                matched_at: r.matched_at,
                mentors: r.mentors,
                ratings: r.ratings,
            })
        })
        .collect()
}

/// When this person last opened the App Home (`home_viewers`).
pub async fn last_opened(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT last_opened_at FROM home_viewers WHERE team_id = $1 AND user_id = $2",
        team_id,
        user_id
    )
    .fetch_optional(db)
    .await
}

/// One chart of one admin's Home, for one window.
#[derive(Debug, Clone, Copy)]
pub struct UploadKey<'a> {
    pub team_id: &'a str,
    /// The admin it is shared with.
    pub user_id: &'a str,
    pub chart: Chart,
    pub window_days: i16,
}

/// The chart last uploaded for this key, if any upload worked.
pub async fn upload_of(
    db: impl PgExecutor<'_>,
    key: UploadKey<'_>,
) -> Result<Option<Uploaded>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT file_id AS "file_id!", fingerprint AS "fingerprint!", uploaded_at AS "uploaded_at!"
           FROM chart_uploads
           WHERE team_id = $1 AND user_id = $2 AND chart = $3 AND window_days = $4
             AND file_id IS NOT NULL AND fingerprint IS NOT NULL"#,
        key.team_id,
        key.user_id,
        key.chart.as_str(),
        key.window_days
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Uploaded {
        file_id: r.file_id,
        fingerprint: r.fingerprint,
        uploaded_at: r.uploaded_at,
    }))
}

/// Takes the right to upload this chart now: `true` unless another upload
/// started after `retry_after` (in flight, or failed too recently to try again).
pub async fn claim_upload(
    db: impl PgExecutor<'_>,
    key: UploadKey<'_>,
    now: DateTime<Utc>,
    retry_after: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query_scalar!(
        r#"INSERT INTO chart_uploads (team_id, user_id, chart, window_days, attempted_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (team_id, user_id, chart, window_days)
           DO UPDATE SET attempted_at = EXCLUDED.attempted_at
           WHERE chart_uploads.attempted_at <= $6
           RETURNING 1 AS "x!""#,
        key.team_id,
        key.user_id,
        key.chart.as_str(),
        key.window_days,
        now,
        retry_after
    )
    .fetch_optional(db)
    .await?;
    Ok(claimed.is_some())
}

/// An upload worked: this file shows these figures from now on.
pub async fn uploaded(
    db: impl PgExecutor<'_>,
    key: UploadKey<'_>,
    file_id: &str,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"UPDATE chart_uploads SET file_id = $5, fingerprint = $6, uploaded_at = $7
           WHERE team_id = $1 AND user_id = $2 AND chart = $3 AND window_days = $4"#,
        key.team_id,
        key.user_id,
        key.chart.as_str(),
        key.window_days,
        file_id,
        fingerprint,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}
