//! People who leave: a deactivated mentor is never offered an ask and their
//! pending offers move on; an asker who left gets no intro and their open asks
//! are closed; an uninstalled app makes no more Slack calls.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::core::availability::{away_from_status, Presence};
use crate::state::AppState;
use crate::store::{asks, events, mentors, offers, transitions};
use crate::views::ask_card::{self, OfferEnd};

/// How long a `users.info` answer about someone having left is trusted.
const LEFT_FOR: Duration = Duration::from_secs(3600);

/// What Slack says of this person (cached for an hour; `user_change` forgets
/// it). When Slack cannot be asked, they are taken as present and not away: a
/// lookup failure must not stop routing.
pub async fn presence(state: &AppState, user: &str) -> Presence {
    if let Some((p, at)) = state
        .people
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(user)
    {
        if at.elapsed() < LEFT_FOR {
            return *p;
        }
    }
    match state.slack.user_info(user).await {
        Ok(info) => {
            let p = Presence {
                left: info.deleted,
                slack_admin: info.is_admin || info.is_owner,
                away: away_from_status(
                    &info.status_emoji,
                    &info.status_text,
                    info.status_expiration,
                    state.clock.now(),
                ),
            };
            remember(state, user, p);
            p
        }
        Err(e) => {
            tracing::warn!(error = %e, "users.info failed; taking the person as present");
            Presence::default()
        }
    }
}

/// Whether Slack says this person was deactivated (cached).
pub async fn has_left(state: &AppState, user: &str) -> bool {
    presence(state, user).await.left
}

/// Slack told us something changed about this person: ask again next time.
pub fn forget(state: &AppState, user: &str) {
    state
        .people
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(user);
}

fn remember(state: &AppState, user: &str, p: Presence) {
    state
        .people
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(user.to_owned(), (p, Instant::now()));
}

/// Slack says someone was deactivated (`user_change`, or found before an offer):
/// off the mentor list, pending offers declined and their asks routed on, their
/// own open asks cancelled with the mentors told.
pub async fn left(state: &AppState, team_id: &str, user: &str) -> Result<(), sqlx::Error> {
    remember(
        state,
        user,
        Presence {
            left: true,
            ..Presence::default()
        },
    );
    close_everything_of(state, team_id, user).await?;
    tracing::info!(
        team_id,
        "a person left the workspace; their mentoring and asks are closed"
    );
    Ok(())
}

/// Nobody waits on `user` any more: off the mentor list, pending offers
/// declined and their asks routed on, their own open asks cancelled with the
/// mentors told. (Someone leaving; someone erasing their data.)
pub(crate) async fn close_everything_of(
    state: &AppState,
    team_id: &str,
    user: &str,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    mentors::set_opted_in(&state.db, team_id, user, false, now).await?;
    for (ask_id, message) in offers::release_pending_of(&state.db, team_id, user, now).await? {
        if let Some(ask) = asks::get(&state.db, ask_id).await? {
            super::update(
                state,
                ask_card::offer_closed(&ask, OfferEnd::Withdrawn, &message),
            )
            .await;
        }
        super::route::route_ask(state, ask_id, false).await?;
    }
    for ask in asks::open_of(&state.db, team_id, user).await? {
        if let transitions::CloseOutcome::Closed { withdrawn } =
            transitions::cancel(&state.db, ask.id, team_id, user, now).await?
        {
            for offer in &withdrawn {
                super::update(
                    state,
                    ask_card::offer_closed(&ask, OfferEnd::Withdrawn, offer),
                )
                .await;
            }
            super::digest::refresh_for_ask(state, ask.id).await?;
        }
    }
    Ok(())
}

/// The app was uninstalled or its token revoked: record it (for every replica)
/// and stop calling Slack; everything stored is kept.
pub async fn revoked(state: &AppState, team_id: &str) -> Result<(), sqlx::Error> {
    events::record_revoked(&state.db, team_id, state.clock.now()).await?;
    state.revoked.store(true, Ordering::SeqCst);
    tracing::warn!(
        team_id,
        "the app was uninstalled or its token revoked; Slack calls stop"
    );
    Ok(())
}

/// Whether Slack calls must stop, for a batch of jobs: the teams among these
/// that uninstalled the app, in one query.
pub async fn revoked_among(
    state: &AppState,
    team_ids: &[String],
) -> Result<std::collections::HashSet<String>, sqlx::Error> {
    if state.revoked.load(Ordering::SeqCst) {
        return Ok(team_ids.iter().cloned().collect());
    }
    let revoked: std::collections::HashSet<String> = events::revoked_among(&state.db, team_ids)
        .await?
        .into_iter()
        .collect();
    if !revoked.is_empty() {
        state.revoked.store(true, Ordering::SeqCst);
    }
    Ok(revoked)
}

/// This process already knows the app was uninstalled.
pub fn revoked_now(state: &AppState) -> bool {
    state.revoked.load(Ordering::SeqCst)
}
