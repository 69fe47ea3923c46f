//! Accept, decline, cancel and mark-as-done: the state change happens in one
//! transaction in the store (which asks `core::lifecycle`); the Slack messages
//! follow it.

use crate::core::lifecycle::{AcceptRefusal, Via};
use crate::core::offer::{DeclineReason, PAUSE_WEEK_DAYS};
use crate::flows::{post, reply, update};
use crate::queue::Job;
use crate::state::AppState;
use crate::store::transitions::{self, AcceptOutcome, CloseOutcome, DeclineOutcome, DoneOutcome};
use crate::store::{asks, mentors};
use crate::views::ask_card::{self, OfferEnd};
use crate::views::{mentee, replies};

#[derive(Debug, Clone, Copy)]
pub struct Click<'a> {
    pub team_id: &'a str,
    pub user_id: &'a str,
    pub response_url: Option<&'a str>,
}

pub async fn accept(
    state: &AppState,
    ask_id: i64,
    click: Click<'_>,
    via: Via,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let mentor_id = click.user_id.to_owned();
    let jobs = [
        Job::Intro {
            ask_id,
            mentor_id: mentor_id.clone(),
        }
        .at(click.team_id, now),
        Job::FollowUp {
            ask_id,
            mentor_id: mentor_id.clone(),
            round: 1,
        }
        .at(click.team_id, now + state.settings.timings.followup_after),
        Job::MentorFollowUp { ask_id, mentor_id }
            .at(click.team_id, now + state.settings.timings.followup_after),
    ];
    let outcome = transitions::accept(
        &state.db,
        ask_id,
        click.team_id,
        click.user_id,
        via,
        &jobs,
        now,
    )
    .await?;
    let (own_offer, superseded, filled, intro_job) = match outcome {
        AcceptOutcome::Accepted {
            own_offer,
            superseded,
            filled,
            job_ids,
        } => (
            own_offer,
            superseded,
            filled,
            job_ids.first().copied().flatten(),
        ),
        AcceptOutcome::Refused(refusal) => {
            reply(state, click.response_url, replies::accept_refused(refusal)).await;
            if refusal == AcceptRefusal::AtCapacity {
                // Their offer was released: offer the ask to the next candidate now.
                super::route::route_ask(state, ask_id, false).await?;
            }
            return Ok(());
        }
        AcceptOutcome::NotFound => {
            reply(state, click.response_url, crate::views::text::LATE_ACCEPT).await;
            return Ok(());
        }
    };
    let Some(ask) = asks::get(&state.db, ask_id).await? else {
        return Ok(());
    };
    let mentor = click.user_id;
    if let Some(job_id) = intro_job {
        super::intro::introduce_now(state, job_id).await?;
    }
    // The intro told the mentor the asker has left: say nothing else to either.
    if super::people::has_left(state, &ask.asker_id).await {
        if let Some(own) = own_offer {
            update(
                state,
                ask_card::offer_closed(&ask, OfferEnd::AskerLeft, &own),
            )
            .await;
        }
        return Ok(());
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
    let help = mentors::get(&state.db, click.team_id, mentor)
        .await?
        .map(|p| p.help_text)
        .unwrap_or_default();
    post(state, mentee::accepted(&ask, mentor, &help, filled)).await;
    if filled {
        super::digest::refresh_for_ask(state, ask_id).await?;
    }
    let others: Vec<&str> = superseded.iter().map(|o| o.mentor_id.as_str()).collect();
    super::home::refresh(
        state,
        click.team_id,
        &[&[ask.asker_id.as_str()], &others[..]].concat(),
    )
    .await;
    Ok(())
}

/// A decline with its reason; `note` is the mentor's words ("Other…").
pub async fn decline(
    state: &AppState,
    ask_id: i64,
    click: Click<'_>,
    reason: DeclineReason,
    note: Option<&str>,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let outcome = transitions::decline(&state.db, ask_id, click.user_id, reason, note, now).await?;
    match outcome {
        DeclineOutcome::Declined {
            message,
            still_open,
        } => {
            if reason == DeclineReason::PauseWeek {
                pause_for_a_week(state, &click).await?;
            }
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
        DeclineOutcome::Refused(refusal) => {
            reply(
                state,
                click.response_url,
                &replies::decline_refused(refusal),
            )
            .await;
        }
    }
    Ok(())
}

/// "Decline and pause me for a week": the pause, and a word saying until when
/// and how to come back sooner.
async fn pause_for_a_week(state: &AppState, click: &Click<'_>) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let until = now + chrono::Duration::days(PAUSE_WEEK_DAYS);
    mentors::set_pause(&state.db, click.team_id, click.user_id, Some(until), now).await?;
    reply(
        state,
        click.response_url,
        &replies::paused_for_a_week(until),
    )
    .await;
    Ok(())
}

pub async fn cancel(state: &AppState, ask_id: i64, click: Click<'_>) -> Result<(), sqlx::Error> {
    let outcome = transitions::cancel(
        &state.db,
        ask_id,
        click.team_id,
        click.user_id,
        state.clock.now(),
    )
    .await?;
    match outcome {
        CloseOutcome::Closed { withdrawn } => {
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
            super::digest::refresh_for_ask(state, ask_id).await?;
            reply(state, click.response_url, &replies::cancelled(&ask.topic)).await;
            let mentors: Vec<&str> = withdrawn.iter().map(|o| o.mentor_id.as_str()).collect();
            super::home::refresh(state, click.team_id, &mentors).await;
        }
        CloseOutcome::Refused(refusal) => {
            reply(state, click.response_url, &replies::cancel_refused(refusal)).await
        }
        CloseOutcome::NotFound => reply(state, click.response_url, replies::ASK_NOT_FOUND).await,
    }
    Ok(())
}

pub async fn mark_done(
    state: &AppState,
    ask_id: i64,
    mentor_id: &str,
    click: Click<'_>,
) -> Result<(), sqlx::Error> {
    let outcome = transitions::mark_done(
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
        DoneOutcome::Refused(refusal) => {
            reply(state, click.response_url, replies::done_refused(refusal)).await
        }
    }
    Ok(())
}
