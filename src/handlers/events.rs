//! Events API: URL verification, then `event_callback`s deduplicated by `event_id`.

use serde_json::json;

use super::Ack;
use crate::core::text::is_user_id;
use crate::flows;
use crate::slack::payloads::{EventCallback, EventsPayload};
use crate::state::AppState;
use crate::store;
use crate::views;

/// The bot events this bot handles; `manifest.yml` must subscribe to exactly these.
/// - `app_home_opened`: publish Home
/// - `user_change`: someone deactivated stops mentoring and asking
/// - `app_uninstalled`, `tokens_revoked`: stop calling Slack, keep the data
pub const BOT_EVENTS: &[&str] = &[
    "app_home_opened",
    "app_uninstalled",
    "tokens_revoked",
    "user_change",
];

pub async fn handle(state: &AppState, payload: EventsPayload, retry: Option<&str>) -> Ack {
    match payload {
        EventsPayload::UrlVerification { challenge } => {
            Ack::Json(json!({ "challenge": challenge }))
        }
        EventsPayload::EventCallback(callback) => {
            match super::from_installed_team(state, &callback.team_id).await {
                Some(true) => {}
                // Not ours: acknowledged so Slack stops, and ignored.
                Some(false) => return Ack::Empty,
                // Cannot check yet: let Slack retry later.
                None => return Ack::Unavailable,
            }
            // Home can wait: when busy, a 503 makes Slack deliver it again later.
            // What people leaving or an uninstall mean is never turned away.
            let permit = if callback.event_type() == "app_home_opened" {
                match state.after_ack.clone().try_acquire_owned() {
                    Ok(permit) => Some(permit),
                    Err(_) => return Ack::Unavailable,
                }
            } else {
                None
            };
            let first = store::events::record_once(
                &state.db,
                &callback.team_id,
                &callback.event_id,
                callback.event_type(),
                state.clock.now(),
            )
            .await;
            match first {
                Ok(true) => {
                    let st = state.clone();
                    state.spawn(async move {
                        let _permit = permit;
                        dispatch(&st, callback).await
                    });
                }
                Ok(false) => {
                    tracing::info!(event_id = %callback.event_id, retry, "duplicate event ignored");
                }
                Err(e) => {
                    // Without the record we cannot promise exactly-once; let Slack retry.
                    tracing::error!(error = %e, "could not record event");
                    return Ack::Unavailable;
                }
            }
            Ack::Empty
        }
        EventsPayload::Other(kind) => {
            tracing::debug!(%kind, "ignored events payload type");
            Ack::Empty
        }
    }
}

async fn dispatch(state: &AppState, callback: EventCallback) {
    match callback.event_type() {
        "app_home_opened" => {
            let tab = callback.event.get("tab").and_then(|t| t.as_str());
            let user = callback.event.get("user").and_then(|u| u.as_str());
            if let (Some("home"), Some(user)) = (tab, user) {
                if let Err(e) = publish_home(state, &callback.team_id, user).await {
                    tracing::warn!(error = %e, "could not publish App Home");
                }
            }
        }
        "user_change" => {
            let user = &callback.event["user"];
            let deleted = user["deleted"].as_bool().unwrap_or(false);
            let id = user["id"].as_str().filter(|id| is_user_id(id));
            if let (true, Some(id)) = (deleted, id) {
                if let Err(e) = flows::people::left(state, &callback.team_id, id).await {
                    tracing::error!(error = %e, "could not close the mentoring of someone who left");
                }
            }
        }
        "app_uninstalled" => revoked(state, &callback.team_id).await,
        "tokens_revoked" => {
            // Only the bot token matters to us; user tokens are not ours.
            let bot = &callback.event["tokens"]["bot"];
            if bot.as_array().is_some_and(|b| !b.is_empty()) {
                revoked(state, &callback.team_id).await;
            }
        }
        other => tracing::debug!(event = other, "ignored event"),
    }
}

async fn revoked(state: &AppState, team_id: &str) {
    if let Err(e) = flows::people::revoked(state, team_id).await {
        tracing::error!(error = %e, "could not record the uninstall");
    }
}

async fn publish_home(state: &AppState, team: &str, user: &str) -> anyhow::Result<()> {
    let now = state.clock.now();
    let profile = store::mentors::get(&state.db, team, user).await?;
    let open_asks = store::asks::open_of(&state.db, team, user).await?;
    let insights =
        store::insights::since(&state.db, team, now - chrono::Duration::days(30)).await?;
    let view = views::home::build(&views::home::Home {
        profile: profile.as_ref(),
        open_asks: &open_asks,
        insights: &insights,
        now,
    });
    state.slack.publish_home(user, view).await?;
    Ok(())
}
