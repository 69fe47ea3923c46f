//! A stand-in for Slack, over real HTTP: the Web API the bot calls (recording
//! every call, answering with Slack's shapes, refusing what Slack refuses — Block
//! Kit limits, bad tokens, stale or reused trigger_ids — and playing scripted
//! faults), the workspace Slack would keep (people, conversations, modals, Home
//! tabs), and Slack's side of a client: turning what a person does in a browser
//! into signed requests to the app's `/slack/*` routes.
//!
//! The end-to-end tests, the `fake_slack` example and `micromentor demo` share it.
//! It is a development tool: the bot itself never uses it.

pub mod block_kit;
mod client;
mod web_api;
pub mod workspace;

use axum::Router;
use serde_json::Value;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::clock::SharedClock;
pub use workspace::{Conversation, Message, Person, Workspace};

pub const BOT_TOKEN: &str = "xoxb-test-token";
pub const TEAM_ID: &str = "T0TEST";
/// The bot's own user id, as `auth.test` reports it.
pub const BOT_USER: &str = "UBOT";

#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub body: Value,
    pub at: Instant,
    /// The error Slack answered with, if it refused the call.
    pub error: Option<String>,
    /// The request's `Authorization` header, if it carried one.
    pub authorization: Option<String>,
    /// What the stand-in answered (`null` for a scripted fault without a body).
    pub answer: Value,
}

/// What the stand-in does instead of answering normally, once.
#[derive(Debug, Clone)]
pub enum Fault {
    /// HTTP 429 with `Retry-After` seconds.
    RateLimited { retry_after: u64 },
    /// An HTTP error status (500, 503…).
    Status(u16),
    /// `{"ok": false, "error": code}` with HTTP 200.
    ApiError(&'static str),
    /// Answer normally, but only after this long.
    Delay(Duration),
}

/// A fault for the next call of one method whose argument `field` is `value`.
struct Targeted {
    method: String,
    field: String,
    value: String,
    fault: Fault,
}

/// Where the stand-in delivers what people do, signed as Slack signs it.
#[derive(Clone)]
pub struct AppLink {
    /// The app's origin, `http://host:port`.
    pub url: String,
    pub signing_secret: String,
    /// The app's clock: signatures are dated by it (the app refuses a timestamp
    /// more than 5 minutes from its own now).
    pub clock: SharedClock,
}

#[derive(Default)]
struct Inner {
    calls: Vec<Call>,
    faults: HashMap<String, VecDeque<Fault>>,
    targeted: Vec<Targeted>,
    user_tz: HashMap<String, String>,
    /// People deactivated in this workspace (`users.info` says `deleted`).
    deleted: HashSet<String>,
    /// Slack statuses: (emoji, text, expiration).
    statuses: HashMap<String, (String, String, i64)>,
    /// Workspace admins and owners (`users.info` says `is_admin`).
    admins: HashSet<String>,
    /// User groups: id → (handle, members).
    usergroups: HashMap<String, (String, Vec<String>)>,
    next_ts: u64,
    /// This stand-in's own origin (`http://127.0.0.1:port`), for upload URLs.
    origin: String,
    /// Files by id, in the order `files.getUploadURLExternal` created them.
    files: Vec<FakeFile>,
    /// What a client would show: conversations, modals, Home tabs.
    workspace: Workspace,
    /// The app this stand-in delivers to, once connected.
    app: Option<AppLink>,
}

/// A file as the stand-in saw it through the upload flow.
#[derive(Debug, Clone, Default)]
pub struct FakeFile {
    pub id: String,
    /// As given to `files.getUploadURLExternal`.
    pub filename: String,
    pub length: usize,
    pub alt_txt: Option<String>,
    /// The bytes POSTed to the upload URL (none yet: not uploaded).
    pub bytes: Option<Vec<u8>>,
    pub content_type: Option<String>,
    /// The `Authorization` header of the upload (it needs none).
    pub upload_authorization: Option<String>,
    /// `files.completeUploadExternal` was called for it.
    pub completed: bool,
    pub title: Option<String>,
    /// Where it was shared, if anywhere.
    pub channel: Option<String>,
    pub initial_comment: Option<String>,
}

#[derive(Clone)]
pub struct StandIn {
    /// The Web API base URL (`http://127.0.0.1:port/api`), for `SLACK_API_URL`.
    pub url: String,
    inner: Arc<Mutex<Inner>>,
    /// Bumped on every change a client could see; clients wait on it.
    changes: Arc<tokio::sync::watch::Sender<u64>>,
}

impl StandIn {
    pub async fn start() -> Self {
        Self::start_on("127.0.0.1:0").await
    }

    pub async fn start_on(addr: &str) -> Self {
        Self::start_with(addr, Router::new())
            .await
            .unwrap_or_else(|e| panic!("the Slack stand-in cannot listen on {addr}: {e}"))
    }

    /// Listens on `addr` with `extra` routes beside Slack's own (the demo's page).
    pub async fn start_with(addr: &str, extra: Router) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let inner = Arc::new(Mutex::new(Inner {
            origin: format!("http://{addr}"),
            ..Inner::default()
        }));
        let stand_in = StandIn {
            url: format!("http://{addr}/api"),
            inner,
            changes: Arc::new(tokio::sync::watch::channel(0).0),
        };
        let router = web_api::router()
            .merge(client::router())
            .with_state(stand_in.clone())
            .merge(extra);
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, router).await {
                tracing::error!(error = %e, "the Slack stand-in stopped");
            }
        });
        Ok(stand_in)
    }

    /// `http://host:port`, where a browser reaches the client and the page.
    pub fn origin(&self) -> String {
        self.url.trim_end_matches("/api").to_owned()
    }

    /// From now on, what people do in a client is delivered to this app, and
    /// `views.open` takes only trigger_ids this stand-in issued.
    pub fn connect(&self, app: AppLink) {
        let mut g = self.lock();
        g.app = Some(app);
        g.workspace.strict_triggers = true;
    }

    /// Adds someone to the workspace: their name and zone for `users.info` and
    /// clients; workspace admins answer `is_admin`.
    pub fn add_person(&self, person: Person) {
        let mut g = self.lock();
        g.user_tz.insert(person.id.clone(), person.tz.clone());
        if person.admin {
            g.admins.insert(person.id.clone());
        }
        g.workspace.people.push(person);
    }

    /// A public channel everyone sees (a digest channel).
    pub fn add_channel(&self, id: &str, name: &str) {
        self.lock().workspace.add_channel(id, name);
    }

    /// A `response_url` pointing at this stand-in.
    pub fn response_url(&self, id: &str) -> String {
        format!("{}/response/{id}", self.origin())
    }

    pub fn fail_next(&self, method: &str, fault: Fault) {
        let mut inner = self.lock();
        inner
            .faults
            .entry(method.to_owned())
            .or_default()
            .push_back(fault);
    }

    /// Like [`fail_next`](Self::fail_next), but only for a call whose argument
    /// `field` is `value` (`users` = "UASKER,UM1", `channel` = a group DM…);
    /// other calls of `method` are answered normally. Queued faults for the same
    /// target are played in order, one per call.
    pub fn fail_when(&self, method: &str, field: &str, value: &str, fault: Fault) {
        self.lock().targeted.push(Targeted {
            method: method.to_owned(),
            field: field.to_owned(),
            value: value.to_owned(),
            fault,
        });
    }

    pub fn set_user_tz(&self, user: &str, tz: &str) {
        self.lock().user_tz.insert(user.into(), tz.into());
    }

    /// Sets someone's Slack status as `users.info` reports it.
    pub fn set_status(&self, user: &str, emoji: &str, text: &str, expiration: i64) {
        self.lock()
            .statuses
            .insert(user.into(), (emoji.into(), text.into(), expiration));
    }

    /// Makes someone a workspace admin: `users.info` answers `is_admin: true`.
    pub fn set_admin(&self, user: &str) {
        self.lock().admins.insert(user.into());
    }

    /// A user group with this id, handle and members.
    pub fn set_usergroup(&self, id: &str, handle: &str, members: &[&str]) {
        let members = members.iter().map(|m| m.to_string()).collect();
        self.lock()
            .usergroups
            .insert(id.into(), (handle.into(), members));
    }

    /// Deactivates someone: `users.info` answers `deleted: true` from now on.
    pub fn set_deleted(&self, user: &str) {
        self.lock().deleted.insert(user.into());
    }

    /// Every file of the upload flow, in the order they were created.
    pub fn files(&self) -> Vec<FakeFile> {
        self.lock().files.clone()
    }

    /// Files completed (and so usable), in order.
    pub fn completed_files(&self) -> Vec<FakeFile> {
        self.files().into_iter().filter(|f| f.completed).collect()
    }

    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
    }

    /// Calls Slack would have accepted.
    pub fn accepted(&self, method: &str) -> Vec<Call> {
        self.calls_to(method)
            .into_iter()
            .filter(|c| c.error.is_none())
            .collect()
    }

    /// Every call Slack refused, as "method: error" — tests assert this is empty.
    pub fn refusals(&self) -> Vec<String> {
        self.calls()
            .into_iter()
            .filter_map(|c| c.error.map(|e| format!("{}: {e}", c.method)))
            .collect()
    }

    /// Waits (polling, up to 5 s) until `method` has been called `n` times.
    pub async fn wait_for(&self, method: &str, n: usize) -> Vec<Call> {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let calls = self.calls_to(method);
            if calls.len() >= n || Instant::now() > deadline {
                return calls;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// A copy of the workspace as a client would see it.
    pub fn workspace(&self) -> Workspace {
        self.lock().workspace.clone()
    }

    /// Tells waiting clients that something they may show changed.
    fn changed(&self) {
        self.changes.send_modify(|v| *v += 1);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}
