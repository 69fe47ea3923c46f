//! The `/mentor` text forms.

use crate::helpers::mentor_form::MentorForm;
use crate::helpers::{spawn_app, TestApp};

async fn become_mentor(app: &TestApp, user: &str) {
    let view = app.open_modal(user, "/mentor", "").await;
    let form = MentorForm {
        new_skills: Some("Rust".into()),
        ..MentorForm::default()
    };
    assert_eq!(
        app.submit_view(user, &view, form.values()).await.status(),
        200
    );
}

async fn paused_until(app: &TestApp) -> Option<chrono::DateTime<chrono::Utc>> {
    sqlx::query_scalar("SELECT paused_until FROM mentors")
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn pause_for_two_weeks_then_status_shows_it() {
    let app = spawn_app().await;
    become_mentor(&app, "U1").await;
    let said = app.command_text("U1", "/mentor", "pause 2w").await;
    // 2026-03-02 10:00 UTC + 14 days, shown in London time (GMT).
    assert!(said.contains("Mon 16 Mar 2026 10:00"), "{said}");
    assert_eq!(
        paused_until(&app).await,
        Some(crate::helpers::start_time() + chrono::Duration::weeks(2))
    );

    let status = app.command_text("U1", "/mentor", "status").await;
    assert!(
        status.contains("Paused until Mon 16 Mar 2026 10:00"),
        "{status}"
    );
    assert!(status.contains("Rust"), "{status}");

    // After the pause ends, status no longer mentions it.
    app.clock.advance(chrono::Duration::weeks(3));
    let status = app.command_text("U1", "/mentor", "status").await;
    assert!(!status.contains("Paused"), "{status}");
}

#[tokio::test]
async fn resume_ends_a_pause_and_dates_are_understood() {
    let app = spawn_app().await;
    become_mentor(&app, "U1").await;
    let said = app.command_text("U1", "/mentor", "pause 2026-04-06").await;
    assert!(
        said.contains("Mon 6 Apr 2026 00:00 (Europe/London)"),
        "{said}"
    );
    app.command_text("U1", "/mentor", "resume").await;
    assert_eq!(paused_until(&app).await, None);

    let said = app.command_text("U1", "/mentor", "pause whenever").await;
    assert!(said.contains("how long"), "{said}");
    assert_eq!(paused_until(&app).await, None);
}

#[tokio::test]
async fn on_and_off_toggle_without_losing_settings() {
    let app = spawn_app().await;
    let said = app.command_text("U2", "/mentor", "on").await;
    assert!(
        said.contains("Choose the skills"),
        "a newcomer is sent to the modal: {said}"
    );

    become_mentor(&app, "U1").await;
    app.command_text("U1", "/mentor", "off").await;
    let opted: bool = sqlx::query_scalar("SELECT opted_in FROM mentors")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(!opted);
    let said = app.command_text("U1", "/mentor", "on").await;
    assert!(said.contains("You're mentoring"), "{said}");
    let skills: i64 = sqlx::query_scalar("SELECT count(*) FROM mentor_skills")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(skills, 1);
}

#[tokio::test]
async fn help_and_unknown_subcommands_explain_the_forms() {
    let app = spawn_app().await;
    let help = app.command_text("U1", "/mentor", "help").await;
    for form in [
        "/mentor on",
        "/mentor off",
        "/mentor pause 2w",
        "/mentor resume",
        "/mentor status",
    ] {
        assert!(help.contains(form), "{form} missing from help");
    }
    let unknown = app.command_text("U1", "/mentor", "dance <!here>").await;
    assert!(
        unknown.starts_with("I didn't understand `dance &lt;!here&gt;`"),
        "{unknown}"
    );
    assert!(unknown.contains("/mentor pause 2w"));
    let status = app.command_text("U1", "/mentor", "status").await;
    assert!(status.contains("haven't set up mentoring"), "{status}");
}

#[tokio::test]
async fn a_database_outage_gets_a_polite_answer_in_time() {
    let app = crate::helpers::spawn_app_with(crate::helpers::Options {
        db_via_proxy: true,
        ..Default::default()
    })
    .await;
    app.db_proxy.as_ref().unwrap().down();
    let started = std::time::Instant::now();
    let said = app.command_text("U1", "/mentor", "status").await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(said.contains("nothing was changed"), "{said}");
}
