//! Admin charts and the CSV download: PNGs uploaded through Slack's upload flow
//! (`files.getUploadURLExternal`, the bytes, `files.completeUploadExternal`),
//! shared into the admin's DM and shown on their Home with `slack_file` image
//! blocks; not uploaded again within the hour; never for non-admins; Home
//! published without pictures when Slack refuses; the CSV DM'd to admins only.

use chrono::Duration;
use serde_json::Value;

use crate::helpers::asks::{add_skill, seed_mentor, AskValues};
use crate::helpers::fake_slack::BOT_TOKEN;
use crate::helpers::home::{action_ids, view_text};
use crate::helpers::{spawn_app_with, FakeSlack, Fault, Options, TestApp};
use micromentor::slack::client::{FileUpload, RetryPolicy};
use micromentor::slack::{SlackApi, SlackError};
use micromentor::views::ids::{action, home};

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

async fn app_with_admin() -> TestApp {
    let app = spawn_app_with(Options {
        settings: Some(Box::new(|s| s.admins.users = vec!["UBOSS".into()])),
        ..Default::default()
    })
    .await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    add_skill(&app, "Haskell").await;
    app
}

/// The image blocks of a view.
fn images(view: &Value) -> Vec<Value> {
    view["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| b["type"] == "image")
        .cloned()
        .collect()
}

fn file_ids(view: &Value) -> Vec<String> {
    images(view)
        .iter()
        .map(|b| b["slack_file"]["id"].as_str().unwrap().to_owned())
        .collect()
}

fn upload_calls(app: &TestApp) -> (usize, usize, usize) {
    (
        app.slack.calls_to("files.getUploadURLExternal").len(),
        app.slack.calls_to("upload").len(),
        app.slack.calls_to("files.completeUploadExternal").len(),
    )
}

#[tokio::test]
async fn an_admin_opening_home_uploads_two_pngs_and_sees_them_with_their_figures_in_words() {
    let app = app_with_admin().await;
    app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    app.ask("UASKER", &AskValues::new("Monads?", &["Haskell"]))
        .await;

    let view = app.open_home("UBOSS").await;

    assert_eq!(upload_calls(&app), (2, 2, 2));
    let files = app.slack.completed_files();
    assert_eq!(files.len(), 2);
    for f in &files {
        let bytes = f.bytes.as_deref().unwrap();
        assert!(bytes.starts_with(PNG_MAGIC), "{} is not a PNG", f.filename);
        assert!(
            bytes.len() > 5_000,
            "{} is {} bytes",
            f.filename,
            bytes.len()
        );
        assert_eq!(f.length, bytes.len());
        assert_eq!(f.content_type.as_deref(), Some("image/png"));
        // Shared into the admin's DM with the bot, so they may see it.
        assert_eq!(f.channel.as_deref(), Some("DUBOSS"));
        // The upload URL gets the bytes, never the bot token.
        assert_eq!(f.upload_authorization, None);
        assert!(f.alt_txt.as_deref().is_some_and(|a| !a.is_empty()));
    }
    let ids: Vec<String> = files.iter().map(|f| f.id.clone()).collect();
    assert_eq!(file_ids(&view), ids);
    let imgs = images(&view);
    // The trend states every week's figures; this week has the two asks.
    let trend_alt = imgs[0]["alt_text"].as_str().unwrap();
    assert!(
        trend_alt.contains("Asks: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 (2 in all)"),
        "{trend_alt}"
    );
    let gaps_alt = imgs[1]["alt_text"].as_str().unwrap();
    assert!(
        gaps_alt.contains("Haskell: 1 ask nobody available could take, 0 mentors available"),
        "{gaps_alt}"
    );
    // The text figures stay beside the pictures.
    let text = view_text(&view);
    assert!(
        text.contains("*Asks per week, last 12 weeks:* 2 asks"),
        "{text}"
    );
    assert!(
        text.contains("Haskell (1 unmet, 0 mentors available)"),
        "{text}"
    );
    assert!(action_ids(&view).contains(&home::DOWNLOAD_CSV.to_owned()));
    // In the organisation's part, after its figures.
    let blocks = view["blocks"].as_array().unwrap();
    let starting = |prefix: &str| {
        blocks.iter().position(|b| {
            b["text"]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with(prefix))
        })
    };
    let org = starting("*Last 30 days:*").expect("the organisation's figures");
    let charts = starting("*Asks per week").expect("the trend's figures");
    assert!(charts > org, "charts at {charts}, figures at {org}");
    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
}

#[tokio::test]
async fn opening_home_again_within_the_hour_uploads_nothing_and_changed_figures_later_do() {
    let app = app_with_admin().await;
    app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    let first = file_ids(&app.open_home("UBOSS").await);
    assert_eq!(first.len(), 2);

    // Within the hour, with new figures: the same pictures.
    app.ask("UASKER", &AskValues::new("Monads?", &["Haskell"]))
        .await;
    app.clock.advance(Duration::minutes(59));
    let again = app.open_home("UBOSS").await;
    assert_eq!(upload_calls(&app), (2, 2, 2));
    assert_eq!(file_ids(&again), first);
    // The text is current all the same.
    assert!(view_text(&again).contains("Haskell (1 unmet"));

    // Past the hour with changed figures: both drawn and uploaded anew.
    app.clock.advance(Duration::minutes(2));
    let later = file_ids(&app.open_home("UBOSS").await);
    assert_eq!(upload_calls(&app), (4, 4, 4));
    assert_eq!(later.len(), 2);
    assert!(later.iter().all(|id| !first.contains(id)), "{later:?}");

    // Hours later, nothing changed: still no new file.
    app.clock.advance(Duration::hours(5));
    assert_eq!(file_ids(&app.open_home("UBOSS").await), later);
    assert_eq!(upload_calls(&app), (4, 4, 4));
    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
}

#[tokio::test]
async fn home_republished_while_the_admin_is_elsewhere_uploads_nothing_new() {
    let app = app_with_admin().await;
    // The admin mentors too: an offer republishes their Home.
    seed_mentor(&app, "UBOSS", &["Go"]).await;
    let first = file_ids(&app.open_home("UBOSS").await);
    assert_eq!(upload_calls(&app), (2, 2, 2));

    app.clock.advance(Duration::hours(2));
    let homes = app.homes_of("UBOSS").len();
    app.ask("UASKER", &AskValues::new("Goroutines?", &["Go"]))
        .await;
    let refreshed = app.homes_of("UBOSS");
    assert!(refreshed.len() > homes, "the offer republished Home");
    let view = refreshed.last().unwrap();
    assert!(view_text(view).contains("*Asks per week, last 12 weeks:* 1 ask"));
    assert_eq!(file_ids(view), first, "the pictures already there");
    assert_eq!(upload_calls(&app), (2, 2, 2));

    // Opening Home: now they are looking, and the figures changed.
    let later = file_ids(&app.open_home("UBOSS").await);
    assert_eq!(upload_calls(&app), (3, 3, 3), "only the trend changed");
    assert_ne!(later[0], first[0]);
    assert_eq!(later[1], first[1]);
    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
}

#[tokio::test]
async fn someone_who_is_not_an_admin_uploads_nothing_and_sees_no_charts() {
    let app = app_with_admin().await;
    app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    for user in ["UASKER", "UM1"] {
        let view = app.open_home(user).await;
        assert!(images(&view).is_empty());
        assert!(!action_ids(&view).contains(&home::DOWNLOAD_CSV.to_owned()));
        assert!(!view_text(&view).contains("Asks per week"));
    }
    assert_eq!(upload_calls(&app), (0, 0, 0));
    assert!(app.slack.files().is_empty());
}

#[tokio::test]
async fn when_slack_refuses_the_upload_home_is_published_without_pictures() {
    let app = app_with_admin().await;
    app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    app.slack.fail_next(
        "files.getUploadURLExternal",
        Fault::ApiError("missing_scope"),
    );
    // The second chart's bytes are refused by the upload URL.
    app.slack.fail_next("upload", Fault::Status(400));

    let view = app.open_home("UBOSS").await;
    assert!(images(&view).is_empty(), "{:?}", images(&view));
    assert!(app.slack.completed_files().is_empty());
    assert!(view_text(&view).contains("*Asks per week, last 12 weeks:* 1 ask"));
    assert!(action_ids(&view).contains(&home::DOWNLOAD_CSV.to_owned()));

    // Not retried at every view...
    app.clock.advance(Duration::minutes(4));
    assert!(images(&app.open_home("UBOSS").await).is_empty());
    assert_eq!(app.slack.calls_to("files.getUploadURLExternal").len(), 2);
    // ...but a few minutes later.
    app.clock.advance(Duration::minutes(2));
    let view = app.open_home("UBOSS").await;
    assert_eq!(images(&view).len(), 2);
    assert_eq!(upload_calls(&app), (4, 3, 2));
}

// ------------------------------------------------------------------- the CSV

const HEADER: &str =
    "ask_id,created_at,skills,time_box_minutes,status,matched_at,minutes_to_match,mentors,ratings\r\n";

async fn click_csv(app: &TestApp, user: &str) {
    let res = app.click_home(user, home::DOWNLOAD_CSV, "csv", None).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn download_csv_dms_the_admin_the_asks_of_the_last_30_days_without_free_text() {
    let app = app_with_admin().await;
    seed_mentor(&app, "UM2", &["Rust"]).await;
    // Too old for the window.
    app.ask("UASKER", &AskValues::new("OLD-TOPIC", &["SQL"]))
        .await;
    app.clock.advance(Duration::days(31));

    let mut matched = AskValues::new("SECRET-TOPIC", &["SQL", "Rust"]);
    matched.details = Some("SECRET-DETAILS, with \"quotes\"".into());
    matched.time_box = "30";
    let a1 = app.ask("UASKER", &matched).await;
    app.clock
        .advance(Duration::minutes(90) + Duration::seconds(15));
    app.click("UM1", action::ACCEPT, &a1.to_string()).await;
    app.settle().await;
    assert_eq!(app.ask_status(a1).await, "matched");
    sqlx::query(
        "INSERT INTO session_outcomes (ask_id, mentor_id, team_id, happened, rating, note, recorded_at)
         VALUES ($1, 'UM1', $2, 'yes', 4, 'SECRET-NOTE', now())",
    )
    .bind(a1)
    .bind(crate::helpers::TEAM_ID)
    .execute(&app.db)
    .await
    .unwrap();
    let a2 = app
        .ask("UASKER2", &AskValues::new("OTHER-SECRET", &["Haskell"]))
        .await;

    app.clock.advance(Duration::minutes(5));
    click_csv(&app, "UBOSS").await;

    let files: Vec<_> = app
        .slack
        .completed_files()
        .into_iter()
        .filter(|f| f.filename.ends_with(".csv"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let csv = &files[0];
    assert_eq!(csv.filename, "micromentor-asks-2026-04-02.csv");
    assert_eq!(csv.channel.as_deref(), Some("DUBOSS"));
    assert_eq!(csv.content_type.as_deref(), Some("text/csv"));
    assert_eq!(
        csv.initial_comment.as_deref(),
        Some("The 2 asks of the last 30 days, with their matches and ratings.")
    );
    let contents = String::from_utf8(csv.bytes.clone().unwrap()).unwrap();
    assert_eq!(
        contents,
        format!(
            "{HEADER}\
             {a1},2026-04-02T10:00:00Z,rust;sql,30,matched,2026-04-02T11:30:15Z,90,1,4\r\n\
             {a2},2026-04-02T11:30:15Z,haskell,20,open,,,0,\r\n"
        )
    );
    for secret in ["SECRET", "OLD-TOPIC", "UASKER", "UM1"] {
        assert!(!contents.contains(secret), "{secret} in {contents}");
    }
    assert!(
        app.slack.refusals().is_empty(),
        "{:?}",
        app.slack.refusals()
    );
}

#[tokio::test]
async fn the_csv_follows_the_window_the_admin_chose_for_their_figures() {
    let app = app_with_admin().await;
    app.ask("UASKER", &AskValues::new("Ten days ago", &["SQL"]))
        .await;
    app.clock.advance(Duration::days(10));
    let recent = app.ask("UASKER", &AskValues::new("Today", &["SQL"])).await;
    app.open_home("UBOSS").await;
    app.click_home("UBOSS", home::INSIGHTS_WEEK, "7", None)
        .await;
    click_csv(&app, "UBOSS").await;
    let files: Vec<_> = app
        .slack
        .completed_files()
        .into_iter()
        .filter(|f| f.filename.ends_with(".csv"))
        .collect();
    let contents = String::from_utf8(files[0].bytes.clone().unwrap()).unwrap();
    let rows: Vec<&str> = contents.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{contents}");
    assert!(rows[0].starts_with(&format!("{recent},")), "{contents}");
    assert!(files[0]
        .initial_comment
        .as_deref()
        .unwrap()
        .contains("last 7 days"));
}

#[tokio::test]
async fn download_csv_by_someone_else_sends_nothing_but_a_polite_dm() {
    let app = app_with_admin().await;
    app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    click_csv(&app, "UASKER").await;
    assert_eq!(upload_calls(&app), (0, 0, 0));
    let told: Vec<String> = app
        .slack
        .calls_to("chat.postMessage")
        .into_iter()
        .filter(|c| c.body["channel"] == "UASKER")
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        told.last().map(String::as_str),
        Some(micromentor::views::charts::NOT_ADMIN)
    );
}

#[tokio::test]
async fn an_admin_with_no_history_gets_a_csv_of_the_header_and_charts_saying_no_data() {
    let app = app_with_admin().await;
    let view = app.open_home("UBOSS").await;
    assert_eq!(images(&view).len(), 2);
    assert!(images(&view)[0]["alt_text"]
        .as_str()
        .unwrap()
        .contains("No asks in the last 12 weeks yet"));
    click_csv(&app, "UBOSS").await;
    let csv = app
        .slack
        .completed_files()
        .into_iter()
        .find(|f| f.filename.ends_with(".csv"))
        .expect("a CSV");
    assert_eq!(csv.bytes.as_deref(), Some(HEADER.as_bytes()));
}

// ------------------------------------------------------ the client's upload

fn client(api_url: &str) -> SlackApi {
    micromentor::slack::client::install_crypto_provider();
    SlackApi::new(
        api_url,
        BOT_TOKEN,
        RetryPolicy {
            base_backoff: Duration::milliseconds(10).to_std().unwrap(),
            ..RetryPolicy::default()
        },
    )
}

fn upload<'a>(bytes: &'a [u8], channel: Option<&'a str>) -> FileUpload<'a> {
    FileUpload {
        filename: "a.csv",
        content_type: "text/csv",
        bytes,
        title: "A title",
        alt_text: None,
        channel_id: channel,
        initial_comment: Some("Here it is"),
    }
}

#[tokio::test]
async fn upload_file_does_the_three_steps_and_shares_the_file() {
    let slack = FakeSlack::start().await;
    let file = client(&slack.url)
        .upload_file(&upload(b"a,b\r\n1,2\r\n", Some("D123")))
        .await
        .unwrap();
    let calls: Vec<String> = slack.calls().into_iter().map(|c| c.method).collect();
    assert_eq!(
        calls,
        [
            "files.getUploadURLExternal",
            "upload",
            "files.completeUploadExternal"
        ]
    );
    let get = &slack.calls_to("files.getUploadURLExternal")[0];
    assert_eq!(get.body["filename"], "a.csv");
    assert_eq!(get.body["length"], "10");
    let stored = &slack.files()[0];
    assert_eq!(file.id, stored.id);
    assert_eq!(stored.bytes.as_deref(), Some(&b"a,b\r\n1,2\r\n"[..]));
    assert!(stored.completed);
    assert_eq!(stored.title.as_deref(), Some("A title"));
    assert_eq!(stored.channel.as_deref(), Some("D123"));
    assert_eq!(stored.initial_comment.as_deref(), Some("Here it is"));
    // The token goes to the Web API, never to the upload URL.
    assert_eq!(stored.upload_authorization, None);
    let complete = &slack.calls_to("files.completeUploadExternal")[0];
    assert_eq!(
        complete.authorization.as_deref(),
        Some(format!("Bearer {BOT_TOKEN}").as_str())
    );
}

#[tokio::test]
async fn upload_file_sends_nothing_to_an_upload_url_that_is_neither_https_nor_slacks() {
    let slack = FakeSlack::start().await;
    // The Web API is reached as `localhost`; the fake names its upload URL with
    // `127.0.0.1`: another origin, over plain http.
    let api = slack.url.replace("127.0.0.1", "localhost");
    let err = client(&api)
        .upload_file(&upload(b"x", None))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SlackError::Protocol { detail, .. } if detail.contains("not https")),
        "{err:?}"
    );
    assert!(slack.calls_to("upload").is_empty());
    assert!(slack.calls_to("files.completeUploadExternal").is_empty());
}

#[tokio::test]
async fn slack_refuses_to_complete_an_unknown_file() {
    let slack = FakeSlack::start().await;
    let answer = client(&slack.url)
        .post(
            "files.completeUploadExternal",
            &serde_json::json!({ "files": [{ "id": "FNOPE", "title": "x" }] }),
        )
        .await;
    assert_eq!(
        answer.unwrap_err().code(),
        Some("file_not_found"),
        "the fake refuses what Slack refuses"
    );
}
