//! End-to-end tests: the real app over HTTP, real Postgres, a fake Slack.
//! One module per behaviour; one binary so it links once.

mod helpers;

mod admin_charts;
mod admin_insights;
mod admins;
mod ask_deadlines;
mod ask_flow;
mod ask_limits;
mod ask_race;
mod asker_home;
mod authorization;
mod away_status;
mod bounded_work;
mod commands;
mod declines;
mod events;
mod feedback_both_ways;
mod health;
mod history;
mod hostile_input;
mod housekeeping;
mod lifecycle;
mod manifest;
mod meeting_times;
mod mentor_commands;
mod mentor_form_roundtrip;
mod mentor_home;
mod mentor_settings;
mod no_shows;
mod office_hours;
mod people_who_leave;
mod reliability;
mod scheduler_digest;
mod scheduler_engine;
mod scheduler_followup;
mod scheduler_ladder;
mod scheduler_quiet_hours;
mod security;
mod signing;
mod skill_curation;
mod skill_gaps;
mod skills;
mod slack_client;
mod wait_estimate;
mod who_meets_whom;
