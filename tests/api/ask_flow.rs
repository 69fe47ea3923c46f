//! `/ask` → offers → Accept → intro, and everything around it.

use crate::helpers::asks::{add_skill, seed_mentor, AskValues};
use crate::helpers::{spawn_app, spawn_app_with, Options, TEAM_ID};
use micromentor::views::ids::{action, ask};
use serde_json::Value;

fn posted_to(app: &crate::helpers::TestApp, channel: &str) -> Vec<Value> {
    app.slack
        .calls_to("chat.postMessage")
        .into_iter()
        .filter(|c| c.body["channel"] == channel)
        .map(|c| c.body)
        .collect()
}

#[tokio::test]
async fn the_whole_flow_from_ask_to_intro() {
    let app = spawn_app().await;
    for m in ["UM1", "UM2", "UM3"] {
        seed_mentor(&app, m, &["Rust"]).await;
    }
    // `/ask <text>` pre-fills the topic and the skills it names.
    let view = app
        .open_modal("UASKER", "/ask", "Review my Rust error handling")
        .await;
    insta::assert_json_snapshot!("ask_modal_prefilled", view);
    let topic = view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["block_id"] == ask::TOPIC)
        .unwrap();
    assert_eq!(
        topic["element"]["initial_value"],
        "Review my Rust error handling"
    );

    let mut values = AskValues::new("Review my Rust error handling", &["Rust"]);
    values.details = Some("thiserror vs anyhow in a library".into());
    let ask_id = app.ask("UASKER", &values).await;
    assert_eq!(app.ask_status(ask_id).await, "open");

    // Offered to all three at once (MENTORS_PER_ASK = 3), each in a DM.
    let offers: Vec<Value> = app
        .slack
        .calls_to("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"].as_str().unwrap().starts_with("DUM"))
        .collect();
    assert_eq!(offers.len(), 3);
    insta::assert_json_snapshot!("offer_dm", offers[0]);
    let confirmation = posted_to(&app, "UASKER");
    assert_eq!(confirmation.len(), 1);
    let text = confirmation[0]["text"].as_str().unwrap();
    // How many, never who: names would show who declined or ignored it.
    assert!(text.contains("offered it to 3 mentors"), "{text}");
    assert!(!text.contains("<@UM"), "{text}");

    // UM2 accepts.
    assert_eq!(
        app.click("UM2", action::ACCEPT, &ask_id.to_string())
            .await
            .status(),
        200
    );
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "matched");
    let intros = app.intros();
    assert_eq!(intros.len(), 1);
    assert_eq!(intros[0].body["channel"], "GUASKER-UM2");
    insta::assert_json_snapshot!("intro", intros[0].body);
    let opened: Vec<Value> = app
        .slack
        .calls_to("conversations.open")
        .into_iter()
        .map(|c| c.body["users"].clone())
        .collect();
    assert!(opened.contains(&Value::from("UASKER,UM2")), "{opened:?}");

    // The winner's offer says "You're on it"; the others are taken, buttons gone.
    let updates = app.slack.calls_to("chat.update");
    assert_eq!(updates.len(), 3);
    let by_channel = |ch: &str| {
        updates
            .iter()
            .find(|u| u.body["channel"] == ch)
            .unwrap()
            .body
            .clone()
    };
    assert!(by_channel("DUM2")["text"]
        .as_str()
        .unwrap()
        .contains("You're on it"));
    let taken = by_channel("DUM1");
    assert!(taken["text"].as_str().unwrap().contains("Taken"));
    assert!(
        !taken.to_string().contains(action::ACCEPT),
        "no buttons left"
    );
    insta::assert_json_snapshot!("offer_taken", taken);
    assert_eq!(
        app.offers(ask_id).await,
        [
            ("UM1".into(), "superseded".into()),
            ("UM2".into(), "accepted".into()),
            ("UM3".into(), "superseded".into())
        ]
    );
    // The mentee hears who accepted.
    let told = posted_to(&app, "UASKER");
    assert!(told.last().unwrap()["text"]
        .as_str()
        .unwrap()
        .contains("<@UM2> accepted"));

    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
    if std::env::var("TRANSCRIPT").is_ok() {
        for c in app.slack.calls() {
            let b = &c.body;
            println!(
                "{:<20} {}",
                c.method,
                [
                    b.get("users"),
                    b.get("channel"),
                    b.get("ts"),
                    b.get("user"),
                    b.get("text")
                ]
                .iter()
                .flatten()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(" ")
            );
        }
    }
}

#[tokio::test]
async fn the_asker_is_never_offered_their_own_ask() {
    let app = spawn_app().await;
    seed_mentor(&app, "UASKER", &["SQL"]).await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Index advice", &["SQL"]))
        .await;
    assert_eq!(app.offers(ask_id).await, [("UM1".into(), "pending".into())]);
    // Nor can they accept it by forging a click: they are told so.
    app.click("UASKER", action::ACCEPT, &ask_id.to_string())
        .await;
    app.settle().await;
    let told = app.slack.calls_to("response_url:UASKER");
    assert_eq!(told.len(), 1);
    assert!(told[0].body["text"]
        .as_str()
        .unwrap()
        .contains("wasn't offered to you"));
    assert_eq!(app.ask_status(ask_id).await, "open");
    assert!(app.intros().is_empty());
}

#[tokio::test]
async fn a_decline_offers_the_ask_to_the_next_candidate() {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| s.mentors_per_ask = 1)),
        ..Options::default()
    })
    .await;
    seed_mentor(&app, "UM1", &["Go"]).await;
    seed_mentor(&app, "UM2", &["Go"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Goroutine leak", &["Go"]))
        .await;
    assert_eq!(app.offers(ask_id).await, [("UM1".into(), "pending".into())]);

    app.click("UM1", action::DECLINE_NOT_MY_AREA, &ask_id.to_string())
        .await;
    app.settle().await;
    assert_eq!(
        app.offers(ask_id).await,
        [
            ("UM1".into(), "declined".into()),
            ("UM2".into(), "pending".into())
        ]
    );
    let reason: String =
        sqlx::query_scalar("SELECT decline_reason FROM offers WHERE mentor_id = 'UM1'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(reason, "not_my_area");
    let update = &app.slack.calls_to("chat.update")[0].body;
    assert_eq!(update["channel"], "DUM1");
    assert!(update["text"].as_str().unwrap().contains("passed"));
    assert_eq!(posted_to(&app, "DUM2").len(), 1, "UM2 got the offer");

    // The last candidate declining leaves the ask open with nobody left to ask.
    app.click("UM2", action::DECLINE_NO_TIME, &ask_id.to_string())
        .await;
    app.settle().await;
    assert_eq!(
        app.offers(ask_id).await,
        [
            ("UM1".into(), "declined".into()),
            ("UM2".into(), "declined".into())
        ]
    );
    assert_eq!(app.ask_status(ask_id).await, "open");
}

#[tokio::test]
async fn with_no_candidate_the_mentee_hears_why_and_demand_is_recorded() {
    let app = spawn_app().await;
    add_skill(&app, "Haskell").await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask(
            "UASKER",
            &AskValues::new("Monad transformers", &["Haskell"]),
        )
        .await;
    assert!(app.offers(ask_id).await.is_empty());
    assert_eq!(app.ask_status(ask_id).await, "open");
    let told = posted_to(&app, "UASKER");
    let text = told[0]["text"].as_str().unwrap();
    assert!(text.contains("no mentor can take it right now"), "{text}");
    assert!(text.contains("Nobody mentors *Haskell* yet"), "{text}");
    let unmet: Vec<String> = sqlx::query_scalar("SELECT slug FROM unmet_demand WHERE ask_id = $1")
        .bind(ask_id)
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(unmet, ["haskell"]);
}

#[tokio::test]
async fn cancel_closes_the_ask_and_updates_every_open_offer() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["CSS"]).await;
    seed_mentor(&app, "UM2", &["CSS"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Grid layout", &["CSS"]))
        .await;

    // `/ask list` shows it with a Cancel button.
    let res = app.command("UASKER", "/ask", "list").await;
    let list: Value = res.json().await.unwrap();
    assert_eq!(list["response_type"], "ephemeral");
    assert!(list.to_string().contains(action::CANCEL_ASK));
    crate::helpers::block_kit::check_message(&list).expect("the list is valid Block Kit");
    assert!(list.to_string().contains("Grid layout"));

    // Only the asker may cancel.
    app.click("UM1", action::CANCEL_ASK, &ask_id.to_string())
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "open");
    let refused = app.slack.calls_to("response_url:UM1");
    assert!(refused[0].body["text"]
        .as_str()
        .unwrap()
        .contains("Only the person who asked"));

    app.click("UASKER", action::CANCEL_ASK, &ask_id.to_string())
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "cancelled");
    assert_eq!(
        app.offers(ask_id).await,
        [
            ("UM1".into(), "withdrawn".into()),
            ("UM2".into(), "withdrawn".into())
        ]
    );
    let updates = app.slack.calls_to("chat.update");
    assert_eq!(updates.len(), 2);
    assert!(updates
        .iter()
        .all(|u| u.body["text"].as_str().unwrap().contains("cancelled")));

    // A late accept changes nothing and is answered politely.
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert!(app.intros().is_empty());
    assert_eq!(app.ask_status(ask_id).await, "cancelled");
    let said = app.slack.calls_to("response_url:UM1");
    assert!(said.last().unwrap().body["text"]
        .as_str()
        .unwrap()
        .contains("already been taken care of"));
    assert_eq!(said.last().unwrap().body["response_type"], "ephemeral");
}

#[tokio::test]
async fn a_late_accept_after_the_ask_is_filled_changes_nothing() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Kotlin"]).await;
    seed_mentor(&app, "UM2", &["Kotlin"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Coroutines", &["Kotlin"]))
        .await;
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    let calls_before = app.slack.calls().len();

    app.click("UM2", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert_eq!(app.intros().len(), 1);
    let matches: i64 = sqlx::query_scalar("SELECT count(*) FROM matches")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(matches, 1);
    let after: Vec<String> = app.slack.calls()[calls_before..]
        .iter()
        .map(|c| c.method.clone())
        .collect();
    assert_eq!(
        after,
        ["response_url:UM2"],
        "only a polite ephemeral answer"
    );
}

#[tokio::test]
async fn hostile_text_is_escaped_everywhere_it_is_echoed() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let mut values = AskValues::new("<!channel> help & <@U123> <!subteam^S1|@team>", &["Rust"]);
    values.details = Some("<!here> <https://evil.example|click>".into());
    let ask_id = app.ask("UASKER", &values).await;
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    // A second hostile ask, cancelled: the cancel reply echoes the topic too.
    let second = app.ask("UASKER", &values).await;
    app.click("UASKER", action::CANCEL_ASK, &second.to_string())
        .await;
    app.settle().await;
    let bodies: Vec<String> = app
        .slack
        .calls()
        .iter()
        .filter(|c| c.method.starts_with("chat.") || c.method.starts_with("response_url"))
        .map(|c| c.body.to_string())
        .collect();
    assert!(bodies.len() >= 7, "{}", bodies.len());
    for body in &bodies {
        for raw in [
            "<!channel>",
            "<!here>",
            "<@U123>",
            "<!subteam",
            "<https://evil",
        ] {
            assert!(!body.contains(raw), "{raw} leaked into {body}");
        }
    }
    assert!(bodies
        .iter()
        .any(|b| b.contains("&lt;!channel&gt; help &amp; &lt;@U123&gt;")));
}

#[tokio::test]
async fn mark_as_done_by_the_mentee_records_the_session() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Terraform"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("State drift", &["Terraform"]))
        .await;
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    let value = format!("{ask_id}:UM1");

    app.click("USTRANGER", action::MARK_DONE, &value).await;
    app.settle().await;
    let told = app.slack.calls_to("response_url:USTRANGER");
    assert_eq!(told.len(), 1);
    assert!(told[0].body["text"]
        .as_str()
        .unwrap()
        .contains("Only the asker or the mentor"));
    assert_eq!(app.ask_status(ask_id).await, "matched");

    app.click("UASKER", action::MARK_DONE, &value).await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "done");
    let done_by: Option<String> =
        sqlx::query_scalar("SELECT done_by FROM matches WHERE ask_id = $1")
            .bind(ask_id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(done_by.as_deref(), Some("UASKER"));
    let intro_update = app
        .slack
        .calls_to("chat.update")
        .into_iter()
        .find(|u| u.body["channel"] == "GUASKER-UM1")
        .unwrap();
    assert!(intro_update.body["text"].as_str().unwrap().contains("done"));
}

#[tokio::test]
async fn invalid_asks_come_back_as_block_errors_and_nothing_is_stored() {
    let app = spawn_app().await;
    add_skill(&app, "Rust").await;
    let view = app.open_modal("UASKER", "/ask", "").await;
    let mut values = AskValues::new("", &[]);
    values.time_box = "15";
    let body: Value = app
        .submit_view("UASKER", &view, values.values())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["response_action"], "errors");
    let mut blocks: Vec<&str> = body["errors"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    blocks.sort();
    assert_eq!(blocks, [ask::SKILLS, ask::TIME_BOX, ask::TOPIC]);
    // A skill that is not in the vocabulary (a forged value) is refused too.
    let body: Value = app
        .submit_view(
            "UASKER",
            &view,
            AskValues::new("Fine topic", &["Cobol"]).values(),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(body["errors"][ask::SKILLS].is_string());
    let asks: i64 = sqlx::query_scalar("SELECT count(*) FROM asks")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(asks, 0);
}

#[tokio::test]
async fn ask_help_explains_the_forms() {
    let app = spawn_app().await;
    let said = app.command_text("U1", "/ask", "help").await;
    assert!(said.contains("/ask list"));
    let none = app
        .command("U1", "/ask", "list")
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert!(none["text"].as_str().unwrap().contains("no open asks"));
    let _ = TEAM_ID;
}

#[tokio::test]
async fn a_mentor_cannot_accept_beyond_their_weekly_capacity() {
    let app = spawn_app().await;
    crate::helpers::asks::seed_mentor_with(&app, "UM1", &["Rust"], "UTC", "Mon-Sun 00:00-24:00", 1)
        .await;
    // Both asks are offered while UM1 still has room.
    let first = app.ask("UA1", &AskValues::new("First", &["Rust"])).await;
    let second = app.ask("UA2", &AskValues::new("Second", &["Rust"])).await;
    assert_eq!(app.offers(second).await, [("UM1".into(), "pending".into())]);
    app.click("UM1", action::ACCEPT, &first.to_string()).await;
    app.settle().await;
    app.click("UM1", action::ACCEPT, &second.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(first).await, "matched");
    assert_eq!(app.ask_status(second).await, "open");
    let said = app.slack.calls_to("response_url:UM1");
    assert!(said.last().unwrap().body["text"]
        .as_str()
        .unwrap()
        .contains("as many asks this week"));
    // A new week, room again.
    app.clock.advance(chrono::Duration::days(7));
    app.click("UM1", action::ACCEPT, &second.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(second).await, "matched");
}
