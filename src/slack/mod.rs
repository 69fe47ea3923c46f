//! Everything that knows how Slack speaks: request signatures, payload shapes,
//! the Web API client and Socket Mode.

pub mod client;
pub mod payloads;
pub mod verify;

pub use client::{FileRef, FileUpload, SlackApi, SlackError};

/// Bot scopes the code needs, and no more; `manifest.yml` must request exactly these.
/// - `commands`: `/ask`, `/mentor`
/// - `chat:write`: offers, intros, reminders (`chat.postMessage`, `chat.update`)
/// - `im:write`, `mpim:write`: `conversations.open` for DMs and mentee+mentor group DMs
/// - `users:read`: `users.info` for a mentor's time zone, status, and whether
///   someone is a workspace admin or owner
/// - `usergroups:read`: the members of `ADMIN_USERGROUP`
/// - `files:write`: admins' charts (images on Home) and CSV downloads (DMs)
pub const BOT_SCOPES: &[&str] = &[
    "commands",
    "chat:write",
    "im:write",
    "mpim:write",
    "users:read",
    "usergroups:read",
    "files:write",
];
