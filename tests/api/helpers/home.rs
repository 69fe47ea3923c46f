//! The App Home as Slack drives it: `app_home_opened`, clicks inside the Home
//! view (no `response_url`, a `view` container), and what was last published.

use super::{TestApp, TEAM_ID};
use serde_json::{json, Value};

impl TestApp {
    /// The person opens the Home tab (Slack sends `app_home_opened`).
    pub async fn open_home(&self, user: &str) -> Value {
        let before = self.homes_of(user).len();
        let event = json!({
            "token": "deprecated", "team_id": TEAM_ID, "api_app_id": "A0APP",
            "type": "event_callback", "event_id": format!("EvHome{user}{}", rand::random::<u32>()),
            "event_time": 1_772_445_600,
            "event": { "type": "app_home_opened", "user": user, "channel": format!("D{user}"), "tab": "home" }
        });
        assert_eq!(self.event(&event, None).await.status(), 200);
        self.settle().await;
        let homes = self.homes_of(user);
        assert!(homes.len() > before, "Home was not published for {user}");
        homes.last().cloned().unwrap()
    }

    /// Every Home view published for this person, oldest first.
    pub fn homes_of(&self, user: &str) -> Vec<Value> {
        self.slack
            .calls_to("views.publish")
            .into_iter()
            .filter(|c| c.body["user_id"] == user)
            .map(|c| c.body["view"].clone())
            .collect()
    }

    /// The Home view last published for this person.
    pub fn home_of(&self, user: &str) -> Value {
        self.homes_of(user)
            .last()
            .cloned()
            .unwrap_or_else(|| panic!("no Home published for {user}"))
    }

    /// A click on a Home button (or datepicker, with `date`), as Slack sends it.
    pub async fn click_home(
        &self,
        user: &str,
        action_id: &str,
        value: &str,
        date: Option<&str>,
    ) -> reqwest::Response {
        let mut action = json!({ "action_id": action_id, "block_id": "home", "type": "button", "value": value, "action_ts": "1700000001.000001" });
        if let Some(date) = date {
            action = json!({ "action_id": action_id, "block_id": "home", "type": "datepicker", "selected_date": date, "action_ts": "1700000001.000001" });
        }
        let payload = json!({
            "type": "block_actions",
            "team": { "id": TEAM_ID, "domain": "testco" },
            "user": { "id": user, "username": user, "name": user, "team_id": TEAM_ID },
            "api_app_id": "A0APP",
            "token": "deprecated",
            "trigger_id": format!("trigger-home-{user}-{}", rand::random::<u32>()),
            "container": { "type": "view", "view_id": "VHOME" },
            "view": { "id": "VHOME", "type": "home", "callback_id": "", "private_metadata": "", "blocks": [], "state": { "values": {} } },
            "actions": [action],
        });
        let res = self.interaction(&payload).await;
        self.settle().await;
        res
    }
}

/// All the text of a view's sections and contexts, for "does Home say …".
pub fn view_text(view: &Value) -> String {
    let mut out = String::new();
    for block in view["blocks"].as_array().into_iter().flatten() {
        if let Some(t) = block["text"]["text"].as_str() {
            out.push_str(t);
            out.push('\n');
        }
        for e in block["elements"].as_array().into_iter().flatten() {
            if let Some(t) = e["text"].as_str() {
                out.push_str(t);
                out.push('\n');
            }
        }
    }
    out
}

/// The action ids of every button, accessory and element in a view.
pub fn action_ids(view: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    for block in view["blocks"].as_array().into_iter().flatten() {
        if let Some(a) = block["accessory"]["action_id"].as_str() {
            ids.push(a.to_owned());
        }
        for e in block["elements"].as_array().into_iter().flatten() {
            if let Some(a) = e["action_id"].as_str() {
                ids.push(a.to_owned());
            }
        }
    }
    ids
}
