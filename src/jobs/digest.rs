//! Posting a channel digest of open asks, with an "I can help" button on each.

use super::engine::JobContext;
use crate::core::skills::SkillSlug;
use crate::flows::digest::schedule_next;
use crate::queue::JobError;
use crate::slack::SlackError;
use crate::state::AppState;
use crate::store::{asks, digests, jobs, office_hours, skills};
use crate::views::digest::{self, MAX_ITEMS};
use crate::views::office_hours::{self as oh_view, MAX_IN_DIGEST};

/// Errors that mean the bot cannot post there until an admin acts.
const NEEDS_AN_ADMIN: [&str; 4] = [
    "not_in_channel",
    "channel_not_found",
    "is_archived",
    "restricted_action",
];

pub async fn post(
    state: &AppState,
    ctx: &JobContext,
    channel: &str,
    skill: Option<&str>,
) -> Result<(), JobError> {
    let now = state.clock.now();
    // The next one first, so a failure here never ends the series.
    schedule_next(state, &ctx.team_id, channel, skill, now).await?;

    // DIGEST_CHANNELS_BY_SKILL may name another name of a skill (merged or
    // renamed since, or a synonym): that means the skill.
    let skill = match skill {
        Some(named) => {
            let named = [SkillSlug::from_stored(named.to_owned())];
            let found = skills::canonical(&state.db, &ctx.team_id, &named).await?;
            found.into_iter().next().map(|s| s.to_string())
        }
        None => None,
    };
    let skill = skill.as_deref();
    let ids = asks::for_digest(&state.db, &ctx.team_id, skill, 10_000).await?;
    let office_hours =
        office_hours::announced_in(&state.db, &ctx.team_id, channel, now, MAX_IN_DIGEST as i64)
            .await?;
    let shown: Vec<i64> = ids.iter().take(MAX_ITEMS).copied().collect();
    let more = ids.len() - shown.len();
    let mut message = if ids.is_empty() {
        match oh_view::digest_without_asks(&office_hours) {
            Some(message) => message,
            None => return Ok(()),
        }
    } else {
        let listed = asks::many(&state.db, &shown).await?;
        let mut message = digest::build(&listed, more, skill, now);
        oh_view::add_to_digest(&mut message, &office_hours);
        message
    };
    message["channel"] = channel.into();

    let key = format!("digest-post:{}", ctx.id);
    if !jobs::effect_once(&state.db, &ctx.team_id, &key, now).await? {
        return Ok(());
    }
    match state.slack.post_message(&message).await {
        Ok(posted) => {
            digests::record_post(
                &state.db,
                &ctx.team_id,
                channel,
                &posted.ts,
                skill,
                &shown,
                more as i32,
                now,
            )
            .await?;
            digests::clear_failure(&state.db, &ctx.team_id, channel).await?;
            Ok(())
        }
        Err(e) => {
            jobs::forget_effect(&state.db, &key).await?;
            if let SlackError::Api { code, .. } = &e {
                if NEEDS_AN_ADMIN.contains(&code.as_str()) {
                    tracing::error!(
                        channel,
                        %code,
                        "digest not posted: invite the bot to the channel (/invite @micromentor) or fix DIGEST_CHANNEL"
                    );
                    digests::record_failure(&state.db, &ctx.team_id, channel, code, now).await?;
                }
            }
            Err(e.into())
        }
    }
}
