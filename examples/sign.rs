//! Writes a Slack-signed request body for load tools and prints the headers:
//! `cargo run --example sign -- SECRET BODY_FILE` → `timestamp signature`.

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(secret), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: sign SECRET BODY_FILE");
        std::process::exit(2);
    };
    let body = std::fs::read(&path).expect("body file readable");
    let ts = chrono::Utc::now().timestamp().to_string();
    println!(
        "{ts} {}",
        micromentor::slack::verify::sign(secret.as_bytes(), &ts, &body)
    );
}
