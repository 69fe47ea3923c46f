//! The reminder ladder: nudge and widen, advise, expire — and silence after a match or cancel.

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::{spawn_app_with, Options, TestApp};
use chrono::Duration;
use micromentor::views::ids::action;

async fn app_with_one_offer_at_a_time() -> TestApp {
    spawn_app_with(Options {
        settings: Some(Box::new(|s| s.mentors_per_ask = 1)),
        ..Options::default()
    })
    .await
}

/// The statuses of an ask's jobs of `kind`, in due order.
async fn statuses(app: &TestApp, kind: &str, ask_id: i64) -> Vec<String> {
    app.jobs(kind, Some(ask_id))
        .await
        .into_iter()
        .map(|(status, _)| status)
        .collect()
}

fn to(app: &TestApp, channel: &str) -> Vec<serde_json::Value> {
    app.slack
        .calls_to("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == channel)
        .collect()
}

#[tokio::test]
async fn the_ladder_fires_in_order_then_expires_the_ask() {
    let app = app_with_one_offer_at_a_time().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    seed_mentor(&app, "UM2", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Borrow checker fight", &["Rust"]))
        .await;
    assert_eq!(app.offers(ask_id).await, [("UM1".into(), "pending".into())]);
    let offer_ts = to(&app, "DUM1").len();
    assert_eq!(offer_ts, 1);

    // Nothing before the first rung.
    let calls = app.slack.calls().len();
    app.advance_and_run(Duration::hours(3)).await;
    assert_eq!(
        statuses(&app, "ladder", ask_id).await,
        ["pending", "pending", "pending"],
        "no rung is due yet"
    );
    assert_eq!(app.slack.calls().len(), calls);

    // 4 h: UM1 is nudged in the offer's thread, and the net widens to UM2;
    // the asker hears it went to one more mentor (how many, never who).
    let told = to(&app, "UASKER").len();
    app.advance_and_run(Duration::hours(1)).await;
    let mentee = to(&app, "UASKER");
    assert_eq!(mentee.len(), told + 1);
    let widened = mentee.last().unwrap()["text"].as_str().unwrap();
    assert!(widened.contains("offered it to 1 more mentor"), "{widened}");
    assert!(!widened.contains("UM2"));
    let dm1 = to(&app, "DUM1");
    assert_eq!(dm1.len(), 2);
    assert!(
        dm1[1]["thread_ts"].is_string(),
        "the nudge is a thread reply: {}",
        dm1[1]
    );
    assert!(dm1[1]["text"].as_str().unwrap().contains("Gentle nudge"));
    assert_eq!(
        app.offers(ask_id).await,
        [
            ("UM1".into(), "pending".into()),
            ("UM2".into(), "pending".into())
        ]
    );

    // 8 h: the mentee hears what they can do.
    let before = to(&app, "UASKER").len();
    app.advance_and_run(Duration::hours(4)).await;
    let mentee = to(&app, "UASKER");
    assert_eq!(mentee.len(), before + 1);
    assert!(mentee.last().unwrap()["text"]
        .as_str()
        .unwrap()
        .contains("Nobody has picked up"));

    // 7 d: expired; both offers rewritten; the mentee told.
    app.advance_and_run(Duration::days(7)).await;
    assert_eq!(app.ask_status(ask_id).await, "expired");
    let updates = app.slack.calls_to("chat.update");
    assert_eq!(updates.len(), 2);
    assert!(updates
        .iter()
        .all(|u| u.body["text"].as_str().unwrap().contains("expired")));
    assert!(to(&app, "UASKER").last().unwrap()["text"]
        .as_str()
        .unwrap()
        .contains("expired"));

    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
    // Running again sends nothing more: every rung has run, and the worker
    // still runs (housekeeping) without repeating any.
    assert_eq!(
        statuses(&app, "ladder", ask_id).await,
        ["done", "done", "done"]
    );
    assert_eq!(statuses(&app, "nudge", ask_id).await, ["done"]);
    let calls = app.slack.calls().len();
    let ran = app.advance_and_run(Duration::days(30)).await;
    assert!(ran > 0, "the worker ran");
    assert_eq!(app.slack.calls().len(), calls);
}

#[tokio::test]
async fn nothing_is_sent_after_the_ask_is_matched_or_cancelled() {
    let app = app_with_one_offer_at_a_time().await;
    seed_mentor(&app, "UM1", &["Go"]).await;
    seed_mentor(&app, "UM2", &["Go"]).await;
    let matched = app
        .ask("UASKER", &AskValues::new("Channels", &["Go"]))
        .await;
    app.click("UM1", action::ACCEPT, &matched.to_string()).await;
    let cancelled = app
        .ask("UOTHER", &AskValues::new("Generics", &["Go"]))
        .await;
    app.click("UOTHER", action::CANCEL_ASK, &cancelled.to_string())
        .await;
    app.settle().await;
    let calls = app.slack.calls().len();

    // Past every rung (but before the follow-up of the match at 2 days): the
    // nudge and advice rungs of both asks ran, and found nothing to do.
    app.advance_and_run(Duration::hours(47)).await;
    for ask_id in [matched, cancelled] {
        assert_eq!(
            statuses(&app, "ladder", ask_id).await,
            ["done", "done", "pending"],
            "ask {ask_id}"
        );
    }
    assert_eq!(
        app.slack.calls().len(),
        calls,
        "{:?}",
        &app.slack.calls()[calls..]
    );
    app.advance_and_run(Duration::days(8)).await;
    for ask_id in [matched, cancelled] {
        assert_eq!(
            statuses(&app, "ladder", ask_id).await,
            ["done", "done", "done"],
            "ask {ask_id}: the expiry rung ran too"
        );
    }
    assert_eq!(app.ask_status(matched).await, "matched");
    assert_eq!(app.ask_status(cancelled).await, "cancelled");
    // Only the follow-ups went out: the mentee's and the mentor's.
    let later: Vec<(String, String)> = app.slack.calls()[calls..]
        .iter()
        .map(|c| {
            let text = c.body["text"].as_str().unwrap_or("").to_owned();
            (c.body["channel"].as_str().unwrap_or("").to_owned(), text)
        })
        .collect();
    assert_eq!(
        later,
        [
            (
                "UASKER".into(),
                "Did your session with <@UM1> on *Channels* happen?".into()
            ),
            (
                "UM1".into(),
                "Did your session with <@UASKER> on *Channels* happen?".into()
            ),
        ]
    );
}
