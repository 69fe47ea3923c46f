//! One entry per Slack surface. Each parses what it needs, asks `core` what to do,
//! stores, answers Slack within 3 s, and does slow Web API work after the answer.
//! HTTP and Socket Mode both call these.

mod ask_command;
mod ask_submitted;
mod buttons;
pub mod commands;
pub mod events;
mod home_actions;
pub mod interactions;
mod mentor_command;
mod mentor_settings;
mod modal_answers;
mod office_hours;
mod skill_curation;
mod skill_options;

use serde_json::Value;

use crate::state::AppState;
use std::future::Future;
use std::time::Duration;

/// What we answer Slack with, inside the 3-second window.
#[derive(Debug, Clone, PartialEq)]
pub enum Ack {
    /// An empty 200: received, nothing to show (closes a modal on submit).
    Empty,
    /// A JSON body: a message for a command, `response_action` for a modal,
    /// `options` for a suggestion, `challenge` for URL verification.
    Json(Value),
    /// We could not take the request safely (database down): a 503, so Slack retries
    /// events and the user sees an error instead of silent loss.
    Unavailable,
}

impl Ack {
    /// A message only the user sees.
    pub fn ephemeral(text: impl Into<String>) -> Self {
        Ack::Json(crate::views::replies::ephemeral(&text.into()))
    }
}

/// Whether a request comes from the workspace this app is installed in. Until
/// multi-workspace installs exist, anything else is refused politely. `None`
/// when the installed workspace is not known (Slack unreachable since start-up).
pub(crate) async fn from_installed_team(state: &AppState, team_id: &str) -> Option<bool> {
    let installed = state.known_team()?;
    let ours = installed == team_id;
    if !ours {
        tracing::warn!(team_id, "refused a request from another workspace");
        metrics::counter!("slack_requests_refused_total", "reason" => "team").increment(1);
    }
    Some(ours)
}

/// The answer to a request from a workspace we do not serve (or cannot check).
pub(crate) fn foreign_team_ack(known: Option<bool>) -> Ack {
    match known {
        Some(_) => Ack::ephemeral(crate::views::replies::FOREIGN_TEAM),
        None => Ack::ephemeral(crate::views::text::TRY_AGAIN),
    }
}

/// Why work on the answer path did not finish.
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("took longer than the ack budget")]
    Late,
}

/// Work that the answer depends on gets 2 s, so Slack hears from us within 3 s
/// even when the database is slow or gone.
pub(crate) async fn in_time<T>(
    work: impl Future<Output = Result<T, sqlx::Error>>,
) -> Result<T, PathError> {
    match tokio::time::timeout(Duration::from_secs(2), work).await {
        Ok(result) => Ok(result?),
        Err(_) => Err(PathError::Late),
    }
}
