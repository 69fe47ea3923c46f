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
