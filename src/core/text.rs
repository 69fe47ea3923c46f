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
}
