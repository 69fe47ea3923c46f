//! The Web API wrapper against the fake Slack: retries, Retry-After, error codes.

use crate::helpers::{fake_slack::BOT_TOKEN, FakeSlack, Fault};
use micromentor::slack::client::RetryPolicy;
use micromentor::slack::{SlackApi, SlackError};
use serde_json::json;
use std::time::Duration;

fn client(slack: &FakeSlack) -> SlackApi {
    micromentor::slack::client::install_crypto_provider();
    SlackApi::new(
        &slack.url,
        BOT_TOKEN,
        RetryPolicy {
            base_backoff: Duration::from_millis(10),
            ..RetryPolicy::default()
        },
    )
}

fn message() -> serde_json::Value {
    json!({"channel": "C1", "text": "hello"})
}

#[tokio::test]
async fn a_429_is_retried_after_retry_after() {
    let slack = FakeSlack::start().await;
    slack.fail_next("chat.postMessage", Fault::RateLimited { retry_after: 1 });
    let posted = client(&slack).post_message(&message()).await.unwrap();
    assert_eq!(posted.channel, "C1");
    let calls = slack.calls_to("chat.postMessage");
    assert_eq!(calls.len(), 2);
    let waited = calls[1].at - calls[0].at;
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
}

#[tokio::test]
async fn server_errors_are_retried_a_bounded_number_of_times() {
    let slack = FakeSlack::start().await;
    slack.fail_next("chat.postMessage", Fault::Status(500));
    slack.fail_next("chat.postMessage", Fault::Status(503));
    assert!(client(&slack).post_message(&message()).await.is_ok());
    assert_eq!(slack.calls_to("chat.postMessage").len(), 3);

    for _ in 0..10 {
        slack.fail_next("chat.update", Fault::Status(502));
    }
    let err = client(&slack).update_message(&message()).await.unwrap_err();
    assert!(matches!(err, SlackError::Transport { .. }), "{err:?}");
    assert_eq!(slack.calls_to("chat.update").len(), 4, "max_attempts is 4");
}

#[tokio::test]
async fn api_errors_are_returned_with_their_code_and_not_retried() {
    let slack = FakeSlack::start().await;
    slack.fail_next("chat.postMessage", Fault::ApiError("not_in_channel"));
    let err = client(&slack).post_message(&message()).await.unwrap_err();
    assert_eq!(err.code(), Some("not_in_channel"));
    assert_eq!(slack.calls_to("chat.postMessage").len(), 1);
}

#[tokio::test]
async fn read_methods_send_their_arguments_as_query_parameters() {
    let slack = FakeSlack::start().await;
    slack.set_user_tz("U7", "America/New_York");
    let info = client(&slack).user_info("U7").await.unwrap();
    assert_eq!(info.tz.as_deref(), Some("America/New_York"));
    let auth = client(&slack).auth_test().await.unwrap();
    assert_eq!(auth.team_id, crate::helpers::TEAM_ID);
}

#[tokio::test]
async fn a_wrong_token_is_invalid_auth() {
    let slack = FakeSlack::start().await;
    let api = SlackApi::new(&slack.url, "xoxb-wrong", RetryPolicy::default());
    micromentor::slack::client::install_crypto_provider();
    assert_eq!(
        api.auth_test().await.unwrap_err().code(),
        Some("invalid_auth")
    );
}

#[tokio::test]
async fn the_fake_refuses_block_kit_that_slack_refuses() {
    let slack = FakeSlack::start().await;
    let too_many: Vec<_> = (0..51).map(|_| json!({"type": "divider"})).collect();
    let err = client(&slack)
        .post_message(&json!({"channel": "C1", "text": "x", "blocks": too_many}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("invalid_blocks"));
}
