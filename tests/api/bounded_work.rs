//! Bounded work under a slow Slack: commands beyond `MAX_AFTER_ACK` are answered
//! "busy" at once instead of piling up behind Slack, and nothing is lost: each
//! command either gets its modal or is told.

use crate::helpers::{spawn_app_with, Fault, Options};
use micromentor::views::replies::BUSY;
use std::time::Duration;

#[tokio::test]
async fn a_burst_of_commands_while_slack_is_slow_gets_polite_busy_answers() {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| {
            s.max_after_ack = 2;
            s.max_slack_in_flight = 2;
        })),
        ..Default::default()
    })
    .await;
    const BURST: usize = 10;
    for _ in 0..BURST {
        app.slack
            .fail_next("views.open", Fault::Delay(Duration::from_millis(1500)));
    }
    let users: Vec<String> = (0..BURST).map(|i| format!("UB{i}")).collect();
    let answers =
        futures::future::join_all(users.iter().map(|u| app.command(u, "/mentor", ""))).await;
    let mut opened = 0;
    let mut busy = 0;
    for res in answers {
        assert_eq!(res.status(), 200, "every command is answered");
        let body = res.text().await.unwrap();
        if body.is_empty() {
            opened += 1;
        } else {
            let json: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_eq!(json["response_type"], "ephemeral");
            assert_eq!(json["text"], BUSY);
            busy += 1;
        }
    }
    assert!(busy > 0, "the bound was reached: some were told busy");
    assert!(opened >= 2, "the free slots were used");
    assert_eq!(opened + busy, BURST);
    // Nothing lost: every accepted command got its modal.
    app.settle().await;
    assert_eq!(app.slack.calls_to("views.open").len(), opened);
    // Once Slack has answered, the slots are free again.
    let res = app.command("UAFTER", "/mentor", "").await;
    assert_eq!(res.text().await.unwrap(), "");
}

/// Start-up could not learn the workspace (Slack too slow to answer `auth.test`):
/// a request then gets a polite "try again" at once instead of waiting behind
/// another request's `auth.test`, one background attempt learns it, and the
/// next request is served.
#[tokio::test]
async fn a_slack_too_slow_at_start_up_never_holds_requests_behind_auth_test() {
    let first = crate::helpers::spawn_app().await;
    let shared = first.shared();
    drop(first);
    shared
        .slack
        .fail_next("auth.test", Fault::Delay(Duration::from_secs(5)));
    let app = spawn_app_with(Options {
        beside: Some(shared),
        ..Default::default()
    })
    .await;
    assert!(
        app.state.team_id.get().is_none(),
        "start-up gave up on auth.test"
    );

    let res = app.command("UA", "/mentor", "").await;
    assert_eq!(res.status(), 200);
    let json: serde_json::Value = res.json().await.unwrap();
    assert_eq!(json["text"], micromentor::views::text::TRY_AGAIN);

    app.settle().await;
    assert!(
        app.state.team_id.get().is_some(),
        "learnt in the background"
    );
    let res = app.command("UA", "/mentor", "").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "", "the settings modal opens");
}
