//! Block Kit views: pure functions from plain data to Slack JSON. The ids in
//! [`ids`] are the only coupling between a view and the handler that reads it.

pub mod admin_home;
pub mod ask_card;
pub mod ask_modal;
pub mod blocks;
pub mod charts;
pub mod decline;
pub mod digest;
pub mod feedback;
pub mod followup;
pub mod history;
pub mod home;
pub mod ids;
pub mod meeting;
pub mod mentee;
pub mod mentor_modal;
pub mod mentor_status;
pub mod my_data;
pub mod never_match;
pub mod no_shows;
pub mod office_hours;
pub mod replies;
pub mod skill_curation;
pub mod text;
