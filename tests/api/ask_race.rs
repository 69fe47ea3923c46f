//! Simultaneous accepts: however many mentors click at the same instant, exactly
//! as many intros go out as perspectives were wanted.

use crate::helpers::asks::seed_mentor;
use crate::helpers::{spawn_app, NowTs, TestApp, TEAM_ID};
use micromentor::core::ask::{Format, NewAsk};
use micromentor::core::skills::SkillSlug;
use micromentor::views::ids::action;

const ROUNDS: usize = 50;

async fn race(app: &TestApp, round: usize, clickers: usize, wanted: u8) -> (usize, i64) {
    let skill = format!("race-{clickers}-{wanted}-{round}");
    // Slack user ids are capitals and digits.
    let mentors: Vec<String> = (0..clickers)
        .map(|i| format!("UR{clickers}X{wanted}X{round}X{i}"))
        .collect();
    for m in &mentors {
        seed_mentor(app, m, &[&skill]).await;
    }
    let ask = NewAsk {
        topic: format!("Race {skill}"),
        details: String::new(),
        skills: vec![SkillSlug::parse(&skill).unwrap()],
        time_box: 20,
        format: Format::Chat,
        mentors_wanted: wanted,
        in_digest: false,
        needed_by: None,
        first_mentor: None,
    };
    let now = app.clock.now_utc();
    let (ask_id, _) =
        micromentor::store::asks::create(&app.db, TEAM_ID, "UASKER", &ask, |_| vec![], now)
            .await
            .unwrap()
            .expect("skills exist");
    micromentor::flows::route::route_ask(&app.state, ask_id, false)
        .await
        .unwrap();
    assert_eq!(app.offers(ask_id).await.len(), clickers.min(3));

    let before = app.intros().len();
    let value = ask_id.to_string();
    let clicks = mentors.iter().map(|m| app.click(m, action::ACCEPT, &value));
    for res in futures::future::join_all(clicks).await {
        assert_eq!(res.status(), 200);
    }
    app.settle().await;
    let matches: i64 = sqlx::query_scalar("SELECT count(*) FROM matches WHERE ask_id = $1")
        .bind(ask_id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    (app.intros().len() - before, matches)
}

async fn rounds(clickers: usize, wanted: u8) {
    let app = spawn_app().await;
    let mut tally = Vec::new();
    for round in 0..ROUNDS {
        let (intros, matches) = race(&app, round, clickers, wanted).await;
        tally.push(intros);
        assert_eq!(
            intros, wanted as usize,
            "round {round}: {intros} intros for {wanted} wanted"
        );
        assert_eq!(matches, wanted as i64, "round {round}");
    }
    println!(
        "{clickers} clickers, {wanted} wanted: {ROUNDS} rounds, intros per round {:?}",
        tally
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_mentors_click_accept_at_once_and_one_intro_goes_out() {
    rounds(2, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_mentors_click_accept_at_once_and_one_intro_goes_out() {
    rounds(3, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_mentors_race_for_two_perspectives() {
    rounds(3, 2).await;
}
