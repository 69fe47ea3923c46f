//! The job engine: claim due jobs with `FOR UPDATE SKIP LOCKED`, run them, retry
//! with exponential backoff, record failures. Time comes from the app's clock, so
//! tests move time and call [`run_due`] instead of sleeping.

use chrono::{DateTime, Duration, Utc};
use futures::StreamExt;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio_util::sync::CancellationToken;

use super::{digest, followup, housekeeping, ladder, Job, JobError};
use crate::app::AppState;
use crate::store::jobs::{self as table, Claimed, NewJob};

/// A worker holds a job this long; after that another may take it over.
pub const LEASE: Duration = Duration::minutes(5);
const BATCH: i64 = 64;
/// Jobs run side by side per worker; kept below the pool size so the ack path
/// always finds a database connection.
const CONCURRENCY: usize = 8;

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

/// Runs every due job once (claiming in batches) and returns how many ran.
/// Safe to call from several processes at once: each job is claimed by one.
pub async fn run_due(state: &AppState, worker: &str) -> Result<usize, sqlx::Error> {
    run_due_until(state, worker, &CancellationToken::new()).await
}

/// [`run_due`] that stops between batches once `stop` is cancelled (shutdown
/// must not wait for a whole backlog).
pub async fn run_due_until(
    state: &AppState,
    worker: &str,
    stop: &CancellationToken,
) -> Result<usize, sqlx::Error> {
    let mut total = 0;
    loop {
        if stop.is_cancelled() {
            return Ok(total);
        }
        let now = state.clock.now();
        let claimed = table::claim_due(&state.db, worker, now, now + LEASE, BATCH).await?;
        if claimed.is_empty() {
            return Ok(total);
        }
        total += claimed.len();
        // Jobs of one ask run one after another, in due order (a nudge before
        // the expiry); different asks run side by side.
        futures::stream::iter(in_order_by_ask(claimed))
            .for_each_concurrent(CONCURRENCY, |group| async move {
                for job in group {
                    execute(state, job).await;
                }
            })
            .await;
    }
}

/// Groups claimed jobs (already in due order) by the ask they concern.
fn in_order_by_ask(claimed: Vec<Claimed>) -> Vec<Vec<Claimed>> {
    let mut groups: Vec<(Option<i64>, Vec<Claimed>)> = Vec::new();
    for job in claimed {
        let key = job.payload.get("ask_id").and_then(|v| v.as_i64());
        match groups.iter_mut().find(|(k, _)| key.is_some() && *k == key) {
            Some((_, group)) => group.push(job),
            None => groups.push((key, vec![job])),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// Runs one job now if nobody has taken it (routing right after an ask).
pub async fn run_now(state: &AppState, job_id: i64, worker: &str) -> Result<bool, sqlx::Error> {
    let now = state.clock.now();
    match table::claim_one(&state.db, job_id, worker, now + LEASE).await? {
        Some(job) => {
            execute(state, job).await;
            Ok(true)
        }
        None => Ok(false),
    }
}

async fn execute(state: &AppState, job: Claimed) {
    let result = match serde_json::from_value::<Job>(job.payload.clone()) {
        Ok(parsed) => dispatch(state, &job, parsed).await,
        Err(e) => Err(JobError::Permanent(format!("unreadable payload: {e}"))),
    };
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

/// What a job runner gets besides its arguments.
pub struct JobContext {
    pub id: i64,
    pub team_id: String,
}

async fn dispatch(state: &AppState, claimed: &Claimed, job: Job) -> Result<(), JobError> {
    let ctx = JobContext {
        id: claimed.id,
        team_id: claimed.team_id.clone(),
    };
    match job {
        Job::RouteAsk { ask_id } => crate::flows::route::route_ask(state, ask_id, true)
            .await
            .map(drop)
            .map_err(Into::into),
        Job::Ladder { ask_id, rung } => ladder::climb(state, ask_id, rung).await,
        Job::DeliverOffer { ask_id, mentor_id } => {
            crate::flows::route::deliver_held_offer(state, ask_id, &mentor_id).await
        }
        Job::Nudge { ask_id, mentor_id } => ladder::nudge(state, ask_id, &mentor_id).await,
        Job::FollowUp {
            ask_id,
            mentor_id,
            round,
        } => followup::ask_mentee(state, ask_id, &mentor_id, round).await,
        Job::Digest { channel, skill } => {
            digest::post(state, &ctx, &channel, skill.as_deref()).await
        }
        Job::Housekeeping => housekeeping::run(state).await,
    }
}

/// The background worker: runs due jobs, then sleeps until the next one is due,
/// a job is scheduled here, or the poll interval passes (jobs scheduled by other
/// replicas), whichever is first.
pub async fn work(state: AppState, stop: CancellationToken) {
    let worker = worker_name();
    tracing::info!(%worker, "job worker started");
    loop {
        if let Err(e) = run_due_until(&state, &worker, &stop).await {
            tracing::warn!(error = %e, "job worker could not reach the database");
        }
        let poll = state.settings.job_poll_interval;
        let until_next = match table::next_due(&state.db).await {
            Ok(Some(at)) => (at - state.clock.now())
                .to_std()
                .unwrap_or_default()
                .min(poll),
            _ => poll,
        };
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = state.jobs_wakeup.notified() => {}
            _ = tokio::time::sleep(until_next) => {}
        }
    }
    tracing::info!(%worker, "job worker stopped");
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
