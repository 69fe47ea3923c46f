//! `/ask`, `/ask <topic>`, `/ask list`, `/ask help`.

use super::commands::{open_modal, tell};
use super::{in_time, Ack};
use crate::core::ask::{mentioned_skills, AskCommand};
use crate::core::ask_limit::Allowance;
use crate::flows::{self, no_shows};
use crate::slack::payloads::SlashCommand;
use crate::state::AppState;
use crate::store::{asks, skills};
use crate::views::ids::ButtonValue;
use crate::views::{self, ask_card, ask_modal, replies, text};

pub async fn handle(state: &AppState, command: SlashCommand) -> Ack {
    match AskCommand::parse(&command.text) {
        AskCommand::Help => Ack::ephemeral(text::ASK_HELP),
        AskCommand::History => {
            let history = crate::store::history::of(&state.db, &command.team_id, &command.user_id);
            match in_time(history).await {
                Ok(entries) => Ack::Json(views::history::record(&entries)),
                Err(e) => {
                    tracing::error!(error = %e, "could not read a record");
                    Ack::ephemeral(text::TRY_AGAIN)
                }
            }
        }
        AskCommand::MyData => Ack::Json(views::my_data::menu()),
        AskCommand::List => {
            match in_time(asks::open_of(&state.db, &command.team_id, &command.user_id)).await {
                Ok(list) => Ack::Json(ask_card::list(&list, state.clock.now())),
                Err(e) => {
                    tracing::error!(error = %e, "could not list asks");
                    Ack::ephemeral(text::TRY_AGAIN)
                }
            }
        }
        AskCommand::Open(topic) => {
            // Everything else happens after the ack, which reads nothing: the
            // answer never waits on the database.
            let st = state.clone();
            if state.try_spawn(async move { open(&st, command, topic).await }) {
                Ack::Empty
            } else {
                Ack::ephemeral(replies::BUSY)
            }
        }
    }
}

/// After the ack: asking paused after no-shows says so kindly, with the way
/// back, and opens nothing; then `ASK_LIMIT` (it may ask Slack whether this is an
/// admin); then the skills the topic names are pre-selected and the modal opens.
async fn open(state: &AppState, command: SlashCommand, topic: String) {
    match no_shows::asking_paused(state, &command.team_id, &command.user_id).await {
        Ok(None) => {}
        Ok(Some(pause)) => {
            let lift = ButtonValue::session(pause.ask_id, &command.user_id);
            let message = views::no_shows::asking_paused(pause.paused_until, &lift);
            if let Err(e) = state.slack.respond(&command.response_url, &message).await {
                tracing::warn!(error = %e, "could not answer through response_url");
            }
            return;
        }
        Err(e) => {
            tracing::error!(error = %e, "could not check for a pause");
            return tell(state, &command, text::TRY_AGAIN).await;
        }
    }
    let allowance = match flows::ask_limit::of(state, &command.team_id, &command.user_id).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "could not check the ask limit");
            return tell(state, &command, text::TRY_AGAIN).await;
        }
    };
    if let Allowance::Blocked { next_at } = allowance {
        return tell(state, &command, &replies::ask_limit_reached(next_at)).await;
    }
    let chosen = if topic.is_empty() {
        Vec::new()
    } else {
        let team = &command.team_id;
        let both = async {
            let vocabulary = skills::all(&state.db, team).await?;
            let synonyms = skills::synonyms(&state.db, team).await?;
            Ok::<_, sqlx::Error>((vocabulary, synonyms))
        };
        match in_time(both).await {
            Ok((vocabulary, synonyms)) => mentioned_skills(&topic, &vocabulary, &synonyms),
            Err(e) => {
                tracing::error!(error = %e, "could not load skills");
                return tell(state, &command, text::TRY_AGAIN).await;
            }
        }
    };
    let view = ask_modal::build(&topic, &chosen, allowance.worth_telling());
    open_modal(state, &command, view).await;
}
