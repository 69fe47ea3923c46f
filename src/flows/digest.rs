//! Channel digests: scheduling the next one, and rewriting posted ones when an
//! ask they list moves on. Posting a digest is a job (`jobs::digest`).

use chrono::Duration;

use crate::flows::update;
use crate::queue::{self, Job};
use crate::state::AppState;
use crate::store::{asks, digests, office_hours as oh_store};
use crate::views::{digest, office_hours};

/// Schedules the next digest for this channel (a no-op if it exists).
pub async fn schedule_next(
    state: &AppState,
    team_id: &str,
    channel: &str,
    skill: Option<&str>,
    after: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let d = &state.settings.digests;
    if let Some(at) = queue::next_occurrence(&d.schedule, d.timezone, after) {
        let job = Job::Digest {
            channel: channel.to_owned(),
            skill: skill.map(str::to_owned),
        };
        queue::schedule(state, &job.at(team_id, at)).await?;
    }
    Ok(())
}

/// Rewrites recent digests that list this ask, now that it has moved on.
pub async fn refresh_for_ask(state: &AppState, ask_id: i64) -> Result<(), sqlx::Error> {
    let since = state.clock.now() - Duration::days(14);
    for post in digests::listing(&state.db, ask_id, since).await? {
        let listed = asks::many(&state.db, &post.ask_ids).await?;
        let mut message = digest::build(
            &listed,
            post.more as usize,
            post.skill.as_deref(),
            state.clock.now(),
        );
        if let Some(team) = listed.first().map(|a| a.team_id.as_str()) {
            let (now, limit) = (state.clock.now(), office_hours::MAX_IN_DIGEST as i64);
            let upcoming =
                oh_store::announced_in(&state.db, team, &post.channel_id, now, limit).await?;
            office_hours::add_to_digest(&mut message, &upcoming);
        }
        message["channel"] = post.channel_id.clone().into();
        message["ts"] = post.message_ts.clone().into();
        update(state, Some(message)).await;
    }
    Ok(())
}
