//! Office hours end to end: `/mentor office-hours` opens the modal in the host's
//! zone; bad input is answered field by field and stores nothing; a valid one is
//! announced with each slot in `<!date^…>` form; booking is one person per slot
//! even when two click at once; booker and host meet in a group DM and are both
//! reminded 15 minutes before, once; cancelling frees the slot and silences its
//! reminder; open Q&A reminds its list; Home and digests show upcoming sessions.

use crate::helpers::asks::add_skill;
use crate::helpers::my_data::{erase, rows_naming};
use crate::helpers::{
    spawn_app, spawn_app_with, state_values, Fault, NowTs, Options, TestApp, TEAM_ID,
};
use chrono::{DateTime, Duration, Utc};
use micromentor::config::DigestSettings;
use micromentor::views::ids::{action, office_hours as id, SlotValue};
use micromentor::views::office_hours::SLOT_GONE;
use serde_json::{json, Value};

const HOST: &str = "UHOST";
const TEAM_CHANNEL: &str = "C0TEAM";
const OTHER_CHANNEL: &str = "C0OTHER";

/// The modal's values, shaped as Slack sends them.
#[derive(Clone)]
struct Form {
    topic: String,
    skills: Vec<&'static str>,
    date: Option<&'static str>,
    time: Option<&'static str>,
    length: &'static str,
    slots: &'static str,
    kind: &'static str,
    channels: Vec<&'static str>,
}

impl Default for Form {
    /// Wednesday 4 March 2026, 14:00 in London (GMT: 14:00 UTC), three slots of 20 minutes.
    fn default() -> Self {
        Form {
            topic: "Rust ownership questions".into(),
            skills: vec!["Rust"],
            date: Some("2026-03-04"),
            time: Some("14:00"),
            length: "20",
            slots: "3",
            kind: "slots",
            channels: vec![TEAM_CHANNEL, OTHER_CHANNEL],
        }
    }
}

fn opt(value: &str) -> Value {
    json!({ "text": { "type": "plain_text", "text": value, "emoji": true }, "value": value })
}

impl Form {
    fn values(&self) -> Value {
        state_values([
            (
                id::TOPIC,
                json!({ "type": "plain_text_input", "value": self.topic }),
            ),
            (
                id::SKILLS,
                json!({ "type": "multi_external_select",
                        "selected_options": self.skills.iter().map(|s| opt(&s.to_lowercase())).collect::<Vec<_>>() }),
            ),
            (
                id::DATE,
                json!({ "type": "datepicker", "selected_date": self.date }),
            ),
            (
                id::TIME,
                json!({ "type": "timepicker", "selected_time": self.time }),
            ),
            (
                id::KIND,
                json!({ "type": "radio_buttons", "selected_option": opt(self.kind) }),
            ),
            (
                id::SLOT_LENGTH,
                json!({ "type": "static_select", "selected_option": opt(self.length) }),
            ),
            (
                id::SLOTS,
                json!({ "type": "static_select", "selected_option": opt(self.slots) }),
            ),
            (
                id::CHANNELS,
                json!({ "type": "multi_conversations_select", "selected_conversations": self.channels }),
            ),
        ])
    }
}

fn at(utc: &str) -> DateTime<Utc> {
    utc.parse().unwrap()
}

/// The `<!date^…>` token of an instant, as every reader sees it in their zone.
fn date_token(t: DateTime<Utc>) -> String {
    format!(
        "<!date^{}^{{date_short_pretty}} at {{time}}|",
        t.timestamp()
    )
}

/// Moves the clock to `utc` and runs every job due by then.
async fn run_until(app: &TestApp, utc: &str) {
    let by = at(utc) - app.clock.now_utc();
    assert!(by >= Duration::zero(), "the clock only moves forward");
    app.advance_and_run(by).await;
}

async fn app_with_digest_channel() -> TestApp {
    spawn_app_with(Options {
        settings: Some(Box::new(|s| {
            s.digests = DigestSettings::parse(
                &["C0DIGEST".into()],
                "",
                "0 9 * * 1-5",
                chrono_tz::Europe::London,
            )
            .unwrap();
        })),
        ..Options::default()
    })
    .await
}

/// Opens the modal as `host` and submits `form`; returns Slack's answer.
async fn submit(app: &TestApp, host: &str, form: &Form) -> reqwest::Response {
    add_skill(app, "Rust").await;
    let view = app.open_modal(host, "/mentor", "office-hours").await;
    app.submit_view(host, &view, form.values()).await
}

/// Announces office hours through the modal; returns the session's id once
/// the announcement is out.
async fn announce(app: &TestApp, host: &str, form: &Form) -> i64 {
    let res = submit(app, host, form).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "", "the modal closes");
    app.settle().await;
    sqlx::query_scalar("SELECT max(id) FROM office_hours WHERE host_id = $1")
        .bind(host)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// Office hours posts (not digests, not DMs) in a channel.
fn announcements(app: &TestApp, channel: &str) -> Vec<Value> {
    app.slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| {
            b["channel"] == channel
                && b["text"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with("Office hours with")
        })
        .collect()
}

/// The announcement in `channel` as it reads now: the post, or its last rewrite.
fn current(app: &TestApp, channel: &str) -> Value {
    let posted = announcements(app, channel);
    assert_eq!(posted.len(), 1, "one announcement in {channel}");
    app.slack
        .accepted("chat.update")
        .into_iter()
        .map(|c| c.body)
        .rfind(|b| b["channel"] == channel)
        .unwrap_or_else(|| posted[0].clone())
}

/// The slot sections of an announcement, in order.
fn slots(message: &Value) -> Vec<Value> {
    message["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| {
            b["block_id"]
                .as_str()
                .is_some_and(|i| i.starts_with("oh_slot_"))
        })
        .cloned()
        .collect()
}

fn bookable(message: &Value) -> Vec<bool> {
    slots(message)
        .iter()
        .map(|s| {
            s["accessory"]["action_id"]
                .as_str()
                .is_some_and(|a| a.starts_with(action::BOOK_SLOT))
        })
        .collect()
}

async fn book(app: &TestApp, user: &str, session: i64, slot: u8) -> reqwest::Response {
    app.click(
        user,
        &format!("{}:{slot}", action::BOOK_SLOT),
        &SlotValue::slot(session, slot).encode(),
    )
    .await
}

/// Live (not cancelled) bookings of a session as (slot, user).
async fn bookings(app: &TestApp, session: i64) -> Vec<(i16, String)> {
    sqlx::query_as(
        "SELECT slot, user_id FROM office_hours_bookings
         WHERE session_id = $1 AND cancelled_at IS NULL ORDER BY slot",
    )
    .bind(session)
    .fetch_all(&app.db)
    .await
    .unwrap()
}

/// What the app said to `user` through the click's response_url.
fn replies_to(app: &TestApp, user: &str) -> Vec<String> {
    app.slack
        .calls_to(&format!("response_url:{user}"))
        .into_iter()
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Reminder DMs sent to `user`.
fn reminders_to(app: &TestApp, user: &str) -> Vec<Value> {
    app.slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| {
            b["channel"] == user && b["text"].as_str().unwrap_or("").contains(":alarm_clock:")
        })
        .collect()
}

/// Messages posted into the group DM of these two people.
fn group_dm(app: &TestApp, a: &str, b: &str) -> Vec<Value> {
    let mut ids = [a, b];
    ids.sort();
    let channel = format!("G{}", ids.join("-"));
    app.slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|m| m["channel"] == channel.as_str())
        .collect()
}

async fn stored_sessions(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM office_hours")
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_modal_opens_in_the_hosts_zone_with_the_digest_channel() {
    let app = app_with_digest_channel().await;
    app.slack.set_user_tz(HOST, "America/New_York");
    for text in ["office-hours", "oh"] {
        let view = app.open_modal(HOST, "/mentor", text).await;
        assert_eq!(view["callback_id"], "office_hours");
        assert_eq!(view["private_metadata"], "America/New_York");
        let blocks = view["blocks"].as_array().unwrap();
        let block = |id: &str| blocks.iter().find(|b| b["block_id"] == id).unwrap().clone();
        assert_eq!(block(id::TIME)["element"]["type"], "timepicker");
        assert_eq!(
            block(id::CHANNELS)["element"]["initial_conversations"],
            json!(["C0DIGEST"])
        );
        // Today in New York (05:00 there at 10:00 UTC on Monday 2 March).
        assert_eq!(block(id::DATE)["element"]["initial_date"], "2026-03-02");
    }
    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
    let help = app.command_text(HOST, "/mentor", "help").await;
    assert!(help.contains("/mentor office-hours"), "{help}");
}

#[tokio::test]
async fn bad_input_gets_per_field_errors_and_stores_nothing() {
    let app = spawn_app().await;
    let bad = Form {
        topic: "   ".into(),
        skills: vec![],
        date: Some("2026-03-01"),
        slots: "9",
        channels: vec![],
        ..Form::default()
    };
    let res = submit(&app, HOST, &bad).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["response_action"], "errors");
    let mut fields: Vec<&str> = body["errors"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [id::CHANNELS, id::DATE, id::SKILLS, id::SLOTS, id::TOPIC]
    );

    // Earlier today: the start time is what is wrong.
    let past = Form {
        date: Some("2026-03-02"),
        time: Some("09:30"),
        ..Form::default()
    };
    let body: Value = submit(&app, HOST, &past).await.json().await.unwrap();
    assert_eq!(
        body["errors"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        [id::TIME]
    );
    // Too long a topic.
    let long = Form {
        topic: "x".repeat(151),
        ..Form::default()
    };
    let body: Value = submit(&app, HOST, &long).await.json().await.unwrap();
    assert!(body["errors"][id::TOPIC].is_string(), "{body}");

    app.settle().await;
    assert_eq!(stored_sessions(&app).await, 0);
    assert!(app.slack.calls_to("chat.postMessage").is_empty());
}

#[tokio::test]
async fn a_valid_submit_announces_every_slot_in_the_readers_zone() {
    let app = spawn_app().await;
    // 09:00 in New York on 4 March (EST) is 14:00 UTC.
    app.slack.set_user_tz(HOST, "America/New_York");
    let form = Form {
        topic: "<!channel> Rust & you".into(),
        time: Some("09:00"),
        ..Form::default()
    };
    let session = announce(&app, HOST, &form).await;

    for channel in [TEAM_CHANNEL, OTHER_CHANNEL] {
        let posted = announcements(&app, channel);
        assert_eq!(posted.len(), 1, "{channel}");
        let text = posted[0].to_string();
        assert!(text.contains("&lt;!channel&gt; Rust &amp; you"), "{text}");
        assert!(!text.contains("<!channel>"));
        assert!(text.contains(&format!("<@{HOST}>")));
        let shown = slots(&posted[0]);
        assert_eq!(shown.len(), 3);
        for (i, slot) in shown.iter().enumerate() {
            let start = at("2026-03-04T14:00:00Z") + Duration::minutes(20 * i as i64);
            let line = slot["text"]["text"].as_str().unwrap();
            assert!(line.starts_with(&date_token(start)), "{line}");
            assert_eq!(
                slot["accessory"]["value"],
                SlotValue::slot(session, i as u8).encode()
            );
        }
    }
    // The host hears where it went, with a way to cancel it.
    let confirmation: Vec<Value> = app
        .slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == HOST)
        .collect();
    assert_eq!(confirmation.len(), 1);
    let text = confirmation[0].to_string();
    assert!(text.contains(&format!("<#{TEAM_CHANNEL}>")) && text.contains(action::CANCEL_SESSION));
    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
}

#[tokio::test]
async fn a_channel_that_refuses_is_named_to_the_host_and_the_others_still_get_it() {
    let app = spawn_app().await;
    app.slack.fail_when(
        "chat.postMessage",
        "channel",
        OTHER_CHANNEL,
        Fault::ApiError("not_in_channel"),
    );
    announce(&app, HOST, &Form::default()).await;
    assert_eq!(announcements(&app, TEAM_CHANNEL).len(), 1);
    assert!(announcements(&app, OTHER_CHANNEL).is_empty());
    let confirmation: Vec<String> = app
        .slack
        .accepted("chat.postMessage")
        .into_iter()
        .filter(|c| c.body["channel"] == HOST)
        .map(|c| c.body["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(confirmation.len(), 1);
    assert!(
        confirmation[0].contains(&format!("I couldn't post in <#{OTHER_CHANNEL}>")),
        "{confirmation:?}"
    );
}

#[tokio::test]
async fn without_a_chosen_channel_it_goes_to_the_digest_channel() {
    let app = app_with_digest_channel().await;
    let form = Form {
        channels: vec![],
        ..Form::default()
    };
    announce(&app, HOST, &form).await;
    assert_eq!(announcements(&app, "C0DIGEST").len(), 1);
    assert!(announcements(&app, TEAM_CHANNEL).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_people_race_for_one_slot_and_exactly_one_books_it() {
    let app = spawn_app().await;
    for round in 0..5 {
        let host = format!("UHOST{round}");
        let session = announce(&app, &host, &Form::default()).await;
        let (a, b) = (format!("URACEA{round}"), format!("URACEB{round}"));
        let (ra, rb) = tokio::join!(book(&app, &a, session, 0), book(&app, &b, session, 0));
        assert_eq!((ra.status().as_u16(), rb.status().as_u16()), (200, 200));
        app.settle().await;

        let held = bookings(&app, session).await;
        assert_eq!(held.len(), 1, "round {round}: {held:?}");
        let winner = held[0].1.clone();
        let loser = if winner == a { &b } else { &a };
        assert_eq!(replies_to(&app, loser), [SLOT_GONE], "round {round}");
        assert!(replies_to(&app, &winner).is_empty(), "round {round}");
        // Winner and host meet in a group DM naming the slot; the loser does not.
        let dm = group_dm(&app, &winner, &host);
        assert_eq!(dm.len(), 1, "round {round}");
        assert!(dm[0]
            .to_string()
            .contains(&date_token(at("2026-03-04T14:00:00Z"))));
        assert!(group_dm(&app, loser, &host).is_empty());
        // Every announcement shows the slot taken.
        for channel in [TEAM_CHANNEL, OTHER_CHANNEL] {
            let now = current_of(&app, channel, &host);
            assert_eq!(
                bookable(&now),
                [false, true, true],
                "round {round} {channel}"
            );
        }
    }
    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
}

/// Bookings of different slots at once both succeed (the session's lock
/// serialises them, it does not refuse one) and every announcement shows both.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_bookings_at_once_both_show_in_every_announcement() {
    let app = spawn_app().await;
    for round in 0..5 {
        let host = format!("UHOSTB{round}");
        let session = announce(&app, &host, &Form::default()).await;
        let (a, b) = (format!("UBOTHA{round}"), format!("UBOTHB{round}"));
        tokio::join!(book(&app, &a, session, 0), book(&app, &b, session, 2));
        app.settle().await;
        assert_eq!(bookings(&app, session).await.len(), 2, "round {round}");
        for channel in [TEAM_CHANNEL, OTHER_CHANNEL] {
            let now = current_of(&app, channel, &host);
            assert_eq!(
                bookable(&now),
                [false, true, false],
                "round {round} {channel}"
            );
        }
    }
}

/// The latest rewrite of the announcement of `host`'s session in a channel.
fn current_of(app: &TestApp, channel: &str, host: &str) -> Value {
    app.slack
        .accepted("chat.update")
        .into_iter()
        .map(|c| c.body)
        .rfind(|b| {
            b["channel"] == channel && b["text"].as_str().unwrap().contains(&format!("<@{host}>"))
        })
        .expect("the announcement was rewritten")
}

#[tokio::test]
async fn the_host_cannot_book_and_nobody_books_two_slots() {
    let app = spawn_app().await;
    let session = announce(&app, HOST, &Form::default()).await;
    book(&app, HOST, session, 0).await;
    book(&app, "UA", session, 0).await;
    app.settle().await;
    book(&app, "UA", session, 1).await;
    app.settle().await;
    assert_eq!(bookings(&app, session).await, [(0, "UA".to_owned())]);
    let host_told = replies_to(&app, HOST);
    assert_eq!(host_told.len(), 1);
    assert!(host_told[0].contains("your own"), "{host_told:?}");
    let told = replies_to(&app, "UA");
    assert_eq!(told.len(), 1);
    assert!(told[0].contains("one each"), "{told:?}");
}

#[tokio::test]
async fn booker_and_host_are_reminded_fifteen_minutes_before_exactly_once() {
    let app = spawn_app().await;
    let session = announce(&app, HOST, &Form::default()).await;
    // Slot 1 is 14:20–14:40 UTC: its reminders are due at 14:05.
    book(&app, "UA", session, 1).await;
    app.settle().await;
    assert_eq!(group_dm(&app, "UA", HOST).len(), 1);

    run_until(&app, "2026-03-04T14:04:00Z").await;
    assert!(reminders_to(&app, "UA").is_empty());
    assert!(reminders_to(&app, HOST).is_empty());

    run_until(&app, "2026-03-04T14:05:00Z").await;
    for user in ["UA", HOST] {
        let sent = reminders_to(&app, user);
        assert_eq!(sent.len(), 1, "{user}");
        assert!(sent[0]
            .to_string()
            .contains(&date_token(at("2026-03-04T14:20:00Z"))));
    }

    // Running everything again later sends nothing more.
    app.advance_and_run(Duration::hours(2)).await;
    micromentor::jobs::office_hours::slot(&app.state, booking_id(&app, session, "UA").await)
        .await
        .unwrap();
    assert_eq!(reminders_to(&app, "UA").len(), 1);
    assert_eq!(reminders_to(&app, HOST).len(), 1);
}

async fn booking_id(app: &TestApp, session: i64, user: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT max(id) FROM office_hours_bookings WHERE session_id = $1 AND user_id = $2",
    )
    .bind(session)
    .bind(user)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn cancelling_a_booking_frees_the_slot_and_silences_its_reminder() {
    let app = spawn_app().await;
    let session = announce(&app, HOST, &Form::default()).await;
    book(&app, "UA", session, 0).await;
    app.settle().await;
    assert_eq!(bookable(&current(&app, TEAM_CHANNEL)), [false, true, true]);

    // Someone else cannot cancel it; the booker can, from the group DM.
    let value = SlotValue::slot(session, 0).encode();
    app.click("UB", action::CANCEL_BOOKING, &value).await;
    app.settle().await;
    assert_eq!(bookings(&app, session).await.len(), 1);
    app.click("UA", action::CANCEL_BOOKING, &value).await;
    app.settle().await;
    assert!(bookings(&app, session).await.is_empty());
    for channel in [TEAM_CHANNEL, OTHER_CHANNEL] {
        assert_eq!(bookable(&current(&app, channel)), [true, true, true]);
    }
    let dm_rewrites: Vec<Value> = app
        .slack
        .accepted("chat.update")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == "GUA-UHOST")
        .collect();
    assert_eq!(dm_rewrites.len(), 1);
    assert!(dm_rewrites[0].to_string().contains("cancelled"));

    // The freed slot can be booked by someone else.
    book(&app, "UB", session, 0).await;
    app.settle().await;
    assert_eq!(bookings(&app, session).await, [(0, "UB".to_owned())]);
    assert_eq!(group_dm(&app, "UB", HOST).len(), 1);

    // From 13:45: the reminders go to UB and the host, never to UA.
    run_until(&app, "2026-03-04T14:30:00Z").await;
    assert!(reminders_to(&app, "UA").is_empty());
    assert_eq!(reminders_to(&app, "UB").len(), 1);
    assert_eq!(reminders_to(&app, HOST).len(), 1);
    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
}

#[tokio::test]
async fn the_host_cancels_the_session_and_bookers_are_told() {
    let app = spawn_app().await;
    let session = announce(&app, HOST, &Form::default()).await;
    book(&app, "UA", session, 2).await;
    app.settle().await;

    // Only the host may.
    let value = SlotValue::session(session).encode();
    let cancel = format!("{}:{session}", action::CANCEL_SESSION);
    app.click("UA", &cancel, &value).await;
    app.settle().await;
    app.click(HOST, &cancel, &value).await;
    app.settle().await;

    let told: Vec<Value> = app
        .slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == "UA")
        .collect();
    assert_eq!(told.len(), 1);
    assert!(told[0]["text"].as_str().unwrap().contains("cancelled"));
    assert_eq!(replies_to(&app, HOST).len(), 1);
    for channel in [TEAM_CHANNEL, OTHER_CHANNEL] {
        let now = current(&app, channel);
        assert!(now.to_string().contains("Cancelled"));
        assert_eq!(bookable(&now), [false, false, false]);
    }
    book(&app, "UB", session, 0).await;
    app.settle().await;
    assert!(bookings(&app, session).await.iter().all(|(_, u)| u == "UA"));

    run_until(&app, "2026-03-04T15:00:00Z").await;
    assert!(reminders_to(&app, "UA").is_empty());
    assert!(reminders_to(&app, HOST).is_empty());
}

#[tokio::test]
async fn deleting_their_data_cancels_a_bookers_slot_and_a_hosts_session_with_the_others_told() {
    let app = spawn_app().await;
    let session = announce(&app, HOST, &Form::default()).await;
    book(&app, "UA", session, 0).await;
    book(&app, "UB", session, 1).await;
    app.settle().await;

    // UA erases: their slot is free again and nothing names them.
    erase(&app, "UA").await;
    assert_eq!(bookings(&app, session).await, [(1, "UB".to_owned())]);
    assert_eq!(rows_naming(&app, "UA").await, Vec::<String>::new());
    assert_eq!(bookable(&current(&app, TEAM_CHANNEL)), [true, false, true]);

    // The host erases: the session is cancelled and UB is told.
    erase(&app, HOST).await;
    let told: Vec<Value> = app
        .slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == "UB" && b["text"].as_str().unwrap().contains("cancelled"))
        .collect();
    assert_eq!(told.len(), 1);
    assert_eq!(rows_naming(&app, HOST).await, Vec::<String>::new());
    assert_eq!(
        rows_naming(&app, "Rust ownership questions").await,
        Vec::<String>::new()
    );
    run_until(&app, "2026-03-04T15:00:00Z").await;
    assert!(reminders_to(&app, "UB").is_empty());
}

#[tokio::test]
async fn open_qa_reminds_the_host_and_everyone_on_the_list_once() {
    let app = spawn_app().await;
    let form = Form {
        kind: "open_qa",
        ..Form::default()
    };
    let session = announce(&app, HOST, &form).await;
    let posted = announcements(&app, TEAM_CHANNEL);
    let text = posted[0].to_string();
    assert!(text.contains(action::REMIND_ME) && !text.contains(action::BOOK_SLOT));

    let value = SlotValue::session(session).encode();
    for user in ["UA", "UA", "UB"] {
        app.click(user, action::REMIND_ME, &value).await;
        app.settle().await;
    }
    let listed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM office_hours_reminders WHERE session_id = $1")
            .bind(session)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(listed, 2, "Remind me twice is once");
    assert_eq!(replies_to(&app, "UA").len(), 2);

    run_until(&app, "2026-03-04T13:44:00Z").await;
    assert!(reminders_to(&app, HOST).is_empty());
    run_until(&app, "2026-03-04T13:45:00Z").await;
    run_until(&app, "2026-03-04T15:00:00Z").await;
    for user in [HOST, "UA", "UB"] {
        assert_eq!(reminders_to(&app, user).len(), 1, "{user}");
    }
    assert!(reminders_to(&app, "UC").is_empty());
}

fn home_opened(user: &str) -> Value {
    json!({
        "token": "x", "team_id": TEAM_ID, "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": format!("EvHome{}", rand::random::<u32>()),
        "event_time": 1_772_445_600,
        "event": { "type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home", "event_ts": "1772445600.000100" }
    })
}

#[tokio::test]
async fn home_lists_hosted_office_hours_and_cancels_them() {
    let app = spawn_app().await;
    let session = announce(&app, HOST, &Form::default()).await;
    book(&app, "UA", session, 0).await;
    app.settle().await;

    app.event(&home_opened(HOST), None).await;
    let published = app.slack.wait_for("views.publish", 1).await;
    let home = published[0].body["view"].to_string();
    assert!(home.contains("Your office hours"), "{home}");
    assert!(home.contains("1 of 3 slots booked"), "{home}");
    assert!(home.contains(&format!("{}:{session}", action::CANCEL_SESSION)));
    app.settle().await;

    // Cancel from Home: no response_url there, so Home is published again without it.
    let mut click = app.click_payload(
        HOST,
        &format!("{}:{session}", action::CANCEL_SESSION),
        &SlotValue::session(session).encode(),
    );
    click["view"] = json!({ "id": "VHOME", "type": "home" });
    click.as_object_mut().unwrap().remove("response_url");
    app.interaction(&click).await;
    app.settle().await;
    let published = app.slack.calls_to("views.publish");
    assert_eq!(published.len(), 2);
    assert!(!published[1].body["view"]
        .to_string()
        .contains("Your office hours"));

    // Someone else's Home does not show it.
    app.event(&home_opened("UA"), None).await;
    app.settle().await;
    let published = app.slack.calls_to("views.publish");
    assert!(!published[2].body["view"]
        .to_string()
        .contains("Your office hours"));
}

#[tokio::test]
async fn digests_list_upcoming_office_hours_announced_in_their_channel() {
    let app = app_with_digest_channel().await;
    let form = Form {
        channels: vec![],
        ..Form::default()
    };
    announce(&app, HOST, &form).await;
    // Monday 10:00 → the digest on Tuesday 09:00 London, before the session.
    app.advance_and_run(Duration::hours(23)).await;
    let digests: Vec<Value> = app
        .slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == "C0DIGEST" && b.to_string().contains("Upcoming office hours"))
        .collect();
    assert_eq!(digests.len(), 1);
    let text = digests[0].to_string();
    assert!(text.contains("Rust ownership questions") && text.contains("3 of 3 slots free"));
    assert!(text.contains(&date_token(at("2026-03-04T14:00:00Z"))));
}
