//! Configuration: environment (and `.env`) → a typed, validated [`Settings`].
//!
//! clap reads every value from its environment variable (or a flag of the same
//! name) as text; [`Settings::from_cli`] parses and checks them all and reports
//! every problem at once, one line each naming the variable — a newcomer fixing
//! `.env` should not have to start the bot once per mistake.

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

/// Parsers from the text clap read; every error names its variable.
mod parse {
    use super::*;

    fn malformed(var: &'static str, reason: impl Into<String>) -> ConfigError {
        ConfigError::Malformed {
            var,
            reason: reason.into(),
        }
    }

    pub fn ask_limit(raw: Option<&str>) -> Result<Option<AskLimit>, ConfigError> {
        match raw.map(str::trim).filter(|r| !r.is_empty()) {
            None => Ok(None),
            Some(r) => r.parse().map(Some).map_err(|e| malformed("ASK_LIMIT", e)),
        }
    }

    pub fn listen_addr(raw: &str) -> Result<SocketAddr, ConfigError> {
        raw.trim().parse().map_err(|e| {
            malformed(
                "LISTEN_ADDR",
                format!("`{raw}` is not host:port, like 127.0.0.1:3000 ({e})"),
            )
        })
    }

    pub fn working_hours(raw: &str) -> Result<WorkingHours, ConfigError> {
        raw.parse()
            .map_err(|e| malformed("DEFAULT_WORKING_HOURS", format!("{e}")))
    }

    pub fn duration(var: &'static str, raw: &str) -> Result<chrono::Duration, ConfigError> {
        let d = std_duration(var, raw)?;
        chrono::Duration::from_std(d).map_err(|_| malformed(var, format!("`{raw}` is too long")))
    }

    pub fn std_duration(var: &'static str, raw: &str) -> Result<std::time::Duration, ConfigError> {
        humantime::parse_duration(raw.trim()).map_err(|e| {
            malformed(
                var,
                format!("`{raw}` is not a duration like 4h or 2d ({e})"),
            )
        })
    }

    pub fn timezone(raw: &str) -> Result<chrono_tz::Tz, ConfigError> {
        raw.trim().parse().map_err(|_| {
            malformed(
                "DIGEST_TIMEZONE",
                format!("`{raw}` is not an IANA zone name like Europe/London"),
            )
        })
    }

    /// An integer within `range` (inclusive).
    pub fn number<T>(
        var: &'static str,
        raw: &str,
        range: std::ops::RangeInclusive<T>,
    ) -> Result<T, ConfigError>
    where
        T: std::str::FromStr + PartialOrd + std::fmt::Display,
    {
        let (low, high) = (range.start(), range.end());
        match raw.trim().parse::<T>() {
            Ok(n) if range.contains(&n) => Ok(n),
            _ => Err(malformed(
                var,
                format!("`{raw}` is not a whole number from {low} to {high}"),
            )),
        }
    }

    pub fn boolean(var: &'static str, raw: &str) -> Result<bool, ConfigError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "on" => Ok(true),
            "false" | "no" | "0" | "off" => Ok(false),
            _ => Err(malformed(var, format!("`{raw}` is neither true nor false"))),
        }
    }

    pub fn log_format(raw: &str) -> Result<LogFormat, ConfigError> {
        LogFormat::from_str(raw.trim(), true)
            .map_err(|_| malformed("LOG_FORMAT", format!("`{raw}` is neither text nor json")))
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
    #[arg(long, env = "LISTEN_ADDR", global = true, default_value = defaults::LISTEN_ADDR)]
    pub listen_addr: String,

    /// Where new mentors' working hours start, e.g. `Mon-Fri 09:00-17:00`;
    /// `Mon-Sun 00:00-24:00` means always.
    #[arg(long, env = "DEFAULT_WORKING_HOURS", global = true,
          default_value = defaults::WORKING_HOURS)]
    pub default_working_hours: String,

    /// Whether people may add skills that are not in the vocabulary yet.
    #[arg(long, env = "ALLOW_NEW_SKILLS", global = true, default_value = "true")]
    pub allow_new_skills: String,

    /// A file of skills (one a line) loaded into the vocabulary at start-up.
    #[arg(long, env = "SKILLS_FILE", global = true)]
    pub skills_file: Option<PathBuf>,

    /// The most mentors an ask is offered to at once (fewer when those ranked first
    /// usually say yes: `core::acceptance::fan_out`).
    #[arg(long, env = "MENTORS_PER_ASK", global = true,
          default_value_t = defaults::MENTORS_PER_ASK.to_string())]
    pub mentors_per_ask: String,

    /// A mentor who helped someone within this many weeks ranks after other mentors
    /// with the same skills for that person's next asks (0 turns this off).
    #[arg(long, env = "PAIR_ROTATION_WEEKS", global = true,
          default_value_t = defaults::PAIR_ROTATION_WEEKS.to_string())]
    pub pair_rotation_weeks: String,

    /// How long an ask waits for an accept before mentors are nudged and more are asked.
    #[arg(long, env = "ASK_REMINDER_AFTER", global = true,
          default_value = defaults::ASK_REMINDER_AFTER)]
    pub ask_reminder_after: String,

    /// How long an unmatched ask stays open.
    #[arg(long, env = "ASK_EXPIRE_AFTER", global = true,
          default_value = defaults::ASK_EXPIRE_AFTER)]
    pub ask_expire_after: String,

    /// How long after a match the mentee is asked whether the session happened.
    #[arg(long, env = "FOLLOWUP_AFTER", global = true,
          default_value = defaults::FOLLOWUP_AFTER)]
    pub followup_after: String,

    /// How often an idle worker looks for due jobs (it also wakes when one is scheduled here).
    #[arg(long, env = "JOB_POLL_INTERVAL", global = true,
          default_value = defaults::JOB_POLL_INTERVAL)]
    pub job_poll_interval: String,

    /// Channel id(s) for digests of open asks, comma-separated.
    #[arg(long, env = "DIGEST_CHANNEL", global = true, value_delimiter = ',')]
    pub digest_channel: Vec<String>,

    /// When digests are posted: a cron expression (5 fields, or 6 with seconds).
    #[arg(long, env = "DIGEST_SCHEDULE", global = true, default_value = defaults::DIGEST_SCHEDULE)]
    pub digest_schedule: String,

    /// The zone DIGEST_SCHEDULE is read in (IANA name).
    #[arg(long, env = "DIGEST_TIMEZONE", global = true,
          default_value = defaults::DIGEST_TIMEZONE)]
    pub digest_timezone: String,

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
    #[arg(long, env = "MAX_AFTER_ACK", global = true,
          default_value_t = defaults::MAX_AFTER_ACK.to_string())]
    pub max_after_ack: String,

    /// Slack Web API calls in flight at once, at most; more wait their turn.
    #[arg(long, env = "MAX_SLACK_IN_FLIGHT", global = true,
          default_value_t = defaults::MAX_SLACK_IN_FLIGHT.to_string())]
    pub max_slack_in_flight: String,

    /// Programme owners besides Slack's workspace admins and owners: user ids, comma-separated.
    #[arg(long, env = "ADMIN_USERS", global = true, value_delimiter = ',')]
    pub admin_users: Vec<String>,

    /// A Slack user group (handle like `mentoring-team`, or id `S…`) whose members are admins.
    #[arg(long, env = "ADMIN_USERGROUP", global = true)]
    pub admin_usergroup: Option<String>,

    /// Asks per person per rolling period, e.g. `3/30d` (unset: no limit; admins exempt).
    #[arg(long, env = "ASK_LIMIT", global = true)]
    pub ask_limit: Option<String>,

    /// Log format: text or json.
    #[arg(long, env = "LOG_FORMAT", global = true, default_value = "text")]
    pub log_format: String,
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
    /// Still the value `.env.example` shows, copied without filling it in.
    #[error("{var} is still the placeholder `{value}` from .env.example: {hint}")]
    Placeholder {
        var: &'static str,
        value: String,
        hint: &'static str,
    },
}

/// Every problem found, so all of them are fixed in one go. Never empty.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl std::error::Error for ConfigErrors {}

impl std::fmt::Display for ConfigErrors {
    /// One problem: one line. More: a count, then one indented line each.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "{} configuration problems:", all.len())?;
                all.iter().try_for_each(|e| write!(f, "\n  {e}"))
            }
        }
    }
}

impl From<ConfigError> for ConfigErrors {
    fn from(e: ConfigError) -> Self {
        ConfigErrors(vec![e])
    }
}

/// Collects problems while every variable is read.
#[derive(Default)]
struct Problems(Vec<ConfigError>);

impl Problems {
    /// The value, or `None` with the problem kept.
    fn take<T>(&mut self, result: Result<T, ConfigError>) -> Option<T> {
        result.map_err(|e| self.0.push(e)).ok()
    }

    fn take_all<T>(&mut self, result: Result<T, ConfigErrors>) -> Option<T> {
        result.map_err(|e| self.0.extend(e.0)).ok()
    }

    fn into_result(self) -> Result<(), ConfigErrors> {
        match self.0.is_empty() {
            true => Ok(()),
            false => Err(ConfigErrors(self.0)),
        }
    }
}

/// Values `.env.example` shows in place of a secret: `xoxb-...`, `...`, `xapp-...`
/// (or with `…`). A token prefix followed by nothing but dots is one too.
pub fn is_placeholder(value: &str) -> bool {
    let rest = ["xoxb-", "xapp-"]
        .iter()
        .find_map(|p| value.trim().strip_prefix(p))
        .unwrap_or(value.trim());
    rest.chars().all(|c| c == '.' || c == '…')
}

/// A secret read from `var`: unset or empty is `None`; the placeholder and a value
/// without `prefix` are refused.
fn secret(
    var: &'static str,
    raw: Option<&str>,
    prefix: Option<&str>,
    hint: &'static str,
) -> Result<Option<String>, ConfigError> {
    let Some(value) = raw.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if is_placeholder(value) {
        return Err(ConfigError::Placeholder {
            var,
            value: value.to_owned(),
            hint,
        });
    }
    match prefix {
        Some(p) if !value.starts_with(p) => Err(ConfigError::Malformed {
            var,
            reason: format!("it should start with `{p}`: {hint}"),
        }),
        _ => Ok(Some(value.to_owned())),
    }
}

const BOT_TOKEN_HINT: &str =
    "copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page";
const SIGNING_SECRET_HINT: &str = "copy the Signing Secret from your app's Basic Information page";
const APP_TOKEN_HINT: &str = "create an app-level token with connections:write \
     (Basic Information → App-Level Tokens) and copy it (xapp-…)";

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
    pub fn parse(users: &[String], usergroup: Option<&str>) -> Result<Self, ConfigErrors> {
        let mut problems = Problems::default();
        let users = users
            .iter()
            .map(|u| u.trim())
            .filter(|u| !u.is_empty())
            .filter_map(|u| {
                problems.take(match crate::core::text::is_user_id(u) {
                    true => Ok(u.to_owned()),
                    false => Err(ConfigError::Malformed {
                        var: "ADMIN_USERS",
                        reason: format!(
                            "`{u}` is not a user id (like U0123ABCD; profile → ⋮ → Copy member ID)"
                        ),
                    }),
                })
            })
            .collect();
        problems.into_result()?;
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
    /// Reads the three digest variables, reporting every bad entry.
    pub fn parse(
        channels: &[String],
        by_skill: &str,
        schedule: &str,
        timezone: chrono_tz::Tz,
    ) -> Result<Self, ConfigErrors> {
        let mut problems = Problems::default();
        let mut all: Vec<(String, Option<SkillSlug>)> = channels
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .filter_map(|c| problems.take(check_channel("DIGEST_CHANNEL", c).map(|c| (c, None))))
            .collect();
        for pair in by_skill.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let var = "DIGEST_CHANNELS_BY_SKILL";
            let Some((skill, channel)) = pair.split_once('=') else {
                problems.take::<()>(Err(ConfigError::Malformed {
                    var,
                    reason: format!("`{pair}` is not skill=CHANNEL_ID"),
                }));
                continue;
            };
            let slug = problems.take(SkillSlug::parse(skill).map_err(|e| ConfigError::Malformed {
                var,
                reason: e.to_string(),
            }));
            let channel = problems.take(check_channel(var, channel.trim()));
            if let (Some(slug), Some(channel)) = (slug, channel) {
                all.push((channel, Some(slug)));
            }
        }
        let schedule = problems.take(cron("DIGEST_SCHEDULE", schedule));
        problems.into_result()?;
        Ok(DigestSettings {
            channels: all,
            schedule: schedule.expect("checked above"),
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
    /// Parses and checks every variable `needs` asks for; all problems at once.
    pub fn from_cli(cli: &Cli, needs: Needs) -> Result<Self, ConfigErrors> {
        let transport = match needs {
            Needs::Serve(t) => t,
            _ => Transport::Http,
        };
        let mut problems = Problems::default();

        // Slack's secrets are read only by the commands that use them, so `migrate`
        // (or a playground) works with `.env.example` copied as it is.
        let slack = matches!(needs, Needs::Slack | Needs::Serve(_));
        let serving = matches!(needs, Needs::Serve(_));
        // A placeholder left in a variable this mode does not read (the signing secret
        // in Socket Mode) is as good as unset.
        let read = |var: &'static str,
                    raw: &Option<String>,
                    prefix: Option<&str>,
                    needed: bool,
                    hint: &'static str|
         -> Result<Option<String>, ConfigError> {
            if !slack || (!needed && raw.as_deref().is_some_and(is_placeholder)) {
                return Ok(None);
            }
            match secret(var, raw.as_deref(), prefix, hint)? {
                None if needed => Err(ConfigError::Missing { var, hint }),
                value => Ok(value),
            }
        };
        let bot_token = problems.take(read(
            "SLACK_BOT_TOKEN",
            &cli.slack_bot_token,
            Some("xoxb-"),
            slack,
            BOT_TOKEN_HINT,
        ));
        let signing_secret = problems.take(read(
            "SLACK_SIGNING_SECRET",
            &cli.slack_signing_secret,
            None,
            serving && transport == Transport::Http,
            SIGNING_SECRET_HINT,
        ));
        let app_token = problems.take(read(
            "SLACK_APP_TOKEN",
            &cli.slack_app_token,
            Some("xapp-"),
            serving && transport == Transport::SocketMode,
            APP_TOKEN_HINT,
        ));

        let slack_api_url = problems.take(parse_api_url(&cli.slack_api_url));
        let listen_addr = problems.take(parse::listen_addr(&cli.listen_addr));
        let log_format = problems.take(parse::log_format(&cli.log_format));
        let default_working_hours = problems.take(parse::working_hours(&cli.default_working_hours));
        let allow_new_skills =
            problems.take(parse::boolean("ALLOW_NEW_SKILLS", &cli.allow_new_skills));
        let mentors_per_ask = problems.take(parse::number(
            "MENTORS_PER_ASK",
            &cli.mentors_per_ask,
            1..=10,
        ));
        let pair_rotation_weeks = problems.take(parse::number(
            "PAIR_ROTATION_WEEKS",
            &cli.pair_rotation_weeks,
            0..=52,
        ));
        let reminder_after = problems.take(parse::duration(
            "ASK_REMINDER_AFTER",
            &cli.ask_reminder_after,
        ));
        let expire_after =
            problems.take(parse::duration("ASK_EXPIRE_AFTER", &cli.ask_expire_after));
        let followup_after = problems.take(parse::duration("FOLLOWUP_AFTER", &cli.followup_after));
        let job_poll_interval = problems.take(parse::std_duration(
            "JOB_POLL_INTERVAL",
            &cli.job_poll_interval,
        ));
        let max_after_ack = problems.take(parse::number(
            "MAX_AFTER_ACK",
            &cli.max_after_ack,
            0..=1_000_000,
        ));
        let max_slack_in_flight = problems.take(parse::number(
            "MAX_SLACK_IN_FLIGHT",
            &cli.max_slack_in_flight,
            0..=1_000_000,
        ));
        // A bad zone is reported once, as itself; the digest channels and schedule
        // are still checked against the default zone.
        let timezone = problems.take(parse::timezone(&cli.digest_timezone));
        let digests = problems.take_all(DigestSettings::parse(
            &cli.digest_channel,
            &cli.digest_channels_by_skill,
            &cli.digest_schedule,
            timezone.unwrap_or(chrono_tz::UTC),
        ));
        let admin_digest_schedule =
            problems.take(cron("ADMIN_DIGEST_SCHEDULE", &cli.admin_digest_schedule));
        let admins = problems.take_all(AdminSettings::parse(
            &cli.admin_users,
            cli.admin_usergroup.as_deref(),
        ));
        let ask_limit = problems.take(parse::ask_limit(cli.ask_limit.as_deref()));
        problems.into_result()?;

        const CHECKED: &str = "every problem was reported above";
        Ok(Settings {
            database_url: cli.database_url.clone().filter(|u| !u.is_empty()),
            slack_bot_token: SecretString::from(bot_token.expect(CHECKED).unwrap_or_default()),
            slack_signing_secret: SecretString::from(
                signing_secret.expect(CHECKED).unwrap_or_default(),
            ),
            slack_app_token: app_token.expect(CHECKED).map(SecretString::from),
            slack_api_url: slack_api_url.expect(CHECKED),
            listen_addr: listen_addr.expect(CHECKED),
            log_format: log_format.expect(CHECKED),
            transport,
            default_working_hours: default_working_hours.expect(CHECKED),
            allow_new_skills: allow_new_skills.expect(CHECKED),
            skills_file: cli.skills_file.clone(),
            mentors_per_ask: mentors_per_ask.expect(CHECKED),
            pair_rotation_weeks: pair_rotation_weeks.expect(CHECKED),
            timings: Timings {
                reminder_after: reminder_after.expect(CHECKED),
                expire_after: expire_after.expect(CHECKED),
                followup_after: followup_after.expect(CHECKED),
            },
            job_poll_interval: job_poll_interval.expect(CHECKED),
            run_worker: true,
            max_after_ack: max_after_ack.expect(CHECKED).max(1),
            max_slack_in_flight: max_slack_in_flight.expect(CHECKED).max(1),
            digests: digests.expect(CHECKED),
            admin_digest_schedule: admin_digest_schedule.expect(CHECKED),
            admins: admins.expect(CHECKED),
            ask_limit: ask_limit.expect(CHECKED),
        })
    }

    /// Settings for tests and tools: the defaults (parsed by the same parsers as
    /// the command line, never read from the environment) with the given
    /// database, Slack and secret; no worker (tests drive jobs), fast polls.
    pub fn for_tests(database_url: String, slack_api_url: String, signing_secret: &str) -> Self {
        let duration = |raw| parse::duration("default", raw).expect("default duration");
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

    /// What `main` prints for a command line `migrate` refuses.
    fn refused(args: &[&str]) -> String {
        Settings::from_cli(&cli(args), Needs::Database)
            .expect_err("refused")
            .to_string()
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

    #[test]
    fn every_problem_is_reported_at_once_each_naming_its_variable() {
        let c = cli(&[
            "serve",
            "--slack-bot-token",
            "xoxb-...",
            "--listen-addr",
            "nope",
            "--mentors-per-ask",
            "11",
            "--ask-expire-after",
            "a week",
            "--digest-timezone",
            "Mars/Olympus",
            "--digest-channel",
            "#general",
            "--allow-new-skills",
            "maybe",
            "--log-format",
            "xml",
        ]);
        let errors = Settings::from_cli(&c, Needs::Serve(Transport::Http)).unwrap_err();
        let vars: Vec<&str> = errors
            .0
            .iter()
            .map(|e| match e {
                ConfigError::Missing { var, .. }
                | ConfigError::Malformed { var, .. }
                | ConfigError::Placeholder { var, .. } => *var,
            })
            .collect();
        assert_eq!(
            vars,
            [
                "SLACK_BOT_TOKEN",
                "SLACK_SIGNING_SECRET",
                "LISTEN_ADDR",
                "LOG_FORMAT",
                "ALLOW_NEW_SKILLS",
                "MENTORS_PER_ASK",
                "ASK_EXPIRE_AFTER",
                "DIGEST_TIMEZONE",
                "DIGEST_CHANNEL",
            ]
        );
        let text = errors.to_string();
        assert!(
            text.starts_with(
                "9 configuration problems:\n  SLACK_BOT_TOKEN is still the placeholder `xoxb-...`"
            ),
            "{text}"
        );
        assert_eq!(text.lines().count(), 10, "{text}");
    }

    #[test]
    fn the_placeholders_of_env_example_are_refused_by_name() {
        for (flag, value, var, mode) in [
            (
                "--slack-bot-token",
                "xoxb-...",
                "SLACK_BOT_TOKEN",
                Transport::Http,
            ),
            (
                "--slack-signing-secret",
                "...",
                "SLACK_SIGNING_SECRET",
                Transport::Http,
            ),
            (
                "--slack-app-token",
                "xapp-...",
                "SLACK_APP_TOKEN",
                Transport::SocketMode,
            ),
            (
                "--slack-bot-token",
                "xoxb-…",
                "SLACK_BOT_TOKEN",
                Transport::Http,
            ),
        ] {
            let mut args = vec!["serve"];
            for (f, v) in [
                ("--slack-bot-token", "xoxb-1"),
                ("--slack-signing-secret", "s"),
                ("--slack-app-token", "xapp-1"),
            ] {
                args.extend(if f == flag { [f, value] } else { [f, v] });
            }
            let errors = Settings::from_cli(&cli(&args), Needs::Serve(mode)).unwrap_err();
            assert_eq!(
                errors.0,
                [ConfigError::Placeholder {
                    var,
                    value: value.into(),
                    hint: match var {
                        "SLACK_BOT_TOKEN" => BOT_TOKEN_HINT,
                        "SLACK_SIGNING_SECRET" => SIGNING_SECRET_HINT,
                        _ => APP_TOKEN_HINT,
                    },
                }]
            );
            assert!(errors.to_string().starts_with(&format!(
                "{var} is still the placeholder `{value}` from .env.example: "
            )));
        }
        // Real-looking values pass.
        assert!(!is_placeholder("xoxb-123-456-abc"));
        assert!(!is_placeholder("8f14e45fceea167a5a36dedd4bea2543"));
    }

    #[test]
    fn socket_mode_ignores_the_signing_secret_placeholder_it_does_not_read() {
        let c = cli(&[
            "serve",
            "--slack-bot-token",
            "xoxb-1",
            "--slack-app-token",
            "xapp-1",
            "--slack-signing-secret",
            "...",
        ]);
        let s = Settings::from_cli(&c, Needs::Serve(Transport::SocketMode)).unwrap();
        assert_eq!(s.transport, Transport::SocketMode);
        let err = Settings::from_cli(&c, Needs::Serve(Transport::Http)).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("SLACK_SIGNING_SECRET is still the placeholder"));
    }

    #[test]
    fn migrate_reads_no_slack_secret_so_env_example_as_copied_works() {
        let c = cli(&[
            "migrate",
            "--slack-bot-token",
            "xoxb-...",
            "--slack-signing-secret",
            "...",
        ]);
        let s = Settings::from_cli(&c, Needs::Database).unwrap();
        assert_eq!(s.bot_token(), "");
    }

    /// `.env.example`: the lines left active are the placeholders (refused until
    /// filled in); every commented `VAR=value` shows the default, empty meaning
    /// unset; and every variable the binary reads is there.
    #[test]
    fn env_example_shows_the_defaults() {
        use clap::CommandFactory;
        let command = Cli::command();
        let default_of = |var: &str| -> Option<String> {
            if var == "RUST_LOG" {
                return Some("info".into()); // read by telemetry's EnvFilter
            }
            let arg = command
                .get_arguments()
                .find(|a| a.get_env().is_some_and(|e| e == var))?;
            Some(
                arg.get_default_values()
                    .first()
                    .map(|v| v.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )
        };
        let mut seen = Vec::new();
        for line in include_str!("../.env.example").lines() {
            let (commented, assignment) = match line.strip_prefix("# ") {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            let Some((var, value)) = assignment.split_once('=') else {
                continue;
            };
            if !var.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                continue;
            }
            seen.push(var.to_owned());
            if var == "DATABASE_URL" {
                continue; // its default is db's, checked there
            }
            let default = default_of(var).unwrap_or_else(|| panic!("{var} is not read"));
            if commented {
                assert_eq!(value, default, "{var}: a commented line shows the default");
            } else {
                assert!(is_placeholder(value), "{var}={value} is not a placeholder");
            }
        }
        for arg in command.get_arguments() {
            if let Some(var) = arg.get_env() {
                let var = var.to_string_lossy();
                assert!(
                    seen.iter().any(|s| *s == var),
                    "{var} is missing from .env.example"
                );
            }
        }
    }
}
