//! Home for askers: open asks with Widen now and Cancel, past asks with how they ended.

use crate::declines::one_per_ask;
use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::home::{action_ids, view_text};
use micromentor::views::ids::action;

#[tokio::test]
async fn widen_now_offers_more_at_once_and_cancel_moves_the_ask_to_the_past() {
    let app = one_per_ask().await;
    seed_mentor(&app, "UM3", &["SQL"]).await;
    app.open_home("UASKER").await;
    let ask = app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    assert_eq!(app.offers(ask).await.len(), 1);
    let home = app.home_of("UASKER");
    let widen = format!("{}:{ask}", action::WIDEN_ASK);
    let cancel = format!("{}:{ask}", action::CANCEL_ASK);
    assert!(action_ids(&home).contains(&widen) && action_ids(&home).contains(&cancel));

    // Someone else's click widens nothing.
    app.click_home("UM1", &widen, &ask.to_string(), None).await;
    assert_eq!(app.offers(ask).await.len(), 1);

    app.click_home("UASKER", &widen, &ask.to_string(), None)
        .await;
    let offers = app.offers(ask).await;
    assert_eq!(offers.len(), 2, "one more ({} per ask): {offers:?}", 1);
    let told: Vec<String> = app
        .slack
        .calls_to("chat.postMessage")
        .iter()
        .filter(|c| c.body["channel"] == "UASKER")
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        told.iter()
            .any(|t| t.contains("offered it to 1 more mentor")),
        "{told:?}"
    );
    // Widen again: the last mentor; then nobody is left and the asker hears so.
    app.click_home("UASKER", &widen, &ask.to_string(), None)
        .await;
    assert_eq!(app.offers(ask).await.len(), 3);
    app.click_home("UASKER", &widen, &ask.to_string(), None)
        .await;
    let last = app
        .slack
        .calls_to("chat.postMessage")
        .iter()
        .rev()
        .find(|c| c.body["channel"] == "UASKER")
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .unwrap();
    assert!(last.contains("Nobody else with these skills"), "{last}");

    app.click_home("UASKER", &cancel, &ask.to_string(), None)
        .await;
    assert_eq!(app.ask_status(ask).await, "cancelled");
    let text = view_text(&app.home_of("UASKER"));
    assert!(
        text.contains("*Your past asks*") && text.contains("*Index?* — cancelled"),
        "{text}"
    );
    assert!(!action_ids(&app.home_of("UASKER")).contains(&widen));
}

#[tokio::test]
async fn edit_reopens_the_form_with_the_saved_values_and_rewrites_pending_offers() {
    let app = one_per_ask().await;
    app.open_home("UASKER").await;
    let mut values = AskValues::new("Index?", &["SQL"]);
    values.details = Some("Postgres 15".into());
    values.time_box = "30";
    let ask = app.ask("UASKER", &values).await;
    let edit = format!("{}:{ask}", action::EDIT_ASK);
    // Someone else's click opens nothing.
    let opened = app.slack.calls_to("views.open").len();
    app.click_home("UM1", &edit, &ask.to_string(), None).await;
    assert_eq!(app.slack.calls_to("views.open").len(), opened);

    app.click_home("UASKER", &edit, &ask.to_string(), None)
        .await;
    let form = app.slack.calls_to("views.open").last().unwrap().body["view"].clone();
    assert_eq!(form["callback_id"], micromentor::views::ids::ASK_EDIT_MODAL);
    let text = form.to_string();
    assert!(
        text.contains("Postgres 15") && text.contains("\"value\":\"30\""),
        "{text}"
    );

    let mut changed = AskValues::new("Which index for LIKE queries?", &["SQL"]);
    changed.details = Some("Postgres 16, trigram?".into());
    let res = app.submit_view("UASKER", &form, changed.values()).await;
    assert_eq!(res.text().await.unwrap(), "", "the form closes");
    app.settle().await;
    let topic: String = sqlx::query_scalar("SELECT topic FROM asks WHERE id = $1")
        .bind(ask)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(topic, "Which index for LIKE queries?");
    // UM1's pending offer DM now shows the new text, with its buttons.
    let rewritten = app
        .slack
        .calls_to("chat.update")
        .into_iter()
        .map(|c| c.body)
        .find(|b| b["channel"] == "DUM1")
        .expect("the offer DM rewritten");
    assert!(rewritten
        .to_string()
        .contains("Which index for LIKE queries?"));
    assert!(rewritten.to_string().contains(action::ACCEPT));

    // Once taken, the ask cannot be edited: the form says so and nothing changes.
    app.click("UM1", action::ACCEPT, &ask.to_string()).await;
    app.settle().await;
    let res = app
        .submit_view(
            "UASKER",
            &form,
            AskValues::new("Too late", &["SQL"]).values(),
        )
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["response_action"], "errors");
    let topic: String = sqlx::query_scalar("SELECT topic FROM asks WHERE id = $1")
        .bind(ask)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(topic, "Which index for LIKE queries?");
}
