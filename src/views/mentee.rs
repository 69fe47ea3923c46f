//! What the asker is told as their ask moves.

use super::blocks::when;
use serde_json::Value;

use crate::core::ask::Ask;
use crate::core::routing::Gap;
use crate::core::text::{escape_mrkdwn, truncate};

fn dm(asker: &str, text: String) -> Value {
    super::blocks::dm(asker, &text)
}

fn labels(gaps: &[(String, Gap)], want: impl Fn(&Gap) -> bool) -> Option<String> {
    let list: Vec<String> = gaps
        .iter()
        .filter(|(_, g)| want(g))
        .map(|(l, _)| format!("*{}*", escape_mrkdwn(l)))
        .collect();
    (!list.is_empty()).then(|| list.join(", "))
}

/// Confirmation right after the ask is stored and routed: how many mentors it
/// went to (never who: that would show who declined or ignored it), and for
/// skills nobody could take now, why.
/// "Widen now" found nobody else who can take the ask now.
pub const NOBODY_MORE: &str = "Nobody else with these skills can take it right now. I'll keep looking, and the channel digest keeps it visible.";

/// The net widened (at the reminder, or "Widen now"): how many more mentors, never who.
pub fn widened(ask: &Ask, more: usize) -> Value {
    let topic = escape_mrkdwn(&truncate(&ask.topic, 150));
    let text = match more {
        1 => format!("No answer yet on *{topic}*, so I offered it to 1 more mentor."),
        n => format!("No answer yet on *{topic}*, so I offered it to {n} more mentors."),
    };
    dm(&ask.asker_id, text)
}

/// `usual_wait`: how long asks like this usually wait, from the workspace's
/// history (`core::estimate`), said only when it was offered to someone.
pub fn routed(
    ask: &Ask,
    offered: usize,
    gaps: &[(String, Gap)],
    waiting: usize,
    usual_wait: Option<chrono::Duration>,
) -> Value {
    let topic = escape_mrkdwn(&truncate(&ask.topic, 150));
    let mut text = match offered {
        0 => format!("Your ask *{topic}* is saved, but no mentor can take it right now."),
        1 => format!("Your ask *{topic}* is out: I offered it to 1 mentor. I'll introduce you as soon as they accept."),
        n => format!("Your ask *{topic}* is out: I offered it to {n} mentors. I'll introduce you as soon as one accepts."),
    };
    if let Some(wait) = usual_wait.filter(|_| offered > 0) {
        text.push_str(&format!(
            " Asks like this are usually answered within {} of mentors' working time.",
            crate::core::estimate::about(wait)
        ));
    }
    if let Some(skills) = labels(gaps, |g| *g == Gap::NoMentor) {
        text.push_str(&format!(
            "
Nobody mentors {skills} yet — I've noted it so the organisation sees the gap."
        ));
    }
    if let Some(skills) = labels(gaps, |g| *g == Gap::AllBusy) {
        text.push_str(&format!(
            "
The mentors for {skills} are all paused or at their weekly limit right now — noted as a gap."
        ));
    }
    let back_at = gaps
        .iter()
        .filter_map(|(_, g)| match g {
            Gap::OffHours { back_at } => Some(*back_at),
            _ => None,
        })
        .min();
    if let (Some(skills), Some(at)) = (labels(gaps, |g| matches!(g, Gap::OffHours { .. })), back_at)
    {
        text.push_str(&format!(
            "
The mentors for {skills} are off work now; they'll see it when their day starts ({}).",
            when(at)
        ));
    } else if offered == 0 && waiting > 0 {
        text.push_str(
            "
Mentors with these skills are off work now; they'll see it when their day starts.",
        );
    }
    if offered == 0 {
        text.push_str(if ask.in_digest {
            "
Your ask stays open, and anyone can pick it up from a channel digest. `/ask list` to see or cancel it."
        } else {
            "
Your ask stays open. `/ask list` to see or cancel it."
        });
    }
    dm(&ask.asker_id, text)
}

/// `help_text`: the mentor's "how I can help" line, if they wrote one.
pub fn accepted(ask: &Ask, mentor_id: &str, help_text: &str, filled: bool) -> Value {
    let mut text = format!(
        ":tada: <@{mentor_id}> accepted your ask *{}* — I'm introducing you two in a group DM.",
        escape_mrkdwn(&truncate(&ask.topic, 150))
    );
    if !help_text.trim().is_empty() {
        text.push_str(&format!(
            "\nHow they help: _{}_",
            escape_mrkdwn(&truncate(help_text.trim(), 280))
        ));
    }
    if !filled {
        text.push_str(&format!(
            " ({} of {} perspectives so far; still looking.)",
            ask.matched_count, ask.mentors_wanted
        ));
    }
    dm(&ask.asker_id, text)
}

/// The second rung: nobody has accepted yet; what the mentee can do.
pub fn advice(ask: &Ask, expires: chrono::DateTime<chrono::Utc>) -> Value {
    let topic = escape_mrkdwn(&truncate(&ask.topic, 150));
    let mut text = format!("Nobody has picked up *{topic}* yet. Some things that help:\n");
    text.push_str(
        "• Broaden the skills: `/ask list` to cancel it, then ask again with related skills\n",
    );
    if !ask.in_digest {
        text.push_str("• Let it appear in channel digests, where anyone can pick it up (ask again with that box ticked)\n");
    }
    text.push_str(&format!(
        "• Or wait: I've asked more mentors, and it stays open until {}.",
        expires.format("%a %-d %b")
    ));
    dm(&ask.asker_id, text)
}

pub fn expired(ask: &Ask) -> Value {
    let text = format!(
        "Your ask *{}* expired without a match — sorry. If you still need help, `/ask` again with broader skills.",
        escape_mrkdwn(&truncate(&ask.topic, 150))
    );
    dm(&ask.asker_id, text)
}
