//! The organisation's figures on an admin's Home (issue 12): exact numbers for
//! a small history made through the real flows, the 7/30/90-day window, decline
//! reasons as totals only, nothing of it for anyone else, and the weekly admin
//! digest by DM to admins who asked for it, once per run.

use crate::helpers::asks::{add_skill, seed_mentor, AskValues};
use crate::helpers::home::{action_ids, view_text};
use crate::helpers::{spawn_app_with, state_values, Options, TestApp, TEAM_ID};
use chrono::{DateTime, Duration, Utc};
use micromentor::views::ids::{self, action, home};
use serde_json::{json, Value};

async fn app_with_admins(admins: &[&str]) -> TestApp {
    let admins: Vec<String> = admins.iter().map(|a| a.to_string()).collect();
    spawn_app_with(Options {
        settings: Some(Box::new(move |s| s.admins.users = admins)),
        ..Default::default()
    })
    .await
}

/// The admin section's text: from its headline on.
fn admin_section(view: &Value) -> String {
    let text = view_text(view);
    match text.find("*Last ") {
        Some(at) => text[at..].to_owned(),
        None => String::new(),
    }
}

async fn decline_other(app: &TestApp, mentor: &str, ask: i64, words: &str) {
    app.click(mentor, action::DECLINE_OTHER, &ask.to_string())
        .await;
    app.settle().await;
    let view = app.slack.calls_to("views.open").last().unwrap().body["view"].clone();
    assert_eq!(view["callback_id"], ids::DECLINE_MODAL);
    let values = state_values([
        (
            ids::decline::REASON,
            json!({ "type": "radio_buttons", "selected_option": { "value": "other" } }),
        ),
        (
            ids::decline::NOTE,
            json!({ "type": "plain_text_input", "value": words }),
        ),
    ]);
    assert_eq!(app.submit_view(mentor, &view, values).await.status(), 200);
    app.settle().await;
}

async fn rate(app: &TestApp, asker: &str, ask: i64, mentor: &str, stars: &str) {
    app.click(asker, action::FOLLOWUP_YES, &format!("{ask}:{mentor}:1"))
        .await;
    app.settle().await;
    let modal = app.slack.calls_to("views.open").last().unwrap().body["view"].clone();
    assert_eq!(modal["callback_id"], ids::RATE_MODAL);
    let values = state_values([
        (
            ids::rate::RATING,
            json!({ "type": "radio_buttons", "selected_option": { "text": { "type": "plain_text", "text": stars }, "value": stars } }),
        ),
        (
            ids::rate::NOTE,
            json!({ "type": "plain_text_input", "value": null }),
        ),
    ]);
    assert_eq!(app.submit_view(asker, &modal, values).await.status(), 200);
    app.settle().await;
}

/// Three Rust mentors (always available, capacity 5). Ask A: UM3 says "not my
/// area", UM2 declines with words of their own, UM1 accepts an hour later.
/// Ask B: UM2 accepts three hours after it. Ask C needs Go, which nobody mentors.
async fn small_history(app: &TestApp) -> (i64, i64, i64) {
    for m in ["UM1", "UM2", "UM3"] {
        seed_mentor(app, m, &["Rust"]).await;
    }
    let a = app
        .ask("UASKA", &AskValues::new("Lifetimes", &["Rust"]))
        .await;
    app.click("UM3", action::DECLINE_NOT_MY_AREA, &a.to_string())
        .await;
    decline_other(app, "UM2", a, "SECRET-WORDS about my manager").await;
    app.clock.advance(Duration::hours(1));
    app.click("UM1", action::ACCEPT, &a.to_string()).await;
    app.settle().await;
    let b = app.ask("UASKB", &AskValues::new("Traits", &["Rust"])).await;
    app.clock.advance(Duration::hours(3));
    app.click("UM2", action::ACCEPT, &b.to_string()).await;
    app.settle().await;
    crate::helpers::asks::add_skill(app, "Go").await;
    let c = app.ask("UASKC", &AskValues::new("Channels", &["Go"])).await;
    assert_eq!(app.ask_status(a).await, "matched");
    assert_eq!(app.ask_status(b).await, "matched");
    assert_eq!(app.ask_status(c).await, "open");
    (a, b, c)
}

#[tokio::test]
async fn an_admins_home_shows_exact_figures_for_a_small_history() {
    let app = app_with_admins(&["UBOSS"]).await;
    let (a, _, _) = small_history(&app).await;

    let view = app.open_home("UBOSS").await;
    let text = admin_section(&view);
    assert!(
        text.contains(
            "*Last 30 days:* 3 asks, 2 matched (67%), 0 expired unmatched, 0 sessions done · 1 still open · 3 mentors taking asks"
        ),
        "{text}"
    );
    // 1 h and 3 h: median 2 h, p90 (nearest rank of 2) 3 h; always-working mentors.
    assert!(
        text.contains("*Time to match:* wall clock median 2 h, p90 3 h · in working hours median 2 h, p90 3 h"),
        "{text}"
    );
    // A and B were offered to all three mentors, C to nobody: 6 / 3.
    assert!(text.contains("*Offers per ask:* 2.0"), "{text}");
    // Capacity 3 × 5 a week × 30/7; accepted [1, 1, 0] → Gini 4/12.
    assert!(
        text.contains("*Mentor load:* 2 accepted of 64.3 capacity (3%) · *load Gini* 0.33"),
        "{text}"
    );
    assert!(
        text.contains("*Most loaded:* <@UM1> 5% (1 of 21.4), <@UM2> 5% (1 of 21.4)"),
        "{text}"
    );
    assert!(text.contains("*Ratings:* none yet"), "{text}");
    assert!(
        text.contains("*Go*: 1 waiting, 0 expired unmatched, nobody free 1× · mentors: 0 available, 0 paused, 0 at capacity"),
        "{text}"
    );
    assert!(!text.contains("*Rust*:"), "Rust lacks nobody: {text}");

    // Decline reasons: totals only — never who, never their words.
    assert!(
        text.contains("*Declines:* not my area 1 · other 1"),
        "{text}"
    );
    let everything = view.to_string();
    assert!(!everything.contains("SECRET-WORDS"), "{everything}");
    assert!(
        !everything.contains("UM3"),
        "a decliner is named: {everything}"
    );

    // Two days on, the mentees are asked; A's says it happened and rates it 5.
    app.advance_and_run(Duration::days(2)).await;
    rate(&app, "UASKA", a, "UM1", "5").await;
    // A week on, C (Go) expires unmatched.
    app.advance_and_run(Duration::days(6)).await;
    let text = admin_section(&app.open_home("UBOSS").await);
    assert!(
        text.contains(
            "3 asks, 2 matched (67%), 1 expired unmatched, 1 sessions done · 0 still open"
        ),
        "{text}"
    );
    assert!(
        text.contains("*Ratings:* 5.0 average of 1 — 5★ 1 · 4★ 0 · 3★ 0 · 2★ 0 · 1★ 0"),
        "{text}"
    );
    // B's mentee was asked too but has not answered.
    assert!(
        text.contains("*Follow-ups answered:* 1 of 2 (50%)"),
        "{text}"
    );
    assert!(
        text.contains("*Go*: 0 waiting, 1 expired unmatched, nobody free 1×"),
        "{text}"
    );
}

#[tokio::test]
async fn switching_the_window_changes_the_figures_and_is_remembered() {
    let app = app_with_admins(&["UBOSS"]).await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    // One ask now (it expires unmatched a week later), one 20 days on.
    app.ask("UOLD", &AskValues::new("Macros", &["Rust"])).await;
    app.advance_and_run(Duration::days(8)).await;
    app.advance_and_run(Duration::days(12)).await;
    app.ask("UNEW", &AskValues::new("Async", &["Rust"])).await;

    let text = admin_section(&app.open_home("UBOSS").await);
    assert!(
        text.starts_with("*Last 30 days:* 2 asks, 0 matched (0%), 1 expired unmatched"),
        "{text}"
    );
    let chosen = |view: &Value| -> Vec<String> {
        view["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
            .filter(|e| e["style"] == "primary")
            .map(|e| e["action_id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(chosen(&app.home_of("UBOSS")), [home::INSIGHTS_MONTH]);

    app.click_home("UBOSS", home::INSIGHTS_WEEK, "7", None)
        .await;
    let view = app.home_of("UBOSS");
    let text = admin_section(&view);
    assert!(
        text.starts_with("*Last 7 days:* 1 asks, 0 matched (0%), 0 expired unmatched"),
        "{text}"
    );
    assert_eq!(chosen(&view), [home::INSIGHTS_WEEK]);
    // Remembered the next time Home is opened.
    let text = admin_section(&app.open_home("UBOSS").await);
    assert!(text.starts_with("*Last 7 days:* 1 asks"), "{text}");

    app.click_home("UBOSS", home::INSIGHTS_QUARTER, "90", None)
        .await;
    let text = admin_section(&app.home_of("UBOSS"));
    assert!(text.starts_with("*Last 90 days:* 2 asks"), "{text}");

    // A value that is not a window changes nothing.
    app.click_home("UBOSS", home::INSIGHTS_WEEK, "8", None)
        .await;
    assert!(admin_section(&app.home_of("UBOSS")).starts_with("*Last 90 days:*"));

    // Someone else's click (forged: they have no such button) stores nothing
    // and shows nothing.
    assert_eq!(admin_section(&app.open_home("UNEW").await), "");
    app.click_home("UNEW", home::INSIGHTS_WEEK, "7", None).await;
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM admin_preferences WHERE team_id = $1 AND user_id = 'UNEW'",
    )
    .bind(TEAM_ID)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(stored, 0);
    assert_eq!(admin_section(&app.home_of("UNEW")), "");
}

#[tokio::test]
async fn nobody_but_an_admin_sees_any_of_it() {
    let app = app_with_admins(&["UBOSS"]).await;
    small_history(&app).await;
    let admin_ids = [
        home::INSIGHTS_WEEK,
        home::INSIGHTS_MONTH,
        home::INSIGHTS_QUARTER,
        home::ADMIN_DIGEST,
    ];
    let boss = app.open_home("UBOSS").await;
    for id in admin_ids {
        assert!(action_ids(&boss).iter().any(|a| a == id), "{id}");
    }
    for user in ["UASKA", "UM1", "UM2", "UM3", "UNOBODY"] {
        let view = app.open_home(user).await;
        let text = view_text(&view);
        for figure in [
            "Last 30 days",
            "Time to match",
            "Mentor load",
            "Gini",
            "Declines",
            "not my area",
            "Skill gaps",
            "Offers per ask",
            "Most loaded",
        ] {
            assert!(!text.contains(figure), "{user} sees {figure}: {text}");
        }
        let ids = action_ids(&view);
        for id in admin_ids {
            assert!(!ids.iter().any(|a| a == id), "{user} has {id}");
        }
    }
    for (command, text) in [("/mentor", "status"), ("/ask", "list"), ("/mentor", "help")] {
        let said = app.command_text("UM1", command, text).await;
        assert!(
            !said.contains("Last 30 days") && !said.contains("matched (") && !said.contains("Gini"),
            "{command} {text}: {said}"
        );
    }
}

fn summaries_to(app: &TestApp, user: &str) -> Vec<Value> {
    app.slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| {
            b["channel"] == user
                && b["text"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("Weekly mentoring summary"))
        })
        .collect()
}

/// The weekly digest button's value and label.
fn digest_button(view: &Value) -> (String, String) {
    let button = view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
        .find(|e| e["action_id"] == home::ADMIN_DIGEST)
        .expect("the digest button");
    (
        button["value"].as_str().unwrap().to_owned(),
        button["text"]["text"].as_str().unwrap().to_owned(),
    )
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[tokio::test]
async fn the_weekly_admin_digest_reaches_opted_in_admins_once_per_run() {
    let app = app_with_admins(&["UBOSS", "UBOSS2"]).await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let a = app
        .ask("UASKA", &AskValues::new("Lifetimes", &["Rust"]))
        .await;
    app.click("UM1", action::ACCEPT, &a.to_string()).await;
    app.settle().await;

    // UBOSS asks for it; the button turns into "stop".
    app.open_home("UBOSS").await;
    app.click_home("UBOSS", home::ADMIN_DIGEST, "on", None)
        .await;
    assert_eq!(
        digest_button(&app.home_of("UBOSS")),
        ("off".into(), "Stop the weekly summary DM".into())
    );
    // UBOSS2 does not. A non-admin's forged click stores nothing; someone who
    // opted in while an admin and is no longer one gets nothing either.
    app.click_home("UFORGER", home::ADMIN_DIGEST, "on", None)
        .await;
    sqlx::query(
        "INSERT INTO admin_preferences (team_id, user_id, weekly_digest, updated_at) VALUES ($1, 'UFORMER', true, now())",
    )
    .bind(TEAM_ID)
    .execute(&app.db)
    .await
    .unwrap();
    let subscribed: Vec<String> = sqlx::query_scalar(
        "SELECT user_id FROM admin_preferences WHERE weekly_digest ORDER BY user_id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(subscribed, ["UBOSS", "UFORMER"]);

    // Default schedule: Mondays 09:00 UTC. Started Monday 2 March 10:00.
    assert_eq!(
        app.jobs("admin_digest", None).await,
        [("pending".into(), at("2026-03-09T09:00:00Z"))]
    );
    app.clock.set(at("2026-03-09T08:59:00Z"));
    app.run_jobs().await;
    assert!(summaries_to(&app, "UBOSS").is_empty(), "not yet");
    app.clock.set(at("2026-03-09T09:00:00Z"));
    app.run_jobs().await;
    let sent = summaries_to(&app, "UBOSS");
    assert_eq!(sent.len(), 1);
    let text = sent[0]["blocks"].to_string();
    assert!(
        text.contains("*Last 7 days:* 1 asks, 1 matched (100%)"),
        "{text}"
    );
    for other in ["UBOSS2", "UFORGER", "UFORMER", "UM1", "UASKA"] {
        assert!(summaries_to(&app, other).is_empty(), "{other} got it");
    }

    // The same run again (a crash after sending, a second worker): nothing more.
    sqlx::query(
        "UPDATE jobs SET status = 'pending', run_at = $1 WHERE kind = 'admin_digest' AND status = 'done'",
    )
    .bind(at("2026-03-09T09:00:00Z"))
    .execute(&app.db)
    .await
    .unwrap();
    app.run_jobs().await;
    assert_eq!(summaries_to(&app, "UBOSS").len(), 1);
    // The next week's is scheduled.
    assert!(app
        .jobs("admin_digest", None)
        .await
        .contains(&("pending".into(), at("2026-03-16T09:00:00Z"))));

    // Opting out stops it.
    app.click_home("UBOSS", home::ADMIN_DIGEST, "off", None)
        .await;
    assert_eq!(
        digest_button(&app.home_of("UBOSS")),
        ("on".into(), "DM me the weekly summary".into())
    );
    app.clock.set(at("2026-03-16T09:00:00Z"));
    app.run_jobs().await;
    assert_eq!(summaries_to(&app, "UBOSS").len(), 1);
}

#[tokio::test]
async fn mentors_of_related_skills_are_named_for_a_gap() {
    let app = app_with_admins(&["UBOSS"]).await;
    seed_mentor(&app, "UGO", &["Go"]).await;
    add_skill(&app, "Rust").await;
    // An admin relates Rust to Go (as curation does); nobody mentors Rust.
    sqlx::query(
        "INSERT INTO related_skills (team_id, slug, related_slug) VALUES ($1, 'rust', 'go')",
    )
    .bind(TEAM_ID)
    .execute(&app.db)
    .await
    .unwrap();
    app.ask("UASKER", &AskValues::new("Lifetimes", &["Rust"]))
        .await;
    let text = admin_section(&app.open_home("UBOSS").await);
    assert!(
        text.contains("_Mentors of related skills:_ <@UGO>"),
        "{text}"
    );
}
