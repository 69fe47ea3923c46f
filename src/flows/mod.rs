//! Multi-step work shared by handlers and jobs: each loads from the store (whose
//! transactions ask `core`), stores the decision, then talks to Slack.

pub mod accept;
pub mod admins;
pub mod ask_again;
pub mod ask_limit;
pub mod charts;
pub mod digest;
pub mod edit;
pub mod feedback;
pub mod followup;
pub mod history;
pub mod home;
pub mod insights;
pub mod intro;
pub mod meeting;
pub mod my_data;
pub mod no_shows;
pub mod office_hours;
pub mod people;
pub mod ranked;
pub mod route;

use serde_json::Value;

use crate::state::AppState;

/// Rewrites a message we posted earlier; a failure is logged, not fatal.
pub(crate) async fn update(state: &AppState, message: Option<Value>) {
    if let Some(message) = message {
        if let Err(e) = state.slack.update_message(&message).await {
            tracing::warn!(error = %e, "could not update a message");
        }
    }
}

/// Posts a DM or channel message; a failure is logged, not fatal.
pub(crate) async fn post(
    state: &AppState,
    message: Value,
) -> Option<crate::slack::client::PostedMessage> {
    match state.slack.post_message(&message).await {
        Ok(posted) => Some(posted),
        Err(e) => {
            tracing::warn!(error = %e, "could not post a message");
            None
        }
    }
}

/// An ephemeral answer to a button click through its `response_url`.
pub(crate) async fn reply(state: &AppState, response_url: Option<&str>, text: &str) {
    let Some(url) = response_url else { return };
    let message = crate::views::replies::ephemeral(text);
    if let Err(e) = state.slack.respond(url, &message).await {
        tracing::warn!(error = %e, "could not reply to a click");
    }
}

/// A file for someone's DM with the bot: their own record, their data, an
/// admin's export.
pub(crate) struct DmFile<'a> {
    pub filename: &'a str,
    pub content_type: &'a str,
    pub title: &'a str,
    pub comment: &'a str,
    pub bytes: &'a [u8],
    /// Said by DM when Slack refuses the file.
    pub failed: &'a str,
}

/// Shares a file into someone's DM with the bot. If Slack refuses, they are
/// told by DM to try again.
pub(crate) async fn send_file_by_dm(state: &AppState, user: &str, file: DmFile<'_>) {
    let sent = match state.slack.open_conversation(&[user]).await {
        Ok(channel) => {
            let upload = crate::slack::FileUpload {
                filename: file.filename,
                content_type: file.content_type,
                bytes: file.bytes,
                title: file.title,
                alt_text: None,
                channel_id: Some(&channel),
                initial_comment: Some(file.comment),
            };
            state.slack.upload_file(&upload).await.map(drop)
        }
        Err(e) => Err(e),
    };
    if let Err(e) = sent {
        tracing::warn!(error = %e, file = file.filename, "could not send a file by DM");
        post(state, crate::views::blocks::dm(user, file.failed)).await;
    }
}
