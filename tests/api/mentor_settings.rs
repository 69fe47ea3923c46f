//! Opting in through the `/mentor` modal, re-opening it, and its validation.

use crate::helpers::mentor_form::MentorForm;
use crate::helpers::{spawn_app, spawn_app_with, Options, TestApp, TEAM_ID};
use micromentor::views::ids::mentor;
use serde_json::Value;

fn block<'a>(view: &'a Value, id: &str) -> &'a Value {
    view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["block_id"] == id)
        .unwrap_or_else(|| panic!("no block {id}"))
}

async fn mentor_row(
    app: &TestApp,
    user: &str,
) -> Option<(bool, i16, String, i16, i16, i16, String)> {
    sqlx::query_as("SELECT opted_in, capacity, tz, work_days, work_start, work_end, help_text FROM mentors WHERE team_id = $1 AND user_id = $2")
        .bind(TEAM_ID)
        .bind(user)
        .fetch_optional(&app.db)
        .await
        .unwrap()
}

async fn mentor_skills(app: &TestApp, user: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT slug FROM mentor_skills WHERE user_id = $1 ORDER BY slug")
        .bind(user)
        .fetch_all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_new_mentor_sees_defaults_in_their_own_zone() {
    let app = spawn_app().await;
    app.slack.set_user_tz("U1", "America/New_York");
    let view = app.open_modal("U1", "/mentor", "").await;
    insta::assert_json_snapshot!("new_mentor_modal", view);
    assert_eq!(view["private_metadata"], r#"{"tz":"America/New_York"}"#);
    assert!(block(&view, mentor::OPT_IN)["element"]
        .get("initial_options")
        .is_none());
    assert_eq!(
        block(&view, mentor::CAPACITY)["element"]["initial_value"],
        "2"
    );
    assert_eq!(
        block(&view, mentor::START)["element"]["initial_option"]["value"],
        "09:00"
    );
    assert_eq!(
        block(&view, mentor::END)["element"]["initial_option"]["value"],
        "17:00"
    );
    let info = app.slack.calls_to("users.info");
    assert_eq!(info[0].body["user"], "U1");
}

#[tokio::test]
async fn opting_in_through_the_modal_stores_everything_and_confirms_by_dm() {
    let app = spawn_app().await;
    app.slack.set_user_tz("U1", "Europe/London");
    let view = app.open_modal("U1", "/mentor", "").await;
    let form = MentorForm {
        new_skills: Some("Rust , SQL, incident   reviews".into()),
        capacity: Some("3".into()),
        days: vec![0, 2, 4],
        start: Some("10:00".into()),
        end: Some("16:30".into()),
        help_text: Some("Happy to pair on <lifetimes> & async".into()),
        ..MentorForm::default()
    };
    let res = app.submit_view("U1", &view, form.values()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.text().await.unwrap(),
        "",
        "an empty 200 closes the modal"
    );

    let row = mentor_row(&app, "U1").await.unwrap();
    assert_eq!(
        row,
        (
            true,
            3,
            "Europe/London".into(),
            0b10101,
            600,
            990,
            "Happy to pair on <lifetimes> & async".into()
        )
    );
    assert_eq!(
        mentor_skills(&app, "U1").await,
        ["incident-reviews", "rust", "sql"]
    );

    let dms = app.slack.wait_for("chat.postMessage", 1).await;
    assert_eq!(dms[0].body["channel"], "U1");
    let text = dms[0].body["text"].as_str().unwrap();
    assert!(text.contains("You're mentoring"), "{text}");
    assert!(
        text.contains("Mon,Wed,Fri 10:00-16:30 (Europe/London)"),
        "{text}"
    );
    assert!(
        text.contains("&lt;lifetimes&gt; &amp; async"),
        "escaped: {text}"
    );
}

#[tokio::test]
async fn the_modal_reopens_with_saved_values() {
    let app = spawn_app().await;
    let view = app.open_modal("U1", "/mentor", "").await;
    let form = MentorForm {
        new_skills: Some("Rust, Kubernetes".into()),
        capacity: Some("5".into()),
        pause_until: Some("2026-04-01".into()),
        days: vec![1, 2, 3],
        start: Some("08:30".into()),
        end: Some("12:00".into()),
        help_text: Some("Ask me about k8s".into()),
        ..MentorForm::default()
    };
    assert_eq!(
        app.submit_view("U1", &view, form.values()).await.status(),
        200
    );

    let again = app.open_modal("U1", "/mentor", "").await;
    insta::assert_json_snapshot!("saved_mentor_modal", again);
    let opt_in = &block(&again, mentor::OPT_IN)["element"]["initial_options"];
    assert_eq!(opt_in[0]["value"], "yes");
    let skills: Vec<&str> = block(&again, mentor::SKILLS)["element"]["initial_options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["text"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(skills, ["Kubernetes", "Rust"]);
    assert_eq!(
        block(&again, mentor::CAPACITY)["element"]["initial_value"],
        "5"
    );
    assert_eq!(
        block(&again, mentor::PAUSE_UNTIL)["element"]["initial_date"],
        "2026-04-01"
    );
    let days: Vec<&str> = block(&again, mentor::DAYS)["element"]["initial_options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["1", "2", "3"]);
    assert_eq!(
        block(&again, mentor::START)["element"]["initial_option"]["value"],
        "08:30"
    );
    assert_eq!(
        block(&again, mentor::END)["element"]["initial_option"]["value"],
        "12:00"
    );
    assert_eq!(
        block(&again, mentor::HELP_TEXT)["element"]["initial_value"],
        "Ask me about k8s"
    );
}

#[tokio::test]
async fn invalid_values_come_back_on_their_blocks_and_nothing_is_stored() {
    let app = spawn_app().await;
    let view = app.open_modal("U1", "/mentor", "").await;
    let form = MentorForm {
        capacity: Some("21".into()),
        days: vec![],
        start: Some("17:00".into()),
        end: Some("09:00".into()),
        help_text: Some("x".repeat(281)),
        ..MentorForm::default()
    };
    let res = app.submit_view("U1", &view, form.values()).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["response_action"], "errors");
    let mut blocks: Vec<&str> = body["errors"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    blocks.sort();
    assert_eq!(
        blocks,
        [
            mentor::CAPACITY,
            mentor::HELP_TEXT,
            mentor::SKILLS,
            mentor::DAYS,
            mentor::END
        ]
    );
    // Every error names a block that exists in the modal.
    for id in &blocks {
        block(&view, id);
    }
    assert!(mentor_row(&app, "U1").await.is_none());
    let skills: i64 = sqlx::query_scalar("SELECT count(*) FROM skills")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(skills, 0);
}

#[tokio::test]
async fn a_submission_delivered_twice_changes_nothing_more() {
    let app = spawn_app().await;
    let view = app.open_modal("U1", "/mentor", "").await;
    let form = MentorForm {
        new_skills: Some("Rust".into()),
        ..MentorForm::default()
    };
    app.submit_view("U1", &view, form.values()).await;
    app.settle().await;
    let first: chrono::DateTime<chrono::Utc> = sqlx::query_scalar("SELECT updated_at FROM mentors")
        .fetch_one(&app.db)
        .await
        .unwrap();

    app.clock.advance(chrono::Duration::minutes(1));
    assert_eq!(
        app.submit_view("U1", &view, form.values()).await.status(),
        200
    );
    app.settle().await;
    let second: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT updated_at FROM mentors")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(first, second);
    assert_eq!(
        app.slack.calls_to("chat.postMessage").len(),
        1,
        "confirmed once"
    );
    assert_eq!(mentor_skills(&app, "U1").await, ["rust"]);
}

#[tokio::test]
async fn new_skills_can_be_refused_by_configuration() {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| s.allow_new_skills = false)),
        ..Options::default()
    })
    .await;
    sqlx::query(
        "INSERT INTO skills (team_id, slug, label, created_at) VALUES ($1, 'rust', 'Rust', now())",
    )
    .bind(TEAM_ID)
    .execute(&app.db)
    .await
    .unwrap();
    let view = app.open_modal("U1", "/mentor", "").await;
    let form = MentorForm {
        new_skills: Some("RUST, Haskell".into()),
        ..MentorForm::default()
    };
    let body: Value = app
        .submit_view("U1", &view, form.values())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["response_action"], "errors");
    let message = body["errors"][mentor::NEW_SKILLS].as_str().unwrap();
    assert!(
        message.contains("Haskell") && !message.contains("RUST"),
        "{message}"
    );
    assert!(mentor_row(&app, "U1").await.is_none());

    // A typed name that matches a listed skill is accepted.
    let form = MentorForm {
        new_skills: Some("RUST".into()),
        ..MentorForm::default()
    };
    let res = app.submit_view("U1", &view, form.values()).await;
    assert_eq!(res.text().await.unwrap(), "");
    assert_eq!(mentor_skills(&app, "U1").await, ["rust"]);
}

#[tokio::test]
async fn opting_in_without_skills_is_refused_but_opting_out_is_not() {
    let app = spawn_app().await;
    let view = app.open_modal("U1", "/mentor", "").await;
    let body: Value = app
        .submit_view("U1", &view, MentorForm::default().values())
        .await
        .json()
        .await
        .unwrap();
    assert!(body["errors"][mentor::SKILLS]
        .as_str()
        .unwrap()
        .contains("at least one skill"));

    let out = MentorForm {
        opted_in: false,
        ..MentorForm::default()
    };
    let res = app.submit_view("U1", &view, out.values()).await;
    assert_eq!(res.text().await.unwrap(), "");
    assert!(!mentor_row(&app, "U1").await.unwrap().0);
}
