//! The product's rules, as pure functions over plain data: no I/O, no clock reads.
//! Everything a newcomer needs to know about *what* micromentor decides lives here.

pub mod acceptance;
pub mod admins;
pub mod ask;
pub mod ask_limit;
pub mod availability;
pub mod charts;
pub mod estimate;
pub mod exclusions;
pub mod export;
pub mod feedback;
pub mod figures;
pub mod followup;
pub mod history;
pub mod insights;
pub mod ladder;
pub mod lifecycle;
pub mod meeting;
pub mod mentor;
pub mod my_data;
pub mod no_shows;
pub mod offer;
pub mod office_hours;
pub mod routing;
pub mod skill_curation;
pub mod skills;
pub mod text;
pub mod working_hours;
