//! Button clicks (`block_actions`): acked at once, handled after.

use super::Ack;
use crate::app::AppState;
use crate::flows::accept::{self, Click};
use crate::flows::followup;
use crate::slack::payloads::{Action, BlockActions};
use crate::views::ids::action;

pub fn clicked(state: &AppState, actions: BlockActions) -> Ack {
    for act in actions.actions.iter().cloned() {
        let st = state.clone();
        let payload = actions.clone();
        state.spawn(async move {
            if let Err(e) = run(&st, &payload, &act).await {
                tracing::error!(error = %e, action = %act.action_id, "button failed");
                crate::flows::reply(
                    &st,
                    payload.response_url.as_deref(),
                    crate::views::text::TRY_AGAIN,
                )
                .await;
            }
        });
    }
    Ack::Empty
}

async fn run(state: &AppState, payload: &BlockActions, act: &Action) -> Result<(), sqlx::Error> {
    let value = act.value.as_deref().unwrap_or_default();
    let click = || Click {
        team_id: &payload.team.id,
        user_id: &payload.user.id,
        response_url: payload.response_url.as_deref(),
    };
    let ask_id = || value.split(':').next().and_then(|v| v.parse::<i64>().ok());
    let Some(ask_id) = ask_id() else {
        tracing::debug!(action = %act.action_id, "button without an ask id");
        return Ok(());
    };
    let mentor = value.split(':').nth(1).unwrap_or_default();
    let prompt = || followup::Prompt {
        team_id: &payload.team.id,
        user_id: &payload.user.id,
        channel: payload.container.channel_id.as_deref(),
        ts: payload.container.message_ts.as_deref(),
        response_url: payload.response_url.as_deref(),
        trigger_id: &payload.trigger_id,
    };
    // Buttons repeated in one message carry `:<id>` to keep action_ids unique.
    let base = act.action_id.split(':').next().unwrap_or_default();
    match base {
        action::ACCEPT => accept::accept(state, ask_id, click(), false).await,
        action::HELP_FROM_DIGEST => accept::accept(state, ask_id, click(), true).await,
        action::FOLLOWUP_YES => followup::yes(state, ask_id, mentor, prompt()).await,
        action::FOLLOWUP_NOT_YET => {
            let round = value
                .split(':')
                .nth(2)
                .and_then(|r| r.parse().ok())
                .unwrap_or(1);
            followup::not_yet(state, ask_id, mentor, round, prompt()).await
        }
        action::FOLLOWUP_NO => followup::didnt_happen(state, ask_id, mentor, prompt()).await,
        action::REOPEN_ASK => followup::reopen(state, ask_id, mentor, prompt()).await,
        action::DECLINE_NOT_MY_AREA => accept::decline(state, ask_id, click(), "not_my_area").await,
        action::DECLINE_NO_TIME => accept::decline(state, ask_id, click(), "no_time").await,
        action::CANCEL_ASK => accept::cancel(state, ask_id, click()).await,
        action::MARK_DONE => accept::mark_done(state, ask_id, mentor, click()).await,
        other => {
            tracing::debug!(action = other, "ignored button");
            Ok(())
        }
    }
}
