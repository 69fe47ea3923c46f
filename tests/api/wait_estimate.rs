//! "Where my ask stands": the asker hears how long asks like theirs usually wait,
//! from this workspace's own history — and nothing without enough history.

use crate::helpers::asks::{seed_mentor_with, AskValues};
use crate::helpers::{spawn_app_with, Options, TestApp};
use chrono::Duration;
use micromentor::views::ids::action;

/// The last "Your ask … is out" DM to `user`.
fn routed_dm(app: &TestApp, user: &str) -> String {
    app.slack
        .calls_to("chat.postMessage")
        .iter()
        .filter(|c| c.body["channel"] == user)
        .filter_map(|c| c.body["text"].as_str().map(str::to_owned))
        .rfind(|t| t.contains("is out"))
        .unwrap_or_else(|| panic!("no routing DM to {user}"))
}

#[tokio::test]
async fn the_estimate_appears_only_with_history_and_counts_working_hours() {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| s.mentors_per_ask = 1)),
        ..Default::default()
    })
    .await;
    // Monday 10:00 in London; the mentor works 09:00-17:00 there.
    seed_mentor_with(
        &app,
        "UM1",
        &["SQL"],
        "Europe/London",
        "Mon-Fri 09:00-17:00",
        20,
    )
    .await;
    for (n, user) in ["UA1", "UA2", "UA3"].iter().enumerate() {
        let ask = app.ask(user, &AskValues::new("Index?", &["SQL"])).await;
        if n == 0 {
            // No history yet: no estimate, no guess.
            assert!(
                !routed_dm(&app, user).contains("usually"),
                "{}",
                routed_dm(&app, user)
            );
        }
        app.clock.advance(Duration::hours(2));
        app.click("UM1", action::ACCEPT, &ask.to_string()).await;
        app.settle().await;
        app.clock.advance(Duration::minutes(10));
    }
    // Three asks sharing the skill, each answered after 2 working hours.
    let next = app.ask("UA4", &AskValues::new("Vacuum?", &["SQL"])).await;
    assert!(next > 0);
    let said = routed_dm(&app, "UA4");
    assert!(
        said.contains("usually answered within about 2 hours"),
        "{said}"
    );
    // Another skill has no history of its own.
    seed_mentor_with(&app, "UM2", &["Go"], "UTC", "Mon-Sun 00:00-24:00", 5).await;
    app.ask("UA5", &AskValues::new("Channels?", &["Go"])).await;
    assert!(!routed_dm(&app, "UA5").contains("usually"));
}
