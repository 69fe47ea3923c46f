//! Fixed user-facing sentences.

use crate::core::text::escape_mrkdwn;

pub const ASK_NOT_YET: &str =
    "Asking for help through micromentor is not open in this workspace yet.";
pub const MODAL_FAILED: &str =
    "Sorry, Slack did not let me open the form just now. Please try the command again.";
pub const TRY_AGAIN: &str =
    "Sorry, something went wrong on my side and nothing was changed. Please try again in a minute.";

pub const MENTOR_HELP: &str = "*`/mentor`* — offer short, focused help to colleagues.\n\
• `/mentor` — open your settings: skills, asks per week, working hours, pauses\n\
• `/mentor on` / `/mentor off` — start or stop taking asks\n\
• `/mentor pause 2w` — pause for a while (`3d`, `1w`, or a date like `2026-12-01`)\n\
• `/mentor resume` — end a pause early\n\
• `/mentor status` — see your settings";

pub const NOT_A_MENTOR: &str =
    "You haven't set up mentoring yet. Type `/mentor` to choose your skills.";
pub const NEEDS_SKILLS: &str = "Choose the skills you can help with first: type `/mentor`.";

pub fn unknown_command(command: &str) -> String {
    format!(
        "I don't know `{}`. Try `/ask` to ask for help or `/mentor` to offer it.",
        escape_mrkdwn(command)
    )
}

pub fn unknown_mentor_command(text: &str) -> String {
    format!(
        "I didn't understand `{}`.\n{MENTOR_HELP}",
        escape_mrkdwn(text)
    )
}
