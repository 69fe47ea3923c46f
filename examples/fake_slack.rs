//! The Slack stand-in (`micromentor::standin`) as a standalone server, for
//! benchmarks and trying the bot by hand: `cargo run --release --example fake_slack --
//! 127.0.0.1:4000` then `SLACK_API_URL=http://127.0.0.1:4000/api`. To click through
//! the bot in a browser, `micromentor demo` is easier.
//!
//! A second argument makes it a slow Slack: every Web API call is answered only
//! after that many milliseconds (`… -- 127.0.0.1:4000 30000` for a Slack that
//! takes 30 s), through a small delaying front to the same fake. A third argument
//! `auth-fast` answers `auth.test` at once: a Slack that turns slow after the
//! bot has started (and learnt its workspace).

use micromentor::standin::StandIn;

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use std::time::Duration;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:4000".into());
    let delay_ms: u64 = args.next().map_or(0, |d| d.parse().expect("delay in ms"));
    let auth_fast = args.next().is_some_and(|a| a == "auth-fast");
    let slack = match delay_ms {
        0 => StandIn::start_on(&addr).await,
        _ => {
            let slack = StandIn::start().await;
            let delay = Duration::from_millis(delay_ms);
            slow_front(&addr, slack.url.clone(), delay, auth_fast).await;
            slack
        }
    };
    println!("Slack stand-in Web API at {addr}, answering after {delay_ms} ms");
    tokio::signal::ctrl_c().await.ok();
    let calls = slack.calls();
    let refused = slack.refusals();
    println!("{} calls, {} refused", calls.len(), refused.len());
}

/// Answers every call after `delay` (but `auth.test` at once when `auth_fast`),
/// with what the fake at `api` answers.
async fn slow_front(addr: &str, api: String, delay: Duration, auth_fast: bool) {
    type Front = (reqwest::Client, String, Duration, bool);
    async fn forward(
        State((http, api, delay, auth_fast)): State<Front>,
        method: axum::http::Method,
        Path(path): Path<String>,
        headers: axum::http::HeaderMap,
        body: axum::body::Bytes,
    ) -> impl IntoResponse {
        if !(auth_fast && path.ends_with("auth.test")) {
            tokio::time::sleep(delay).await;
        }
        let origin = api.trim_end_matches("/api");
        let method = reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap();
        let mut req = http.request(method, format!("{origin}/{path}")).body(body);
        for name in ["content-type", "authorization"] {
            if let Some(v) = headers.get(name) {
                req = req.header(name, v.as_bytes());
            }
        }
        let res = req.send().await.expect("the fake answers");
        let status = res.status().as_u16();
        let bytes = res.bytes().await.unwrap_or_default();
        (
            axum::http::StatusCode::from_u16(status).unwrap(),
            [("content-type", "application/json")],
            bytes,
        )
    }
    let router = Router::new()
        .route("/{*path}", post(forward).get(forward))
        .with_state((reqwest::Client::new(), api, delay, auth_fast));
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
}
