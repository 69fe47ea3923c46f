//! Button clicks (`block_actions`): acked at once, handled after.

use super::{home_actions, Ack};
use crate::core::lifecycle::Via;
use crate::core::no_shows::Side;
use crate::core::offer::DeclineReason;
use crate::core::text::is_user_id;
use crate::flows::accept::{self, Click};
use crate::flows::{self, followup, no_shows};
use crate::slack::payloads::{Action, BlockActions};
use crate::state::AppState;
use crate::views::ids::{action, base_action, who_missed, ButtonValue, MeetingValue};

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
        let ran = run(&st, &actions, &act).await;
        // Whatever the click changed, the clicker's Home shows it.
        flows::home::refresh(&st, &actions.team.id, &[&actions.user.id]).await;
        if let Err(e) = ran {
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

async fn run(state: &AppState, payload: &BlockActions, act: &Action) -> anyhow::Result<()> {
    let base = base_action(&act.action_id);
    if action::OFFICE_HOURS.contains(&base) {
        return Ok(super::office_hours::clicked(state, payload, act).await?);
    }
    if base == action::HISTORY_CSV {
        return flows::history::send_csv(state, &payload.team.id, &payload.user.id).await;
    }
    if base == action::MY_DATA_EXPORT {
        return flows::my_data::export(state, &payload.team.id, &payload.user.id).await;
    }
    if base == action::MY_DATA_DELETE {
        let modal = crate::views::my_data::confirm_modal();
        state.slack.open_view(&payload.trigger_id, modal).await?;
        return Ok(());
    }
    if base == action::PICK_SLOT {
        if let Some(value) = act.value.as_deref().and_then(MeetingValue::parse) {
            let (team, user) = (&payload.team.id, &payload.user.id);
            let url = payload.response_url.as_deref();
            flows::meeting::pick(state, team, user, url, &value).await?;
        }
        return Ok(());
    }
    if home_actions::run(state, payload, act, base).await? {
        return Ok(());
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
    // Buttons about one session carry its mentor; without one they do nothing.
    let mentor = value.mentor.as_deref();
    // "Who couldn't make it?" on either side's follow-up.
    if let (Some((side, who)), Some(m)) = (who_missed(base), mentor) {
        return Ok(no_shows::who_missed(state, ask_id, m, side, who, prompt()).await?);
    }
    let done = match (base, mentor) {
        (action::DECLINE_OTHER, _) => {
            return home_actions::open_decline(state, payload, &value).await
        }
        (action::ACCEPT, _) => accept::accept(state, ask_id, click(), Via::Offer).await,
        (action::HELP_FROM_DIGEST, _) => accept::accept(state, ask_id, click(), Via::Digest).await,
        (action::DECLINE_NOT_MY_AREA, _) => {
            accept::decline(state, ask_id, click(), DeclineReason::NotMyArea, None).await
        }
        (action::DECLINE_NO_TIME, _) => {
            accept::decline(state, ask_id, click(), DeclineReason::NoTime, None).await
        }
        (action::DECLINE_PAUSE_WEEK, _) => {
            accept::decline(state, ask_id, click(), DeclineReason::PauseWeek, None).await
        }
        (action::CANCEL_ASK, _) => accept::cancel(state, ask_id, click()).await,
        (action::EDIT_ASK, _) => {
            let (team, user) = (&payload.team.id, &payload.user.id);
            flows::edit::open(state, team, user, &payload.trigger_id, ask_id).await
        }
        (action::WIDEN_ASK, _) => {
            let (team, user) = (&payload.team.id, &payload.user.id);
            flows::route::widen_now(state, team, user, ask_id).await
        }
        (action::MARK_DONE, Some(m)) => accept::mark_done(state, ask_id, m, click()).await,
        (action::FOLLOWUP_YES, Some(m)) => followup::yes(state, ask_id, m, prompt()).await,
        (action::FOLLOWUP_NOT_YET, Some(m)) => {
            let round = value.round.unwrap_or(1);
            followup::not_yet(state, ask_id, m, round, prompt()).await
        }
        (action::FOLLOWUP_NO, Some(m)) => followup::didnt_happen(state, ask_id, m, prompt()).await,
        (action::REOPEN_ASK, Some(m)) => followup::reopen(state, ask_id, m, prompt()).await,
        (action::MENTOR_FOLLOWUP_YES, Some(m)) => {
            no_shows::mentor_yes(state, ask_id, m, prompt()).await
        }
        (action::MENTOR_FOLLOWUP_NO, Some(m)) => {
            no_shows::mentor_no(state, ask_id, m, prompt()).await
        }
        (action::RESUME_OFFERS, Some(u)) => no_shows::lift(state, Side::Mentor, u, prompt()).await,
        (action::READY_TO_ASK, Some(u)) => no_shows::lift(state, Side::Mentee, u, prompt()).await,
        (other, _) => {
            tracing::debug!(action = other, "ignored button");
            Ok(())
        }
    };
    Ok(done?)
}
