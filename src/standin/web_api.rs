//! The Web API methods the bot calls, the `response_url`s and the upload URLs,
//! answered as Slack answers them.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use super::{block_kit, Call, FakeFile, Fault, Inner, StandIn, BOT_TOKEN, BOT_USER, TEAM_ID};

pub(super) fn router() -> Router<StandIn> {
    Router::new()
        .route("/api/{method}", post(api).get(api))
        .route("/response/{id}", post(response_url))
        .route("/upload/{id}", post(upload))
}

fn authorization(headers: &HeaderMap) -> Option<String> {
    headers
        .get("authorization")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

fn call(method: &str, body: Value, headers: &HeaderMap) -> Call {
    Call {
        method: method.to_owned(),
        body,
        at: Instant::now(),
        error: None,
        authorization: authorization(headers),
        answer: Value::Null,
    }
}

async fn response_url(
    State(slack): State<StandIn>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let answer = json!({"ok": true});
    {
        let mut g = slack.lock();
        let mut call = call(&format!("response_url:{id}"), body.clone(), &headers);
        call.answer = answer.clone();
        g.calls.push(call);
        // An answer to something a person did in a client: shown to them alone.
        if let Some(target) = g.workspace.responses.get(&id).cloned() {
            let ts = next_ts(&mut g);
            g.workspace
                .post(&target.channel, &ts, &body, Some(&target.user));
        }
    }
    slack.changed();
    Json(answer).into_response()
}

/// The bytes of an upload, POSTed to the URL `files.getUploadURLExternal`
/// returned. Recorded as a call to `upload`; scripted faults for `upload` apply.
async fn upload(
    State(slack): State<StandIn>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut g = slack.lock();
    let auth = authorization(&headers);
    g.calls.push(call(
        "upload",
        json!({ "file_id": id, "length": body.len() }),
        &headers,
    ));
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
    State(slack): State<StandIn>,
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
        let mut g = slack.lock();
        g.calls.push(call(&method, args.clone(), &headers));
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
    let finish = |answer: Value| {
        let mut g = slack.lock();
        let call = &mut g.calls[index];
        call.error = answer["error"].as_str().map(str::to_owned);
        call.answer = answer;
        drop(g);
        slack.changed();
    };
    let authorized = authorization(&headers).is_some_and(|v| v == format!("Bearer {BOT_TOKEN}"));
    if !authorized {
        let answer = json!({"ok": false, "error": "invalid_auth"});
        finish(answer.clone());
        return Json(answer).into_response();
    }
    match fault {
        Some(Fault::RateLimited { retry_after }) => {
            let answer = json!({"ok": false, "error": "ratelimited"});
            finish(answer.clone());
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", retry_after.to_string())],
                Json(answer),
            )
                .into_response();
        }
        Some(Fault::Status(code)) => {
            finish(json!({"ok": false, "error": code.to_string()}));
            return StatusCode::from_u16(code).unwrap().into_response();
        }
        Some(Fault::ApiError(code)) => {
            let answer = json!({"ok": false, "error": code});
            finish(answer.clone());
            return Json(answer).into_response();
        }
        Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
        None => {}
    }
    let answer = answer(&mut slack.lock(), &method, &args);
    finish(answer.clone());
    Json(answer).into_response()
}

/// A message timestamp: dated by the connected app's clock, else a fixed epoch
/// (the tests compare them), unique either way.
pub(super) fn next_ts(g: &mut Inner) -> String {
    g.next_ts += 1;
    let seconds = g
        .app
        .as_ref()
        .map_or(1_700_000_000, |app| app.clock.now().timestamp());
    format!("{seconds}.{:06}", g.next_ts)
}

fn refuse(error: &str, why: String) -> Value {
    json!({"ok": false, "error": error, "errors": [why]})
}

fn answer(g: &mut Inner, method: &str, args: &Value) -> Value {
    match method {
        "auth.test" => {
            json!({"ok": true, "team_id": TEAM_ID, "team": "Test Co", "user_id": BOT_USER, "bot_id": "BBOT"})
        }
        "views.open" | "views.update" | "views.push" | "views.publish" => views(g, method, args),
        "files.getUploadURLExternal" => {
            let filename = args["filename"].as_str().unwrap_or_default();
            let length = args["length"]
                .as_str()
                .and_then(|l| l.parse::<usize>().ok())
                .or_else(|| args["length"].as_u64().map(|l| l as usize));
            let Some(length) = length.filter(|l| *l > 0 && !filename.is_empty()) else {
                return refuse("invalid_arguments", "filename and length".into());
            };
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
            let channel = args["channel"].as_str().unwrap_or_default().to_owned();
            let ts = match method {
                "chat.update" => {
                    let ts = args["ts"].as_str().unwrap_or_default().to_owned();
                    // The tests update messages they seeded without posting them:
                    // only messages the stand-in saw are changed.
                    g.workspace.update(&channel, &ts, args);
                    ts
                }
                _ => {
                    let ts = next_ts(g);
                    let only_for = (method == "chat.postEphemeral")
                        .then(|| args["user"].as_str().unwrap_or_default().to_owned());
                    g.workspace.post(&channel, &ts, args, only_for.as_deref());
                    ts
                }
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
            let tz = g
                .user_tz
                .get(user)
                .cloned()
                .unwrap_or_else(|| "Europe/London".into());
            let status = g.statuses.get(user).cloned().unwrap_or_default();
            let name = g
                .workspace
                .person(user)
                .map_or_else(|| user.to_lowercase(), |p| p.name.clone());
            json!({"ok": true, "user": {"id": user, "name": name, "real_name": name, "tz": tz,
                "deleted": g.deleted.contains(user), "is_bot": false, "is_admin": g.admins.contains(user), "is_owner": false,
                "profile": { "real_name": name, "display_name": name,
                    "status_emoji": status.0, "status_text": status.1, "status_expiration": status.2 }}})
        }
        "usergroups.list" => {
            let groups: Vec<Value> = g
                .usergroups
                .iter()
                .map(|(id, (handle, _))| json!({ "id": id, "handle": handle }))
                .collect();
            json!({"ok": true, "usergroups": groups})
        }
        "usergroups.users.list" => {
            let id = args["usergroup"].as_str().unwrap_or_default();
            match g.usergroups.get(id) {
                Some((_, members)) => json!({"ok": true, "users": members}),
                None => json!({"ok": false, "error": "no_such_subteam"}),
            }
        }
        _ => json!({"ok": false, "error": "unknown_method"}),
    }
}

/// `views.open`, `views.push`, `views.update`, `views.publish`.
fn views(g: &mut Inner, method: &str, args: &Value) -> Value {
    if let Err(why) = block_kit::check_view(&args["view"]) {
        return refuse("invalid_arguments", why);
    }
    // An image of an uploaded file must be one Slack has, and the person
    // looking must have access to it: shared into their DM with the bot.
    let viewer = args["user_id"].as_str().map(|u| format!("D{u}"));
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
    let fallback = json!({"ok": true, "view": {"id": "V123", "hash": "h"}});
    let opened = match method {
        "views.publish" => {
            let user = args["user_id"].as_str().unwrap_or_default();
            g.workspace
                .homes
                .insert(user.to_owned(), args["view"].clone());
            return fallback;
        }
        "views.update" => g.workspace.update_modal(args),
        _ => match g
            .workspace
            .exchange_trigger(args["trigger_id"].as_str().unwrap_or_default())
        {
            Err(code) => Err(code),
            // A trigger a test made up: nobody to show the modal to.
            Ok(None) => return fallback,
            Ok(Some(user)) => g
                .workspace
                .open_modal(&user, &args["view"], method == "views.push"),
        },
    };
    match opened {
        Ok(view) => json!({"ok": true, "view": view}),
        Err(code) => json!({"ok": false, "error": code}),
    }
}
