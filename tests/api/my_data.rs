//! `/ask my-data`: everything stored about you as a JSON file by DM, and
//! "Delete my data" — after which no row in any table names you, your sessions
//! stay as anonymous rows for the figures, and the other person's record says
//! "a former participant".

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::my_data::{erase, export, my_data, rows_naming};
use crate::helpers::{rating_form, spawn_app, TestApp};
use chrono::Duration;
use micromentor::views::ids::{self, action};
use serde_json::{json, Value};

/// UM1 helps UASKER with "Lifetimes" (rated 5 with a note); UASKER also has an
/// open ask waiting on UM1. Returns (matched ask, open ask).
async fn a_session_and_an_open_ask(app: &TestApp) -> (i64, i64) {
    seed_mentor(app, "UM1", &["Rust"]).await;
    let mut values = AskValues::new("Lifetimes in my parser", &["Rust"]);
    values.details = Some("The borrow checker hates my tokenizer".into());
    let done = app.ask("UASKER", &values).await;
    app.click("UM1", action::ACCEPT, &done.to_string()).await;
    app.settle().await;
    app.advance_and_run(Duration::days(2)).await;
    app.click("UASKER", action::FOLLOWUP_YES, &format!("{done}:UM1:1"))
        .await;
    app.settle().await;
    let modal = app.slack.calls_to("views.open").last().unwrap().body["view"].clone();
    app.submit_view("UASKER", &modal, rating_form("5", "Thank you so much"))
        .await;
    app.settle().await;
    let open = app
        .ask("UASKER", &AskValues::new("Async traits", &["Rust"]))
        .await;
    app.settle().await;
    assert_eq!(
        app.offers(open).await,
        vec![("UM1".into(), "pending".into())]
    );
    (done, open)
}

#[tokio::test]
async fn the_export_carries_everything_stored_about_you_and_nothing_hidden() {
    let app = spawn_app().await;
    let (done, open) = a_session_and_an_open_ask(&app).await;

    let mine = export(&app, "UASKER").await;
    assert_eq!(mine["user_id"], "UASKER");
    let asks = mine["asks"].as_array().unwrap();
    assert_eq!(asks.len(), 2);
    assert_eq!(asks[0]["id"], done);
    assert_eq!(asks[0]["details"], "The borrow checker hates my tokenizer");
    assert_eq!(asks[0]["skills"], json!(["rust"]));
    assert_eq!(asks[1]["id"], open);
    assert_eq!(mine["mentor_settings"], Value::Null);
    let session = &mine["sessions"][0];
    assert_eq!(session["role"], "mentee");
    assert_eq!(session["with"], "UM1");
    assert_eq!(session["rating_given"], 5);
    assert_eq!(session["note_given"], "Thank you so much");

    let theirs = export(&app, "UM1").await;
    assert_eq!(theirs["mentor_settings"]["user_id"], "UM1");
    assert_eq!(theirs["mentor_skills"], json!(["rust"]));
    assert_eq!(theirs["offers_received"].as_array().unwrap().len(), 2);
    let session = &theirs["sessions"][0];
    assert_eq!(session["role"], "mentor");
    assert_eq!(session["topic"], "Lifetimes in my parser");
    // The mentee answered, the mentor not yet: nothing of it shows to the mentor.
    assert_eq!(session["rating_received"], Value::Null);
    assert_eq!(session["note_received"], Value::Null);
    assert!(!theirs.to_string().contains("Thank you so much"));
}

#[tokio::test]
async fn after_deleting_an_askers_data_no_row_names_them_and_the_figures_stay() {
    let app = spawn_app().await;
    let (done, open) = a_session_and_an_open_ask(&app).await;
    assert!(!rows_naming(&app, "UASKER").await.is_empty());
    let updates_before = app.slack.calls_to("chat.update").len();

    erase(&app, "UASKER").await;

    assert_eq!(rows_naming(&app, "UASKER").await, Vec::<String>::new());
    assert_eq!(
        rows_naming(&app, "borrow checker").await,
        Vec::<String>::new()
    );
    assert_eq!(rows_naming(&app, "Lifetimes").await, Vec::<String>::new());
    assert_eq!(
        rows_naming(&app, "Thank you so much").await,
        Vec::<String>::new()
    );
    // The open ask was cancelled and UM1's offer DM rewritten.
    assert_eq!(app.ask_status(open).await, "cancelled");
    assert!(app.slack.calls_to("chat.update").len() > updates_before);
    // The rows the figures count are still there, naming nobody.
    let (asks, matches): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM asks), (SELECT count(*) FROM matches WHERE ask_id = $1)",
    )
    .bind(done)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((asks, matches), (2, 1));
    // The mentor's record: a former participant.
    let record: Value = app
        .command("UM1", "/ask", "history")
        .await
        .json()
        .await
        .unwrap();
    let record = record.to_string();
    assert!(record.contains("with a former participant"), "{record}");
    assert!(record.contains("(removed)"), "{record}");
    // They were told, in their DM.
    let told = app.slack.calls_to("chat.postMessage");
    assert!(told.iter().any(|c| c.body["channel"] == "UASKER"
        && c.body["text"]
            .as_str()
            .unwrap()
            .starts_with("Your data is deleted")));
    // A fresh export has nothing left to say.
    let after = export(&app, "UASKER").await;
    assert_eq!(after["asks"], json!([]));
    assert_eq!(after["sessions"], json!([]));
}

#[tokio::test]
async fn after_deleting_a_mentors_data_their_pending_offer_goes_on_and_no_row_names_them() {
    let app = spawn_app().await;
    let (done, open) = a_session_and_an_open_ask(&app).await;
    seed_mentor(&app, "UM2", &["Rust"]).await;

    erase(&app, "UM1").await;

    assert_eq!(rows_naming(&app, "UM1").await, Vec::<String>::new());
    // The ask UM1 was holding is offered to the next mentor instead.
    assert_eq!(app.ask_status(open).await, "open");
    assert_eq!(
        app.offers(open).await,
        vec![("UM2".into(), "pending".into())]
    );
    // The session stays, with the mentee's feedback still attached to it.
    let rating: Option<i16> =
        sqlx::query_scalar("SELECT rating FROM session_outcomes WHERE ask_id = $1")
            .bind(done)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(rating, Some(5));
    let record: Value = app
        .command("UASKER", "/ask", "history")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        record.to_string().contains("with a former participant"),
        "{record}"
    );
    // Asking for the erasure again later (as someone new) works: no stale key.
    seed_mentor(&app, "UM1", &["Go"]).await;
    erase(&app, "UM1").await;
    assert_eq!(rows_naming(&app, "UM1").await, Vec::<String>::new());
}

#[tokio::test]
async fn closing_the_confirmation_deletes_nothing() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    my_data(&app, "UM1", action::MY_DATA_DELETE).await;
    let modal = app.slack.calls_to("views.open").last().unwrap().body["view"].clone();
    assert_eq!(modal["callback_id"], ids::ERASE_MODAL);
    // Not submitted (the person pressed "Keep my data"): no job, nothing gone.
    app.run_jobs().await;
    let mentors: i64 = sqlx::query_scalar("SELECT count(*) FROM mentors WHERE user_id = 'UM1'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(mentors, 1);
}
