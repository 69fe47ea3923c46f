//! Socket Mode: the same handlers as HTTP, fed from slack-morphism's WebSocket
//! listener. Its typed events are turned back into Slack's JSON and parsed by our
//! own payload types, so both transports take exactly one path through the code.

use serde_json::Value;
use slack_morphism::prelude::*;
use std::future::Future;
use std::sync::Arc;

use crate::handlers::{self, Ack};
use crate::slack::client::{build_client, Connector};
use crate::slack::payloads::{EventsPayload, Interaction, SlashCommand};
use crate::state::AppState;

type CallbackError = Box<dyn std::error::Error + Send + Sync>;

/// Connects with the app-level token and serves until `shutdown` completes.
pub async fn run<S>(state: AppState, app_token: &str, shutdown: S) -> anyhow::Result<()>
where
    S: Future<Output = ()>,
{
    let client = build_client(&state.settings.slack_api_url);
    let callbacks = SlackSocketModeListenerCallbacks::<Connector>::new()
        .with_command_events(on_command)
        .with_interaction_events(on_interaction)
        .with_push_events(on_push);
    let environment = Arc::new(
        SlackClientEventsListenerEnvironment::new(client)
            .with_error_handler(on_error)
            .with_user_state(state.clone()),
    );
    let listener = SlackClientSocketModeListener::new(
        &SlackClientSocketModeConfig::new(),
        environment,
        callbacks,
    );
    listener
        .listen_for(&SlackApiToken::new(app_token.into()))
        .await
        .map_err(|e| {
            anyhow::anyhow!("Socket Mode could not connect (check SLACK_APP_TOKEN): {e}")
        })?;
    listener.start().await;
    tracing::info!("connected to Slack over Socket Mode");
    shutdown.await;
    listener.shutdown().await;
    state.drain().await;
    Ok(())
}

fn on_error(
    err: CallbackError,
    _client: Arc<SlackClient<Connector>>,
    _states: SlackClientEventsUserState,
) -> http::StatusCode {
    let (kind, envelope_type, envelope_id) = describe(err.as_ref());
    tracing::warn!(
        kind,
        envelope_type,
        envelope_id,
        "Socket Mode callback failed"
    );
    http::StatusCode::OK
}

/// What may be logged about a failed envelope: the kind of failure and the
/// envelope's type and id. Never its body: it carries people's text.
fn describe(
    err: &(dyn std::error::Error + Send + Sync + 'static),
) -> (&'static str, Option<String>, Option<String>) {
    use slack_morphism::errors::SlackClientError;
    let field = |body: &str, name: &str| {
        serde_json::from_str::<Value>(body)
            .ok()?
            .get(name)?
            .as_str()
            .map(|s| s.chars().take(64).collect::<String>())
    };
    match err.downcast_ref::<SlackClientError>() {
        Some(SlackClientError::ProtocolError(e)) => {
            let body = e.json_body.as_deref().unwrap_or("");
            (
                "unparseable envelope",
                field(body, "type"),
                field(body, "envelope_id"),
            )
        }
        Some(_) => ("Slack client error", None, None),
        // Our own callbacks' errors: serde or ours, with no payload in them.
        None if err.is::<serde_json::Error>() => ("payload did not parse", None, None),
        None => ("callback failed", None, None),
    }
}

async fn app_state(states: &SlackClientEventsUserState) -> Result<AppState, CallbackError> {
    states
        .read()
        .await
        .get_user_state::<AppState>()
        .cloned()
        .ok_or_else(|| "app state missing from the Socket Mode listener".into())
}

async fn on_command(
    event: SlackCommandEvent,
    _client: Arc<SlackClient<Connector>>,
    states: SlackClientEventsUserState,
) -> Result<SlackCommandEventResponse, CallbackError> {
    let state = app_state(&states).await?;
    let command: SlashCommand = serde_json::from_value(serde_json::to_value(&event)?)?;
    match handlers::commands::handle(&state, command).await {
        Ack::Json(body) => Ok(serde_json::from_value(body)?),
        Ack::Empty => Ok(SlackCommandEventResponse::new(SlackMessageContent::new())),
        Ack::Unavailable => Err("temporarily unavailable".into()),
    }
}

async fn on_interaction(
    event: SlackInteractionEvent,
    _client: Arc<SlackClient<Connector>>,
    states: SlackClientEventsUserState,
) -> Result<SlackInteractionResponse, CallbackError> {
    let state = app_state(&states).await?;
    let interaction = Interaction::from_json(serde_json::to_value(&event)?)?;
    let suggestion = matches!(interaction, Interaction::BlockSuggestion(_));
    match handlers::interactions::handle(&state, interaction).await {
        Ack::Json(body) if suggestion => Ok(SlackInteractionResponse::BlockSuggestion(
            serde_json::from_value(body)?,
        )),
        Ack::Json(body) => Ok(SlackInteractionResponse::ViewSubmission(
            serde_json::from_value(body)?,
        )),
        Ack::Empty => Ok(SlackInteractionResponse::Empty),
        Ack::Unavailable => Err("temporarily unavailable".into()),
    }
}

async fn on_push(
    event: SlackPushEventCallback,
    _client: Arc<SlackClient<Connector>>,
    states: SlackClientEventsUserState,
) -> Result<(), CallbackError> {
    let state = app_state(&states).await?;
    let mut value = serde_json::to_value(&event)?;
    if let Value::Object(map) = &mut value {
        map.insert("type".into(), Value::from("event_callback"));
    }
    match handlers::events::handle(&state, EventsPayload::from_json(value)?, None).await {
        Ack::Unavailable => Err("temporarily unavailable".into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slack_morphism::errors::{SlackClientError, SlackClientProtocolError};

    #[test]
    fn a_failed_envelope_is_logged_by_type_and_id_never_by_content() {
        let body = r#"{"type":"slash_commands","envelope_id":"E1","payload":{"text":"my secret <!channel>"}}"#;
        let json_error = serde_json::from_str::<u8>("x").unwrap_err();
        let err: CallbackError = Box::new(SlackClientError::ProtocolError(
            SlackClientProtocolError::new(json_error).with_json_body(body.to_owned()),
        ));
        let described = describe(err.as_ref());
        assert_eq!(
            described,
            (
                "unparseable envelope",
                Some("slash_commands".to_owned()),
                Some("E1".to_owned())
            )
        );
        assert!(!format!("{described:?}").contains("secret"));
    }
}
