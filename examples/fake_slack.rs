//! The Slack stand-in (`micromentor::standin`) as a standalone server, for
//! benchmarks and trying the bot by hand: `cargo run --release --example fake_slack --
//! 127.0.0.1:4000` then `SLACK_API_URL=http://127.0.0.1:4000/api`. To click through
//! the bot in a browser, `micromentor demo` is easier.

use micromentor::standin::StandIn;

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:4000".into());
    let slack = StandIn::start_on(&addr).await;
    println!("Slack stand-in Web API at {}", slack.url);
    tokio::signal::ctrl_c().await.ok();
    let calls = slack.calls();
    let refused = slack.refusals();
    println!("{} calls, {} refused", calls.len(), refused.len());
}
