//! The App Home: built from the store and published for one person, and
//! republished when something it shows changes for someone who has opened it.

use crate::state::AppState;
use crate::store::{asks, exclusions, feedback, home, insights, mentors, offers, office_hours};
use crate::views;

/// Builds and publishes this person's Home (they are looking at it).
pub async fn publish(state: &AppState, team: &str, user: &str) -> anyhow::Result<()> {
    let now = state.clock.now();
    let db = &state.db;
    let profile = mentors::get(db, team, user).await?;
    let open_asks = asks::open_of(db, team, user).await?;
    let past_asks = asks::past_of(db, team, user).await?;
    // Organisation-wide figures are read only for those who may see them.
    let admin = super::admins::is_admin(state, user).await;
    let (insights, admin_digest) = match admin {
        true => {
            let prefs = insights::preferences(db, team, user).await?;
            let figures = super::insights::figures(state, team, prefs.window).await?;
            (figures, prefs.weekly_digest)
        }
        false => Default::default(),
    };
    let never_match = exclusions::list(db, team, user).await?.len();
    let kudos = match &profile {
        Some(_) => feedback::kudos_of(db, team, user).await?,
        None => 0,
    };
    let (offers, sessions, accepted_this_week, away) = match &profile {
        Some(p) => {
            let offers = asks::many(db, &offers::pending_for(db, team, user).await?).await?;
            let sessions =
                asks::many(db, &offers::current_sessions_of(db, team, user).await?).await?;
            let week = mentors::weekly_count(db, team, user).await?;
            let accepted = week.map(|w| w.this_week(now, p.tz)).unwrap_or(0);
            // Asking Slack about a status only matters to someone taking asks.
            let away = match p.opted_in && !p.ignore_status {
                true => super::people::presence(state, user).await.away_until(now),
                false => None,
            };
            (offers, sessions, accepted, away)
        }
        None => Default::default(),
    };
    let hosting =
        office_hours::hosted_upcoming(db, team, user, now, views::office_hours::MAX_ON_HOME as i64)
            .await?;
    let mut view = views::home::build(&views::home::Home {
        user_id: user,
        profile: profile.as_ref(),
        accepted_this_week,
        kudos,
        away,
        offers: &offers,
        sessions: &sessions,
        open_asks: &open_asks,
        past_asks: &past_asks,
        never_match,
        admin,
        insights: &insights,
        admin_digest,
        now,
    });
    if admin {
        views::charts::add_to_home(
            &mut view,
            super::charts::home_blocks(state, team, user).await,
        );
    }
    views::office_hours::add_to_home(&mut view, &hosting);
    views::skill_curation::add_to_home(&mut view, admin);
    state.slack.publish_home(user, view).await?;
    Ok(())
}

/// Opened the Home tab: remembered (so it is kept up to date), then published.
pub async fn opened(state: &AppState, team: &str, user: &str) -> anyhow::Result<()> {
    home::opened(&state.db, team, user, state.clock.now()).await?;
    publish(state, team, user).await
}

/// Something Home shows changed for these people: republish it for those who
/// have opened it. Failures are logged; Home is refreshed again when opened.
pub async fn refresh(state: &AppState, team: &str, users: &[&str]) {
    for user in users {
        match home::seen_by(&state.db, team, user).await {
            Ok(true) => {
                if let Err(e) = publish(state, team, user).await {
                    tracing::warn!(error = %e, "could not refresh App Home");
                }
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "could not check App Home viewers"),
        }
    }
}
