//! The job queue: what can be scheduled ([`Job`]), scheduling it, claiming it and
//! recording how it went. Everything that happens later goes through here as a
//! durable row in Postgres. The job *bodies* live above, in `jobs` (and `flows`);
//! this module knows nothing of them, so flows can schedule without a cycle.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::core::ladder::Rung;
use crate::slack::SlackError;
use crate::state::AppState;
use crate::store::jobs::{self as table, Claimed, NewJob};

/// A worker holds a job this long; after that another may take it over.
pub const LEASE: Duration = Duration::minutes(5);

/// A job's kind and arguments, stored as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Offer a new ask (runs at once; a job so a crash before it cannot lose it).
    RouteAsk {
        ask_id: i64,
    },
    Ladder {
        ask_id: i64,
        rung: Rung,
    },
    /// An offer held for the mentor's working hours.
    DeliverOffer {
        ask_id: i64,
        mentor_id: String,
    },
    /// Put an ask nobody else can take to those who said "no time now" to it,
    /// once their rest or their working day allows (`core::routing::ask_again`).
    AskAgain {
        ask_id: i64,
    },
    /// A gentle reminder to a mentor who has not answered an offer.
    Nudge {
        ask_id: i64,
        mentor_id: String,
    },
    /// Introduce mentee and mentor in a group DM (scheduled with the match).
    Intro {
        ask_id: i64,
        mentor_id: String,
    },
    FollowUp {
        ask_id: i64,
        mentor_id: String,
        round: u8,
    },
    /// The mentor's own "Did your session happen?", once, beside the mentee's first.
    MentorFollowUp {
        ask_id: i64,
        mentor_id: String,
    },
    /// Tell someone, privately, that no-shows paused them (`no_show_pauses.id`).
    NoShowPaused {
        pause_id: i64,
    },
    Digest {
        channel: String,
        skill: Option<String>,
    },
    /// The weekly admin digest: a DM to each admin who asked for it.
    AdminDigest,
    /// Someone left the workspace (`user_change`, deleted): close their mentoring
    /// and their asks. A job so a failure is retried, not lost with the event.
    PersonLeft {
        user_id: String,
    },
    /// "Delete my data" was confirmed (`core::my_data`). Once the erasure has
    /// committed, this row carries the pseudonym instead.
    EraseMyData {
        user_id: String,
    },
    /// Daily clean-up of records nobody needs any more.
    Housekeeping,
    /// Post new office hours to their channels and confirm to the host (runs at
    /// once; a job so a crash after the ack cannot lose the announcement).
    AnnounceOfficeHours {
        session_id: i64,
    },
    /// Booker and host in a group DM about a booked slot (runs at once).
    SlotBooked {
        booking_id: i64,
    },
    /// Booker and host, 15 minutes before a booked slot.
    SlotReminder {
        booking_id: i64,
    },
    /// Host and the "Remind me" list, 15 minutes before an open Q&A.
    OpenQaReminder {
        session_id: i64,
    },
    /// 15 minutes before the time mentee and mentor picked from the intro.
    MeetingReminder {
        ask_id: i64,
        mentor_id: String,
        /// The picked start (Unix seconds): a later pick makes this one moot.
        at: i64,
    },
    /// A week after the mentee's feedback: their thank-you note reaches the
    /// mentor alone if the mentor never answered (`core::feedback`).
    FeedbackDeadline {
        ask_id: i64,
        mentor_id: String,
    },
}

impl Job {
    pub fn kind(&self) -> &'static str {
        match self {
            Job::RouteAsk { .. } => "route_ask",
            Job::Ladder { .. } => "ladder",
            Job::DeliverOffer { .. } => "deliver_offer",
            Job::AskAgain { .. } => "ask_again",
            Job::Nudge { .. } => "nudge",
            Job::Intro { .. } => "intro",
            Job::FollowUp { .. } => "follow_up",
            Job::MentorFollowUp { .. } => "mentor_follow_up",
            Job::NoShowPaused { .. } => "no_show_paused",
            Job::Digest { .. } => "digest",
            Job::AdminDigest => "admin_digest",
            Job::PersonLeft { .. } => "person_left",
            Job::EraseMyData { .. } => "erase_my_data",
            Job::Housekeeping => "housekeeping",
            Job::AnnounceOfficeHours { .. } => "announce_office_hours",
            Job::SlotBooked { .. } => "slot_booked",
            Job::SlotReminder { .. } => "slot_reminder",
            Job::OpenQaReminder { .. } => "open_qa_reminder",
            Job::MeetingReminder { .. } => "meeting_reminder",
            Job::FeedbackDeadline { .. } => "feedback_deadline",
        }
    }

    /// The key that makes scheduling this job twice a no-op.
    fn dedupe_key(&self, run_at: DateTime<Utc>) -> String {
        match self {
            Job::RouteAsk { ask_id } => format!("route:{ask_id}"),
            // A re-open schedules a fresh ladder: the time tells the two apart.
            Job::Ladder { ask_id, rung } => {
                format!("ladder:{ask_id}:{}:{}", rung.as_str(), run_at.timestamp())
            }
            Job::DeliverOffer { ask_id, mentor_id } => format!("deliver:{ask_id}:{mentor_id}"),
            Job::AskAgain { ask_id } => format!("ask-again:{ask_id}:{}", run_at.timestamp()),
            Job::Nudge { ask_id, mentor_id } => format!("nudge:{ask_id}:{mentor_id}"),
            Job::Intro { ask_id, mentor_id } => format!("intro:{ask_id}:{mentor_id}"),
            Job::FollowUp {
                ask_id,
                mentor_id,
                round,
            } => format!("followup:{ask_id}:{mentor_id}:{round}"),
            Job::MentorFollowUp { ask_id, mentor_id } => {
                format!("mentor-followup:{ask_id}:{mentor_id}")
            }
            Job::NoShowPaused { pause_id } => format!("no-show-paused:{pause_id}"),
            Job::Digest { channel, skill } => {
                format!(
                    "digest:{channel}:{}:{}",
                    skill.as_deref().unwrap_or("*"),
                    run_at.timestamp()
                )
            }
            Job::AdminDigest => format!("admin-digest:{}", run_at.timestamp()),
            Job::PersonLeft { user_id } => format!("left:{user_id}:{}", run_at.timestamp()),
            // One erasure at a time per person; the erasure clears the key.
            Job::EraseMyData { user_id } => format!("erase:{user_id}"),
            Job::Housekeeping => format!("housekeeping:{}", run_at.date_naive()),
            Job::AnnounceOfficeHours { session_id } => format!("oh-announce:{session_id}"),
            // A booking id is never reused: a freed slot booked again is a new booking.
            Job::SlotBooked { booking_id } => format!("oh-booked:{booking_id}"),
            Job::SlotReminder { booking_id } => format!("oh-slot-reminder:{booking_id}"),
            Job::OpenQaReminder { session_id } => format!("oh-qa-reminder:{session_id}"),
            Job::MeetingReminder {
                ask_id,
                mentor_id,
                at,
            } => format!("meeting-reminder:{ask_id}:{mentor_id}:{at}"),
            Job::FeedbackDeadline { ask_id, mentor_id } => {
                format!("feedback-deadline:{ask_id}:{mentor_id}")
            }
        }
    }

    pub fn at(&self, team_id: &str, run_at: DateTime<Utc>) -> NewJob {
        NewJob {
            team_id: team_id.to_owned(),
            kind: self.kind().to_owned(),
            payload: serde_json::to_value(self).expect("jobs serialise"),
            run_at,
            dedupe_key: Some(self.dedupe_key(run_at)),
        }
    }
}

/// Why a job did not complete; decides whether it is tried again.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Slack(#[from] SlackError),
    #[error("{0}")]
    Permanent(String),
}

impl JobError {
    /// Outages and rate limits pass; Slack refusing for a reason (`not_in_channel`) does not.
    pub fn is_transient(&self) -> bool {
        match self {
            JobError::Db(_) => true,
            JobError::Slack(
                SlackError::Api { .. }
                | SlackError::Protocol { .. }
                | SlackError::OutcomeUnknown { .. },
            ) => false,
            JobError::Slack(_) => true,
            JobError::Permanent(_) => false,
        }
    }
}

/// Sends a message at most once for `key`, even if the job runs again after a
/// crash: the key is recorded first, and forgotten again if Slack refuses, so a
/// retry can send it. (A crash between the record and the send loses the message
/// rather than doubling it.)
pub(crate) async fn send_once(
    state: &AppState,
    team_id: &str,
    key: &str,
    message: &serde_json::Value,
) -> Result<Option<crate::slack::client::PostedMessage>, JobError> {
    let now = state.clock.now();
    if !crate::store::jobs::effect_once(&state.db, team_id, key, now).await? {
        return Ok(None);
    }
    match state.slack.post_message(message).await {
        Ok(posted) => Ok(Some(posted)),
        // It may have been posted: keep the record rather than risk a second copy.
        Err(e @ SlackError::OutcomeUnknown { .. }) => {
            tracing::warn!(key, error = %e, "message may not have been sent; not retrying");
            Ok(None)
        }
        Err(e) => {
            crate::store::jobs::forget_effect(&state.db, key).await?;
            Err(e.into())
        }
    }
}

/// A name for this process's worker, for `locked_by`.
pub fn worker_name() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Delay before retry `attempt` (1-based): 30 s, 1 min, 2 min … capped at an hour.
pub fn backoff(attempt: i32) -> Duration {
    let exp = attempt.clamp(1, 8) - 1;
    (Duration::seconds(30) * 2i32.pow(exp as u32)).min(Duration::hours(1))
}

/// Schedules a job and wakes the local worker.
pub async fn schedule(state: &AppState, job: &NewJob) -> Result<Option<i64>, sqlx::Error> {
    let id = table::schedule(&state.db, job, state.clock.now()).await?;
    state.jobs_wakeup.notify_one();
    Ok(id)
}

/// Takes one job now if nobody has (routing right after an ask).
pub async fn claim(
    state: &AppState,
    job_id: i64,
    worker: &str,
) -> Result<Option<Claimed>, sqlx::Error> {
    let now = state.clock.now();
    table::claim_one(&state.db, job_id, worker, now + LEASE).await
}

/// Runs a just-scheduled job now if no worker has taken it, with `run`, and
/// records the outcome like the worker would. `Ok(false)` when it was taken.
pub async fn run_now<F, Fut>(
    state: &AppState,
    job_id: i64,
    worker: &str,
    run: F,
) -> Result<bool, sqlx::Error>
where
    F: FnOnce(Job) -> Fut,
    Fut: std::future::Future<Output = Result<(), JobError>>,
{
    let Some(job) = claim(state, job_id, worker).await? else {
        return Ok(false);
    };
    let result = match serde_json::from_value::<Job>(job.payload.clone()) {
        Ok(parsed) => run(parsed).await,
        Err(e) => Err(JobError::Permanent(format!("unreadable payload: {e}"))),
    };
    finish(state, &job, result).await;
    Ok(true)
}

/// Records how a claimed job went: done, retried later with backoff (transient
/// errors, attempts left) or failed for good.
pub async fn finish(state: &AppState, job: &Claimed, result: Result<(), JobError>) {
    let now = state.clock.now();
    let outcome = match &result {
        Ok(()) => table::complete(&state.db, job.id, now)
            .await
            .map(|_| "done"),
        Err(e) => {
            let retry = e.is_transient() && job.attempts < job.max_attempts;
            let retry_at = retry.then(|| now + backoff(job.attempts));
            if retry {
                tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %e, "job failed; will retry");
            } else {
                tracing::error!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %e, "job failed for good");
            }
            table::fail(&state.db, job.id, &e.to_string(), retry_at, now)
                .await
                .map(|_| if retry { "retry" } else { "failed" })
        }
    };
    match outcome {
        Ok(label) => {
            metrics::counter!("jobs_total", "kind" => job.kind.clone(), "outcome" => label)
                .increment(1)
        }
        // The lease will lapse and the job will be claimed again.
        Err(e) => tracing::error!(job = job.id, error = %e, "could not record a job's outcome"),
    }
}

/// Records several jobs that ran successfully, in one statement ([`finish`]
/// with `Ok` for each).
pub async fn finish_done(state: &AppState, done: Vec<Claimed>) {
    if done.is_empty() {
        return;
    }
    let ids: Vec<i64> = done.iter().map(|j| j.id).collect();
    match table::complete_many(&state.db, &ids, state.clock.now()).await {
        Ok(()) => {
            for job in &done {
                metrics::counter!("jobs_total", "kind" => job.kind.clone(), "outcome" => "done")
                    .increment(1)
            }
        }
        // The leases will lapse and the jobs will be claimed again.
        Err(e) => tracing::error!(jobs = ?ids, error = %e, "could not record jobs' outcome"),
    }
}

/// A job's next occurrence on a cron schedule, strictly after `after`.
pub fn next_occurrence(
    schedule: &croner::Cron,
    tz: chrono_tz::Tz,
    after: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    schedule
        .find_next_occurrence(&after.with_timezone(&tz), false)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(5), Duration::minutes(8));
        assert_eq!(backoff(20), Duration::hours(1));
    }

    #[test]
    fn digest_schedule_follows_its_zone() {
        let cron = croner::parser::CronParser::builder()
            .seconds(croner::parser::Seconds::Optional)
            .build()
            .parse("0 9 * * 1-5")
            .unwrap();
        // Friday 10:00 UTC → Monday 09:00 in London, which is BST (08:00 UTC) by 30 March.
        let after: DateTime<Utc> = "2026-03-27T10:00:00Z".parse().unwrap();
        let next = next_occurrence(&cron, chrono_tz::Europe::London, after).unwrap();
        assert_eq!(
            next,
            "2026-03-30T08:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }
}
