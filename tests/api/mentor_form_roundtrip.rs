//! Settings survive a round trip through the `/mentor` modal: quiet hours can be
//! turned off (and stay off when the form is saved again), and a pause set with
//! `/mentor pause` keeps its exact end when the form is saved unchanged.

use crate::helpers::mentor_form::MentorForm;
use crate::helpers::{spawn_app, TestApp, TEAM_ID};
use chrono::{DateTime, Utc};
use micromentor::views::ids::mentor;
use serde_json::Value;

fn chosen(view: &Value, block_id: &str) -> Vec<String> {
    view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["block_id"] == block_id)
        .and_then(|b| b["element"]["initial_options"].as_array())
        .map(|opts| {
            opts.iter()
                .map(|o| o["value"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn quiet_hours(app: &TestApp, user: &str) -> bool {
    sqlx::query_scalar("SELECT quiet_hours FROM mentors WHERE team_id = $1 AND user_id = $2")
        .bind(TEAM_ID)
        .bind(user)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

async fn paused_until(app: &TestApp, user: &str) -> Option<DateTime<Utc>> {
    sqlx::query_scalar("SELECT paused_until FROM mentors WHERE team_id = $1 AND user_id = $2")
        .bind(TEAM_ID)
        .bind(user)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

fn rust() -> MentorForm {
    MentorForm {
        new_skills: Some("Rust".into()),
        ..MentorForm::default()
    }
}

#[tokio::test]
async fn quiet_hours_can_be_turned_off_in_the_form_and_stay_off() {
    let app = spawn_app().await;
    let view = app.open_modal("U1", "/mentor", "").await;
    let offered: Vec<String> = view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["block_id"] == mentor::OPT_IN)
        .unwrap()["element"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        offered,
        [
            mentor::OPT_IN_YES,
            mentor::OPT_IN_ANY_TIME,
            mentor::OPT_IN_IGNORE_STATUS
        ]
    );

    let any_time = MentorForm {
        any_time: true,
        ..rust()
    };
    let res = app.submit_view("U1", &view, any_time.values()).await;
    assert_eq!(res.status(), 200);
    assert!(!quiet_hours(&app, "U1").await, "quiet hours are off");

    // Re-opened, the form shows it; saved again as shown, it stays off.
    let again = app.open_modal("U1", "/mentor", "").await;
    assert_eq!(
        chosen(&again, mentor::OPT_IN),
        [mentor::OPT_IN_YES, mentor::OPT_IN_ANY_TIME]
    );
    let res = app.submit_view("U1", &again, any_time.values()).await;
    assert_eq!(res.status(), 200);
    assert!(!quiet_hours(&app, "U1").await, "saving did not reset it");

    // And unticking turns quiet hours back on.
    let res = app.submit_view("U1", &again, rust().values()).await;
    assert_eq!(res.status(), 200);
    assert!(quiet_hours(&app, "U1").await);
}

#[tokio::test]
async fn a_pause_keeps_its_exact_end_when_the_form_is_saved_unchanged() {
    let app = spawn_app().await;
    let view = app.open_modal("U1", "/mentor", "").await;
    assert_eq!(
        app.submit_view("U1", &view, rust().values()).await.status(),
        200
    );
    app.command("U1", "/mentor", "pause 2w").await;
    let exact = paused_until(&app, "U1").await.expect("paused");
    assert_eq!(
        exact,
        crate::helpers::start_time() + chrono::Duration::weeks(2)
    );

    // The form shows the day; saving it unchanged keeps 10:00, not midnight.
    let again = app.open_modal("U1", "/mentor", "").await;
    let shown = exact.format("%Y-%m-%d").to_string();
    let form = MentorForm {
        pause_until: Some(shown),
        ..rust()
    };
    assert_eq!(
        app.submit_view("U1", &again, form.values()).await.status(),
        200
    );
    assert_eq!(paused_until(&app, "U1").await, Some(exact));
}

#[tokio::test]
async fn a_pause_ending_later_today_still_lets_the_form_save() {
    let app = spawn_app().await;
    let view = app.open_modal("U1", "/mentor", "").await;
    assert_eq!(
        app.submit_view("U1", &view, rust().values()).await.status(),
        200
    );
    app.command("U1", "/mentor", "pause 3h").await;
    let exact = paused_until(&app, "U1").await.expect("paused");

    let again = app.open_modal("U1", "/mentor", "").await;
    let form = MentorForm {
        pause_until: Some(exact.format("%Y-%m-%d").to_string()),
        help_text: Some("Happy to help".into()),
        ..rust()
    };
    let res = app.submit_view("U1", &again, form.values()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "", "the modal closes: no errors");
    assert_eq!(paused_until(&app, "U1").await, Some(exact));
}
