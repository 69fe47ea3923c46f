//! Slack misbehaving, Postgres going away, and many clicks at once.

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::{spawn_app_with, Fault, Options, TestApp};
use micromentor::slack::client::RetryPolicy;
use micromentor::views::ids::{action, ask};
use std::collections::HashMap;
use std::time::Duration;

fn count_by_channel(app: &TestApp) -> HashMap<String, usize> {
    app.slack
        .accepted("chat.postMessage")
        .iter()
        .fold(HashMap::new(), |mut m, c| {
            *m.entry(c.body["channel"].as_str().unwrap().to_owned())
                .or_default() += 1;
            m
        })
}

fn fast_policy() -> RetryPolicy {
    RetryPolicy {
        base_backoff: Duration::from_millis(20),
        attempt_timeout: Duration::from_millis(400),
        ..RetryPolicy::default()
    }
}

#[tokio::test]
async fn every_message_arrives_once_through_429s_500s_and_slow_answers() {
    let app = spawn_app_with(Options {
        policy: Some(fast_policy()),
        ..Options::default()
    })
    .await;
    for m in ["UM1", "UM2", "UM3"] {
        seed_mentor(&app, m, &["Rust"]).await;
    }
    app.slack.fail_next("views.open", Fault::Status(500));
    app.slack
        .fail_next("conversations.open", Fault::RateLimited { retry_after: 1 });
    app.slack
        .fail_next("conversations.open", Fault::Status(503));
    app.slack.fail_next(
        "conversations.open",
        Fault::Delay(Duration::from_millis(800)),
    ); // times out, retried
    app.slack.fail_next("chat.postMessage", Fault::Status(500));
    app.slack
        .fail_next("chat.postMessage", Fault::RateLimited { retry_after: 1 });
    app.slack
        .fail_next("chat.postMessage", Fault::Delay(Duration::from_millis(200))); // slow but in time
    let ask_id = app
        .ask("UASKER", &AskValues::new("Lifetimes", &["Rust"]))
        .await;
    app.slack.fail_next("chat.postMessage", Fault::Status(502));
    app.slack
        .fail_next("conversations.open", Fault::Status(500));
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;

    let posted = count_by_channel(&app);
    for channel in ["DUM1", "DUM2", "DUM3", "GUASKER-UM1"] {
        assert_eq!(posted.get(channel), Some(&1), "{channel}: {posted:?}");
    }
    assert_eq!(
        posted.get("UASKER"),
        Some(&2),
        "confirmation + accepted: {posted:?}"
    );
    assert_eq!(app.slack.accepted("views.open").len(), 1);
}

#[tokio::test]
async fn a_post_that_times_out_is_not_repeated() {
    let app = spawn_app_with(Options {
        policy: Some(fast_policy()),
        ..Options::default()
    })
    .await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    // The offer DM reaches Slack, but the answer comes too late: it may have been
    // posted, so it is not posted again, and the offer stands.
    app.slack
        .fail_next("chat.postMessage", Fault::Delay(Duration::from_millis(800)));
    let ask_id = app
        .ask("UASKER", &AskValues::new("Lifetimes", &["Rust"]))
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await; // let the slow fake finish answering
    assert_eq!(count_by_channel(&app).get("DUM1"), Some(&1));
    assert_eq!(app.offers(ask_id).await, [("UM1".into(), "pending".into())]);
    // A later routing pass does not offer it to UM1 again.
    micromentor::flows::route::route_ask(&app.state, ask_id, false)
        .await
        .unwrap();
    assert_eq!(count_by_channel(&app).get("DUM1"), Some(&1));
}

#[tokio::test]
async fn a_postgres_outage_fails_politely_and_recovers_without_restart() {
    let app = spawn_app_with(Options {
        db_via_proxy: true,
        ..Options::default()
    })
    .await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    seed_mentor(&app, "UM2", &["SQL"]).await;
    let kept = app
        .ask("UASKER", &AskValues::new("Before the outage", &["SQL"]))
        .await;
    let view = app.open_modal("UOTHER", "/ask", "").await;
    let proxy = app.db_proxy.as_ref().unwrap();
    proxy.down();

    // A submission keeps the modal open with a clear error: nothing is lost.
    let started = std::time::Instant::now();
    let res = app
        .submit_view(
            "UOTHER",
            &view,
            AskValues::new("During the outage", &["SQL"]).values(),
        )
        .await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["response_action"], "errors");
    assert!(body["errors"][ask::TOPIC]
        .as_str()
        .unwrap()
        .contains("try again"));
    // A click is acked, then the user hears it failed.
    assert_eq!(
        app.click("UM1", action::ACCEPT, &kept.to_string())
            .await
            .status(),
        200
    );
    app.settle().await;
    let said = app.slack.calls_to("response_url:UM1");
    assert!(said.last().unwrap().body["text"]
        .as_str()
        .unwrap()
        .contains("try again"));
    // Events get a 503 so Slack retries them; health says so.
    let event = serde_json::json!({"type": "event_callback", "team_id": "T0TEST", "event_id": "EvOut", "event": {"type": "app_home_opened", "user": "U1", "tab": "home"}});
    assert_eq!(app.event(&event, None).await.status(), 503);
    assert_eq!(
        app.http
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        503
    );

    proxy.up();
    assert_eq!(
        app.http
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        app.event(&event, Some(1)).await.status(),
        200,
        "Slack's retry now succeeds"
    );
    app.click("UM1", action::ACCEPT, &kept.to_string()).await;
    app.settle().await;
    assert_eq!(
        app.ask_status(kept).await,
        "matched",
        "the ask made before the outage was kept"
    );
    let again = app
        .ask("UOTHER", &AskValues::new("After the outage", &["SQL"]))
        .await;
    assert_eq!(app.ask_status(again).await, "open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_simultaneous_accepts_across_asks_make_no_double_intro() {
    const ASKS: usize = 250;
    const CLICKERS: usize = 4;
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| s.mentors_per_ask = CLICKERS as u8)),
        ..Options::default()
    })
    .await;
    for i in 0..CLICKERS {
        seed_mentor(&app, &format!("UM{i}"), &["Rust"]).await;
    }
    sqlx::query("UPDATE mentors SET capacity = 20")
        .execute(&app.db)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..ASKS {
        let ask = micromentor::core::ask::NewAsk {
            topic: format!("Ask {i}"),
            details: String::new(),
            skills: vec![micromentor::core::skills::SkillSlug::parse("rust").unwrap()],
            time_box: 20,
            format: micromentor::core::ask::Format::Chat,
            mentors_wanted: 1,
            in_digest: false,
            needed_by: None,
            first_mentor: None,
        };
        let now = crate::helpers::start_time();
        let asker = format!("UASKER{i}");
        let (id, _) =
            micromentor::store::asks::create(&app.db, "T0TEST", &asker, &ask, |_| vec![], now)
                .await
                .unwrap()
                .expect("skills exist");
        for m in 0..CLICKERS {
            micromentor::store::offers::insert_offer(
                &app.db,
                id,
                "T0TEST",
                &format!("UM{i}X{m}"),
                now,
            )
            .await
            .unwrap();
        }
        ids.push(id);
    }
    let values: Vec<(String, String)> = ids
        .iter()
        .enumerate()
        .flat_map(|(i, id)| (0..CLICKERS).map(move |m| (format!("UM{i}X{m}"), id.to_string())))
        .collect();
    let clicks = values
        .iter()
        .map(|(user, id)| app.click(user, action::ACCEPT, id));
    let statuses = futures::future::join_all(clicks).await;
    assert!(statuses.iter().all(|r| r.status() == 200));
    app.settle().await;
    let intros = app.intros();
    let mut per_ask: HashMap<String, usize> = HashMap::new();
    for i in &intros {
        let topic = i.body["text"].as_str().unwrap().to_owned();
        *per_ask.entry(topic).or_default() += 1;
    }
    println!(
        "{} clicks on {ASKS} asks: {} intros, max per ask {}",
        values.len(),
        intros.len(),
        per_ask.values().max().unwrap()
    );
    let try_again = app
        .slack
        .calls()
        .iter()
        .filter(|c| c.method.starts_with("response_url:"))
        .filter(|c| c.body["text"] == micromentor::views::text::TRY_AGAIN)
        .count();
    assert_eq!(
        intros.len(),
        ASKS,
        "one intro per ask ({try_again} clicks failed and were told to try again)"
    );
    assert!(per_ask.values().all(|n| *n == 1));
    let matches: i64 = sqlx::query_scalar("SELECT count(*) FROM matches")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(matches, ASKS as i64);
}
