//! `micromentor demo`: the playground. The real bot — same handlers, Postgres and
//! job worker — runs against the Slack stand-in (`crate::standin`), with seeded
//! people and a clock the page can move forward. The page is a Slack client: what
//! you do there reaches the bot as signed requests on its verified `/slack/*`
//! routes, exactly as from Slack; `serve` has no door the playground uses.

mod page;
pub mod people;
pub mod travel;

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;

use crate::app::Application;
use crate::clock::{Clock, TravellingClock};
use crate::config::Settings;
use crate::core::mentor::ValidSettings;
use crate::core::skills::Skill;
use crate::standin::{AppLink, StandIn, BOT_TOKEN, TEAM_ID};
use crate::state::AppState;

/// The playground's own database, beside any real one on the same server.
pub const DATABASE: &str = "micromentor_demo";
/// The signing secret the playground's Slack and bot share.
const SIGNING_SECRET: &str = "playground-signing-secret";

/// A running playground.
pub struct Demo {
    /// Where the page is: `http://127.0.0.1:3000/`.
    pub url: String,
    pub slack: StandIn,
    pub state: AppState,
    pub clock: Arc<TravellingClock>,
    stop: tokio::sync::oneshot::Sender<()>,
    running: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// The database URL the playground uses: the server of `database_url` (or the
/// local default), database [`DATABASE`].
pub fn database_url(database_url: Option<&str>) -> anyhow::Result<String> {
    let mut url = url::Url::parse(database_url.unwrap_or(crate::db::LOCAL_DATABASE_URL))
        .context("DATABASE_URL is malformed")?;
    url.set_path(DATABASE);
    Ok(url.to_string())
}

impl Demo {
    /// Starts the playground: the page and the Slack stand-in on `page`, the bot on
    /// a port of its own, the database `settings.database_url` emptied first unless
    /// `keep`. The rest of `settings` (mentors per ask, timings, …) is the bot's.
    pub async fn start(
        mut settings: Settings,
        page: SocketAddr,
        keep: bool,
    ) -> anyhow::Result<Self> {
        let database_url = settings
            .database_url
            .clone()
            .context("the playground needs a database URL")?;
        let fresh = prepare_database(&database_url, keep).await?;

        let control = page::Control::default();
        let slack = StandIn::start_with(&page.to_string(), page::router(control.clone()))
            .await
            .with_context(|| format!("LISTEN_ADDR {page} cannot be bound"))?;
        for person in people::everyone() {
            slack.add_person(person);
        }
        let (channel, name) = people::DIGEST_CHANNEL;
        slack.add_channel(channel, name);

        settings.slack_api_url = slack.url.clone();
        settings.slack_bot_token = BOT_TOKEN.to_owned().into();
        settings.slack_signing_secret = SIGNING_SECRET.to_owned().into();
        settings.slack_app_token = None;
        settings.transport = crate::config::Transport::Http;
        settings.listen_addr = "127.0.0.1:0".parse().expect("static address");
        settings.run_worker = true;
        settings.digests.channels = vec![(channel.to_owned(), None)];

        let clock = TravellingClock::starting_at(travel::opening(Utc::now()));
        let app = Application::build(settings, clock.clone()).await?;
        let state = app.state();
        slack.connect(AppLink {
            url: format!("http://{}", app.local_addr()),
            signing_secret: SIGNING_SECRET.to_owned(),
            clock: clock.clone(),
        });
        if fresh {
            seed_mentors(&state, clock.now()).await?;
        }
        control.set(state.clone(), clock.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let running = tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        Ok(Demo {
            url: format!("{}/", slack.origin()),
            slack,
            state,
            clock,
            stop,
            running,
        })
    }

    /// Stops the bot after its in-flight work.
    pub async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        self.running.await??;
        Ok(())
    }
}

/// `micromentor demo`: starts the playground on `settings.listen_addr` (the
/// server-wide default `0.0.0.0:3000` becomes `127.0.0.1:3000`: the page lets
/// anyone act as anyone, so it stays on this machine unless asked otherwise).
pub async fn run(mut settings: Settings, keep: bool) -> anyhow::Result<()> {
    let mut page = settings.listen_addr;
    if page == crate::config::defaults::LISTEN_ADDR.parse()? {
        page = "127.0.0.1:3000".parse()?;
    }
    settings.database_url = Some(database_url(settings.database_url.as_deref())?);
    let demo = Demo::start(settings, page, keep).await?;
    println!(
        "micromentor playground: open {} (database {DATABASE}{}; ctrl-c stops)",
        demo.url,
        if keep { ", kept" } else { ", reset" }
    );
    crate::app::shutdown_signal().await;
    demo.stop().await
}

/// Empties (unless `keep`) or creates the playground's database; whether it
/// starts empty (and so wants its mentors seeded).
async fn prepare_database(url: &str, keep: bool) -> anyhow::Result<bool> {
    let options = PgConnectOptions::from_str(url).context("DATABASE_URL is malformed")?;
    let name = options.get_database().unwrap_or(DATABASE).to_owned();
    // Dropping a database takes a second or two: not worth a slow-statement warning.
    let admin = options
        .clone()
        .database("postgres")
        .log_slow_statements(tracing::log::LevelFilter::Off, std::time::Duration::ZERO);
    let mut conn = admin.connect().await.map_err(|e| {
        let diagnosis = crate::db::diagnose(&admin, crate::db::password_given(url), &e);
        crate::db::DbError::Connect(Box::new(diagnosis))
    })?;
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&mut conn)
            .await?;
    if exists && keep {
        return Ok(false);
    }
    if exists {
        sqlx::query(&format!("DROP DATABASE {quoted} WITH (FORCE)"))
            .execute(&mut conn)
            .await
            .with_context(|| format!("could not reset database {name}"))?;
    }
    sqlx::query(&format!("CREATE DATABASE {quoted}"))
        .execute(&mut conn)
        .await
        .with_context(|| format!("could not create database {name}"))?;
    let _ = conn.close().await;
    Ok(true)
}

/// The seeded mentors, opted in with their skills, working Mon–Fri 09:00–17:00
/// in their own zone, two asks a week.
async fn seed_mentors(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<()> {
    let hours = state.settings.default_working_hours;
    let mut tx = state.db.begin().await?;
    for mentor in people::MENTORS {
        let skills: Vec<Skill> = mentor
            .skills
            .iter()
            .map(|s| Skill::parse(s))
            .collect::<Result<_, _>>()?;
        crate::store::skills::add_missing(&mut *tx, TEAM_ID, &skills, Some(mentor.id), now).await?;
        let slugs: Vec<_> = skills.iter().map(|s| s.slug.clone()).collect();
        let valid = ValidSettings {
            opted_in: true,
            quiet_hours: false,
            ignore_status: false,
            never_match: vec![],
            chosen: slugs.clone(),
            typed: vec![],
            capacity: 2,
            paused_until: None,
            hours,
            help_text: mentor.help.to_owned(),
        };
        let zone = people::zone_of(mentor.id).context("a seeded mentor without a zone")?;
        crate::store::mentors::save_settings(
            &mut tx, TEAM_ID, mentor.id, &valid, &slugs, zone, now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
