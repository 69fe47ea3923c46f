//! Button clicks (`block_actions`): acked at once, handled after.

use super::Ack;
use crate::core::lifecycle::Via;
use crate::core::offer::DeclineReason;
use crate::core::text::is_user_id;
use crate::flows::accept::{self, Click};
use crate::flows::followup;
use crate::slack::payloads::{Action, BlockActions};
use crate::state::AppState;
use crate::views::ids::{action, base_action, ButtonValue};

/// Slack sends one action per click; a payload carrying more is not a click,
/// so only the first is acted on.
pub fn clicked(state: &AppState, actions: BlockActions) -> Ack {
    let Some(act) = actions.actions.first().cloned() else {
        return Ack::Empty;
    };
    // Ids from the payload are shown and stored: only well-formed ones.
    if !is_user_id(&actions.user.id) {
        tracing::warn!("block_actions with a malformed user id ignored");
        return Ack::Empty;
    }
    if actions.actions.len() > 1 {
        tracing::warn!(
            count = actions.actions.len(),
            "block_actions with several actions; acting on the first"
        );
    }
    let st = state.clone();
    state.spawn(async move {
        let Ok(_permit) = st.click_permits.acquire().await else {
            return;
        };
        if let Err(e) = run(&st, &actions, &act).await {
            tracing::error!(error = %e, action = %act.action_id, "button failed");
            crate::flows::reply(
                &st,
                actions.response_url.as_deref(),
                crate::views::text::TRY_AGAIN,
            )
            .await;
        }
    });
    Ack::Empty
}

async fn run(state: &AppState, payload: &BlockActions, act: &Action) -> Result<(), sqlx::Error> {
    if action::OFFICE_HOURS.contains(&base_action(&act.action_id)) {
        return super::office_hours::clicked(state, payload, act).await;
    }
    let Some(value) = act.value.as_deref().and_then(ButtonValue::parse) else {
        tracing::debug!(action = %act.action_id, "button without a readable value");
        return Ok(());
    };
    let ask_id = value.ask_id;
    let click = || Click {
        team_id: &payload.team.id,
        user_id: &payload.user.id,
        response_url: payload.response_url.as_deref(),
    };
    let prompt = || followup::Prompt {
        team_id: &payload.team.id,
        user_id: &payload.user.id,
        response_url: payload.response_url.as_deref(),
        trigger_id: &payload.trigger_id,
    };
    let base = base_action(&act.action_id);
    // Buttons about one session carry its mentor; without one they do nothing.
    let mentor = value.mentor.as_deref();
    match (base, mentor) {
        (action::ACCEPT, _) => accept::accept(state, ask_id, click(), Via::Offer).await,
        (action::HELP_FROM_DIGEST, _) => accept::accept(state, ask_id, click(), Via::Digest).await,
        (action::DECLINE_NOT_MY_AREA, _) => {
            accept::decline(state, ask_id, click(), DeclineReason::NotMyArea).await
        }
        (action::DECLINE_NO_TIME, _) => {
            accept::decline(state, ask_id, click(), DeclineReason::NoTime).await
        }
        (action::DECLINE_PAUSE_WEEK, _) => {
            accept::decline(state, ask_id, click(), DeclineReason::PauseWeek).await
        }
        (action::CANCEL_ASK, _) => accept::cancel(state, ask_id, click()).await,
        (action::MARK_DONE, Some(m)) => accept::mark_done(state, ask_id, m, click()).await,
        (action::FOLLOWUP_YES, Some(m)) => followup::yes(state, ask_id, m, prompt()).await,
        (action::FOLLOWUP_NOT_YET, Some(m)) => {
            let round = value.round.unwrap_or(1);
            followup::not_yet(state, ask_id, m, round, prompt()).await
        }
        (action::FOLLOWUP_NO, Some(m)) => followup::didnt_happen(state, ask_id, m, prompt()).await,
        (action::REOPEN_ASK, Some(m)) => followup::reopen(state, ask_id, m, prompt()).await,
        (other, _) => {
            tracing::debug!(action = other, "ignored button");
            Ok(())
        }
    }
}
