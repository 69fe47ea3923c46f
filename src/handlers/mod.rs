//! One entry per Slack surface. Each parses what it needs, asks `core` what to do,
//! stores, answers Slack within 3 s, and does slow Web API work after the answer.
//! HTTP and Socket Mode both call these.

pub mod commands;
pub mod events;
pub mod interactions;

use serde_json::Value;

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
        Ack::Json(serde_json::json!({ "response_type": "ephemeral", "text": text.into() }))
    }
}
