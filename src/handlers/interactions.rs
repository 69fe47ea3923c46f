//! Interactions: buttons (`block_actions`), modal submissions and external-select
//! suggestions, dispatched by callback_id / action_id.

use super::{
    ask_submitted, buttons, mentor_settings, modal_answers, office_hours, skill_curation,
    skill_options, Ack,
};
use crate::core::followup::{parse_rating, tidy_note};
use crate::slack::payloads::Interaction;
use crate::state::AppState;
use crate::views::ids;
use crate::views::replies;

pub async fn handle(state: &AppState, interaction: Interaction) -> Ack {
    if let Some(team) = interaction.team_id() {
        let ours = super::from_installed_team(state, team).await;
        if ours != Some(true) {
            return refuse(state, interaction, ours);
        }
    }
    match interaction {
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::MENTOR_MODAL => {
            mentor_settings::submitted(state, s).await
        }
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::ASK_EDIT_MODAL => {
            ask_submitted::edited(state, s).await
        }
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::ASK_MODAL => {
            ask_submitted::submitted(state, s).await
        }
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::RATE_MODAL => rated(state, s),
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::MENTOR_FEEDBACK_MODAL => {
            mentor_rated(state, s)
        }
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::DECLINE_MODAL => {
            modal_answers::decline_submitted(state, s).await
        }
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::NEVER_MATCH_MODAL => {
            modal_answers::never_match_submitted(state, s).await
        }
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::OFFICE_HOURS_MODAL => {
            office_hours::submitted(state, s).await
        }
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::CURATE_MODAL => {
            skill_curation::submitted(state, s).await
        }
        Interaction::ViewSubmission(s) if s.view.callback_id == ids::ERASE_MODAL => {
            modal_answers::erase_confirmed(state, s).await
        }
        Interaction::BlockSuggestion(s)
            if s.action_id == ids::mentor::SKILLS
                || s.action_id == ids::ask::SKILLS
                || s.action_id == ids::office_hours::SKILLS
                || ids::curate::SKILL_SELECTS.contains(&s.action_id.as_str()) =>
        {
            skill_options::suggest(state, &s).await
        }
        Interaction::BlockSuggestion(s) => {
            tracing::debug!(action_id = %s.action_id, "no options for this select");
            Ack::Json(serde_json::json!({ "options": [] }))
        }
        Interaction::ViewSubmission(s) => {
            tracing::debug!(callback_id = %s.view.callback_id, "ignored submission");
            Ack::Empty
        }
        Interaction::BlockActions(actions) => buttons::clicked(state, actions),
        Interaction::ViewClosed => Ack::Empty,
        Interaction::Other(kind) => {
            tracing::debug!(%kind, "ignored interaction type");
            Ack::Empty
        }
    }
}

/// The session rating: stored after the ack; the modal closes at once.
fn rated(state: &AppState, s: crate::slack::payloads::ViewSubmission) -> Ack {
    let form = &s.view.state;
    let rating = parse_rating(form.single(ids::rate::RATING).as_deref());
    let note = tidy_note(&form.text(ids::rate::NOTE));
    let st = state.clone();
    state.spawn(async move {
        let done = crate::flows::followup::rated(
            &st,
            &s.team.id,
            &s.user.id,
            &s.view.private_metadata,
            rating,
            note.as_deref(),
        )
        .await;
        if let Err(e) = done {
            tracing::error!(error = %e, "could not store a rating");
        }
    });
    Ack::Empty
}

/// The mentor's side of the feedback: stored after the ack; the modal closes.
fn mentor_rated(state: &AppState, s: crate::slack::payloads::ViewSubmission) -> Ack {
    let form = &s.view.state;
    let clarity = parse_rating(form.single(ids::rate::RATING).as_deref());
    let note = tidy_note(&form.text(ids::rate::NOTE)).unwrap_or_default();
    let st = state.clone();
    state.spawn(async move {
        let done = crate::flows::feedback::mentor_answered(
            &st,
            &s.user.id,
            &s.view.private_metadata,
            clarity,
            &note,
        )
        .await;
        if let Err(e) = done {
            tracing::error!(error = %e, "could not store a mentor's feedback");
        }
    });
    Ack::Empty
}

/// A workspace we do not serve (or cannot check yet) is told so where it can
/// read it: under the modal's first field, or in reply to the click.
fn refuse(state: &AppState, interaction: Interaction, ours: Option<bool>) -> Ack {
    let text = match ours {
        Some(_) => replies::FOREIGN_TEAM,
        None => crate::views::text::TRY_AGAIN,
    };
    match interaction {
        Interaction::ViewSubmission(s) => {
            let block = match s.view.callback_id.as_str() {
                ids::MENTOR_MODAL => ids::mentor::OPT_IN,
                ids::ASK_MODAL | ids::ASK_EDIT_MODAL => ids::ask::TOPIC,
                ids::RATE_MODAL | ids::MENTOR_FEEDBACK_MODAL => ids::rate::RATING,
                ids::DECLINE_MODAL => ids::decline::REASON,
                ids::NEVER_MATCH_MODAL => ids::mentor::NEVER_MATCH,
                ids::OFFICE_HOURS_MODAL => ids::office_hours::TOPIC,
                ids::CURATE_MODAL => ids::curate::ACTION,
                _ => return Ack::Empty,
            };
            Ack::Json(replies::modal_errors([(block, text)]))
        }
        Interaction::BlockActions(a) => {
            let st = state.clone();
            state.spawn(async move {
                crate::flows::reply(&st, a.response_url.as_deref(), text).await;
            });
            Ack::Empty
        }
        _ => Ack::Empty,
    }
}
