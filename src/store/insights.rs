//! What the organisation's figures are computed from: a window's plain rows
//! (`core::insights` does every count), and programme owners' own settings
//! (window, weekly digest).

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use std::collections::HashMap;

use super::decode;
use crate::core::availability::MentorState;
use crate::core::insights::{AskRow, InsightRows, MatchRow, MentorRow, OfferRow, Outcome, Window};
use crate::core::lifecycle::WeeklyCount;
use crate::core::skills::SkillSlug;

fn slugs(raw: Vec<String>) -> Vec<SkillSlug> {
    raw.into_iter().map(SkillSlug::from_stored).collect()
}

/// The rows of the window from `since` to `now`: asks created or closed in it,
/// open now, or whose sessions moved in it (with all their sessions and the
/// mentees' answers); offers made or answered in it (reasons only, never who
/// or the words of "Other"); every mentor; unmet demand in it; skill labels.
/// A row that does not decode is logged and left out, so one bad row cannot
/// hide every figure.
pub async fn rows(
    db: impl PgExecutor<'_> + Copy,
    team_id: &str,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<InsightRows, sqlx::Error> {
    let asks = sqlx::query!(
        r#"SELECT a.id, a.asker_id, a.created_at, a.closed_at, a.status,
                  COALESCE(array_agg(k.slug ORDER BY k.slug) FILTER (WHERE k.slug IS NOT NULL), '{}') AS "skills!"
           FROM asks a
           LEFT JOIN ask_skills k ON k.ask_id = a.id
           WHERE a.team_id = $1
             AND (a.created_at >= $2 OR a.closed_at >= $2 OR a.status = 'open'
                  OR EXISTS (SELECT 1 FROM matches x
                             LEFT JOIN session_outcomes o ON o.ask_id = x.ask_id AND o.mentor_id = x.mentor_id
                             WHERE x.ask_id = a.id
                               AND (x.matched_at >= $2 OR x.done_at >= $2 OR o.recorded_at >= $2)))
           GROUP BY a.id"#,
        team_id,
        since
    )
    .fetch_all(db)
    .await?;
    let asks: Vec<AskRow> = asks
        .into_iter()
        .filter_map(|r| {
            Some(AskRow {
                status: decode::parse("asks.status", &r.status).ok()?,
                id: r.id,
                asker_id: r.asker_id,
                created_at: r.created_at,
                closed_at: r.closed_at,
                skills: slugs(r.skills),
            })
        })
        .collect();
    let ids: Vec<i64> = asks.iter().map(|a| a.id).collect();

    let matches = sqlx::query!(
        r#"SELECT x.ask_id, x.mentor_id, x.matched_at, x.done_at, x.released_at,
                  x.followup_ts IS NOT NULL AS "followup_asked!",
                  o.happened AS "happened?", o.rating AS "rating?", o.recorded_at AS "recorded_at?"
           FROM matches x
           LEFT JOIN session_outcomes o ON o.ask_id = x.ask_id AND o.mentor_id = x.mentor_id
           WHERE x.team_id = $1 AND x.ask_id = ANY($2)"#,
        team_id,
        &ids
    )
    .fetch_all(db)
    .await?;
    let matches = matches
        .into_iter()
        .filter_map(|r| {
            let outcome = match (r.happened, r.recorded_at) {
                (Some(h), Some(recorded_at)) => Some(Outcome {
                    happened: decode::parse("session_outcomes.happened", &h).ok()?,
                    rating: r.rating.and_then(|n| u8::try_from(n).ok()),
                    recorded_at,
                }),
                _ => None,
            };
            Some(MatchRow {
                ask_id: r.ask_id,
                mentor_id: r.mentor_id,
                matched_at: r.matched_at,
                done_at: r.done_at,
                released_at: r.released_at,
                followup_asked: r.followup_asked,
                outcome,
            })
        })
        .collect();

    let offers = sqlx::query!(
        r#"SELECT ask_id, status, decline_reason, answered_at FROM offers
           WHERE team_id = $1 AND (offered_at >= $2 OR answered_at >= $2)"#,
        team_id,
        since
    )
    .fetch_all(db)
    .await?;
    let offers = offers
        .into_iter()
        .filter_map(|r| {
            Some(OfferRow {
                ask_id: r.ask_id,
                status: decode::parse("offers.status", &r.status).ok()?,
                decline_reason: r.decline_reason,
                answered_at: r.answered_at,
            })
        })
        .collect();

    let mentors = sqlx::query!(
        r#"SELECT m.user_id, m.opted_in, m.capacity, m.paused_until, m.tz, m.work_days,
                  m.work_start, m.work_end, m.week_start, m.accepted_in_week,
                  COALESCE(array_agg(ms.slug ORDER BY ms.slug) FILTER (WHERE ms.slug IS NOT NULL), '{}') AS "skills!"
           FROM mentors m
           LEFT JOIN mentor_skills ms ON ms.team_id = m.team_id AND ms.user_id = m.user_id
           WHERE m.team_id = $1
           GROUP BY m.team_id, m.user_id"#,
        team_id
    )
    .fetch_all(db)
    .await?;
    let mentors = mentors
        .into_iter()
        .filter_map(|r| {
            let tz = decode::zone(&r.tz).ok()?;
            let accepted = WeeklyCount {
                week_start: r.week_start,
                accepted: r.accepted_in_week.max(0) as u32,
            }
            .this_week(now, tz);
            Some(MentorRow {
                user_id: r.user_id,
                state: MentorState {
                    opted_in: r.opted_in,
                    paused_until: r.paused_until,
                    tz,
                    hours: decode::hours(r.work_days, r.work_start, r.work_end).ok()?,
                    capacity: r.capacity.max(0) as u32,
                    accepted_this_week: accepted,
                },
                skills: slugs(r.skills),
            })
        })
        .collect();

    let unmet = sqlx::query!(
        "SELECT slug, ask_id FROM unmet_demand WHERE team_id = $1 AND recorded_at >= $2",
        team_id,
        since
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (SkillSlug::from_stored(r.slug), r.ask_id))
    .collect();

    let labels: HashMap<SkillSlug, String> =
        sqlx::query!("SELECT slug, label FROM skills WHERE team_id = $1", team_id)
            .fetch_all(db)
            .await?
            .into_iter()
            .map(|r| (SkillSlug::from_stored(r.slug), r.label))
            .collect();

    Ok(InsightRows {
        asks,
        matches,
        offers,
        mentors,
        unmet,
        labels,
    })
}

/// A programme owner's own settings for the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AdminPreferences {
    pub window: Window,
    pub weekly_digest: bool,
}

pub async fn preferences(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
) -> Result<AdminPreferences, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT insights_days, weekly_digest FROM admin_preferences WHERE team_id = $1 AND user_id = $2",
        team_id,
        user_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row
        .map(|r| AdminPreferences {
            window: Window::from_days(i64::from(r.insights_days)).unwrap_or_default(),
            weekly_digest: r.weekly_digest,
        })
        .unwrap_or_default())
}

pub async fn set_window(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
    window: Window,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"INSERT INTO admin_preferences (team_id, user_id, insights_days, updated_at)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (team_id, user_id) DO UPDATE
           SET insights_days = EXCLUDED.insights_days, updated_at = EXCLUDED.updated_at"#,
        team_id,
        user_id,
        window.days() as i16,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_weekly_digest(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
    on: bool,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"INSERT INTO admin_preferences (team_id, user_id, weekly_digest, updated_at)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (team_id, user_id) DO UPDATE
           SET weekly_digest = EXCLUDED.weekly_digest, updated_at = EXCLUDED.updated_at"#,
        team_id,
        user_id,
        on,
        now
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Who asked for the weekly admin digest (whether they are still admins is
/// checked when it is sent).
pub async fn digest_subscribers(
    db: impl PgExecutor<'_>,
    team_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT user_id FROM admin_preferences WHERE team_id = $1 AND weekly_digest ORDER BY user_id",
        team_id
    )
    .fetch_all(db)
    .await
}

/// For each skill with related skills, the opted-in mentors of those related
/// skills ("mentors of related skills" in who to recruit).
pub async fn related_mentors(
    db: impl PgExecutor<'_>,
    team_id: &str,
) -> Result<crate::core::insights::RelatedMentors, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT r.slug, array_agg(DISTINCT ms.user_id ORDER BY ms.user_id) AS "mentors!"
           FROM related_skills r
           JOIN mentor_skills ms ON ms.team_id = r.team_id AND ms.slug = r.related_slug
           JOIN mentors m ON m.team_id = ms.team_id AND m.user_id = ms.user_id AND m.opted_in
           WHERE r.team_id = $1
           GROUP BY r.slug"#,
        team_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (SkillSlug::from_stored(r.slug), r.mentors))
        .collect())
}
