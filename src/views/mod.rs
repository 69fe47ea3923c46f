//! Block Kit views: pure functions from plain data to Slack JSON. The ids in
//! [`ids`] are the only coupling between a view and the handler that reads it.

pub mod blocks;
pub mod home;
pub mod ids;
pub mod mentor_modal;
pub mod mentor_status;
pub mod text;
