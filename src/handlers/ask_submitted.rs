//! The ask modal was submitted: validate, store the ask and its skills in one
//! transaction, close the modal, then route after the ack.

use serde_json::{json, Map, Value};

use super::{in_time, Ack};
use crate::app::AppState;
use crate::core::ask::{self, AskErrors, AskField, AskForm};
use crate::flows::route::route_ask;
use crate::slack::payloads::{ViewState, ViewSubmission};
use crate::store::{asks, skills};
use crate::views::ids::{self, ask as id};
use crate::views::text;

pub async fn submitted(state: &AppState, submission: ViewSubmission) -> Ack {
    let (team, user) = (submission.team.id.clone(), submission.user.id.clone());
    let now = state.clock.now();
    let new_ask = match ask::validate(&read_form(&submission.view.state), now) {
        Ok(a) => a,
        Err(errors) => return errors_ack(&errors),
    };
    let stored = in_time(async {
        let known = skills::existing(&state.db, &team, &new_ask.skills).await?;
        if known.len() != new_ask.skills.len() {
            return Ok(None);
        }
        asks::insert(&state.db, &team, &user, &new_ask, now)
            .await
            .map(Some)
    })
    .await;
    match stored {
        Ok(Some(ask_id)) => {
            let st = state.clone();
            state.spawn(async move {
                if let Err(e) = route_ask(&st, ask_id, true).await {
                    tracing::error!(error = %e, ask_id, "routing failed; the ask stays open");
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
