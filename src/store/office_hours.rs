//! Office hours: sessions, their bookings, "Remind me" lists and announcements.
//! Every change locks the session's row first (so two people clicking the same
//! slot are applied one at a time), asks `core::office_hours`, then writes.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgExecutor, PgPool};

use super::decode;
use crate::core::office_hours::{
    self as rules, BookRefusal, Booking, CancelBookingRefusal, CancelSessionRefusal,
    NewOfficeHours, RemindRefusal, Session,
};
use crate::store::jobs::NewJob;

struct SessionRow {
    id: i64,
    team_id: String,
    host_id: String,
    topic: String,
    tz: String,
    starts_at: DateTime<Utc>,
    slot_minutes: i16,
    slot_count: i16,
    kind: String,
    channels: Vec<String>,
    cancelled_at: Option<DateTime<Utc>>,
}

/// Reads the session's skills and live bookings beside its row.
async fn complete(conn: &mut PgConnection, row: SessionRow) -> Result<Session, sqlx::Error> {
    let skills = sqlx::query!(
        r#"SELECT s.slug, s.label FROM office_hours_skills os
           JOIN skills s ON s.team_id = os.team_id AND s.slug = os.slug
           WHERE os.session_id = $1 ORDER BY lower(s.label)"#,
        row.id
    )
    .fetch_all(&mut *conn)
    .await?;
    let (slugs, labels) = skills.into_iter().map(|s| (s.slug, s.label)).unzip();
    let bookings = sqlx::query!(
        r#"SELECT id, slot, user_id FROM office_hours_bookings
           WHERE session_id = $1 AND cancelled_at IS NULL ORDER BY slot"#,
        row.id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Session {
        id: row.id,
        team_id: row.team_id,
        host_id: row.host_id,
        topic: row.topic,
        skills: decode::skills(slugs, labels),
        tz: decode::zone(&row.tz)?,
        starts_at: row.starts_at,
        slot_minutes: row.slot_minutes.max(0) as u16,
        slots: row.slot_count.clamp(0, 8) as u8,
        kind: decode::parse("office_hours.kind", &row.kind)?,
        channels: row.channels,
        cancelled: row.cancelled_at.is_some(),
        bookings: bookings
            .into_iter()
            .map(|b| Booking {
                id: b.id,
                slot: b.slot.clamp(0, 255) as u8,
                user_id: b.user_id,
            })
            .collect(),
    })
}

pub async fn get(db: &PgPool, id: i64) -> Result<Option<Session>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    let row = sqlx::query_as!(
        SessionRow,
        r#"SELECT id, team_id, host_id, topic, tz, starts_at, slot_minutes, slot_count, kind,
                  channels, cancelled_at
           FROM office_hours WHERE id = $1"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(row) => Ok(Some(complete(&mut conn, row).await?)),
        None => Ok(None),
    }
}

/// The session's row locked until the transaction ends; only this workspace's.
async fn lock(
    conn: &mut PgConnection,
    id: i64,
    team_id: &str,
) -> Result<Option<Session>, sqlx::Error> {
    let row = sqlx::query_as!(
        SessionRow,
        r#"SELECT id, team_id, host_id, topic, tz, starts_at, slot_minutes, slot_count, kind,
                  channels, cancelled_at
           FROM office_hours WHERE id = $1 AND team_id = $2 FOR UPDATE"#,
        id,
        team_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(row) => Ok(Some(complete(conn, row).await?)),
        None => Ok(None),
    }
}

/// Stores a session, its skills and its jobs (built by `jobs_for` from the new
/// id) atomically. `None` when a skill is not in the vocabulary (nothing stored).
pub async fn create(
    db: &PgPool,
    team_id: &str,
    host_id: &str,
    new: &NewOfficeHours,
    jobs_for: impl FnOnce(i64) -> Vec<NewJob>,
    now: DateTime<Utc>,
) -> Result<Option<(i64, Vec<Option<i64>>)>, sqlx::Error> {
    let mut tx = db.begin().await?;
    // A form opened before a merge or rename may name a skill by its old name.
    let skills = super::skills::canonical(&mut *tx, team_id, &new.skills).await?;
    let known = super::skills::existing(&mut *tx, team_id, &skills).await?;
    if known.len() != skills.len() {
        return Ok(None);
    }
    let id = sqlx::query_scalar!(
        r#"INSERT INTO office_hours (team_id, host_id, topic, tz, starts_at, slot_minutes,
                                     slot_count, kind, channels, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           RETURNING id"#,
        team_id,
        host_id,
        new.topic,
        new.tz.name(),
        new.starts_at,
        new.slot_minutes as i16,
        i16::from(new.slots),
        new.kind.as_str(),
        &new.channels,
        now
    )
    .fetch_one(&mut *tx)
    .await?;
    let slugs: Vec<String> = skills.iter().map(ToString::to_string).collect();
    sqlx::query!(
        r#"INSERT INTO office_hours_skills (session_id, team_id, slug)
           SELECT $1, $2, slug FROM UNNEST($3::text[]) AS slug"#,
        id,
        team_id,
        &slugs
    )
    .execute(&mut *tx)
    .await?;
    let mut job_ids = Vec::new();
    for job in jobs_for(id) {
        job_ids.push(super::jobs::schedule(&mut *tx, &job, now).await?);
    }
    tx.commit().await?;
    Ok(Some((id, job_ids)))
}

#[derive(Debug, Clone, PartialEq)]
pub enum BookOutcome {
    Booked {
        booking_id: i64,
        /// The jobs' ids, in `jobs_for`'s order (`None`: already scheduled).
        job_ids: Vec<Option<i64>>,
    },
    Refused(BookRefusal),
    NotFound,
}

/// Books `slot` for `user` if the rules allow; the booking's jobs (built by
/// `jobs_for` from the session and the new booking's id) in the same transaction.
pub async fn book(
    db: &PgPool,
    session_id: i64,
    team_id: &str,
    slot: u8,
    user: &str,
    jobs_for: impl FnOnce(&Session, i64) -> Vec<NewJob>,
    now: DateTime<Utc>,
) -> Result<BookOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(session) = lock(&mut tx, session_id, team_id).await? else {
        return Ok(BookOutcome::NotFound);
    };
    if let Err(refusal) = rules::decide_book(&session, slot, user, now) {
        return Ok(BookOutcome::Refused(refusal));
    }
    let booking_id = sqlx::query_scalar!(
        r#"INSERT INTO office_hours_bookings (session_id, team_id, slot, user_id, booked_at)
           VALUES ($1, $2, $3, $4, $5) RETURNING id"#,
        session_id,
        team_id,
        i16::from(slot),
        user,
        now
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut job_ids = Vec::new();
    for job in jobs_for(&session, booking_id) {
        job_ids.push(super::jobs::schedule(&mut *tx, &job, now).await?);
    }
    tx.commit().await?;
    Ok(BookOutcome::Booked {
        booking_id,
        job_ids,
    })
}

/// A booking and the group DM that confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingMessage {
    pub booking_id: i64,
    pub slot: u8,
    pub user_id: String,
    pub dm_channel: Option<String>,
    pub dm_ts: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CancelBookingOutcome {
    Cancelled(BookingMessage),
    Refused(CancelBookingRefusal),
    NotFound,
}

/// The booker gives their slot back; it is free at once.
pub async fn cancel_booking(
    db: &PgPool,
    session_id: i64,
    team_id: &str,
    slot: u8,
    user: &str,
    now: DateTime<Utc>,
) -> Result<CancelBookingOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(session) = lock(&mut tx, session_id, team_id).await? else {
        return Ok(CancelBookingOutcome::NotFound);
    };
    let booking = match rules::decide_cancel_booking(&session, slot, user, now) {
        Ok(b) => b,
        Err(refusal) => return Ok(CancelBookingOutcome::Refused(refusal)),
    };
    let dm = sqlx::query!(
        r#"UPDATE office_hours_bookings SET cancelled_at = $2 WHERE id = $1
           RETURNING dm_channel, dm_ts"#,
        booking.id,
        now
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(CancelBookingOutcome::Cancelled(BookingMessage {
        booking_id: booking.id,
        slot,
        user_id: booking.user_id.clone(),
        dm_channel: dm.dm_channel,
        dm_ts: dm.dm_ts,
    }))
}

#[derive(Debug, Clone, PartialEq)]
pub enum CancelSessionOutcome {
    /// Cancelled; the bookings it had, to tell those people.
    Cancelled(Vec<BookingMessage>),
    Refused(CancelSessionRefusal),
    NotFound,
}

/// The host cancels the whole session. Its bookings stay as they were (the
/// session's cancellation is what their reminders see).
pub async fn cancel_session(
    db: &PgPool,
    session_id: i64,
    team_id: &str,
    user: &str,
    now: DateTime<Utc>,
) -> Result<CancelSessionOutcome, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(session) = lock(&mut tx, session_id, team_id).await? else {
        return Ok(CancelSessionOutcome::NotFound);
    };
    if let Err(refusal) = rules::decide_cancel_session(&session, user, now) {
        return Ok(CancelSessionOutcome::Refused(refusal));
    }
    sqlx::query!(
        "UPDATE office_hours SET cancelled_at = $2 WHERE id = $1",
        session_id,
        now
    )
    .execute(&mut *tx)
    .await?;
    let bookings = sqlx::query!(
        r#"SELECT id, slot, user_id, dm_channel, dm_ts FROM office_hours_bookings
           WHERE session_id = $1 AND cancelled_at IS NULL ORDER BY slot"#,
        session_id
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(CancelSessionOutcome::Cancelled(
        bookings
            .into_iter()
            .map(|b| BookingMessage {
                booking_id: b.id,
                slot: b.slot.clamp(0, 255) as u8,
                user_id: b.user_id,
                dm_channel: b.dm_channel,
                dm_ts: b.dm_ts,
            })
            .collect(),
    ))
}

#[derive(Debug, Clone, PartialEq)]
pub enum RemindOutcome {
    /// On the list; `false` when they already were.
    Listed(bool),
    Refused(RemindRefusal),
    NotFound,
}

/// Adds `user` to an open Q&A's "Remind me" list (idempotent).
pub async fn remind_me(
    db: &PgPool,
    session_id: i64,
    team_id: &str,
    user: &str,
    now: DateTime<Utc>,
) -> Result<(RemindOutcome, Option<Session>), sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(session) = lock(&mut tx, session_id, team_id).await? else {
        return Ok((RemindOutcome::NotFound, None));
    };
    if let Err(refusal) = rules::decide_remind(&session, user, now) {
        return Ok((RemindOutcome::Refused(refusal), Some(session)));
    }
    let added = sqlx::query!(
        r#"INSERT INTO office_hours_reminders (session_id, team_id, user_id, added_at)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"#,
        session_id,
        team_id,
        user,
        now
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok((RemindOutcome::Listed(added == 1), Some(session)))
}

/// Who asked to be reminded of an open Q&A, first come first.
pub async fn listed(db: impl PgExecutor<'_>, session_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT user_id FROM office_hours_reminders WHERE session_id = $1 ORDER BY added_at, user_id",
        session_id
    )
    .fetch_all(db)
    .await
}

/// A booking as stored, cancelled or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBooking {
    pub session_id: i64,
    pub slot: u8,
    pub user_id: String,
    pub cancelled: bool,
}

pub async fn booking(
    db: impl PgExecutor<'_>,
    booking_id: i64,
) -> Result<Option<StoredBooking>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT session_id, slot, user_id, cancelled_at FROM office_hours_bookings WHERE id = $1",
        booking_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| StoredBooking {
        session_id: r.session_id,
        slot: r.slot.clamp(0, 255) as u8,
        user_id: r.user_id,
        cancelled: r.cancelled_at.is_some(),
    }))
}

/// Where the booking's group DM was posted, so a cancel can rewrite it.
pub async fn set_booking_dm(
    db: impl PgExecutor<'_>,
    booking_id: i64,
    channel: &str,
    ts: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE office_hours_bookings SET dm_channel = $2, dm_ts = $3 WHERE id = $1",
        booking_id,
        channel,
        ts
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn record_post(
    db: impl PgExecutor<'_>,
    session_id: i64,
    team_id: &str,
    channel: &str,
    ts: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"INSERT INTO office_hours_posts (session_id, team_id, channel_id, message_ts)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (session_id, channel_id) DO UPDATE SET message_ts = $4"#,
        session_id,
        team_id,
        channel,
        ts
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The announcements of a session as (channel, ts).
pub async fn posts(
    db: impl PgExecutor<'_>,
    session_id: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT channel_id, message_ts FROM office_hours_posts WHERE session_id = $1 ORDER BY channel_id",
        session_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.channel_id, r.message_ts))
        .collect())
}

async fn many(db: &PgPool, ids: Vec<i64>) -> Result<Vec<Session>, sqlx::Error> {
    let mut sessions = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(s) = get(db, id).await? {
            sessions.push(s);
        }
    }
    Ok(sessions)
}

/// Sessions `host` runs that are not over or cancelled, soonest first.
pub async fn hosted_upcoming(
    db: &PgPool,
    team_id: &str,
    host: &str,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Session>, sqlx::Error> {
    let ids = sqlx::query_scalar!(
        r#"SELECT id FROM office_hours
           WHERE team_id = $1 AND host_id = $2 AND cancelled_at IS NULL
             AND starts_at + make_interval(mins => slot_minutes::int * slot_count::int) > $3
           ORDER BY starts_at, id LIMIT $4"#,
        team_id,
        host,
        now,
        limit
    )
    .fetch_all(db)
    .await?;
    many(db, ids).await
}

/// Sessions announced in `channel` that have not started and are not cancelled,
/// soonest first (for that channel's digest).
pub async fn announced_in(
    db: &PgPool,
    team_id: &str,
    channel: &str,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Session>, sqlx::Error> {
    let ids = sqlx::query_scalar!(
        r#"SELECT o.id FROM office_hours o
           JOIN office_hours_posts p ON p.session_id = o.id
           WHERE o.team_id = $1 AND p.channel_id = $2 AND o.cancelled_at IS NULL AND o.starts_at > $3
           ORDER BY o.starts_at, o.id LIMIT $4"#,
        team_id,
        channel,
        now,
        limit
    )
    .fetch_all(db)
    .await?;
    many(db, ids).await
}
