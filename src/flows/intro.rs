//! The intro: mentee and mentor in a group DM. A durable job scheduled in the
//! accept's transaction, run at once after the accept and by any worker after a
//! crash; the post is recorded as an effect first, so it is sent at most once,
//! and a failed send is retried with backoff.

use crate::queue::{self, send_once, Job, JobError};
use crate::state::AppState;
use crate::store::{asks, mentors, offers};
use crate::views::{ask_card, replies};

pub async fn introduce(state: &AppState, ask_id: i64, mentor_id: &str) -> Result<(), JobError> {
    let Some(ask) = asks::get(&state.db, ask_id).await? else {
        return Ok(());
    };
    // Released by a re-open before we got here: nobody to introduce.
    match offers::session(&state.db, ask_id, mentor_id).await? {
        Some(s) if !s.released => {}
        _ => return Ok(()),
    }
    if super::people::has_left(state, &ask.asker_id).await {
        // No intro to someone who left; the mentor hears the truth instead.
        let key = format!("intro-asker-left:{ask_id}:{mentor_id}");
        let message = replies::asker_left(mentor_id, &ask.topic);
        send_once(state, &ask.team_id, &key, &message).await?;
        return Ok(());
    }
    let channel = match state
        .slack
        .open_conversation(&[&ask.asker_id, mentor_id])
        .await
    {
        Ok(channel) => channel,
        // Slack refuses for a reason (not an outage): retrying will not help, so
        // the mentor is told to reach out directly instead of waiting in silence.
        Err(e) if !JobError::from(e.clone()).is_transient() => {
            let key = format!("intro-failed:{ask_id}:{mentor_id}");
            let message = replies::intro_failed(mentor_id, &ask.asker_id, &ask.topic);
            send_once(state, &ask.team_id, &key, &message).await?;
            return Err(e.into());
        }
        Err(e) => return Err(e.into()),
    };
    let help = mentors::get(&state.db, &ask.team_id, mentor_id)
        .await?
        .map(|p| p.help_text)
        .unwrap_or_default();
    let proposal = super::meeting::proposal(state, &ask, mentor_id).await?;
    let key = format!("intro:{ask_id}:{mentor_id}");
    let message = ask_card::intro(&ask, mentor_id, &help, &channel, &proposal);
    if let Some(posted) = send_once(state, &ask.team_id, &key, &message).await? {
        offers::set_intro(&state.db, ask_id, mentor_id, &posted.channel, &posted.ts).await?;
    }
    Ok(())
}

/// Runs a just-scheduled intro job now if no worker has taken it.
pub async fn introduce_now(state: &AppState, job_id: i64) -> Result<(), sqlx::Error> {
    queue::run_now(state, job_id, "accept", |job| async move {
        match job {
            Job::Intro { ask_id, mentor_id } => introduce(state, ask_id, &mentor_id).await,
            _ => Err(JobError::Permanent(format!("job {job_id} is not an intro"))),
        }
    })
    .await
    .map(drop)
}
