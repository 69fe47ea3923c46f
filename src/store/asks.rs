//! Asks, offers and matches. Every change to an ask's state happens in one
//! transaction that first locks the ask's row, so simultaneous clicks from
//! several mentors (and Slack's retries) are applied one at a time.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgExecutor, PgPool};
use std::collections::HashSet;

use crate::core::ask::{AskEvent, AskStatus, Format, NewAsk};
use crate::core::availability::MentorState;
use crate::core::routing::Candidate;
use crate::core::skills::{Skill, SkillSlug};
use crate::core::working_hours::WorkingHours;
use crate::store::jobs::NewJob;
use crate::store::mentors::parse_tz;

/// An ask as stored, with its skills' labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Ask {
    pub id: i64,
    pub team_id: String,
    pub asker_id: String,
    pub topic: String,
    pub details: String,
    pub skills: Vec<Skill>,
    pub time_box: u16,
    pub format: Format,
    pub mentors_wanted: u8,
    pub in_digest: bool,
    pub needed_by: Option<NaiveDate>,
    pub status: AskStatus,
    pub matched_count: u8,
    pub created_at: DateTime<Utc>,
}

/// Where an offer's DM lives, to update it later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferMessage {
    pub mentor_id: String,
    pub channel_id: Option<String>,
    pub message_ts: Option<String>,
}

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
                                 in_digest, needed_by, created_at, updated_at)
               SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $12
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
        &run_ats
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

/// Several asks by id, in the order given, in one query.
pub async fn many(db: impl PgExecutor<'_>, ids: &[i64]) -> Result<Vec<Ask>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT a.id, a.team_id, a.asker_id, a.topic, a.details, a.time_box, a.format,
                  a.mentors_wanted, a.in_digest, a.needed_by, a.status, a.matched_count, a.created_at,
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
        .map(|r| Ask {
            id: r.id,
            team_id: r.team_id,
            asker_id: r.asker_id,
            topic: r.topic,
            details: r.details,
            skills: r
                .slugs
                .into_iter()
                .zip(r.labels)
                .map(|(slug, label)| Skill {
                    slug: SkillSlug::from_stored(slug),
                    label,
                })
                .collect(),
            time_box: r.time_box as u16,
            format: Format::parse(&r.format).unwrap_or(Format::Chat),
            mentors_wanted: r.mentors_wanted as u8,
            in_digest: r.in_digest,
            needed_by: r.needed_by,
            status: r.status.parse().unwrap_or(AskStatus::Open),
            matched_count: r.matched_count as u8,
            created_at: r.created_at,
        })
        .collect();
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

/// Mentors with any of the skills who are opted in and not paused, with what
/// routing needs: their overlap, recent matches (for capacity) and last offer.
/// One query over the `mentor_skills (team_id, slug)` index.
pub async fn candidates(
    db: impl PgExecutor<'_>,
    team_id: &str,
    skills: &[SkillSlug],
    now: DateTime<Utc>,
) -> Result<Vec<Candidate>, sqlx::Error> {
    let slugs: Vec<String> = skills.iter().map(ToString::to_string).collect();
    let rows = sqlx::query!(
        r#"SELECT m.user_id, m.capacity, m.paused_until, m.tz, m.work_days, m.work_start, m.work_end,
                  m.quiet_hours, m.last_offered_at, m.week_start, m.accepted_in_week,
                  array_agg(ms.slug ORDER BY ms.slug) AS "overlap!"
           FROM mentor_skills ms
           JOIN mentors m ON m.team_id = ms.team_id AND m.user_id = ms.user_id
           WHERE ms.team_id = $1 AND ms.slug = ANY($2)
             AND m.opted_in AND (m.paused_until IS NULL OR m.paused_until <= $3)
           GROUP BY m.team_id, m.user_id"#,
        team_id,
        &slugs,
        now
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let tz = parse_tz(&r.tz);
            // The counter belongs to the week it was last written in.
            let this_week = crate::core::availability::week_start(now, tz);
            let accepted = if r.week_start == Some(this_week) {
                r.accepted_in_week.max(0) as u32
            } else {
                0
            };
            Candidate {
                user_id: r.user_id,
                overlap: r.overlap.into_iter().map(SkillSlug::from_stored).collect(),
                state: MentorState {
                    opted_in: true,
                    paused_until: r.paused_until,
                    tz,
                    hours: WorkingHours::from_parts(
                        r.work_days as u8,
                        r.work_start as u16,
                        r.work_end as u16,
                    )
                    .unwrap_or(WorkingHours::ALWAYS),
                    capacity: r.capacity as u32,
                    accepted_this_week: accepted,
                },
                last_offered_at: r.last_offered_at,
                quiet_hours: r.quiet_hours,
            }
        })
        .collect())
}

/// Everyone the ask was offered to, and how many offers still wait for an answer.
pub async fn offered(
    db: impl PgExecutor<'_>,
    ask_id: i64,
) -> Result<(HashSet<String>, usize), sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT mentor_id, status FROM offers WHERE ask_id = $1",
        ask_id
    )
    .fetch_all(db)
    .await?;
    let pending = rows.iter().filter(|r| r.status == "pending").count();
    Ok((rows.into_iter().map(|r| r.mentor_id).collect(), pending))
}

/// Records an offer before its DM is sent. `None` if this mentor already has one.
pub async fn insert_offer(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    team_id: &str,
    mentor_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"WITH o AS (
               INSERT INTO offers (ask_id, team_id, mentor_id, offered_at)
               SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM asks WHERE id = $1 AND status = 'open')
               ON CONFLICT (ask_id, mentor_id) DO NOTHING
               RETURNING id
           ), m AS (
               UPDATE mentors SET last_offered_at = $4
               WHERE team_id = $2 AND user_id = $3 AND EXISTS (SELECT 1 FROM o)
           )
           SELECT id AS "id!" FROM o"#,
        ask_id,
        team_id,
        mentor_id,
        now
    )
    .fetch_optional(db)
    .await
}

/// Forgets an offer whose DM could not be sent, so a later pass may try again.
pub async fn delete_offer(db: impl PgExecutor<'_>, offer_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM offers WHERE id = $1 AND status = 'pending'",
        offer_id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_offer_message(
    db: impl PgExecutor<'_>,
    offer_id: i64,
    channel_id: &str,
    message_ts: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE offers SET channel_id = $2, message_ts = $3 WHERE id = $1",
        offer_id,
        channel_id,
        message_ts
    )
    .execute(db)
    .await?;
    Ok(())
}

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

#[derive(Debug, Clone, PartialEq)]
pub enum AcceptOutcome {
    Accepted {
        /// The accepting mentor's offer DM, if they had one.
        own_offer: Option<OfferMessage>,
        /// Other offers closed because the ask is now filled.
        superseded: Vec<OfferMessage>,
        filled: bool,
    },
    /// This mentor already accepted (a double click or a retry).
    AlreadyAccepted,
    /// The ask moved on: filled, cancelled, expired or done.
    Late(AskStatus),
    /// Not offered to this person (or it is their own ask).
    NotOffered,
    /// The mentor already accepted as many asks this week as they chose to.
    AtCapacity,
    NotFound,
}

/// Accepts an ask for `mentor_id`. `open_to_anyone` is for digest helpers, who
/// need no prior offer. `followup` is scheduled in the same transaction as the match.
pub async fn accept(
    db: &PgPool,
    ask_id: i64,
    team_id: &str,
    mentor_id: &str,
    open_to_anyone: bool,
    followup: &NewJob,
    now: DateTime<Utc>,
) -> Result<AcceptOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(ask) = sqlx::query!(
        "SELECT status, mentors_wanted, matched_count, asker_id FROM asks WHERE id = $1 AND team_id = $2 FOR UPDATE",
        ask_id,
        team_id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(AcceptOutcome::NotFound);
    };
    if ask.asker_id == mentor_id {
        return Ok(AcceptOutcome::NotOffered);
    }
    let offer = sqlx::query!(
        "SELECT status, channel_id, message_ts FROM offers WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if offer.as_ref().is_some_and(|o| o.status == "accepted") {
        return Ok(AcceptOutcome::AlreadyAccepted);
    }
    let status: AskStatus = ask.status.parse().unwrap_or(AskStatus::Open);
    let fills = ask.matched_count + 1 >= ask.mentors_wanted;
    let next = match status.apply(AskEvent::Accept { fills }) {
        Ok(next) => next,
        Err(_) => return Ok(AcceptOutcome::Late(status)),
    };
    if offer.is_none() && !open_to_anyone {
        return Ok(AcceptOutcome::NotOffered);
    }
    if !take_capacity(&mut tx, team_id, mentor_id, now).await? {
        return Ok(AcceptOutcome::AtCapacity);
    }
    sqlx::query!(
        "INSERT INTO matches (ask_id, team_id, mentor_id, matched_at) VALUES ($1, $2, $3, $4)",
        ask_id,
        team_id,
        mentor_id,
        now
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO offers (ask_id, team_id, mentor_id, status, offered_at, answered_at)
           VALUES ($1, $2, $3, 'accepted', $4, $4)
           ON CONFLICT (ask_id, mentor_id) DO UPDATE SET status = 'accepted', answered_at = $4"#,
        ask_id,
        team_id,
        mentor_id,
        now
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        r#"UPDATE asks SET matched_count = matched_count + 1, status = $2, updated_at = $3,
                          closed_at = CASE WHEN $2 = 'open' THEN NULL ELSE $3::timestamptz END
           WHERE id = $1"#,
        ask_id,
        next.as_str(),
        now
    )
    .execute(&mut *tx)
    .await?;
    crate::store::jobs::schedule(&mut *tx, followup, now).await?;
    let superseded = if next == AskStatus::Matched {
        close_pending_offers(&mut tx, ask_id, "superseded", now).await?
    } else {
        Vec::new()
    };
    tx.commit().await?;
    Ok(AcceptOutcome::Accepted {
        own_offer: offer.map(|o| OfferMessage {
            mentor_id: mentor_id.to_owned(),
            channel_id: o.channel_id,
            message_ts: o.message_ts,
        }),
        superseded,
        filled: next == AskStatus::Matched,
    })
}

/// Counts a match against the mentor's weekly capacity, locking their row so
/// simultaneous accepts of different asks cannot overrun it. `false` when they
/// are full. A digest helper who is not a mentor has no row and no capacity.
async fn take_capacity(
    conn: &mut sqlx::PgConnection,
    team_id: &str,
    mentor_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let Some(m) = sqlx::query!(
        "SELECT tz, capacity, week_start, accepted_in_week FROM mentors WHERE team_id = $1 AND user_id = $2 FOR UPDATE",
        team_id,
        mentor_id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(true);
    };
    let week = crate::core::availability::week_start(now, parse_tz(&m.tz));
    let taken = if m.week_start == Some(week) {
        m.accepted_in_week
    } else {
        0
    };
    if taken >= m.capacity as i32 {
        return Ok(false);
    }
    sqlx::query!(
        "UPDATE mentors SET accepted_in_week = $3, week_start = $4 WHERE team_id = $1 AND user_id = $2",
        team_id,
        mentor_id,
        taken + 1,
        week
    )
    .execute(conn)
    .await?;
    Ok(true)
}

/// The ask's row, locked until the transaction ends: every state change of an
/// ask goes through this, so changes to one ask are applied one at a time.
struct Locked {
    team_id: String,
    status: String,
    asker_id: String,
}

async fn lock(conn: &mut sqlx::PgConnection, ask_id: i64) -> Result<Option<Locked>, sqlx::Error> {
    sqlx::query_as!(
        Locked,
        "SELECT team_id, status, asker_id FROM asks WHERE id = $1 FOR UPDATE",
        ask_id
    )
    .fetch_optional(conn)
    .await
}

async fn close_pending_offers(
    conn: &mut sqlx::PgConnection,
    ask_id: i64,
    status: &str,
    now: DateTime<Utc>,
) -> Result<Vec<OfferMessage>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"UPDATE offers SET status = $2, answered_at = $3
           WHERE ask_id = $1 AND status = 'pending'
           RETURNING mentor_id, channel_id, message_ts"#,
        ask_id,
        status,
        now
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OfferMessage {
            mentor_id: r.mentor_id,
            channel_id: r.channel_id,
            message_ts: r.message_ts,
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeclineOutcome {
    /// Declined; `still_open` says whether to offer the next candidate.
    Declined {
        message: OfferMessage,
        still_open: bool,
    },
    AlreadyAnswered(String),
    NotOffered,
}

pub async fn decline(
    db: &PgPool,
    ask_id: i64,
    mentor_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DeclineOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(Locked { status, .. }) = lock(&mut tx, ask_id).await? else {
        return Ok(DeclineOutcome::NotOffered);
    };
    let row = sqlx::query!(
        r#"UPDATE offers o SET status = 'declined', decline_reason = $3, answered_at = $4
           FROM (SELECT id, status AS before FROM offers WHERE ask_id = $1 AND mentor_id = $2 FOR UPDATE) prev
           WHERE o.id = prev.id AND prev.before = 'pending'
           RETURNING o.channel_id, o.message_ts"#,
        ask_id,
        mentor_id,
        reason,
        now
    )
    .fetch_optional(&mut *tx)
    .await?;
    let outcome = match row {
        Some(r) => DeclineOutcome::Declined {
            message: OfferMessage {
                mentor_id: mentor_id.to_owned(),
                channel_id: r.channel_id,
                message_ts: r.message_ts,
            },
            still_open: status == "open",
        },
        None => {
            let current = sqlx::query_scalar!(
                "SELECT status FROM offers WHERE ask_id = $1 AND mentor_id = $2",
                ask_id,
                mentor_id
            )
            .fetch_optional(&mut *tx)
            .await?;
            match current {
                Some(s) => DeclineOutcome::AlreadyAnswered(s),
                None => DeclineOutcome::NotOffered,
            }
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

#[derive(Debug, Clone, PartialEq)]
pub enum CancelOutcome {
    Cancelled { withdrawn: Vec<OfferMessage> },
    NotAsker,
    Illegal(AskStatus),
    NotFound,
}

pub async fn cancel(
    db: &PgPool,
    ask_id: i64,
    team_id: &str,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<CancelOutcome, sqlx::Error> {
    close(db, ask_id, team_id, Some(user_id), AskEvent::Cancel, now).await
}

/// Expires an open ask (the scheduler's job); same shape as a cancel.
pub async fn expire(
    db: &PgPool,
    ask_id: i64,
    team_id: &str,
    now: DateTime<Utc>,
) -> Result<CancelOutcome, sqlx::Error> {
    close(db, ask_id, team_id, None, AskEvent::Expire, now).await
}

async fn close(
    db: &PgPool,
    ask_id: i64,
    team_id: &str,
    only_by: Option<&str>,
    event: AskEvent,
    now: DateTime<Utc>,
) -> Result<CancelOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(ask) = lock(&mut tx, ask_id)
        .await?
        .filter(|a| a.team_id == team_id)
    else {
        return Ok(CancelOutcome::NotFound);
    };
    if only_by.is_some_and(|u| u != ask.asker_id) {
        return Ok(CancelOutcome::NotAsker);
    }
    let status: AskStatus = ask.status.parse().unwrap_or(AskStatus::Open);
    let next = match status.apply(event) {
        Ok(next) => next,
        Err(_) => return Ok(CancelOutcome::Illegal(status)),
    };
    sqlx::query!(
        "UPDATE asks SET status = $2, updated_at = $3, closed_at = $3 WHERE id = $1",
        ask_id,
        next.as_str(),
        now
    )
    .execute(&mut *tx)
    .await?;
    let withdrawn = close_pending_offers(&mut tx, ask_id, "withdrawn", now).await?;
    tx.commit().await?;
    Ok(CancelOutcome::Cancelled { withdrawn })
}

#[derive(Debug, Clone, PartialEq)]
pub enum DoneOutcome {
    Done { intro: OfferMessage },
    AlreadyDone,
    NotAllowed,
}

/// Marks a session (one match) done. Only the asker or that mentor may.
pub async fn mark_done(
    db: &PgPool,
    ask_id: i64,
    mentor_id: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<DoneOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(ask) = lock(&mut tx, ask_id).await? else {
        return Ok(DoneOutcome::NotAllowed);
    };
    if by != ask.asker_id && by != mentor_id {
        return Ok(DoneOutcome::NotAllowed);
    }
    let Some(m) = sqlx::query!(
        "SELECT done_at, intro_channel, intro_ts FROM matches WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(DoneOutcome::NotAllowed);
    };
    if m.done_at.is_some() {
        return Ok(DoneOutcome::AlreadyDone);
    }
    sqlx::query!(
        "UPDATE matches SET done_at = $3, done_by = $4 WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id,
        now,
        by
    )
    .execute(&mut *tx)
    .await?;
    // The ask is done once it is fully matched; a partly matched ask stays open
    // for the other perspectives.
    let status: AskStatus = ask.status.parse().unwrap_or(AskStatus::Open);
    if let Ok(next) = status.apply(AskEvent::MarkDone) {
        sqlx::query!(
            "UPDATE asks SET status = $2, updated_at = $3 WHERE id = $1",
            ask_id,
            next.as_str(),
            now
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(DoneOutcome::Done {
        intro: OfferMessage {
            mentor_id: mentor_id.to_owned(),
            channel_id: m.intro_channel,
            message_ts: m.intro_ts,
        },
    })
}

pub async fn set_intro(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
    channel: &str,
    ts: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE matches SET intro_channel = $3, intro_ts = $4 WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id,
        channel,
        ts
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Pending offers of an ask with their DMs (for nudges).
pub async fn pending_offers(
    db: impl PgExecutor<'_>,
    ask_id: i64,
) -> Result<Vec<OfferMessage>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT mentor_id, channel_id, message_ts FROM offers WHERE ask_id = $1 AND status = 'pending' ORDER BY mentor_id",
        ask_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OfferMessage {
            mentor_id: r.mentor_id,
            channel_id: r.channel_id,
            message_ts: r.message_ts,
        })
        .collect())
}

pub async fn offer_of(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
) -> Result<Option<(String, OfferMessage)>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT status, channel_id, message_ts FROM offers WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        (
            r.status,
            OfferMessage {
                mentor_id: mentor_id.to_owned(),
                channel_id: r.channel_id,
                message_ts: r.message_ts,
            },
        )
    }))
}

/// The session with `mentor_id` did not happen: the ask opens again for others.
/// Only the asker may; `false` when the ask cannot be re-opened.
pub async fn reopen(
    db: &PgPool,
    ask_id: i64,
    asker_id: &str,
    mentor_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(ask) = lock(&mut tx, ask_id).await? else {
        return Ok(false);
    };
    let status: AskStatus = ask.status.parse().unwrap_or(AskStatus::Open);
    let has_match = sqlx::query_scalar!(
        "SELECT count(*) FROM matches WHERE ask_id = $1 AND mentor_id = $2 AND done_at IS NULL",
        ask_id,
        mentor_id
    )
    .fetch_one(&mut *tx)
    .await?
    .unwrap_or(0)
        > 0;
    let Ok(next) = status.apply(AskEvent::Reopen) else {
        return Ok(false);
    };
    if ask.asker_id != asker_id || !has_match {
        return Ok(false);
    }
    sqlx::query!(
        "UPDATE asks SET status = $2, matched_count = matched_count - 1, updated_at = $3, closed_at = NULL WHERE id = $1",
        ask_id,
        next.as_str(),
        now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
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
