//! A fake Slack Web API over real HTTP: records every call, answers with Slack's
//! shapes, refuses Block Kit that Slack would refuse, and plays scripted faults.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::block_kit;

pub const BOT_TOKEN: &str = "xoxb-test-token";
pub const TEAM_ID: &str = "T0TEST";

#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub body: Value,
    pub at: Instant,
    /// The error Slack answered with, if it refused the call.
    pub error: Option<String>,
    /// The request's `Authorization` header, if it carried one.
    pub authorization: Option<String>,
}

/// What the fake does instead of answering normally, once.
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

#[derive(Default)]
struct Inner {
    calls: Vec<Call>,
    faults: HashMap<String, VecDeque<Fault>>,
    targeted: Vec<Targeted>,
    user_tz: HashMap<String, String>,
    /// People deactivated in this workspace (`users.info` says `deleted`).
    deleted: std::collections::HashSet<String>,
    /// Slack statuses: (emoji, text, expiration).
    statuses: HashMap<String, (String, String, i64)>,
    /// Workspace admins and owners (`users.info` says `is_admin`).
    admins: std::collections::HashSet<String>,
    /// User groups: id → (handle, members).
    usergroups: HashMap<String, (String, Vec<String>)>,
    next_ts: u64,
}

#[derive(Clone)]
pub struct FakeSlack {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
}

impl FakeSlack {
    pub async fn start() -> Self {
        Self::start_on("127.0.0.1:0").await
    }

    pub async fn start_on(addr: &str) -> Self {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let router = Router::new()
            .route("/api/{method}", post(api).get(api))
            .route("/response/{id}", post(response_url))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        FakeSlack {
            url: format!("http://{addr}/api"),
            inner,
        }
    }

    /// A `response_url` pointing at this fake.
    pub fn response_url(&self, id: &str) -> String {
        format!("{}/response/{id}", self.url.trim_end_matches("/api"))
    }

    pub fn fail_next(&self, method: &str, fault: Fault) {
        let mut inner = self.inner.lock().unwrap();
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
        self.inner.lock().unwrap().targeted.push(Targeted {
            method: method.to_owned(),
            field: field.to_owned(),
            value: value.to_owned(),
            fault,
        });
    }

    pub fn set_user_tz(&self, user: &str, tz: &str) {
        self.inner
            .lock()
            .unwrap()
            .user_tz
            .insert(user.into(), tz.into());
    }

    /// Sets someone's Slack status as `users.info` reports it.
    pub fn set_status(&self, user: &str, emoji: &str, text: &str, expiration: i64) {
        self.inner
            .lock()
            .unwrap()
            .statuses
            .insert(user.into(), (emoji.into(), text.into(), expiration));
    }

    /// Makes someone a workspace admin: `users.info` answers `is_admin: true`.
    pub fn set_admin(&self, user: &str) {
        self.inner.lock().unwrap().admins.insert(user.into());
    }

    /// A user group with this id, handle and members.
    pub fn set_usergroup(&self, id: &str, handle: &str, members: &[&str]) {
        let members = members.iter().map(|m| m.to_string()).collect();
        self.inner
            .lock()
            .unwrap()
            .usergroups
            .insert(id.into(), (handle.into(), members));
    }

    /// Deactivates someone: `users.info` answers `deleted: true` from now on.
    pub fn set_deleted(&self, user: &str) {
        self.inner.lock().unwrap().deleted.insert(user.into());
    }

    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
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
}

fn authorization(headers: &HeaderMap) -> Option<String> {
    headers
        .get("authorization")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

async fn response_url(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    inner.lock().unwrap().calls.push(Call {
        method: format!("response_url:{id}"),
        body,
        at: Instant::now(),
        error: None,
        authorization: authorization(&headers),
    });
    Json(json!({"ok": true})).into_response()
}

async fn api(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path(method): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut args: Value = if body.is_empty() {
        json!({})
    } else if let Ok(v) = serde_json::from_slice(&body) {
        v
    } else {
        let form: HashMap<String, String> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
        json!(form)
    };
    for (k, v) in query {
        args[k] = Value::from(v);
    }
    let (index, fault) = {
        let mut g = inner.lock().unwrap();
        g.calls.push(Call {
            method: method.clone(),
            body: args.clone(),
            at: Instant::now(),
            error: None,
            authorization: authorization(&headers),
        });
        let targeted = g
            .targeted
            .iter()
            .position(|t| t.method == method && args[&t.field].as_str() == Some(t.value.as_str()));
        let fault = match targeted {
            Some(i) => Some(g.targeted.remove(i).fault),
            None => g.faults.get_mut(&method).and_then(VecDeque::pop_front),
        };
        (g.calls.len() - 1, fault)
    };
    let refused = |code: &str| inner.lock().unwrap().calls[index].error = Some(code.to_owned());
    let authorized = authorization(&headers).is_some_and(|v| v == format!("Bearer {BOT_TOKEN}"));
    if !authorized {
        refused("invalid_auth");
        return Json(json!({"ok": false, "error": "invalid_auth"})).into_response();
    }
    match fault {
        Some(Fault::RateLimited { retry_after }) => {
            refused("ratelimited");
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", retry_after.to_string())],
                Json(json!({"ok": false, "error": "ratelimited"})),
            )
                .into_response();
        }
        Some(Fault::Status(code)) => {
            refused(&code.to_string());
            return StatusCode::from_u16(code).unwrap().into_response();
        }
        Some(Fault::ApiError(code)) => {
            refused(code);
            return Json(json!({"ok": false, "error": code})).into_response();
        }
        Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
        None => {}
    }
    let answer = answer(&inner, &method, &args);
    if let Some(code) = answer["error"].as_str() {
        refused(code);
    }
    Json(answer).into_response()
}

fn answer(inner: &Mutex<Inner>, method: &str, args: &Value) -> Value {
    let refuse = |error: &str, why: String| json!({"ok": false, "error": error, "errors": [why]});
    match method {
        "auth.test" => {
            json!({"ok": true, "team_id": TEAM_ID, "team": "Test Co", "user_id": "UBOT", "bot_id": "BBOT"})
        }
        "views.open" | "views.update" | "views.push" | "views.publish" => {
            match block_kit::check_view(&args["view"]) {
                Ok(()) => json!({"ok": true, "view": {"id": "V123", "hash": "h"}}),
                Err(why) => refuse("invalid_arguments", why),
            }
        }
        "chat.postMessage" | "chat.update" | "chat.postEphemeral" => {
            if let Err(why) = block_kit::check_message(args) {
                return refuse("invalid_blocks", why);
            }
            let mut g = inner.lock().unwrap();
            g.next_ts += 1;
            let ts = match method {
                "chat.update" => args["ts"].as_str().unwrap_or_default().to_owned(),
                _ => format!("1700000000.{:06}", g.next_ts),
            };
            json!({"ok": true, "channel": args["channel"], "ts": ts, "message_ts": ts})
        }
        "conversations.open" => {
            let users = args["users"].as_str().unwrap_or_default();
            let mut ids: Vec<&str> = users.split(',').filter(|u| !u.is_empty()).collect();
            ids.sort();
            let prefix = if ids.len() > 1 { "G" } else { "D" };
            json!({"ok": true, "channel": {"id": format!("{prefix}{}", ids.join("-"))}})
        }
        "users.info" => {
            let user = args["user"].as_str().unwrap_or_default();
            let (tz, deleted, status, admin) = {
                let g = inner.lock().unwrap();
                (
                    g.user_tz.get(user).cloned(),
                    g.deleted.contains(user),
                    g.statuses.get(user).cloned().unwrap_or_default(),
                    g.admins.contains(user),
                )
            };
            let tz = tz.unwrap_or_else(|| "Europe/London".into());
            json!({"ok": true, "user": {"id": user, "tz": tz, "deleted": deleted, "is_bot": false, "is_admin": admin, "is_owner": false,
                "profile": { "status_emoji": status.0, "status_text": status.1, "status_expiration": status.2 }}})
        }
        "usergroups.list" => {
            let g = inner.lock().unwrap();
            let groups: Vec<Value> = g
                .usergroups
                .iter()
                .map(|(id, (handle, _))| json!({ "id": id, "handle": handle }))
                .collect();
            json!({"ok": true, "usergroups": groups})
        }
        "usergroups.users.list" => {
            let id = args["usergroup"].as_str().unwrap_or_default();
            match inner.lock().unwrap().usergroups.get(id) {
                Some((_, members)) => json!({"ok": true, "users": members}),
                None => json!({"ok": false, "error": "no_such_subteam"}),
            }
        }
        _ => json!({"ok": false, "error": "unknown_method"}),
    }
}
