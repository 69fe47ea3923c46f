//! Malformed and hostile requests: never a panic, always a 4xx or a polite 200.

use crate::helpers::{spawn_app, state_values, SIGNING_SECRET};
use micromentor::slack::payloads::{EventsPayload, Interaction, SlashCommand};
use micromentor::slack::verify::{sign, verify};
use micromentor::views::ids::{self, action, ask, mentor};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic_on_arbitrary_bytes(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = SlashCommand::parse_form(&body);
        let _ = Interaction::parse_form(&body);
        let _ = EventsPayload::parse(&body);
    }

    #[test]
    fn interactions_with_wrong_json_types_are_errors_not_panics(
        kind in prop::sample::select(vec!["block_actions", "view_submission", "block_suggestion", "view_closed", "shortcut", ""]),
        team in prop_oneof![Just(serde_json::json!(5)), Just(serde_json::json!(null)), Just(serde_json::json!({"id": "T1"})), Just(serde_json::json!([1]))],
        actions in prop_oneof![Just(serde_json::json!("x")), Just(serde_json::json!([{"action_id": 1}])), Just(serde_json::json!([{}]))],
        state in prop_oneof![Just(serde_json::json!({"values": 3})), Just(serde_json::json!({"values": {"b": {"a": {"selected_options": "no"}}}}))],
    ) {
        let payload = serde_json::json!({
            "type": kind, "team": team, "user": {"id": "U1"}, "actions": actions,
            "view": {"callback_id": ids::ASK_MODAL, "state": state}, "action_id": mentor::SKILLS, "value": 7,
        });
        let _ = Interaction::from_json(payload);
    }

    #[test]
    fn any_change_to_a_signed_body_is_refused(body in "[a-z=&%0-9]{1,200}", flip in 0usize..200) {
        let now = chrono::Utc::now();
        let ts = now.timestamp().to_string();
        let sig = sign(b"secret", &ts, body.as_bytes());
        prop_assert!(verify(b"secret", Some(&ts), Some(&sig), body.as_bytes(), now).is_ok());
        let mut tampered = body.clone().into_bytes();
        let i = flip % tampered.len();
        tampered[i] = tampered[i].wrapping_add(1);
        prop_assert!(verify(b"secret", Some(&ts), Some(&sig), &tampered, now).is_err());
    }
}

#[tokio::test]
async fn random_signed_garbage_over_http_never_takes_the_server_down() {
    let app = spawn_app().await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let who = json!({"team": {"id": "T"}, "user": {"id": "U"}});
    let with = |fields: Value| {
        let mut payload = who.clone();
        payload
            .as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        format!("payload={payload}")
    };
    let shapes = [
        with(json!({"type": "block_actions",
            "actions": [{"action_id": action::ACCEPT, "value": "not-a-number"}]})),
        with(json!({"type": "view_submission",
            "view": {"callback_id": ids::ASK_MODAL, "state": {"values": {}}}})),
        with(json!({"type": "view_submission",
            "view": {"callback_id": ids::MENTOR_MODAL, "private_metadata": "{]",
                "state": {"values": state_values([(mentor::CAPACITY, json!({"value": "99999999999"}))])}}})),
        with(json!({"type": "block_actions",
            "actions": [{"action_id": action::MARK_DONE, "value": "1:"}]})),
        with(json!({"type": "block_suggestion", "action_id": ask::SKILLS, "value": "%%%\u{0}"})),
    ];
    for shape in shapes {
        let res = app
            .post_signed(
                "/slack/interactions",
                "application/x-www-form-urlencoded",
                shape.replace('%', "%25"),
            )
            .await;
        assert!(
            res.status() == 200 || res.status() == 400,
            "{shape}: {}",
            res.status()
        );
    }
    for i in 0..200 {
        let len = rng.gen_range(0..600);
        let body: Vec<u8> = (0..len).map(|_| rng.gen::<u8>()).collect();
        let path = ["/slack/commands", "/slack/interactions", "/slack/events"][i % 3];
        let ts = crate::helpers::start_time().timestamp().to_string();
        let res = app
            .http
            .post(app.url(path))
            .header("x-slack-request-timestamp", &ts)
            .header(
                "x-slack-signature",
                sign(SIGNING_SECRET.as_bytes(), &ts, &body),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_client_error() || res.status() == 200,
            "{path}: {}",
            res.status()
        );
    }
    app.settle().await;
    assert_eq!(
        app.http
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn buttons_with_mangled_values_are_dropped_without_a_word() {
    let app = spawn_app().await;
    crate::helpers::asks::seed_mentor(&app, "UM1", &["Rust"]).await;
    let ask_id = app
        .ask(
            "UASKER",
            &crate::helpers::asks::AskValues::new("Macros", &["Rust"]),
        )
        .await;
    let before = app.slack.calls().len();
    // Each would act on a real ask if its value were read loosely.
    let real = |tail: &str| format!("{ask_id}{tail}");
    let clicks = [
        ("UM1", action::ACCEPT, "7:<!channel>".to_owned()),
        ("UM1", action::ACCEPT, "x".to_owned()),
        ("UM1", action::ACCEPT, "1:UM1:x:y".to_owned()),
        ("UM1", action::ACCEPT, real(":<!channel>")),
        ("UM1", action::ACCEPT, real(":UM1:x:y")),
        ("UM1", action::DECLINE_NOT_MY_AREA, real(":<!channel>")),
        ("UASKER", action::CANCEL_ASK, real(":<!channel>")),
        ("UASKER", action::MARK_DONE, real(":<!channel>")),
        ("UASKER", action::FOLLOWUP_NOT_YET, real(":UM1:x:y")),
        ("UASKER", action::REOPEN_ASK, real(":UM1:x")),
    ];
    for (user, button, value) in &clicks {
        let res = app.click(user, button, value).await;
        assert_eq!(res.status(), 200, "{button} {value}");
        assert_eq!(res.text().await.unwrap(), "", "{button} {value}");
    }
    app.settle().await;
    let since: Vec<String> = app.slack.calls()[before..]
        .iter()
        .map(|c| c.method.clone())
        .collect();
    assert_eq!(since, Vec::<String>::new(), "no effect, no reply");
    assert_eq!(app.ask_status(ask_id).await, "open");
    assert_eq!(app.offers(ask_id).await, [("UM1".into(), "pending".into())]);
    // The app is still up, and the real button still works.
    app.click("UM1", action::ACCEPT, &ask_id.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(ask_id).await, "matched");
}
