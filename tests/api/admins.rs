//! Programme owners: Slack workspace admins and owners, people in `ADMIN_USERS`,
//! members of `ADMIN_USERGROUP`. Only they see the organisation's figures.

use crate::helpers::asks::{seed_mentor, AskValues};
use crate::helpers::home::view_text;
use crate::helpers::{spawn_app_with, Options, TestApp};

const ORG_FIGURES: &str = "Last 30 days";

async fn app_with(admins: &[&str], group: Option<&str>) -> TestApp {
    let admins: Vec<String> = admins.iter().map(|a| a.to_string()).collect();
    let group = group.map(str::to_owned);
    let app = spawn_app_with(Options {
        settings: Some(Box::new(move |s| {
            s.admins.users = admins;
            s.admins.usergroup = group;
        })),
        ..Default::default()
    })
    .await;
    seed_mentor(&app, "UM1", &["SQL"]).await;
    // Something for the figures to count.
    app.ask("UASKER", &AskValues::new("Index?", &["SQL"])).await;
    app
}

#[tokio::test]
async fn someone_who_is_not_an_admin_sees_only_their_own() {
    let app = app_with(&["UBOSS"], None).await;
    for user in ["UASKER", "UM1", "UNOBODY"] {
        let text = view_text(&app.open_home(user).await);
        assert!(!text.contains(ORG_FIGURES), "{user} sees: {text}");
        assert!(!text.contains("mentors taking asks"), "{user} sees: {text}");
        for figure in ["Time to match", "Mentor load", "Declines", "Skill gaps"] {
            assert!(!text.contains(figure), "{user} sees {figure}: {text}");
        }
    }
    // Nor do the commands say anything of the organisation.
    for (command, text) in [
        ("/mentor", "status"),
        ("/ask", "list"),
        ("/ask", "help"),
        ("/mentor", "help"),
    ] {
        let said = app.command_text("UM1", command, text).await;
        assert!(
            !said.contains(ORG_FIGURES) && !said.contains("matched"),
            "{command} {text}: {said}"
        );
    }
}

#[tokio::test]
async fn listed_admins_see_the_organisations_figures() {
    let app = app_with(&["UBOSS"], None).await;
    let text = view_text(&app.open_home("UBOSS").await);
    assert!(text.contains("*Last 30 days:* 1 asks"), "{text}");
    assert!(text.contains("*Time to match:*"), "{text}");
    assert!(text.contains("*Mentor load:*"), "{text}");
}

#[tokio::test]
async fn slack_workspace_admins_are_admins() {
    let app = app_with(&[], None).await;
    app.slack.set_admin("UWSADMIN");
    assert!(view_text(&app.open_home("UWSADMIN").await).contains(ORG_FIGURES));
    assert!(!view_text(&app.open_home("UASKER").await).contains(ORG_FIGURES));
}

#[tokio::test]
async fn members_of_the_admin_user_group_are_admins_by_handle_or_id() {
    for group in ["mentoring-team", "S0ADMINS"] {
        let app = app_with(&[], Some(group)).await;
        app.slack
            .set_usergroup("S0ADMINS", "mentoring-team", &["UOWNER"]);
        assert!(
            view_text(&app.open_home("UOWNER").await).contains(ORG_FIGURES),
            "{group}"
        );
        assert!(
            !view_text(&app.open_home("UASKER").await).contains(ORG_FIGURES),
            "{group}"
        );
    }
}
