//! Offering an ask to the best available mentors, keeping `MENTORS_PER_ASK`
//! offers out while candidates remain.

use crate::core::acceptance::Answers;
use crate::core::ask::Ask;
use crate::core::ladder::{ladder, Rung};
use crate::core::lifecycle::{decide_widen, AskFacts};
use crate::core::routing::{
    may_deliver_held, offers_to_make, reaches_related, related_to_ask, route, skill_gaps,
    slots_to_fill, widen, AskForRouting, Candidate, Gap,
};
use crate::core::skills::SkillSlug;
use crate::flows::post;
use crate::flows::ranked::Ranked;
use crate::queue::{self, Job, JobError};
use crate::state::AppState;
use crate::store::mentors::Page;
use crate::store::{asks, mentors, offers, skills as vocabulary};
use crate::views::{ask_card, mentee};

/// Runs an ask's routing job right away if no worker has taken it yet, and
/// records the outcome like the worker would. `Ok(false)` when it was taken.
pub async fn route_now(state: &AppState, job_id: i64, worker: &str) -> Result<bool, sqlx::Error> {
    queue::run_now(state, job_id, worker, |job| async move {
        match job {
            Job::RouteAsk { ask_id } => route_ask(state, ask_id, true).await.map_err(Into::into),
            _ => Err(JobError::Permanent(format!(
                "job {job_id} is not a routing job"
            ))),
        }
    })
    .await
}

/// Tops up the ask's pending offers to `MENTORS_PER_ASK`. With `tell_mentee`,
/// DMs the asker who it went to (or honestly why nobody yet).
pub async fn route_ask(
    state: &AppState,
    ask_id: i64,
    tell_mentee: bool,
) -> Result<(), sqlx::Error> {
    route_ask_with(state, ask_id, tell_mentee, None)
        .await
        .map(drop)
}

/// Like [`route_ask`]; `extra` offers that many more regardless of pending ones
/// (widening the net, at the reminder): this pass, and the top-ups after the
/// reminder, also reach mentors of the ask's related skills, after those with
/// its own (`core::routing::widen`, `reaches_related`).
/// Returns how many mentors were offered it in this pass.
pub async fn route_ask_with(
    state: &AppState,
    ask_id: i64,
    tell_mentee: bool,
    extra: Option<usize>,
) -> Result<usize, sqlx::Error> {
    let now = state.clock.now();
    let Some(ask) = asks::get_open(&state.db, ask_id).await? else {
        return Ok(0);
    };
    let (already, pending) = offers::offered(&state.db, ask_id).await?;
    let per_ask = state.settings.mentors_per_ask as usize;
    let skills = ask.slugs();
    let ask_for = routing_for(state, &ask, &skills, ask.first_mentor.as_deref());
    let mut for_routing = AskForRouting {
        asker_id: &ask.asker_id,
        already_offered: &already,
        first: ask.first_mentor.as_deref(),
    };
    // The widening pass, and every pass after the reminder, also looks at
    // mentors of related skills.
    let widened_at = ladder(ask.created_at, ask.needed_by, &state.settings.timings)
        .into_iter()
        .find(|(rung, _)| *rung == Rung::NudgeAndWiden)
        .map(|(_, at)| at);
    let with_related = reaches_related(extra.is_some(), widened_at, now);
    let related = match with_related {
        true => related_candidates_for(state, &ask).await?,
        false => Vec::new(),
    };
    // The asker's first choice may be anywhere in the ranking: their row alone
    // decides whether the ask goes to them alone (`route` looks at nobody else then).
    let mut first_pass = None;
    if let (Some(first), true) = (for_routing.first, already.is_empty()) {
        let row = one_row(state, &ask, &ask_for, first).await?;
        let decision = route(&row, &for_routing, now, 1);
        if decision.first_alone {
            // If their DM cannot go (away, left), the ask is routed as usual in
            // this same pass.
            let first_reached = match decision.offer.first() {
                Some(first) => send_offer(state, &ask, first, ignores_status(&row, first)).await?,
                None => true, // held for their working hours
            };
            if first_reached {
                first_pass = Some((decision, row));
            }
        }
        for_routing.first = None;
    }

    // The ask's own candidates, best first, a page at a time (`flows::ranked`):
    // the pass reads further only when what it read cannot settle its answer.
    let mut own = Ranked::new(&ask.team_id, &skills, ask_for);
    let decide = |own: &Ranked<'_>| match with_related {
        true => widen(own.rows(), &related, &for_routing, now),
        false => route(own.rows(), &for_routing, now, own.rows().len()),
    };
    // Rows besides the ask's own read so far: related skills' mentors, mentors
    // already holding an offer (read singly), the first choice's row.
    let (mut decision, extras, wanted) = match first_pass {
        Some((decision, row)) => (decision, row, 1),
        None => {
            own.more(&state.db, now).await?;
            // Widening offers related mentors only after all of the ask's own.
            // Otherwise the offers read so far are the first of the offers over
            // everyone; `wanted` needs the first `room` of them.
            let room = slots_to_fill(per_ask, pending.len(), extra);
            let mut decision = decide(&own);
            while !own.exhausted() && (with_related || decision.offer.len() < room) {
                own.more(&state.db, now).await?;
                decision = decide(&own);
            }
            let mut extras = related.clone();
            // Mentors already holding an offer count with their own answers.
            for mentor in &pending {
                if row_of(own.rows(), &extras, mentor).is_none() {
                    extras.extend(one_row(state, &ask, &ask_for, mentor).await?);
                }
            }
            let answers_of = |m: &str| {
                row_of(own.rows(), &extras, m).map_or_else(Answers::default, |c| c.answers)
            };
            // As many as make a yes likely (`core::acceptance`), given who already has it.
            let waiting_on: Vec<Answers> = pending.iter().map(|m| answers_of(m)).collect();
            let ranked: Vec<Answers> = decision
                .offer
                .iter()
                .chain(decision.waiting.iter().map(|(m, _)| m))
                .take(room)
                .map(|m| answers_of(m))
                .collect();
            let wanted = offers_to_make(per_ask, &waiting_on, extra, &ranked);
            (decision, extras, wanted)
        }
    };

    let mut offered = Vec::new();
    if decision.first_alone {
        // The first choice's DM already went above (or it is held).
        offered.extend(decision.offer.iter().cloned());
    } else {
        // A DM that fails for one mentor moves on to the next in the same pass,
        // reading further down the ranking when those read so far run out.
        let mut tried = 0;
        loop {
            for mentor in decision.offer.iter().skip(tried) {
                if offered.len() >= wanted {
                    break;
                }
                tried += 1;
                let ignore = row_of(own.rows(), &extras, mentor).is_some_and(|c| c.ignore_status);
                if send_offer(state, &ask, mentor, ignore).await? {
                    offered.push(mentor.clone());
                }
            }
            if offered.len() >= wanted || own.exhausted() {
                break;
            }
            own.more(&state.db, now).await?;
            decision = decide(&own);
        }
    }
    // Mentors off work get the offer when their day starts, while slots remain;
    // those held are the first off work in the whole ranking.
    let held = wanted.saturating_sub(offered.len());
    if !decision.first_alone && held > decision.waiting.len() {
        while !own.exhausted() {
            own.more(&state.db, now).await?;
        }
        decision = decide(&own);
    }
    for (mentor, at) in decision.waiting.iter().take(held) {
        let job = Job::DeliverOffer {
            ask_id,
            mentor_id: mentor.clone(),
        };
        queue::schedule(state, &job.at(&ask.team_id, *at)).await?;
    }
    // "Off work, they'll see it when their day starts" is only true of the
    // mentors actually held for their morning; other off-hours skills are gaps.
    let held_ids: Vec<&String> = decision.waiting.iter().take(held).map(|(m, _)| m).collect();
    let candidates = own.for_gaps(&state.db, &ask.asker_id, now).await?;
    let gaps: Vec<(SkillSlug, Gap)> = skill_gaps(&skills, &candidates, &ask.asker_id, now)
        .into_iter()
        .map(|(skill, gap)| {
            let held_for_it = candidates
                .iter()
                .any(|c| c.overlap.contains(&skill) && held_ids.contains(&&c.user_id));
            match gap {
                Gap::OffHours { .. } if !held_for_it => (skill, Gap::AllBusy),
                other => (skill, other),
            }
        })
        .collect();
    let unmet: Vec<_> = gaps
        .iter()
        .filter(|(_, g)| g.is_unmet())
        .map(|(s, _)| s.clone())
        .collect();
    if !unmet.is_empty() {
        asks::record_unmet(&state.db, ask_id, &ask.team_id, &unmet, now).await?;
    }
    if tell_mentee {
        // How many, never who: names would show who declined or ignored it.
        let labelled: Vec<(String, Gap)> = gaps
            .iter()
            .filter_map(|(slug, gap)| {
                let label = ask.skills.iter().find(|s| &s.slug == slug)?.label.clone();
                Some((label, *gap))
            })
            .collect();
        let waiting = held_ids.len();
        let since = now - chrono::Duration::days(crate::core::estimate::HISTORY_DAYS);
        let history = asks::match_history(&state.db, &ask.team_id, &skills, since).await?;
        let usual = crate::core::estimate::usual_wait(&history);
        post(
            state,
            mentee::routed(&ask, offered.len(), &labelled, waiting, usual),
        )
        .await;
    }
    tracing::info!(
        ask_id,
        offered = offered.len(),
        unmet = unmet.len(),
        "routed ask"
    );
    // Nobody new, nothing pending, nobody held for their morning: those who had
    // no time for it may be asked again (`core::routing::ask_again`). Not counted
    // as offered: nobody *more* has it ("Widen now", the widening rung say so).
    if offered.is_empty() && pending.is_empty() && held_ids.is_empty() && !decision.first_alone {
        super::ask_again::ask_again(state, &ask, &already).await?;
    }
    Ok(offered.len())
}

/// A held offer's time has come: send it if the ask is still open, the mentor
/// still may take it, and a slot is free.
pub async fn deliver_held_offer(
    state: &AppState,
    ask_id: i64,
    mentor_id: &str,
) -> Result<(), JobError> {
    let now = state.clock.now();
    let Some(ask) = asks::get_open(&state.db, ask_id).await? else {
        return Ok(());
    };
    let (already, pending) = offers::offered(&state.db, ask_id).await?;
    let per_ask = state.settings.mentors_per_ask as usize;
    if !may_deliver_held(already.contains(mentor_id), pending.len(), per_ask) {
        return Ok(());
    }
    let own = ask.slugs();
    let ask_for = routing_for(state, &ask, &own, ask.first_mentor.as_deref());
    let mut only = one_row(state, &ask, &ask_for, mentor_id).await?;
    if only.is_empty() {
        // Held by the widening pass for a related skill.
        only = related_candidates_for(state, &ask)
            .await?
            .into_iter()
            .filter(|c| c.user_id == mentor_id)
            .collect();
    }
    let decision = route(
        &only,
        &AskForRouting {
            asker_id: &ask.asker_id,
            already_offered: &already,
            first: ask.first_mentor.as_deref(),
        },
        now,
        1,
    );
    if decision.offer.iter().any(|m| m == mentor_id) {
        send_offer(state, &ask, mentor_id, ignores_status(&only, mentor_id)).await?;
    }
    Ok(())
}

/// Who routing is for: the asker, the ask's own skills (for the learned
/// answers), their first choice (if any) and the pair-rotation window.
pub(super) fn routing_for<'a>(
    state: &AppState,
    ask: &'a Ask,
    own: &'a [SkillSlug],
    first: Option<&'a str>,
) -> mentors::RoutingFor<'a> {
    let weeks = i64::from(state.settings.pair_rotation_weeks);
    mentors::RoutingFor {
        asker_id: &ask.asker_id,
        ask_skills: own,
        first,
        // 0 weeks: no session is recent enough to count.
        pair_since: state.clock.now() - chrono::Duration::weeks(weeks),
    }
}

/// One mentor's row exactly as in the ask's full candidate list (none if they
/// are not a candidate).
pub(super) async fn one_row(
    state: &AppState,
    ask: &Ask,
    ask_for: &mentors::RoutingFor<'_>,
    mentor: &str,
) -> Result<Vec<Candidate>, sqlx::Error> {
    let page = Page {
        only: Some(mentor),
        ..Page::default()
    };
    let now = state.clock.now();
    Ok(mentors::ranked(
        &state.db,
        &ask.team_id,
        ask_for.ask_skills,
        ask_for,
        now,
        page,
    )
    .await?
    .0)
}

/// A mentor's row among the ask's own read so far, or the others read.
fn row_of<'c>(
    own: &'c [Candidate],
    extras: &'c [Candidate],
    mentor: &str,
) -> Option<&'c Candidate> {
    own.iter().chain(extras).find(|c| c.user_id == mentor)
}

/// "Offer me asks even when my Slack status says I'm away", from their row.
fn ignores_status(rows: &[Candidate], mentor: &str) -> bool {
    row_of(rows, &[], mentor).is_some_and(|c| c.ignore_status)
}

/// Mentors of the ask's related skills (`core::routing::related_to_ask`), as
/// routing sees them; only the widening pass offers to them.
pub(super) async fn related_candidates_for(
    state: &AppState,
    ask: &Ask,
) -> Result<Vec<Candidate>, sqlx::Error> {
    let own = ask.slugs();
    let relations = vocabulary::relations_of(&state.db, &ask.team_id, &own).await?;
    let related = related_to_ask(&own, &relations);
    if related.is_empty() {
        return Ok(Vec::new());
    }
    let now = state.clock.now();
    // The asker's first choice is theirs alone on the first pass, never here.
    let ask_for = routing_for(state, ask, &own, None);
    mentors::candidates(&state.db, &ask.team_id, &related, &ask_for, now).await
}

/// Records the offer, then DMs it. The row comes first so two passes can never
/// offer the same ask to the same mentor twice; if Slack refuses the DM, the row
/// is removed so a later pass can try again.
async fn send_offer(
    state: &AppState,
    ask: &Ask,
    mentor: &str,
    ignore_status: bool,
) -> Result<bool, sqlx::Error> {
    send(state, ask, mentor, ignore_status, Offer::First).await
}

/// Whether an offer is a first one or a "no time now" put again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Offer {
    First,
    /// `core::routing::ask_again`: the declined offer row is reopened instead of
    /// a new one recorded, and put back if the DM cannot go.
    Again,
}

pub(super) async fn send(
    state: &AppState,
    ask: &Ask,
    mentor: &str,
    ignore_status: bool,
    kind: Offer,
) -> Result<bool, sqlx::Error> {
    // Someone deactivated is taken off the list instead (the pass moves on), and
    // their other pending offers free their slots for the next passes.
    let presence = super::people::presence(state, mentor).await;
    // A Slack status that says away (holiday, travel, sick) keeps offers away
    // until it expires or changes, unless the mentor chose to ignore it; the
    // pass moves on to the next mentor.
    if !presence.left && presence.keeps_offers_away(state.clock.now(), ignore_status) {
        tracing::info!(
            ask_id = ask.id,
            "mentor's Slack status says away; not offered"
        );
        return Ok(false);
    }
    if presence.left {
        let now = state.clock.now();
        crate::store::mentors::set_opted_in(&state.db, &ask.team_id, mentor, false, now).await?;
        offers::release_pending_of(&state.db, &ask.team_id, mentor, now).await?;
        return Ok(false);
    }
    let now = state.clock.now();
    let (offer_id, reopened) = match kind {
        Offer::First => {
            match offers::insert_offer(&state.db, ask.id, &ask.team_id, mentor, now).await? {
                Some(id) => (id, None),
                None => return Ok(false),
            }
        }
        Offer::Again => {
            match offers::reopen_no_time(&state.db, ask.id, &ask.team_id, mentor, now).await? {
                Some(was) => (was.offer_id, Some(was)),
                None => return Ok(false),
            }
        }
    };
    let sent = async {
        let channel = state.slack.open_conversation(&[mentor]).await?;
        let mut message = match kind {
            Offer::First => ask_card::offer(ask),
            Offer::Again => ask_card::offer_again(ask),
        };
        message["channel"] = channel.clone().into();
        state.slack.post_message(&message).await
    }
    .await;
    match sent {
        Ok(posted) => {
            offers::set_offer_message(&state.db, offer_id, &posted.channel, &posted.ts).await?;
            super::home::refresh(state, &ask.team_id, &[mentor]).await;
            Ok(true)
        }
        Err(e @ crate::slack::SlackError::OutcomeUnknown { .. }) => {
            // The mentor has probably got it; offering again could double it.
            tracing::warn!(error = %e, ask_id = ask.id, mentor, "offer DM outcome unknown; kept");
            Ok(true)
        }
        Err(e) => {
            tracing::warn!(error = %e, ask_id = ask.id, mentor, "offer DM failed");
            match reopened {
                None => offers::delete_offer(&state.db, offer_id).await?,
                Some(was) => offers::keep_no_time(&state.db, was).await?,
            }
            Ok(false)
        }
    }
}

/// "Widen now" from the asker's Home: offer the ask to `MENTORS_PER_ASK` more
/// mentors at once instead of waiting for the reminder; the asker hears how many
/// (never who), or that nobody else can take it now.
pub async fn widen_now(
    state: &AppState,
    team: &str,
    user: &str,
    ask_id: i64,
) -> Result<(), sqlx::Error> {
    let Some(ask) = asks::get(&state.db, ask_id).await? else {
        return Ok(());
    };
    let facts = AskFacts::from(&ask);
    if ask.team_id != team || decide_widen(&facts, user).is_err() {
        return Ok(());
    }
    let widen = state.settings.mentors_per_ask as usize;
    let more = route_ask_with(state, ask_id, false, Some(widen)).await?;
    let message = match more {
        0 => crate::views::blocks::dm(&ask.asker_id, crate::views::mentee::NOBODY_MORE),
        n => mentee::widened(&ask, n),
    };
    post(state, message).await;
    Ok(())
}
