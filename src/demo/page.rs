//! The page (plain HTML and JavaScript built into the binary) and the one thing
//! it asks of the playground rather than of Slack: moving the clock.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use super::{people, travel};
use crate::clock::{Clock, TravellingClock};
use crate::state::AppState;

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/playground.js");
const STYLE: &str = include_str!("page/playground.css");

/// The bot and its clock, once started (the page is served before).
#[derive(Clone, Default)]
pub(super) struct Control(Arc<OnceLock<(AppState, Arc<TravellingClock>)>>);

impl Control {
    pub(super) fn set(&self, state: AppState, clock: Arc<TravellingClock>) {
        let _ = self.0.set((state, clock));
    }
}

pub(super) fn router(control: Control) -> Router {
    Router::new()
        .route("/", get(|| async { Html(asset("index.html", INDEX)) }))
        .route(
            "/playground.js",
            get(|| async {
                (
                    [(CONTENT_TYPE, "text/javascript")],
                    asset("playground.js", SCRIPT),
                )
            }),
        )
        .route(
            "/playground.css",
            get(|| async { ([(CONTENT_TYPE, "text/css")], asset("playground.css", STYLE)) }),
        )
        .route("/demo/travel", post(time_travel))
        .with_state(control)
}

/// The page's file as built in, or as it is now in `PLAYGROUND_ASSETS` (a folder,
/// usually `src/demo/page`): edit the page and reload, without rebuilding.
fn asset(name: &str, built_in: &'static str) -> String {
    std::env::var_os("PLAYGROUND_ASSETS")
        .and_then(|dir| std::fs::read_to_string(std::path::Path::new(&dir).join(name)).ok())
        .unwrap_or_else(|| built_in.to_owned())
}

#[derive(Deserialize)]
struct Jump {
    /// `hour`, `day` or `morning` (the viewer's next working morning).
    by: String,
    user: String,
}

/// Moves the clock, then runs every job due by then and waits for its effects,
/// so the page shows them as soon as it is answered.
async fn time_travel(State(control): State<Control>, Json(jump): Json<Jump>) -> impl IntoResponse {
    let Some((state, clock)) = control.0.get() else {
        return Json(json!({"ok": false, "error": "the bot is still starting"}));
    };
    let now = clock.now();
    let by = match jump.by.as_str() {
        "hour" => chrono::Duration::hours(1),
        "day" => chrono::Duration::days(1),
        "morning" => {
            let zone = people::zone_of(&jump.user).unwrap_or(chrono_tz::UTC);
            travel::next_working_morning(now, zone) - now
        }
        other => return Json(json!({"ok": false, "error": format!("no jump `{other}`")})),
    };
    clock.advance(by);
    let ran = run_due(state).await;
    Json(json!({"ok": true, "now": clock.now().to_rfc3339(), "jobs": ran}))
}

/// Runs due jobs until none is left, waiting for the work they spawn.
async fn run_due(state: &AppState) -> Value {
    let mut total = 0;
    for _ in 0..20 {
        match crate::jobs::engine::run_due(state, "playground-time-travel").await {
            Ok(0) => break,
            Ok(n) => total += n,
            Err(e) => return json!({"error": e.to_string()}),
        }
        let started = Instant::now();
        while !state.tasks.is_empty() && started.elapsed() < Duration::from_secs(10) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    json!(total)
}
