//! The job engine: claim due jobs with `FOR UPDATE SKIP LOCKED`, run them, retry
//! with exponential backoff, record failures. Time comes from the app's clock, so
//! tests move time and call [`run_due`] instead of sleeping.

use futures::StreamExt;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

use super::{admin_digest, digest, followup, housekeeping, ladder, office_hours};
use crate::flows::people;
use crate::queue::{self, worker_name, Job, JobError, LEASE};
use crate::state::AppState;
use crate::store::jobs::{self as table, Claimed};

const BATCH: i64 = 64;
/// Jobs run side by side per worker; kept below the pool size so the ack path
/// always finds a database connection.
const CONCURRENCY: usize = 8;
/// Successful jobs recorded together in one statement.
const DONE_AT_ONCE: usize = 16;

/// Runs the jobs due when it starts, each once (claiming in batches), and
/// returns how many ran; a job they schedule for right now may wait for the
/// next call.
/// Safe to call from several processes at once: each job is claimed by one.
pub async fn run_due(state: &AppState, worker: &str) -> Result<usize, sqlx::Error> {
    run_due_until(state, worker, &CancellationToken::new()).await
}

/// [`run_due`] that stops claiming once `stop` is cancelled (shutdown must not
/// wait for a whole backlog; the jobs already claimed finish).
///
/// Jobs are claimed `BATCH` at a time, and the next batch is claimed as soon as
/// a runner is free at the end of the one before — not after its slowest job —
/// so the last jobs of a batch overlap the first of the next. Jobs of one ask
/// within a batch run in due order; across batches (as across replicas) they
/// may run side by side, so every job re-reads and locks what it changes.
pub async fn run_due_until(
    state: &AppState,
    worker: &str,
    stop: &CancellationToken,
) -> Result<usize, sqlx::Error> {
    let total = AtomicUsize::new(0);
    // A failed claim ends the stream and is returned once the running jobs finish
    // (ending it with the error would drop them mid-way).
    let failed: Mutex<Option<sqlx::Error>> = Mutex::new(None);
    // Successes are recorded a few at a time in one statement, and before each
    // claim, so none waits longer than a batch; a job that ran but is not yet
    // recorded when the process dies runs again after its lease, which every job
    // allows (effects are recorded once, `send_once`).
    let done = Mutex::new(Vec::new());
    let (total_ref, failed_ref, done_ref) = (&total, &failed, &done);
    let batches = futures::stream::unfold((), move |()| async move {
        let recorded = std::mem::take(&mut *done_ref.lock().expect("not poisoned"));
        queue::finish_done(state, recorded).await;
        if stop.is_cancelled() {
            return None;
        }
        let now = state.clock.now();
        let claimed = match table::claim_due(&state.db, worker, now, now + LEASE, BATCH).await {
            Ok(claimed) if !claimed.is_empty() => claimed,
            Ok(_) => return None,
            Err(e) => {
                *failed_ref.lock().expect("not poisoned") = Some(e);
                return None;
            }
        };
        total_ref.fetch_add(claimed.len(), Ordering::Relaxed);
        // One query for the batch instead of one per job; a revocation seen
        // meanwhile (`AppState::revoked`) still stops the rest at once.
        let mut teams: Vec<String> = claimed.iter().map(|j| j.team_id.clone()).collect();
        teams.sort();
        teams.dedup();
        let revoked = Arc::new(
            people::revoked_among(state, &teams)
                .await
                .unwrap_or_default(),
        );
        let groups: Vec<(Vec<Claimed>, Arc<HashSet<String>>)> = in_order_by_ask(claimed)
            .into_iter()
            .map(|group| (group, revoked.clone()))
            .collect();
        Some((futures::stream::iter(groups), ()))
    })
    // Boxed: rustc cannot otherwise prove the unboxed stream `Send` for the
    // spawned worker (rust-lang/rust#64552).
    .boxed();
    // Jobs of one ask in a batch run one after another, in due order (a nudge
    // before the expiry); different asks run side by side.
    batches
        .flatten()
        .for_each_concurrent(CONCURRENCY, {
            let done = &done;
            move |(group, revoked)| async move {
                for job in group {
                    let revoked = job.team_id != "*"
                        && (revoked.contains(&job.team_id) || people::revoked_now(state));
                    match execute(state, &job, revoked).await {
                        Ok(()) => {
                            let flush = {
                                let mut done = done.lock().expect("not poisoned");
                                done.push(job);
                                match done.len() >= DONE_AT_ONCE {
                                    true => std::mem::take(&mut *done),
                                    false => Vec::new(),
                                }
                            };
                            queue::finish_done(state, flush).await;
                        }
                        Err(e) => queue::finish(state, &job, Err(e)).await,
                    }
                }
            }
        })
        .await;
    let rest = std::mem::take(&mut *done.lock().expect("not poisoned"));
    queue::finish_done(state, rest).await;
    match failed.into_inner().expect("not poisoned") {
        Some(e) => Err(e),
        None => Ok(total.into_inner()),
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

/// Runs one claimed job; an uninstalled app calls Slack no more: its jobs end
/// here, for good.
async fn execute(state: &AppState, job: &Claimed, revoked: bool) -> Result<(), JobError> {
    match serde_json::from_value::<Job>(job.payload.clone()) {
        _ if revoked => Err(JobError::Permanent("the app was uninstalled".into())),
        Ok(parsed) => dispatch(state, job, parsed).await,
        Err(e) => Err(JobError::Permanent(format!("unreadable payload: {e}"))),
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
        // A routing pass first: someone new may take it by now (opted in,
        // unpaused, room again this week); it asks again only if nobody can.
        Job::AskAgain { ask_id } => crate::flows::route::route_ask(state, ask_id, false)
            .await
            .map_err(Into::into),
        Job::Nudge { ask_id, mentor_id } => ladder::nudge(state, ask_id, &mentor_id).await,
        Job::Intro { ask_id, mentor_id } => {
            crate::flows::intro::introduce(state, ask_id, &mentor_id).await
        }
        Job::FollowUp {
            ask_id,
            mentor_id,
            round,
        } => followup::ask_mentee(state, ask_id, &mentor_id, round).await,
        Job::MentorFollowUp { ask_id, mentor_id } => {
            followup::ask_mentor(state, ask_id, &mentor_id).await
        }
        Job::NoShowPaused { pause_id } => crate::flows::no_shows::announce(state, pause_id).await,
        Job::Digest { channel, skill } => {
            digest::post(state, &ctx, &channel, skill.as_deref()).await
        }
        Job::AdminDigest => admin_digest::send(state, &ctx).await,
        Job::PersonLeft { user_id } => crate::flows::people::left(state, &ctx.team_id, &user_id)
            .await
            .map_err(Into::into),
        Job::EraseMyData { user_id } => {
            crate::flows::my_data::erase(state, &ctx.team_id, &user_id).await
        }
        Job::Housekeeping => housekeeping::run(state).await,
        Job::AnnounceOfficeHours { session_id } => {
            crate::flows::office_hours::announce(state, session_id).await
        }
        Job::SlotBooked { booking_id } => {
            crate::flows::office_hours::slot_booked(state, booking_id).await
        }
        Job::SlotReminder { booking_id } => office_hours::slot(state, booking_id).await,
        Job::OpenQaReminder { session_id } => office_hours::open_qa(state, session_id).await,
        Job::MeetingReminder {
            ask_id,
            mentor_id,
            at,
        } => crate::flows::meeting::remind(state, ask_id, &mentor_id, at).await,
        Job::FeedbackDeadline { ask_id, mentor_id } => {
            crate::flows::feedback::settle(state, ask_id, &mentor_id).await
        }
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
