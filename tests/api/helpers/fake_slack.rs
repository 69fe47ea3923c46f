//! A fake Slack Web API over real HTTP: records every call, answers with Slack's
//! shapes, refuses Block Kit that Slack would refuse, and plays scripted faults.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
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
    /// This fake's own origin (`http://127.0.0.1:port`), for upload URLs.
    origin: String,
    /// Files by id, in the order `files.getUploadURLExternal` created them.
    files: Vec<FakeFile>,
}

/// A file as the fake saw it through the upload flow.
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
            .route("/upload/{id}", post(upload))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        inner.lock().unwrap().origin = format!("http://{addr}");
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

    /// Every file of the upload flow, in the order they were created.
    pub fn files(&self) -> Vec<FakeFile> {
        self.inner.lock().unwrap().files.clone()
    }

    /// Files completed (and so usable), in order.
    pub fn completed_files(&self) -> Vec<FakeFile> {
        self.files().into_iter().filter(|f| f.completed).collect()
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

/// The bytes of an upload, POSTed to the URL `files.getUploadURLExternal`
/// returned. Recorded as a call to `upload`; scripted faults for `upload` apply.
async fn upload(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut g = inner.lock().unwrap();
    let auth = authorization(&headers);
    g.calls.push(Call {
        method: "upload".into(),
        body: json!({ "file_id": id, "length": body.len() }),
        at: Instant::now(),
        error: None,
        authorization: auth.clone(),
    });
    let index = g.calls.len() - 1;
    let fault = g.faults.get_mut("upload").and_then(VecDeque::pop_front);
    if let Some(Fault::Status(code)) = fault {
        g.calls[index].error = Some(code.to_string());
        return StatusCode::from_u16(code).unwrap().into_response();
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let Some(file) = g.files.iter_mut().find(|f| f.id == id) else {
        g.calls[index].error = Some("unknown file".into());
        return StatusCode::NOT_FOUND.into_response();
    };
    if file.completed || body.len() != file.length {
        let why = match file.completed {
            true => "already completed".to_owned(),
            false => format!("{} bytes, {} announced", body.len(), file.length),
        };
        g.calls[index].error = Some(why);
        return StatusCode::BAD_REQUEST.into_response();
    }
    file.bytes = Some(body.to_vec());
    file.content_type = content_type;
    file.upload_authorization = auth;
    (StatusCode::OK, format!("OK - {}", body.len())).into_response()
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
            if let Err(why) = block_kit::check_view(&args["view"]) {
                return refuse("invalid_arguments", why);
            }
            // An image of an uploaded file must be one Slack has, and the person
            // looking must have access to it: shared into their DM with the bot.
            let viewer = args["user_id"].as_str().map(|u| format!("D{u}"));
            let g = inner.lock().unwrap();
            for id in block_kit::slack_file_ids(&args["view"]) {
                let file = g.files.iter().find(|f| f.id == id && f.completed);
                match file {
                    None => return refuse("invalid_arguments", format!("no file {id}")),
                    Some(f) if viewer.is_some() && f.channel != viewer => {
                        return refuse(
                            "invalid_arguments",
                            format!("file {id} is not shared with the viewer"),
                        )
                    }
                    Some(_) => {}
                }
            }
            json!({"ok": true, "view": {"id": "V123", "hash": "h"}})
        }
        "files.getUploadURLExternal" => {
            let filename = args["filename"].as_str().unwrap_or_default();
            let length = args["length"]
                .as_str()
                .and_then(|l| l.parse::<usize>().ok())
                .or_else(|| args["length"].as_u64().map(|l| l as usize));
            let Some(length) = length.filter(|l| *l > 0 && !filename.is_empty()) else {
                return refuse("invalid_arguments", "filename and length".into());
            };
            let mut g = inner.lock().unwrap();
            let id = format!("F{:08}", g.files.len() + 1);
            let upload_url = format!("{}/upload/{id}", g.origin);
            g.files.push(FakeFile {
                id: id.clone(),
                filename: filename.to_owned(),
                length,
                alt_txt: args["alt_txt"].as_str().map(str::to_owned),
                ..Default::default()
            });
            json!({"ok": true, "upload_url": upload_url, "file_id": id})
        }
        "files.completeUploadExternal" => {
            // `files` is a JSON array, or (form-encoded) a string holding one.
            let files = match &args["files"] {
                Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
                other => other.clone(),
            };
            let Some(files) = files.as_array().filter(|f| !f.is_empty()) else {
                return refuse("invalid_arguments", "files".into());
            };
            let mut g = inner.lock().unwrap();
            for f in files {
                let id = f["id"].as_str().unwrap_or_default();
                let known = g
                    .files
                    .iter()
                    .any(|x| x.id == id && x.bytes.is_some() && !x.completed);
                if !known {
                    return json!({"ok": false, "error": "file_not_found"});
                }
            }
            let mut done = Vec::new();
            for f in files {
                let id = f["id"].as_str().unwrap_or_default();
                let file = g.files.iter_mut().find(|x| x.id == id).unwrap();
                file.completed = true;
                file.title = f["title"].as_str().map(str::to_owned);
                file.channel = args["channel_id"].as_str().map(str::to_owned);
                file.initial_comment = args["initial_comment"].as_str().map(str::to_owned);
                done.push(json!({"id": id, "title": file.title, "name": file.filename}));
            }
            json!({"ok": true, "files": done})
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
