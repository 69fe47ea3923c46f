//! The ask modal was submitted: validate, store the ask and its skills in one
//! transaction, close the modal, then route after the ack.

use serde_json::{json, Map, Value};

use super::{in_time, Ack};
use crate::app::AppState;
use crate::core::ask::{self, AskErrors, AskField, AskForm, NewAsk};
use crate::core::ladder::ladder;
use crate::jobs::{engine, Job};
use crate::slack::payloads::{ViewState, ViewSubmission};
use crate::store::asks;
use crate::views::ids::{self, ask as id};
use crate::views::text;

pub async fn submitted(state: &AppState, submission: ViewSubmission) -> Ack {
    let (team, user) = (submission.team.id.clone(), submission.user.id.clone());
    let now = state.clock.now();
    let new_ask = match ask::validate(&read_form(&submission.view.state), now) {
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
                let Ok(_permit) = st.routing_permits.try_acquire() else {
                    st.jobs_wakeup.notify_one();
                    return;
                };
                if let Err(e) = engine::run_now(&st, route_job, "ack").await {
                    tracing::warn!(error = %e, "routing will be picked up by the job worker");
                }
            });
            Ack::Empty
        }
        Ok(None) => errors_ack(&AskErrors::from([(
            AskField::Skills,
            "One of these skills is no longer in the list; choose again.".to_owned(),
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
            ladder(now, &timings)
                .into_iter()
                .map(|(rung, at)| Job::Ladder { ask_id, rung }.at(team, at)),
        );
        jobs
    };
    let created = asks::create(&state.db, team, user, new_ask, jobs_for, now).await?;
    // The routing job is the first one built.
    Ok(created.and_then(|(_, job_ids)| job_ids.first().copied()))
}

fn read_form(state: &ViewState) -> AskForm {
    let value = |block| state.get(block, block);
    let text = |block| {
        value(block)
            .and_then(|v| v.value.clone())
            .unwrap_or_default()
    };
    let single = |block| {
        value(block)
            .and_then(|v| v.selected_option.as_ref())
            .map(|o| o.value.clone())
    };
    let multi = |block| -> Vec<String> {
        value(block)
            .and_then(|v| v.selected_options.as_ref())
            .map(|o| o.iter().map(|o| o.value.clone()).collect())
            .unwrap_or_default()
    };
    AskForm {
        topic: text(id::TOPIC),
        details: text(id::DETAILS),
        skills: multi(id::SKILLS),
        time_box: single(id::TIME_BOX),
        format: single(id::FORMAT),
        perspectives: single(id::PERSPECTIVES),
        in_digest: multi(id::IN_DIGEST).iter().any(|v| v == "yes"),
        needed_by: value(id::NEEDED_BY).and_then(|v| v.selected_date.clone()),
    }
}

fn errors_ack(errors: &AskErrors) -> Ack {
    let map: Map<String, Value> = errors
        .iter()
        .map(|(field, message)| {
            (
                ids::ask_block(*field).to_owned(),
                Value::from(message.as_str()),
            )
        })
        .collect();
    Ack::Json(json!({ "response_action": "errors", "errors": map }))
}
