//! Events API: URL verification, then `event_callback`s deduplicated by `event_id`.

use serde_json::json;

use super::Ack;
use crate::core::text::is_user_id;
use crate::flows;
use crate::queue::Job;
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
                    // What people leaving or an uninstall mean is stored before the
                    // ack, so a failure afterwards is retried by the worker, never
                    // lost; if even that fails, Slack delivers the event again.
                    let job = match durable(state, &callback).await {
                        Ok(job) => job,
                        Err(e) => {
                            tracing::error!(error = %e, "could not store an event's consequence");
                            let forgot = store::events::forget(
                                &state.db,
                                &callback.team_id,
                                &callback.event_id,
                            );
                            if let Err(e) = forgot.await {
                                tracing::error!(error = %e, "could not forget the event either");
                            }
                            return Ack::Unavailable;
                        }
                    };
                    let st = state.clone();
                    state.spawn(async move {
                        let _permit = permit;
                        dispatch(&st, callback, job).await
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

async fn dispatch(state: &AppState, callback: EventCallback, job: Option<i64>) {
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
            if let Some(job_id) = job {
                let team = callback.team_id.clone();
                let run = crate::queue::run_now(state, job_id, "event", |job| async move {
                    match job {
                        Job::PersonLeft { user_id } => flows::people::left(state, &team, &user_id)
                            .await
                            .map_err(Into::into),
                        _ => Ok(()),
                    }
                });
                if let Err(e) = run.await {
                    tracing::warn!(error = %e, "the worker will close the mentoring of someone who left");
                }
            }
        }
        other => tracing::debug!(event = other, "ignored event"),
    }
}

/// The consequences that must survive a crash, stored before the ack: an
/// uninstall recorded, someone's leaving scheduled as a job (its id returned).
async fn durable(state: &AppState, callback: &EventCallback) -> Result<Option<i64>, sqlx::Error> {
    match callback.event_type() {
        "app_uninstalled" => flows::people::revoked(state, &callback.team_id)
            .await
            .map(|_| None),
        // Only the bot token matters to us; user tokens are not ours.
        "tokens_revoked"
            if callback.event["tokens"]["bot"]
                .as_array()
                .is_some_and(|b| !b.is_empty()) =>
        {
            flows::people::revoked(state, &callback.team_id)
                .await
                .map(|_| None)
        }
        "user_change" => {
            // Any change (a new status, say): ask Slack afresh next time.
            if let Some(id) = callback.event["user"]["id"].as_str() {
                flows::people::forget(state, id);
            }
            match person_left(callback) {
                Some(job) => {
                    let at = job.at(&callback.team_id, state.clock.now());
                    crate::queue::schedule(state, &at).await
                }
                None => Ok(None),
            }
        }
        _ => Ok(None),
    }
}

/// `user_change` for someone deactivated: the job that closes their mentoring.
fn person_left(callback: &EventCallback) -> Option<Job> {
    let user = &callback.event["user"];
    let deleted = user["deleted"].as_bool().unwrap_or(false);
    let id = user["id"].as_str().filter(|id| is_user_id(id))?;
    deleted.then(|| Job::PersonLeft {
        user_id: id.to_owned(),
    })
}

pub(crate) async fn publish_home(state: &AppState, team: &str, user: &str) -> anyhow::Result<()> {
    let now = state.clock.now();
    let profile = store::mentors::get(&state.db, team, user).await?;
    let open_asks = store::asks::open_of(&state.db, team, user).await?;
    let insights =
        store::insights::since(&state.db, team, now - chrono::Duration::days(30)).await?;
    let hosting = store::office_hours::hosted_upcoming(
        &state.db,
        team,
        user,
        now,
        views::office_hours::MAX_ON_HOME as i64,
    )
    .await?;
    let mut view = views::home::build(&views::home::Home {
        profile: profile.as_ref(),
        open_asks: &open_asks,
        insights: &insights,
        now,
    });
    views::office_hours::add_to_home(&mut view, &hosting);
    state.slack.publish_home(user, view).await?;
    Ok(())
}
