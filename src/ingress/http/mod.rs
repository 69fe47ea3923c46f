//! The HTTP face: routes, the verified-request extractor, health and metrics.

mod health;
mod metrics;
mod slack_request;
mod slack_routes;

use axum::routing::{get, post};
use axum::Router;
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::Transport;
use crate::state::AppState;

pub use slack_request::MAX_BODY_BYTES;

/// The HTTP routes. In Socket Mode Slack's traffic comes over the socket, so the
/// `/slack/*` routes are not mounted at all: only health and metrics are served.
pub fn router(state: AppState) -> Router {
    let slack = Router::new()
        .route("/slack/commands", post(slack_routes::commands))
        .route("/slack/interactions", post(slack_routes::interactions))
        .route("/slack/events", post(slack_routes::events))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    let routes = match state.settings.transport {
        Transport::Http => Router::new().merge(slack),
        Transport::SocketMode => Router::new(),
    };
    routes
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::render))
        .layer(axum::middleware::from_fn(metrics::track))
        // Slack gives up after 3 s; nothing of ours should hang longer than this.
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(10),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
