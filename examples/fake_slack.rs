//! The tests' fake Slack Web API as a standalone server, for benchmarks and
//! trying the bot locally: `cargo run --release --example fake_slack -- 127.0.0.1:4000`
//! then `SLACK_API_URL=http://127.0.0.1:4000/api`.

#[path = "../tests/api/helpers/block_kit.rs"]
#[allow(dead_code)]
mod block_kit;
#[path = "../tests/api/helpers/fake_slack.rs"]
#[allow(dead_code)]
mod fake_slack;

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:4000".into());
    let fake = fake_slack::FakeSlack::start_on(&addr).await;
    println!("fake Slack Web API at {}", fake.url);
    tokio::signal::ctrl_c().await.ok();
    let calls = fake.calls();
    let refused = fake.refusals();
    println!("{} calls, {} refused", calls.len(), refused.len());
}
