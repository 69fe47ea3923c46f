//! Skill curation, for admins: "Curate skills" on Home opens the modal; its
//! submission is checked (`core::skill_curation`), applied in one transaction
//! (`store::skill_curation`) and confirmed by DM. Anyone else is refused.

use std::time::Duration;

use super::{in_time, Ack};
use crate::core::skill_curation::{validate, CurationErrors, CurationField, CurationForm};
use crate::flows;
use crate::slack::payloads::{BlockActions, ViewState, ViewSubmission};
use crate::state::AppState;
use crate::store::skill_curation;
use crate::views::ids::{curate as id, curate_block};
use crate::views::{replies, skill_curation as view, text};

/// How long a submission waits to learn whether its sender is an admin.
const ADMIN_CHECK: Duration = Duration::from_millis(1200);

/// The Home button (after the ack): the modal for an admin, a polite DM for
/// anyone else (the button is only shown to admins).
pub(super) async fn open(state: &AppState, payload: &BlockActions) {
    let user = payload.user.id.as_str();
    if !flows::admins::is_admin(state, user).await {
        tracing::info!("a non-admin asked to curate skills; refused");
        flows::post(state, view::admins_only(user)).await;
        return;
    }
    if let Err(e) = state
        .slack
        .open_view(&payload.trigger_id, view::modal())
        .await
    {
        tracing::warn!(error = %e, "could not open the curation modal");
    }
}

pub async fn submitted(state: &AppState, submission: ViewSubmission) -> Ack {
    let (team, user) = (submission.team.id.clone(), submission.user.id.clone());
    // A submission can be forged: the sender must be an admin now.
    let admin = tokio::time::timeout(ADMIN_CHECK, flows::admins::is_admin(state, &user)).await;
    match admin {
        Ok(true) => {}
        Ok(false) => return errors_ack(&one(CurationField::Action, view::ADMINS_ONLY)),
        Err(_) => return errors_ack(&one(CurationField::Action, text::TRY_AGAIN)),
    }
    let curation = match validate(&read_form(&submission.view.state)) {
        Ok(c) => c,
        Err(errors) => return errors_ack(&errors),
    };
    let now = state.clock.now();
    match in_time(skill_curation::curate(&state.db, &team, &curation, now)).await {
        Ok(Ok(done)) => {
            tracing::info!(?curation, "skill list curated");
            let st = state.clone();
            state.spawn(async move {
                flows::post(&st, view::curated(&user, &done)).await;
            });
            Ack::Empty
        }
        Ok(Err(refused)) => errors_ack(&one(refused.field, &refused.message)),
        Err(e) => {
            tracing::error!(error = %e, "could not curate skills");
            errors_ack(&one(CurationField::Action, text::TRY_AGAIN))
        }
    }
}

fn one(field: CurationField, message: &str) -> CurationErrors {
    CurationErrors::from([(field, message.to_owned())])
}

fn read_form(form: &ViewState) -> CurationForm {
    CurationForm {
        action: form.single(id::ACTION),
        skill: form.single(id::SKILL),
        new_name: form.text(id::NEW_NAME),
        merge: form.multi(id::MERGE),
        related: form.multi(id::RELATED),
    }
}

fn errors_ack(errors: &CurationErrors) -> Ack {
    Ack::Json(replies::modal_errors(
        errors
            .iter()
            .map(|(field, message)| (curate_block(*field), message.as_str())),
    ))
}
