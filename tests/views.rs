//! View snapshots: every Block Kit view, built from fixed plain data and
//! compared with its snapshot in `tests/snapshots/`. No database, no network.
//!
//! Every view that produces blocks is also held to the Block Kit limits the
//! fake Slack enforces in the end-to-end tests, and views that echo user text
//! are given a hostile fixture (`<!channel>`, `<@U123>`, `&`) to show it escaped.

use micromentor::standin::block_kit;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use insta::assert_json_snapshot;
use serde_json::{json, Value};

use micromentor::core::ask::{Ask, AskStatus, Format};
use micromentor::core::charts::{fill_weeks, GapBar, WeekPoint};
use micromentor::core::insights::{
    DeclineKind, Insights, Load, MentorLoad, Ratings, SkillGap, Spread, Window,
};
use micromentor::core::lifecycle::{AcceptRefusal, CloseRefusal, DeclineRefusal, DoneRefusal};
use micromentor::core::meeting::Proposal;
use micromentor::core::mentor::{Field, MentorProfile};
use micromentor::core::no_shows::Side;
use micromentor::core::offer::DeclineReason;
use micromentor::core::offer::{OfferMessage, OfferStatus};
use micromentor::core::routing::Gap;
use micromentor::core::skills::{Skill, SkillSlug};
use micromentor::views::admin_home;
use micromentor::views::ask_card::{self, OfferEnd};
use micromentor::views::charts::{self as chart_views, HomeCharts};
use micromentor::views::followup::{self, RatingMetadata};
use micromentor::views::home::{self, Home};
use micromentor::views::ids::{self, ButtonValue};
use micromentor::views::no_shows::{self, AfterNo};
use micromentor::views::{
    ask_modal, decline, digest, feedback, history, meeting, mentee, mentor_modal, mentor_status,
    never_match, replies, text,
};

// ---------------------------------------------------------------- fixtures

/// The fixed clock: Monday 2 March 2026, 10:00 UTC.
fn now() -> DateTime<Utc> {
    "2026-03-02T10:00:00Z".parse().unwrap()
}

/// User text that would ping everyone, mention someone and break entities if
/// it were echoed unescaped.
const HOSTILE: &str = "<!channel> help <@U123> with R&D";

fn skill(label: &str) -> Skill {
    Skill::parse(label).unwrap()
}

/// A plain open ask.
fn ask() -> Ask {
    Ask {
        id: 42,
        team_id: "T0001".into(),
        asker_id: "UASKER".into(),
        topic: "Review my Rust error handling".into(),
        details: "thiserror vs anyhow in a library crate".into(),
        skills: vec![skill("Rust"), skill("API design")],
        time_box: 20,
        format: Format::Chat,
        mentors_wanted: 2,
        in_digest: true,
        needed_by: Some(NaiveDate::from_ymd_opt(2026, 3, 6).unwrap()),
        status: AskStatus::Open,
        matched_count: 0,
        created_at: now() - Duration::hours(3),
        first_mentor: None,
    }
}

/// An ask whose every piece of user text is hostile.
fn hostile_ask() -> Ask {
    Ask {
        id: 43,
        topic: HOSTILE.into(),
        details: "Ping <!here> & <@U999> <https://evil.example|click>".into(),
        skills: vec![skill("R&D"), skill("Postgres")],
        time_box: 45,
        format: Format::AsyncReview,
        mentors_wanted: 1,
        in_digest: false,
        needed_by: None,
        created_at: now() - Duration::minutes(20),
        ..ask()
    }
}

/// The offer DM (or intro) as stored after posting.
fn message() -> OfferMessage {
    OfferMessage {
        mentor_id: "UMENTOR".into(),
        channel_id: Some("DMENTOR".into()),
        message_ts: Some("1772445600.000100".into()),
    }
}

/// A message whose post failed: nothing to rewrite.
fn unposted() -> OfferMessage {
    OfferMessage {
        channel_id: None,
        message_ts: None,
        ..message()
    }
}

fn new_profile() -> MentorProfile {
    MentorProfile::new(
        chrono_tz::Europe::London,
        "Mon-Fri 09:00-17:00".parse().unwrap(),
    )
}

/// A mentor who saved every field, with hours off the half-hour grid, a pause
/// in the future and hostile help text.
fn saved_profile() -> MentorProfile {
    MentorProfile {
        opted_in: true,
        capacity: 3,
        // Local midnight in New York (EDT), as `/mentor pause` stores it.
        paused_until: Some("2026-03-16T04:00:00Z".parse().unwrap()),
        tz: chrono_tz::America::New_York,
        hours: "Mon,Wed,Fri 09:15-17:45".parse().unwrap(),
        help_text: HOSTILE.into(),
        skills: vec![skill("Rust"), skill("R&D")],
        quiet_hours: false,
        ignore_status: true,
    }
}

// ---------------------------------------------------------------- checks

/// A message's blocks within Slack's limits.
fn valid_message(v: &Value) {
    block_kit::check_message(v).unwrap_or_else(|why| panic!("invalid message: {why}\n{v:#}"));
}

/// A modal or home tab within Slack's limits.
fn valid_view(v: &Value) {
    block_kit::check_view(v).unwrap_or_else(|why| panic!("invalid view: {why}\n{v:#}"));
}

/// No string in `v` carries user text unescaped: no `<!…>` or `<@U123>` typed
/// by a user, and every `&` starts an entity.
fn escaped(v: &Value) {
    match v {
        Value::String(s) => {
            for raw in [
                "<!channel>",
                "<!here>",
                "<@U123>",
                "<@U999>",
                "<https://evil",
            ] {
                assert!(!s.contains(raw), "unescaped {raw} in {s:?}");
            }
            for (i, _) in s.match_indices('&') {
                let rest = &s[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;"]
                        .iter()
                        .any(|e| rest.starts_with(e)),
                    "bare & in {s:?}"
                );
            }
        }
        Value::Array(items) => items.iter().for_each(escaped),
        Value::Object(map) => map.values().for_each(escaped),
        _ => {}
    }
}

// ---------------------------------------------------------------- ask_card

#[test]
fn card() {
    for (name, ask) in [("card", ask()), ("card_hostile", hostile_ask())] {
        let blocks = ask_card::card(&ask);
        let v = json!({ "text": "card", "blocks": blocks });
        valid_message(&v);
        escaped(&v);
        assert_json_snapshot!(name, blocks);
    }
}

#[test]
fn offer() {
    let v = ask_card::offer(&ask());
    valid_message(&v);
    assert_json_snapshot!("offer", v);

    let v = ask_card::offer(&hostile_ask());
    valid_message(&v);
    escaped(&v);
    assert_json_snapshot!("offer_hostile", v);
}

#[test]
fn offer_asked_again_keeps_the_buttons_and_says_why_it_is_back() {
    let first = ask_card::offer(&ask());
    let v = ask_card::offer_again(&ask());
    valid_message(&v);
    escaped(&ask_card::offer_again(&hostile_ask()));
    // Same card and buttons; only the opening line differs.
    assert_eq!(
        v["blocks"].as_array().unwrap()[1..],
        first["blocks"].as_array().unwrap()[1..]
    );
    assert_json_snapshot!("offer_again", v["blocks"][0]);
}

#[test]
fn offer_closed() {
    for (name, end) in [
        ("offer_closed_youre_on_it", OfferEnd::YoureOnIt),
        ("offer_closed_taken", OfferEnd::Taken),
        ("offer_closed_declined", OfferEnd::Declined),
        ("offer_closed_withdrawn", OfferEnd::Withdrawn),
        ("offer_closed_expired", OfferEnd::Expired),
    ] {
        let v = ask_card::offer_closed(&ask(), end, &message()).unwrap();
        valid_message(&v);
        assert!(
            !v.to_string().contains("\"actions\""),
            "{name} still has buttons"
        );
        assert_json_snapshot!(name, v);
        assert_eq!(ask_card::offer_closed(&ask(), end, &unposted()), None);
    }
    let v = ask_card::offer_closed(&hostile_ask(), OfferEnd::Taken, &message()).unwrap();
    escaped(&v);
}

#[test]
fn nudge() {
    let v = ask_card::nudge(&ask(), &message()).unwrap();
    valid_message(&v);
    assert_json_snapshot!("nudge", v);

    let v = ask_card::nudge(&hostile_ask(), &message()).unwrap();
    escaped(&v);
    assert_json_snapshot!("nudge_hostile", v);

    assert_eq!(ask_card::nudge(&ask(), &unposted()), None);
}

/// Three proposed times, suiting both.
fn proposal() -> Proposal {
    Proposal {
        slots: (1..=3).map(|d| now() + Duration::days(d)).collect(),
        together: true,
    }
}

#[test]
fn intro() {
    let v = ask_card::intro(
        &ask(),
        "UMENTOR",
        "Happy to pair on Rust lifetimes",
        "GINTRO",
        &proposal(),
    );
    valid_message(&v);
    assert_json_snapshot!("intro", v);

    let none = Proposal {
        slots: vec![],
        together: false,
    };
    let v = ask_card::intro(&ask(), "UMENTOR", "", "GINTRO", &none);
    valid_message(&v);
    assert_json_snapshot!("intro_without_times", v);

    let apart = Proposal {
        together: false,
        ..proposal()
    };
    let v = ask_card::intro(
        &hostile_ask(),
        "UMENTOR",
        "<!here> & <@U999>",
        "GINTRO",
        &apart,
    );
    valid_message(&v);
    escaped(&v);
    assert!(v.to_string().contains("don't overlap"));
}

#[test]
fn meeting_messages() {
    let at = now() + Duration::days(1);
    let v = meeting::picked("GINTRO", &hostile_ask(), "UASKER", at);
    valid_message(&v);
    escaped(&v);
    assert_json_snapshot!("meeting_picked", v);
    let v = meeting::reminder("GINTRO", &hostile_ask(), at);
    valid_message(&v);
    escaped(&v);
    assert_json_snapshot!("meeting_reminder", v);
}

#[test]
fn intro_done() {
    let intro = OfferMessage {
        channel_id: Some("GINTRO".into()),
        ..message()
    };
    let v = ask_card::intro_done(&ask(), "UMENTOR", "UASKER", &intro).unwrap();
    valid_message(&v);
    assert_json_snapshot!("intro_done", v);

    let v = ask_card::intro_done(&hostile_ask(), "UMENTOR", "UMENTOR", &intro).unwrap();
    escaped(&v);
    assert_eq!(
        ask_card::intro_done(&ask(), "UMENTOR", "UASKER", &unposted()),
        None
    );
}

#[test]
fn list() {
    let v = ask_card::list(&[], now());
    valid_message(&v);
    assert_json_snapshot!("list_empty", v);

    let half_matched = Ask {
        id: 44,
        topic: "Pair on a flaky integration test".into(),
        skills: vec![skill("Testing")],
        mentors_wanted: 3,
        matched_count: 1,
        created_at: now() - Duration::days(2),
        ..ask()
    };
    let v = ask_card::list(&[ask(), hostile_ask(), half_matched], now());
    valid_message(&v);
    escaped(&v);
    assert_json_snapshot!("list", v);

    // More asks than one message shows: still valid, capped at 15 rows.
    let many: Vec<Ask> = (0..30)
        .map(|i| Ask {
            id: 100 + i,
            ..ask()
        })
        .collect();
    let v = ask_card::list(&many, now());
    valid_message(&v);
    assert_eq!(v["blocks"].as_array().unwrap().len(), 16);
}

#[test]
fn humanise() {
    let cases: Vec<Value> = [
        Duration::seconds(-300),
        Duration::zero(),
        Duration::seconds(59),
        Duration::minutes(59),
        Duration::minutes(60),
        Duration::minutes(24 * 60 - 1),
        Duration::hours(24),
        Duration::hours(36),
        Duration::days(400),
    ]
    .into_iter()
    .map(|d| json!([d.num_seconds(), ask_card::humanise(d)]))
    .collect();
    assert_json_snapshot!("humanise", cases);
}

// ---------------------------------------------------------------- ask_modal

#[test]
fn ask_modal_build() {
    let v = ask_modal::build("", &[], None);
    valid_view(&v);
    assert_json_snapshot!("ask_modal_build", v);

    // Prefilled from `/ask <text>`: plain_text inputs show the text as typed.
    let v = ask_modal::build(HOSTILE, &[skill("Rust"), skill("R&D")], Some(1));
    valid_view(&v);
    assert_json_snapshot!("ask_modal_build_prefilled", v);

    // A topic longer than the input allows is cut to fit.
    let v = ask_modal::build(&"x".repeat(400), &[], None);
    valid_view(&v);
    let topic = v["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["block_id"] == ids::ask::TOPIC)
        .unwrap();
    assert!(
        topic["element"]["initial_value"]
            .as_str()
            .unwrap()
            .chars()
            .count()
            <= 150
    );
}

// ---------------------------------------------------------------- digest

#[test]
fn digest_build() {
    let taken = Ask {
        id: 50,
        topic: "Sketch a rollout plan".into(),
        status: AskStatus::Matched,
        ..ask()
    };
    let done = Ask {
        id: 51,
        topic: "Explain our on-call rota".into(),
        status: AskStatus::Done,
        created_at: now() - Duration::days(3),
        ..ask()
    };
    let expired = Ask {
        id: 52,
        topic: "Intro to Terraform".into(),
        status: AskStatus::Expired,
        ..ask()
    };
    let cancelled = Ask {
        id: 53,
        topic: "Read my RFC".into(),
        status: AskStatus::Cancelled,
        ..ask()
    };
    let hostile = Ask {
        in_digest: true,
        ..hostile_ask()
    };
    let asks = [ask(), hostile, taken, done, expired, cancelled];
    let v = digest::build(&asks, 3, None, now());
    valid_message(&v);
    escaped(&v);
    assert_json_snapshot!("digest_build", v);

    let v = digest::build(&[ask()], 0, Some("Rust"), now());
    valid_message(&v);
    assert_json_snapshot!("digest_build_one_skill", v);

    // A long list stays inside 50 blocks with a "more" line.
    let many: Vec<Ask> = (0..80)
        .map(|i| Ask {
            id: 200 + i,
            ..ask()
        })
        .collect();
    let v = digest::build(&many, 80 - digest::MAX_ITEMS, None, now());
    valid_message(&v);
}

// ---------------------------------------------------------------- followup

#[test]
fn followup_prompt() {
    let v = followup::prompt(&ask(), "UMENTOR", 1);
    valid_message(&v);
    assert_json_snapshot!("followup_prompt", v);

    let v = followup::prompt(&ask(), "UMENTOR", 2);
    valid_message(&v);
    assert_json_snapshot!("followup_prompt_again", v);

    let v = followup::prompt(&hostile_ask(), "UMENTOR", 1);
    escaped(&v);
}

#[test]
fn followup_answered() {
    let v = followup::answered("DASKER", "1772445600.000200", replies::REOPENED, None);
    valid_message(&v);
    assert_json_snapshot!("followup_answered", v);

    let reopen = ButtonValue::session(42, "UMENTOR");
    let v = followup::answered(
        "DASKER",
        "1772445600.000200",
        replies::DIDNT_HAPPEN,
        Some(&reopen),
    );
    valid_message(&v);
    assert_json_snapshot!("followup_answered_reopen", v);
}

#[test]
fn followup_rating_modal() {
    let metadata = RatingMetadata {
        ask_id: 42,
        mentor: "UMENTOR".into(),
    };
    let v = followup::rating_modal(&metadata);
    valid_view(&v);
    assert_eq!(
        RatingMetadata::parse(v["private_metadata"].as_str().unwrap()),
        Some(metadata)
    );
    assert_json_snapshot!("followup_rating_modal", v);
}

// ---------------------------------------------------------------- no-shows

#[test]
fn no_shows_mentor_prompt() {
    let v = no_shows::mentor_prompt(&ask(), "UMENTOR");
    valid_message(&v);
    assert_json_snapshot!("no_shows_mentor_prompt", v);
    escaped(&no_shows::mentor_prompt(&hostile_ask(), "UMENTOR"));
}

#[test]
fn no_shows_after_no() {
    let session = ButtonValue::session(42, "UMENTOR");
    let after = |side, lead, ask_who, reopen| {
        let v = no_shows::after_no(
            "DASKER",
            "1772445600.000200",
            &AfterNo {
                side,
                session: &session,
                lead,
                ask_who,
                reopen,
            },
        );
        valid_message(&v);
        v
    };
    assert_json_snapshot!(
        "no_shows_after_no_mentee",
        after(Side::Mentee, no_shows::SORRY_MENTEE, true, true)
    );
    assert_json_snapshot!(
        "no_shows_after_no_mentor",
        after(Side::Mentor, no_shows::SORRY_MENTOR, true, false)
    );
    assert_json_snapshot!(
        "no_shows_after_no_mentee_answered",
        after(Side::Mentee, no_shows::THANKS_FOR_TELLING, false, true)
    );
}

#[test]
fn no_shows_paused() {
    let until = now() + Duration::days(30);
    let value = ButtonValue::session(42, "UPAUSED");
    for (name, side) in [
        ("no_shows_paused_mentor", Side::Mentor),
        ("no_shows_paused_mentee", Side::Mentee),
    ] {
        let v = no_shows::paused(side, "UPAUSED", until, &value);
        valid_message(&v);
        assert_json_snapshot!(name, v);
        valid_message(&no_shows::lifted("DPAUSED", "1772445600.000300", side));
    }
    let v = no_shows::asking_paused(until, &value);
    valid_message(&v);
    assert_json_snapshot!("no_shows_asking_paused", v);
}

// ---------------------------------------------------------------- home

fn gap(label: &str, waiting: u32, expired: u32) -> SkillGap {
    SkillGap {
        skill: SkillSlug::from_stored(label.to_lowercase()),
        label: label.into(),
        waiting,
        expired,
        unmet: 2,
        available: 0,
        paused: 1,
        at_capacity: 1,
        recruit: vec!["ULEARNER".into()],
        related_mentors: vec![],
    }
}

fn insights() -> Insights {
    Insights {
        window: Window::Month,
        asks: 12,
        matched: 9,
        time_to_match: Spread {
            n: 9,
            median: Some(Duration::minutes(125)),
            p90: Some(Duration::hours(26)),
        },
        time_to_match_working: Spread {
            n: 9,
            median: Some(Duration::minutes(50)),
            p90: Some(Duration::hours(7)),
        },
        expired_unmatched: 2,
        open_now: 1,
        sessions_done: 7,
        ratings: Ratings {
            counts: [0, 0, 1, 2, 4],
        },
        followups_asked: 8,
        followups_answered: 6,
        load: Load {
            mentors: 5,
            accepted: 9,
            capacity: 300.0 / 7.0,
            gini: Some(0.42),
            top: vec![MentorLoad {
                user_id: "UBUSY".into(),
                accepted: 5,
                capacity: 60.0 / 7.0,
            }],
        },
        offers: 30,
        declines: vec![(DeclineKind::NotMyArea, 4), (DeclineKind::Other, 1)],
        top_skills: vec![("Rust".into(), 5), ("R&D <ops>".into(), 3)],
        gaps: vec![gap("Kubernetes", 1, 2), gap(HOSTILE, 0, 1)],
    }
}

/// Every list at its longest, every label hostile and as long as it gets.
fn largest_insights() -> Insights {
    let people: Vec<String> = (0..5).map(|n| format!("U{n:010}")).collect();
    let long = |i: usize| format!("{i}{}", "<&>".repeat(40));
    Insights {
        top_skills: (0..5).map(|i| (long(i), 999_999)).collect(),
        declines: [
            DeclineKind::NotMyArea,
            DeclineKind::NoTime,
            DeclineKind::PauseWeek,
            DeclineKind::Other,
            DeclineKind::AtCapacity,
            DeclineKind::Left,
        ]
        .into_iter()
        .map(|k| (k, 999_999))
        .collect(),
        load: Load {
            top: people
                .iter()
                .map(|u| MentorLoad {
                    user_id: u.clone(),
                    accepted: 999,
                    capacity: 0.5,
                })
                .collect(),
            ..insights().load
        },
        gaps: (0..40)
            .map(|i| SkillGap {
                recruit: people.clone(),
                related_mentors: people.clone(),
                ..gap(&long(i), 999_999, 999_999)
            })
            .collect(),
        ..insights()
    }
}

#[test]
fn home_build() {
    let profile = saved_profile();
    let asks = [ask(), hostile_ask()];
    let insights = insights();
    let offers = [hostile_ask()];
    let sessions = [ask()];
    let v = home::build(&Home {
        user_id: "UMENTOR",
        profile: Some(&profile),
        accepted_this_week: 1,
        kudos: 2,
        away: Some(Some(now() + Duration::days(3))),
        offers: &offers,
        sessions: &sessions,
        open_asks: &asks,
        past_asks: &asks,
        never_match: 2,
        admin: true,
        insights: &insights,
        admin_digest: false,
        now: now(),
    });
    valid_view(&v);
    escaped(&v);
    assert_json_snapshot!("home_build", v);

    let empty = Insights::default();
    let v = home::build(&Home {
        user_id: "UNEW",
        profile: None,
        accepted_this_week: 0,
        kudos: 0,
        away: None,
        offers: &[],
        sessions: &[],
        open_asks: &[],
        past_asks: &[],
        never_match: 0,
        admin: false,
        insights: &empty,
        admin_digest: false,
        now: now(),
    });
    valid_view(&v);
    assert_json_snapshot!("home_build_newcomer", v);
}

#[test]
fn admin_section_and_weekly_digest() {
    let insights = insights();
    let mut blocks = Vec::new();
    admin_home::add_to_home(&mut blocks, &insights, true);
    let v = json!({ "type": "home", "blocks": blocks });
    valid_view(&v);
    escaped(&v);
    assert!(blocks.len() <= admin_home::MAX_BLOCKS);
    // One divider, first: other sections go in above it.
    assert_eq!(blocks.iter().filter(|b| b["type"] == "divider").count(), 1);
    assert_eq!(blocks[0]["type"], "divider");
    assert_json_snapshot!("admin_home_section", v);

    let v = admin_home::digest(
        "UADMIN",
        &Insights {
            window: Window::Week,
            ..insights
        },
    );
    valid_message(&v);
    escaped(&v);
    assert_json_snapshot!("admin_weekly_digest", v);

    // The largest figures: still within every limit, labels escaped.
    let largest = largest_insights();
    let mut blocks = Vec::new();
    admin_home::add_to_home(&mut blocks, &largest, false);
    assert_eq!(blocks.len(), admin_home::MAX_BLOCKS);
    let v = json!({ "type": "home", "blocks": blocks });
    valid_view(&v);
    escaped(&v);
    let v = admin_home::digest("UADMIN", &largest);
    valid_message(&v);
    escaped(&v);
    // Nothing at all yet.
    let mut blocks = Vec::new();
    admin_home::add_to_home(&mut blocks, &Insights::default(), false);
    valid_view(&json!({ "type": "home", "blocks": blocks }));
}

// ---------------------------------------------------------------- decline, never match

#[test]
fn decline_modal() {
    let v = decline::modal(&hostile_ask(), Some(DeclineReason::Other));
    valid_view(&v);
    escaped(&v);
    assert_json_snapshot!("decline_modal_other", v);
    // From Home nothing is preselected.
    let v = decline::modal(&ask(), None);
    assert!(v["blocks"][1]["element"].get("initial_option").is_none());
}

#[test]
fn never_match_modal() {
    let v = never_match::modal(&["UA".into(), "UB".into()]);
    valid_view(&v);
    assert_json_snapshot!("never_match_modal", v);
    let v = never_match::modal(&[]);
    assert!(v["blocks"][1]["element"].get("initial_users").is_none());
}

// ---------------------------------------------------------------- admin charts

fn chart_weeks() -> Vec<WeekPoint> {
    let week = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    fill_weeks(
        now(),
        &[
            WeekPoint {
                week_start: week("2026-02-23"),
                asks: 3,
                matched: 2,
                median_hours_to_match: Some(1.5),
            },
            WeekPoint {
                week_start: week("2026-03-02"),
                asks: 1,
                matched: 0,
                median_hours_to_match: None,
            },
        ],
    )
}

fn chart_gaps() -> Vec<GapBar> {
    vec![
        GapBar {
            skill: HOSTILE.into(),
            unmet: 2,
            mentors_available: 0,
        },
        GapBar {
            skill: "Rust".into(),
            unmet: 1,
            mentors_available: 1,
        },
    ]
}

#[test]
fn charts_home_blocks() {
    let (weeks, gaps) = (chart_weeks(), chart_gaps());
    let blocks = chart_views::home_blocks(&HomeCharts {
        weeks: &weeks,
        gaps: &gaps,
        more_gaps: 3,
        window_days: 30,
        trend_file: Some("F0TREND"),
        gaps_file: Some("F0GAPS"),
    });
    let v = json!({ "type": "home", "blocks": blocks });
    valid_view(&v);
    // mrkdwn escapes people's words; alt text is plain text, read out as typed.
    for b in blocks.iter().filter(|b| b["type"] != "image") {
        escaped(b);
    }
    let alts: Vec<&str> = blocks
        .iter()
        .filter(|b| b["type"] == "image")
        .map(|b| b["alt_text"].as_str().unwrap())
        .collect();
    assert_eq!(
        alts,
        [
            "Chart of asks per week for the 12 weeks from 15 Dec to 2 Mar. \
             Asks: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1 (4 in all). \
             Matched: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0 (2 in all). \
             Median hours to a match: none, none, none, none, none, none, none, none, none, none, 1.5, none.",
            "Chart of skills that lack mentors, last 30 days. \
             <!channel> help <@U123> with R&D: 2 asks nobody available could take, 0 mentors available; \
             Rust: 1 ask nobody available could take, 1 mentor available. And 3 more skills.",
        ]
    );
    assert_json_snapshot!("charts_home_blocks", v);

    // Without pictures (Slack refused the upload): the same figures in text.
    let text_only = chart_views::home_blocks(&HomeCharts {
        weeks: &weeks,
        gaps: &gaps,
        more_gaps: 3,
        window_days: 30,
        trend_file: None,
        gaps_file: None,
    });
    let without: Vec<&Value> = blocks.iter().filter(|b| b["type"] != "image").collect();
    assert_eq!(text_only.iter().collect::<Vec<_>>(), without);

    // Nothing yet: said so, in the text and in the pictures' words.
    let empty = fill_weeks(now(), &[]);
    let blocks = chart_views::home_blocks(&HomeCharts {
        weeks: &empty,
        gaps: &[],
        more_gaps: 0,
        window_days: 30,
        trend_file: Some("F1"),
        gaps_file: Some("F2"),
    });
    valid_view(&json!({ "type": "home", "blocks": blocks }));
    assert_eq!(
        blocks[0]["text"]["text"],
        "*Asks per week:* none in the last 12 weeks yet."
    );
    assert_eq!(blocks[1]["alt_text"], "No asks in the last 12 weeks yet.");
    assert_eq!(
        blocks[3]["alt_text"],
        "No skill lacked mentors in the last 30 days."
    );
}

#[test]
fn charts_csv_sentences() {
    assert_eq!(
        chart_views::csv_comment(0, 30),
        "No asks in the last 30 days: the CSV has only its header."
    );
    assert_eq!(
        chart_views::csv_comment(1, 30),
        "The 1 ask of the last 30 days, with its matches and rating."
    );
    assert_eq!(chart_views::csv_title(30), "Asks and matches, last 30 days");
}

// ---------------------------------------------------------------- mentee

#[test]
fn feedback_messages() {
    let meta = RatingMetadata {
        ask_id: 42,
        mentor: "UMENTOR".into(),
    };
    let v = feedback::mentor_modal(&meta);
    valid_view(&v);
    assert_json_snapshot!("feedback_mentor_modal", v);
    let v = feedback::to_mentee("UASKER", "UMENTOR", HOSTILE, Some(4), Some(HOSTILE));
    valid_message(&v);
    escaped(&v);
    assert_json_snapshot!("feedback_to_mentee", v);
    let v = feedback::to_mentor("UMENTOR", "UASKER", HOSTILE, None, Some(HOSTILE));
    valid_message(&v);
    escaped(&v);
    assert!(v.to_string().contains("no rating"));
    let v = feedback::thanks_alone("UMENTOR", "UASKER", HOSTILE, HOSTILE);
    valid_message(&v);
    escaped(&v);
    assert_json_snapshot!("feedback_thanks_alone", v);
}

#[test]
fn history_record() {
    use micromentor::core::history::{Entry, Role};
    let entry = |role, topic: &str| Entry {
        role,
        matched_at: now(),
        topic: topic.into(),
        skills: vec!["R&D".into(), "<Rust>".into()],
        time_box: 20,
        with: "UOTHER".into(),
        done: true,
        rating_given: Some(4),
        rating_received: Some(5),
    };
    let v = history::record(&[
        entry(Role::Mentor, HOSTILE),
        entry(Role::Mentee, "Lifetimes"),
    ]);
    valid_message(&v);
    escaped(&v);
    assert_json_snapshot!("history_record", v);
    // Many sessions: a page of them and "… more in the CSV".
    let many: Vec<Entry> = (0..200)
        .map(|_| entry(Role::Mentee, &"&".repeat(150)))
        .collect();
    let v = history::record(&many);
    valid_message(&v);
    let text = v["blocks"][0]["text"]["text"].as_str().unwrap();
    assert!(text.ends_with("more in the CSV"), "{text}");
    assert!(text.chars().count() <= 3000);
    assert!(history::record(&[]).to_string().contains("No sessions yet"));
}

#[test]
fn my_data_views() {
    use micromentor::core::my_data::{pseudonym, Erased};
    use micromentor::views::my_data;
    let menu = my_data::menu();
    valid_message(&menu);
    assert_json_snapshot!("my_data_menu", menu);
    let modal = my_data::confirm_modal();
    valid_view(&modal);
    assert_json_snapshot!("my_data_confirm", modal);
    valid_view(&my_data::erasing()["view"]);
    valid_view(&my_data::erase_failed()["view"]);
    let erased = Erased {
        asks: 1,
        sessions: 2,
        offers: 0,
    };
    let dm = my_data::erased_dm("U1", &erased);
    valid_message(&dm);
    assert!(dm["text"]
        .as_str()
        .unwrap()
        .contains("1 ask and 2 sessions"));
    // The other person's record names a former participant, never the pseudonym.
    use micromentor::core::history::{Entry, Role};
    let entry = Entry {
        role: Role::Mentor,
        matched_at: now(),
        topic: "(removed)".into(),
        skills: vec!["Rust".into()],
        time_box: 20,
        with: pseudonym(7),
        done: true,
        rating_given: None,
        rating_received: None,
    };
    let text = history::record(&[entry]).to_string();
    assert!(text.contains("with a former participant"), "{text}");
    assert!(!text.contains("former-"), "{text}");
}

#[test]
fn ask_modal_edit() {
    // Inputs show the saved text as typed (plain text, not mrkdwn).
    let v = ask_modal::edit(&hostile_ask());
    valid_view(&v);
    assert_json_snapshot!("ask_modal_edit", v);
    assert_eq!(v["callback_id"], ids::ASK_EDIT_MODAL);
    assert!(!v.to_string().contains(ids::ask::FIRST_MENTOR));
}

#[test]
fn mentee_widened() {
    let v = mentee::widened(&hostile_ask(), 3);
    valid_message(&v);
    escaped(&v);
    assert_json_snapshot!("mentee_widened", v);
    assert!(mentee::widened(&ask(), 1)
        .to_string()
        .contains("1 more mentor."));
}

#[test]
fn mentee_routed() {
    let v = mentee::routed(&ask(), 2, &[], 0, None);
    valid_message(&v);
    assert_json_snapshot!("mentee_routed", v);
    // Offered to some: a count, never their names.
    assert!(!v.to_string().contains("<@UM"));
    // With history, how long asks like it usually wait.
    let v = mentee::routed(&ask(), 2, &[], 0, Some(Duration::minutes(130)));
    assert!(v
        .to_string()
        .contains("usually answered within about 2 hours"));
    // Offered to nobody: no promise of a wait.
    let v = mentee::routed(&ask(), 0, &[], 0, Some(Duration::minutes(130)));
    assert!(!v.to_string().contains("usually"));

    let back_at = now() + chrono::Duration::hours(4);
    let gaps = [
        ("R&D <ops>".to_owned(), Gap::NoMentor),
        ("Kubernetes".to_owned(), Gap::AllBusy),
        ("Elixir".to_owned(), Gap::OffHours { back_at }),
    ];
    let v = mentee::routed(&hostile_ask(), 0, &gaps, 2, None);
    valid_message(&v);
    escaped(&v);
    assert_json_snapshot!("mentee_routed_nobody", v);
}

#[test]
fn mentee_accepted() {
    let v = mentee::accepted(&ask(), "UMENTOR", "Happy to pair on Rust lifetimes", true);
    valid_message(&v);
    assert_json_snapshot!("mentee_accepted", v);

    let partly = Ask {
        matched_count: 1,
        mentors_wanted: 3,
        ..ask()
    };
    let v = mentee::accepted(&partly, "UMENTOR", "", false);
    valid_message(&v);
    assert_json_snapshot!("mentee_accepted_still_looking", v);

    escaped(&mentee::accepted(
        &hostile_ask(),
        "UMENTOR",
        "<!here> & <@U999>",
        true,
    ));
}

#[test]
fn mentee_advice() {
    let expires = now() + Duration::days(5);
    let v = mentee::advice(&ask(), expires);
    valid_message(&v);
    assert_json_snapshot!("mentee_advice", v);

    let v = mentee::advice(&hostile_ask(), expires);
    valid_message(&v);
    escaped(&v);
    assert_json_snapshot!("mentee_advice_not_in_digest", v);
}

#[test]
fn mentee_expired() {
    let v = mentee::expired(&ask());
    valid_message(&v);
    assert_json_snapshot!("mentee_expired", v);

    escaped(&mentee::expired(&hostile_ask()));
}

// ---------------------------------------------------------------- mentor_modal

#[test]
fn mentor_modal_build() {
    let v = mentor_modal::build(&new_profile(), &[], true, now());
    valid_view(&v);
    assert_json_snapshot!("mentor_modal_build_new", v);

    // plain_text inputs show the saved help text as typed.
    let v = mentor_modal::build(&saved_profile(), &["UAVOID".into()], false, now());
    valid_view(&v);
    assert_json_snapshot!("mentor_modal_build_saved", v);

    // A pause that has ended is not shown.
    let mut ended = saved_profile();
    ended.paused_until = Some(now() - Duration::days(1));
    let v = mentor_modal::build(&ended, &[], false, now());
    valid_view(&v);
    let pause = v["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["block_id"] == ids::mentor::PAUSE_UNTIL)
        .unwrap();
    assert!(pause["element"].get("initial_date").is_none());
}

// ---------------------------------------------------------------- mentor_status

#[test]
fn mentor_status_summary() {
    let v = mentor_status::summary(&saved_profile(), now());
    escaped(&json!(v));
    assert_json_snapshot!("mentor_status_summary", v);

    let mut single = new_profile();
    single.capacity = 1;
    let v = mentor_status::summary(&single, now());
    assert_json_snapshot!("mentor_status_summary_new", v);
}

// ---------------------------------------------------------------- replies

#[test]
fn replies_ephemeral() {
    let v = replies::ephemeral(replies::ALREADY_ON_IT);
    valid_message(&v);
    assert_json_snapshot!("replies_ephemeral", v);
}

#[test]
fn replies_modal_errors() {
    let v = replies::modal_errors([
        (ids::mentor_block(Field::Capacity), "Choose 1 to 20."),
        (ids::mentor_block(Field::Days), "Choose at least one day."),
    ]);
    assert_json_snapshot!("replies_modal_errors", v);
}

#[test]
fn replies_refusals() {
    let v = json!({
        "accept_refused": {
            "AlreadyAccepted": replies::accept_refused(AcceptRefusal::AlreadyAccepted),
            "Late": replies::accept_refused(AcceptRefusal::Late(AskStatus::Matched)),
            "NotOffered": replies::accept_refused(AcceptRefusal::NotOffered),
            "NotInDigest": replies::accept_refused(AcceptRefusal::NotInDigest),
            "AtCapacity": replies::accept_refused(AcceptRefusal::AtCapacity),
        },
        "decline_refused": {
            "AlreadyAnswered(accepted)": replies::decline_refused(DeclineRefusal::AlreadyAnswered(OfferStatus::Accepted)),
            "AlreadyAnswered(declined)": replies::decline_refused(DeclineRefusal::AlreadyAnswered(OfferStatus::Declined)),
            "AlreadyAnswered(superseded)": replies::decline_refused(DeclineRefusal::AlreadyAnswered(OfferStatus::Superseded)),
            "AlreadyAnswered(withdrawn)": replies::decline_refused(DeclineRefusal::AlreadyAnswered(OfferStatus::Withdrawn)),
            "NotOffered": replies::decline_refused(DeclineRefusal::NotOffered),
        },
        "cancel_refused": {
            "NotAsker": replies::cancel_refused(CloseRefusal::NotAsker),
            "Illegal(matched)": replies::cancel_refused(CloseRefusal::Illegal(AskStatus::Matched)),
            "Illegal(done)": replies::cancel_refused(CloseRefusal::Illegal(AskStatus::Done)),
            "Illegal(cancelled)": replies::cancel_refused(CloseRefusal::Illegal(AskStatus::Cancelled)),
            "Illegal(expired)": replies::cancel_refused(CloseRefusal::Illegal(AskStatus::Expired)),
        },
        "done_refused": {
            "AlreadyDone": replies::done_refused(DoneRefusal::AlreadyDone),
            "NotAllowed": replies::done_refused(DoneRefusal::NotAllowed),
        },
    });
    assert_json_snapshot!("replies_refusals", v);
}

#[test]
fn replies_sentences() {
    let v = json!({
        "cancelled": replies::cancelled("Review my Rust error handling"),
        "cancelled_hostile": replies::cancelled(HOSTILE),
        "glad_it_happened": replies::glad_it_happened("UMENTOR"),
        "thanks_for_feedback": replies::thanks_for_feedback("UMENTOR"),
        "paused_until": replies::paused_until("Mon 16 Mar 2026 00:00", "Europe/London"),
    });
    escaped(&v["cancelled_hostile"]);
    assert_json_snapshot!("replies_sentences", v);
}

// ---------------------------------------------------------------- limits

/// The longest user text the forms accept, made of the characters escaping
/// expands most, still fits every message and view.
#[test]
fn limits_hold_for_the_longest_user_text() {
    let worst = Ask {
        topic: "&".repeat(150),
        details: "<".repeat(2000),
        skills: (0..5)
            .map(|i| skill(&format!("{i}&{}", "<".repeat(70))))
            .collect(),
        ..hostile_ask()
    };
    let asks: Vec<Ask> = (0..20)
        .map(|i| Ask {
            id: 300 + i,
            ..worst.clone()
        })
        .collect();
    let intro_msg = message();
    valid_message(&json!({ "text": "card", "blocks": ask_card::card(&worst) }));
    valid_message(&ask_card::offer(&worst));
    valid_message(&ask_card::offer_closed(&worst, OfferEnd::Taken, &intro_msg).unwrap());
    valid_message(&ask_card::intro(
        &worst,
        "UMENTOR",
        &"&".repeat(280),
        "GINTRO",
        &proposal(),
    ));
    valid_message(&ask_card::intro_done(&worst, "UMENTOR", "UASKER", &intro_msg).unwrap());
    valid_message(&ask_card::list(&asks, now()));
    valid_message(&digest::build(&asks, 0, Some(&"&".repeat(200)), now()));
    valid_message(&followup::prompt(&worst, "UMENTOR", 2));
    valid_message(&no_shows::mentor_prompt(&worst, "UMENTOR"));
    valid_message(&mentee::routed(
        &worst,
        0,
        &[("&".repeat(75), Gap::NoMentor)],
        3,
        None,
    ));
    valid_message(&mentee::accepted(
        &worst,
        "UMENTOR",
        &"&".repeat(280),
        false,
    ));
    valid_message(&mentee::advice(&worst, now()));
    valid_message(&mentee::expired(&worst));
    valid_view(&ask_modal::build(&worst.topic, &worst.skills, Some(2)));

    let mut profile = saved_profile();
    profile.help_text = "&".repeat(280);
    profile.skills = (0..20)
        .map(|i| skill(&format!("{i}&{}", "<".repeat(70))))
        .collect();
    valid_view(&mentor_modal::build(&profile, &[], true, now()));
    let many: Vec<String> = (0..50).map(|n| format!("U{n:05}")).collect();
    valid_view(&never_match::modal(&many));
    valid_view(&decline::modal(&worst, Some(DeclineReason::Other)));
    let insights = largest_insights();
    let many: Vec<Ask> = (0..20)
        .map(|id| Ask {
            id,
            ..worst.clone()
        })
        .collect();
    valid_view(&home::build(&Home {
        user_id: "UMENTOR",
        profile: Some(&profile),
        accepted_this_week: 20,
        kudos: 1000,
        away: Some(None),
        offers: &many,
        sessions: &many,
        open_asks: &many,
        past_asks: &many,
        never_match: 50,
        admin: true,
        insights: &insights,
        admin_digest: false,
        now: now(),
    }));
}

// ---------------------------------------------------------------- text

#[test]
fn text_unknown_command() {
    let v = text::unknown_command("/dance <!channel> & <@U123>");
    escaped(&json!(v));
    assert_json_snapshot!("text_unknown_command", v);
}

#[test]
fn text_unknown_mentor_command() {
    let v = text::unknown_mentor_command("dance <!channel> & <@U123>");
    escaped(&json!(v));
    assert_json_snapshot!("text_unknown_mentor_command", v);
}

// ---------------------------------------------------------------- office_hours

fn office_hours(
    kind: micromentor::core::office_hours::Kind,
) -> micromentor::core::office_hours::Session {
    use micromentor::core::office_hours::{Booking, Session};
    Session {
        id: 7,
        team_id: "T0001".into(),
        host_id: "UHOST".into(),
        topic: "Rust ownership and lifetimes".into(),
        skills: vec![skill("Rust")],
        tz: chrono_tz::Europe::London,
        starts_at: now() + Duration::days(2) + Duration::hours(4),
        slot_minutes: 20,
        slots: 3,
        kind,
        channels: vec!["C0TEAM".into()],
        cancelled: false,
        bookings: vec![Booking {
            id: 70,
            slot: 1,
            user_id: "UBOOKER".into(),
        }],
    }
}

#[test]
fn office_hours_views() {
    use micromentor::core::office_hours::Kind;
    use micromentor::views::office_hours as oh;
    let slots = office_hours(Kind::Slots);
    let v = oh::modal(
        chrono_tz::America::New_York,
        &["C0DIGEST".into()],
        now().date_naive(),
    );
    valid_view(&v);
    assert_json_snapshot!("office_hours_modal", v);
    let v = oh::announcement(&slots, "C0TEAM");
    valid_message(&v);
    assert_json_snapshot!("office_hours_announcement", v);
    let v = oh::announcement(&office_hours(Kind::OpenQa), "C0TEAM");
    valid_message(&v);
    assert_json_snapshot!("office_hours_announcement_open_qa", v);
    let v = oh::slot_booked(&slots, 1, "UBOOKER", "GDM");
    valid_message(&v);
    assert_json_snapshot!("office_hours_slot_booked", v);
    let mut home = json!({ "type": "home", "blocks": [{ "type": "divider" }] });
    oh::add_to_home(&mut home, std::slice::from_ref(&slots));
    valid_view(&home);
    assert_json_snapshot!("office_hours_home", home);
}

/// Hostile and longest user text: escaped everywhere, inside every limit, with
/// the most slots and skills the form allows.
#[test]
fn office_hours_views_escape_and_fit() {
    use micromentor::core::office_hours::{Booking, Kind, Session};
    use micromentor::views::office_hours as oh;
    let worst = Session {
        topic: "&".repeat(150),
        skills: (0..5)
            .map(|i| skill(&format!("{i}&{}", "<".repeat(70))))
            .collect(),
        slots: 8,
        bookings: (0..4)
            .map(|i| Booking {
                id: i64::from(i),
                slot: i * 2,
                user_id: format!("U{i}"),
            })
            .collect(),
        ..office_hours(Kind::Slots)
    };
    let hostile = Session {
        topic: HOSTILE.into(),
        skills: vec![skill("R&D")],
        ..office_hours(Kind::Slots)
    };
    let many: Vec<Session> = (0..20)
        .map(|i| Session {
            id: 100 + i,
            ..worst.clone()
        })
        .collect();
    for s in [&worst, &hostile] {
        let messages = [
            oh::announcement(s, "C0TEAM"),
            oh::announcement(
                &Session {
                    kind: Kind::OpenQa,
                    ..s.clone()
                },
                "C0TEAM",
            ),
            oh::announcement(
                &Session {
                    cancelled: true,
                    ..s.clone()
                },
                "C0TEAM",
            ),
            oh::host_confirmation(s, &["C0TEAM".into()], &["C0GONE".into()]),
            oh::slot_booked(s, 1, "UBOOKER", "GDM"),
            oh::slot_booking_cancelled(s, 1, "UBOOKER", "GDM", "1.2"),
            oh::session_cancelled_dm(s, 1, "UBOOKER"),
            oh::slot_reminder(s, 1, "UBOOKER", "UHOST"),
            oh::qa_reminder(s, "UBOOKER"),
            oh::digest_without_asks(&many).unwrap(),
        ];
        for m in &messages {
            valid_message(m);
            escaped(m);
        }
        for text in [
            oh::reminding_you(s),
            oh::booking_cancelled(s),
            oh::session_cancelled(s, 2),
        ] {
            escaped(&json!(text));
        }
    }
    // A full digest keeps its 50 blocks with the office hours section added.
    let asks: Vec<Ask> = (0..60)
        .map(|i| Ask {
            id: i,
            ..hostile_ask()
        })
        .collect();
    let mut full = digest::build(&asks, 15, None, now());
    oh::add_to_digest(&mut full, &many);
    valid_message(&full);
    // The fullest Home: every list at its most, and office hours too.
    let profile = saved_profile();
    let insights = largest_insights();
    let mut home = home::build(&Home {
        user_id: "UMENTOR",
        profile: Some(&profile),
        accepted_this_week: 3,
        kudos: 1,
        away: Some(None),
        offers: &asks,
        sessions: &asks,
        open_asks: &asks,
        past_asks: &asks,
        never_match: 50,
        admin: true,
        insights: &insights,
        admin_digest: false,
        now: now(),
    });
    oh::add_to_home(&mut home, &many);
    valid_view(&home);
    escaped(&home["blocks"]);
}

#[test]
fn skill_curation_views() {
    use micromentor::core::skill_curation::Curated;
    use micromentor::views::skill_curation as sc;
    let v = sc::modal();
    valid_view(&v);
    assert_json_snapshot!("skill_curation_modal", v);
    // The Home block: for admins only, after everything else.
    let mut home = json!({ "type": "home", "blocks": [{ "type": "divider" }] });
    sc::add_to_home(&mut home, false);
    assert_eq!(home["blocks"].as_array().unwrap().len(), 1);
    sc::add_to_home(&mut home, true);
    valid_view(&home);
    assert_json_snapshot!("skill_curation_home", home);
    let hostile = skill(HOSTILE);
    let said: Vec<String> = [
        Curated::Renamed {
            from: skill("Javascript"),
            to: skill("JavaScript"),
            mentors: 3,
            asks: 1,
        },
        Curated::Renamed {
            from: skill("JavaScript"),
            to: skill("ECMAScript"),
            mentors: 1,
            asks: 0,
        },
        Curated::Merged {
            keep: skill("JavaScript"),
            merged: vec![skill("js"), skill("Node.js")],
            mentors: 2,
            asks: 5,
        },
        Curated::Deleted {
            skill: skill("COBOL"),
        },
        Curated::Related {
            skill: skill("JavaScript"),
            related: vec![skill("TypeScript")],
        },
        Curated::Related {
            skill: skill("JavaScript"),
            related: vec![],
        },
        Curated::Deleted {
            skill: hostile.clone(),
        },
    ]
    .iter()
    .map(sc::curated_text)
    .collect();
    assert!(!said.last().unwrap().contains("<!channel>"), "escaped");
    assert_json_snapshot!("skill_curation_sentences", said);
    let v = sc::curated("UBOSS", &Curated::Deleted { skill: hostile });
    valid_message(&v);
    valid_message(&sc::admins_only("UNOBODY"));
}
