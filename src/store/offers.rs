//! Offers of an ask to mentors, and where their messages live.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use std::collections::HashSet;

use super::decode;
use crate::core::offer::{OfferMessage, OfferStatus};
use crate::core::routing::SaidNoTime;

/// Everyone the ask was offered to, and those whose offers still wait for an answer.
pub async fn offered(
    db: impl PgExecutor<'_>,
    ask_id: i64,
) -> Result<(HashSet<String>, Vec<String>), sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT mentor_id, status FROM offers WHERE ask_id = $1",
        ask_id
    )
    .fetch_all(db)
    .await?;
    let mut pending = Vec::new();
    for r in &rows {
        if decode::parse::<OfferStatus>("offers.status", &r.status)? == OfferStatus::Pending {
            pending.push(r.mentor_id.clone());
        }
    }
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
               SELECT $1, $2, $3, $4
               -- FOR SHARE: take the ask's lock before the offer's and the mentor's,
               -- in the order an accept takes them, so the two cannot deadlock.
               WHERE EXISTS (SELECT 1 FROM asks WHERE id = $1 AND status = 'open' FOR SHARE)
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

/// Those who said "no time now" to the ask, and whether it was put to them again.
pub async fn said_no_time(
    db: impl PgExecutor<'_>,
    ask_id: i64,
) -> Result<Vec<SaidNoTime>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT mentor_id, asked_again_at IS NOT NULL AS "asked_again!" FROM offers
           WHERE ask_id = $1 AND status = 'declined' AND decline_reason = 'no_time'
           ORDER BY mentor_id"#,
        ask_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SaidNoTime {
            mentor_id: r.mentor_id,
            asked_again: r.asked_again,
        })
        .collect())
}

/// Reopens a "no time now" for asking again (`core::routing::ask_again`), before
/// its DM is sent: pending again, marked asked again. `None` if the ask is no
/// longer open or the offer is not such a decline (another pass got there first).
/// Returns the offer as it was, to put it back with [`keep_no_time`] if the DM
/// cannot go.
pub async fn reopen_no_time(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    team_id: &str,
    mentor_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<Reopened>, sqlx::Error> {
    let row = sqlx::query!(
        r#"WITH before AS (
               SELECT o.id, o.answered_at, o.offered_at FROM offers o
               WHERE o.ask_id = $1 AND o.mentor_id = $3 AND o.status = 'declined'
                 AND o.decline_reason = 'no_time' AND o.asked_again_at IS NULL
                 -- the ask's lock first, as an accept takes it (see insert_offer)
                 AND EXISTS (SELECT 1 FROM asks WHERE id = $1 AND status = 'open' FOR SHARE)
               FOR UPDATE
           ), o AS (
               UPDATE offers o SET status = 'pending', decline_reason = NULL, decline_note = NULL,
                      answered_at = NULL, channel_id = NULL, message_ts = NULL,
                      offered_at = $4, asked_again_at = $4
               FROM before WHERE o.id = before.id
               RETURNING o.id
           ), m AS (
               UPDATE mentors SET last_offered_at = $4
               WHERE team_id = $2 AND user_id = $3 AND EXISTS (SELECT 1 FROM o)
           )
           SELECT o.id AS "id!", before.answered_at, before.offered_at FROM o JOIN before ON before.id = o.id"#,
        ask_id,
        team_id,
        mentor_id,
        now
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Reopened {
        offer_id: r.id,
        answered_at: r.answered_at,
        offered_at: r.offered_at,
    }))
}

/// A "no time now" reopened by [`reopen_no_time`], as it was before.
#[derive(Debug, Clone, Copy)]
pub struct Reopened {
    pub offer_id: i64,
    pub answered_at: Option<DateTime<Utc>>,
    pub offered_at: DateTime<Utc>,
}

/// Puts back, as it was, the "no time now" of an offer reopened by
/// [`reopen_no_time`] whose DM could not be sent: not yet asked again, so a
/// later pass may try (as a first offer whose DM failed is forgotten).
pub async fn keep_no_time(db: impl PgExecutor<'_>, was: Reopened) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE offers SET status = 'declined', decline_reason = 'no_time', answered_at = $2,
                offered_at = $3, asked_again_at = NULL
         WHERE id = $1 AND status = 'pending'",
        was.offer_id,
        was.answered_at,
        was.offered_at
    )
    .execute(db)
    .await?;
    Ok(())
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

/// Pending offers of an ask with their DMs (for nudges).
pub async fn pending_offers(
    db: impl PgExecutor<'_>,
    ask_id: i64,
) -> Result<Vec<OfferMessage>, sqlx::Error> {
    sqlx::query_as!(
        OfferMessage,
        "SELECT mentor_id, channel_id, message_ts FROM offers WHERE ask_id = $1 AND status = 'pending' ORDER BY mentor_id",
        ask_id
    )
    .fetch_all(db)
    .await
}

/// One mentor's offer of an ask: its status and its DM.
pub async fn offer_of(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
) -> Result<Option<(OfferStatus, OfferMessage)>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT status, mentor_id, channel_id, message_ts FROM offers WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id
    )
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok((
            decode::parse("offers.status", &r.status)?,
            OfferMessage {
                mentor_id: r.mentor_id,
                channel_id: r.channel_id,
                message_ts: r.message_ts,
            },
        ))
    })
    .transpose()
}

/// Where the intro of a match was posted.
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

/// One session (a match) as the follow-up and done flows need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub done: bool,
    /// Released by a re-open: no longer a session.
    pub released: bool,
    pub intro: OfferMessage,
    /// Where the follow-up prompt was posted, once it was.
    pub followup: Option<(String, String)>,
}

pub async fn session(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
) -> Result<Option<Session>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT mentor_id, done_at, released_at, intro_channel, intro_ts, followup_channel, followup_ts
           FROM matches WHERE ask_id = $1 AND mentor_id = $2"#,
        ask_id,
        mentor_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Session {
        done: r.done_at.is_some(),
        released: r.released_at.is_some(),
        intro: OfferMessage {
            mentor_id: r.mentor_id,
            channel_id: r.intro_channel,
            message_ts: r.intro_ts,
        },
        followup: r.followup_channel.zip(r.followup_ts),
    }))
}

/// Where the follow-up prompt of a session was posted.
pub async fn set_followup(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
    channel: &str,
    ts: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE matches SET followup_channel = $3, followup_ts = $4 WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id,
        channel,
        ts
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A mentor who left: their pending offers are declined (`left`); returns the
/// asks concerned, with the offer DMs to rewrite.
pub async fn release_pending_of(
    db: impl PgExecutor<'_>,
    team_id: &str,
    mentor_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, OfferMessage)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"UPDATE offers SET status = 'declined', decline_reason = 'left', answered_at = $3
           WHERE team_id = $1 AND mentor_id = $2 AND status = 'pending'
           RETURNING ask_id, mentor_id, channel_id, message_ts"#,
        team_id,
        mentor_id,
        now
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.ask_id,
                OfferMessage {
                    mentor_id: r.mentor_id,
                    channel_id: r.channel_id,
                    message_ts: r.message_ts,
                },
            )
        })
        .collect())
}

/// The asks offered to this mentor that wait for their answer, oldest first.
pub async fn pending_for(
    db: impl PgExecutor<'_>,
    team_id: &str,
    mentor_id: &str,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT o.ask_id FROM offers o JOIN asks a ON a.id = o.ask_id
           WHERE o.team_id = $1 AND o.mentor_id = $2 AND o.status = 'pending' AND a.status = 'open'
           ORDER BY o.offered_at, o.ask_id LIMIT 20"#,
        team_id,
        mentor_id
    )
    .fetch_all(db)
    .await
}

/// The asks this mentor has a session for that is neither done nor released.
pub async fn current_sessions_of(
    db: impl PgExecutor<'_>,
    team_id: &str,
    mentor_id: &str,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT ask_id FROM matches
           WHERE team_id = $1 AND mentor_id = $2 AND done_at IS NULL AND released_at IS NULL
           ORDER BY matched_at, ask_id LIMIT 20"#,
        team_id,
        mentor_id
    )
    .fetch_all(db)
    .await
}

/// Records the session's picked time; the previous pick (if any) is returned,
/// so picking the same time twice is a no-op.
pub async fn pick_meeting(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
    at: DateTime<Utc>,
) -> Result<Option<Option<DateTime<Utc>>>, sqlx::Error> {
    let row = sqlx::query!(
        r#"UPDATE matches m SET meeting_at = $3
           FROM (SELECT ask_id, mentor_id, meeting_at FROM matches
                 WHERE ask_id = $1 AND mentor_id = $2 FOR UPDATE) AS before
           WHERE m.ask_id = before.ask_id AND m.mentor_id = before.mentor_id
             AND m.released_at IS NULL AND m.done_at IS NULL
           RETURNING before.meeting_at"#,
        ask_id,
        mentor_id,
        at
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| r.meeting_at))
}

/// The session's picked time, if it is still a current session.
pub async fn meeting_at(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let at = sqlx::query_scalar!(
        r#"SELECT meeting_at FROM matches
           WHERE ask_id = $1 AND mentor_id = $2 AND released_at IS NULL AND done_at IS NULL"#,
        ask_id,
        mentor_id
    )
    .fetch_optional(db)
    .await?;
    Ok(at.flatten())
}
