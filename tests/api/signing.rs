use crate::helpers::{spawn_app, SIGNING_SECRET};
use micromentor::slack::verify::sign;

const FORM: &str = "application/x-www-form-urlencoded";

fn command_body() -> String {
    "team_id=T0TEST&user_id=U1&command=%2Fnope&text=&channel_id=C1&response_url=http%3A%2F%2F127.0.0.1%3A9%2Fx&trigger_id=1.2".into()
}

/// `/mentor`, which opens a modal: accepted, it reaches Slack.
fn mentor_command_body() -> String {
    command_body().replace("%2Fnope", "%2Fmentor")
}

#[tokio::test]
async fn a_correctly_signed_request_is_accepted() {
    let app = spawn_app().await;
    let res = app
        .post_signed("/slack/commands", FORM, command_body())
        .await;
    assert_eq!(res.status(), 200);
}

async fn send(
    app: &crate::helpers::TestApp,
    ts: Option<String>,
    sig: Option<String>,
    body: String,
) -> reqwest::Response {
    let mut req = app
        .http
        .post(app.url("/slack/commands"))
        .header("content-type", FORM);
    if let Some(ts) = ts {
        req = req.header("X-Slack-Request-Timestamp", ts);
    }
    if let Some(sig) = sig {
        req = req.header("X-Slack-Signature", sig);
    }
    req.body(body).send().await.unwrap()
}

#[tokio::test]
async fn forged_tampered_replayed_and_unsigned_requests_get_401_without_detail() {
    let app = spawn_app().await;
    let now = crate::helpers::start_time().timestamp();
    let body = mentor_command_body();

    let forged = sign(b"not-the-secret", &now.to_string(), body.as_bytes());
    let tampered_sig = sign(SIGNING_SECRET.as_bytes(), &now.to_string(), body.as_bytes());
    let stale_ts = (now - 301).to_string();
    let replayed = sign(SIGNING_SECRET.as_bytes(), &stale_ts, body.as_bytes());

    let cases = [
        ("forged", Some(now.to_string()), Some(forged), body.clone()),
        (
            "tampered",
            Some(now.to_string()),
            Some(tampered_sig),
            body.replace("U1", "U2"),
        ),
        ("replayed", Some(stale_ts), Some(replayed), body.clone()),
        ("unsigned", None, None, body.clone()),
        (
            "no timestamp",
            None,
            Some(sign(SIGNING_SECRET.as_bytes(), "", body.as_bytes())),
            body.clone(),
        ),
    ];
    for (name, ts, sig, body) in cases {
        let res = send(&app, ts, sig, body).await;
        assert_eq!(res.status(), 401, "{name}");
        assert_eq!(res.text().await.unwrap(), "", "{name} leaks no detail");
    }
    app.settle().await;
    // Nothing reached Slack on their behalf (auth.test is the app's own start-up)…
    let on_their_behalf = |app: &crate::helpers::TestApp| {
        app.slack
            .calls()
            .into_iter()
            .filter(|c| c.method != "auth.test")
            .count()
    };
    assert_eq!(on_their_behalf(&app), 0, "{:?}", app.slack.calls());
    // …though the same command, correctly signed, does.
    let res = app.post_signed("/slack/commands", FORM, body).await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.slack.wait_for("views.open", 1).await.len(), 1);
}

#[tokio::test]
async fn bodies_over_one_mebibyte_get_413() {
    let app = spawn_app().await;
    let body = format!("text={}", "a".repeat(1024 * 1024 + 1));
    let res = app.post_signed("/slack/commands", FORM, body).await;
    assert_eq!(res.status(), 413);
}

#[tokio::test]
async fn a_signed_but_malformed_body_gets_400_not_a_panic() {
    let app = spawn_app().await;
    for (path, body) in [
        ("/slack/commands", "team_id=T1".to_owned()),
        ("/slack/interactions", "payload=%7Bnot-json".to_owned()),
        ("/slack/interactions", "nothing=here".to_owned()),
        ("/slack/events", "[1,2,3".to_owned()),
    ] {
        let res = app.post_signed(path, FORM, body).await;
        assert_eq!(res.status(), 400, "{path}");
    }
    // The app is still up.
    assert_eq!(
        app.post_signed("/slack/commands", FORM, command_body())
            .await
            .status(),
        200
    );
}
