//! Slash commands: `/mentor` and `/ask`.

use super::Ack;
use crate::app::AppState;
use crate::slack::payloads::SlashCommand;
use crate::views;

/// The slash commands this bot answers; `manifest.yml` must declare exactly these.
pub const COMMANDS: &[&str] = &["/ask", "/mentor"];

pub async fn handle(state: &AppState, command: SlashCommand) -> Ack {
    match command.command.as_str() {
        "/mentor" => mentor(state, command),
        "/ask" => Ack::ephemeral(views::text::ASK_NOT_YET),
        other => Ack::ephemeral(views::text::unknown_command(other)),
    }
}

fn mentor(state: &AppState, command: SlashCommand) -> Ack {
    open_modal(state, command, views::mentor_modal::build())
}

/// Opens a modal with the command's trigger_id right after the ack, and tells
/// the user through `response_url` if Slack refuses.
fn open_modal(state: &AppState, command: SlashCommand, view: serde_json::Value) -> Ack {
    let st = state.clone();
    state.spawn(async move {
        if let Err(e) = st.slack.open_view(&command.trigger_id, view).await {
            tracing::warn!(error = %e, command = %command.command, "could not open modal");
            let sorry = serde_json::json!({
                "response_type": "ephemeral",
                "text": views::text::MODAL_FAILED,
            });
            if let Err(e) = st.slack.respond(&command.response_url, &sorry).await {
                tracing::warn!(error = %e, "could not tell the user either");
            }
        }
    });
    Ack::Empty
}
