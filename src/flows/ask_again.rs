//! "No time now" is "not today": an ask that nobody else can take goes once more
//! to those who said it (`core::routing::ask_again`), when their rest is over and
//! their working day has started. Runs at the end of a routing pass that found
//! nobody; when a rest or a working day is what it waits for, `Job::AskAgain`
//! runs a routing pass then (someone new may take it by that time).

use crate::core::ask::Ask;
use crate::core::routing::{
    ask_again as again_set, ask_again_at, offers_to_make, route, AskForRouting,
};
use crate::queue::{self, Job};
use crate::state::AppState;
use crate::store::offers;
use std::collections::HashSet;

use super::route::{one_row, related_candidates_for, routing_for, send, Offer};

/// Puts the open `ask` — offered to `already`, none of it pending: the routing
/// pass that calls this has just read both — again to those who may be asked
/// again and can take it now; returns how many were. When none can yet — still
/// resting after their "no time", or off work — it comes back when the first of
/// them can.
pub(super) async fn ask_again(
    state: &AppState,
    ask: &Ask,
    already: &HashSet<String>,
) -> Result<usize, sqlx::Error> {
    let now = state.clock.now();
    let ask_id = ask.id;
    let said = offers::said_no_time(&state.db, ask_id).await?;
    let Some(already) = again_set(already, &said, 0) else {
        return Ok(0);
    };
    let skills = ask.slugs();
    let ask_for = routing_for(state, ask, &skills, None);
    let mut rows = Vec::new();
    let mut related = None;
    for mentor in said.iter().filter(|s| !s.asked_again) {
        let mut row = one_row(state, ask, &ask_for, &mentor.mentor_id).await?;
        if row.is_empty() {
            // Offered through a related skill when the net widened.
            if related.is_none() {
                related = Some(related_candidates_for(state, ask).await?);
            }
            let others = related.as_deref().unwrap_or_default();
            row.extend(
                others
                    .iter()
                    .filter(|c| c.user_id == mentor.mentor_id)
                    .cloned(),
            );
        }
        rows.extend(row);
    }
    let for_routing = AskForRouting {
        asker_id: &ask.asker_id,
        already_offered: &already,
        first: None,
    };
    let decision = route(&rows, &for_routing, now, rows.len());
    let per_ask = state.settings.mentors_per_ask as usize;
    let ranked: Vec<_> = decision
        .offer
        .iter()
        .filter_map(|m| rows.iter().find(|c| &c.user_id == m).map(|c| c.answers))
        .collect();
    let wanted = offers_to_make(per_ask, &[], None, &ranked);
    let mut asked = 0;
    for mentor in &decision.offer {
        if asked >= wanted {
            break;
        }
        let ignore = rows.iter().any(|c| &c.user_id == mentor && c.ignore_status);
        if send(state, ask, mentor, ignore, Offer::Again).await? {
            asked += 1;
        }
    }
    if asked == 0 {
        if let Some(at) = ask_again_at(&decision, &rows, now) {
            queue::schedule(state, &Job::AskAgain { ask_id }.at(&ask.team_id, at)).await?;
        }
    }
    tracing::info!(ask_id, asked, "asked again after \"no time now\"");
    Ok(asked)
}
