//! The admin charts on Home — each a line of figures, then the picture (an
//! image of a file uploaded to Slack, with its figures in words for screen
//! readers) — and the "Download CSV" button, with the sentences that go with them.

use serde_json::{json, Value};

use super::blocks::{context, plain, section};
use super::ids::home as id;
use crate::core::charts::{trend_is_empty, GapBar, WeekPoint, TREND_WEEKS};
use crate::core::text::{escape_mrkdwn, truncate};

/// A skill's name in the text line is cut here (it may be escaped to five times
/// as long), so eight of them stay within a section's 3 000 characters.
const MAX_SKILL_IN_TEXT: usize = 40;
/// Slack's limit on an image's `alt_text`.
const MAX_ALT: usize = 2000;

/// What the admin part of Home shows of the charts.
pub struct HomeCharts<'a> {
    /// Every week of the trend, oldest first (`core::charts::fill_weeks`).
    pub weeks: &'a [WeekPoint],
    /// The skills shown (`core::charts::top_gaps`) and how many more there were.
    pub gaps: &'a [GapBar],
    pub more_gaps: usize,
    /// Days the gaps and the CSV cover.
    pub window_days: u32,
    /// Uploaded pictures, when Slack has them (no picture: the figures alone).
    pub trend_file: Option<&'a str>,
    pub gaps_file: Option<&'a str>,
}

pub const NOT_ADMIN: &str = "Only programme owners can download the organisation's figures. If you need them, ask one of the people who run mentoring here.";
pub const CSV_FAILED: &str =
    "Sorry, I couldn't send the CSV just now. Please try the button on Home again in a minute.";

fn week(w: &WeekPoint) -> String {
    w.week_start.format("%-d %b").to_string()
}

/// Hours, to one decimal under ten.
fn hours(h: f64) -> String {
    if h < 10.0 {
        format!("{h:.1}")
    } else {
        format!("{h:.0}")
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn trend_title(weeks: &[WeekPoint]) -> String {
    match weeks.last() {
        Some(last) => format!("Asks per week, {TREND_WEEKS} weeks to {}", week(last)),
        None => format!("Asks per week, last {TREND_WEEKS} weeks"),
    }
}

pub fn gaps_title(window_days: u32) -> String {
    format!("Skills that lack mentors, last {window_days} days")
}

/// The trend's figures in words: every week's asks, matches and median hours.
pub fn trend_alt(weeks: &[WeekPoint]) -> String {
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return format!("No asks in the last {TREND_WEEKS} weeks yet.");
    };
    if trend_is_empty(weeks) {
        return format!("No asks in the last {TREND_WEEKS} weeks yet.");
    }
    let list =
        |f: &dyn Fn(&WeekPoint) -> String| weeks.iter().map(f).collect::<Vec<_>>().join(", ");
    let asks: i64 = weeks.iter().map(|w| w.asks).sum();
    let matched: i64 = weeks.iter().map(|w| w.matched).sum();
    format!(
        "Chart of asks per week for the {n} weeks from {from} to {to}. Asks: {a} ({asks} in all). \
         Matched: {m} ({matched} in all). Median hours to a match: {h}.",
        n = weeks.len(),
        from = week(first),
        to = week(last),
        a = list(&|w| w.asks.to_string()),
        m = list(&|w| w.matched.to_string()),
        h = list(&|w| w.median_hours_to_match.map_or("none".into(), hours)),
    )
}

/// The gaps' figures in words, skill by skill.
pub fn gaps_alt(gaps: &[GapBar], more: usize, window_days: u32) -> String {
    if gaps.is_empty() {
        return format!("No skill lacked mentors in the last {window_days} days.");
    }
    let skills: Vec<String> = gaps
        .iter()
        .map(|g| {
            format!(
                "{}: {} nobody available could take, {} available",
                g.skill,
                plural(g.unmet, "ask", "asks"),
                plural(g.mentors_available, "mentor", "mentors"),
            )
        })
        .collect();
    let mut text = format!(
        "Chart of skills that lack mentors, last {window_days} days. {}.",
        skills.join("; ")
    );
    if more > 0 {
        text.push_str(&format!(
            " And {more} more skill{}.",
            if more == 1 { "" } else { "s" }
        ));
    }
    text
}

/// The trend's headline: the twelve weeks in all, and this week.
fn trend_line(weeks: &[WeekPoint]) -> String {
    if trend_is_empty(weeks) {
        return format!("*Asks per week:* none in the last {TREND_WEEKS} weeks yet.");
    }
    let asks: i64 = weeks.iter().map(|w| w.asks).sum();
    let matched: i64 = weeks.iter().map(|w| w.matched).sum();
    let mut text = format!(
        "*Asks per week, last {TREND_WEEKS} weeks:* {}, {} matched.",
        plural(asks, "ask", "asks"),
        matched
    );
    if let Some(this) = weeks.last() {
        text.push_str(&format!(
            " This week: {}, {} matched",
            plural(this.asks, "ask", "asks"),
            this.matched
        ));
        match this.median_hours_to_match {
            Some(h) => text.push_str(&format!(", median {} h to a match.", hours(h))),
            None => text.push('.'),
        }
    }
    text
}

fn gaps_line(gaps: &[GapBar], more: usize, window_days: u32) -> String {
    if gaps.is_empty() {
        return format!("*Skills that lack mentors:* none in the last {window_days} days.");
    }
    let skills: Vec<String> = gaps
        .iter()
        .map(|g| {
            format!(
                "{} ({} unmet, {} available)",
                escape_mrkdwn(&truncate(&g.skill, MAX_SKILL_IN_TEXT)),
                g.unmet,
                plural(g.mentors_available, "mentor", "mentors")
            )
        })
        .collect();
    let mut text = format!(
        "*Skills that lack mentors, last {window_days} days:* {}",
        skills.join(", ")
    );
    if more > 0 {
        text.push_str(&format!(", and {more} more"));
    }
    text
}

fn image(file_id: &str, title: &str, alt: &str) -> Value {
    json!({
        "type": "image",
        "slack_file": { "id": file_id },
        "title": plain(title),
        "alt_text": truncate(alt, MAX_ALT),
    })
}

/// The charts' blocks for an admin's Home: each chart's figures as text, its
/// picture when uploaded, then "Download CSV".
pub fn home_blocks(c: &HomeCharts<'_>) -> Vec<Value> {
    let mut blocks = vec![section(&trend_line(c.weeks))];
    if let Some(file) = c.trend_file {
        blocks.push(image(file, &trend_title(c.weeks), &trend_alt(c.weeks)));
    }
    blocks.push(section(&gaps_line(c.gaps, c.more_gaps, c.window_days)));
    if let Some(file) = c.gaps_file {
        blocks.push(image(
            file,
            &gaps_title(c.window_days),
            &gaps_alt(c.gaps, c.more_gaps, c.window_days),
        ));
    }
    blocks.push(json!({
        "type": "actions",
        "block_id": "home_admin_charts",
        "elements": [{
            "type": "button", "action_id": id::DOWNLOAD_CSV,
            "text": plain("Download CSV"), "value": "csv",
        }],
    }));
    // The CSV follows the window the admin chose for the figures (7/30/90 days).
    blocks.push(context(
        "The CSV lists the asks of the window chosen above with their matches: ids, dates, skills, time box, status, time to match, ratings. No topics or details.",
    ));
    blocks
}

/// Puts the charts' blocks at the end of a built Home (the organisation's
/// figures are last there, so they follow those).
pub fn add_to_home(view: &mut Value, blocks: Vec<Value>) {
    if let Some(all) = view["blocks"].as_array_mut() {
        all.extend(blocks);
    }
}

pub fn csv_title(window_days: u32) -> String {
    format!("Asks and matches, last {window_days} days")
}

/// Said with the CSV in the admin's DM.
pub fn csv_comment(asks: usize, window_days: u32) -> String {
    match asks {
        0 => format!("No asks in the last {window_days} days: the CSV has only its header."),
        1 => format!("The 1 ask of the last {window_days} days, with its matches and rating."),
        n => {
            format!("The {n} asks of the last {window_days} days, with their matches and ratings.")
        }
    }
}
