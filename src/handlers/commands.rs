//! Slash commands: dispatch by name.

use super::{ask_command, mentor_command, Ack};
use crate::slack::payloads::SlashCommand;
use crate::state::AppState;
use crate::views;

/// The slash commands this bot answers; `manifest.yml` must declare exactly these.
pub const COMMANDS: &[&str] = &["/ask", "/mentor"];

pub async fn handle(state: &AppState, command: SlashCommand) -> Ack {
    // Ids from the payload are shown and stored: only well-formed ones.
    if !crate::core::text::is_user_id(&command.user_id) {
        tracing::warn!("slash command with a malformed user id ignored");
        return Ack::ephemeral(views::text::TRY_AGAIN);
    }
    let ours = super::from_installed_team(state, &command.team_id).await;
    if ours != Some(true) {
        return super::foreign_team_ack(ours);
    }
    match command.command.as_str() {
        "/mentor" => mentor_command::handle(state, command).await,
        "/ask" => ask_command::handle(state, command).await,
        other => Ack::ephemeral(views::text::unknown_command(other)),
    }
}

/// Opens a modal with the command's trigger_id once `view` is ready (after the
/// ack), and tells the user through `response_url` if Slack refuses.
pub(crate) async fn open_modal(state: &AppState, command: &SlashCommand, view: serde_json::Value) {
    if let Err(e) = state.slack.open_view(&command.trigger_id, view).await {
        tracing::warn!(error = %e, command = %command.command, "could not open modal");
        tell(state, command, views::text::MODAL_FAILED).await;
    }
}

/// An ephemeral follow-up through the command's `response_url`.
pub(crate) async fn tell(state: &AppState, command: &SlashCommand, text: &str) {
    let message = views::replies::ephemeral(text);
    if let Err(e) = state.slack.respond(&command.response_url, &message).await {
        tracing::warn!(error = %e, "could not answer through response_url");
    }
}
