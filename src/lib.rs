//! micromentor: a Slack bot that brokers micro-mentoring.
//!
//! Layers point one way (see ARCHITECTURE.md; `tests/architecture.rs` enforces it):
//! `core ← store ← queue ← flows ← {handlers, jobs} ← ingress ← app`, and `views`
//! (pure Block Kit) use `core` only. Every product rule is a pure function in `core`.

pub mod app;
pub mod charts;
pub mod check;
pub mod clock;
pub mod config;
pub mod core;
pub mod db;
pub mod demo;
pub mod flows;
pub mod handlers;
pub mod ingress;
pub mod jobs;
pub mod memory;
pub mod queue;
pub mod slack;
pub mod standin;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod views;

pub use app::Application;
pub use state::AppState;
