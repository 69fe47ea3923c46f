//! Fixed user-facing sentences.

use crate::core::text::escape_mrkdwn;

pub const MODAL_FAILED: &str =
    "Sorry, Slack did not let me open the form just now. Please try the command again.";
pub const TRY_AGAIN: &str =
    "Sorry, something went wrong on my side and nothing was changed. Please try again in a minute.";

pub const MENTOR_HELP: &str = "*`/mentor`* — offer short, focused help to colleagues.\n\
• `/mentor` — open your settings: skills, asks per week, working hours, pauses\n\
• `/mentor on` / `/mentor off` — start or stop taking asks\n\
• `/mentor pause 2w` — pause for a while (`3d`, `1w`, or a date like `2026-12-01`)\n\
• `/mentor resume` — end a pause early\n\
• `/mentor status` — see your settings\n\
• `/mentor office-hours` (or `/mentor oh`) — announce office hours: slots people book, or an open Q&amp;A";

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

pub const ASK_HELP: &str = "*`/ask`* — get short, focused help from a colleague who offered it.\n\
• `/ask` — open the form: what you need, skills, time box, format\n\
• `/ask review my migration plan` — start the form with that topic (skills it names are pre-selected)\n\
• `/ask list` — your open asks, with Cancel buttons\n\
• `/ask history` — your sessions as mentee and as mentor, with a CSV to download\n\
• `/ask my-data` — everything stored about you: export it (JSON) or delete it";
pub const LATE_ACCEPT: &str =
    "Thanks for jumping in! This ask has already been taken care of — nothing to do.";
pub const NOT_YOURS: &str = "This wasn't offered to you, so I can't let you accept it.";
pub const ONLY_ASKER_CANCELS: &str = "Only the person who asked can cancel an ask.";
pub const AT_CAPACITY: &str =
    "You've already taken as many asks this week as you chose to — thank you! \
This one will go to someone else. (`/mentor` to raise your weekly number.)";
