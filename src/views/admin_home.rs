//! The organisation's figures for programme owners: the admin section of App
//! Home (with its window and weekly-digest buttons) and the weekly admin digest
//! DM. Every figure comes from `core::insights`, whose doc says what each means.
//!
//! The section holds one divider (its first block), so other Home sections
//! inserted "before the last divider" land above it, and at most
//! [`MAX_BLOCKS`] blocks.

use chrono::Duration;
use serde_json::{json, Value};

use super::blocks::{context, person, plain, section};
use super::ids::home as id;
use crate::core::insights::{Insights, SkillGap, Window};
use crate::core::text::{escape_mrkdwn, truncate};

/// Skill gaps listed on Home (one section each) and in the digest.
pub const MAX_GAPS_ON_HOME: usize = 8;
pub const MAX_GAPS_IN_DIGEST: usize = 3;
/// The admin section's largest size in blocks.
pub const MAX_BLOCKS: usize = 9 + MAX_GAPS_ON_HOME;

/// "2 h 5 min", "3 d 4 h", "45 min", "under a minute".
pub fn span(d: Duration) -> String {
    let mins = d.num_minutes().max(0);
    match mins {
        0 => "under a minute".to_owned(),
        m if m < 60 => format!("{m} min"),
        m if m < 24 * 60 => match m % 60 {
            0 => format!("{} h", m / 60),
            r => format!("{} h {r} min", m / 60),
        },
        m => match (m / 60) % 24 {
            0 => format!("{} d", m / (24 * 60)),
            h => format!("{} d {h} h", m / (24 * 60)),
        },
    }
}

fn pct(p: Option<u32>) -> String {
    p.map(|p| format!("{p}%")).unwrap_or_else(|| "–".to_owned())
}

fn one_decimal(x: f64) -> String {
    format!("{x:.1}")
}

fn spread(median: Option<Duration>, p90: Option<Duration>) -> String {
    match (median, p90) {
        (Some(m), Some(p)) => format!("median {}, p90 {}", span(m), span(p)),
        _ => "–".to_owned(),
    }
}

fn skill(label: &str) -> String {
    escape_mrkdwn(&truncate(label, 60))
}

fn people(ids: &[String]) -> String {
    ids.iter().map(|u| person(u)).collect::<Vec<_>>().join(", ")
}

/// The headline: asks, matches, expiries, sessions, time to match.
pub fn headline(i: &Insights) -> String {
    format!(
        "*Last {} days:* {} asks, {} matched ({}), {} expired unmatched, {} sessions done · {} still open · {} mentors taking asks\n\
         *Time to match:* wall clock {} · in working hours {}",
        i.window.days(),
        i.asks,
        i.matched,
        pct(i.match_rate()),
        i.expired_unmatched,
        i.sessions_done,
        i.open_now,
        i.load.mentors,
        spread(i.time_to_match.median, i.time_to_match.p90),
        spread(
            i.time_to_match_working.median,
            i.time_to_match_working.p90
        ),
    )
}

fn quality(i: &Insights) -> String {
    let r = &i.ratings;
    let ratings = match r.mean() {
        Some(mean) => format!(
            "{} average of {} — {}",
            one_decimal(mean),
            r.total(),
            (1..=5)
                .rev()
                .map(|n| format!("{n}★ {}", r.counts[n - 1]))
                .collect::<Vec<_>>()
                .join(" · ")
        ),
        None => "none yet".to_owned(),
    };
    let mut text = format!(
        "*Ratings:* {ratings}\n*Follow-ups answered:* {} of {} ({}) · *Offers per ask:* {}",
        i.followups_answered,
        i.followups_asked,
        pct(i.followup_rate()),
        i.offers_per_ask()
            .map(one_decimal)
            .unwrap_or_else(|| "–".into()),
    );
    if !i.top_skills.is_empty() {
        let top: Vec<String> = i
            .top_skills
            .iter()
            .map(|(label, n)| format!("{} ({n})", skill(label)))
            .collect();
        text.push_str(&format!("\n*Most asked:* {}", top.join(", ")));
    }
    text
}

fn load_and_declines(i: &Insights) -> String {
    let l = &i.load;
    let share = match l.capacity > 0.0 {
        true => format!(" ({:.0}%)", 100.0 * f64::from(l.accepted) / l.capacity),
        false => String::new(),
    };
    let mut text = format!(
        "*Mentor load:* {} accepted of {} capacity{share} · *load Gini* {}",
        l.accepted,
        one_decimal(l.capacity),
        l.gini
            .map(|g| format!("{g:.2}"))
            .unwrap_or_else(|| "–".into())
    );
    if !l.top.is_empty() {
        let top: Vec<String> = l
            .top
            .iter()
            .map(|m| {
                format!(
                    "{} {:.0}% ({} of {})",
                    person(&m.user_id),
                    100.0 * m.share(),
                    m.accepted,
                    one_decimal(m.capacity)
                )
            })
            .collect();
        text.push_str(&format!("\n*Most loaded:* {}", top.join(", ")));
    }
    let declines = match i.declines.is_empty() {
        true => "none".to_owned(),
        false => i
            .declines
            .iter()
            .map(|(kind, n)| format!("{} {n}", kind.label()))
            .collect::<Vec<_>>()
            .join(" · "),
    };
    text.push_str(&format!("\n*Declines:* {declines}"));
    text
}

/// One skill gap in a line or two.
pub fn gap_line(g: &SkillGap) -> String {
    let mut text = format!(
        "*{}*: {} waiting, {} expired unmatched, nobody free {}× · mentors: {} available, {} paused, {} at capacity",
        skill(&g.label),
        g.waiting,
        g.expired,
        g.unmet,
        g.available,
        g.paused,
        g.at_capacity
    );
    if !g.recruit.is_empty() {
        text.push_str(&format!(
            "\n    _Recruit:_ {} (got well-rated help on it twice or more)",
            people(&g.recruit)
        ));
    }
    if !g.related_mentors.is_empty() {
        text.push_str(&format!(
            "\n    _Mentors of related skills:_ {}",
            people(&g.related_mentors)
        ));
    }
    text
}

fn window_button(w: Window, chosen: Window) -> Value {
    let action = match w {
        Window::Week => id::INSIGHTS_WEEK,
        Window::Month => id::INSIGHTS_MONTH,
        Window::Quarter => id::INSIGHTS_QUARTER,
    };
    let mut b = json!({
        "type": "button",
        "action_id": action,
        "text": plain(&format!("{} days", w.days())),
        "value": w.days().to_string(),
    });
    if w == chosen {
        b["style"] = json!("primary");
    }
    b
}

/// The admin section of Home, appended to `blocks`.
pub fn add_to_home(blocks: &mut Vec<Value>, i: &Insights, weekly_digest: bool) {
    blocks.push(json!({ "type": "divider" }));
    blocks.push(section(&headline(i)));
    let mut buttons: Vec<Value> = Window::ALL
        .into_iter()
        .map(|w| window_button(w, i.window))
        .collect();
    buttons.push(match weekly_digest {
        true => json!({ "type": "button", "action_id": id::ADMIN_DIGEST, "value": "off",
                        "text": plain("Stop the weekly summary DM") }),
        false => json!({ "type": "button", "action_id": id::ADMIN_DIGEST, "value": "on",
                         "text": plain("DM me the weekly summary") }),
    });
    blocks.push(json!({ "type": "actions", "block_id": "home_insights", "elements": buttons }));
    blocks.push(context(
        "Asks created in the window; *matched* = a mentor accepted and the session was not released. \
         *Time to match* runs from the ask to that accept (median and 90th percentile); *in working hours* \
         counts only the matched mentor's working hours, in their zone.",
    ));
    blocks.push(section(&quality(i)));
    blocks.push(section(&load_and_declines(i)));
    blocks.push(context(
        "*Load*: sessions accepted in the window by mentors taking asks, against asks per week × weeks. \
         *Gini*: 0 = evenly shared, 1 = one person takes them all. Declines are totals only: never who, never their words.",
    ));
    if i.gaps.is_empty() {
        blocks.push(section(
            "*Skill gaps:* none — every skill asked for found someone.",
        ));
    } else {
        blocks.push(section(
            "*Skill gaps* (waiting now; expired and nobody free in the window; mentors now)",
        ));
        for g in i.gaps.iter().take(MAX_GAPS_ON_HOME) {
            blocks.push(section(&gap_line(g)));
        }
    }
    blocks.push(context(
        "Numbers for this workspace, shown to programme owners only. Asks and their details stay between the people involved.",
    ));
}

/// The weekly admin digest: last week's headline figures and top gaps, by DM.
pub fn digest(user: &str, i: &Insights) -> Value {
    let mut blocks = vec![
        section("*Your weekly mentoring summary*"),
        section(&headline(i)),
        section(&quality(i)),
        section(&load_and_declines(i)),
    ];
    if i.gaps.is_empty() {
        blocks.push(section("*Skill gaps:* none."));
    } else {
        let lines: Vec<String> = i
            .gaps
            .iter()
            .take(MAX_GAPS_IN_DIGEST)
            .map(gap_line)
            .collect();
        blocks.push(section(&format!("*Top skill gaps*\n{}", lines.join("\n"))));
    }
    blocks.push(context(
        "You asked for this on the micromentor Home tab; the same button there stops it.",
    ));
    let fallback = format!(
        "Weekly mentoring summary: {} asks, {} matched ({}).",
        i.asks,
        i.matched,
        pct(i.match_rate())
    );
    json!({ "channel": user, "text": fallback, "blocks": blocks })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_naturally() {
        assert_eq!(span(Duration::seconds(30)), "under a minute");
        assert_eq!(span(Duration::minutes(45)), "45 min");
        assert_eq!(span(Duration::minutes(60)), "1 h");
        assert_eq!(span(Duration::minutes(125)), "2 h 5 min");
        assert_eq!(span(Duration::hours(24)), "1 d");
        assert_eq!(span(Duration::hours(65)), "2 d 17 h");
    }
}
