//! Slack's side of a client: what a person does in a browser (a slash command,
//! a click, a modal submitted or closed, a menu typed into, Home opened) becomes
//! the payload Slack would send, signed with the app's signing secret and dated by
//! its clock, and POSTed to the app's verified `/slack/*` routes. The app's answer
//! is applied as Slack applies it (an ephemeral reply, modal errors, a pushed view).
//! The page also reads the workspace and the calls log here.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures::Stream;
use http_body_util::{BodyExt, Full};
use serde::Deserialize;
use serde_json::{json, Value};
use std::convert::Infallible;

use super::{AppLink, StandIn, TEAM_ID};
use crate::slack::verify::sign;

pub(super) fn router() -> Router<StandIn> {
    Router::new()
        .route("/client/state", get(state))
        .route("/client/calls", get(calls))
        .route("/client/changes", get(changes))
        .route("/client/command", post(command))
        .route("/client/action", post(action))
        .route("/client/submit", post(submit))
        .route("/client/close", post(close))
        .route("/client/suggest", post(suggest))
        .route("/client/home", post(home_opened))
        .route("/client/file/{id}", get(file))
}

/// An uploaded file's bytes, for image blocks that show it.
async fn file(
    State(slack): State<StandIn>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let g = slack.lock();
    match g.files.iter().find(|f| f.id == id && f.completed) {
        Some(f) => (
            [(
                axum::http::header::CONTENT_TYPE,
                f.content_type.clone().unwrap_or_else(|| "image/png".into()),
            )],
            f.bytes.clone().unwrap_or_default(),
        )
            .into_response(),
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

/// What went wrong between the client and the app, as the page shows it.
type Answer = Result<Json<Value>, Json<Value>>;

fn failed(why: impl std::fmt::Display) -> Json<Value> {
    Json(json!({"ok": false, "error": why.to_string()}))
}

#[derive(Deserialize)]
struct Who {
    user: String,
}

/// Everything `user` sees: people, their conversations (with the ephemerals
/// meant for them), their Home tab and the modal on top of their stack.
async fn state(State(slack): State<StandIn>, Query(who): Query<Who>) -> Json<Value> {
    let g = slack.lock();
    let w = &g.workspace;
    let user = who.user.as_str();
    let conversations: Vec<Value> = w
        .conversations
        .values()
        .filter(|c| c.visible_to(user))
        .map(|c| {
            let messages: Vec<&super::Message> = c
                .messages
                .iter()
                .filter(|m| m.only_for.as_deref().is_none_or(|u| u == user))
                .collect();
            json!({"id": c.id, "name": c.name, "members": c.members, "messages": messages})
        })
        .collect();
    let stack = w.modals.get(user).map_or(&[][..], Vec::as_slice);
    let now = g.app.as_ref().map(|a| a.clock.now().to_rfc3339());
    Json(json!({
        "now": now,
        "people": w.people,
        "conversations": conversations,
        "home": w.homes.get(user),
        "modal": stack.last(),
        "depth": stack.len(),
    }))
}

#[derive(Deserialize)]
struct After {
    #[serde(default)]
    after: usize,
}

/// The Web API calls from index `after` on: method, arguments, answer.
async fn calls(State(slack): State<StandIn>, Query(q): Query<After>) -> Json<Value> {
    let g = slack.lock();
    let calls: Vec<Value> = g
        .calls
        .iter()
        .enumerate()
        .skip(q.after)
        .map(|(i, c)| json!({"i": i, "method": c.method, "args": c.body, "answer": c.answer, "error": c.error}))
        .collect();
    Json(json!({"calls": calls, "next": g.calls.len()}))
}

/// Server-sent events: one `change` each time something a client shows changed.
async fn changes(
    State(slack): State<StandIn>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = slack.changes.subscribe();
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.changed().await.ok()?;
        let version = *rx.borrow_and_update();
        Some((
            Ok(Event::default().event("change").data(version.to_string())),
            rx,
        ))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[derive(Deserialize)]
struct Typed {
    user: String,
    channel: String,
    /// `/ask help with sql`
    text: String,
}

/// A slash command typed in a conversation.
async fn command(State(slack): State<StandIn>, Json(t): Json<Typed>) -> Answer {
    let line = t.text.trim();
    let (name, text) = line.split_once(' ').unwrap_or((line, ""));
    if !name.starts_with('/') {
        return Err(failed("type a command, like /ask or /mentor"));
    }
    let (trigger, response) = {
        let mut g = slack.lock();
        let trigger = g.workspace.issue_trigger(&t.user);
        let response = g.workspace.issue_response(&t.user, &t.channel);
        (trigger, response)
    };
    let form = [
        ("token", "deprecated"),
        ("team_id", TEAM_ID),
        ("team_domain", "playground"),
        ("channel_id", &t.channel),
        ("channel_name", &t.channel.to_lowercase()),
        ("user_id", &t.user),
        ("user_name", &t.user.to_lowercase()),
        ("command", name),
        ("text", text.trim()),
        ("api_app_id", "A0APP"),
        ("is_enterprise_install", "false"),
        ("response_url", &slack.response_url(&response)),
        ("trigger_id", &trigger),
    ];
    let body = serde_urlencoded::to_string(form).map_err(failed)?;
    let (status, answer) = slack
        .deliver("/slack/commands", "application/x-www-form-urlencoded", body)
        .await?;
    // Slack shows a command's answer to the person who typed it.
    let reply = match (status, answer) {
        (200, Some(message)) => Some(message),
        (200, None) => None,
        (status, _) => Some(json!({
            "text": format!("{name} failed with the error \"http_{status}\"")
        })),
    };
    if let Some(reply) = reply {
        slack.post_as_slack(&t.channel, &reply, &t.user);
    }
    Ok(Json(json!({"ok": true})))
}

#[derive(Deserialize)]
struct Clicked {
    user: String,
    /// A message's conversation and ts, or a view (modal or Home).
    channel: Option<String>,
    ts: Option<String>,
    view_id: Option<String>,
    /// The element's action as Slack reports it (`action_id`, `block_id`, `type`,
    /// `value`, `selected_option`…).
    action: Value,
    /// The inputs' `state.values` of the surface.
    #[serde(default)]
    values: Value,
}

/// A click (or a pick in a menu, a date chosen) on a message, a modal or Home.
async fn action(State(slack): State<StandIn>, Json(c): Json<Clicked>) -> Answer {
    let mut action = c.action.clone();
    action["action_ts"] = json!(format!("{}.000100", chrono::Utc::now().timestamp()));
    let mut payload = envelope("block_actions", &c.user);
    payload["actions"] = json!([action]);
    {
        let mut g = slack.lock();
        payload["trigger_id"] = json!(g.workspace.issue_trigger(&c.user));
        match (&c.view_id, &c.channel, &c.ts) {
            (Some(view_id), _, _) => {
                let view = surface(&mut g.workspace, &c.user, view_id)
                    .ok_or_else(|| failed("that view is closed"))?;
                payload["container"] = json!({"type": "view", "view_id": view_id});
                payload["view"] = with_state(view, &c.values);
            }
            (None, Some(channel), Some(ts)) => {
                let message = g
                    .workspace
                    .conversations
                    .get(channel)
                    .and_then(|conv| conv.messages.iter().find(|m| &m.ts == ts))
                    .cloned()
                    .ok_or_else(|| failed("no such message"))?;
                let response = g.workspace.issue_response(&c.user, channel);
                payload["container"] = json!({
                    "type": "message", "message_ts": ts, "channel_id": channel,
                    "is_ephemeral": message.only_for.is_some(),
                });
                payload["channel"] = json!({ "id": channel });
                payload["message"] = json!({
                    "type": "message", "ts": ts, "text": message.text, "blocks": message.blocks,
                    "user": message.user,
                });
                payload["state"] = json!({ "values": c.values });
                payload["response_url"] = json!(slack.response_url(&response));
            }
            _ => return Err(failed("an action needs a message or a view")),
        }
    }
    slack.interaction(&payload).await?;
    Ok(Json(json!({"ok": true})))
}

/// What every interaction payload starts with: its type, the workspace, the person.
fn envelope(kind: &str, user: &str) -> Value {
    let name = user.to_lowercase();
    json!({
        "type": kind,
        "team": { "id": TEAM_ID, "domain": "playground" },
        "user": { "id": user, "username": name, "name": name, "team_id": TEAM_ID },
        "api_app_id": "A0APP",
        "token": "deprecated",
        "is_enterprise_install": false,
    })
}

/// A modal (`id` must be the one on top of the person's stack) or their Home.
fn surface(w: &mut super::Workspace, user: &str, id: &str) -> Option<Value> {
    if id == home_id(user) {
        let mut home = w.homes.get(user)?.clone();
        home["id"] = json!(id);
        return Some(home);
    }
    let modal = w.top_modal(user, id)?;
    let mut view = modal.view.clone();
    view["id"] = json!(modal.id);
    view["hash"] = json!(modal.hash);
    Some(view)
}

/// The id a client gives someone's Home tab.
pub fn home_id(user: &str) -> String {
    format!("VHOME{user}")
}

fn with_state(mut view: Value, values: &Value) -> Value {
    let values = if values.is_object() {
        values.clone()
    } else {
        json!({})
    };
    view["team_id"] = json!(TEAM_ID);
    view["state"] = json!({ "values": values });
    if view["private_metadata"].is_null() {
        view["private_metadata"] = json!("");
    }
    view
}

#[derive(Deserialize)]
struct Submitted {
    user: String,
    view_id: String,
    #[serde(default)]
    values: Value,
}

/// A modal submitted: the app's answer closes it, shows errors under their
/// blocks, or updates, pushes or clears views.
async fn submit(State(slack): State<StandIn>, Json(s): Json<Submitted>) -> Answer {
    let view = {
        let mut g = slack.lock();
        let view = surface(&mut g.workspace, &s.user, &s.view_id)
            .ok_or_else(|| failed("that modal is closed"))?;
        let mut payload = envelope("view_submission", &s.user);
        payload["trigger_id"] = json!(g.workspace.issue_trigger(&s.user));
        payload["view"] = with_state(view, &s.values);
        payload["response_urls"] = json!([]);
        payload
    };
    let answer = slack.interaction(&view).await?;
    let mut g = slack.lock();
    let w = &mut g.workspace;
    let action = answer.as_ref().and_then(|a| a["response_action"].as_str());
    let outcome = match action {
        None => {
            w.close_modal(&s.user, false);
            "closed"
        }
        Some("clear") => {
            w.close_modal(&s.user, true);
            "cleared"
        }
        Some("errors") => {
            if let Some(modal) = w.top_modal(&s.user, &s.view_id) {
                modal.errors = answer.as_ref().map_or(json!({}), |a| a["errors"].clone());
            }
            "errors"
        }
        Some(kind @ ("update" | "push")) => {
            let view = answer.as_ref().map_or(Value::Null, |a| a["view"].clone());
            if let Err(why) = super::block_kit::check_view(&view) {
                return Err(failed(format!("Slack refused the {kind}: {why}")));
            }
            if kind == "update" {
                w.close_modal(&s.user, false);
            }
            w.open_modal(&s.user, &view, true).map_err(failed)?;
            kind
        }
        Some(other) => return Err(failed(format!("unknown response_action {other}"))),
    };
    drop(g);
    slack.changed();
    Ok(Json(json!({"ok": true, "outcome": outcome})))
}

/// The close button (or ×) of a modal: `view_closed` when it asked to be told.
async fn close(State(slack): State<StandIn>, Json(s): Json<Submitted>) -> Answer {
    let (view, notify) = {
        let mut g = slack.lock();
        let view = surface(&mut g.workspace, &s.user, &s.view_id)
            .ok_or_else(|| failed("that modal is closed"))?;
        g.workspace.close_modal(&s.user, false);
        let notify = view["notify_on_close"].as_bool() == Some(true);
        (view, notify)
    };
    slack.changed();
    if notify {
        let mut payload = envelope("view_closed", &s.user);
        payload["view"] = with_state(view, &s.values);
        payload["is_cleared"] = json!(false);
        slack.interaction(&payload).await?;
    }
    Ok(Json(json!({"ok": true})))
}

#[derive(Deserialize)]
struct Typing {
    user: String,
    view_id: String,
    block_id: String,
    action_id: String,
    value: String,
}

/// Someone typing into an external select: the app's options.
async fn suggest(State(slack): State<StandIn>, Json(t): Json<Typing>) -> Answer {
    let view = {
        let mut g = slack.lock();
        surface(&mut g.workspace, &t.user, &t.view_id)
            .ok_or_else(|| failed("that view is closed"))?
    };
    let mut payload = envelope("block_suggestion", &t.user);
    payload["container"] = json!({ "type": "view", "view_id": t.view_id });
    payload["view"] = view;
    payload["block_id"] = json!(t.block_id);
    payload["action_id"] = json!(t.action_id);
    payload["value"] = json!(t.value);
    let answer = slack.interaction(&payload).await?.unwrap_or(json!({}));
    let options = answer["options"].as_array().cloned().unwrap_or_default();
    if options.len() > 100 {
        return Err(failed(format!(
            "{} options; Slack shows at most 100",
            options.len()
        )));
    }
    for o in &options {
        super::block_kit::check_option(o).map_err(failed)?;
    }
    Ok(Json(json!({"ok": true, "options": options})))
}

/// The Home tab opened: the `app_home_opened` event.
async fn home_opened(State(slack): State<StandIn>, Json(who): Json<Who>) -> Answer {
    let n = slack.lock().workspace.fresh_number();
    let now = slack.app()?.clock.now().timestamp();
    let body = json!({
        "token": "deprecated",
        "team_id": TEAM_ID,
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": format!("Ev{n}"),
        "event_time": now,
        "event": {
            "type": "app_home_opened", "user": who.user, "channel": format!("D{}", who.user),
            "tab": "home", "event_ts": format!("{now}.000200"),
        },
    });
    let (status, _) = slack
        .deliver("/slack/events", "application/json", body.to_string())
        .await?;
    match status {
        200 => Ok(Json(json!({"ok": true}))),
        s => Err(failed(format!("the app answered {s}"))),
    }
}

impl StandIn {
    fn app(&self) -> Result<AppLink, Json<Value>> {
        self.lock()
            .app
            .clone()
            .ok_or_else(|| failed("no app is connected to this stand-in"))
    }

    /// A message from Slack itself, seen by `user` alone.
    fn post_as_slack(&self, channel: &str, message: &Value, user: &str) {
        {
            let mut g = self.lock();
            let ts = super::web_api::next_ts(&mut g);
            g.workspace.post(channel, &ts, message, Some(user));
        }
        self.changed();
    }

    /// An interaction payload, form-encoded as Slack sends it; the app's JSON
    /// answer, if it gave one.
    async fn interaction(&self, payload: &Value) -> Result<Option<Value>, Json<Value>> {
        let body =
            serde_urlencoded::to_string([("payload", payload.to_string())]).map_err(failed)?;
        let (status, answer) = self
            .deliver(
                "/slack/interactions",
                "application/x-www-form-urlencoded",
                body,
            )
            .await?;
        match status {
            200 => Ok(answer),
            s => Err(failed(format!("the app answered {s}"))),
        }
    }

    /// POSTs `body` to the app, signed as Slack signs it; the status and the JSON
    /// answer (none when the body is empty).
    async fn deliver(
        &self,
        path: &str,
        content_type: &str,
        body: String,
    ) -> Result<(u16, Option<Value>), Json<Value>> {
        let app = self.app()?;
        let ts = app.clock.now().timestamp().to_string();
        let signature = sign(app.signing_secret.as_bytes(), &ts, body.as_bytes());
        let request = http::Request::post(format!("{}{path}", app.url))
            .header("content-type", content_type)
            .header("x-slack-request-timestamp", ts)
            .header("x-slack-signature", signature)
            .body(Full::new(Bytes::from(body)))
            .map_err(failed)?;
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build_http();
        // Slack gives up after 3 s; so does the stand-in.
        let response =
            tokio::time::timeout(std::time::Duration::from_secs(3), client.request(request))
                .await
                .map_err(|_| failed("the app did not answer within 3 s (operation_timeout)"))?
                .map_err(|e| failed(format!("the app cannot be reached: {e}")))?;
        let status = response.status().as_u16();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map_err(failed)?
            .to_bytes();
        let answer = match bytes.is_empty() {
            true => None,
            false => Some(serde_json::from_slice(&bytes).map_err(|e| {
                failed(format!("the app answered something that is not JSON: {e}"))
            })?),
        };
        Ok((status, answer))
    }
}
