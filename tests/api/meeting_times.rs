//! Meeting without back-and-forth: the intro proposes three times inside both
//! people's working hours (each shown in the reader's zone, with a calendar
//! link); "Option N works" posts the pick and a reminder comes 15 minutes before.

use crate::helpers::asks::{seed_mentor_with, AskValues};
use crate::helpers::{spawn_app_with, start_time, Options, TestApp};
use chrono::{DateTime, Duration, Utc};
use micromentor::core::meeting::{fits, Person};
use micromentor::views::ids::{action, MeetingValue};
use serde_json::Value;

/// UM1 mentors SQL from London, Mon-Fri 09:00-17:00; the asker is in New York
/// (Slack's profile) with the workspace's default hours, Mon-Fri 09:00-17:00.
async fn matched() -> (TestApp, i64) {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| s.mentors_per_ask = 1)),
        ..Default::default()
    })
    .await;
    seed_mentor_with(
        &app,
        "UM1",
        &["SQL"],
        "Europe/London",
        "Mon-Fri 09:00-17:00",
        5,
    )
    .await;
    app.slack.set_user_tz("UM1", "Europe/London");
    app.slack.set_user_tz("UASKER", "America/New_York");
    let ask = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    app.click("UM1", action::ACCEPT, &ask.to_string()).await;
    app.settle().await;
    (app, ask)
}

/// The "Option N works" buttons of the intro, with their times.
fn options(intro: &Value) -> Vec<(String, MeetingValue)> {
    intro["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
        .filter(|e| {
            e["action_id"]
                .as_str()
                .is_some_and(|a| a.starts_with(action::PICK_SLOT))
        })
        .map(|e| {
            (
                e["action_id"].as_str().unwrap().to_owned(),
                MeetingValue::parse(e["value"].as_str().unwrap()).unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_intro_proposes_three_times_inside_both_peoples_hours() {
    let (app, _) = matched().await;
    let intro = app.intros()[0].body.clone();
    let picks = options(&intro);
    assert_eq!(picks.len(), 3, "{intro:#}");
    let london = Person {
        tz: chrono_tz::Europe::London,
        hours: "Mon-Fri 09:00-17:00".parse().unwrap(),
    };
    let new_york = Person {
        tz: chrono_tz::America::New_York,
        ..london
    };
    let text = intro.to_string();
    for (_, v) in &picks {
        let at = DateTime::<Utc>::from_timestamp(v.at, 0).unwrap();
        assert!(at > start_time(), "{at} is in the past");
        assert!(
            fits(&london, at, Duration::minutes(20)),
            "{at} outside London hours"
        );
        assert!(
            fits(&new_york, at, Duration::minutes(20)),
            "{at} outside New York hours"
        );
        // Shown in each reader's own zone, with a calendar link.
        assert!(text.contains(&format!("<!date^{}^", v.at)), "{text}");
    }
    assert_eq!(
        text.matches("calendar.google.com/calendar/render?action=TEMPLATE")
            .count(),
        3
    );
    assert!(text.contains("Times that suit you both"));
}

#[tokio::test]
async fn a_pick_is_posted_in_the_group_dm_and_reminded_once_before_it() {
    let (app, ask) = matched().await;
    let intro = app.intros()[0].body.clone();
    let group = intro["channel"].as_str().unwrap().to_owned();
    let picks = options(&intro);
    let (action_id, first) = &picks[0];
    app.click_in(
        "UASKER",
        action_id,
        &first.encode(),
        &group,
        "1700000000.000100",
    )
    .await;
    app.settle().await;
    let posted: Vec<String> = app
        .slack
        .calls_to("chat.postMessage")
        .iter()
        .filter(|c| c.body["channel"] == group.as_str())
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        posted.iter().any(|t| t.contains("<@UASKER> picked") && t.contains(&format!("<!date^{}^", first.at))),
        "{posted:?}"
    );
    let at = DateTime::<Utc>::from_timestamp(first.at, 0).unwrap();
    assert_eq!(
        app.jobs("meeting_reminder", Some(ask)).await,
        [("pending".to_string(), at - Duration::minutes(15))]
    );

    // The mentor picks another time: the first reminder becomes moot.
    let (action_id, second) = &picks[1];
    app.click_in(
        "UM1",
        action_id,
        &second.encode(),
        &group,
        "1700000000.000100",
    )
    .await;
    app.settle().await;
    let reminders = |app: &TestApp| {
        app.slack
            .calls_to("chat.postMessage")
            .iter()
            .filter(|c| {
                c.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains(":alarm_clock: Starting"))
            })
            .map(|c| c.body["text"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let second_at = DateTime::<Utc>::from_timestamp(second.at, 0).unwrap();
    app.clock.set(second_at - Duration::minutes(14));
    app.run_jobs().await;
    let sent = reminders(&app);
    assert_eq!(sent.len(), 1, "only the current pick is reminded: {sent:?}");
    assert!(sent[0].contains(&format!("<!date^{}^", second.at)));
    // Running the jobs again sends nothing more.
    app.run_jobs().await;
    assert_eq!(reminders(&app).len(), 1);
}

#[tokio::test]
async fn only_the_pair_picks_and_only_times_still_ahead() {
    let (app, ask) = matched().await;
    let intro = app.intros()[0].body.clone();
    let (action_id, first) = &options(&intro)[0];
    app.click("USTRANGER", action_id, &first.encode()).await;
    app.settle().await;
    let said = app.slack.calls_to("response_url:USTRANGER");
    assert!(said.last().unwrap().body["text"]
        .as_str()
        .unwrap()
        .contains("Only the two people"));
    assert!(app.jobs("meeting_reminder", Some(ask)).await.is_empty());

    app.clock
        .set(DateTime::<Utc>::from_timestamp(first.at, 0).unwrap() + Duration::minutes(1));
    app.click("UASKER", action_id, &first.encode()).await;
    app.settle().await;
    let said = app.slack.calls_to("response_url:UASKER");
    assert!(said.last().unwrap().body["text"]
        .as_str()
        .unwrap()
        .contains("passed"));
    assert!(app.jobs("meeting_reminder", Some(ask)).await.is_empty());
}
