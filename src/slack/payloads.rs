//! The shapes Slack sends us, parsed leniently: only the fields we use, unknown
//! types kept as `Other` so they get a polite answer instead of an error.

use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum PayloadError {
    #[error("form body is malformed: {0}")]
    Form(#[from] serde_urlencoded::de::Error),
    #[error("the `payload` field is missing")]
    MissingPayload,
    #[error("JSON is malformed: {0}")]
    Json(#[from] serde_json::Error),
}

/// A slash command (`application/x-www-form-urlencoded`).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct SlashCommand {
    pub team_id: String,
    pub user_id: String,
    pub command: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub channel_id: String,
    #[serde(default)]
    pub response_url: String,
    #[serde(default)]
    pub trigger_id: String,
}

impl SlashCommand {
    pub fn parse_form(body: &[u8]) -> Result<Self, PayloadError> {
        Ok(serde_urlencoded::from_bytes(body)?)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Team {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub team_id: Option<String>,
}

/// Reads a string that may be `null` or absent as empty.
fn nullable<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// A modal as Slack echoes it back in `view_submission`.
#[derive(Debug, Clone, Deserialize)]
pub struct View {
    #[serde(default, deserialize_with = "nullable")]
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub callback_id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub private_metadata: String,
    #[serde(default)]
    pub state: ViewState,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ViewState {
    #[serde(default)]
    pub values: HashMap<String, HashMap<String, StateValue>>,
}

/// One input's value; which field is set depends on the element type.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StateValue {
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub selected_option: Option<SelectedOption>,
    #[serde(default)]
    pub selected_options: Option<Vec<SelectedOption>>,
    #[serde(default)]
    pub selected_date: Option<String>,
    #[serde(default)]
    pub selected_time: Option<String>,
    #[serde(default)]
    pub selected_user: Option<String>,
    #[serde(default)]
    pub selected_users: Option<Vec<String>>,
    pub selected_conversations: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SelectedOption {
    pub value: String,
}

/// Readers shared by every form. Our inputs use the same id for the block and
/// its element, so each reader takes one id.
impl ViewState {
    pub fn get(&self, block_id: &str, action_id: &str) -> Option<&StateValue> {
        self.values.get(block_id)?.get(action_id)
    }

    fn value(&self, id: &str) -> Option<&StateValue> {
        self.get(id, id)
    }

    /// A text input; empty when absent.
    pub fn text(&self, id: &str) -> String {
        self.value(id)
            .and_then(|v| v.value.clone())
            .unwrap_or_default()
    }

    /// A text input that may be absent (as opposed to empty).
    pub fn text_opt(&self, id: &str) -> Option<String> {
        self.value(id).and_then(|v| v.value.clone())
    }

    /// A single select or radio group.
    pub fn single(&self, id: &str) -> Option<String> {
        self.value(id)
            .and_then(|v| v.selected_option.as_ref())
            .map(|o| o.value.clone())
    }

    /// A multi select or checkbox group.
    pub fn multi(&self, id: &str) -> Vec<String> {
        self.value(id)
            .and_then(|v| v.selected_options.as_ref())
            .map(|o| o.iter().map(|o| o.value.clone()).collect())
            .unwrap_or_default()
    }

    /// A date picker (`YYYY-MM-DD`).
    pub fn date(&self, id: &str) -> Option<String> {
        self.value(id).and_then(|v| v.selected_date.clone())
    }

    /// A users select.
    pub fn user(&self, id: &str) -> Option<String> {
        self.value(id).and_then(|v| v.selected_user.clone())
    }

    /// A multi users select.
    pub fn users(&self, id: &str) -> Vec<String> {
        self.value(id)
            .and_then(|v| v.selected_users.clone())
            .unwrap_or_default()
    }

    /// A time picker (`HH:MM`).
    pub fn time(&self, id: &str) -> Option<String> {
        self.value(id).and_then(|v| v.selected_time.clone())
    }

    /// A `multi_conversations_select`: the chosen conversation ids.
    pub fn conversations(&self, id: &str) -> Vec<String> {
        self.value(id)
            .and_then(|v| v.selected_conversations.clone())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Action {
    pub action_id: String,
    #[serde(default)]
    pub block_id: String,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub selected_option: Option<SelectedOption>,
    /// A date picker's choice (a datepicker in an actions block).
    #[serde(default)]
    pub selected_date: Option<String>,
}

/// Where a clicked message lives.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Container {
    #[serde(default)]
    pub channel_id: Option<String>,
    #[serde(default)]
    pub message_ts: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BlockActions {
    pub team: Team,
    pub user: User,
    #[serde(default)]
    pub trigger_id: String,
    #[serde(default)]
    pub response_url: Option<String>,
    #[serde(default)]
    pub container: Container,
    #[serde(default)]
    pub view: Option<View>,
    #[serde(default)]
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ViewSubmission {
    pub team: Team,
    pub user: User,
    pub view: View,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BlockSuggestion {
    pub team: Team,
    pub user: User,
    pub action_id: String,
    #[serde(default)]
    pub block_id: String,
    #[serde(default)]
    pub value: String,
}

/// An interaction (`payload=` form field holding JSON).
#[derive(Debug, Clone)]
pub enum Interaction {
    BlockActions(BlockActions),
    ViewSubmission(ViewSubmission),
    ViewClosed,
    BlockSuggestion(BlockSuggestion),
    /// A type we do not handle; answered with an empty 200.
    Other(String),
}

impl Interaction {
    /// The workspace the interaction came from, when the payload says.
    pub fn team_id(&self) -> Option<&str> {
        match self {
            Interaction::BlockActions(a) => Some(&a.team.id),
            Interaction::ViewSubmission(s) => Some(&s.team.id),
            Interaction::BlockSuggestion(s) => Some(&s.team.id),
            Interaction::ViewClosed | Interaction::Other(_) => None,
        }
    }

    pub fn parse_form(body: &[u8]) -> Result<Self, PayloadError> {
        let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(body)?;
        let payload = fields
            .into_iter()
            .find(|(k, _)| k == "payload")
            .map(|(_, v)| v)
            .ok_or(PayloadError::MissingPayload)?;
        Self::from_json(serde_json::from_str(&payload)?)
    }

    pub fn from_json(value: Value) -> Result<Self, PayloadError> {
        let kind = value
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        Ok(match kind.as_str() {
            "block_actions" => Interaction::BlockActions(serde_json::from_value(value)?),
            "view_submission" => Interaction::ViewSubmission(serde_json::from_value(value)?),
            "view_closed" => Interaction::ViewClosed,
            "block_suggestion" => Interaction::BlockSuggestion(serde_json::from_value(value)?),
            _ => Interaction::Other(kind),
        })
    }
}

/// An Events API delivery.
#[derive(Debug, Clone)]
pub enum EventsPayload {
    UrlVerification { challenge: String },
    EventCallback(EventCallback),
    Other(String),
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventCallback {
    pub team_id: String,
    pub event_id: String,
    pub event: Value,
}

impl EventCallback {
    pub fn event_type(&self) -> &str {
        self.event.get("type").and_then(Value::as_str).unwrap_or("")
    }
}

impl EventsPayload {
    pub fn parse(body: &[u8]) -> Result<Self, PayloadError> {
        Self::from_json(serde_json::from_slice(body)?)
    }

    pub fn from_json(value: Value) -> Result<Self, PayloadError> {
        let kind = value
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        Ok(match kind.as_str() {
            "url_verification" => EventsPayload::UrlVerification {
                challenge: value
                    .get("challenge")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            },
            "event_callback" => EventsPayload::EventCallback(serde_json::from_value(value)?),
            _ => EventsPayload::Other(kind),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_command_parses_from_slacks_form() {
        let body = b"token=x&team_id=T1&user_id=U1&command=%2Fmentor&text=pause+2w&channel_id=C1&response_url=https%3A%2F%2Fhooks.slack.com%2Fx&trigger_id=1.2.3";
        let c = SlashCommand::parse_form(body).unwrap();
        assert_eq!(
            (c.command.as_str(), c.text.as_str()),
            ("/mentor", "pause 2w")
        );
        assert_eq!(c.trigger_id, "1.2.3");
    }

    #[test]
    fn unknown_interaction_types_are_kept_not_refused() {
        let i = Interaction::from_json(serde_json::json!({"type": "shortcut"})).unwrap();
        assert!(matches!(i, Interaction::Other(t) if t == "shortcut"));
    }

    #[test]
    fn wrong_json_types_are_errors_not_panics() {
        let body = b"payload=%7B%22type%22%3A%22block_actions%22%2C%22team%22%3A5%7D";
        assert!(Interaction::parse_form(body).is_err());
        assert!(Interaction::parse_form(b"nopayload=1").is_err());
        assert!(EventsPayload::parse(b"\xff\xfe").is_err());
    }
}
