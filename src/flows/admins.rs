//! Whether someone is a programme owner (`core::admins`): listed in
//! `ADMIN_USERS`, a Slack workspace admin or owner (`users.info`, cached with
//! the person's presence), or in the `ADMIN_USERGROUP` user group (its members
//! cached for a few minutes). When Slack cannot be asked, the answer is no:
//! organisation-wide figures are never shown by mistake.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::core::admins::{self, AdminFacts};
use crate::state::AppState;

/// How long the user group's member list is trusted.
const GROUP_FOR: Duration = Duration::from_secs(600);

pub async fn is_admin(state: &AppState, user: &str) -> bool {
    let listed = state.settings.admins.users.iter().any(|u| u == user);
    if listed {
        return true;
    }
    let slack_admin = super::people::presence(state, user).await.slack_admin;
    let in_group = match slack_admin {
        true => false,
        false => in_admin_group(state, user).await,
    };
    admins::is_admin(AdminFacts {
        listed,
        slack_admin,
        in_group,
    })
}

async fn in_admin_group(state: &AppState, user: &str) -> bool {
    let Some(group) = state.settings.admins.usergroup.as_deref() else {
        return false;
    };
    let mut cached = state.admin_group.lock().await;
    if let Some((members, at)) = cached.as_ref() {
        if at.elapsed() < GROUP_FOR {
            return members.contains(user);
        }
    }
    match state.slack.usergroup_members(group).await {
        Ok(members) => {
            let members: HashSet<String> = members.into_iter().collect();
            let answer = members.contains(user);
            *cached = Some((members, Instant::now()));
            answer
        }
        Err(e) => {
            tracing::warn!(error = %e, "could not read ADMIN_USERGROUP's members");
            false
        }
    }
}
