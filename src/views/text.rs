//! Fixed user-facing sentences.

pub const ASK_NOT_YET: &str =
    "Asking for help through micromentor is not open in this workspace yet.";
pub const MODAL_FAILED: &str =
    "Sorry, Slack did not let me open the form just now. Please try the command again.";

pub fn unknown_command(command: &str) -> String {
    format!(
        "I don't know `{}`. Try `/ask` to ask for help or `/mentor` to offer it.",
        crate::core::text::escape_mrkdwn(command)
    )
}
