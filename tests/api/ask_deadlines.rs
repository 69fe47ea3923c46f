//! What the asker said is used: a "needed by" date sooner than the default expiry
//! brings the reminders and the expiry forward, and the mentor's "how I can help"
//! line reaches the asker and the intro.

use crate::helpers::asks::{add_skill, seed_mentor, AskValues};
use crate::helpers::{spawn_app, start_time};
use chrono::Duration;
use micromentor::views::ids::action;

#[tokio::test]
async fn a_sooner_needed_by_date_brings_reminders_and_expiry_forward() {
    let app = spawn_app().await;
    add_skill(&app, "Rust").await;
    let later = app
        .ask("UASKER", &AskValues::new("No rush", &["Rust"]))
        .await;
    let tomorrow = (start_time() + Duration::days(1)).date_naive();
    let soon = app
        .ask(
            "UASKER",
            &AskValues {
                needed_by: Some(tomorrow.format("%Y-%m-%d").to_string()),
                ..AskValues::new("Before Tuesday's demo", &["Rust"])
            },
        )
        .await;
    let expiry = |jobs: Vec<(String, chrono::DateTime<chrono::Utc>)>| {
        jobs.into_iter().map(|(_, at)| at).max().unwrap()
    };
    // Default: a week. Needed by Tuesday: when Tuesday has ended everywhere.
    let default_expiry = expiry(app.jobs("ladder", Some(later)).await);
    assert_eq!(default_expiry, start_time() + Duration::days(7));
    let soon_expiry = expiry(app.jobs("ladder", Some(soon)).await);
    let tuesday_over = (tomorrow + Duration::days(1))
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc();
    assert_eq!(soon_expiry, tuesday_over);

    // Nobody answers: it expires then, not a week later.
    app.clock.set(tuesday_over + Duration::minutes(1));
    app.run_jobs().await;
    assert_eq!(app.ask_status(soon).await, "expired");
    assert_eq!(app.ask_status(later).await, "open");
}

#[tokio::test]
async fn the_mentors_help_line_reaches_the_asker_and_the_intro() {
    let app = spawn_app().await;
    add_skill(&app, "Rust").await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    sqlx::query(
        "UPDATE mentors SET help_text = 'Happy to pair on lifetimes <!here>' WHERE user_id = 'UM1'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let ask_id = app
        .ask("UASKER", &AskValues::new("Borrow checker", &["Rust"]))
        .await;
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    let intro = app.intros();
    assert_eq!(intro.len(), 1);
    let text = intro[0].body.to_string();
    assert!(
        text.contains("Happy to pair on lifetimes &lt;!here&gt;"),
        "{text}"
    );
    let told: Vec<String> = app
        .slack
        .calls_to("chat.postMessage")
        .into_iter()
        .filter(|c| c.body["channel"] == "UASKER")
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        told.iter()
            .any(|t| t.contains("accepted your ask") && t.contains("Happy to pair on lifetimes")),
        "{told:?}"
    );
}
