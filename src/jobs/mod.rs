//! The bodies of durable jobs and the worker that runs them. What a job *is*
//! (and scheduling one) lives in `queue`; routing and digests are `flows` shared
//! with the handlers.

pub mod admin_digest;
pub mod digest;
pub mod engine;
pub mod followup;
pub mod housekeeping;
pub mod ladder;
pub mod office_hours;
