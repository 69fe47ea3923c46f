//! The floor for ack-latency benchmarks: an axum server that answers 200 and
//! does nothing. `cargo run --release --example bare_axum -- 127.0.0.1:3100`

use axum::routing::post;
use axum::Router;

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3100".into());
    let app = Router::new().route("/slack/commands", post(|| async { "" }));
    let listener = tokio::net::TcpListener::bind(&addr).await.unwrap();
    println!("bare axum at http://{addr}");
    axum::serve(listener, app).await.unwrap();
}
