//! Accept, decline, cancel and mark-as-done: the state change happens in one
//! transaction in the store; the Slack messages follow it.

use crate::app::AppState;
use crate::flows::{post, reply, update};
use crate::jobs::Job;
use crate::store::asks::{self, AcceptOutcome, CancelOutcome, DeclineOutcome, DoneOutcome};
use crate::views::ask_card::{self, OfferEnd};
use crate::views::{mentee, text};

pub struct Click<'a> {
    pub team_id: &'a str,
    pub user_id: &'a str,
    pub response_url: Option<&'a str>,
}

/// `open_to_anyone`: a digest's "I can help", which needs no prior offer.
pub async fn accept(
    state: &AppState,
    ask_id: i64,
    click: Click<'_>,
    open_to_anyone: bool,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let followup = Job::FollowUp {
        ask_id,
        mentor_id: click.user_id.to_owned(),
        round: 1,
    }
    .at(click.team_id, now + state.settings.timings.followup_after);
    let outcome = asks::accept(
        &state.db,
        ask_id,
        click.team_id,
        click.user_id,
        open_to_anyone,
        &followup,
        now,
    )
    .await?;
    let (own_offer, superseded, filled) = match outcome {
        AcceptOutcome::Accepted {
            own_offer,
            superseded,
            filled,
        } => (own_offer, superseded, filled),
        AcceptOutcome::AlreadyAccepted => {
            reply(
                state,
                click.response_url,
                "You're already on this one — see the group DM.",
            )
            .await;
            return Ok(());
        }
        AcceptOutcome::Late(_) | AcceptOutcome::NotFound => {
            reply(state, click.response_url, text::LATE_ACCEPT).await;
            return Ok(());
        }
        AcceptOutcome::AtCapacity => {
            reply(state, click.response_url, text::AT_CAPACITY).await;
            return Ok(());
        }
        AcceptOutcome::NotOffered => {
            reply(state, click.response_url, text::NOT_YOURS).await;
            return Ok(());
        }
    };
    let Some(ask) = asks::get(&state.db, ask_id).await? else {
        return Ok(());
    };
    let mentor = click.user_id;

    match state
        .slack
        .open_conversation(&[&ask.asker_id, mentor])
        .await
    {
        Ok(channel) => {
            if let Some(posted) = post(state, ask_card::intro(&ask, mentor, &channel)).await {
                asks::set_intro(&state.db, ask_id, mentor, &posted.channel, &posted.ts).await?;
            }
        }
        Err(e) => tracing::warn!(error = %e, ask_id, "could not open the group DM"),
    }
    if let Some(own) = own_offer {
        update(
            state,
            ask_card::offer_closed(&ask, OfferEnd::YoureOnIt, &own),
        )
        .await;
    }
    for other in &superseded {
        update(state, ask_card::offer_closed(&ask, OfferEnd::Taken, other)).await;
    }
    post(state, mentee::accepted(&ask, mentor, filled)).await;
    if filled {
        crate::jobs::digest::refresh_for_ask(state, ask_id).await?;
    }
    Ok(())
}

pub async fn decline(
    state: &AppState,
    ask_id: i64,
    click: Click<'_>,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let outcome =
        asks::decline(&state.db, ask_id, click.user_id, reason, state.clock.now()).await?;
    match outcome {
        DeclineOutcome::Declined {
            message,
            still_open,
        } => {
            if let Some(ask) = asks::get(&state.db, ask_id).await? {
                update(
                    state,
                    ask_card::offer_closed(&ask, OfferEnd::Declined, &message),
                )
                .await;
            }
            if still_open {
                super::route::route_ask(state, ask_id, false).await?;
            }
        }
        DeclineOutcome::AlreadyAnswered(status) => {
            reply(
                state,
                click.response_url,
                &format!("You already answered this one ({status})."),
            )
            .await;
        }
        DeclineOutcome::NotOffered => reply(state, click.response_url, text::NOT_YOURS).await,
    }
    Ok(())
}

pub async fn cancel(state: &AppState, ask_id: i64, click: Click<'_>) -> Result<(), sqlx::Error> {
    let outcome = asks::cancel(
        &state.db,
        ask_id,
        click.team_id,
        click.user_id,
        state.clock.now(),
    )
    .await?;
    match outcome {
        CancelOutcome::Cancelled { withdrawn } => {
            let Some(ask) = asks::get(&state.db, ask_id).await? else {
                return Ok(());
            };
            for offer in &withdrawn {
                update(
                    state,
                    ask_card::offer_closed(&ask, OfferEnd::Withdrawn, offer),
                )
                .await;
            }
            crate::jobs::digest::refresh_for_ask(state, ask_id).await?;
            let said = format!(
                "Cancelled “{}”. Mentors who were offered it have been told.",
                crate::core::text::escape_mrkdwn(&ask.topic)
            );
            reply(state, click.response_url, &said).await;
        }
        CancelOutcome::NotAsker => reply(state, click.response_url, text::ONLY_ASKER_CANCELS).await,
        CancelOutcome::Illegal(status) => {
            reply(
                state,
                click.response_url,
                &format!("This ask is already {status}, so it can't be cancelled."),
            )
            .await
        }
        CancelOutcome::NotFound => reply(state, click.response_url, "I can't find that ask.").await,
    }
    Ok(())
}

pub async fn mark_done(
    state: &AppState,
    ask_id: i64,
    mentor_id: &str,
    click: Click<'_>,
) -> Result<(), sqlx::Error> {
    let outcome = asks::mark_done(
        &state.db,
        ask_id,
        mentor_id,
        click.user_id,
        state.clock.now(),
    )
    .await?;
    match outcome {
        DoneOutcome::Done { intro } => {
            if let Some(ask) = asks::get(&state.db, ask_id).await? {
                update(
                    state,
                    ask_card::intro_done(&ask, mentor_id, click.user_id, &intro),
                )
                .await;
            }
        }
        DoneOutcome::AlreadyDone => {
            reply(
                state,
                click.response_url,
                "Already marked done — thank you!",
            )
            .await
        }
        DoneOutcome::NotAllowed => {
            reply(
                state,
                click.response_url,
                "Only the asker or the mentor can mark this session done.",
            )
            .await
        }
    }
    Ok(())
}
