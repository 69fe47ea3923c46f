//! Configuration: environment (and `.env`) → a typed, validated [`Settings`].
//!
//! clap reads every value from its environment variable (or a flag of the same
//! name); [`Settings::from_cli`] then checks the values that depend on the mode
//! and reports the first problem as one line naming the variable.

use clap::{Parser, Subcommand, ValueEnum};
use secrecy::{ExposeSecret, SecretString};
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::core::ask_limit::AskLimit;
use crate::core::ladder::Timings;
use crate::core::skills::SkillSlug;
use crate::core::working_hours::WorkingHours;

/// Every default, written once: clap shows them in `--help`, and
/// [`Settings::for_tests`] starts from the same values.
pub mod defaults {
    pub const SLACK_API_URL: &str = "https://slack.com/api";
    pub const LISTEN_ADDR: &str = "0.0.0.0:3000";
    pub const WORKING_HOURS: &str = "Mon-Fri 09:00-17:00";
    pub const MENTORS_PER_ASK: u8 = 3;
    pub const PAIR_ROTATION_WEEKS: u8 = 4;
    pub const ASK_REMINDER_AFTER: &str = "4h";
    pub const ASK_EXPIRE_AFTER: &str = "7d";
    pub const FOLLOWUP_AFTER: &str = "2d";
    pub const JOB_POLL_INTERVAL: &str = "1s";
    pub const DIGEST_SCHEDULE: &str = "0 9 * * 1-5";
    pub const DIGEST_TIMEZONE: &str = "UTC";
    pub const ADMIN_DIGEST_SCHEDULE: &str = "0 9 * * 1";
    pub const MAX_AFTER_ACK: usize = 64;
    pub const MAX_SLACK_IN_FLIGHT: usize = 32;
}

/// Value parsers whose errors name the variable, so the one line `main` prints
/// says what to fix.
mod parse {
    use super::*;

    pub fn ask_limit(raw: &str) -> Result<AskLimit, String> {
        raw.parse()
            .map_err(|e| format!("ASK_LIMIT is malformed: {e}"))
    }

    pub fn listen_addr(raw: &str) -> Result<SocketAddr, String> {
        raw.parse()
            .map_err(|e| format!("LISTEN_ADDR is malformed: `{raw}` is not host:port ({e})"))
    }

    pub fn working_hours(raw: &str) -> Result<WorkingHours, String> {
        raw.parse()
            .map_err(|e| format!("DEFAULT_WORKING_HOURS is malformed: {e}"))
    }

    pub fn duration(raw: &str) -> Result<chrono::Duration, String> {
        let d = humantime::parse_duration(raw).map_err(|e| format!("`{raw}`: {e}"))?;
        chrono::Duration::from_std(d).map_err(|_| format!("`{raw}` is too long"))
    }

    pub fn std_duration(raw: &str) -> Result<std::time::Duration, String> {
        humantime::parse_duration(raw).map_err(|e| format!("`{raw}`: {e}"))
    }

    pub fn timezone(raw: &str) -> Result<chrono_tz::Tz, String> {
        raw.parse().map_err(|_| {
            format!(
                "DIGEST_TIMEZONE is malformed: `{raw}` is not an IANA zone name like Europe/London"
            )
        })
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "micromentor",
    version,
    about = "A Slack bot that brokers micro-mentoring"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Postgres URL. Unset: a local Postgres on the default port, database `micromentor`
    /// (created if missing).
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// Bot token (`xoxb-…`) used for every Web API call.
    #[arg(long, env = "SLACK_BOT_TOKEN", global = true, hide_env_values = true)]
    pub slack_bot_token: Option<String>,

    /// Signing secret that Slack signs HTTP requests with (HTTP mode).
    #[arg(
        long,
        env = "SLACK_SIGNING_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub slack_signing_secret: Option<String>,

    /// App-level token (`xapp-…`); when set, `serve` uses Socket Mode.
    #[arg(long, env = "SLACK_APP_TOKEN", global = true, hide_env_values = true)]
    pub slack_app_token: Option<String>,

    /// Base URL of the Slack Web API (GovSlack and tests use their own).
    #[arg(long, env = "SLACK_API_URL", global = true, default_value = defaults::SLACK_API_URL)]
    pub slack_api_url: String,

    /// Address the HTTP server listens on.
    #[arg(long, env = "LISTEN_ADDR", global = true, default_value = defaults::LISTEN_ADDR,
          value_parser = parse::listen_addr)]
    pub listen_addr: SocketAddr,

    /// Where new mentors' working hours start, e.g. `Mon-Fri 09:00-17:00`;
    /// `Mon-Sun 00:00-24:00` means always.
    #[arg(long, env = "DEFAULT_WORKING_HOURS", global = true,
          default_value = defaults::WORKING_HOURS, value_parser = parse::working_hours)]
    pub default_working_hours: WorkingHours,

    /// Whether people may add skills that are not in the vocabulary yet.
    #[arg(long, env = "ALLOW_NEW_SKILLS", global = true, default_value_t = true, action = clap::ArgAction::Set)]
    pub allow_new_skills: bool,

    /// A file of skills (one a line) loaded into the vocabulary at start-up.
    #[arg(long, env = "SKILLS_FILE", global = true)]
    pub skills_file: Option<PathBuf>,

    /// How many mentors an ask is offered to at once.
    #[arg(long, env = "MENTORS_PER_ASK", global = true, default_value_t = defaults::MENTORS_PER_ASK,
          value_parser = clap::value_parser!(u8).range(1..=10))]
    pub mentors_per_ask: u8,

    /// A mentor who helped someone within this many weeks ranks after other mentors
    /// with the same skills for that person's next asks (0 turns this off).
    #[arg(long, env = "PAIR_ROTATION_WEEKS", global = true, default_value_t = defaults::PAIR_ROTATION_WEEKS,
          value_parser = clap::value_parser!(u8).range(0..=52))]
    pub pair_rotation_weeks: u8,

    /// How long an ask waits for an accept before mentors are nudged and more are asked.
    #[arg(long, env = "ASK_REMINDER_AFTER", global = true,
          default_value = defaults::ASK_REMINDER_AFTER, value_parser = parse::duration)]
    pub ask_reminder_after: chrono::Duration,

    /// How long an unmatched ask stays open.
    #[arg(long, env = "ASK_EXPIRE_AFTER", global = true,
          default_value = defaults::ASK_EXPIRE_AFTER, value_parser = parse::duration)]
    pub ask_expire_after: chrono::Duration,

    /// How long after a match the mentee is asked whether the session happened.
    #[arg(long, env = "FOLLOWUP_AFTER", global = true,
          default_value = defaults::FOLLOWUP_AFTER, value_parser = parse::duration)]
    pub followup_after: chrono::Duration,

    /// How often an idle worker looks for due jobs (it also wakes when one is scheduled here).
    #[arg(long, env = "JOB_POLL_INTERVAL", global = true,
          default_value = defaults::JOB_POLL_INTERVAL, value_parser = parse::std_duration)]
    pub job_poll_interval: std::time::Duration,

    /// Channel id(s) for digests of open asks, comma-separated.
    #[arg(long, env = "DIGEST_CHANNEL", global = true, value_delimiter = ',')]
    pub digest_channel: Vec<String>,

    /// When digests are posted: a cron expression (5 fields, or 6 with seconds).
    #[arg(long, env = "DIGEST_SCHEDULE", global = true, default_value = defaults::DIGEST_SCHEDULE)]
    pub digest_schedule: String,

    /// The zone DIGEST_SCHEDULE is read in (IANA name).
    #[arg(long, env = "DIGEST_TIMEZONE", global = true,
          default_value = defaults::DIGEST_TIMEZONE, value_parser = parse::timezone)]
    pub digest_timezone: chrono_tz::Tz,

    /// When the weekly admin digest is sent to admins who asked for it: a cron
    /// expression read in DIGEST_TIMEZONE.
    #[arg(long, env = "ADMIN_DIGEST_SCHEDULE", global = true, default_value = defaults::ADMIN_DIGEST_SCHEDULE)]
    pub admin_digest_schedule: String,

    /// Per-skill digest channels, e.g. `rust=C123,sql=C456`.
    #[arg(
        long,
        env = "DIGEST_CHANNELS_BY_SKILL",
        global = true,
        default_value = ""
    )]
    pub digest_channels_by_skill: String,

    /// Work started after acks (opening modals, Home) at once, at most; beyond it a
    /// command is answered "busy" at once (its trigger_id would expire anyway).
    #[arg(long, env = "MAX_AFTER_ACK", global = true, default_value_t = defaults::MAX_AFTER_ACK,
          value_parser = clap::value_parser!(usize))]
    pub max_after_ack: usize,

    /// Slack Web API calls in flight at once, at most; more wait their turn.
    #[arg(long, env = "MAX_SLACK_IN_FLIGHT", global = true,
          default_value_t = defaults::MAX_SLACK_IN_FLIGHT, value_parser = clap::value_parser!(usize))]
    pub max_slack_in_flight: usize,

    /// Programme owners besides Slack's workspace admins and owners: user ids, comma-separated.
    #[arg(long, env = "ADMIN_USERS", global = true, value_delimiter = ',')]
    pub admin_users: Vec<String>,

    /// A Slack user group (handle like `mentoring-team`, or id `S…`) whose members are admins.
    #[arg(long, env = "ADMIN_USERGROUP", global = true)]
    pub admin_usergroup: Option<String>,

    /// Asks per person per rolling period, e.g. `3/30d` (unset: no limit; admins exempt).
    #[arg(long, env = "ASK_LIMIT", global = true, value_parser = parse::ask_limit)]
    pub ask_limit: Option<AskLimit>,

    /// Log format.
    #[arg(long, env = "LOG_FORMAT", global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot (HTTP, or Socket Mode when SLACK_APP_TOKEN is set).
    Serve {
        /// Use Socket Mode (requires SLACK_APP_TOKEN).
        #[arg(long)]
        socket_mode: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Check configuration, database and Slack credentials; print what is wrong.
    Check,
    /// Try it without Slack: the bot against a built-in Slack stand-in, with a web
    /// page at LISTEN_ADDR (default here 127.0.0.1:3000) and its own database
    /// `micromentor_demo` on the DATABASE_URL server, emptied at each start.
    Demo {
        /// Keep the playground's database from the last run.
        #[arg(long)]
        keep: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// How Slack traffic reaches us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Http,
    SocketMode,
}

/// What a command needs from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// `migrate`: only the database.
    Database,
    /// `check`: database and bot token.
    Slack,
    /// `serve`: everything its transport needs.
    Serve(Transport),
}

/// A configuration problem, always naming the variable at fault.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{var} is not set: {hint}")]
    Missing {
        var: &'static str,
        hint: &'static str,
    },
    #[error("{var} is malformed: {reason}")]
    Malformed { var: &'static str, reason: String },
}

/// Validated runtime settings. Tests build this directly.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: Option<String>,
    pub slack_bot_token: SecretString,
    pub slack_signing_secret: SecretString,
    pub slack_app_token: Option<SecretString>,
    pub slack_api_url: String,
    pub listen_addr: SocketAddr,
    pub log_format: LogFormat,
    pub transport: Transport,
    pub default_working_hours: WorkingHours,
    pub allow_new_skills: bool,
    pub skills_file: Option<PathBuf>,
    pub mentors_per_ask: u8,
    /// Rotation by pair: see `core::routing`; 0 = off.
    pub pair_rotation_weeks: u8,
    pub timings: Timings,
    pub job_poll_interval: std::time::Duration,
    /// Run the job worker inside `serve` (tests drive jobs themselves).
    pub run_worker: bool,
    pub max_after_ack: usize,
    pub max_slack_in_flight: usize,
    pub digests: DigestSettings,
    /// When the weekly admin digest goes out (in `digests.timezone`).
    pub admin_digest_schedule: croner::Cron,
    pub admins: AdminSettings,
    pub ask_limit: Option<AskLimit>,
}

/// Who besides Slack's own admins and owners is a programme owner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdminSettings {
    pub users: Vec<String>,
    /// A user group handle (without `@`) or id.
    pub usergroup: Option<String>,
}

impl AdminSettings {
    pub fn parse(users: &[String], usergroup: Option<&str>) -> Result<Self, ConfigError> {
        let users = users
            .iter()
            .map(|u| u.trim())
            .filter(|u| !u.is_empty())
            .map(|u| match crate::core::text::is_user_id(u) {
                true => Ok(u.to_owned()),
                false => Err(ConfigError::Malformed {
                    var: "ADMIN_USERS",
                    reason: format!(
                        "`{u}` is not a user id (like U0123ABCD; profile → ⋮ → Copy member ID)"
                    ),
                }),
            })
            .collect::<Result<_, _>>()?;
        let usergroup = usergroup
            .map(|g| g.trim().trim_start_matches('@').to_owned())
            .filter(|g| !g.is_empty());
        Ok(AdminSettings { users, usergroup })
    }
}

/// Where and when channel digests go.
#[derive(Debug, Clone)]
pub struct DigestSettings {
    /// (channel id, only asks with this skill)
    pub channels: Vec<(String, Option<SkillSlug>)>,
    pub schedule: croner::Cron,
    pub timezone: chrono_tz::Tz,
}

impl DigestSettings {
    pub fn parse(
        channels: &[String],
        by_skill: &str,
        schedule: &str,
        timezone: chrono_tz::Tz,
    ) -> Result<Self, ConfigError> {
        let mut all: Vec<(String, Option<SkillSlug>)> = channels
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .map(|c| check_channel("DIGEST_CHANNEL", c).map(|c| (c, None)))
            .collect::<Result<_, _>>()?;
        for pair in by_skill.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (skill, channel) = pair.split_once('=').ok_or_else(|| ConfigError::Malformed {
                var: "DIGEST_CHANNELS_BY_SKILL",
                reason: format!("`{pair}` is not skill=CHANNEL_ID"),
            })?;
            let slug = SkillSlug::parse(skill).map_err(|e| ConfigError::Malformed {
                var: "DIGEST_CHANNELS_BY_SKILL",
                reason: e.to_string(),
            })?;
            all.push((
                check_channel("DIGEST_CHANNELS_BY_SKILL", channel.trim())?,
                Some(slug),
            ));
        }
        let schedule = croner::parser::CronParser::builder()
            .seconds(croner::parser::Seconds::Optional)
            .build()
            .parse(schedule)
            .map_err(|e| ConfigError::Malformed {
                var: "DIGEST_SCHEDULE",
                reason: format!("`{schedule}`: {e}"),
            })?;
        Ok(DigestSettings {
            channels: all,
            schedule,
            timezone,
        })
    }
}

/// A cron expression (5 fields, or 6 with seconds) for the variable `var`.
pub fn cron(var: &'static str, raw: &str) -> Result<croner::Cron, ConfigError> {
    croner::parser::CronParser::builder()
        .seconds(croner::parser::Seconds::Optional)
        .build()
        .parse(raw)
        .map_err(|e| ConfigError::Malformed {
            var,
            reason: format!("`{raw}`: {e}"),
        })
}

fn check_channel(var: &'static str, id: &str) -> Result<String, ConfigError> {
    let ok = id.len() >= 2
        && id.starts_with(['C', 'G'])
        && id.chars().all(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(id.to_owned())
    } else {
        Err(ConfigError::Malformed {
            var,
            reason: format!(
                "`{id}` is not a channel id (like C0123ABCD; right-click the channel → Copy link)"
            ),
        })
    }
}

impl Settings {
    pub fn from_cli(cli: &Cli, needs: Needs) -> Result<Self, ConfigError> {
        let transport = match needs {
            Needs::Serve(t) => t,
            _ => Transport::Http,
        };
        let need_slack = !matches!(needs, Needs::Database);

        let slack_bot_token = match (&cli.slack_bot_token, need_slack) {
            (Some(t), _) if t.starts_with("xoxb-") => t.clone(),
            (Some(_), _) => {
                return Err(ConfigError::Malformed {
                    var: "SLACK_BOT_TOKEN",
                    reason: "a bot token starts with `xoxb-` (OAuth & Permissions page)".into(),
                })
            }
            (None, true) => {
                return Err(ConfigError::Missing {
                    var: "SLACK_BOT_TOKEN",
                    hint: "copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page",
                })
            }
            (None, false) => String::new(),
        };

        let slack_app_token = match &cli.slack_app_token {
            Some(t) if t.starts_with("xapp-") => Some(SecretString::from(t.clone())),
            Some(_) => return Err(ConfigError::Malformed {
                var: "SLACK_APP_TOKEN",
                reason:
                    "an app-level token starts with `xapp-` (Basic Information → App-Level Tokens)"
                        .into(),
            }),
            None if transport == Transport::SocketMode => {
                return Err(ConfigError::Missing {
                    var: "SLACK_APP_TOKEN",
                    hint: "Socket Mode needs an app-level token with connections:write",
                })
            }
            None => None,
        };

        let slack_signing_secret = match &cli.slack_signing_secret {
            Some(s) if s.trim().is_empty() => {
                return Err(ConfigError::Malformed {
                    var: "SLACK_SIGNING_SECRET",
                    reason: "it is empty".into(),
                })
            }
            Some(s) => s.clone(),
            None if transport == Transport::Http && matches!(needs, Needs::Serve(_)) => {
                return Err(ConfigError::Missing {
                    var: "SLACK_SIGNING_SECRET",
                    hint: "copy the Signing Secret from your app's Basic Information page",
                })
            }
            None => String::new(),
        };

        let slack_api_url = parse_api_url(&cli.slack_api_url)?;

        Ok(Settings {
            database_url: cli.database_url.clone().filter(|u| !u.is_empty()),
            slack_bot_token: SecretString::from(slack_bot_token),
            slack_signing_secret: SecretString::from(slack_signing_secret),
            slack_app_token,
            slack_api_url,
            listen_addr: cli.listen_addr,
            log_format: cli.log_format,
            transport,
            default_working_hours: cli.default_working_hours,
            allow_new_skills: cli.allow_new_skills,
            skills_file: cli.skills_file.clone(),
            mentors_per_ask: cli.mentors_per_ask,
            pair_rotation_weeks: cli.pair_rotation_weeks,
            timings: Timings {
                reminder_after: cli.ask_reminder_after,
                expire_after: cli.ask_expire_after,
                followup_after: cli.followup_after,
            },
            job_poll_interval: cli.job_poll_interval,
            run_worker: true,
            max_after_ack: cli.max_after_ack.max(1),
            max_slack_in_flight: cli.max_slack_in_flight.max(1),
            digests: DigestSettings::parse(
                &cli.digest_channel,
                &cli.digest_channels_by_skill,
                &cli.digest_schedule,
                cli.digest_timezone,
            )?,
            admin_digest_schedule: cron("ADMIN_DIGEST_SCHEDULE", &cli.admin_digest_schedule)?,
            admins: AdminSettings::parse(&cli.admin_users, cli.admin_usergroup.as_deref())?,
            ask_limit: cli.ask_limit,
        })
    }

    /// Settings for tests and tools: the defaults (parsed by the same parsers as
    /// the command line, never read from the environment) with the given
    /// database, Slack and secret; no worker (tests drive jobs), fast polls.
    pub fn for_tests(database_url: String, slack_api_url: String, signing_secret: &str) -> Self {
        let duration = |raw| parse::duration(raw).expect("default duration");
        Settings {
            database_url: Some(database_url),
            slack_bot_token: SecretString::from("xoxb-test-token"),
            slack_signing_secret: SecretString::from(signing_secret.to_owned()),
            slack_app_token: None,
            slack_api_url,
            listen_addr: "127.0.0.1:0".parse().expect("static address"),
            log_format: LogFormat::Text,
            transport: Transport::Http,
            default_working_hours: parse::working_hours(defaults::WORKING_HOURS)
                .expect("default hours"),
            allow_new_skills: true,
            skills_file: None,
            mentors_per_ask: defaults::MENTORS_PER_ASK,
            pair_rotation_weeks: defaults::PAIR_ROTATION_WEEKS,
            timings: Timings {
                reminder_after: duration(defaults::ASK_REMINDER_AFTER),
                expire_after: duration(defaults::ASK_EXPIRE_AFTER),
                followup_after: duration(defaults::FOLLOWUP_AFTER),
            },
            job_poll_interval: std::time::Duration::from_millis(50),
            run_worker: false,
            max_after_ack: defaults::MAX_AFTER_ACK,
            max_slack_in_flight: defaults::MAX_SLACK_IN_FLIGHT,
            digests: DigestSettings::parse(
                &[],
                "",
                defaults::DIGEST_SCHEDULE,
                parse::timezone(defaults::DIGEST_TIMEZONE).expect("default zone"),
            )
            .expect("default digest settings"),
            admin_digest_schedule: cron("ADMIN_DIGEST_SCHEDULE", defaults::ADMIN_DIGEST_SCHEDULE)
                .expect("default admin digest schedule"),
            admins: AdminSettings::default(),
            ask_limit: None,
        }
    }

    pub fn bot_token(&self) -> &str {
        self.slack_bot_token.expose_secret()
    }
}

fn parse_api_url(raw: &str) -> Result<String, ConfigError> {
    let url = url::Url::parse(raw).map_err(|e| ConfigError::Malformed {
        var: "SLACK_API_URL",
        reason: format!("`{raw}` is not a URL ({e})"),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ConfigError::Malformed {
            var: "SLACK_API_URL",
            reason: format!("`{raw}` must start with http:// or https://"),
        });
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli(args: &[&str]) -> Cli {
        let mut all = vec!["micromentor"];
        all.extend_from_slice(args);
        Cli::try_parse_from(all).expect("parses")
    }

    #[test]
    fn serve_over_http_needs_a_signing_secret() {
        let c = cli(&["serve", "--slack-bot-token", "xoxb-1"]);
        let err = Settings::from_cli(&c, Needs::Serve(Transport::Http)).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("SLACK_SIGNING_SECRET is not set"));
    }

    #[test]
    fn a_user_token_is_refused_as_bot_token() {
        let c = cli(&["check", "--slack-bot-token", "xoxp-1"]);
        let err = Settings::from_cli(&c, Needs::Slack).unwrap_err();
        assert!(
            err.to_string().starts_with("SLACK_BOT_TOKEN is malformed"),
            "{err}"
        );
    }

    #[test]
    fn api_url_accepts_plain_http_and_drops_trailing_slash() {
        let c = cli(&["migrate", "--slack-api-url", "http://127.0.0.1:9/api/"]);
        let s = Settings::from_cli(&c, Needs::Database).unwrap();
        assert_eq!(s.slack_api_url, "http://127.0.0.1:9/api");
    }

    /// The first line of clap's error, as `main` prints it.
    fn refused(args: &[&str]) -> String {
        let mut all = vec!["micromentor"];
        all.extend_from_slice(args);
        let err = Cli::try_parse_from(all).expect_err("refused");
        err.render().to_string().lines().next().unwrap().to_owned()
    }

    #[test]
    fn malformed_listen_addr_names_the_variable() {
        let err = refused(&["migrate", "--listen-addr", "nope"]);
        assert!(err.contains("LISTEN_ADDR is malformed"), "{err}");
    }

    #[test]
    fn malformed_default_working_hours_names_the_variable() {
        let err = refused(&["migrate", "--default-working-hours", "weekdays 9-5"]);
        assert!(err.contains("DEFAULT_WORKING_HOURS is malformed"), "{err}");
        let c = cli(&["migrate", "--default-working-hours", "Mon-Sun 00:00-24:00"]);
        let s = Settings::from_cli(&c, Needs::Database).unwrap();
        assert_eq!(s.default_working_hours, WorkingHours::ALWAYS);
    }

    #[test]
    fn digest_settings_are_checked_and_name_their_variable() {
        let ok = cli(&[
            "migrate",
            "--digest-channel",
            "C123,G456",
            "--digest-channels-by-skill",
            "Rust=C789",
            "--digest-schedule",
            "30 0 9 * * 1-5",
            "--digest-timezone",
            "Europe/London",
        ]);
        let s = Settings::from_cli(&ok, Needs::Database).unwrap();
        assert_eq!(s.digests.channels.len(), 3);
        assert_eq!(s.digests.channels[2].1.as_ref().unwrap().as_str(), "rust");
        let err = refused(&["migrate", "--digest-timezone", "Mars/Olympus"]);
        assert!(err.contains("DIGEST_TIMEZONE is malformed"), "{err}");
        for (flag, value, var) in [
            ("--digest-channel", "#general", "DIGEST_CHANNEL"),
            (
                "--digest-channels-by-skill",
                "rust",
                "DIGEST_CHANNELS_BY_SKILL",
            ),
            ("--digest-schedule", "every day", "DIGEST_SCHEDULE"),
        ] {
            let err =
                Settings::from_cli(&cli(&["migrate", flag, value]), Needs::Database).unwrap_err();
            assert!(
                err.to_string().starts_with(&format!("{var} is malformed")),
                "{err}"
            );
        }
    }

    #[test]
    fn admins_and_the_ask_limit_are_read_and_bad_values_named() {
        let ok = cli(&[
            "migrate",
            "--admin-users",
            "U0BOSS, W0OWNER",
            "--admin-usergroup",
            "@mentoring-team",
            "--ask-limit",
            "3/30d",
        ]);
        let s = Settings::from_cli(&ok, Needs::Database).unwrap();
        assert_eq!(s.admins.users, ["U0BOSS", "W0OWNER"]);
        assert_eq!(s.admins.usergroup.as_deref(), Some("mentoring-team"));
        assert_eq!(s.ask_limit.map(|l| l.count), Some(3));
        let err = refused(&["migrate", "--ask-limit", "lots"]);
        assert!(err.contains("ASK_LIMIT is malformed"), "{err}");
        let err = Settings::from_cli(&cli(&["migrate", "--admin-users", "bob"]), Needs::Database)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("ADMIN_USERS is malformed"), "{err}");
    }

    #[test]
    fn test_settings_start_from_the_same_defaults_as_the_command_line() {
        let c = cli(&["migrate"]);
        let real = Settings::from_cli(&c, Needs::Database).unwrap();
        let test = Settings::for_tests("postgres://x".into(), "http://x".into(), "s");
        assert_eq!(real.default_working_hours, test.default_working_hours);
        assert_eq!(real.mentors_per_ask, test.mentors_per_ask);
        assert_eq!(real.pair_rotation_weeks, test.pair_rotation_weeks);
        assert_eq!(real.timings, test.timings);
        assert_eq!(real.digests.timezone, test.digests.timezone);
    }

    #[test]
    fn the_admin_digest_schedule_is_a_cron_expression_naming_its_variable() {
        let s = Settings::from_cli(&cli(&["migrate"]), Needs::Database).unwrap();
        // Default: Mondays at 09:00.
        let after: chrono::DateTime<chrono::Utc> = "2026-03-04T10:00:00Z".parse().unwrap();
        let next = s
            .admin_digest_schedule
            .find_next_occurrence(&after, false)
            .unwrap();
        assert_eq!(next.to_rfc3339(), "2026-03-09T09:00:00+00:00");
        let bad = cli(&["migrate", "--admin-digest-schedule", "weekly"]);
        let err = Settings::from_cli(&bad, Needs::Database).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("ADMIN_DIGEST_SCHEDULE is malformed"),
            "{err}"
        );
    }

    #[test]
    fn socket_mode_needs_an_app_token() {
        let c = cli(&["serve", "--slack-bot-token", "xoxb-1"]);
        let err = Settings::from_cli(&c, Needs::Serve(Transport::SocketMode)).unwrap_err();
        assert!(err.to_string().starts_with("SLACK_APP_TOKEN is not set"));
    }
}
