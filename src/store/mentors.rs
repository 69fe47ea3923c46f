//! Mentor profiles and their skills.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sqlx::{PgConnection, PgExecutor};

use super::decode;
use crate::core::acceptance::Answers;
use crate::core::availability::MentorState;
use crate::core::availability::{rest_until, week_start};
use crate::core::exclusions::may_meet;
use crate::core::lifecycle::WeeklyCount;
use crate::core::mentor::{MentorProfile, ValidSettings};
use crate::core::routing::{Candidate, NOT_MY_AREA_DAYS};
use crate::core::skills::SkillSlug;

pub async fn get(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
) -> Result<Option<MentorProfile>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT m.opted_in, m.capacity, m.paused_until, m.tz, m.work_days, m.work_start,
                  m.work_end, m.help_text, m.quiet_hours, m.ignore_slack_status,
                  COALESCE(array_agg(s.slug ORDER BY lower(s.label)) FILTER (WHERE s.slug IS NOT NULL), '{}') AS "slugs!",
                  COALESCE(array_agg(s.label ORDER BY lower(s.label)) FILTER (WHERE s.slug IS NOT NULL), '{}') AS "labels!"
           FROM mentors m
           LEFT JOIN mentor_skills ms ON ms.team_id = m.team_id AND ms.user_id = m.user_id
           LEFT JOIN skills s ON s.team_id = ms.team_id AND s.slug = ms.slug
           WHERE m.team_id = $1 AND m.user_id = $2
           GROUP BY m.team_id, m.user_id"#,
        team_id,
        user_id
    )
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok(MentorProfile {
            opted_in: r.opted_in,
            capacity: r.capacity as u8,
            paused_until: r.paused_until,
            tz: decode::zone(&r.tz)?,
            hours: decode::hours(r.work_days, r.work_start, r.work_end)?,
            help_text: r.help_text,
            quiet_hours: r.quiet_hours,
            ignore_status: r.ignore_slack_status,
            skills: decode::skills(r.slugs, r.labels),
        })
    })
    .transpose()
}

/// Saves a validated settings form. Idempotent: the same settings saved twice
/// change nothing the second time (not even `updated_at`). Returns whether
/// anything changed. Run it in a transaction with the skill inserts.
pub async fn save_settings(
    conn: &mut PgConnection,
    team_id: &str,
    user_id: &str,
    settings: &ValidSettings,
    skills: &[SkillSlug],
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let profile = sqlx::query!(
        r#"INSERT INTO mentors (team_id, user_id, opted_in, capacity, paused_until, tz,
                                work_days, work_start, work_end, help_text, quiet_hours,
                                ignore_slack_status, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $13, $11, $11)
           ON CONFLICT (team_id, user_id) DO UPDATE SET
               opted_in = EXCLUDED.opted_in, capacity = EXCLUDED.capacity,
               paused_until = EXCLUDED.paused_until, tz = EXCLUDED.tz,
               work_days = EXCLUDED.work_days, work_start = EXCLUDED.work_start,
               work_end = EXCLUDED.work_end, help_text = EXCLUDED.help_text,
               quiet_hours = EXCLUDED.quiet_hours,
               ignore_slack_status = EXCLUDED.ignore_slack_status, updated_at = EXCLUDED.updated_at
           WHERE (mentors.opted_in, mentors.capacity, mentors.paused_until, mentors.tz,
                  mentors.work_days, mentors.work_start, mentors.work_end, mentors.help_text,
                  mentors.quiet_hours, mentors.ignore_slack_status)
                 IS DISTINCT FROM
                 (EXCLUDED.opted_in, EXCLUDED.capacity, EXCLUDED.paused_until, EXCLUDED.tz,
                  EXCLUDED.work_days, EXCLUDED.work_start, EXCLUDED.work_end, EXCLUDED.help_text,
                  EXCLUDED.quiet_hours, EXCLUDED.ignore_slack_status)"#,
        team_id,
        user_id,
        settings.opted_in,
        settings.capacity as i16,
        settings.paused_until,
        tz.name(),
        settings.hours.days_mask() as i16,
        settings.hours.start_minute() as i16,
        settings.hours.end_minute() as i16,
        settings.help_text,
        now,
        settings.quiet_hours,
        settings.ignore_status
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();

    let slugs: Vec<String> = skills.iter().map(ToString::to_string).collect();
    let removed = sqlx::query!(
        "DELETE FROM mentor_skills WHERE team_id = $1 AND user_id = $2 AND NOT (slug = ANY($3))",
        team_id,
        user_id,
        &slugs
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    let added = sqlx::query!(
        r#"INSERT INTO mentor_skills (team_id, user_id, slug)
           SELECT $1, $2, slug FROM UNNEST($3::text[]) AS t(slug)
           ON CONFLICT DO NOTHING"#,
        team_id,
        user_id,
        &slugs
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();

    let excluded =
        super::exclusions::replace(&mut *conn, team_id, user_id, &settings.never_match, now)
            .await?;
    let changed = profile + removed + added > 0 || excluded;
    if changed && profile == 0 {
        // Only the skills changed: still a change to the profile.
        sqlx::query!(
            "UPDATE mentors SET updated_at = $3 WHERE team_id = $1 AND user_id = $2",
            team_id,
            user_id,
            now
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(changed)
}

/// Opts in or out. `None` when the person has no profile yet.
pub async fn set_opted_in(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
    opted_in: bool,
    now: DateTime<Utc>,
) -> Result<Option<()>, sqlx::Error> {
    let row = sqlx::query!(
        r#"UPDATE mentors
           SET opted_in = $3,
               updated_at = CASE WHEN opted_in = $3 THEN updated_at ELSE $4 END
           WHERE team_id = $1 AND user_id = $2
           RETURNING user_id"#,
        team_id,
        user_id,
        opted_in,
        now
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(drop))
}

/// Pauses until an instant, or resumes with `None`. `None` when there is no profile.
pub async fn set_pause(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
    until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Option<()>, sqlx::Error> {
    let row = sqlx::query!(
        r#"UPDATE mentors
           SET paused_until = $3,
               updated_at = CASE WHEN paused_until IS NOT DISTINCT FROM $3 THEN updated_at ELSE $4 END
           WHERE team_id = $1 AND user_id = $2
           RETURNING user_id"#,
        team_id,
        user_id,
        until,
        now
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(drop))
}

/// Who an ask is being routed for: its asker (for rotation by pair and private
/// exclusions) and the mentor they chose to ask first, if any.
#[derive(Debug, Clone, Copy)]
pub struct RoutingFor<'a> {
    pub asker_id: &'a str,
    /// The ask's own skills: what a mentor's answers are read for, also when
    /// they were found by a related skill.
    pub ask_skills: &'a [SkillSlug],
    pub first: Option<&'a str>,
    /// Sessions with the asker since then count for rotation by pair.
    pub pair_since: DateTime<Utc>,
}

/// Which of the ranked candidates to read (see [`ranked`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Page<'a> {
    /// How many of the best to skip.
    pub offset: usize,
    /// How many to read; `None` for all.
    pub limit: Option<usize>,
    /// Only this mentor (their row exactly as in the full list).
    pub only: Option<&'a str>,
}

/// Mentors with any of the skills (and the asker's first choice, whatever their
/// skills) who are opted in, with what routing needs: their overlap, pause, this
/// week's accepts (for capacity), last offer, recent declines, a recent session
/// with this asker, whether either of the pair excluded the other, their
/// pending offers and their answers to offers of the ask's skills.
/// Paused and full mentors are included so the core can tell "nobody has this
/// skill" from "everyone who has it is busy". All of them, best first; see
/// [`ranked`] to read a page.
pub async fn candidates(
    db: impl PgExecutor<'_>,
    team_id: &str,
    skills: &[SkillSlug],
    ask: &RoutingFor<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<Candidate>, sqlx::Error> {
    Ok(ranked(db, team_id, skills, ask, now, Page::default())
        .await?
        .0)
}

/// [`candidates`], a page at a time, in exactly the order of
/// `core::routing::rank`: SQL ranks every mentor with the skills (an index-only
/// scan, a hash join and a top-N sort, no per-mentor sub-select) and only the
/// page's rows are read, decoded and completed (overlap, resting, exclusions).
/// A routing pass usually needs the first page only. Returns the page's
/// candidates and how many rows it read (a row that does not decode is logged
/// and skipped, but counts for the next page's offset).
///
/// The `ORDER BY` below mirrors `core::routing::rank` key for key and is the
/// only copy of it in SQL; a change to the core's ranking must change it too
/// (`tests/api/routing_prerank.rs` compares the two orders):
/// 1. more of the ask's skills first;
/// 2. no recent "not my area" to these skills first;
/// 3. no recent session with this asker first;
/// 4. lower load: accepts in the mentor's current local week (`WeeklyCount::this_week`,
///    the week start per zone computed by the core and passed in, looked up in a
///    hashed sub-plan, never a per-row join) plus offers pending, over capacity, as
///    a float: with capacities of at most 20 two different ratios never round to
///    the same double, and equal ratios always do, so this is the core's exact
///    comparison;
/// 5. likelier to say yes first (`core::acceptance::likelier_first`): the learned
///    (yes + 1) / (yes + no + 2) over the ask's own skills, a float for the same
///    reason (equal fractions divide to the same double, different ones never do
///    at these sizes);
/// 6. least recently offered, never offered first;
/// 7. user id, byte order (`COLLATE "C"`, as Rust compares strings).
pub async fn ranked(
    db: impl PgExecutor<'_>,
    team_id: &str,
    skills: &[SkillSlug],
    ask: &RoutingFor<'_>,
    now: DateTime<Utc>,
    page: Page<'_>,
) -> Result<(Vec<Candidate>, usize), sqlx::Error> {
    let slugs: Vec<String> = skills.iter().map(ToString::to_string).collect();
    let ask_slugs: Vec<String> = ask.ask_skills.iter().map(ToString::to_string).collect();
    let (zones, week_starts) = week_starts(now);
    let rows = sqlx::query!(
        r#"WITH with_skills AS (
               SELECT ms.user_id, count(*) FILTER (WHERE ms.slug = ANY($2)) AS overlap
               FROM mentor_skills ms
               WHERE ms.team_id = $1 AND (ms.slug = ANY($2) OR ms.user_id = $5)
               GROUP BY ms.user_id
           ), not_my_area AS (
               SELECT o.mentor_id FROM offers o JOIN ask_skills k ON k.ask_id = o.ask_id
               WHERE o.team_id = $1 AND o.decline_reason = 'not_my_area' AND o.answered_at > $3
                 AND k.slug = ANY($2)
           ), recent_pair AS (
               SELECT x.mentor_id FROM matches x JOIN asks a ON a.id = x.ask_id
               WHERE x.team_id = $1 AND a.team_id = $1 AND a.asker_id = $4
                 AND x.matched_at > $6 AND x.released_at IS NULL
           ), pending AS (
               SELECT o.mentor_id, count(*) AS n FROM offers o
               WHERE o.team_id = $1 AND o.status = 'pending'
               GROUP BY o.mentor_id
           ), answers AS (
               SELECT a.user_id, sum(a.yes) AS yes, sum(a.no) AS no FROM mentor_skill_answers a
               WHERE a.team_id = $1 AND a.slug = ANY($12)
               GROUP BY a.user_id
           )
           SELECT m.user_id, m.capacity, m.paused_until, m.tz, m.work_days, m.work_start, m.work_end,
                  m.quiet_hours, m.ignore_slack_status, m.last_offered_at, m.week_start, m.accepted_in_week,
                  ARRAY(SELECT s.slug FROM mentor_skills s
                        WHERE s.team_id = $1 AND s.user_id = m.user_id AND s.slug = ANY($2)
                        ORDER BY s.slug) AS "overlap!",
                  (SELECT max(o.answered_at) FROM offers o
                   WHERE o.team_id = m.team_id AND o.mentor_id = m.user_id
                     AND o.decline_reason = 'no_time') AS last_no_time,
                  m.user_id IN (SELECT mentor_id FROM not_my_area) AS "not_my_area!",
                  m.user_id IN (SELECT mentor_id FROM recent_pair) AS "recent_pair!",
                  m.user_id IN (SELECT e.user_id FROM match_exclusions e
                                WHERE e.team_id = $1 AND e.excluded_id = $4) AS "mentor_excludes!",
                  m.user_id IN (SELECT e.excluded_id FROM match_exclusions e
                                WHERE e.team_id = $1 AND e.user_id = $4) AS "asker_excludes!",
                  COALESCE(p.n, 0) AS "pending_offers!",
                  COALESCE(y.yes, 0) AS "answered_yes!",
                  COALESCE(y.no, 0) AS "answered_no!"
           FROM with_skills w
           JOIN mentors m ON m.team_id = $1 AND m.user_id = w.user_id
           LEFT JOIN pending p ON p.mentor_id = m.user_id
           LEFT JOIN answers y ON y.user_id = m.user_id
           WHERE m.opted_in AND ($9::text IS NULL OR m.user_id = $9)
           ORDER BY w.overlap DESC,
                    m.user_id IN (SELECT mentor_id FROM not_my_area),
                    m.user_id IN (SELECT mentor_id FROM recent_pair),
                    ((CASE WHEN (m.tz, m.week_start) IN (SELECT * FROM UNNEST($7::text[], $8::timestamptz[]))
                           THEN greatest(m.accepted_in_week, 0) ELSE 0 END) + COALESCE(p.n, 0))::float8
                        / greatest(m.capacity, 1),
                    (COALESCE(y.yes, 0) + 1)::float8 / (COALESCE(y.yes, 0) + COALESCE(y.no, 0) + 2) DESC,
                    m.last_offered_at NULLS FIRST,
                    m.user_id COLLATE "C"
           LIMIT $10 OFFSET $11"#,
        team_id,
        &slugs,
        now - chrono::Duration::days(NOT_MY_AREA_DAYS),
        ask.asker_id,
        ask.first,
        ask.pair_since,
        &zones as &[&str],
        &week_starts,
        page.only,
        page.limit.map(|n| n as i64),
        page.offset as i64,
        &ask_slugs,
    )
    .fetch_all(db)
    .await?;
    let read = rows.len();
    // One corrupt row (logged by `decode`) must not stop routing for a skill.
    let candidates = rows
        .into_iter()
        .map(|r| {
            let tz = decode::zone(&r.tz)?;
            let accepted = WeeklyCount {
                week_start: r.week_start,
                accepted: r.accepted_in_week.max(0) as u32,
            }
            .this_week(now, tz);
            Ok(Candidate {
                user_id: r.user_id,
                overlap: r.overlap.into_iter().map(SkillSlug::from_stored).collect(),
                state: MentorState {
                    opted_in: true,
                    paused_until: r.paused_until,
                    tz,
                    hours: decode::hours(r.work_days, r.work_start, r.work_end)?,
                    capacity: r.capacity as u32,
                    accepted_this_week: accepted,
                },
                last_offered_at: r.last_offered_at,
                quiet_hours: r.quiet_hours,
                resting_until: r.last_no_time.map(|at| rest_until(at, tz)),
                not_my_area: r.not_my_area,
                recent_pair: r.recent_pair,
                excluded: !may_meet(r.mentor_excludes, r.asker_excludes),
                ignore_status: r.ignore_slack_status,
                answers: Answers {
                    yes: r.answered_yes.clamp(0, i64::from(u32::MAX)) as u32,
                    no: r.answered_no.clamp(0, i64::from(u32::MAX)) as u32,
                },
                pending_offers: r.pending_offers.clamp(0, i64::from(u32::MAX)) as u32,
            })
        })
        .filter_map(|c: Result<Candidate, sqlx::Error>| c.ok())
        .collect();
    Ok((candidates, read))
}

/// Every zone's current week start, as the core counts weeks, for the SQL rank's
/// load: a mentor's stored count is this week's when its week start is their
/// zone's. Computed here rather than with Postgres' time zones, which place a
/// Monday midnight that falls in a DST gap differently.
fn week_starts(now: DateTime<Utc>) -> (Vec<&'static str>, Vec<DateTime<Utc>>) {
    chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| (tz.name(), week_start(now, *tz)))
        .unzip()
}

/// The mentor's weekly counter as stored (read it with `WeeklyCount::this_week`).
pub async fn weekly_count(
    db: impl PgExecutor<'_>,
    team_id: &str,
    user_id: &str,
) -> Result<Option<WeeklyCount>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT week_start, accepted_in_week FROM mentors WHERE team_id = $1 AND user_id = $2",
        team_id,
        user_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| WeeklyCount {
        week_start: r.week_start,
        accepted: r.accepted_in_week.max(0) as u32,
    }))
}
