//! No-shows: after "It didn't happen" both sides say who couldn't make it; three
//! sessions the other side reported someone absent from within 60 days pause a
//! mentor's offers (or a mentee's asking), privately, until they lift it.

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::{spawn_app, start_time, NowTs, TestApp};
use chrono::{DateTime, Duration, Utc};
use micromentor::views::ids::action;
use micromentor::views::{no_shows as view, replies};
use serde_json::Value;

/// The ephemeral answers `user` got to their clicks.
fn told(app: &TestApp, user: &str) -> Vec<String> {
    app.slack
        .calls_to(&format!("response_url:{user}"))
        .into_iter()
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Messages posted to `channel` that carry a button `action_id`.
fn posted_with(app: &TestApp, channel: &str, action_id: &str) -> Vec<Value> {
    app.slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == channel && b.to_string().contains(action_id))
        .collect()
}

/// Messages rewritten in `channel`, as their bodies.
fn updates_in(app: &TestApp, channel: &str) -> Vec<Value> {
    app.slack
        .calls_to("chat.update")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == channel)
        .collect()
}

/// The value of the button `action_id` in a message.
fn button_value(message: &Value, action_id: &str) -> String {
    message["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["elements"].as_array())
        .flatten()
        .find(|e| e["action_id"] == action_id)
        .unwrap_or_else(|| panic!("no {action_id} button in {message}"))["value"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The no-show reports of a session as (reporter, absent).
async fn reports(app: &TestApp, ask_id: i64) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT reporter, absent FROM no_show_reports WHERE ask_id = $1 ORDER BY reporter",
    )
    .bind(ask_id)
    .fetch_all(&app.db)
    .await
    .unwrap()
}

async fn paused_until(app: &TestApp, mentor: &str) -> Option<DateTime<Utc>> {
    sqlx::query_scalar("SELECT paused_until FROM mentors WHERE user_id = $1")
        .bind(mentor)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

async fn pauses(app: &TestApp, user: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM no_show_pauses WHERE user_id = $1")
        .bind(user)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

async fn asks_of(app: &TestApp, user: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM asks WHERE asker_id = $1")
        .bind(user)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// `asker` asks about SQL, `mentor` (the only one offered) accepts, and the
/// follow-ups come two days later. Returns the ask.
async fn session(app: &TestApp, asker: &str, mentor: &str) -> i64 {
    let ask_id = app
        .ask(asker, &AskValues::new("Slow query", &["SQL"]))
        .await;
    app.click(mentor, action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "matched");
    app.advance_and_run(Duration::days(2)).await;
    ask_id
}

/// The mentee says the session didn't happen, and answers who couldn't make it.
async fn mentee_says(app: &TestApp, asker: &str, ask_id: i64, mentor: &str, who: &str) {
    app.click(asker, action::FOLLOWUP_NO, &format!("{ask_id}:{mentor}:1"))
        .await;
    app.settle().await;
    app.click(asker, who, &format!("{ask_id}:{mentor}")).await;
    app.settle().await;
}

/// The mentor says the session didn't happen, and answers who couldn't make it.
async fn mentor_says(app: &TestApp, ask_id: i64, mentor: &str, who: &str) {
    let value = format!("{ask_id}:{mentor}");
    app.click(mentor, action::MENTOR_FOLLOWUP_NO, &value).await;
    app.settle().await;
    app.click(mentor, who, &value).await;
    app.settle().await;
}

/// UM1 (the only SQL mentor) takes an ask from each of `askers`; two days
/// later each mentee says the session didn't happen because UM1 couldn't make it.
async fn um1_missed(app: &TestApp, askers: &[&str]) -> Vec<i64> {
    seed_mentor(app, "UM1", &["SQL"]).await;
    let mut asks = Vec::new();
    for asker in askers {
        let ask_id = app
            .ask(asker, &AskValues::new("Slow query", &["SQL"]))
            .await;
        app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
        app.settle().await;
        asks.push(ask_id);
    }
    app.advance_and_run(Duration::days(2)).await;
    for (asker, ask_id) in askers.iter().zip(&asks) {
        mentee_says(app, asker, *ask_id, "UM1", action::NO_SHOW_MENTEE_THEM).await;
    }
    asks
}

async fn pause_dm_ts(app: &TestApp, user: &str) -> Option<String> {
    sqlx::query_scalar("SELECT dm_ts FROM no_show_pauses WHERE user_id = $1")
        .bind(user)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn it_didnt_happen_asks_the_mentee_who_couldnt_make_it_and_keeps_the_first_answer() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    let ask_id = session(&app, "UASKER", "UM1").await;
    let (channel, ts): (String, String) = sqlx::query_as(
        "SELECT followup_channel, followup_ts FROM matches WHERE ask_id = $1 AND mentor_id = 'UM1'",
    )
    .bind(ask_id)
    .fetch_one(&app.db)
    .await
    .unwrap();

    app.click("UASKER", action::FOLLOWUP_NO, &format!("{ask_id}:UM1:1"))
        .await;
    app.settle().await;
    let asked = updates_in(&app, &channel);
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["ts"], ts.as_str());
    let text = asked[0].to_string();
    assert!(text.contains("Who couldn't make it?"), "{text}");
    for (id, label) in [
        (action::NO_SHOW_MENTEE_THEM, "My mentor couldn't"),
        (action::NO_SHOW_MENTEE_ME, "I couldn't"),
        (action::NO_SHOW_MENTEE_ELSE, "Something else"),
        (action::REOPEN_ASK, "Find me another mentor"),
    ] {
        assert!(text.contains(id) && text.contains(label), "{id} in {text}");
    }

    // Only the asker answers; a stranger is told so and nothing is stored.
    let value = button_value(&asked[0], action::NO_SHOW_MENTEE_THEM);
    app.click("UM1", action::NO_SHOW_MENTEE_THEM, &value).await;
    app.settle().await;
    assert_eq!(told(&app, "UM1"), [replies::ONLY_ASKER_ANSWERS]);
    assert!(reports(&app, ask_id).await.is_empty());

    // The answer is stored, and the real prompt (not the one the payload names)
    // thanks them and still offers to look for someone else.
    app.click_in(
        "UASKER",
        action::NO_SHOW_MENTEE_THEM,
        &value,
        "C0ELSEWHERE",
        "1699999999.000001",
    )
    .await;
    app.settle().await;
    assert_eq!(
        reports(&app, ask_id).await,
        [("mentee".into(), "mentor".into())]
    );
    assert!(updates_in(&app, "C0ELSEWHERE").is_empty());
    let thanked = updates_in(&app, &channel);
    assert_eq!(thanked.len(), 2);
    assert_eq!(thanked[1]["ts"], ts.as_str());
    let text = thanked[1].to_string();
    assert!(text.contains(view::THANKS_FOR_TELLING), "{text}");
    assert!(text.contains(action::REOPEN_ASK));
    assert!(!text.contains(action::NO_SHOW_MENTEE_THEM));

    // Once per session: a second answer changes nothing.
    app.click("UASKER", action::NO_SHOW_MENTEE_ELSE, &value)
        .await;
    app.settle().await;
    assert_eq!(told(&app, "UASKER"), [view::ALREADY_TOLD]);
    assert_eq!(
        reports(&app, ask_id).await,
        [("mentee".into(), "mentor".into())]
    );

    // "Find me another mentor" still works.
    app.click("UASKER", action::REOPEN_ASK, &value).await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "open");
}

#[tokio::test]
async fn a_mentee_who_re_opens_first_is_still_asked_who_couldnt_make_it() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    let ask_id = session(&app, "UASKER", "UM1").await;
    app.click("UASKER", action::FOLLOWUP_NO, &format!("{ask_id}:UM1:1"))
        .await;
    app.settle().await;
    app.click("UASKER", action::REOPEN_ASK, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "open");
    let after = updates_in(&app, "UASKER").pop().unwrap();
    let text = after.to_string();
    assert!(text.contains(replies::REOPENED), "{text}");
    assert!(text.contains(action::NO_SHOW_MENTEE_THEM), "{text}");
    assert!(
        !text.contains(action::REOPEN_ASK),
        "released already: {text}"
    );

    // The released session still takes the answer.
    app.click(
        "UASKER",
        action::NO_SHOW_MENTEE_THEM,
        &button_value(&after, action::NO_SHOW_MENTEE_THEM),
    )
    .await;
    app.settle().await;
    assert_eq!(
        reports(&app, ask_id).await,
        [("mentee".into(), "mentor".into())]
    );
}

#[tokio::test]
async fn three_sessions_a_mentor_missed_in_sixty_days_pause_them_with_one_kind_dm() {
    let app = spawn_app().await;
    um1_missed(&app, &["UA1", "UA2"]).await;
    assert_eq!(paused_until(&app, "UM1").await, None, "two are not enough");
    assert!(posted_with(&app, "UM1", action::RESUME_OFFERS).is_empty());
    app.advance_and_run(Duration::days(1)).await;
    let third = session(&app, "UA3", "UM1").await;
    mentee_says(&app, "UA3", third, "UM1", action::NO_SHOW_MENTEE_THEM).await;
    let now = app.clock.now_utc();

    // Paused for 30 days, told once, privately, with a Resume button.
    assert_eq!(
        paused_until(&app, "UM1").await,
        Some(now + Duration::days(30))
    );
    let dms = posted_with(&app, "UM1", action::RESUME_OFFERS);
    assert_eq!(dms.len(), 1);
    let text = dms[0]["text"].as_str().unwrap();
    assert!(text.contains("paused mentoring offers to you"), "{text}");
    assert!(text.contains("Nobody else is told"), "{text}");
    for other in ["UA1", "UA2", "UA3"] {
        let heard: Vec<Value> = app
            .slack
            .accepted("chat.postMessage")
            .into_iter()
            .map(|c| c.body)
            .filter(|b| b["channel"] == other && b.to_string().contains("paused"))
            .collect();
        assert!(heard.is_empty(), "nobody else hears of it: {heard:?}");
    }

    // Their next offer doesn't come: a new ask goes to another mentor.
    seed_mentor(&app, "UM2", &["SQL"]).await;
    let next = app
        .ask("UA4", &AskValues::new("Slow query", &["SQL"]))
        .await;
    assert_eq!(app.offers(next).await, [("UM2".into(), "pending".into())]);
}

#[tokio::test]
async fn a_fourth_report_while_paused_changes_nothing() {
    let app = spawn_app().await;
    let asks = um1_missed(&app, &["UA1", "UA2", "UA3", "UA4"]).await;
    assert_eq!(
        reports(&app, asks[3]).await,
        [("mentee".into(), "mentor".into())],
        "the fourth is recorded"
    );
    assert_eq!(pauses(&app, "UM1").await, 1, "one pause per crossing");
    assert_eq!(posted_with(&app, "UM1", action::RESUME_OFFERS).len(), 1);
    assert_eq!(
        paused_until(&app, "UM1").await,
        Some(start_time() + Duration::days(32))
    );
}

#[tokio::test]
async fn resume_brings_the_mentor_back_in_one_click_and_only_for_them() {
    let app = spawn_app().await;
    um1_missed(&app, &["UA1", "UA2", "UA3"]).await;
    seed_mentor(&app, "UM2", &["SQL"]).await;
    let dm = posted_with(&app, "UM1", action::RESUME_OFFERS).remove(0);
    let value = button_value(&dm, action::RESUME_OFFERS);

    // Somebody else clicking it (a forwarded message, a forged payload): nothing.
    app.click("UX", action::RESUME_OFFERS, &value).await;
    app.settle().await;
    assert_eq!(told(&app, "UX"), [view::NOT_YOUR_BUTTON]);
    assert!(paused_until(&app, "UM1").await.is_some());
    assert!(updates_in(&app, "UM1").is_empty());
    let meanwhile = app
        .ask("UA5", &AskValues::new("Slow query", &["SQL"]))
        .await;
    assert_eq!(
        app.offers(meanwhile).await,
        [("UM2".into(), "pending".into())]
    );

    // Their own click: offers are on again, and the note says so.
    app.click("UM1", action::RESUME_OFFERS, &value).await;
    app.settle().await;
    assert_eq!(told(&app, "UM1"), [view::OFFERS_BACK]);
    assert_eq!(paused_until(&app, "UM1").await, None);
    let rewritten = updates_in(&app, "UM1");
    assert_eq!(rewritten.len(), 1);
    assert_eq!(
        rewritten[0]["ts"].as_str(),
        pause_dm_ts(&app, "UM1").await.as_deref()
    );
    assert!(!rewritten[0].to_string().contains(action::RESUME_OFFERS));
    let next = app
        .ask("UA6", &AskValues::new("Slow query", &["SQL"]))
        .await;
    assert!(
        app.offers(next)
            .await
            .contains(&("UM1".into(), "pending".into())),
        "the next ask reaches them"
    );
}

#[tokio::test]
async fn reports_spread_over_more_than_sixty_days_do_not_pause() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    for (i, asker) in ["UA1", "UA2", "UA3"].into_iter().enumerate() {
        if i > 0 {
            // 2 days of follow-up plus 30 more: the first report is 64 days old
            // when the third comes.
            app.advance_and_run(Duration::days(30)).await;
        }
        let ask_id = session(&app, asker, "UM1").await;
        mentee_says(&app, asker, ask_id, "UM1", action::NO_SHOW_MENTEE_THEM).await;
        assert_eq!(reports(&app, ask_id).await.len(), 1);
    }
    assert_eq!(paused_until(&app, "UM1").await, None);
    assert_eq!(pauses(&app, "UM1").await, 0);
    assert!(posted_with(&app, "UM1", action::RESUME_OFFERS).is_empty());
}

#[tokio::test]
async fn something_else_and_i_couldnt_never_count_against_anyone() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    for asker in ["UA1", "UA2", "UA3"] {
        let ask_id = session(&app, asker, "UM1").await;
        mentee_says(&app, asker, ask_id, "UM1", action::NO_SHOW_MENTEE_ELSE).await;
        mentor_says(&app, ask_id, "UM1", action::NO_SHOW_MENTOR_ME).await;
        assert_eq!(
            reports(&app, ask_id).await,
            [
                ("mentee".into(), "other".into()),
                ("mentor".into(), "mentor".into())
            ]
        );
    }
    for person in ["UM1", "UA1", "UA2", "UA3"] {
        assert_eq!(pauses(&app, person).await, 0, "{person}");
    }
    assert_eq!(paused_until(&app, "UM1").await, None);
    assert!(posted_with(&app, "UM1", action::RESUME_OFFERS).is_empty());
}

#[tokio::test]
async fn the_mentor_is_asked_at_followup_after_and_only_they_answer() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Slow query", &["SQL"]))
        .await;
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    let mentor_prompts = |app: &TestApp| posted_with(app, "UM1", action::MENTOR_FOLLOWUP_NO);

    app.advance_and_run(Duration::hours(47)).await;
    assert!(mentor_prompts(&app).is_empty(), "not before FOLLOWUP_AFTER");
    app.advance_and_run(Duration::hours(1)).await;
    let prompts = mentor_prompts(&app);
    assert_eq!(prompts.len(), 1);
    assert_eq!(
        prompts[0]["text"],
        "Did your session with <@UASKER> on *Slow query* happen?"
    );
    assert_eq!(
        app.jobs("mentor_follow_up", Some(ask_id)).await,
        [("done".into(), start_time() + Duration::days(2))]
    );
    let (channel, ts): (String, String) = sqlx::query_as(
        "SELECT mentor_followup_channel, mentor_followup_ts FROM matches WHERE ask_id = $1",
    )
    .bind(ask_id)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(channel, "UM1");

    // The asker cannot answer the mentor's prompt.
    let value = format!("{ask_id}:UM1");
    app.click("UASKER", action::MENTOR_FOLLOWUP_NO, &value)
        .await;
    app.settle().await;
    assert_eq!(told(&app, "UASKER"), [view::ONLY_THE_MENTOR_ANSWERS]);
    assert!(updates_in(&app, "UM1").is_empty());

    // The mentor says it didn't happen: asked who couldn't, on the real prompt.
    app.click_in(
        "UM1",
        action::MENTOR_FOLLOWUP_NO,
        &value,
        "C0ELSEWHERE",
        "1699999999.000001",
    )
    .await;
    app.settle().await;
    assert!(updates_in(&app, "C0ELSEWHERE").is_empty());
    let asked = updates_in(&app, &channel);
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["ts"], ts.as_str());
    let text = asked[0].to_string();
    for label in ["My mentee couldn't", "I couldn't", "Something else"] {
        assert!(text.contains(label), "{label} in {text}");
    }
    assert!(!text.contains(action::REOPEN_ASK));
    app.click("UASKER", action::NO_SHOW_MENTOR_THEM, &value)
        .await;
    app.settle().await;
    assert!(
        reports(&app, ask_id).await.is_empty(),
        "not the asker's to say"
    );
    app.click("UM1", action::NO_SHOW_MENTOR_THEM, &value).await;
    app.settle().await;
    assert_eq!(
        reports(&app, ask_id).await,
        [("mentor".into(), "mentee".into())]
    );
    assert_eq!(updates_in(&app, &channel).len(), 2);

    // Sent once: nothing more later.
    app.advance_and_run(Duration::days(5)).await;
    assert_eq!(mentor_prompts(&app).len(), 1);
}

#[tokio::test]
async fn no_mentor_follow_up_for_a_session_marked_done() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Slow query", &["SQL"]))
        .await;
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    app.advance_and_run(Duration::days(1)).await;
    app.click("UM1", action::MARK_DONE, &format!("{ask_id}:UM1"))
        .await;
    app.settle().await;
    app.advance_and_run(Duration::days(3)).await;
    assert_eq!(
        app.jobs("mentor_follow_up", Some(ask_id)).await,
        [("done".into(), start_time() + Duration::days(2))],
        "the job ran…"
    );
    assert!(
        posted_with(&app, "UM1", action::MENTOR_FOLLOWUP_NO).is_empty(),
        "…and asked nothing"
    );
}

#[tokio::test]
async fn three_sessions_mentors_say_the_mentee_missed_pause_their_asking_until_they_are_ready() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    let mut open_form = None;
    for i in 0..3 {
        let ask_id = session(&app, "UASKER", "UM1").await;
        if i == 2 {
            // A form opened before the pause, sent after it.
            open_form = Some(app.open_modal("UASKER", "/ask", "").await);
        }
        mentor_says(&app, ask_id, "UM1", action::NO_SHOW_MENTOR_THEM).await;
    }
    assert_eq!(pauses(&app, "UASKER").await, 1);
    assert_eq!(pauses(&app, "UM1").await, 0, "never against the mentor");
    assert_eq!(paused_until(&app, "UM1").await, None);
    let dms = posted_with(&app, "UASKER", action::READY_TO_ASK);
    assert_eq!(dms.len(), 1, "told once, privately");
    assert!(dms[0]["text"]
        .as_str()
        .unwrap()
        .contains("Nobody else is told"));
    assert!(posted_with(&app, "UM1", action::READY_TO_ASK).is_empty());
    let asked = asks_of(&app, "UASKER").await;

    // `/ask` says so kindly, with the way back, and opens nothing.
    // (After the ack, which reads nothing, through the command's response_url.)
    let opened = app.slack.calls_to("views.open").len();
    let res = app.command("UASKER", "/ask", "help with SQL").await;
    assert_eq!(res.status(), 200);
    app.settle().await;
    let answer = app
        .slack
        .calls_to("response_url:UASKER")
        .last()
        .expect("told through response_url")
        .body
        .clone();
    assert_eq!(answer["response_type"], "ephemeral");
    assert!(answer["text"].as_str().unwrap().contains("paused"));
    let value = button_value(&answer, action::READY_TO_ASK);
    assert_eq!(app.slack.calls_to("views.open").len(), opened);

    // The form opened earlier is refused, kindly, and stores nothing.
    let form = open_form.unwrap();
    let res = app
        .submit_view(
            "UASKER",
            &form,
            AskValues::new("One more", &["SQL"]).values(),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["response_action"], "errors");
    assert_eq!(
        body["errors"][micromentor::views::ids::ask::TOPIC],
        view::ASKING_PAUSED_FORM
    );
    app.settle().await;
    assert_eq!(asks_of(&app, "UASKER").await, asked);

    // Nobody else can lift it; the mentee can, in one click.
    app.click("UM1", action::READY_TO_ASK, &value).await;
    app.settle().await;
    assert_eq!(told(&app, "UM1"), [view::NOT_YOUR_BUTTON]);
    let paused_answers = app.slack.calls_to("response_url:UASKER").len();
    app.command("UASKER", "/ask", "").await;
    app.settle().await;
    let answers = app.slack.calls_to("response_url:UASKER");
    assert_eq!(answers.len(), paused_answers + 1);
    assert!(answers.last().unwrap().body["text"]
        .as_str()
        .unwrap()
        .contains("paused"));
    assert_eq!(app.slack.calls_to("views.open").len(), opened);
    app.click("UASKER", action::READY_TO_ASK, &value).await;
    app.settle().await;
    assert_eq!(
        told(&app, "UASKER").last().map(String::as_str),
        Some(view::ASKING_BACK)
    );
    assert_eq!(
        updates_in(&app, "UASKER").last().unwrap()["text"],
        view::ASKING_BACK
    );
    let again = app
        .ask("UASKER", &AskValues::new("Asking again", &["SQL"]))
        .await;
    assert_eq!(asks_of(&app, "UASKER").await, asked + 1);
    assert_eq!(app.offers(again).await, [("UM1".into(), "pending".into())]);
}
