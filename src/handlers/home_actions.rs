//! Buttons on the App Home (and the decline modal's opener): mentoring settings
//! in one click, the settings and "don't match me with" modals. Home is
//! republished after every click (`buttons::clicked`), so it shows what is true now.

use chrono::Duration;

use super::mentor_command::settings_view;
use crate::core::insights::Window;
use crate::core::mentor::{may_opt_in, parse_pause};
use crate::core::offer::DeclineReason;
use crate::flows;
use crate::slack::payloads::{Action, BlockActions};
use crate::state::AppState;
use crate::store::{asks, exclusions, insights, mentors};
use crate::views::blocks::dm;
use crate::views::ids::{curate, home, ButtonValue};
use crate::views::{decline, never_match};

/// Runs a Home button; `false` when `base` is not one of them.
pub(super) async fn run(
    state: &AppState,
    payload: &BlockActions,
    act: &Action,
    base: &str,
) -> anyhow::Result<bool> {
    let (team, user) = (payload.team.id.as_str(), payload.user.id.as_str());
    let now = state.clock.now();
    match base {
        home::BECOME_MENTOR | home::EDIT_SETTINGS => {
            let view = settings_view(state, team, user).await?;
            open(state, payload, view).await;
            return Ok(true);
        }
        curate::HOME_BUTTON => {
            super::skill_curation::open(state, payload).await;
            return Ok(true);
        }
        home::NEVER_MATCH => {
            let list = exclusions::list(&state.db, team, user).await?;
            open(state, payload, never_match::modal(&list)).await;
            return Ok(true);
        }
        home::OPT_IN => match mentors::get(&state.db, team, user).await? {
            Some(p) if may_opt_in(Some(&p)) => {
                mentors::set_opted_in(&state.db, team, user, true, now).await?;
            }
            // Nothing to offer help with yet: the settings say what is missing.
            _ => {
                let view = settings_view(state, team, user).await?;
                open(state, payload, view).await;
            }
        },
        home::OPT_OUT => {
            mentors::set_opted_in(&state.db, team, user, false, now).await?;
        }
        home::PAUSE_DAY => {
            mentors::set_pause(&state.db, team, user, Some(now + Duration::days(1)), now).await?;
        }
        home::PAUSE_WEEK => {
            mentors::set_pause(&state.db, team, user, Some(now + Duration::days(7)), now).await?;
        }
        home::PAUSE_UNTIL => {
            let Some(profile) = mentors::get(&state.db, team, user).await? else {
                return Ok(true);
            };
            let date = act.selected_date.as_deref().unwrap_or_default();
            match parse_pause(date, now, profile.tz) {
                Ok(until) => {
                    mentors::set_pause(&state.db, team, user, Some(until), now).await?;
                }
                // Home has no thread to answer in: a DM says what was wrong.
                Err(e) => {
                    flows::post(state, dm(user, &e.to_string())).await;
                }
            }
        }
        home::RESUME => {
            mentors::set_pause(&state.db, team, user, None, now).await?;
        }
        // The admin section's buttons: only a programme owner's click changes anything.
        home::INSIGHTS_WEEK | home::INSIGHTS_MONTH | home::INSIGHTS_QUARTER => {
            let window = act.value.as_deref().and_then(Window::parse);
            if let Some(window) = window {
                if flows::admins::is_admin(state, user).await {
                    insights::set_window(&state.db, team, user, window, now).await?;
                }
            }
        }
        home::ADMIN_DIGEST => {
            if flows::admins::is_admin(state, user).await {
                let on = act.value.as_deref() == Some("on");
                insights::set_weekly_digest(&state.db, team, user, on, now).await?;
                if on {
                    flows::insights::schedule_next_digest(state, team, now).await?;
                }
            }
        }
        // Admins only (the flow checks): a CSV by DM.
        home::DOWNLOAD_CSV => {
            flows::charts::send_csv(state, team, user).await?;
        }
        _ => return Ok(false),
    }
    // The click's handler republishes Home for the clicker afterwards.
    Ok(true)
}

/// "Other…" under an offer DM, or "Decline…" on Home: the decline modal, with
/// "Other" preselected when it came from the DM's button of that name.
pub(super) async fn open_decline(
    state: &AppState,
    payload: &BlockActions,
    value: &ButtonValue,
) -> anyhow::Result<()> {
    let Some(ask) = asks::get(&state.db, value.ask_id).await? else {
        return Ok(());
    };
    let from_home = payload.view.is_some();
    let chosen = (!from_home).then_some(DeclineReason::Other);
    open(state, payload, decline::modal(&ask, chosen)).await;
    Ok(())
}

async fn open(state: &AppState, payload: &BlockActions, view: serde_json::Value) {
    if let Err(e) = state.slack.open_view(&payload.trigger_id, view).await {
        tracing::warn!(error = %e, "could not open a modal from a button");
    }
}
