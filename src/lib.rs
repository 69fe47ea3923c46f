//! micromentor: a Slack bot that brokers micro-mentoring.
//!
//! Architecture, one line per folder:
//! - `core/`     pure product rules (no I/O): text escaping, skills, availability, …
//! - `views/`    Block Kit builders (pure functions returning JSON) and their ids
//! - `handlers/` one entry per Slack surface: parse → core → store → Slack
//! - `slack/`    transport: signature check, payload parsing, Web API client, Socket Mode
//! - `store/`    sqlx queries grouped by table family
//! - `http/`     the axum router, the verified-request extractor, health and metrics

pub mod app;
pub mod check;
pub mod clock;
pub mod config;
pub mod core;
pub mod db;
pub mod flows;
pub mod handlers;
pub mod ingress;
pub mod jobs;
pub mod queue;
pub mod slack;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod views;

pub use app::Application;
pub use state::AppState;
