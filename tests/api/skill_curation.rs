//! Admins curate the skill list from Home — rename, merge (old names become
//! synonyms), delete unused skills, related skills — and synonyms work
//! everywhere: suggestions, `/ask <text>`, routing, digests, `SKILLS_FILE`.

use crate::helpers::asks::{add_skill, seed_mentor, AskValues};
use crate::helpers::home::action_ids;
use crate::helpers::{spawn_app_with, state_values, Options, TestApp, TEAM_ID};
use chrono::Duration;
use micromentor::config::DigestSettings;
use micromentor::views::ids::{self, action, ask, curate};
use serde_json::{json, Value};

const ADMIN: &str = "UBOSS";

async fn app_with(change: impl FnOnce(&mut micromentor::config::Settings) + 'static) -> TestApp {
    spawn_app_with(Options {
        settings: Some(Box::new(move |s| {
            s.admins.users = vec![ADMIN.to_owned()];
            change(s);
        })),
        ..Options::default()
    })
    .await
}

async fn app() -> TestApp {
    app_with(|_| {}).await
}

fn opt(value: &str) -> Value {
    json!({ "text": { "type": "plain_text", "text": value, "emoji": true }, "value": value })
}

/// The curation modal's values: the action, the skill (a slug, as the select
/// sends it), the new name, the skills to merge, the related skills.
fn values(action: &str, skill: &str, new_name: &str, merge: &[&str], related: &[&str]) -> Value {
    state_values([
        (
            curate::ACTION,
            json!({ "type": "static_select", "selected_option": opt(action) }),
        ),
        (
            curate::SKILL,
            json!({ "type": "external_select", "selected_option": opt(skill) }),
        ),
        (
            curate::NEW_NAME,
            json!({ "type": "plain_text_input", "value": new_name }),
        ),
        (
            curate::MERGE,
            json!({ "type": "multi_external_select", "selected_options": merge.iter().map(|m| opt(m)).collect::<Vec<_>>() }),
        ),
        (
            curate::RELATED,
            json!({ "type": "multi_external_select", "selected_options": related.iter().map(|m| opt(m)).collect::<Vec<_>>() }),
        ),
    ])
}

/// Clicks "Curate skills" on Home and returns the modal Slack was asked to open.
async fn open_curation(app: &TestApp, user: &str) -> Value {
    let before = app.slack.calls_to("views.open").len();
    let res = app
        .click_home(user, curate::HOME_BUTTON, "curate", None)
        .await;
    assert_eq!(res.status(), 200);
    let calls = app.slack.calls_to("views.open");
    assert_eq!(calls.len(), before + 1, "the curation modal opens");
    let view = calls[before].body["view"].clone();
    assert_eq!(view["callback_id"], ids::CURATE_MODAL);
    view
}

/// Submits the curation modal as `ADMIN`; returns the response body ("" closes it).
async fn curate_as(app: &TestApp, user: &str, values: Value) -> String {
    let view = json!({ "callback_id": ids::CURATE_MODAL, "private_metadata": "", "title": { "type": "plain_text", "text": "Curate skills" }, "blocks": [] });
    let res = app.submit_view(user, &view, values).await;
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    app.settle().await;
    body
}

/// The error shown under a field, from a `response_action: errors` body.
fn error_under(body: &str, block: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not errors: {body}"));
    assert_eq!(v["response_action"], "errors", "{body}");
    v["errors"][block]
        .as_str()
        .unwrap_or_else(|| panic!("no error under {block}: {body}"))
        .to_owned()
}

async fn suggest(app: &TestApp, action_id: &str, query: &str) -> Vec<(String, String)> {
    let payload = json!({
        "type": "block_suggestion",
        "user": { "id": "U1", "team_id": TEAM_ID },
        "team": { "id": TEAM_ID, "domain": "testco" },
        "api_app_id": "A0APP",
        "token": "deprecated",
        "container": { "type": "view", "view_id": "V123" },
        "action_id": action_id,
        "block_id": action_id,
        "value": query,
        "view": { "id": "V123", "type": "modal", "callback_id": ids::ASK_MODAL, "private_metadata": "" }
    });
    let res = app.interaction(&payload).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["text"]["text"].as_str().unwrap().to_owned(),
                o["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn skills_of_mentor(app: &TestApp, user: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT slug FROM mentor_skills WHERE user_id = $1 ORDER BY slug")
        .bind(user)
        .fetch_all(&app.db)
        .await
        .unwrap()
}

async fn skills_of_ask(app: &TestApp, ask_id: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT slug FROM ask_skills WHERE ask_id = $1 ORDER BY slug")
        .bind(ask_id)
        .fetch_all(&app.db)
        .await
        .unwrap()
}

async fn vocabulary(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as("SELECT slug, label FROM skills WHERE team_id = $1 ORDER BY slug")
        .bind(TEAM_ID)
        .fetch_all(&app.db)
        .await
        .unwrap()
}

async fn synonyms(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as("SELECT slug, skill_slug FROM skill_synonyms WHERE team_id = $1 ORDER BY slug")
        .bind(TEAM_ID)
        .fetch_all(&app.db)
        .await
        .unwrap()
}

/// The DMs (texts) the bot sent this person.
fn dms(app: &TestApp, user: &str) -> Vec<String> {
    app.slack
        .calls_to("chat.postMessage")
        .into_iter()
        .filter(|c| c.body["channel"] == user)
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn only_admins_see_the_button_and_a_non_admin_can_change_nothing() {
    let app = app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    add_skill(&app, "COBOL").await;
    assert!(action_ids(&app.open_home(ADMIN).await).contains(&curate::HOME_BUTTON.to_owned()));
    assert!(!action_ids(&app.open_home("UNOBODY").await).contains(&curate::HOME_BUTTON.to_owned()));

    // A click all the same (a forged payload): no modal, a polite DM.
    let opened = app.slack.calls_to("views.open").len();
    app.click_home("UNOBODY", curate::HOME_BUTTON, "curate", None)
        .await;
    assert_eq!(app.slack.calls_to("views.open").len(), opened);
    let told = dms(&app, "UNOBODY");
    assert!(
        told.iter().any(|t| t.contains("Only programme owners")),
        "{told:?}"
    );

    // A forged submission changes nothing either.
    let before = vocabulary(&app).await;
    for attempt in [
        values("delete", "cobol", "", &[], &[]),
        values("rename", "rust", "Rustlang", &[], &[]),
        values("merge", "rust", "", &["cobol"], &[]),
    ] {
        let body = curate_as(&app, "UNOBODY", attempt).await;
        assert!(error_under(&body, curate::ACTION).contains("Only programme owners"));
    }
    assert_eq!(vocabulary(&app).await, before);
    assert!(synonyms(&app).await.is_empty());

    // The admin's click opens the modal; a Slack workspace admin's too.
    let view = open_curation(&app, ADMIN).await;
    crate::helpers::block_kit::check_view(&view).unwrap();
    app.slack.set_admin("UWSADMIN");
    open_curation(&app, "UWSADMIN").await;
}

#[tokio::test]
async fn rename_keeps_mentors_and_asks_attached() {
    let app = app().await;
    seed_mentor(&app, "UM1", &["Javascript"]).await;
    let ask_id = app
        .ask("UASKER", &AskValues::new("Closures?", &["Javascript"]))
        .await;

    // A spelling fix: the slug stays, only the label changes.
    let body = curate_as(
        &app,
        ADMIN,
        values("rename", "javascript", "JavaScript", &[], &[]),
    )
    .await;
    assert_eq!(body, "");
    assert_eq!(
        vocabulary(&app).await,
        [("javascript".into(), "JavaScript".into())]
    );
    assert!(synonyms(&app).await.is_empty());
    assert_eq!(skills_of_mentor(&app, "UM1").await, ["javascript"]);

    // A new name: mentors and asks move with it, the old name still finds it.
    let body = curate_as(
        &app,
        ADMIN,
        values("rename", "javascript", "ECMAScript", &[], &[]),
    )
    .await;
    assert_eq!(body, "");
    assert_eq!(
        vocabulary(&app).await,
        [("ecmascript".into(), "ECMAScript".into())]
    );
    assert_eq!(skills_of_mentor(&app, "UM1").await, ["ecmascript"]);
    assert_eq!(skills_of_ask(&app, ask_id).await, ["ecmascript"]);
    assert_eq!(
        synonyms(&app).await,
        [("javascript".into(), "ecmascript".into())]
    );
    assert_eq!(
        suggest(&app, ask::SKILLS, "javascript").await,
        [("ECMAScript".into(), "ecmascript".into())]
    );
    let told = dms(&app, ADMIN);
    assert!(
        told.last()
            .unwrap()
            .contains("Renamed “JavaScript” to “ECMAScript”: its 1 mentor and 1 ask keep it."),
        "{told:?}"
    );

    // The old name back: the synonym becomes the name again, nothing is lost.
    let body = curate_as(
        &app,
        ADMIN,
        values("rename", "ecmascript", "JavaScript", &[], &[]),
    )
    .await;
    assert_eq!(body, "");
    assert_eq!(skills_of_mentor(&app, "UM1").await, ["javascript"]);
    assert_eq!(skills_of_ask(&app, ask_id).await, ["javascript"]);
    assert_eq!(
        synonyms(&app).await,
        [("ecmascript".into(), "javascript".into())]
    );

    // Another skill's name is taken: merging is how two become one.
    seed_mentor(&app, "UM2", &["TypeScript"]).await;
    let body = curate_as(
        &app,
        ADMIN,
        values("rename", "javascript", "typescript", &[], &[]),
    )
    .await;
    assert!(error_under(&body, curate::NEW_NAME).contains("another skill"));
    let body = curate_as(
        &app,
        ADMIN,
        values("rename", "typescript", "ECMAScript", &[], &[]),
    )
    .await;
    assert!(error_under(&body, curate::NEW_NAME).contains("another name of “JavaScript”"));
    let body = curate_as(&app, ADMIN, values("rename", "javascript", "", &[], &[])).await;
    assert_eq!(error_under(&body, curate::NEW_NAME), "Type the new name.");
    assert_eq!(skills_of_mentor(&app, "UM2").await, ["typescript"]);
}

#[tokio::test]
async fn merge_moves_mentors_and_asks_and_the_old_name_becomes_a_synonym() {
    let app = app().await;
    seed_mentor(&app, "UM1", &["JavaScript"]).await;
    seed_mentor(&app, "UM2", &["js"]).await;
    seed_mentor(&app, "UM3", &["JavaScript", "js"]).await;
    add_skill(&app, "JSON").await;
    let old_ask = app
        .ask("UASKER", &AskValues::new("Promises?", &["js"]))
        .await;

    let body = curate_as(&app, ADMIN, values("merge", "javascript", "", &["js"], &[])).await;
    assert_eq!(body, "");
    assert_eq!(
        vocabulary(&app).await,
        [
            ("javascript".into(), "JavaScript".into()),
            ("json".into(), "JSON".into())
        ]
    );
    for mentor in ["UM1", "UM2", "UM3"] {
        assert_eq!(
            skills_of_mentor(&app, mentor).await,
            ["javascript"],
            "{mentor}"
        );
    }
    assert_eq!(skills_of_ask(&app, old_ask).await, ["javascript"]);
    assert_eq!(synonyms(&app).await, [("js".into(), "javascript".into())]);
    let told = dms(&app, ADMIN);
    assert!(
        told.last()
            .unwrap()
            .contains("Merged “js” into “JavaScript”: 2 mentors and 1 ask moved to it."),
        "{told:?}"
    );

    // Suggestions for "js" offer JavaScript first, as the skill itself.
    let found = suggest(&app, ask::SKILLS, "js").await;
    assert_eq!(
        found[0],
        ("JavaScript".into(), "javascript".into()),
        "{found:?}"
    );
    assert!(!found.iter().any(|(_, v)| v == "js"));
    // So do the curation modal's own selects.
    assert_eq!(suggest(&app, curate::MERGE, "js").await[0].1, "javascript");

    // `/ask help with js` pre-selects JavaScript.
    let view = app.open_modal("UASKER2", "/ask", "help with js").await;
    let skills = view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["block_id"] == ask::SKILLS)
        .unwrap()["element"]["initial_options"]
        .clone();
    assert_eq!(
        skills,
        json!([{ "text": { "type": "plain_text", "text": "JavaScript", "emoji": true }, "value": "javascript" }])
    );

    // An ask tagged with the old name (a form opened before the merge) is
    // stored with the skill and reaches its mentors, UM1 included.
    let mut stale = AskValues::new("Event loop?", &[]);
    stale.skills = vec![("js".into(), "js".into())];
    let new_ask = app.ask("UASKER3", &stale).await;
    assert_eq!(skills_of_ask(&app, new_ask).await, ["javascript"]);
    let offered: Vec<String> = app
        .offers(new_ask)
        .await
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    assert_eq!(offered, ["UM1", "UM2", "UM3"]);

    // A mentor typing the old name gets the skill, not a new one.
    let mentor_view = app.open_modal("UM4", "/mentor", "").await;
    let form = crate::helpers::mentor_form::MentorForm {
        new_skills: Some("JS".into()),
        ..Default::default()
    };
    let res = app.submit_view("UM4", &mentor_view, form.values()).await;
    assert_eq!(res.text().await.unwrap(), "");
    assert_eq!(skills_of_mentor(&app, "UM4").await, ["javascript"]);
    assert_eq!(vocabulary(&app).await.len(), 2);

    // Merging a name that is already the skill's own, or nothing: per-field errors.
    let body = curate_as(&app, ADMIN, values("merge", "javascript", "", &["js"], &[])).await;
    assert_eq!(
        error_under(&body, curate::MERGE),
        "“js” is already a name of “JavaScript”."
    );
    let body = curate_as(&app, ADMIN, values("merge", "javascript", "", &[], &[])).await;
    assert!(error_under(&body, curate::MERGE).contains("Choose the skills"));
    let body = curate_as(&app, ADMIN, values("", "", "", &[], &[])).await;
    assert_eq!(error_under(&body, curate::ACTION), "Choose what to do.");
    assert_eq!(error_under(&body, curate::SKILL), "Choose a skill.");
}

#[tokio::test]
async fn deleting_a_used_skill_is_refused_and_an_unused_one_goes() {
    let app = app().await;
    seed_mentor(&app, "UM1", &["Rust"]).await;
    add_skill(&app, "Haskell").await;
    add_skill(&app, "COBOL").await;
    app.ask("UASKER", &AskValues::new("Monads?", &["Haskell"]))
        .await;

    let body = curate_as(&app, ADMIN, values("delete", "rust", "", &[], &[])).await;
    assert_eq!(
        error_under(&body, curate::SKILL),
        "“Rust” is used by 1 mentor, so it can't be deleted. Merge it into another skill instead: they keep it under that name."
    );
    let body = curate_as(&app, ADMIN, values("delete", "haskell", "", &[], &[])).await;
    assert!(error_under(&body, curate::SKILL).contains("used by 1 ask"));
    assert_eq!(vocabulary(&app).await.len(), 3);

    // Related links and synonyms of a deleted skill go with it.
    let body = curate_as(&app, ADMIN, values("related", "rust", "", &[], &["cobol"])).await;
    assert_eq!(body, "");
    let body = curate_as(&app, ADMIN, values("delete", "cobol", "", &[], &[])).await;
    assert_eq!(body, "");
    let left: Vec<String> = vocabulary(&app).await.into_iter().map(|(s, _)| s).collect();
    assert_eq!(left, ["haskell", "rust"]);
    let links: i64 = sqlx::query_scalar("SELECT count(*) FROM related_skills")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(links, 0);
    assert!(dms(&app, ADMIN).last().unwrap().contains("Deleted “COBOL”"));

    // Gone means gone: a form still naming it says so.
    let body = curate_as(&app, ADMIN, values("delete", "cobol", "", &[], &[])).await;
    assert_eq!(
        error_under(&body, curate::SKILL),
        "“cobol” is no longer in the skill list."
    );
}

#[tokio::test]
async fn related_skills_are_offered_at_the_reminder_step_and_not_before() {
    let app = app().await;
    seed_mentor(&app, "UJS", &["JavaScript"]).await;
    seed_mentor(&app, "UTS", &["TypeScript"]).await;
    seed_mentor(&app, "UGO", &["Go"]).await;
    let body = curate_as(
        &app,
        ADMIN,
        values("related", "javascript", "", &[], &["typescript"]),
    )
    .await;
    assert_eq!(body, "");
    // A skill is never related to itself, by any of its names.
    add_skill(&app, "js").await;
    curate_as(&app, ADMIN, values("merge", "javascript", "", &["js"], &[])).await;
    let body = curate_as(
        &app,
        ADMIN,
        values("related", "javascript", "", &[], &["js", "typescript"]),
    )
    .await;
    assert!(error_under(&body, curate::RELATED).contains("can't be related to itself"));

    let ask_id = app
        .ask("UASKER", &AskValues::new("Closures?", &["JavaScript"]))
        .await;
    // First pass: room for three, but only the skill's own mentor is asked.
    assert_eq!(app.offers(ask_id).await, [("UJS".into(), "pending".into())]);
    // Their "not my area" brings in nobody outside the skill either.
    app.click("UJS", action::DECLINE_NOT_MY_AREA, &ask_id.to_string())
        .await;
    app.settle().await;
    app.advance_and_run(Duration::hours(3)).await;
    assert_eq!(
        app.offers(ask_id).await,
        [("UJS".into(), "declined".into())]
    );

    // The reminder widens the net: now the related skill's mentor, never Go's.
    app.advance_and_run(Duration::hours(1)).await;
    assert_eq!(
        app.offers(ask_id).await,
        [
            ("UJS".into(), "declined".into()),
            ("UTS".into(), "pending".into())
        ]
    );
}

/// An admin relates TypeScript to JavaScript; UASKER then asks about closures
/// (JavaScript). Returns the ask.
async fn closures_with_typescript_related(app: &TestApp) -> i64 {
    let body = curate_as(
        app,
        ADMIN,
        values("related", "javascript", "", &[], &["typescript"]),
    )
    .await;
    assert_eq!(body, "");
    app.ask("UASKER", &AskValues::new("Closures?", &["JavaScript"]))
        .await
}

#[tokio::test]
async fn at_the_reminder_the_asks_own_skill_comes_before_related_skills() {
    let app = app_with(|s| s.mentors_per_ask = 1).await;
    seed_mentor(&app, "UJS1", &["JavaScript"]).await;
    seed_mentor(&app, "UJS2", &["JavaScript"]).await;
    seed_mentor(&app, "UTS", &["TypeScript"]).await;
    let ask_id = closures_with_typescript_related(&app).await;
    assert_eq!(app.offers(ask_id).await.len(), 1);
    // One slot at the reminder: the other JavaScript mentor takes it.
    app.advance_and_run(Duration::hours(4)).await;
    let offered: Vec<String> = app
        .offers(ask_id)
        .await
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    assert_eq!(offered, ["UJS1", "UJS2"]);
}

#[tokio::test]
async fn once_the_reminder_widened_the_net_a_decline_brings_in_the_next_related_skill_mentor() {
    let app = app_with(|s| s.mentors_per_ask = 1).await;
    seed_mentor(&app, "UJS", &["JavaScript"]).await;
    seed_mentor(&app, "UTS1", &["TypeScript"]).await;
    seed_mentor(&app, "UTS2", &["TypeScript"]).await;
    let ask_id = closures_with_typescript_related(&app).await;
    // Before the reminder a decline brings nobody: related skills wait for it.
    app.click("UJS", action::DECLINE_NO_TIME, &ask_id.to_string())
        .await;
    app.settle().await;
    assert_eq!(
        app.offers(ask_id).await,
        [("UJS".into(), "declined".into())]
    );
    // The reminder offers one related mentor; their "no" brings the next one.
    app.advance_and_run(Duration::hours(4)).await;
    assert_eq!(
        app.offers(ask_id).await[1],
        ("UTS1".into(), "pending".into())
    );
    app.click("UTS1", action::DECLINE_NO_TIME, &ask_id.to_string())
        .await;
    app.settle().await;
    assert_eq!(
        app.offers(ask_id).await[2],
        ("UTS2".into(), "pending".into())
    );
}

#[tokio::test]
async fn a_digest_channel_named_by_a_synonym_lists_the_skills_asks() {
    let app = app_with(|s| {
        s.digests = DigestSettings::parse(&[], "js=C0JS", "0 9 * * 1-5", chrono_tz::Europe::London)
            .unwrap();
    })
    .await;
    add_skill(&app, "JavaScript").await;
    add_skill(&app, "js").await;
    curate_as(&app, ADMIN, values("merge", "javascript", "", &["js"], &[])).await;
    app.ask("UASKER", &AskValues::new("Hoisting?", &["JavaScript"]))
        .await;
    app.advance_and_run(Duration::days(1)).await;
    let posted: Vec<Value> = app
        .slack
        .accepted("chat.postMessage")
        .into_iter()
        .map(|c| c.body)
        .filter(|b| b["channel"] == "C0JS")
        .collect();
    assert_eq!(posted.len(), 1);
    assert!(posted[0].to_string().contains("Hoisting?"));
}

#[tokio::test]
async fn a_skills_file_with_synonyms_loads_idempotently() {
    let dir = std::env::temp_dir().join(format!("mm-synonyms-{}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("skills.txt");
    std::fs::write(
        &file,
        "# seed\nJavaScript: js, ecmascript, node.js\nRust\nSQL: postgres, SQL\n",
    )
    .unwrap();
    let f = file.clone();
    let app = app_with(move |s| s.skills_file = Some(f)).await;
    let expect_synonyms: Vec<(String, String)> = vec![
        ("ecmascript".into(), "javascript".into()),
        ("js".into(), "javascript".into()),
        ("node-js".into(), "javascript".into()),
        ("postgres".into(), "sql".into()),
    ];
    assert_eq!(vocabulary(&app).await.len(), 3);
    assert_eq!(synonyms(&app).await, expect_synonyms);
    assert_eq!(
        suggest(&app, ask::SKILLS, "node").await,
        [("JavaScript".into(), "javascript".into())]
    );

    // A second start adds nothing; an admin's curation since is kept.
    curate_as(&app, ADMIN, values("rename", "sql", "Databases", &[], &[])).await;
    let again = micromentor::Application::build(
        {
            let mut s = app.state.settings.clone();
            s.skills_file = Some(file);
            s
        },
        app.clock.clone(),
    )
    .await
    .unwrap();
    drop(again);
    let slugs: Vec<String> = vocabulary(&app).await.into_iter().map(|(s, _)| s).collect();
    assert_eq!(slugs, ["databases", "javascript", "rust"]);
    let now: Vec<(String, String)> = synonyms(&app).await;
    assert_eq!(
        now,
        [
            ("ecmascript".into(), "javascript".into()),
            ("js".into(), "javascript".into()),
            ("node-js".into(), "javascript".into()),
            ("postgres".into(), "databases".into()),
            ("sql".into(), "databases".into()),
        ]
    );
}
