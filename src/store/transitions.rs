//! Every change to an ask's state, each in one transaction that first locks the
//! ask's row (so simultaneous clicks from several mentors, and Slack's retries,
//! are applied one at a time), then asks `core::lifecycle` what to do, then writes.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::decode;
use crate::core::acceptance::Outcome;
use crate::core::ask::AskEvent;
use crate::core::exclusions::may_meet;
use crate::core::lifecycle::{
    self, AcceptRefusal, AskFacts, CloseRefusal, Closer, DeclineRefusal, DoneRefusal, MentorLoad,
    SessionFacts, Via, WeeklyCount,
};
use crate::core::offer::{DeclineReason, OfferMessage, OfferStatus};
use crate::store::jobs::NewJob;

/// The ask's row, locked until the transaction ends, as the rules see it.
async fn lock(
    conn: &mut PgConnection,
    ask_id: i64,
) -> Result<Option<(String, AskFacts)>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT team_id, status, asker_id, mentors_wanted, matched_count, in_digest FROM asks WHERE id = $1 FOR UPDATE",
        ask_id
    )
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok((
            r.team_id,
            AskFacts {
                status: decode::parse("asks.status", &r.status)?,
                asker_id: r.asker_id,
                mentors_wanted: r.mentors_wanted as u8,
                matched_count: r.matched_count as u8,
                in_digest: r.in_digest,
            },
        ))
    })
    .transpose()
}

/// [`lock`], for an ask of this workspace only.
async fn lock_in(
    conn: &mut PgConnection,
    ask_id: i64,
    team_id: &str,
) -> Result<Option<AskFacts>, sqlx::Error> {
    Ok(lock(conn, ask_id)
        .await?
        .and_then(|(team, ask)| (team == team_id).then_some(ask)))
}

async fn offer_status(
    conn: &mut PgConnection,
    ask_id: i64,
    mentor_id: &str,
) -> Result<Option<(OfferStatus, OfferMessage)>, sqlx::Error> {
    super::offers::offer_of(conn, ask_id, mentor_id).await
}

/// The mentor's row locked, so simultaneous accepts of different asks cannot
/// overrun their capacity. `None` for a digest helper who is not a mentor.
async fn lock_load(
    conn: &mut PgConnection,
    team_id: &str,
    mentor_id: &str,
) -> Result<Option<MentorLoad>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT tz, capacity, week_start, accepted_in_week FROM mentors WHERE team_id = $1 AND user_id = $2 FOR UPDATE",
        team_id,
        mentor_id
    )
    .fetch_optional(conn)
    .await?;
    row.map(|m| {
        Ok(MentorLoad {
            capacity: m.capacity.max(0) as u32,
            tz: decode::zone(&m.tz)?,
            count: WeeklyCount {
                week_start: m.week_start,
                accepted: m.accepted_in_week.max(0) as u32,
            },
        })
    })
    .transpose()
}

/// Stores a mentor's weekly counter as the rules computed it.
async fn write_count(
    conn: &mut PgConnection,
    team_id: &str,
    mentor_id: &str,
    count: WeeklyCount,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE mentors SET accepted_in_week = $3, week_start = $4 WHERE team_id = $1 AND user_id = $2",
        team_id,
        mentor_id,
        count.accepted as i32,
        count.week_start
    )
    .execute(conn)
    .await?;
    Ok(())
}

async fn close_pending_offers(
    conn: &mut PgConnection,
    ask_id: i64,
    status: OfferStatus,
    now: DateTime<Utc>,
) -> Result<Vec<OfferMessage>, sqlx::Error> {
    sqlx::query_as!(
        OfferMessage,
        r#"UPDATE offers SET status = $2, answered_at = $3
           WHERE ask_id = $1 AND status = 'pending'
           RETURNING mentor_id, channel_id, message_ts"#,
        ask_id,
        status.as_str(),
        now
    )
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, PartialEq)]
pub enum AcceptOutcome {
    Accepted {
        /// The accepting mentor's offer DM, if they had one.
        own_offer: Option<OfferMessage>,
        /// Other offers closed because the ask is now filled.
        superseded: Vec<OfferMessage>,
        filled: bool,
        /// The scheduled jobs' ids, in the order given (`None`: already scheduled).
        job_ids: Vec<Option<i64>>,
    },
    Refused(AcceptRefusal),
    NotFound,
}

/// Accepts an ask for `mentor_id`. `jobs` (the intro, the follow-up) are
/// scheduled in the same transaction as the match, so neither can be lost.
pub async fn accept(
    db: &PgPool,
    ask_id: i64,
    team_id: &str,
    mentor_id: &str,
    via: Via,
    jobs: &[NewJob],
    now: DateTime<Utc>,
) -> Result<AcceptOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(ask) = lock_in(&mut tx, ask_id, team_id).await? else {
        return Ok(AcceptOutcome::NotFound);
    };
    let offer = offer_status(&mut tx, ask_id, mentor_id).await?;
    let (mentor_excludes, asker_excludes) =
        super::exclusions::between(&mut *tx, team_id, mentor_id, &ask.asker_id).await?;
    let excluded = !may_meet(mentor_excludes, asker_excludes);
    let offered = offer.as_ref().map(|(s, _)| *s);
    let plan = match lifecycle::decide_accept(&ask, offered, mentor_id, via, excluded) {
        Ok(plan) => plan,
        Err(refusal) => return Ok(AcceptOutcome::Refused(refusal)),
    };
    // A digest helper who is not a mentor has no row and no capacity.
    if let Some(load) = lock_load(&mut tx, team_id, mentor_id).await? {
        let count = match lifecycle::count_accept(&load, now) {
            Ok(count) => count,
            Err(refusal) => {
                // Full this week: their offer goes back, so the ask moves on.
                sqlx::query!(
                    r#"UPDATE offers SET status = 'declined', decline_reason = 'at_capacity', answered_at = $3
                       WHERE ask_id = $1 AND mentor_id = $2 AND status = 'pending'"#,
                    ask_id,
                    mentor_id,
                    now
                )
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                return Ok(AcceptOutcome::Refused(refusal));
            }
        };
        write_count(&mut tx, team_id, mentor_id, count).await?;
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
    super::answers::learn(&mut *tx, ask_id, &[mentor_id.to_owned()], Outcome::Accepted).await?;
    sqlx::query!(
        r#"UPDATE asks SET matched_count = matched_count + 1, status = $2, updated_at = $3,
                          closed_at = CASE WHEN $2 = 'open' THEN NULL ELSE $3::timestamptz END
           WHERE id = $1"#,
        ask_id,
        plan.next.as_str(),
        now
    )
    .execute(&mut *tx)
    .await?;
    let mut job_ids = Vec::with_capacity(jobs.len());
    for job in jobs {
        job_ids.push(crate::store::jobs::schedule(&mut *tx, job, now).await?);
    }
    let superseded = if plan.fills {
        close_pending_offers(&mut tx, ask_id, OfferStatus::Superseded, now).await?
    } else {
        Vec::new()
    };
    tx.commit().await?;
    Ok(AcceptOutcome::Accepted {
        own_offer: offer.map(|(_, message)| message),
        superseded,
        filled: plan.fills,
        job_ids,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeclineOutcome {
    /// Declined; `still_open` says whether to offer the next candidate.
    Declined {
        message: OfferMessage,
        still_open: bool,
    },
    Refused(DeclineRefusal),
}

pub async fn decline(
    db: &PgPool,
    ask_id: i64,
    mentor_id: &str,
    reason: DeclineReason,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<DeclineOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some((_, ask)) = lock(&mut tx, ask_id).await? else {
        return Ok(DeclineOutcome::Refused(DeclineRefusal::NotOffered));
    };
    let offer = offer_status(&mut tx, ask_id, mentor_id).await?;
    let still_open = match lifecycle::decide_decline(ask.status, offer.as_ref().map(|(s, _)| *s)) {
        Ok(still_open) => still_open,
        Err(refusal) => return Ok(DeclineOutcome::Refused(refusal)),
    };
    sqlx::query!(
        "UPDATE offers SET status = 'declined', decline_reason = $3, decline_note = $5, answered_at = $4 WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id,
        reason.as_str(),
        now,
        note
    )
    .execute(&mut *tx)
    .await?;
    let declined = Outcome::Declined(reason);
    super::answers::learn(&mut *tx, ask_id, &[mentor_id.to_owned()], declined).await?;
    tx.commit().await?;
    let message = offer
        .map(|(_, m)| m)
        .expect("decide_decline needs an offer");
    Ok(DeclineOutcome::Declined {
        message,
        still_open,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub enum CloseOutcome {
    Closed { withdrawn: Vec<OfferMessage> },
    Refused(CloseRefusal),
    NotFound,
}

/// The asker cancels an open ask.
pub async fn cancel(
    db: &PgPool,
    ask_id: i64,
    team_id: &str,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<CloseOutcome, sqlx::Error> {
    close(
        db,
        ask_id,
        team_id,
        Closer::Person(user_id),
        AskEvent::Cancel,
        now,
    )
    .await
}

/// Expires an open ask (the scheduler's job); same shape as a cancel.
pub async fn expire(
    db: &PgPool,
    ask_id: i64,
    team_id: &str,
    now: DateTime<Utc>,
) -> Result<CloseOutcome, sqlx::Error> {
    close(
        db,
        ask_id,
        team_id,
        Closer::Scheduler,
        AskEvent::Expire,
        now,
    )
    .await
}

async fn close(
    db: &PgPool,
    ask_id: i64,
    team_id: &str,
    by: Closer<'_>,
    event: AskEvent,
    now: DateTime<Utc>,
) -> Result<CloseOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(ask) = lock_in(&mut tx, ask_id, team_id).await? else {
        return Ok(CloseOutcome::NotFound);
    };
    let next = match lifecycle::decide_close(&ask, by, event) {
        Ok(next) => next,
        Err(refusal) => return Ok(CloseOutcome::Refused(refusal)),
    };
    sqlx::query!(
        "UPDATE asks SET status = $2, updated_at = $3, closed_at = $3 WHERE id = $1",
        ask_id,
        next.as_str(),
        now
    )
    .execute(&mut *tx)
    .await?;
    let withdrawn = close_pending_offers(&mut tx, ask_id, OfferStatus::Withdrawn, now).await?;
    // Offers nobody answered in the ask's whole life say something; a cancel does not.
    if event == AskEvent::Expire {
        let silent: Vec<String> = withdrawn.iter().map(|o| o.mentor_id.clone()).collect();
        super::answers::learn(&mut *tx, ask_id, &silent, Outcome::Unanswered).await?;
    }
    tx.commit().await?;
    Ok(CloseOutcome::Closed { withdrawn })
}

#[derive(Debug, Clone, PartialEq)]
pub enum DoneOutcome {
    Done { intro: OfferMessage },
    Refused(DoneRefusal),
}

/// Marks a session (one match) done; the ask is done when all of its are.
pub async fn mark_done(
    db: &PgPool,
    ask_id: i64,
    mentor_id: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<DoneOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some((_, ask)) = lock(&mut tx, ask_id).await? else {
        return Ok(DoneOutcome::Refused(DoneRefusal::NotAllowed));
    };
    let session = super::offers::session(&mut *tx, ask_id, mentor_id).await?;
    let other_open = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM matches
           WHERE ask_id = $1 AND mentor_id <> $2 AND done_at IS NULL AND released_at IS NULL"#,
        ask_id,
        mentor_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let facts = session.as_ref().map(|s| SessionFacts {
        done: s.done,
        released: s.released,
    });
    let next = match lifecycle::decide_done(&ask, mentor_id, by, facts, other_open as usize) {
        Ok(next) => next,
        Err(refusal) => return Ok(DoneOutcome::Refused(refusal)),
    };
    sqlx::query!(
        "UPDATE matches SET done_at = $3, done_by = $4 WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id,
        now,
        by
    )
    .execute(&mut *tx)
    .await?;
    if let Some(next) = next {
        sqlx::query!(
            "UPDATE asks SET status = $2, updated_at = $3, closed_at = $3 WHERE id = $1",
            ask_id,
            next.as_str(),
            now
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    let session = session.expect("decide_done needs a session");
    Ok(DoneOutcome::Done {
        intro: session.intro,
    })
}

/// The session with `mentor_id` did not happen: what `core::lifecycle::ReopenPlan`
/// says is undone, in one transaction, which also replaces the ask's pending
/// reminder ladder with `ladder` (a fresh one from now) and makes the mentors
/// whose offers the match superseded eligible again. `false` when the rules refuse.
pub async fn reopen(
    db: &PgPool,
    ask_id: i64,
    by: &str,
    mentor_id: &str,
    ladder: &[NewJob],
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some((team_id, ask)) = lock(&mut tx, ask_id).await? else {
        return Ok(false);
    };
    let matched_at = sqlx::query_scalar!(
        "SELECT matched_at FROM matches WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let session = super::offers::session(&mut *tx, ask_id, mentor_id)
        .await?
        .map(|s| SessionFacts {
            done: s.done,
            released: s.released,
        });
    let load = lock_load(&mut tx, &team_id, mentor_id).await?;
    let Some(plan) =
        lifecycle::decide_reopen(&ask, by, session, matched_at.unwrap_or(now), load.as_ref())
    else {
        return Ok(false);
    };
    sqlx::query!(
        "UPDATE matches SET released_at = $3 WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id,
        now
    )
    .execute(&mut *tx)
    .await?;
    if let Some(count) = plan.count {
        write_count(&mut tx, &team_id, mentor_id, count).await?;
    }
    sqlx::query!(
        "UPDATE asks SET status = $2, matched_count = matched_count - 1, updated_at = $3, closed_at = NULL WHERE id = $1",
        ask_id,
        plan.next.as_str(),
        now
    )
    .execute(&mut *tx)
    .await?;
    // Those told "taken" may be asked again; the released mentor may not.
    sqlx::query!(
        "DELETE FROM offers WHERE ask_id = $1 AND status = 'superseded'",
        ask_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        r#"DELETE FROM jobs WHERE kind = 'ladder' AND status = 'pending'
           AND (payload->>'ask_id')::bigint = $1"#,
        ask_id
    )
    .execute(&mut *tx)
    .await?;
    for job in ladder {
        crate::store::jobs::schedule(&mut *tx, job, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

#[derive(Debug, Clone, PartialEq)]
pub enum EditOutcome {
    /// Saved; the pending offers whose DMs show the old text.
    Edited {
        pending: Vec<OfferMessage>,
    },
    Refused(lifecycle::EditRefusal),
    /// No such ask, or a skill no longer in the vocabulary.
    NotFound,
}

/// The asker edits an open ask: text, skills, time box, format, perspectives,
/// digest visibility, needed-by (the first mentor choice only matters on the
/// first pass, so it is kept). One transaction under the ask's lock.
pub async fn edit(
    db: &PgPool,
    ask_id: i64,
    team_id: &str,
    user_id: &str,
    ask: &crate::core::ask::NewAsk,
    now: DateTime<Utc>,
) -> Result<EditOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(facts) = lock_in(&mut tx, ask_id, team_id).await? else {
        return Ok(EditOutcome::NotFound);
    };
    if let Err(refusal) = lifecycle::decide_edit(&facts, user_id, ask.mentors_wanted) {
        return Ok(EditOutcome::Refused(refusal));
    }
    let slugs: Vec<String> = ask.skills.iter().map(ToString::to_string).collect();
    let known = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM skills WHERE team_id = $1 AND slug = ANY($2)"#,
        team_id,
        &slugs
    )
    .fetch_one(&mut *tx)
    .await?;
    if known != slugs.len() as i64 {
        return Ok(EditOutcome::NotFound);
    }
    sqlx::query!(
        r#"UPDATE asks SET topic = $2, details = $3, time_box = $4, format = $5,
                          mentors_wanted = $6, in_digest = $7, needed_by = $8, updated_at = $9
           WHERE id = $1"#,
        ask_id,
        ask.topic,
        ask.details,
        ask.time_box as i16,
        ask.format.as_str(),
        ask.mentors_wanted as i16,
        ask.in_digest,
        ask.needed_by,
        now
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM ask_skills WHERE ask_id = $1 AND NOT (slug = ANY($2))",
        ask_id,
        &slugs
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO ask_skills (ask_id, team_id, slug)
           SELECT $1, $2, slug FROM UNNEST($3::text[]) AS slug ON CONFLICT DO NOTHING"#,
        ask_id,
        team_id,
        &slugs
    )
    .execute(&mut *tx)
    .await?;
    let pending = super::offers::pending_offers(&mut *tx, ask_id).await?;
    tx.commit().await?;
    Ok(EditOutcome::Edited { pending })
}
