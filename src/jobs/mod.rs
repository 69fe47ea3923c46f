//! Everything that happens later, as durable jobs in Postgres: routing right
//! after an ask, the reminder ladder, held offers and nudges, follow-ups and
//! channel digests. [`engine`] claims and runs them; the other modules are the
//! jobs themselves.

pub mod digest;
pub mod engine;
pub mod followup;
pub mod housekeeping;
pub mod ladder;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::core::ladder::Rung;
use crate::slack::SlackError;
use crate::store::jobs::NewJob;

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
    /// A gentle reminder to a mentor who has not answered an offer.
    Nudge {
        ask_id: i64,
        mentor_id: String,
    },
    FollowUp {
        ask_id: i64,
        mentor_id: String,
        round: u8,
    },
    Digest {
        channel: String,
        skill: Option<String>,
    },
    /// Daily clean-up of records nobody needs any more.
    Housekeeping,
}

impl Job {
    pub fn kind(&self) -> &'static str {
        match self {
            Job::RouteAsk { .. } => "route_ask",
            Job::Ladder { .. } => "ladder",
            Job::DeliverOffer { .. } => "deliver_offer",
            Job::Nudge { .. } => "nudge",
            Job::FollowUp { .. } => "follow_up",
            Job::Digest { .. } => "digest",
            Job::Housekeeping => "housekeeping",
        }
    }

    /// The key that makes scheduling this job twice a no-op.
    fn dedupe_key(&self, run_at: DateTime<Utc>) -> String {
        match self {
            Job::RouteAsk { ask_id } => format!("route:{ask_id}"),
            Job::Ladder { ask_id, rung } => format!("ladder:{ask_id}:{}", rung.as_str()),
            Job::DeliverOffer { ask_id, mentor_id } => format!("deliver:{ask_id}:{mentor_id}"),
            Job::Nudge { ask_id, mentor_id } => format!("nudge:{ask_id}:{mentor_id}"),
            Job::FollowUp {
                ask_id,
                mentor_id,
                round,
            } => format!("followup:{ask_id}:{mentor_id}:{round}"),
            Job::Digest { channel, skill } => {
                format!(
                    "digest:{channel}:{}:{}",
                    skill.as_deref().unwrap_or("*"),
                    run_at.timestamp()
                )
            }
            Job::Housekeeping => format!("housekeeping:{}", run_at.date_naive()),
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
    state: &crate::app::AppState,
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
