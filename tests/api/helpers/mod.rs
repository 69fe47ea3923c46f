//! `spawn_app()`: the real application on port 0, a fresh database and a fake Slack.

pub mod asks;
pub mod db;
pub mod home;
pub mod mentor_form;
pub mod my_data;
pub mod tcp_proxy;

use chrono::{DateTime, TimeZone, Utc};
use micromentor::clock::ManualClock;
use micromentor::config::Settings;
use micromentor::slack::client::RetryPolicy;
use micromentor::slack::verify::sign;
use micromentor::{AppState, Application};
use serde_json::Value;
use sqlx::PgPool;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

/// The Block Kit limits the Slack stand-in enforces.
pub use micromentor::standin::block_kit;
/// The Slack stand-in, under the name the tests know it by.
pub mod fake_slack {
    pub use micromentor::standin::{Call, Fault, StandIn as FakeSlack, BOT_TOKEN, TEAM_ID};
}
pub use fake_slack::{FakeSlack, Fault, TEAM_ID};
use tcp_proxy::TcpProxy;

pub const SIGNING_SECRET: &str = "test-signing-secret-0123456789";

/// How long [`TestApp::settle`] waits for work spawned after acks.
pub const SETTLE_TIMEOUT: Duration = Duration::from_secs(10);

/// A Monday morning in London, before any DST change.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap()
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub http: reqwest::Client,
    pub slack: FakeSlack,
    pub db: PgPool,
    pub clock: Arc<ManualClock>,
    pub state: AppState,
    pub db_proxy: Option<TcpProxy>,
    _shutdown: oneshot::Sender<()>,
    /// Dropped (and with it the database) when the last app using it is.
    database: Arc<db::TestDatabase>,
}

pub type SettingsChange = Box<dyn FnOnce(&mut Settings)>;

#[derive(Default)]
pub struct Options {
    /// Reach Postgres through a proxy the test can cut.
    pub db_via_proxy: bool,
    /// Changes to the default test settings.
    pub settings: Option<SettingsChange>,
    /// Share another app's database, fake Slack and clock (a second replica, a restart).
    pub beside: Option<Shared>,
    /// The Web API client's retry policy (default: fast backoff, 10 s attempts).
    pub policy: Option<RetryPolicy>,
}

/// What a second instance shares with the first. The database lives as long as
/// any instance using it, so a restart may drop the first before building the second.
#[derive(Clone)]
pub struct Shared {
    pub database: Arc<db::TestDatabase>,
    pub slack: FakeSlack,
    pub clock: Arc<ManualClock>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(options: Options) -> TestApp {
    if std::env::var("TEST_LOG").is_ok() {
        micromentor::telemetry::init_logging(micromentor::config::LogFormat::Text);
    }
    let (slack, database, clock) = match options.beside {
        Some(shared) => (shared.slack, shared.database, shared.clock),
        None => (
            FakeSlack::start().await,
            Arc::new(db::TestDatabase::create().await),
            ManualClock::new(start_time()),
        ),
    };
    let mut url = database.url.clone();
    let db_proxy = if options.db_via_proxy {
        let parsed = url::Url::parse(&url).unwrap();
        let target = format!(
            "{}:{}",
            parsed.host_str().unwrap(),
            parsed.port().unwrap_or(5432)
        );
        let target: SocketAddr = tokio::net::lookup_host(target)
            .await
            .unwrap()
            .next()
            .unwrap();
        let proxy = TcpProxy::start(target).await;
        let mut via = parsed.clone();
        via.set_host(Some("127.0.0.1")).unwrap();
        via.set_port(Some(proxy.addr.port())).unwrap();
        url = via.to_string();
        Some(proxy)
    } else {
        None
    };
    let mut settings = Settings::for_tests(url, slack.url.clone(), SIGNING_SECRET);
    if let Some(change) = options.settings {
        change(&mut settings);
    }
    let policy = options.policy.unwrap_or(RetryPolicy {
        base_backoff: Duration::from_millis(20),
        ..RetryPolicy::default()
    });
    let app = Application::build_with(settings, clock.clone(), policy)
        .await
        .expect("app builds");
    let addr = app.local_addr();
    let state = app.state();
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    TestApp {
        addr,
        http: reqwest::Client::new(),
        db: state.db.clone(),
        slack,
        clock,
        state,
        db_proxy,
        _shutdown: tx,
        database,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// POSTs `body` signed as Slack signs it, at the app's current time. Slack
    /// signs every delivery (retries too) afresh; the manual clock stands still,
    /// so each request is dated a different second inside the 5-minute window
    /// (the app refuses a signature it has already seen).
    pub async fn post_signed(
        &self,
        path: &str,
        content_type: &str,
        body: String,
    ) -> reqwest::Response {
        static SENT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
        let n = SENT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let ts = (self.clock.now_ts() - n % 240).to_string();
        let sig = sign(SIGNING_SECRET.as_bytes(), &ts, body.as_bytes());
        self.http
            .post(self.url(path))
            .header("content-type", content_type)
            .header("x-slack-request-timestamp", ts)
            .header("x-slack-signature", sig)
            .body(body)
            .send()
            .await
            .expect("request reaches the app")
    }

    /// A slash command exactly as Slack sends it.
    pub async fn command(&self, user: &str, command: &str, text: &str) -> reqwest::Response {
        self.command_with(&self.command_form(user, command, text))
            .await
    }

    /// The form fields [`TestApp::command`] sends, for tests that change one
    /// (the team, the `response_url`) before sending them with [`TestApp::command_with`].
    pub fn command_form(
        &self,
        user: &str,
        command: &str,
        text: &str,
    ) -> Vec<(&'static str, String)> {
        let trigger = format!("trigger-{user}-{}", rand::random::<u32>());
        [
            ("token", "deprecated"),
            ("team_id", TEAM_ID),
            ("team_domain", "testco"),
            ("channel_id", "C0GENERAL"),
            ("channel_name", "general"),
            ("user_id", user),
            ("user_name", user),
            ("command", command),
            ("text", text),
            ("api_app_id", "A0APP"),
            ("is_enterprise_install", "false"),
            ("response_url", &self.slack.response_url(user)),
            ("trigger_id", &trigger),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_owned()))
        .collect()
    }

    /// Sends a slash command's form fields, signed.
    pub async fn command_with(&self, form: &[(&str, String)]) -> reqwest::Response {
        let body = serde_urlencoded::to_string(form).unwrap();
        self.post_signed("/slack/commands", "application/x-www-form-urlencoded", body)
            .await
    }

    /// An interaction payload (form field `payload` holding JSON).
    pub async fn interaction(&self, payload: &Value) -> reqwest::Response {
        let body = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
        self.post_signed(
            "/slack/interactions",
            "application/x-www-form-urlencoded",
            body,
        )
        .await
    }

    /// An Events API delivery; `retry` adds Slack's retry headers.
    pub async fn event(&self, payload: &Value, retry: Option<u32>) -> reqwest::Response {
        let body = payload.to_string();
        // A retry is signed afresh, a second later than the first delivery.
        let ts = (self.clock.now_ts() - 2 + i64::from(retry.unwrap_or(0).min(2))).to_string();
        let sig = sign(SIGNING_SECRET.as_bytes(), &ts, body.as_bytes());
        let mut req = self
            .http
            .post(self.url("/slack/events"))
            .header("content-type", "application/json")
            .header("x-slack-request-timestamp", ts)
            .header("x-slack-signature", sig);
        if let Some(n) = retry {
            req = req
                .header("x-slack-retry-num", n.to_string())
                .header("x-slack-retry-reason", "http_timeout");
        }
        req.body(body)
            .send()
            .await
            .expect("request reaches the app")
    }

    /// A `view_submission` of `view` (as the app opened it) with these input values.
    pub async fn submit_view(&self, user: &str, view: &Value, values: Value) -> reqwest::Response {
        self.interaction(&submission_payload(user, view, values))
            .await
    }

    /// Runs a command that opens a modal and returns the view Slack was asked to open.
    pub async fn open_modal(&self, user: &str, command: &str, text: &str) -> Value {
        let before = self.slack.calls_to("views.open").len();
        let res = self.command(user, command, text).await;
        assert_eq!(res.status(), 200);
        let calls = self.slack.wait_for("views.open", before + 1).await;
        assert!(calls.len() > before, "no views.open after {command}");
        calls[before].body["view"].clone()
    }

    /// The text of an ephemeral answer to a command.
    pub async fn command_text(&self, user: &str, command: &str, text: &str) -> String {
        let res = self.command(user, command, text).await;
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.expect("a JSON answer");
        assert_eq!(body["response_type"], "ephemeral");
        body["text"].as_str().unwrap_or_default().to_owned()
    }

    /// What a second instance needs to run beside this one.
    pub fn shared(&self) -> Shared {
        Shared {
            database: self.database.clone(),
            slack: self.slack.clone(),
            clock: self.clock.clone(),
        }
    }

    /// Moves the clock and runs every job that is due by then, as the worker would.
    pub async fn advance_and_run(&self, by: chrono::Duration) -> usize {
        self.clock.advance(by);
        self.run_jobs().await
    }

    /// Runs the due jobs (repeatedly, until none is due) and waits for their effects.
    pub async fn run_jobs(&self) -> usize {
        let mut total = 0;
        loop {
            let ran = micromentor::jobs::engine::run_due(&self.state, "test-worker")
                .await
                .unwrap();
            self.settle().await;
            if ran == 0 {
                return total;
            }
            total += ran;
        }
    }

    /// Jobs of `kind` as (status, run_at) in due order; `ask_id` keeps one ask's.
    pub async fn jobs(&self, kind: &str, ask_id: Option<i64>) -> Vec<(String, DateTime<Utc>)> {
        sqlx::query_as(
            "SELECT status, run_at FROM jobs
             WHERE kind = $1 AND ($2::bigint IS NULL OR (payload->>'ask_id')::bigint = $2)
             ORDER BY run_at, id",
        )
        .bind(kind)
        .bind(ask_id)
        .fetch_all(&self.db)
        .await
        .unwrap()
    }

    /// Waits until the work spawned after acks is finished (polling); fails the
    /// test if it is still running after [`SETTLE_TIMEOUT`].
    pub async fn settle(&self) {
        let started = std::time::Instant::now();
        while !self.state.tasks.is_empty() {
            assert!(
                started.elapsed() < SETTLE_TIMEOUT,
                "settle: {} task(s) spawned after acks still running after {:?}",
                self.state.tasks.len(),
                SETTLE_TIMEOUT
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

/// A view's `state.values` with one input per block, whose action_id is its
/// block_id (as in the app's modals): `(id, element state)` pairs.
pub fn state_values<const N: usize>(inputs: [(&str, Value); N]) -> Value {
    let blocks: serde_json::Map<String, Value> = inputs
        .into_iter()
        .map(|(id, element)| (id.to_owned(), serde_json::json!({ id: element })))
        .collect();
    Value::Object(blocks)
}

pub trait NowTs {
    fn now_ts(&self) -> i64;
    fn now_utc(&self) -> DateTime<Utc>;
}

impl NowTs for ManualClock {
    fn now_ts(&self) -> i64 {
        self.now_utc().timestamp()
    }
    fn now_utc(&self) -> DateTime<Utc> {
        use micromentor::clock::Clock;
        self.now()
    }
}

/// The `view_submission` payload [`TestApp::submit_view`] sends, for tests that
/// change a field (the team) before sending it.
/// The feedback modal's values (either side's): a rating 1–5 and a note.
pub fn rating_form(n: &str, note: &str) -> Value {
    state_values([
        (
            micromentor::views::ids::rate::RATING,
            serde_json::json!({ "type": "radio_buttons", "selected_option": { "value": n } }),
        ),
        (
            micromentor::views::ids::rate::NOTE,
            serde_json::json!({ "type": "plain_text_input", "value": note }),
        ),
    ])
}

pub fn submission_payload(user: &str, view: &Value, values: Value) -> Value {
    serde_json::json!({
        "type": "view_submission",
        "team": { "id": TEAM_ID, "domain": "testco" },
        "user": { "id": user, "username": user, "name": user, "team_id": TEAM_ID },
        "api_app_id": "A0APP",
        "token": "deprecated",
        "trigger_id": "1.2.submit",
        "view": {
            "id": "V123", "team_id": TEAM_ID, "type": "modal", "hash": "h",
            "callback_id": view["callback_id"],
            "private_metadata": view["private_metadata"].as_str().unwrap_or(""),
            "title": view["title"],
            "blocks": view["blocks"],
            "state": { "values": values },
        },
        "response_urls": [],
        "is_enterprise_install": false,
    })
}
