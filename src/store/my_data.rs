//! Someone's data (`core::my_data`): read all of it for the export, and erase
//! it, in one transaction, keeping the rows the organisation's figures count
//! under a pseudonym.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use crate::core::my_data::{Erased, Record, Session, ERASED_TOPIC};

/// Everything stored about `user`: their sessions (typed, for the reveal rule)
/// and every other table's rows about them, as stored.
pub async fn record(
    db: &PgPool,
    team_id: &str,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<Record, sqlx::Error> {
    let sessions = sessions(db, team_id, user_id).await?;
    // One statement; each section is that table's rows about the person with every
    // column (minus the team id), so a column added later is exported too. Only
    // their own don't-match list: who put *them* on a list stays private.
    let stored = sqlx::query_scalar!(
        r#"SELECT jsonb_build_object(
             'mentor_settings', (SELECT to_jsonb(m) - 'team_id' FROM mentors m
                                 WHERE m.team_id = $1 AND m.user_id = $2),
             'mentor_skills', COALESCE((SELECT jsonb_agg(s.slug ORDER BY s.slug) FROM mentor_skills s
                                        WHERE s.team_id = $1 AND s.user_id = $2), '[]'),
             'asks', COALESCE((SELECT jsonb_agg((to_jsonb(a) - 'team_id')
                                  || jsonb_build_object('skills',
                                       (SELECT COALESCE(jsonb_agg(k.slug ORDER BY k.slug), '[]')
                                        FROM ask_skills k WHERE k.ask_id = a.id))
                                  ORDER BY a.id)
                               FROM asks a WHERE a.team_id = $1 AND a.asker_id = $2), '[]'),
             'offers_received', COALESCE((SELECT jsonb_agg(to_jsonb(o) - 'team_id' ORDER BY o.id)
                                          FROM offers o WHERE o.team_id = $1 AND o.mentor_id = $2), '[]'),
             'dont_match', COALESCE((SELECT jsonb_agg(x.excluded_id ORDER BY x.excluded_id)
                                     FROM match_exclusions x WHERE x.team_id = $1 AND x.user_id = $2), '[]'),
             'office_hours_hosted', COALESCE((SELECT jsonb_agg(to_jsonb(h) - 'team_id' ORDER BY h.id)
                                              FROM office_hours h WHERE h.team_id = $1 AND h.host_id = $2), '[]'),
             'office_hours_bookings', COALESCE((SELECT jsonb_agg(to_jsonb(b) - 'team_id' ORDER BY b.id)
                                                FROM office_hours_bookings b
                                                WHERE b.team_id = $1 AND b.user_id = $2), '[]'),
             'office_hours_reminders', COALESCE((SELECT jsonb_agg(to_jsonb(r) - 'team_id' ORDER BY r.session_id)
                                                 FROM office_hours_reminders r
                                                 WHERE r.team_id = $1 AND r.user_id = $2), '[]'),
             'no_show_reports_made', COALESCE((SELECT jsonb_agg(to_jsonb(n) - 'team_id' ORDER BY n.reported_at)
                                               FROM no_show_reports n JOIN asks a ON a.id = n.ask_id
                                               WHERE n.team_id = $1
                                                 AND ((n.reporter = 'mentee' AND a.asker_id = $2)
                                                   OR (n.reporter = 'mentor' AND n.mentor_id = $2))), '[]'),
             'no_show_pauses', COALESCE((SELECT jsonb_agg(to_jsonb(p) - 'team_id' ORDER BY p.id)
                                         FROM no_show_pauses p WHERE p.team_id = $1 AND p.user_id = $2), '[]'),
             'admin_preferences', (SELECT to_jsonb(p) - 'team_id' FROM admin_preferences p
                                   WHERE p.team_id = $1 AND p.user_id = $2),
             'home_opened', (SELECT to_jsonb(h) - 'team_id' FROM home_viewers h
                             WHERE h.team_id = $1 AND h.user_id = $2),
             'charts_uploaded_for_you', COALESCE((SELECT jsonb_agg(to_jsonb(c) - 'team_id')
                                                  FROM chart_uploads c
                                                  WHERE c.team_id = $1 AND c.user_id = $2), '[]'),
             'offers_answered_by_skill', COALESCE((SELECT jsonb_agg(to_jsonb(w) - 'team_id' - 'user_id' ORDER BY w.slug)
                                                   FROM mentor_skill_answers w
                                                   WHERE w.team_id = $1 AND w.user_id = $2), '[]'),
             'skills_you_added', COALESCE((SELECT jsonb_agg(s.label ORDER BY s.slug) FROM skills s
                                           WHERE s.team_id = $1 AND s.created_by = $2), '[]')
           ) AS "stored!""#,
        team_id,
        user_id
    )
    .fetch_one(db)
    .await?;
    let stored = match stored {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    Ok(Record {
        user_id: user_id.to_owned(),
        exported_at: now,
        sessions,
        stored,
    })
}

/// All their sessions, oldest first, with what each side said as stored.
async fn sessions(db: &PgPool, team_id: &str, user_id: &str) -> Result<Vec<Session>, sqlx::Error> {
    let mut sessions = super::history::sessions(db, team_id, user_id, true).await?;
    sessions.reverse();
    Ok(sessions)
}

/// Upcoming office hours bookings of `user` (session id, slot), to cancel
/// through the usual path before an erasure so the host is told.
pub async fn upcoming_bookings(
    db: &PgPool,
    team_id: &str,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, u8)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT b.session_id, b.slot
           FROM office_hours_bookings b JOIN office_hours h ON h.id = b.session_id
           WHERE b.team_id = $1 AND b.user_id = $2 AND b.cancelled_at IS NULL
             AND h.cancelled_at IS NULL
             AND h.starts_at + make_interval(mins => h.slot_minutes::int * (b.slot::int + 1)) > $3
           ORDER BY b.session_id, b.slot"#,
        team_id,
        user_id,
        now
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.session_id, r.slot as u8))
        .collect())
}

/// Erases `user`'s data (see `core::my_data` for what goes and what stays), in
/// one transaction: their id becomes `pseudonym` where a row must stay for the
/// figures, and disappears everywhere else — including jobs and effect records
/// that carry it. Open asks, offers waiting on them and upcoming office hours
/// are closed by the flow first, so the other people are told.
pub async fn erase(
    conn: &mut PgConnection,
    team_id: &str,
    user_id: &str,
    pseudonym: &str,
) -> Result<Erased, sqlx::Error> {
    let mut tx = sqlx::Connection::begin(conn).await?;
    // Their asks: the rows stay (figures count them), the text goes. Pending
    // work about those asks is moot with the asker gone.
    let asks = sqlx::query!(
        "UPDATE asks SET asker_id = $3, topic = $4, details = '', first_mentor = NULL
         WHERE team_id = $1 AND asker_id = $2",
        team_id,
        user_id,
        pseudonym,
        ERASED_TOPIC
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query!(
        "DELETE FROM jobs WHERE team_id = $1 AND status <> 'done'
           AND (payload->>'ask_id') IS NOT NULL
           AND (payload->>'ask_id')::bigint IN (SELECT id FROM asks WHERE team_id = $1 AND asker_id = $2)",
        team_id,
        pseudonym
    )
    .execute(&mut *tx)
    .await?;
    // Feedback they gave as mentee; the conversations with them (the intro's
    // group DM, their follow-up DM) are theirs too.
    sqlx::query!(
        "UPDATE session_outcomes o SET rating = NULL, note = NULL
         FROM asks a WHERE a.id = o.ask_id AND a.team_id = $1 AND a.asker_id = $2",
        team_id,
        pseudonym
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE matches x SET intro_channel = NULL, intro_ts = NULL,
                              followup_channel = NULL, followup_ts = NULL
         FROM asks a WHERE a.id = x.ask_id AND a.team_id = $1 AND a.asker_id = $2",
        team_id,
        pseudonym
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE asks SET first_mentor = NULL WHERE team_id = $1 AND first_mentor = $2",
        team_id,
        user_id
    )
    .execute(&mut *tx)
    .await?;
    let offers = sqlx::query!(
        "DELETE FROM offers WHERE team_id = $1 AND mentor_id = $2",
        team_id,
        user_id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    // Sessions they mentored: kept under the pseudonym (outcomes and no-show
    // reports follow the key: ON UPDATE CASCADE), their own feedback erased.
    let mentored = sqlx::query!(
        "UPDATE matches SET mentor_id = $3, mentor_clarity = NULL, mentor_note = NULL,
                            intro_channel = NULL, intro_ts = NULL,
                            mentor_followup_channel = NULL, mentor_followup_ts = NULL
         WHERE team_id = $1 AND mentor_id = $2",
        team_id,
        user_id,
        pseudonym
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query!(
        "UPDATE matches SET done_by = $3 WHERE team_id = $1 AND done_by = $2",
        team_id,
        user_id,
        pseudonym
    )
    .execute(&mut *tx)
    .await?;
    let as_mentee = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM matches x JOIN asks a ON a.id = x.ask_id
           WHERE a.team_id = $1 AND a.asker_id = $2"#,
        team_id,
        pseudonym
    )
    .fetch_one(&mut *tx)
    .await?;
    // Office hours: past sessions and bookings stay as counts; the topic is theirs.
    sqlx::query!(
        "UPDATE office_hours SET host_id = $3, topic = $4 WHERE team_id = $1 AND host_id = $2",
        team_id,
        user_id,
        pseudonym,
        ERASED_TOPIC
    )
    .execute(&mut *tx)
    .await?;
    // The group DMs of their sessions' bookings include them.
    sqlx::query!(
        "UPDATE office_hours_bookings b SET dm_channel = NULL, dm_ts = NULL
         FROM office_hours h WHERE h.id = b.session_id AND h.team_id = $1 AND h.host_id = $2",
        team_id,
        pseudonym
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE office_hours_bookings SET user_id = $3, dm_channel = NULL, dm_ts = NULL
         WHERE team_id = $1 AND user_id = $2",
        team_id,
        user_id,
        pseudonym
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE skills SET created_by = NULL WHERE team_id = $1 AND created_by = $2",
        team_id,
        user_id
    )
    .execute(&mut *tx)
    .await?;
    // Rows that only describe the person go.
    for statement in [
        "DELETE FROM mentors WHERE team_id = $1 AND user_id = $2",
        "DELETE FROM mentor_skill_answers WHERE team_id = $1 AND user_id = $2",
        "DELETE FROM match_exclusions WHERE team_id = $1 AND (user_id = $2 OR excluded_id = $2)",
        "DELETE FROM office_hours_reminders WHERE team_id = $1 AND user_id = $2",
        "DELETE FROM no_show_pauses WHERE team_id = $1 AND user_id = $2",
        "DELETE FROM admin_preferences WHERE team_id = $1 AND user_id = $2",
        "DELETE FROM home_viewers WHERE team_id = $1 AND user_id = $2",
        "DELETE FROM chart_uploads WHERE team_id = $1 AND user_id = $2",
    ] {
        sqlx::query(statement)
            .bind(team_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    // Jobs and exactly-once records that carry their id (as an argument or in
    // a key): the erasure's own job keeps running under the pseudonym, the rest
    // go. Ids are letters and digits, so they are matched between separators.
    sqlx::query!(
        "UPDATE jobs SET payload = jsonb_set(payload, '{user_id}', to_jsonb($3::text)),
                         dedupe_key = NULL
         WHERE team_id = $1 AND kind = 'erase_my_data' AND payload->>'user_id' = $2",
        team_id,
        user_id,
        pseudonym
    )
    .execute(&mut *tx)
    .await?;
    let pattern = format!("(^|[:,]){user_id}([:,]|$)");
    sqlx::query!(
        "DELETE FROM jobs WHERE team_id = $1
           AND (payload->>'mentor_id' = $2 OR payload->>'user_id' = $2 OR dedupe_key ~ $3)",
        team_id,
        user_id,
        pattern
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "DELETE FROM job_effects WHERE team_id = $1 AND key ~ $2",
        team_id,
        pattern
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Erased {
        asks,
        sessions: mentored + as_mentee as u64,
        offers,
    })
}
