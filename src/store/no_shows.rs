//! No-shows: each side's follow-up answers about a session, the reports of who
//! couldn't make it, and the pauses they lead to (`core::no_shows` decides).

use chrono::{DateTime, Duration, Utc};
use sqlx::{PgExecutor, PgPool};

use super::decode;
use crate::core::followup::Happened;
use crate::core::no_shows::{self, Absent, Report, Side};
use crate::store::jobs::NewJob;

/// A session as both of its follow-ups see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    pub team_id: String,
    pub asker_id: String,
    pub done: bool,
    /// Released by a re-open: kept as the record, no longer a match.
    pub released: bool,
    /// Where each side's follow-up prompt was posted, once it was.
    pub mentee_prompt: Option<(String, String)>,
    pub mentor_prompt: Option<(String, String)>,
    /// What the mentee said last about whether it happened.
    pub mentee_happened: Option<Happened>,
    /// What the mentor said: `Some(true)` yes, `Some(false)` it didn't happen.
    pub mentor_happened: Option<bool>,
    /// Who couldn't make it, as each side said.
    pub mentee_report: Option<Absent>,
    pub mentor_report: Option<Absent>,
}

impl Sides {
    /// Whether `side` answered "It didn't happen" (the question of who couldn't
    /// make it follows only that).
    pub fn said_it_didnt_happen(&self, side: Side) -> bool {
        match side {
            Side::Mentee => self.mentee_happened == Some(Happened::No),
            Side::Mentor => self.mentor_happened == Some(false),
        }
    }
}

pub async fn sides(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
) -> Result<Option<Sides>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT m.team_id, a.asker_id, m.done_at, m.released_at,
                  m.followup_channel, m.followup_ts,
                  m.mentor_followup_channel, m.mentor_followup_ts, m.mentor_happened,
                  o.happened AS "mentee_happened?",
                  ee.absent AS "mentee_report?", er.absent AS "mentor_report?"
           FROM matches m
           JOIN asks a ON a.id = m.ask_id
           LEFT JOIN session_outcomes o ON o.ask_id = m.ask_id AND o.mentor_id = m.mentor_id
           LEFT JOIN no_show_reports ee
                  ON ee.ask_id = m.ask_id AND ee.mentor_id = m.mentor_id AND ee.reporter = 'mentee'
           LEFT JOIN no_show_reports er
                  ON er.ask_id = m.ask_id AND er.mentor_id = m.mentor_id AND er.reporter = 'mentor'
           WHERE m.ask_id = $1 AND m.mentor_id = $2"#,
        ask_id,
        mentor_id
    )
    .fetch_optional(db)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let absent = |raw: Option<String>| {
        raw.map(|a| decode::parse::<Absent>("no_show_reports.absent", &a))
            .transpose()
    };
    Ok(Some(Sides {
        team_id: r.team_id,
        asker_id: r.asker_id,
        done: r.done_at.is_some(),
        released: r.released_at.is_some(),
        mentee_prompt: r.followup_channel.zip(r.followup_ts),
        mentor_prompt: r.mentor_followup_channel.zip(r.mentor_followup_ts),
        mentee_happened: r
            .mentee_happened
            .map(|h| decode::parse::<Happened>("session_outcomes.happened", &h))
            .transpose()?,
        mentor_happened: r.mentor_happened.map(|h| h == "yes"),
        mentee_report: absent(r.mentee_report)?,
        mentor_report: absent(r.mentor_report)?,
    }))
}

/// Where the mentor's follow-up prompt of a session was posted.
pub async fn set_mentor_prompt(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
    channel: &str,
    ts: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE matches SET mentor_followup_channel = $3, mentor_followup_ts = $4 WHERE ask_id = $1 AND mentor_id = $2",
        ask_id,
        mentor_id,
        channel,
        ts
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Records whether the mentor says the session happened; the first answer
/// stands. `true` when this was it.
pub async fn set_mentor_happened(
    db: impl PgExecutor<'_>,
    ask_id: i64,
    mentor_id: &str,
    happened: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE matches SET mentor_happened = $3 WHERE ask_id = $1 AND mentor_id = $2 AND mentor_happened IS NULL",
        ask_id,
        mentor_id,
        if happened { "yes" } else { "no" }
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What a report led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reported {
    /// This side had answered already: the first answer stands, nothing changed.
    Already,
    /// Recorded; nobody was paused.
    Noted,
    /// Recorded, and it paused the person it names (`job_id`: the job that tells
    /// them, if newly scheduled).
    Paused { pause_id: i64, job_id: Option<i64> },
}

/// Records one side's answer to "Who couldn't make it?" (once per side per
/// session). When it names the other person, locks that person's no-show
/// record, asks `core::no_shows` whether they have just crossed the threshold
/// and, if so, pauses them and schedules `announce(pause_id)` — all in one
/// transaction.
#[allow(clippy::too_many_arguments)]
pub async fn report(
    db: &PgPool,
    team_id: &str,
    ask_id: i64,
    mentor_id: &str,
    reporter: Side,
    absent: Absent,
    now: DateTime<Utc>,
    announce: impl FnOnce(i64) -> NewJob,
) -> Result<Reported, sqlx::Error> {
    let mut tx = db.begin().await?;
    let inserted = sqlx::query!(
        r#"INSERT INTO no_show_reports (ask_id, mentor_id, team_id, reporter, absent, reported_at)
           SELECT $1, $2, $3, $4, $5, $6
           WHERE EXISTS (SELECT 1 FROM matches WHERE ask_id = $1 AND mentor_id = $2)
           ON CONFLICT (ask_id, mentor_id, reporter) DO NOTHING"#,
        ask_id,
        mentor_id,
        team_id,
        reporter.as_str(),
        absent.as_str(),
        now
    )
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(Reported::Already);
    }
    let Some(side) = no_shows::against(reporter, absent) else {
        tx.commit().await?;
        return Ok(Reported::Noted);
    };
    let person = match side {
        Side::Mentor => mentor_id.to_owned(),
        Side::Mentee => {
            sqlx::query_scalar!("SELECT asker_id FROM asks WHERE id = $1", ask_id)
                .fetch_one(&mut *tx)
                .await?
        }
    };
    // One decision at a time per person and side: two reports at once cannot
    // both see the person below the threshold and both pause them.
    let lock = format!("no-show:{team_id}:{person}:{}", side.as_str());
    sqlx::query_scalar!(
        r#"SELECT 1 AS "locked!" FROM pg_advisory_xact_lock(hashtextextended($1, 0))"#,
        lock
    )
    .fetch_one(&mut *tx)
    .await?;
    let reports = reports_about(&mut *tx, team_id, &person, side, now).await?;
    let last_pause = sqlx::query_scalar!(
        "SELECT max(paused_at) FROM no_show_pauses WHERE team_id = $1 AND user_id = $2 AND side = $3",
        team_id,
        person,
        side.as_str()
    )
    .fetch_one(&mut *tx)
    .await?;
    let Some(until) = no_shows::decide_pause(&reports, side, last_pause, now) else {
        tx.commit().await?;
        return Ok(Reported::Noted);
    };
    let mut paused_until = until;
    if side == Side::Mentor {
        let current = sqlx::query_scalar!(
            "SELECT paused_until FROM mentors WHERE team_id = $1 AND user_id = $2 FOR UPDATE",
            team_id,
            person
        )
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(current) = current {
            paused_until = no_shows::mentor_paused_until(current, until);
            sqlx::query!(
                "UPDATE mentors SET paused_until = $3, updated_at = $4 WHERE team_id = $1 AND user_id = $2",
                team_id,
                person,
                paused_until,
                now
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    let pause_id = sqlx::query_scalar!(
        r#"INSERT INTO no_show_pauses (team_id, user_id, side, ask_id, paused_at, paused_until)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"#,
        team_id,
        person,
        side.as_str(),
        ask_id,
        now,
        paused_until
    )
    .fetch_one(&mut *tx)
    .await?;
    let job_id = super::jobs::schedule(&mut *tx, &announce(pause_id), now).await?;
    tx.commit().await?;
    Ok(Reported::Paused { pause_id, job_id })
}

/// Reports about the sessions `person` was on `side` of, from the last
/// [`no_shows::WINDOW_DAYS`] (the core filters them again).
async fn reports_about(
    db: impl PgExecutor<'_>,
    team_id: &str,
    person: &str,
    side: Side,
    now: DateTime<Utc>,
) -> Result<Vec<Report>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT r.ask_id, r.mentor_id, r.reporter, r.absent, r.reported_at
           FROM no_show_reports r
           JOIN asks a ON a.id = r.ask_id
           WHERE r.team_id = $1 AND r.reported_at >= $4
             AND CASE WHEN $3 = 'mentor' THEN r.mentor_id = $2 ELSE a.asker_id = $2 END"#,
        team_id,
        person,
        side.as_str(),
        now - Duration::days(no_shows::WINDOW_DAYS)
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Report {
                ask_id: r.ask_id,
                mentor_id: r.mentor_id,
                reporter: decode::parse("no_show_reports.reporter", &r.reporter)?,
                absent: decode::parse("no_show_reports.absent", &r.absent)?,
                at: r.reported_at,
            })
        })
        .collect()
}

/// A pause after no-shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pause {
    pub id: i64,
    pub team_id: String,
    pub user_id: String,
    pub side: Side,
    /// The session whose report crossed the threshold.
    pub ask_id: i64,
    pub paused_until: DateTime<Utc>,
    pub lifted: bool,
    /// Where we told them.
    pub dm: Option<(String, String)>,
}

pub async fn pause(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Pause>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT id, team_id, user_id, side, ask_id, paused_until, lifted_at, dm_channel, dm_ts
           FROM no_show_pauses WHERE id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok(Pause {
            id: r.id,
            team_id: r.team_id,
            user_id: r.user_id,
            side: decode::parse("no_show_pauses.side", &r.side)?,
            ask_id: r.ask_id,
            paused_until: r.paused_until,
            lifted: r.lifted_at.is_some(),
            dm: r.dm_channel.zip(r.dm_ts),
        })
    })
    .transpose()
}

/// The latest unlifted pause of someone on `side`, if any (it may have run out:
/// `core::no_shows::holds` tells).
pub async fn latest_unlifted(
    db: &PgPool,
    team_id: &str,
    user_id: &str,
    side: Side,
) -> Result<Option<Pause>, sqlx::Error> {
    let id = sqlx::query_scalar!(
        r#"SELECT id FROM no_show_pauses
           WHERE team_id = $1 AND user_id = $2 AND side = $3 AND lifted_at IS NULL
           ORDER BY paused_at DESC, id DESC LIMIT 1"#,
        team_id,
        user_id,
        side.as_str()
    )
    .fetch_optional(db)
    .await?;
    match id {
        Some(id) => pause(db, id).await,
        None => Ok(None),
    }
}

/// Where the message telling someone about their pause was posted.
pub async fn set_pause_dm(
    db: impl PgExecutor<'_>,
    id: i64,
    channel: &str,
    ts: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE no_show_pauses SET dm_channel = $2, dm_ts = $3 WHERE id = $1",
        id,
        channel,
        ts
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Lifts someone's no-show pauses on `side` at once; a mentor's offers resume
/// (`paused_until` cleared, as `/mentor resume` does). Returns the pauses lifted
/// now (none when they were lifted already), for their messages.
pub async fn lift(
    db: &PgPool,
    team_id: &str,
    user_id: &str,
    side: Side,
    now: DateTime<Utc>,
) -> Result<Vec<Pause>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let rows = sqlx::query!(
        r#"UPDATE no_show_pauses SET lifted_at = $4
           WHERE team_id = $1 AND user_id = $2 AND side = $3 AND lifted_at IS NULL
           RETURNING id, ask_id, paused_until, dm_channel, dm_ts"#,
        team_id,
        user_id,
        side.as_str(),
        now
    )
    .fetch_all(&mut *tx)
    .await?;
    if side == Side::Mentor {
        sqlx::query!(
            r#"UPDATE mentors SET paused_until = NULL, updated_at = $3
               WHERE team_id = $1 AND user_id = $2 AND paused_until IS NOT NULL"#,
            team_id,
            user_id,
            now
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|r| Pause {
            id: r.id,
            team_id: team_id.to_owned(),
            user_id: user_id.to_owned(),
            side,
            ask_id: r.ask_id,
            paused_until: r.paused_until,
            lifted: true,
            dm: r.dm_channel.zip(r.dm_ts),
        })
        .collect())
}
