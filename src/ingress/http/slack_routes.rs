//! Route handlers: verified body → typed payload → `handlers::*` → HTTP answer.
//! They never hold product logic.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::slack_request::SlackRequest;
use crate::handlers::{self, Ack};
use crate::slack::payloads::{EventsPayload, Interaction, SlashCommand};
use crate::state::AppState;

impl IntoResponse for Ack {
    fn into_response(self) -> Response {
        match self {
            Ack::Empty => StatusCode::OK.into_response(),
            Ack::Json(value) => Json(value).into_response(),
            Ack::Unavailable => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        }
    }
}

/// Logged by kind only: a parse error can quote the payload, which is people's text.
fn malformed(what: &str, _err: impl std::fmt::Display) -> Response {
    tracing::warn!("malformed {what}");
    (StatusCode::BAD_REQUEST, format!("malformed {what}\n")).into_response()
}

pub async fn commands(State(state): State<AppState>, req: SlackRequest) -> Response {
    match SlashCommand::parse_form(&req.body) {
        Ok(command) => handlers::commands::handle(&state, command)
            .await
            .into_response(),
        Err(e) => malformed("slash command", e),
    }
}

pub async fn interactions(State(state): State<AppState>, req: SlackRequest) -> Response {
    match Interaction::parse_form(&req.body) {
        Ok(interaction) => handlers::interactions::handle(&state, interaction)
            .await
            .into_response(),
        Err(e) => malformed("interaction", e),
    }
}

pub async fn events(State(state): State<AppState>, req: SlackRequest) -> Response {
    let retry = req
        .headers
        .get("x-slack-retry-num")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    match EventsPayload::parse(&req.body) {
        Ok(payload) => handlers::events::handle(&state, payload, retry.as_deref())
            .await
            .into_response(),
        Err(e) => malformed("event", e),
    }
}
