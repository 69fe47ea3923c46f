//! Home for mentors: opt in and out, pause (a day, a week, until a date) and
//! resume, edit settings, this week's load, pending offers with Accept and
//! Decline…, sessions with Mark as done — and Home republished after each change.

use crate::declines::one_per_ask;
use crate::helpers::asks::AskValues;
use crate::helpers::home::{action_ids, view_text};
use crate::helpers::{spawn_app, start_time, TestApp, TEAM_ID};
use chrono::{DateTime, Duration, TimeZone, Utc};
use micromentor::views::ids::{action, home, DECLINE_MODAL, MENTOR_MODAL};

async fn paused_until(app: &TestApp, user: &str) -> Option<DateTime<Utc>> {
    sqlx::query_scalar("SELECT paused_until FROM mentors WHERE team_id = $1 AND user_id = $2")
        .bind(TEAM_ID)
        .bind(user)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_pause_button_stops_the_next_offer_and_resume_brings_them_back() {
    let app = one_per_ask().await;
    let home_view = app.open_home("UM1").await;
    let ids = action_ids(&home_view);
    for id in [
        home::PAUSE_DAY,
        home::PAUSE_WEEK,
        home::PAUSE_UNTIL,
        home::OPT_OUT,
        home::EDIT_SETTINGS,
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
    }
    assert!(!ids.iter().any(|i| i == home::RESUME), "not paused yet");
    assert!(view_text(&home_view).contains("This week:* 0 of 5 asks"));

    let published = app.homes_of("UM1").len();
    assert_eq!(
        app.click_home("UM1", home::PAUSE_WEEK, "7d", None)
            .await
            .status(),
        200
    );
    assert_eq!(
        paused_until(&app, "UM1").await,
        Some(start_time() + Duration::days(7))
    );
    assert_eq!(app.homes_of("UM1").len(), published + 1, "Home republished");
    let after = app.home_of("UM1");
    assert!(view_text(&after).contains("Paused until"));
    assert!(action_ids(&after).iter().any(|i| i == home::RESUME));

    // UM1 would come first (never offered, first by id): paused, the ask goes to UM2.
    let first = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(first).await, [("UM2".into(), "pending".into())]);

    app.click_home("UM1", home::RESUME, "resume", None).await;
    assert_eq!(paused_until(&app, "UM1").await, None);
    assert!(!action_ids(&app.home_of("UM1"))
        .iter()
        .any(|i| i == home::RESUME));
    let second = app
        .ask("UASKER2", &AskValues::new("Vacuum?", &["SQL"]))
        .await;
    assert_eq!(app.offers(second).await, [("UM1".into(), "pending".into())]);
}

#[tokio::test]
async fn a_day_a_date_and_opting_out_from_home() {
    let app = one_per_ask().await;
    app.open_home("UM1").await;
    app.click_home("UM1", home::PAUSE_DAY, "1d", None).await;
    assert_eq!(
        paused_until(&app, "UM1").await,
        Some(start_time() + Duration::days(1))
    );

    // Until a date: the start of that day in the mentor's zone (UTC here).
    app.click_home("UM1", home::PAUSE_UNTIL, "", Some("2026-03-10"))
        .await;
    assert_eq!(
        paused_until(&app, "UM1").await,
        Some(Utc.with_ymd_and_hms(2026, 3, 10, 0, 0, 0).unwrap())
    );
    // A date in the past changes nothing and says why, in a DM.
    app.click_home("UM1", home::PAUSE_UNTIL, "", Some("2026-01-01"))
        .await;
    assert_eq!(
        paused_until(&app, "UM1").await,
        Some(Utc.with_ymd_and_hms(2026, 3, 10, 0, 0, 0).unwrap())
    );
    let told: Vec<String> = app
        .slack
        .calls_to("chat.postMessage")
        .iter()
        .filter(|c| c.body["channel"] == "UM1")
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        told.iter().any(|t| t.contains("already passed")),
        "{told:?}"
    );

    app.click_home("UM1", home::RESUME, "resume", None).await;
    app.click_home("UM1", home::OPT_OUT, "off", None).await;
    let opted_in: bool = sqlx::query_scalar("SELECT opted_in FROM mentors WHERE user_id = 'UM1'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(!opted_in);
    assert!(action_ids(&app.home_of("UM1"))
        .iter()
        .any(|i| i == home::OPT_IN));
    let ask = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(ask).await, [("UM2".into(), "pending".into())]);

    app.click_home("UM1", home::OPT_IN, "on", None).await;
    let opted_in: bool = sqlx::query_scalar("SELECT opted_in FROM mentors WHERE user_id = 'UM1'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(opted_in);
}

#[tokio::test]
async fn offers_and_sessions_on_home_accept_and_mark_done_there() {
    let app = one_per_ask().await;
    app.open_home("UM1").await;
    let ask = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    // The offer reached UM1, and their Home shows it without reopening the tab.
    let with_offer = app.home_of("UM1");
    let accept = format!("{}:{ask}", action::ACCEPT);
    assert!(action_ids(&with_offer).contains(&accept), "{with_offer:#}");
    assert!(view_text(&with_offer).contains("Index?"));

    app.click_home("UM1", &accept, &ask.to_string(), None).await;
    assert_eq!(app.ask_status(ask).await, "matched");
    let with_session = app.home_of("UM1");
    let done = format!("{}:{ask}", action::MARK_DONE);
    assert!(action_ids(&with_session).contains(&done));
    assert!(!action_ids(&with_session).contains(&accept));
    assert!(view_text(&with_session).contains("This week:* 1 of 5"));

    app.click_home("UM1", &done, &format!("{ask}:UM1"), None)
        .await;
    assert_eq!(app.ask_status(ask).await, "done");
    assert!(!action_ids(&app.home_of("UM1")).contains(&done));
}

#[tokio::test]
async fn decline_on_home_opens_the_reason_modal_and_edit_settings_the_settings() {
    let app = one_per_ask().await;
    app.open_home("UM1").await;
    let ask = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    app.click_home(
        "UM1",
        &format!("{}:{ask}", action::DECLINE_OTHER),
        &ask.to_string(),
        None,
    )
    .await;
    let opened = app.slack.calls_to("views.open");
    let modal = &opened.last().unwrap().body["view"];
    assert_eq!(modal["callback_id"], DECLINE_MODAL);
    assert!(
        modal["blocks"][1]["element"]
            .get("initial_option")
            .is_none(),
        "from Home nothing is preselected"
    );

    app.click_home("UM1", home::EDIT_SETTINGS, "settings", None)
        .await;
    let opened = app.slack.calls_to("views.open");
    assert_eq!(
        opened.last().unwrap().body["view"]["callback_id"],
        MENTOR_MODAL
    );
}

#[tokio::test]
async fn a_newcomer_becomes_a_mentor_from_home() {
    let app = spawn_app().await;
    let home_view = app.open_home("UNEW").await;
    assert!(action_ids(&home_view)
        .iter()
        .any(|i| i == home::BECOME_MENTOR));
    app.click_home("UNEW", home::BECOME_MENTOR, "settings", None)
        .await;
    let opened = app.slack.calls_to("views.open");
    assert_eq!(
        opened.last().unwrap().body["view"]["callback_id"],
        MENTOR_MODAL
    );
    // Opting in without skills opens the settings instead of doing nothing.
    let before = app.slack.calls_to("views.open").len();
    app.click_home("UNEW", home::OPT_IN, "on", None).await;
    assert_eq!(app.slack.calls_to("views.open").len(), before + 1);
}

#[tokio::test]
async fn home_is_republished_only_for_people_who_opened_it() {
    let app = one_per_ask().await;
    let ask = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(ask).await, [("UM1".into(), "pending".into())]);
    assert!(app.homes_of("UM1").is_empty(), "UM1 never opened Home");
    app.open_home("UASKER").await;
    let published = app.homes_of("UASKER").len();
    app.click("UM1", action::ACCEPT, &ask.to_string()).await;
    app.settle().await;
    // The asker's Home no longer lists the ask as open: it is a past ask now.
    assert!(app.homes_of("UASKER").len() > published);
    let home = app.home_of("UASKER");
    assert!(!action_ids(&home).contains(&format!("{}:{ask}", action::CANCEL_ASK)));
    assert!(view_text(&home).contains("*Index?* — matched"), "{home:#}");
}
