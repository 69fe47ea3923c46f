//! An extractor that yields a request body only once its Slack signature checks out.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret;

use crate::slack::verify::{self, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use crate::state::AppState;

/// Slack's payloads are small; anything above this is refused with 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The raw body of a request that Slack signed.
pub struct SlackRequest {
    pub headers: HeaderMap,
    pub body: Bytes,
}

pub enum Rejection {
    /// No detail in the body: a forger learns nothing.
    Unauthorized,
    TooLarge,
    BadBody,
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        match self {
            Rejection::Unauthorized => StatusCode::UNAUTHORIZED.into_response(),
            Rejection::TooLarge => StatusCode::PAYLOAD_TOO_LARGE.into_response(),
            Rejection::BadBody => StatusCode::BAD_REQUEST.into_response(),
        }
    }
}

impl FromRequest<AppState> for SlackRequest {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let body = axum::body::to_bytes(body, MAX_BODY_BYTES)
            .await
            .map_err(|e| {
                // A body over the limit surfaces as an error from the limited stream.
                let length_limit = std::error::Error::source(&e)
                    .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
                if length_limit {
                    Rejection::TooLarge
                } else {
                    Rejection::BadBody
                }
            })?;
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let outcome = verify::verify(
            state
                .settings
                .slack_signing_secret
                .expose_secret()
                .as_bytes(),
            header(TIMESTAMP_HEADER),
            header(SIGNATURE_HEADER),
            &body,
            state.clock.now(),
        );
        if let Err(reason) = outcome {
            tracing::warn!(%reason, path = %parts.uri.path(), "refused a request with a bad signature");
            metrics::counter!("slack_requests_refused_total", "reason" => "signature").increment(1);
            return Err(Rejection::Unauthorized);
        }
        // Verified, so both headers are there; a second sight is a replay.
        let (ts, sig) = (
            header(TIMESTAMP_HEADER).unwrap_or_default(),
            header(SIGNATURE_HEADER).unwrap_or_default(),
        );
        if !state.seen_signatures.first_time(ts, sig, state.clock.now()) {
            tracing::warn!(path = %parts.uri.path(), "refused a replayed request");
            metrics::counter!("slack_requests_refused_total", "reason" => "replay").increment(1);
            return Err(Rejection::Unauthorized);
        }
        Ok(SlackRequest {
            headers: parts.headers,
            body,
        })
    }
}
