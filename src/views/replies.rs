//! What the bot says back to a click, a command or a form: every sentence that
//! answers a person, and the two JSON shapes those answers take (an ephemeral
//! message, and errors shown under a modal's fields).

use serde_json::{json, Map, Value};

use crate::core::ask::AskStatus;
use crate::core::lifecycle::{AcceptRefusal, CloseRefusal, DeclineRefusal, DoneRefusal};
use crate::core::text::escape_mrkdwn;

use super::text;

/// A message only the person who acted sees; it never replaces the message
/// they clicked in.
pub fn ephemeral(text: &str) -> Value {
    json!({ "response_type": "ephemeral", "replace_original": false, "text": text })
}

/// `response_action: errors`: each message shown under its block.
pub fn modal_errors<'a>(errors: impl IntoIterator<Item = (&'a str, &'a str)>) -> Value {
    let map: Map<String, Value> = errors
        .into_iter()
        .map(|(block, message)| (block.to_owned(), Value::from(message)))
        .collect();
    json!({ "response_action": "errors", "errors": map })
}

pub const BUSY: &str =
    "I'm very busy right now and couldn't open that — please try again in a minute.";
pub const FOREIGN_TEAM: &str =
    "Sorry — micromentor is installed in another workspace and can only help people there.";
pub const ALREADY_ON_IT: &str = "You're already on this one — see the group DM.";
pub const NOT_IN_DIGEST: &str =
    "This ask isn't open to everyone — it goes only to the mentors it was offered to.";
pub const ALREADY_DONE: &str = "Already marked done — thank you!";
pub const ONLY_SESSION_PEOPLE_MARK_DONE: &str =
    "Only the asker or the mentor can mark this session done.";
pub const ONLY_ASKER_ANSWERS: &str = "Only the person who asked can answer this.";
pub const NO_SUCH_SESSION: &str = "I can't find that session any more.";
pub const ASK_NOT_FOUND: &str = "I can't find that ask.";
pub const FOLLOWUP_AGAIN_LATER: &str = "No problem — I'll check in once more later.";
pub const FOLLOWUP_NO_MORE: &str =
    "No problem — I won't ask again. Mark it done from the intro when it happens.";
pub const DIDNT_HAPPEN: &str =
    "Sorry it didn't work out. Want me to offer your ask to other mentors?";
pub const CANNOT_REOPEN: &str = "This ask can't be re-opened any more.";
pub const REOPENED: &str = "Re-opened — I'm offering your ask to other mentors.";
pub const SKILL_GONE: &str = "One of these skills is no longer in the list; choose again.";
pub const OPTED_OUT: &str =
    "You're off the mentor list — thank you for helping. `/mentor on` brings you back.";
pub const RESUMED: &str = "Welcome back — you're taking asks again.";

pub fn accept_refused(refusal: AcceptRefusal) -> &'static str {
    match refusal {
        AcceptRefusal::AlreadyAccepted => ALREADY_ON_IT,
        AcceptRefusal::Late(_) => text::LATE_ACCEPT,
        AcceptRefusal::AtCapacity => text::AT_CAPACITY,
        AcceptRefusal::NotOffered => text::NOT_YOURS,
        AcceptRefusal::NotInDigest => NOT_IN_DIGEST,
        AcceptRefusal::Excluded => NOT_THIS_ONE,
    }
}

/// Over `ASK_LIMIT`: when the next ask becomes possible, in the reader's zone.
pub fn ask_limit_reached(next_at: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "You've used the asks this workspace allows for now. Your next ask is possible <!date^{}^{{date_long_pretty}} at {{time}}|{} UTC>. Asks you cancel before anyone accepts don't count.",
        next_at.timestamp(),
        next_at.format("%a %-d %b %H:%M")
    )
}

/// The same, under a form's field (plain text: no `<!date>` there).
pub fn ask_limit_reached_form(next_at: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "You've used the asks this workspace allows for now; the next is possible {} UTC.",
        next_at.format("%a %-d %b %H:%M")
    )
}

/// An edit of an ask that is no longer open (or not the editor's).
pub const CANNOT_EDIT: &str =
    "This ask can't be edited any more: it was taken, cancelled or expired.";

/// An edit asking for no more perspectives than mentors already on the ask.
pub fn more_perspectives_than(matched: u8) -> String {
    format!(
        "{matched} mentor{} already on it: choose more perspectives than that, or keep them.",
        if matched == 1 { " is" } else { "s are" }
    )
}

/// A pair kept apart by someone's private list: said without saying whose.
pub const NOT_THIS_ONE: &str = "This ask will go to someone else — thank you for offering.";

pub fn decline_refused(refusal: DeclineRefusal) -> String {
    match refusal {
        DeclineRefusal::AlreadyAnswered(status) => {
            format!("You already answered this one ({status}).")
        }
        DeclineRefusal::NotOffered => text::NOT_YOURS.to_owned(),
    }
}

pub fn cancel_refused(refusal: CloseRefusal) -> String {
    match refusal {
        CloseRefusal::NotAsker => text::ONLY_ASKER_CANCELS.to_owned(),
        CloseRefusal::Illegal(status) => already(status),
    }
}

fn already(status: AskStatus) -> String {
    format!("This ask is already {status}, so it can't be cancelled.")
}

pub fn done_refused(refusal: DoneRefusal) -> &'static str {
    match refusal {
        DoneRefusal::AlreadyDone => ALREADY_DONE,
        DoneRefusal::NotAllowed => ONLY_SESSION_PEOPLE_MARK_DONE,
    }
}

/// To a mentor who accepted an ask whose asker has since left the workspace.
pub fn asker_left(mentor: &str, topic: &str) -> Value {
    super::blocks::dm(mentor, &format!(
        "Thank you for taking “{}” — the person who asked has left the workspace, so there is no one to introduce you to. Nothing else to do.",
        escape_mrkdwn(topic)
    ))
}

/// To a mentor when Slack would not open the group DM. `asker` must be a
/// checked user id (it becomes a mention).
pub fn intro_failed(mentor: &str, asker: &str, topic: &str) -> Value {
    super::blocks::dm(mentor, &format!(
        "Thank you for taking “{}” — Slack would not let me open a group DM for you two, so please message <@{asker}> directly.",
        escape_mrkdwn(topic)
    ))
}

/// To a mentor after saving their settings.
pub fn settings_saved(mentor: &str, summary: &str) -> Value {
    let mut message = super::blocks::dm(mentor, &format!("Saved. {summary}"));
    message["text"] = summary.into();
    message
}

pub fn cancelled(topic: &str) -> String {
    format!(
        "Cancelled “{}”. Mentors who were offered it have been told.",
        escape_mrkdwn(topic)
    )
}

/// `mentor` must be a checked Slack user id (it becomes a mention).
pub fn glad_it_happened(mentor: &str) -> String {
    format!("Great — glad the session with <@{mentor}> happened.")
}

/// `mentor` must be a checked Slack user id (it becomes a mention).
pub fn thanks_for_feedback(mentor: &str) -> String {
    format!("Thanks for the feedback on your session with <@{mentor}>!")
}

/// After "Decline and pause me for a week"; the date in the reader's own zone.
pub fn paused_for_a_week(until: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "Passed on, and paused until <!date^{}^{{date_long_pretty}} at {{time}}|{} UTC> — no offers until then. `/mentor resume` brings you back sooner.",
        until.timestamp(),
        until.format("%a %-d %b %H:%M")
    )
}

pub fn paused_until(when: &str, zone: &str) -> String {
    format!(
        "Paused until {when} ({zone}). No offers until then; `/mentor resume` to come back sooner."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ephemeral_answers_never_replace_the_clicked_message() {
        let v = ephemeral("hi");
        assert_eq!(v["response_type"], "ephemeral");
        assert_eq!(v["replace_original"], false);
    }

    #[test]
    fn modal_errors_name_their_blocks() {
        let v = modal_errors([("topic", "Say more.")]);
        assert_eq!(v["response_action"], "errors");
        assert_eq!(v["errors"]["topic"], "Say more.");
    }

    #[test]
    fn a_cancelled_topic_is_escaped() {
        assert_eq!(
            cancelled("<!channel> help"),
            "Cancelled “&lt;!channel&gt; help”. Mentors who were offered it have been told."
        );
    }
}
