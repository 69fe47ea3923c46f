//! The skill vocabulary: slugs merge variants, suggestions, seeding.

use crate::helpers::mentor_form::MentorForm;
use crate::helpers::{spawn_app, spawn_app_with, Options, TestApp, TEAM_ID};
use micromentor::views::ids::{self, mentor};
use serde_json::{json, Value};

async fn suggest(app: &TestApp, query: &str) -> Vec<String> {
    let payload = json!({
        "type": "block_suggestion",
        "user": { "id": "U1", "team_id": TEAM_ID },
        "team": { "id": TEAM_ID, "domain": "testco" },
        "api_app_id": "A0APP",
        "token": "deprecated",
        "container": { "type": "view", "view_id": "V123" },
        "action_id": mentor::SKILLS,
        "block_id": mentor::SKILLS,
        "value": query,
        "view": { "id": "V123", "type": "modal", "callback_id": ids::MENTOR_MODAL, "private_metadata": "" }
    });
    let res = app.interaction(&payload).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let options = body["options"].as_array().unwrap();
    for o in options {
        crate::helpers::block_kit::check_option(o).unwrap();
    }
    options
        .iter()
        .map(|o| o["text"]["text"].as_str().unwrap().to_owned())
        .collect()
}

async fn add_skills(app: &TestApp, labels: &[&str]) {
    for label in labels {
        let skill = micromentor::core::skills::Skill::parse(label).unwrap();
        sqlx::query(
            "INSERT INTO skills (team_id, slug, label, created_at) VALUES ($1, $2, $3, now())",
        )
        .bind(TEAM_ID)
        .bind(skill.slug.as_str())
        .bind(&skill.label)
        .execute(&app.db)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn case_and_spacing_variants_from_different_mentors_are_one_skill() {
    let app = spawn_app().await;
    for (user, typed) in [
        ("U1", "Rust "),
        ("U2", "rust"),
        ("U3", "RUST"),
        ("U4", "Machine   Learning, machine-learning"),
    ] {
        let view = app.open_modal(user, "/mentor", "").await;
        let form = MentorForm {
            new_skills: Some(typed.into()),
            ..MentorForm::default()
        };
        let res = app.submit_view(user, &view, form.values()).await;
        assert_eq!(res.text().await.unwrap(), "", "{typed}");
    }
    let skills: Vec<(String, String)> =
        sqlx::query_as("SELECT slug, label FROM skills ORDER BY slug")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(
        skills,
        [
            ("machine-learning".into(), "Machine Learning".into()),
            ("rust".into(), "Rust".into())
        ],
        "the first spelling is the label"
    );
    let rust_mentors: i64 =
        sqlx::query_scalar("SELECT count(*) FROM mentor_skills WHERE slug = 'rust'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(rust_mentors, 3);
}

#[tokio::test]
async fn suggestions_match_prefix_first_then_substring() {
    let app = spawn_app().await;
    add_skills(
        &app,
        &[
            "Rust",
            "Trust & safety",
            "Rust async",
            "SQL",
            "PostgreSQL",
            "Crust baking",
        ],
    )
    .await;
    assert_eq!(
        suggest(&app, "rust").await,
        ["Rust", "Rust async", "Crust baking", "Trust & safety"]
    );
    assert_eq!(suggest(&app, "SQL").await, ["SQL", "PostgreSQL"]);
    assert_eq!(suggest(&app, "rust a").await, ["Rust async"]);
    assert!(suggest(&app, "haskell").await.is_empty());
    // An empty query (min_query_length 0) lists the vocabulary alphabetically.
    assert_eq!(
        suggest(&app, "").await.first().map(String::as_str),
        Some("Crust baking")
    );
}

#[tokio::test]
async fn suggestions_stop_at_one_hundred_options() {
    let app = spawn_app().await;
    let labels: Vec<String> = (0..150).map(|i| format!("Skill {i:03}")).collect();
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    add_skills(&app, &refs).await;
    let found = suggest(&app, "skill").await;
    assert_eq!(found.len(), 100);
    assert_eq!(found[0], "Skill 000");
    assert_eq!(suggest(&app, "149").await, ["Skill 149"]);
}

#[tokio::test]
async fn a_skills_file_is_loaded_idempotently_at_start_up() {
    let dir = std::env::temp_dir().join(format!("mm-skills-{}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("skills.txt");
    std::fs::write(&file, "# seed\nRust\n  rust  \nSQL\n\nIncident reviews\n").unwrap();
    let f = file.clone();
    let app = spawn_app_with(Options {
        settings: Some(Box::new(move |s| s.skills_file = Some(f))),
        ..Options::default()
    })
    .await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM skills WHERE team_id = $1")
            .bind(TEAM_ID)
            .fetch_one(&app.db)
            .await
            .unwrap()
    };
    assert_eq!(count().await, 3);

    // A second start against the same database adds nothing.
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
    assert_eq!(count().await, 3);
}
