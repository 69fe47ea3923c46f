//! Answers to "Did your session happen?".

use crate::app::AppState;
use crate::core::ladder::MAX_FOLLOWUP_ROUNDS;
use crate::flows::{reply, update};
use crate::jobs::{engine, Job};
use crate::store::asks;
use crate::store::outcomes::{self, Happened};
use crate::views::followup;

/// Where the prompt message lives (the click's container).
pub struct Prompt<'a> {
    pub team_id: &'a str,
    pub user_id: &'a str,
    pub channel: Option<&'a str>,
    pub ts: Option<&'a str>,
    pub response_url: Option<&'a str>,
    pub trigger_id: &'a str,
}

async fn is_asker(state: &AppState, ask_id: i64, user: &str) -> Result<bool, sqlx::Error> {
    Ok(asks::get(&state.db, ask_id)
        .await?
        .is_some_and(|a| a.asker_id == user))
}

/// Only the asker answers a follow-up; anyone else is told so.
async fn asker_only(state: &AppState, ask_id: i64, p: &Prompt<'_>) -> Result<bool, sqlx::Error> {
    let ok = is_asker(state, ask_id, p.user_id).await?;
    if !ok {
        reply(
            state,
            p.response_url,
            "Only the person who asked can answer this.",
        )
        .await;
    }
    Ok(ok)
}

/// The prompt rewritten with the answer (no buttons, or a Re-open button).
fn rewrite(p: &Prompt<'_>, text: &str, reopen: Option<&str>) -> Option<serde_json::Value> {
    Some(followup::answered(p.channel?, p.ts?, text, reopen))
}

pub async fn yes(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    p: Prompt<'_>,
) -> Result<(), sqlx::Error> {
    if !asker_only(state, ask_id, &p).await? {
        return Ok(());
    }
    outcomes::record(
        &state.db,
        p.team_id,
        ask_id,
        mentor,
        Happened::Yes,
        None,
        None,
        state.clock.now(),
    )
    .await?;
    let metadata = format!(
        "{ask_id}:{mentor}:{}:{}",
        p.channel.unwrap_or(""),
        p.ts.unwrap_or("")
    );
    if let Err(e) = state
        .slack
        .open_view(p.trigger_id, followup::rating_modal(&metadata))
        .await
    {
        tracing::warn!(error = %e, "could not open the rating modal");
    }
    update(
        state,
        rewrite(
            &p,
            &format!("Great — glad the session with <@{mentor}> happened."),
            None,
        ),
    )
    .await;
    Ok(())
}

pub async fn not_yet(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    round: u8,
    p: Prompt<'_>,
) -> Result<(), sqlx::Error> {
    if !asker_only(state, ask_id, &p).await? {
        return Ok(());
    }
    let now = state.clock.now();
    outcomes::record(
        &state.db,
        p.team_id,
        ask_id,
        mentor,
        Happened::NotYet,
        None,
        None,
        now,
    )
    .await?;
    let text = if round < MAX_FOLLOWUP_ROUNDS {
        let job = Job::FollowUp {
            ask_id,
            mentor_id: mentor.to_owned(),
            round: round + 1,
        };
        engine::schedule(
            state,
            &job.at(p.team_id, now + state.settings.timings.followup_after),
        )
        .await?;
        "No problem — I'll check in once more later."
    } else {
        "No problem — I won't ask again. Mark it done from the intro when it happens."
    };
    update(state, rewrite(&p, text, None)).await;
    Ok(())
}

pub async fn didnt_happen(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    p: Prompt<'_>,
) -> Result<(), sqlx::Error> {
    if !asker_only(state, ask_id, &p).await? {
        return Ok(());
    }
    outcomes::record(
        &state.db,
        p.team_id,
        ask_id,
        mentor,
        Happened::No,
        None,
        None,
        state.clock.now(),
    )
    .await?;
    let value = format!("{ask_id}:{mentor}");
    let text = "Sorry it didn't work out. Want me to offer your ask to other mentors?";
    update(state, rewrite(&p, text, Some(&value))).await;
    Ok(())
}

pub async fn reopen(
    state: &AppState,
    ask_id: i64,
    mentor: &str,
    p: Prompt<'_>,
) -> Result<(), sqlx::Error> {
    if !asks::reopen(&state.db, ask_id, p.user_id, mentor, state.clock.now()).await? {
        reply(
            state,
            p.response_url,
            "This ask can't be re-opened any more.",
        )
        .await;
        return Ok(());
    }
    update(
        state,
        rewrite(
            &p,
            "Re-opened — I'm offering your ask to other mentors.",
            None,
        ),
    )
    .await;
    super::route::route_ask(state, ask_id, true).await?;
    Ok(())
}

/// The rating modal was submitted.
pub async fn rated(
    state: &AppState,
    team_id: &str,
    user: &str,
    metadata: &str,
    rating: Option<i16>,
    note: &str,
) -> Result<(), sqlx::Error> {
    let mut parts = metadata.splitn(4, ':');
    let (Some(ask_id), Some(mentor)) = (
        parts.next().and_then(|a| a.parse::<i64>().ok()),
        parts.next(),
    ) else {
        return Ok(());
    };
    if !is_asker(state, ask_id, user).await? {
        return Ok(());
    }
    let note = Some(note.trim()).filter(|n| !n.is_empty());
    outcomes::record(
        &state.db,
        team_id,
        ask_id,
        mentor,
        Happened::Yes,
        rating,
        note,
        state.clock.now(),
    )
    .await?;
    let (channel, ts) = (
        parts.next().filter(|c| !c.is_empty()),
        parts.next().filter(|t| !t.is_empty()),
    );
    if let (Some(channel), Some(ts)) = (channel, ts) {
        let text = format!("Thanks for the feedback on your session with <@{mentor}>!");
        update(state, Some(followup::answered(channel, ts, &text, None))).await;
    }
    Ok(())
}
