//! The ask modal was submitted: validate, store the ask and its skills in one
//! transaction, close the modal, then route after the ack.

use super::{in_time, Ack};
use crate::core::ask::{self, AskErrors, AskField, AskForm, NewAsk};
use crate::core::ask_limit::Allowance;
use crate::core::ladder::ladder;
use crate::core::lifecycle::EditRefusal;
use crate::queue::Job;
use crate::slack::payloads::{ViewState, ViewSubmission};
use crate::state::AppState;
use crate::store::asks;
use crate::store::transitions::EditOutcome;
use crate::views::ids::{self, ask as id};
use crate::views::{self, replies, text};

pub async fn submitted(state: &AppState, submission: ViewSubmission) -> Ack {
    let (team, user) = (submission.team.id.clone(), submission.user.id.clone());
    // Asking paused after no-shows (it may have begun while the form was open).
    match in_time(crate::flows::no_shows::asking_paused(state, &team, &user)).await {
        Ok(None) => {}
        Ok(Some(_)) => {
            return errors_ack(&AskErrors::from([(
                AskField::Topic,
                views::no_shows::ASKING_PAUSED_FORM.to_owned(),
            )]))
        }
        Err(e) => {
            tracing::error!(error = %e, "could not check for a pause");
            return errors_ack(&AskErrors::from([(
                AskField::Topic,
                text::TRY_AGAIN.to_owned(),
            )]));
        }
    }
    // Over the limit (other asks may have been made while the form was open).
    // Checked within the ack's budget; if that runs out the ask goes through.
    match in_time(crate::flows::ask_limit::of(state, &team, &user)).await {
        Ok(Allowance::Blocked { next_at }) => {
            return errors_ack(&AskErrors::from([(
                AskField::Topic,
                replies::ask_limit_reached_form(next_at),
            )]))
        }
        Ok(_) => {}
        Err(super::PathError::Late) => tracing::warn!("ask limit not checked in time"),
        Err(e) => {
            tracing::error!(error = %e, "could not check the ask limit");
            return errors_ack(&AskErrors::from([(
                AskField::Topic,
                text::TRY_AGAIN.to_owned(),
            )]));
        }
    }
    let now = state.clock.now();
    let new_ask = match ask::validate(&user, &read_form(&submission.view.state), now) {
        Ok(a) => a,
        Err(errors) => return errors_ack(&errors),
    };
    let stored = in_time(store(state, &team, &user, &new_ask)).await;
    match stored {
        Ok(Some(route_job)) => {
            // Route at once; if this process dies first, any worker will. Under
            // load, leave it to the worker so routing never starves the acks.
            let st = state.clone();
            state.spawn(async move {
                match st.routing_permits.try_acquire() {
                    Ok(_permit) => {
                        if let Err(e) = crate::flows::route::route_now(&st, route_job, "ack").await
                        {
                            tracing::warn!(error = %e, "routing will be picked up by the job worker");
                        }
                    }
                    Err(_) => st.jobs_wakeup.notify_one(),
                }
                // The new ask shows on the asker's Home.
                crate::flows::home::refresh(&st, &team, &[&user]).await;
            });
            Ack::Empty
        }
        Ok(None) => errors_ack(&AskErrors::from([(
            AskField::Skills,
            replies::SKILL_GONE.to_owned(),
        )])),
        Err(e) => {
            tracing::error!(error = %e, "could not store an ask");
            errors_ack(&AskErrors::from([(
                AskField::Topic,
                text::TRY_AGAIN.to_owned(),
            )]))
        }
    }
}

/// Stores the ask, its skills, its routing job and its reminder ladder
/// atomically; returns the routing job's id, or `None` if a skill is unknown.
async fn store(
    state: &AppState,
    team: &str,
    user: &str,
    new_ask: &NewAsk,
) -> Result<Option<i64>, sqlx::Error> {
    let now = state.clock.now();
    let timings = state.settings.timings;
    let jobs_for = |ask_id| {
        let mut jobs = vec![Job::RouteAsk { ask_id }.at(team, now)];
        jobs.extend(
            ladder(now, new_ask.needed_by, &timings)
                .into_iter()
                .map(|(rung, at)| Job::Ladder { ask_id, rung }.at(team, at)),
        );
        jobs
    };
    // A form opened before a merge or rename may name a skill by its old name.
    let skills = crate::store::skills::canonical(&state.db, team, &new_ask.skills).await?;
    let new_ask = &NewAsk {
        skills,
        ..new_ask.clone()
    };
    let created = asks::create(&state.db, team, user, new_ask, jobs_for, now).await?;
    // The routing job is the first one built.
    Ok(created.and_then(|(_, job_ids)| job_ids.first().copied()))
}

/// The edit form was submitted: the same checks as a new ask, saved under the
/// ask's lock (`core::lifecycle::decide_edit`), then offers and digests rewritten.
pub async fn edited(state: &AppState, submission: ViewSubmission) -> Ack {
    let (team, user) = (submission.team.id.clone(), submission.user.id.clone());
    let Ok(ask_id) = submission.view.private_metadata.parse::<i64>() else {
        tracing::warn!("ask edit with unreadable metadata ignored");
        return Ack::Empty;
    };
    let now = state.clock.now();
    let edit = match ask::validate(&user, &read_form(&submission.view.state), now) {
        Ok(a) => a,
        Err(errors) => return errors_ack(&errors),
    };
    let saved = crate::store::transitions::edit(&state.db, ask_id, &team, &user, &edit, now);
    match in_time(saved).await {
        Ok(EditOutcome::Edited { pending }) => {
            let st = state.clone();
            state.spawn(async move {
                if let Err(e) = crate::flows::edit::saved(&st, &team, &user, ask_id, &pending).await
                {
                    tracing::warn!(error = %e, "could not show an edited ask everywhere");
                }
            });
            Ack::Empty
        }
        Ok(EditOutcome::Refused(EditRefusal::FewerThanMatched(n))) => errors_ack(&AskErrors::from(
            [(AskField::Perspectives, replies::more_perspectives_than(n))],
        )),
        Ok(EditOutcome::Refused(_)) => errors_ack(&AskErrors::from([(
            AskField::Topic,
            replies::CANNOT_EDIT.to_owned(),
        )])),
        Ok(EditOutcome::NotFound) => errors_ack(&AskErrors::from([(
            AskField::Skills,
            replies::SKILL_GONE.to_owned(),
        )])),
        Err(e) => {
            tracing::error!(error = %e, "could not save an edited ask");
            errors_ack(&AskErrors::from([(
                AskField::Topic,
                text::TRY_AGAIN.to_owned(),
            )]))
        }
    }
}

fn read_form(form: &ViewState) -> AskForm {
    AskForm {
        topic: form.text(id::TOPIC),
        details: form.text(id::DETAILS),
        skills: form.multi(id::SKILLS),
        time_box: form.single(id::TIME_BOX),
        format: form.single(id::FORMAT),
        perspectives: form.single(id::PERSPECTIVES),
        in_digest: form.multi(id::IN_DIGEST).iter().any(|v| v == "yes"),
        needed_by: form.date(id::NEEDED_BY),
        first_mentor: form.user(id::FIRST_MENTOR),
    }
}

fn errors_ack(errors: &AskErrors) -> Ack {
    Ack::Json(replies::modal_errors(errors.iter().map(
        |(field, message)| (ids::ask_block(*field), message.as_str()),
    )))
}
