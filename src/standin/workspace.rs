//! What Slack keeps of a workspace so a client can show it: people,
//! conversations and their messages, each person's modals and Home tab, and the
//! trigger_ids and response URLs it handed out.

use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

/// How long a trigger_id may be exchanged for a modal (Slack: 3 s).
pub const TRIGGER_LIFETIME: Duration = Duration::from_secs(3);
/// Modals stacked at once (Slack: 3).
pub const MAX_STACK: usize = 3;

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// What they do, shown beside the name.
    pub title: String,
    /// IANA zone, as their Slack profile says.
    pub tz: String,
    /// A workspace admin.
    pub admin: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub ts: String,
    /// Who wrote it (the bot's user id for the bot).
    pub user: String,
    pub text: String,
    pub blocks: Value,
    /// Seen only by this person (`chat.postEphemeral`, answers to commands).
    pub only_for: Option<String>,
    pub edited: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conversation {
    pub id: String,
    /// `#name` for channels; DMs and group DMs are named by their members.
    pub name: Option<String>,
    /// Who sees it besides the bot; empty for a public channel (everyone).
    pub members: Vec<String>,
    pub messages: Vec<Message>,
}

impl Conversation {
    /// Whether `user` sees this conversation.
    pub fn visible_to(&self, user: &str) -> bool {
        self.members.is_empty() || self.members.iter().any(|m| m == user)
    }
}

/// A modal as a client shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Modal {
    pub id: String,
    pub hash: String,
    pub view: Value,
    /// Per-block errors from a `response_action: errors`.
    pub errors: Value,
}

#[derive(Debug, Clone)]
struct Trigger {
    user: String,
    issued: Instant,
    used: bool,
}

/// Where an answer to a `response_url` goes.
#[derive(Debug, Clone)]
pub struct ResponseTarget {
    pub user: String,
    pub channel: String,
}

#[derive(Debug, Clone, Default)]
pub struct Workspace {
    pub people: Vec<Person>,
    pub conversations: BTreeMap<String, Conversation>,
    /// Each person's stack of open modals, bottom first.
    pub modals: HashMap<String, Vec<Modal>>,
    /// Each person's Home tab, as last published.
    pub homes: HashMap<String, Value>,
    triggers: HashMap<String, Trigger>,
    pub(super) responses: HashMap<String, ResponseTarget>,
    next_id: u64,
    /// Only trigger_ids issued here open modals (a client is connected); the
    /// tests make up their own.
    pub(super) strict_triggers: bool,
}

impl Workspace {
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    pub fn add_channel(&mut self, id: &str, name: &str) {
        self.conversations.insert(
            id.to_owned(),
            Conversation {
                id: id.to_owned(),
                name: Some(name.to_owned()),
                members: vec![],
                messages: vec![],
            },
        );
    }

    /// A number never handed out before (ids of views, triggers, events).
    pub fn fresh_number(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// A trigger_id for something `user` just did, valid for [`TRIGGER_LIFETIME`], once.
    pub fn issue_trigger(&mut self, user: &str) -> String {
        let n = self.fresh_number();
        let id = format!("{n}.{}.{:016x}", 1000 + n, rand::random::<u64>());
        self.triggers.insert(
            id.clone(),
            Trigger {
                user: user.to_owned(),
                issued: Instant::now(),
                used: false,
            },
        );
        id
    }

    /// Exchanges a trigger_id for the person it was issued to, as `views.open`
    /// does: `Ok(None)` for one made up by a test (when not strict).
    pub fn exchange_trigger(&mut self, id: &str) -> Result<Option<String>, &'static str> {
        let strict = self.strict_triggers;
        match self.triggers.get_mut(id) {
            None if strict => Err("invalid_trigger_id"),
            None => Ok(None),
            Some(t) if t.used => Err("exchanged_trigger_id"),
            Some(t) if t.issued.elapsed() > TRIGGER_LIFETIME => Err("expired_trigger_id"),
            Some(t) => {
                t.used = true;
                Ok(Some(t.user.clone()))
            }
        }
    }

    /// A response URL id for an answer to `user` in `channel`.
    pub fn issue_response(&mut self, user: &str, channel: &str) -> String {
        let n = self.fresh_number();
        let id = format!("R{n}{:08x}", rand::random::<u32>());
        self.responses.insert(
            id.clone(),
            ResponseTarget {
                user: user.to_owned(),
                channel: channel.to_owned(),
            },
        );
        id
    }

    /// The conversation a message to `channel` lands in: a user id means their DM
    /// with the bot; unknown ids are made from their shape, as the stand-in's
    /// `conversations.open` names them (`D<user>`, `G<a>-<b>`), or a channel.
    pub fn conversation(&mut self, channel: &str) -> &mut Conversation {
        let id = match channel.strip_prefix('U') {
            Some(_) => format!("D{channel}"),
            None => channel.to_owned(),
        };
        self.conversations.entry(id.clone()).or_insert_with(|| {
            let members = match (id.strip_prefix('D'), id.strip_prefix('G')) {
                (Some(user), _) => vec![user.to_owned()],
                (_, Some(users)) => users.split('-').map(str::to_owned).collect(),
                _ => vec![],
            };
            let name = members.is_empty().then(|| id.to_lowercase());
            Conversation {
                id,
                name,
                members,
                messages: vec![],
            }
        })
    }

    /// Posts a message (from the bot unless `user` says otherwise).
    pub fn post(&mut self, channel: &str, ts: &str, args: &Value, only_for: Option<&str>) {
        let message = Message {
            ts: ts.to_owned(),
            user: super::BOT_USER.to_owned(),
            text: args["text"].as_str().unwrap_or_default().to_owned(),
            blocks: args.get("blocks").cloned().unwrap_or(Value::Null),
            only_for: only_for.map(str::to_owned),
            edited: false,
        };
        self.conversation(channel).messages.push(message);
    }

    /// `chat.update`: false when there is no such message.
    pub fn update(&mut self, channel: &str, ts: &str, args: &Value) -> bool {
        let conversation = self.conversation(channel);
        match conversation.messages.iter_mut().find(|m| m.ts == ts) {
            Some(m) => {
                if let Some(text) = args["text"].as_str() {
                    m.text = text.to_owned();
                }
                if let Some(blocks) = args.get("blocks") {
                    m.blocks = blocks.clone();
                }
                m.edited = true;
                true
            }
            None => false,
        }
    }

    /// Opens (`push`: stacks) a modal for `user`; its id and hash.
    pub fn open_modal(
        &mut self,
        user: &str,
        view: &Value,
        push: bool,
    ) -> Result<Value, &'static str> {
        let n = self.fresh_number();
        let stack = self.modals.entry(user.to_owned()).or_default();
        if !push {
            stack.clear();
        } else if stack.len() >= MAX_STACK {
            return Err("push_limit_reached");
        }
        let modal = Modal {
            id: format!("V{n:08}"),
            hash: format!("{n}.h"),
            view: view.clone(),
            errors: json!({}),
        };
        let answer = with_id(&modal);
        stack.push(modal);
        Ok(answer)
    }

    /// `views.update` by `view_id` (or `external_id`), checking `hash` when given.
    pub fn update_modal(&mut self, args: &Value) -> Result<Value, &'static str> {
        let n = self.fresh_number();
        let id = args["view_id"].as_str();
        let external = args["external_id"].as_str();
        let modal = self
            .modals
            .values_mut()
            .flatten()
            .find(|m| {
                id.is_some_and(|id| m.id == id)
                    || external.is_some_and(|e| m.view["external_id"].as_str() == Some(e))
            })
            .ok_or("not_found")?;
        if args["hash"].as_str().is_some_and(|h| h != modal.hash) {
            return Err("hash_conflict");
        }
        modal.view = args["view"].clone();
        modal.hash = format!("{n}.h");
        modal.errors = json!({});
        Ok(with_id(modal))
    }

    /// The modal `user` has on top, if `id` is it.
    pub fn top_modal(&mut self, user: &str, id: &str) -> Option<&mut Modal> {
        self.modals.get_mut(user)?.last_mut().filter(|m| m.id == id)
    }

    /// Closes the top modal (`all`: every modal) of `user`.
    pub fn close_modal(&mut self, user: &str, all: bool) {
        if let Some(stack) = self.modals.get_mut(user) {
            if all {
                stack.clear();
            } else {
                stack.pop();
            }
        }
    }
}

/// A view as Slack answers it: what was sent, with its id and hash.
fn with_id(modal: &Modal) -> Value {
    let mut view = modal.view.clone();
    view["id"] = json!(modal.id);
    view["hash"] = json!(modal.hash);
    view
}
