//! What a forger, a replayer or another workspace can make the app do: nothing.
//! Socket Mode serves no `/slack` routes, an empty signing secret verifies no
//! request, a signature is accepted once, `response_url`s are followed only to
//! Slack and never with the bot token, other workspaces are refused, "I can help"
//! takes only asks listed in digests, and one payload is at most one click.

use crate::helpers::asks::{add_skill, seed_mentor, AskValues};
use crate::helpers::fake_slack::BOT_TOKEN;
use crate::helpers::mentor_form::MentorForm;
use crate::helpers::{
    spawn_app, spawn_app_with, submission_payload, Fault, NowTs, Options, TestApp, SIGNING_SECRET,
    TEAM_ID,
};
use micromentor::config::{DigestSettings, Transport};
use micromentor::slack::verify::sign;
use micromentor::views::ids::{action, mentor};
use micromentor::views::replies;
use secrecy::SecretString;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const FORM: &str = "application/x-www-form-urlencoded";
const OTHER_TEAM: &str = "T0OTHER";

/// Everything the app asked of Slack on someone's behalf (`auth.test` is its own
/// start-up, and how it learns its workspace).
fn on_their_behalf(app: &TestApp) -> Vec<String> {
    app.slack
        .calls()
        .into_iter()
        .filter(|c| c.method != "auth.test")
        .map(|c| c.method)
        .collect()
}

/// POSTs `body` with exactly this timestamp and signature.
async fn send_raw(app: &TestApp, path: &str, ts: &str, sig: &str, body: &str) -> reqwest::Response {
    app.http
        .post(app.url(path))
        .header("content-type", FORM)
        .header("x-slack-request-timestamp", ts)
        .header("x-slack-signature", sig)
        .body(body.to_owned())
        .send()
        .await
        .expect("request reaches the app")
}

/// `/mentor` (opens the settings modal) as a form body.
fn mentor_command(app: &TestApp, user: &str) -> String {
    serde_urlencoded::to_string(app.command_form(user, "/mentor", "")).unwrap()
}

fn set(form: &mut [(&'static str, String)], field: &str, value: &str) {
    form.iter_mut()
        .find(|(k, _)| *k == field)
        .unwrap_or_else(|| panic!("no field {field}"))
        .1 = value.to_owned();
}

fn text_of(call: &crate::helpers::fake_slack::Call) -> &str {
    call.body["text"].as_str().unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Socket Mode and the signing secret

#[tokio::test]
async fn in_socket_mode_no_slack_route_is_served_over_http() {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| {
            s.transport = Transport::SocketMode;
            // Socket Mode needs no signing secret; deployments leave it empty.
            s.slack_signing_secret = SecretString::from("");
        })),
        ..Options::default()
    })
    .await;
    let ts = app.clock.now_ts().to_string();
    let body = mentor_command(&app, "U1");
    // Anyone can compute an HMAC with the empty key.
    let sig = sign(b"", &ts, body.as_bytes());
    for path in ["/slack/commands", "/slack/interactions", "/slack/events"] {
        let res = send_raw(&app, path, &ts, &sig, &body).await;
        assert_eq!(res.status(), 404, "{path} is not mounted");
    }
    for path in ["/healthz", "/metrics"] {
        let res = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path} still answers");
    }
    app.settle().await;
    assert_eq!(on_their_behalf(&app), Vec::<String>::new());
}

#[tokio::test]
async fn over_http_an_empty_signing_secret_verifies_nothing() {
    for secret in ["", "  "] {
        let app = spawn_app_with(Options {
            settings: Some(Box::new(move |s| {
                s.slack_signing_secret = SecretString::from(secret)
            })),
            ..Options::default()
        })
        .await;
        let ts = app.clock.now_ts().to_string();
        let body = mentor_command(&app, "U1");
        let sig = sign(secret.as_bytes(), &ts, body.as_bytes());
        let res = send_raw(&app, "/slack/commands", &ts, &sig, &body).await;
        assert_eq!(res.status(), 401, "secret {secret:?}");
        assert_eq!(res.text().await.unwrap(), "");
        app.settle().await;
        assert_eq!(on_their_behalf(&app), Vec::<String>::new());
    }
}

// ---------------------------------------------------------------------------
// Replays

#[tokio::test]
async fn the_same_signed_request_is_accepted_once() {
    let app = spawn_app().await;
    let ts = app.clock.now_ts().to_string();
    let body = mentor_command(&app, "U1");
    let sig = sign(SIGNING_SECRET.as_bytes(), &ts, body.as_bytes());

    let first = send_raw(&app, "/slack/commands", &ts, &sig, &body).await;
    assert_eq!(first.status(), 200);
    app.settle().await;
    let replayed = send_raw(&app, "/slack/commands", &ts, &sig, &body).await;
    assert_eq!(replayed.status(), 401);
    assert_eq!(replayed.text().await.unwrap(), "", "no detail");
    // Hex is case-insensitive, so a case-flipped copy verifies: still a replay.
    let flipped = format!("v0={}", sig.trim_start_matches("v0=").to_ascii_uppercase());
    let replayed = send_raw(&app, "/slack/commands", &ts, &flipped, &body).await;
    assert_eq!(
        replayed.status(),
        401,
        "a case-flipped signature is the same one"
    );
    app.settle().await;
    assert_eq!(app.slack.calls_to("views.open").len(), 1, "one modal");

    // Slack signs each delivery afresh (another timestamp): that still gets in.
    let later = (app.clock.now_ts() - 1).to_string();
    let resigned = sign(SIGNING_SECRET.as_bytes(), &later, body.as_bytes());
    let res = send_raw(&app, "/slack/commands", &later, &resigned, &body).await;
    assert_eq!(res.status(), 200);
}

// ---------------------------------------------------------------------------
// response_url

/// A server on another port of 127.0.0.1 (so another origin than the fake
/// Slack's) that records every connection made to it.
struct Elsewhere {
    addr: std::net::SocketAddr,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Elsewhere {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let log = log.clone();
                tokio::spawn(async move {
                    let mut buf = vec![0; 16 * 1024];
                    let read = tokio::time::timeout(Duration::from_secs(2), socket.read(&mut buf));
                    let n = match read.await {
                        Ok(Ok(n)) => n,
                        _ => 0,
                    };
                    log.lock()
                        .unwrap()
                        .push(String::from_utf8_lossy(&buf[..n]).into_owned());
                    let _ = socket
                        .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: close\r\n\r\n{\"ok\":true}")
                        .await;
                });
            }
        });
        Elsewhere { addr, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

#[tokio::test]
async fn response_urls_are_posted_to_without_the_bot_token() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Macros", &["Rust"]))
        .await;

    // A click answered through its response_url: Accept on an ask not offered to you.
    app.click("USTRANGER", action::ACCEPT, &ask_id.to_string())
        .await;
    app.settle().await;
    // A command answered through its response_url: Slack refuses the modal.
    app.slack
        .fail_next("views.open", Fault::ApiError("expired_trigger_id"));
    assert_eq!(app.command("U1", "/mentor", "").await.status(), 200);
    app.settle().await;

    let click = app.slack.calls_to("response_url:USTRANGER");
    assert_eq!(click.len(), 1);
    assert!(text_of(&click[0]).contains("wasn't offered to you"));
    let command = app.slack.calls_to("response_url:U1");
    assert_eq!(command.len(), 1);
    for call in click.iter().chain(&command) {
        assert_eq!(call.authorization, None, "{} carried a token", call.method);
    }
    // The Web API calls, by contrast, carry it.
    let api: Vec<_> = app
        .slack
        .calls()
        .into_iter()
        .filter(|c| !c.method.starts_with("response_url:"))
        .collect();
    assert!(api.iter().any(|c| c.method == "views.open"));
    assert!(api.iter().any(|c| c.method == "chat.postMessage"));
    let bearer = format!("Bearer {BOT_TOKEN}");
    for call in &api {
        assert_eq!(
            call.authorization.as_deref(),
            Some(&*bearer),
            "{}",
            call.method
        );
    }
}

#[tokio::test]
async fn response_urls_that_do_not_point_at_slack_are_not_followed() {
    let app = spawn_app().await;
    let elsewhere = Elsewhere::start().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Macros", &["Rust"]))
        .await;

    // A refused click whose response_url is not Slack's.
    let mut click = app.click_payload("USTRANGER", action::ACCEPT, &ask_id.to_string());
    click["response_url"] = json!(elsewhere.url("/steal/click"));
    assert_eq!(app.interaction(&click).await.status(), 200);
    app.settle().await;
    // A command whose modal Slack refuses, with the same kind of response_url.
    app.slack
        .fail_next("views.open", Fault::ApiError("expired_trigger_id"));
    let mut command = app.command_form("U1", "/mentor", "");
    set(
        &mut command,
        "response_url",
        &elsewhere.url("/steal/command"),
    );
    assert_eq!(app.command_with(&command).await.status(), 200);
    app.settle().await;

    // The work ran (the refusal was decided, the modal was tried)…
    assert_eq!(app.ask_status(ask_id).await, "open");
    assert_eq!(app.slack.calls_to("views.open").len(), 2, "/ask, /mentor");
    // …but nothing went anywhere but Slack.
    assert_eq!(elsewhere.requests(), Vec::<String>::new());
    let answered: Vec<_> = app
        .slack
        .calls()
        .into_iter()
        .filter(|c| c.method.starts_with("response_url:"))
        .map(|c| c.method)
        .collect();
    assert_eq!(answered, Vec::<String>::new());

    // The same click with Slack's response_url is answered: the refusal was real.
    app.click("USTRANGER", action::ACCEPT, &ask_id.to_string())
        .await;
    app.settle().await;
    assert_eq!(app.slack.calls_to("response_url:USTRANGER").len(), 1);
    assert_eq!(elsewhere.requests(), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// "I can help" and asks kept out of digests

#[tokio::test]
async fn i_can_help_cannot_take_an_ask_kept_out_of_digests() {
    let app = spawn_app_with(Options {
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
    .await;
    add_skill(&app, "Rust").await;
    let listed = app
        .ask("UASKER1", &AskValues::new("Lifetimes", &["Rust"]))
        .await;
    let mut private = AskValues::new("Private matter", &["Rust"]);
    private.in_digest = false;
    let hidden = app.ask("UASKER2", &private).await;
    app.advance_and_run(chrono::Duration::days(1)).await;

    // The digest lists one ask; its button is what a helper clicks.
    let digest = app
        .slack
        .accepted("chat.postMessage")
        .into_iter()
        .find(|c| c.body["channel"] == "C0DIGEST")
        .expect("a digest was posted");
    let button = digest.body["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|b| b.get("accessory"))
        .cloned()
        .expect("an I can help button");
    assert!(!digest.body.to_string().contains("Private matter"));
    assert_eq!(button["value"], listed.to_string());
    let action_id = button["action_id"].as_str().unwrap();
    assert!(action_id.starts_with(action::HELP_FROM_DIGEST));

    // The same button, forged with the hidden ask's id.
    app.click("UHELPER", action_id, &hidden.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(hidden).await, "open");
    assert_eq!(app.matches(hidden).await, 0);
    assert!(app.intros().is_empty());
    assert!(app.slack.calls_to("conversations.open").is_empty());
    let told = app.slack.calls_to("response_url:UHELPER");
    assert_eq!(told.len(), 1);
    assert_eq!(text_of(&told[0]), replies::NOT_IN_DIGEST);

    // The listed ask, from its own button, is taken.
    app.click("UHELPER", action_id, &listed.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(listed).await, "matched");
    assert_eq!(app.matches(listed).await, 1);
    assert_eq!(app.intros().len(), 1);
}

// ---------------------------------------------------------------------------
// Other workspaces

#[tokio::test]
async fn commands_from_another_workspace_are_refused_politely() {
    let app = spawn_app().await;
    for (command, text) in [("/mentor", ""), ("/mentor", "on"), ("/ask", "")] {
        let mut form = app.command_form("U1", command, text);
        set(&mut form, "team_id", OTHER_TEAM);
        let res = app.command_with(&form).await;
        assert_eq!(res.status(), 200, "{command} {text}");
        let body = res.text().await.unwrap();
        let answer: Value = serde_json::from_str(&body).unwrap_or_default();
        assert_eq!(
            answer["response_type"], "ephemeral",
            "{command} {text}: {body}"
        );
        let said = answer["text"].as_str().unwrap_or_default();
        assert!(
            said.contains("another workspace"),
            "{command} {text}: {said}"
        );
    }
    app.settle().await;
    assert_eq!(app.mentor_rows().await, 0);
    assert_eq!(on_their_behalf(&app), Vec::<String>::new());

    // From this workspace the same command opens the modal.
    app.open_modal("U1", "/mentor", "").await;
}

#[tokio::test]
async fn clicks_and_submissions_from_another_workspace_change_nothing() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Macros", &["Rust"]))
        .await;
    let view = app.open_modal("UNEW", "/mentor", "").await;
    let before = app.slack.calls().len();

    // The mentor settings modal, filled in validly, submitted from another workspace.
    let form = MentorForm {
        new_skills: Some("Rust".into()),
        ..MentorForm::default()
    };
    let mut submission = submission_payload("UNEW", &view, form.values());
    submission["team"]["id"] = json!(OTHER_TEAM);
    submission["user"]["team_id"] = json!(OTHER_TEAM);
    let res = app.interaction(&submission).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["response_action"], "errors",
        "the modal stays, with why"
    );
    assert!(body["errors"][mentor::OPT_IN]
        .as_str()
        .unwrap()
        .contains("another workspace"));
    // Accept and Cancel clicked from another workspace by namesakes.
    for (user, button) in [("UM1", action::ACCEPT), ("UASKER", action::CANCEL_ASK)] {
        let mut click = app.click_payload(user, button, &ask_id.to_string());
        click["team"]["id"] = json!(OTHER_TEAM);
        click["user"]["team_id"] = json!(OTHER_TEAM);
        assert_eq!(app.interaction(&click).await.status(), 200, "{button}");
    }
    app.settle().await;

    assert_eq!(app.mentor_rows().await, 1, "only UM1, seeded");
    assert_eq!(app.ask_status(ask_id).await, "open");
    assert_eq!(app.offers(ask_id).await, [("UM1".into(), "pending".into())]);
    // Each click is told why, through its own response_url, and nothing else happens.
    let since: Vec<_> = app.slack.calls()[before..].to_vec();
    assert_eq!(since.len(), 2, "{since:?}");
    for call in &since {
        assert!(call.method.starts_with("response_url:"), "{}", call.method);
        assert!(call.body["text"]
            .as_str()
            .unwrap()
            .contains("another workspace"));
    }

    // From this workspace, the same Accept goes through.
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "matched");
}

#[tokio::test]
async fn events_from_another_workspace_are_acknowledged_and_ignored() {
    let app = spawn_app().await;
    let home_opened = |team: &str, event_id: &str| {
        json!({
            "token": "deprecated",
            "team_id": team,
            "api_app_id": "A0APP",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": 1_772_445_600,
            "event": { "type": "app_home_opened", "user": "U1", "channel": "D0HOME", "tab": "home", "event_ts": "1772445600.000100" }
        })
    };
    let res = app.event(&home_opened(OTHER_TEAM, "EvForeign"), None).await;
    assert_eq!(res.status(), 200, "acknowledged, so Slack does not retry");
    app.settle().await;
    assert!(app.slack.calls_to("views.publish").is_empty());
    assert_eq!(app.stored_events().await, 0);

    // The same event from this workspace is processed.
    let res = app.event(&home_opened(TEAM_ID, "EvOurs"), None).await;
    assert_eq!(res.status(), 200);
    app.settle().await;
    assert_eq!(app.slack.calls_to("views.publish").len(), 1);
    assert_eq!(app.stored_events().await, 1);
}

// ---------------------------------------------------------------------------
// One payload, one click

/// A `block_actions` payload carrying `n` copies of the same button.
fn many_actions(app: &TestApp, user: &str, button: &str, value: &str, n: usize) -> Value {
    let mut payload = app.click_payload(user, button, value);
    let one = payload["actions"][0].clone();
    payload["actions"] = Value::Array(vec![one; n]);
    payload
}

#[tokio::test]
async fn a_payload_of_two_thousand_actions_is_one_click() {
    let app = spawn_app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Macros", &["Rust"]))
        .await;
    let id = ask_id.to_string();

    // Refused 2 000 times over: told once.
    let res = app
        .interaction(&many_actions(&app, "USTRANGER", action::ACCEPT, &id, 2_000))
        .await;
    assert_eq!(res.status(), 200);
    app.settle().await;
    assert_eq!(app.slack.calls_to("response_url:USTRANGER").len(), 1);

    // Accepted 2 000 times over: one match, one intro, no "already on it".
    let res = app
        .interaction(&many_actions(&app, "UM1", action::ACCEPT, &id, 2_000))
        .await;
    assert_eq!(res.status(), 200);
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "matched");
    assert_eq!(app.matches(ask_id).await, 1);
    assert_eq!(app.intros().len(), 1);
    assert!(app.slack.calls_to("response_url:UM1").is_empty());

    // Cancelled 2 000 times over (another ask): one cancellation, told once.
    let other = app
        .ask("UASKER", &AskValues::new("Traits", &["Rust"]))
        .await;
    let before = app.slack.calls().len();
    let res = app
        .interaction(&many_actions(
            &app,
            "UASKER",
            action::CANCEL_ASK,
            &other.to_string(),
            2_000,
        ))
        .await;
    assert_eq!(res.status(), 200);
    app.settle().await;
    assert_eq!(app.ask_status(other).await, "cancelled");
    let answers = app.slack.calls()[before..]
        .iter()
        .filter(|c| c.method == "response_url:UASKER")
        .count();
    assert_eq!(answers, 1);
}

impl TestApp {
    async fn matches(&self, ask_id: i64) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM matches WHERE ask_id = $1")
            .bind(ask_id)
            .fetch_one(&self.db)
            .await
            .unwrap()
    }

    async fn mentor_rows(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM mentors")
            .fetch_one(&self.db)
            .await
            .unwrap()
    }

    async fn stored_events(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM slack_events")
            .fetch_one(&self.db)
            .await
            .unwrap()
    }
}
