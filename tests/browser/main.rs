//! The playground in a real browser: headless Chromium, driven over WebDriver,
//! clicks through `micromentor demo` as people would. A mentor opts in with the
//! settings modal (and first sees the error Slack would show under the skills),
//! someone asks with the ask form (picking the skill from live suggestions), the
//! mentor accepts in their DM, both see the intro, and time travel brings the
//! follow-up.
//!
//! Needs Postgres (like every test) and Debian's `chromium` + `chromium-driver`.
//! Without the browser it prints why and passes, so `cargo test` works on any
//! machine; `REQUIRE_BROWSER=1` (CI) makes a missing browser a failure.
//! `SCREENSHOTS=docs` also saves PNGs of the offer, the intro, the digest and Home
//! (`scripts/screenshots`).

#[path = "../api/helpers/db.rs"]
mod db;
mod webdriver;

use micromentor::config::Settings;
use micromentor::demo::Demo;
use std::time::Instant;
use webdriver::{Browser, Session};

/// Enter, as WebDriver types it.
const ENTER: &str = "\u{E007}";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mentor_opts_in_someone_asks_they_meet_and_are_followed_up_in_the_browser() {
    let Some(browser) = Browser::find() else {
        let why = "no chromedriver and Chromium on PATH (Debian: apt-get install -y chromium chromium-driver)";
        assert!(
            std::env::var_os("REQUIRE_BROWSER").is_none(),
            "REQUIRE_BROWSER is set, but {why}"
        );
        eprintln!("browser test skipped: {why}");
        return;
    };
    let started = Instant::now();
    let database = db::TestDatabase::create().await;
    let settings = Settings::for_tests(database.url.clone(), String::new(), "unused");
    let demo = Demo::start(settings, "127.0.0.1:0".parse().unwrap(), false)
        .await
        .expect("the playground starts");
    let shots = std::env::var_os("SCREENSHOTS").map(std::path::PathBuf::from);
    let b = Session::start(&browser, 1280, 860).await;
    let shot = |name: &'static str| {
        let b = &b;
        let shots = shots.clone();
        async move {
            if let Some(dir) = shots {
                // Let fonts and images settle before the picture.
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                let path = dir.join(name);
                std::fs::write(&path, b.screenshot().await).unwrap();
                eprintln!("saved {}", path.display());
            }
        }
    };
    b.goto(&demo.url).await;
    b.find("body[data-ready]").await;

    // Pat, the programme owner, becomes a mentor from Home.
    be(&b, "UPAT").await;
    b.click("#home [data-action-id=home_become_mentor]").await;
    b.find(".modal[data-callback-id=mentor_settings]").await;
    let opt_in = "[data-block-id=opt_in] input[value=yes]";
    if b.execute(
        "return document.querySelector(arguments[0]).checked",
        serde_json::json!([opt_in]),
    )
    .await
        != true
    {
        b.click(opt_in).await;
    }
    // Without a skill the bot answers `response_action: errors`: shown under the block.
    b.click("#modal-submit").await;
    b.find_text("[data-block-id=skills] .error", "at least one skill")
        .await;
    b.type_into("[data-block-id=new_skills] input", "Public speaking")
        .await;
    b.click("#modal-submit").await;
    b.gone(".modal").await;

    // Ivy asks; the skill comes from the external select's live suggestions.
    be(&b, "UIVY").await;
    b.click("[data-conv=DUIVY]").await;
    b.type_into("#composer-input", "/ask How do I give a good demo?")
        .await;
    b.click("#composer-send").await;
    b.find(".modal[data-callback-id=ask]").await;
    b.type_into("[data-block-id=ask_skills] input", "public sp")
        .await;
    b.find_text(
        "[data-block-id=ask_skills] .menu [data-value]",
        "Public speaking",
    )
    .await;
    b.type_into("[data-block-id=ask_skills] input", ENTER).await;
    b.find("[data-block-id=ask_skills] .chip[data-value=public-speaking]")
        .await;
    b.click("#modal-submit").await;
    b.gone(".modal").await;
    b.find_text("#conversation .message", "mentor").await;

    // Jonas asks too, about something nobody takes today: it waits in the digest.
    be(&b, "UJONAS").await;
    b.click("[data-conv=DUJONAS]").await;
    b.type_into(
        "#composer-input",
        &format!("/ask Which statistics test for a survey?{ENTER}"),
    )
    .await;
    b.find(".modal[data-callback-id=ask]").await;
    b.click("#modal-submit").await;
    b.gone(".modal").await;

    // Pat gets the offer in the bot's DM and accepts it.
    be(&b, "UPAT").await;
    b.click("[data-conv=DUPAT]").await;
    b.find_text("#conversation .message", "How do I give a good demo?")
        .await;
    shot("offer.png").await;
    b.click("#conversation [data-action-id=accept_offer]").await;

    // Both see the intro in their group DM.
    b.click("[data-conv=GUIVY-UPAT]").await;
    b.find_text("#conversation .message", "How do I give a good demo?")
        .await;
    be(&b, "UIVY").await;
    b.click("[data-conv=GUIVY-UPAT]").await;
    b.find_text("#conversation .message", "Pat Morgan").await;
    shot("intro.png").await;

    // Days pass: the follow-up reaches Ivy's DM; the digest lists Jonas's open ask.
    b.click("[data-conv=DUIVY]").await;
    let mut days = 0;
    while !b.has_text("#conversation", "happen").await {
        assert!(days < 6, "no follow-up after {days} days");
        let before = b
            .execute(
                "return document.body.dataset.travelled || '0'",
                serde_json::json!([]),
            )
            .await;
        b.click("#travel-day").await;
        let started = Instant::now();
        while b
            .execute(
                "return document.body.dataset.travelled || '0'",
                serde_json::json!([]),
            )
            .await
            == before
        {
            assert!(
                started.elapsed() < webdriver::WAIT,
                "time travel did not finish"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        days += 1;
    }
    b.find("#conversation [data-action-id=followup_yes]").await;
    if shots.is_some() {
        b.click("[data-conv=C0MENTORING]").await;
        b.find_text("#conversation .message", "statistics test")
            .await;
        shot("digest.png").await;
        be(&b, "UPAT").await;
        b.find("#home [data-action-id]").await;
        shot("home.png").await;
        // The settings modal over Home, beside what the bot called.
        b.click("#toggle-calls").await;
        b.click("#home [data-action-id=home_edit_settings]").await;
        b.find(".modal[data-callback-id=mentor_settings]").await;
        b.find_text("#calls-list li:first-child .method", "views.open")
            .await;
        b.click("#calls-list li:first-child .method").await;
        shot("modal.png").await;
    }
    let refused = demo.slack.refusals();
    assert!(refused.is_empty(), "Slack refused: {refused:?}");
    eprintln!("browser test took {:.1} s", started.elapsed().as_secs_f64());
    drop(b);
    demo.stop().await.unwrap();
}

/// Switches who you are, and waits for their Home.
async fn be(b: &Session, user: &str) {
    b.click(&format!("#who option[value={user}]")).await;
    b.find(&format!("#home[data-view-id=VHOME{user}]")).await;
}
