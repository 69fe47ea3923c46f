//! Why nobody took an ask right now, told apart: nobody has the skill, everyone
//! who has it is busy, or they are off work (not a gap: they get it when their
//! day starts).

use crate::helpers::asks::{add_skill, seed_mentor_with, AskValues};
use crate::helpers::{spawn_app, TestApp};

async fn unmet(app: &TestApp, ask_id: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT slug FROM unmet_demand WHERE ask_id = $1 ORDER BY slug")
        .bind(ask_id)
        .fetch_all(&app.db)
        .await
        .unwrap()
}

fn told(app: &TestApp) -> String {
    app.slack
        .calls_to("chat.postMessage")
        .into_iter()
        .filter(|c| c.body["channel"] == "UASKER")
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .next_back()
        .unwrap_or_default()
}

#[tokio::test]
async fn mentors_off_work_are_not_a_gap_and_the_asker_hears_when_they_are_back() {
    let app = spawn_app().await;
    // 10:00 in London is 05:00 in New York.
    seed_mentor_with(
        &app,
        "UNY",
        &["Elixir"],
        "America/New_York",
        "Mon-Fri 09:00-17:00",
        2,
    )
    .await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("GenServers", &["Elixir"]))
        .await;
    assert!(
        app.offers(ask_id).await.is_empty(),
        "held for their morning"
    );
    assert!(unmet(&app, ask_id).await.is_empty(), "not unmet demand");
    let text = told(&app);
    assert!(text.contains("off work now"), "{text}");
    assert!(!text.contains("Nobody mentors"), "{text}");
}

#[tokio::test]
async fn paused_or_full_mentors_are_a_gap_told_apart_from_nobody() {
    let app = spawn_app().await;
    add_skill(&app, "Haskell").await;
    seed_mentor_with(&app, "UP", &["Go"], "UTC", "Mon-Sun 00:00-24:00", 2).await;
    sqlx::query(
        "UPDATE mentors SET paused_until = now() + interval '30 days' WHERE user_id = 'UP'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let ask_id = app
        .ask("UASKER", &AskValues::new("Two things", &["Go", "Haskell"]))
        .await;
    assert_eq!(unmet(&app, ask_id).await, ["go", "haskell"]);
    let text = told(&app);
    assert!(text.contains("Nobody mentors *Haskell* yet"), "{text}");
    assert!(
        text.contains("The mentors for *Go* are all paused or at their weekly limit"),
        "{text}"
    );
}
