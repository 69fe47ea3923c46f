//! How Slack reaches us: HTTP routes and Socket Mode side by side, both handing
//! the same parsed payloads to `handlers`.

pub mod http;
pub mod socket_mode;
