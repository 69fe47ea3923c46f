//! A signing front for ack benchmarks: load tools send one fixed body, but the
//! server refuses a second sight of the same signature (a replay). This front
//! makes each request unique (`&nonce=N` appended to the form), signs it as Slack
//! would, and forwards it; point the floor through it too so both pay the same hop.
//! `cargo run --release --example sign_proxy -- LISTEN TARGET SECRET`

use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use axum::Router;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

struct Front {
    http: reqwest::Client,
    target: String,
    secret: String,
    nonce: AtomicU64,
}

async fn forward(
    State(front): State<Arc<Front>>,
    uri: Uri,
    body: Bytes,
) -> (axum::http::StatusCode, Bytes) {
    let n = front.nonce.fetch_add(1, Ordering::Relaxed);
    let mut body = body.to_vec();
    body.extend_from_slice(format!("&nonce={n}").as_bytes());
    let ts = chrono::Utc::now().timestamp().to_string();
    let sig = micromentor::slack::verify::sign(front.secret.as_bytes(), &ts, &body);
    let res = front
        .http
        .post(format!("{}{}", front.target, uri.path()))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("X-Slack-Request-Timestamp", ts)
        .header("X-Slack-Signature", sig)
        .body(body)
        .send()
        .await;
    match res {
        Ok(res) => {
            let status = axum::http::StatusCode::from_u16(res.status().as_u16()).unwrap();
            (status, res.bytes().await.unwrap_or_default())
        }
        Err(_) => (axum::http::StatusCode::BAD_GATEWAY, Bytes::new()),
    }
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(listen), Some(target), Some(secret)) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: sign_proxy LISTEN TARGET SECRET");
        std::process::exit(2);
    };
    let front = Arc::new(Front {
        http: reqwest::Client::new(),
        target,
        secret,
        nonce: AtomicU64::new(0),
    });
    let app = Router::new().fallback(forward).with_state(front);
    let listener = tokio::net::TcpListener::bind(&listen).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
