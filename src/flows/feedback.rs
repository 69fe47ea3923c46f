//! Feedback both ways, revealed together (`core::feedback`): the mentor's
//! answer, and releasing both answers — or the thank-you note alone after a
//! week — exactly once.

use crate::core::feedback::{release, tidy, Release, THANKS_ALONE_AFTER_DAYS};
use crate::queue::{self, send_once, Job, JobError};
use crate::state::AppState;
use crate::store::feedback as store;
use crate::views::feedback as view;
use crate::views::followup::RatingMetadata;

/// Releases what the rules allow now: both answers, or the thanks alone.
pub async fn settle(state: &AppState, ask_id: i64, mentor: &str) -> Result<(), JobError> {
    let now = state.clock.now();
    let Some(s) = store::load(&state.db, ask_id, mentor).await? else {
        return Ok(());
    };
    let f = &s.feedback;
    match release(f, now) {
        Release::Nothing => {}
        Release::Both => {
            let (Some(mentee), Some(mentor_side)) = (&f.mentee, &f.mentor) else {
                return Ok(());
            };
            let to_mentee = view::to_mentee(
                &s.asker_id,
                mentor,
                &s.topic,
                mentor_side.clarity,
                mentor_side.note.as_deref(),
            );
            let to_mentor = view::to_mentor(
                mentor,
                &s.asker_id,
                &s.topic,
                mentee.helpful,
                mentee.thanks.as_deref(),
            );
            send_once(
                state,
                &s.team_id,
                &format!("feedback:{ask_id}:{mentor}:mentee"),
                &to_mentee,
            )
            .await?;
            send_once(
                state,
                &s.team_id,
                &format!("feedback:{ask_id}:{mentor}:mentor"),
                &to_mentor,
            )
            .await?;
            store::mark_revealed(&state.db, ask_id, mentor, now).await?;
        }
        Release::ThanksAlone => {
            let Some(thanks) = f.mentee.as_ref().and_then(|m| m.thanks.as_deref()) else {
                return Ok(());
            };
            let message = view::thanks_alone(mentor, &s.asker_id, &s.topic, thanks);
            send_once(
                state,
                &s.team_id,
                &format!("thanks:{ask_id}:{mentor}"),
                &message,
            )
            .await?;
            store::mark_thanks_delivered(&state.db, ask_id, mentor, now).await?;
        }
    }
    Ok(())
}

/// The mentee answered: release what can be, and come back in a week for the
/// thank-you note if the mentor is still silent.
pub async fn mentee_answered(
    state: &AppState,
    team: &str,
    ask_id: i64,
    mentor: &str,
) -> Result<(), JobError> {
    let at = state.clock.now() + chrono::Duration::days(THANKS_ALONE_AFTER_DAYS);
    let job = Job::FeedbackDeadline {
        ask_id,
        mentor_id: mentor.to_owned(),
    };
    queue::schedule(state, &job.at(team, at)).await?;
    settle(state, ask_id, mentor).await
}

/// The mentor's modal was submitted: only that mentor, only their session.
pub async fn mentor_answered(
    state: &AppState,
    user: &str,
    metadata: &str,
    clarity: Option<u8>,
    note: &str,
) -> Result<(), JobError> {
    let Some(meta) = RatingMetadata::parse(metadata) else {
        tracing::warn!("mentor feedback with unreadable metadata ignored");
        return Ok(());
    };
    if meta.mentor != user {
        return Ok(());
    }
    let now = state.clock.now();
    let note = tidy(note);
    if store::record_mentor(&state.db, meta.ask_id, user, clarity, note.as_deref(), now).await? {
        settle(state, meta.ask_id, user).await?;
    }
    Ok(())
}
