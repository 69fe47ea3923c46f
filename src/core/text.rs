//! Making user text safe to echo into Slack.

/// Escapes user text for mrkdwn: `&`, `<`, `>` become entities, so `<!channel>`,
/// `<!here>`, `<!subteam^…>` and `<@U…>` typed by a user are shown, not executed.
pub fn escape_mrkdwn(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Cuts `text` to at most `max` characters, ending in `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A Slack user id as Slack writes them (`U0123ABCD`, `W…` on Enterprise Grid).
/// Anything else from a payload is refused before it is stored or shown.
pub fn is_user_id(s: &str) -> bool {
    is_id_with(s, &['U', 'W'])
}

/// A user group id (`S…`), as opposed to a handle.
pub fn is_usergroup_id(s: &str) -> bool {
    is_id_with(s, &['S'])
}

/// A conversation id: a channel (`C`), private channel or group DM (`G`), or DM (`D`).
pub fn is_conversation_id(s: &str) -> bool {
    is_id_with(s, &['C', 'G', 'D'])
}

fn is_id_with(s: &str, first: &[char]) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| first.contains(&c))
        && s.len() >= 2
        && s.len() <= 32
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_and_entities_are_neutralised() {
        assert_eq!(
            escape_mrkdwn("<!channel> & <@U123> <!subteam^S1>"),
            "&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;!subteam^S1&gt;"
        );
    }

    #[test]
    fn truncation_counts_characters_not_bytes() {
        assert_eq!(truncate("héllo", 5), "héllo");
        assert_eq!(truncate("héllo wörld", 6), "héllo…");
    }

    #[test]
    fn only_well_formed_slack_ids_pass() {
        assert!(is_user_id("U0123ABCD") && is_user_id("W0123") && is_user_id("UM1"));
        for bad in ["", "U", "u123", "C123", "U12<!channel>", "U12 3", "<@U123>"] {
            assert!(!is_user_id(bad), "{bad}");
        }
        assert!(is_conversation_id("C0123") && is_conversation_id("D0ABC"));
        assert!(!is_conversation_id("U0123") && !is_conversation_id("C1|x"));
    }
}
