//! Seeding mentors, asking through the real modal, and clicking buttons as Slack does.

use super::{state_values, TestApp, TEAM_ID};
use micromentor::views::ids::{self, ask};
use serde_json::{json, Value};

/// A mentor who is always available, with these skills (created if missing).
pub async fn seed_mentor(app: &TestApp, user: &str, skills: &[&str]) {
    seed_mentor_with(app, user, skills, "UTC", "Mon-Sun 00:00-24:00", 5).await
}

pub async fn seed_mentor_with(
    app: &TestApp,
    user: &str,
    skills: &[&str],
    tz: &str,
    hours: &str,
    capacity: i16,
) {
    let hours: micromentor::core::working_hours::WorkingHours = hours.parse().unwrap();
    sqlx::query(
        "INSERT INTO mentors (team_id, user_id, opted_in, capacity, tz, work_days, work_start, work_end, created_at, updated_at)
         VALUES ($1, $2, true, $3, $4, $5, $6, $7, now(), now())",
    )
    .bind(TEAM_ID)
    .bind(user)
    .bind(capacity)
    .bind(tz)
    .bind(hours.days_mask() as i16)
    .bind(hours.start_minute() as i16)
    .bind(hours.end_minute() as i16)
    .execute(&app.db)
    .await
    .unwrap();
    for label in skills {
        add_skill(app, label).await;
        let skill = micromentor::core::skills::Skill::parse(label).unwrap();
        sqlx::query("INSERT INTO mentor_skills (team_id, user_id, slug) VALUES ($1, $2, $3)")
            .bind(TEAM_ID)
            .bind(user)
            .bind(skill.slug.as_str())
            .execute(&app.db)
            .await
            .unwrap();
    }
}

pub async fn add_skill(app: &TestApp, label: &str) {
    let skill = micromentor::core::skills::Skill::parse(label).unwrap();
    sqlx::query("INSERT INTO skills (team_id, slug, label, created_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING")
        .bind(TEAM_ID)
        .bind(skill.slug.as_str())
        .bind(&skill.label)
        .execute(&app.db)
        .await
        .unwrap();
}

/// The ask modal's `state.values`.
pub struct AskValues {
    pub topic: String,
    pub details: Option<String>,
    /// (slug, label)
    pub skills: Vec<(String, String)>,
    pub time_box: &'static str,
    pub format: &'static str,
    pub perspectives: &'static str,
    pub in_digest: bool,
    pub needed_by: Option<String>,
    /// "Ask someone first".
    pub first_mentor: Option<String>,
}

impl AskValues {
    pub fn new(topic: &str, skills: &[&str]) -> Self {
        AskValues {
            topic: topic.into(),
            details: None,
            skills: skills
                .iter()
                .map(|s| {
                    let k = micromentor::core::skills::Skill::parse(s).unwrap();
                    (k.slug.to_string(), k.label)
                })
                .collect(),
            time_box: "20",
            format: "chat",
            perspectives: "1",
            in_digest: true,
            needed_by: None,
            first_mentor: None,
        }
    }

    pub fn values(&self) -> Value {
        let opt = |t: &str, v: &str| json!({ "text": { "type": "plain_text", "text": t, "emoji": true }, "value": v });
        state_values([
            (
                ask::TOPIC,
                json!({ "type": "plain_text_input", "value": self.topic }),
            ),
            (
                ask::DETAILS,
                json!({ "type": "plain_text_input", "value": self.details }),
            ),
            (
                ask::SKILLS,
                json!({ "type": "multi_external_select",
                "selected_options": self.skills.iter().map(|(s, l)| opt(l, s)).collect::<Vec<_>>() }),
            ),
            (
                ask::TIME_BOX,
                json!({ "type": "static_select", "selected_option": opt("x minutes", self.time_box) }),
            ),
            (
                ask::FORMAT,
                json!({ "type": "radio_buttons", "selected_option": opt("x", self.format) }),
            ),
            (
                ask::PERSPECTIVES,
                json!({ "type": "static_select", "selected_option": opt("x", self.perspectives) }),
            ),
            (
                ask::IN_DIGEST,
                json!({ "type": "checkboxes",
                "selected_options": if self.in_digest { vec![opt("x", "yes")] } else { vec![] } }),
            ),
            (
                ask::NEEDED_BY,
                json!({ "type": "datepicker", "selected_date": self.needed_by }),
            ),
            (
                ask::FIRST_MENTOR,
                json!({ "type": "users_select", "selected_user": self.first_mentor }),
            ),
        ])
    }
}

impl TestApp {
    /// `/ask`, then submits the modal; returns the new ask's id once routing is done.
    pub async fn ask(&self, user: &str, values: &AskValues) -> i64 {
        let view = self.open_modal(user, "/ask", "").await;
        let res = self.submit_view(user, &view, values.values()).await;
        assert_eq!(res.status(), 200);
        let body = res.text().await.unwrap();
        assert_eq!(body, "", "the modal closes");
        self.settle().await;
        sqlx::query_scalar("SELECT max(id) FROM asks WHERE asker_id = $1")
            .bind(user)
            .fetch_one(&self.db)
            .await
            .unwrap()
    }

    /// A button click as Slack sends it. The app reads only the action_id; the
    /// block_id is the offer message's (the crate has no constant for it).
    pub async fn click(&self, user: &str, action_id: &str, value: &str) -> reqwest::Response {
        self.interaction(&self.click_payload(user, action_id, value))
            .await
    }

    /// The `block_actions` payload [`TestApp::click`] sends, for tests that change
    /// a field (the team, the `response_url`, the actions) before sending it.
    pub fn click_payload(&self, user: &str, action_id: &str, value: &str) -> Value {
        let channel = format!("D{user}");
        self.click_payload_in(user, action_id, value, &channel, "1700000000.000001")
    }

    /// A click whose `container` (and `channel`, `message`) name this message:
    /// Slack fills them in, but a forged payload may name any message.
    pub async fn click_in(
        &self,
        user: &str,
        action_id: &str,
        value: &str,
        channel: &str,
        ts: &str,
    ) -> reqwest::Response {
        self.interaction(&self.click_payload_in(user, action_id, value, channel, ts))
            .await
    }

    fn click_payload_in(
        &self,
        user: &str,
        action_id: &str,
        value: &str,
        channel: &str,
        ts: &str,
    ) -> Value {
        json!({
            "type": "block_actions",
            "team": { "id": TEAM_ID, "domain": "testco" },
            "user": { "id": user, "username": user, "name": user, "team_id": TEAM_ID },
            "api_app_id": "A0APP",
            "token": "deprecated",
            "trigger_id": format!("trigger-{user}"),
            "response_url": self.slack.response_url(user),
            "container": { "type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": false },
            "channel": { "id": channel, "name": "directmessage" },
            "message": { "type": "message", "ts": ts, "text": "offer" },
            "actions": [{ "action_id": action_id, "block_id": ids::OFFER_ACTIONS, "value": value, "type": "button", "action_ts": "1700000001.000001" }],
        })
    }

    pub async fn ask_status(&self, ask_id: i64) -> String {
        sqlx::query_scalar("SELECT status FROM asks WHERE id = $1")
            .bind(ask_id)
            .fetch_one(&self.db)
            .await
            .unwrap()
    }

    /// Offers of an ask as (mentor, status), by mentor.
    pub async fn offers(&self, ask_id: i64) -> Vec<(String, String)> {
        sqlx::query_as("SELECT mentor_id, status FROM offers WHERE ask_id = $1 ORDER BY mentor_id")
            .bind(ask_id)
            .fetch_all(&self.db)
            .await
            .unwrap()
    }

    /// Messages posted into group DMs (intros).
    pub fn intros(&self) -> Vec<super::fake_slack::Call> {
        self.slack
            .calls_to("chat.postMessage")
            .into_iter()
            .filter(|c| {
                c.body["channel"]
                    .as_str()
                    .is_some_and(|ch| ch.starts_with('G'))
            })
            .collect()
    }
}
