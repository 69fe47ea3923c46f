//! Postgres access, grouped by table family. Queries are free functions over
//! `impl PgExecutor`, so each runs on the pool or inside a transaction.

pub mod answers;
pub mod asks;
pub mod charts;
mod decode;
pub mod digests;
pub mod events;
pub mod exclusions;
pub mod feedback;
pub mod history;
pub mod home;
pub mod insights;
pub mod jobs;
pub mod mentors;
pub mod my_data;
pub mod no_shows;
pub mod offers;
pub mod office_hours;
pub mod outcomes;
pub mod skill_curation;
pub mod skills;
pub mod transitions;
