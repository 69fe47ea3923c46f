use clap::Parser;
use std::process::ExitCode;
use std::sync::Arc;

use micromentor::clock::SystemClock;
use micromentor::config::{Cli, Command, Needs, Settings, Transport};
use micromentor::{app, check, db, telemetry, Application};

#[tokio::main]
async fn main() -> ExitCode {
    // A missing .env is normal; a malformed one is worth saying.
    if let Err(e) = dotenvy::dotenv() {
        if !e.not_found() {
            eprintln!("error: .env could not be read: {e}");
            return ExitCode::FAILURE;
        }
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help, --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let text = e.render().to_string();
            eprintln!("{}", text.lines().next().unwrap_or("invalid arguments"));
            return ExitCode::from(2);
        }
    };
    let needs = match &cli.command {
        Command::Serve { socket_mode }
            if *socket_mode
                || cli
                    .slack_app_token
                    .as_deref()
                    .is_some_and(|t| !t.is_empty()) =>
        {
            Needs::Serve(Transport::SocketMode)
        }
        Command::Serve { .. } => Needs::Serve(Transport::Http),
        Command::Migrate | Command::Demo { .. } => Needs::Database,
        Command::Check => Needs::Slack,
    };
    let settings = match Settings::from_cli(&cli, needs) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init_logging(settings.log_format);
    match run(cli.command, settings).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", causes(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, each said once: many errors already
/// repeat their source's text, which `{:#}` would print again.
fn causes(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain().map(|c| c.to_string()) {
        if !line.contains(&cause) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&cause);
        }
    }
    line
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<ExitCode> {
    match command {
        Command::Migrate => {
            let pool = db::connect(settings.database_url.as_deref()).await?;
            let ran = db::migrate(&pool).await?;
            println!("{ran} migration(s) applied; the database is up to date");
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let findings = check::run(&settings).await;
            for f in &findings {
                println!("{} {}", if f.ok { "ok  " } else { "FAIL" }, f.line);
            }
            Ok(if findings.iter().all(|f| f.ok) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Demo { keep } => {
            micromentor::demo::run(settings, keep).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { .. } => {
            let _ = telemetry::metrics_handle();
            let transport = settings.transport;
            let app_token = settings.slack_app_token.clone();
            let application = Application::build(settings, Arc::new(SystemClock)).await?;
            match (transport, app_token) {
                (Transport::SocketMode, Some(token)) => {
                    use secrecy::ExposeSecret;
                    let state = application.state();
                    // Health and metrics stay on HTTP; Slack traffic comes over the socket.
                    let http = tokio::spawn(application.run_until(app::shutdown_signal()));
                    micromentor::ingress::socket_mode::run(
                        state,
                        token.expose_secret(),
                        app::shutdown_signal(),
                    )
                    .await?;
                    http.await??;
                }
                _ => application.run_until(app::shutdown_signal()).await?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
