//! The one Slack Web API wrapper every part of the bot uses.
//!
//! It sends through slack-morphism's hyper client (which joins `{SLACK_API_URL}/{method}`
//! and classifies Slack's answers) and adds what slack-morphism leaves out: retries of
//! 5xx, network errors and timeouts with bounded backoff, 429 handling that honours
//! `Retry-After`, per-call deadlines (a `trigger_id` lives 3 s), metrics by method and
//! outcome, and logs that name the method and error but never the token.

use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use slack_morphism::errors::SlackClientError;
use slack_morphism::prelude::*;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

pub type Connector = SlackClientHyperConnector<HttpsConnector<HttpConnector>>;

/// Retry and timeout policy for Web API calls.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// First backoff after a 5xx or network error; doubles each time.
    pub base_backoff: Duration,
    /// A `Retry-After` longer than this is not waited for.
    pub max_retry_after: Duration,
    /// Time allowed for one attempt.
    pub attempt_timeout: Duration,
    /// Calls in flight at once, at most; more wait for a turn (bounded memory
    /// when Slack is slow).
    pub max_in_flight: usize,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_backoff: Duration::from_millis(250),
            max_retry_after: Duration::from_secs(30),
            attempt_timeout: Duration::from_secs(10),
            max_in_flight: 32,
        }
    }
}

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum SlackError {
    /// Slack answered `ok: false`; `code` is Slack's error code (`not_in_channel`, …).
    #[error("Slack {method} answered `{code}`")]
    Api { method: String, code: String },
    #[error("Slack {method} kept rate-limiting us")]
    RateLimited { method: String },
    #[error("Slack {method} could not be reached: {detail}")]
    Transport { method: String, detail: String },
    #[error("Slack {method} sent an answer we could not read: {detail}")]
    Protocol { method: String, detail: String },
    /// No answer in time to a call that must not be repeated blindly: Slack may
    /// have carried it out (a message may be posted).
    #[error("Slack {method} did not answer in time; it may have been carried out")]
    OutcomeUnknown { method: String },
}

impl SlackError {
    /// Slack's error code, when Slack answered at all.
    pub fn code(&self) -> Option<&str> {
        match self {
            SlackError::Api { code, .. } => Some(code),
            _ => None,
        }
    }
}

#[derive(Clone)]
pub struct SlackApi {
    client: Arc<SlackClient<Connector>>,
    token: SlackApiToken,
    policy: RetryPolicy,
    /// Where `response_url`s may point: Slack's hooks host, and the Web API's
    /// own origin (GovSlack, tests).
    response_origins: Arc<Vec<url::Origin>>,
    /// The Web API's own origin: file upload URLs may point there (tests,
    /// self-hosted gateways) as well as at any https host Slack names.
    api_origin: Option<url::Origin>,
    in_flight: Arc<tokio::sync::Semaphore>,
}

/// Slack's host for `response_url`s.
pub const RESPONSE_HOST: &str = "hooks.slack.com";

impl std::fmt::Debug for SlackApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the token.
        f.debug_struct("SlackApi")
            .field("policy", &self.policy)
            .finish()
    }
}

enum Call<'a> {
    Post(&'a Value),
    Get(&'a [(&'a str, String)]),
    PostUrl(&'a url::Url, &'a Value),
    /// Raw bytes to a file upload URL, without our token.
    Upload(&'a url::Url, &'a str, &'a [u8]),
}

/// A file to share through Slack's upload flow (`files.getUploadURLExternal`,
/// the bytes to the URL it returns, `files.completeUploadExternal`).
#[derive(Debug, Clone, Copy)]
pub struct FileUpload<'a> {
    pub filename: &'a str,
    /// MIME type of the bytes (`image/png`, `text/csv`).
    pub content_type: &'a str,
    pub bytes: &'a [u8],
    pub title: &'a str,
    /// What an image shows, in words (screen readers).
    pub alt_text: Option<&'a str>,
    /// Share it there (a DM for the file to be seen by that person); without a
    /// channel the file stays private to the bot.
    pub channel_id: Option<&'a str>,
    /// A message posted with the shared file.
    pub initial_comment: Option<&'a str>,
}

/// A file Slack stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    pub id: String,
    pub title: String,
}

/// Slack's limit on an uploaded image's `alt_txt`, kept well within.
const MAX_ALT_TXT: usize = 1000;

/// A message Slack stored: where and under which `ts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedMessage {
    pub channel: String,
    pub ts: String,
}

/// The parts of `users.info` we use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInfo {
    pub id: String,
    pub tz: Option<String>,
    pub deleted: bool,
    pub is_bot: bool,
    pub is_admin: bool,
    pub is_owner: bool,
    pub status_emoji: String,
    pub status_text: String,
    /// Unix seconds; 0 means the status does not expire.
    pub status_expiration: i64,
}

/// The parts of `auth.test` we use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthInfo {
    pub team_id: String,
    pub team: String,
    pub user_id: String,
}

/// Builds the slack-morphism client for any base URL, `http://` included.
pub fn build_client(api_url: &str) -> Arc<SlackClient<Connector>> {
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_webpki_roots()
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .build();
    let connector = SlackClientHyperConnector::with_connector(https).with_slack_api_url(api_url);
    Arc::new(SlackClient::new(connector))
}

impl SlackApi {
    pub fn new(api_url: &str, bot_token: &str, policy: RetryPolicy) -> Self {
        let hooks = url::Url::parse(&format!("https://{RESPONSE_HOST}/")).expect("static URL");
        let mut origins = vec![hooks.origin()];
        let api_origin = url::Url::parse(api_url).ok().map(|u| u.origin());
        if let Ok(api) = url::Url::parse(api_url) {
            origins.push(api.origin());
            // GovSlack and other Slack hosts answer on `hooks.<their host>`.
            if let Some(host) = api.host_str().filter(|h| *h != "slack.com") {
                let host = host.strip_prefix("api.").unwrap_or(host);
                if let Ok(hooks) = url::Url::parse(&format!("https://hooks.{host}/")) {
                    origins.push(hooks.origin());
                }
            }
        }
        let in_flight = Arc::new(tokio::sync::Semaphore::new(policy.max_in_flight.max(1)));
        Self {
            client: build_client(api_url),
            token: SlackApiToken::new(bot_token.into()),
            policy,
            in_flight,
            response_origins: Arc::new(origins),
            api_origin,
        }
    }

    /// POSTs a JSON body to a write method (`chat.postMessage`, `views.open`, …).
    pub async fn post(&self, method: &str, body: &Value) -> Result<Value, SlackError> {
        self.send(method, Call::Post(body), None).await
    }

    /// Like [`post`](Self::post), but gives up when `deadline` passes.
    pub async fn post_before(
        &self,
        method: &str,
        body: &Value,
        deadline: Instant,
    ) -> Result<Value, SlackError> {
        self.send(method, Call::Post(body), Some(deadline)).await
    }

    /// GETs a read method with query parameters (`users.info`, `auth.test`): Slack
    /// ignores JSON bodies on those.
    pub async fn get(&self, method: &str, params: &[(&str, String)]) -> Result<Value, SlackError> {
        self.send(method, Call::Get(params), None).await
    }

    pub async fn open_view(&self, trigger_id: &str, view: Value) -> Result<Value, SlackError> {
        // A trigger_id expires 3 s after the click; retrying later is pointless.
        let deadline = Instant::now() + Duration::from_millis(2800);
        let body = json!({ "trigger_id": trigger_id, "view": view });
        self.post_before("views.open", &body, deadline).await
    }

    pub async fn publish_home(&self, user_id: &str, view: Value) -> Result<Value, SlackError> {
        self.post(
            "views.publish",
            &json!({ "user_id": user_id, "view": view }),
        )
        .await
    }

    pub async fn post_message(&self, message: &Value) -> Result<PostedMessage, SlackError> {
        let answer = self.post("chat.postMessage", message).await?;
        Ok(PostedMessage {
            channel: str_at(&answer, "/channel"),
            ts: str_at(&answer, "/ts"),
        })
    }

    pub async fn update_message(&self, message: &Value) -> Result<(), SlackError> {
        self.post("chat.update", message).await.map(drop)
    }

    /// Opens (or finds) a DM with one user, or a group DM with several.
    pub async fn open_conversation(&self, users: &[&str]) -> Result<String, SlackError> {
        let answer = self
            .post("conversations.open", &json!({ "users": users.join(",") }))
            .await?;
        Ok(str_at(&answer, "/channel/id"))
    }

    pub async fn user_info(&self, user_id: &str) -> Result<UserInfo, SlackError> {
        let answer = self
            .get("users.info", &[("user", user_id.to_owned())])
            .await?;
        Ok(UserInfo {
            id: str_at(&answer, "/user/id"),
            tz: answer
                .pointer("/user/tz")
                .and_then(Value::as_str)
                .map(str::to_owned),
            deleted: answer
                .pointer("/user/deleted")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            status_emoji: str_at(&answer, "/user/profile/status_emoji"),
            status_text: str_at(&answer, "/user/profile/status_text"),
            status_expiration: answer
                .pointer("/user/profile/status_expiration")
                .and_then(Value::as_i64)
                .unwrap_or(0),
            is_bot: flag(&answer, "/user/is_bot"),
            is_admin: flag(&answer, "/user/is_admin"),
            is_owner: flag(&answer, "/user/is_owner"),
        })
    }

    /// The members of a user group, by id (`S…`) or by handle (looked up with
    /// `usergroups.list` first). Needs `usergroups:read`.
    pub async fn usergroup_members(&self, group: &str) -> Result<Vec<String>, SlackError> {
        let id = if crate::core::text::is_usergroup_id(group) {
            group.to_owned()
        } else {
            let list = self.get("usergroups.list", &[]).await?;
            list.pointer("/usergroups")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|g| g["handle"].as_str() == Some(group))
                .and_then(|g| g["id"].as_str())
                .map(str::to_owned)
                .ok_or_else(|| SlackError::Protocol {
                    method: "usergroups.list".into(),
                    detail: format!("no user group with the handle `{group}`"),
                })?
        };
        let answer = self
            .get("usergroups.users.list", &[("usergroup", id)])
            .await?;
        Ok(answer
            .pointer("/users")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|u| u.as_str().map(str::to_owned))
            .collect())
    }

    pub async fn auth_test(&self) -> Result<AuthInfo, SlackError> {
        let answer = self.get("auth.test", &[]).await?;
        Ok(AuthInfo {
            team_id: str_at(&answer, "/team_id"),
            team: str_at(&answer, "/team"),
            user_id: str_at(&answer, "/user_id"),
        })
    }

    /// Answers through a slash command's or action's `response_url`. The URL is
    /// a bearer capability of its own: it is posted to without our token, and only
    /// when it points at Slack ([`RESPONSE_HOST`] over https, or the Web API's
    /// origin); anything else is refused and logged without its secret path.
    pub async fn respond(&self, response_url: &str, message: &Value) -> Result<(), SlackError> {
        let refused = |detail: String| SlackError::Protocol {
            method: "response_url".into(),
            detail,
        };
        let url = url::Url::parse(response_url).map_err(|e| refused(e.to_string()))?;
        if !self.response_origins.contains(&url.origin()) {
            let host = url.host_str().unwrap_or("?").to_owned();
            tracing::warn!(%host, "refused a response_url that is not Slack's");
            metrics::counter!("slack_response_urls_refused_total").increment(1);
            return Err(refused(format!("{host} is not Slack's response host")));
        }
        self.send("response_url", Call::PostUrl(&url, message), None)
            .await
            .map(drop)
    }

    /// Uploads a file and completes it (sharing it when `channel_id` is set):
    /// `files.getUploadURLExternal` with the name and length, the bytes POSTed
    /// to the URL Slack returns, then `files.completeUploadExternal`. Needs
    /// `files:write`.
    ///
    /// The upload URL is a capability of its own: the bytes go there without our
    /// token, and only when it is https or on the Web API's own origin.
    pub async fn upload_file(&self, file: &FileUpload<'_>) -> Result<FileRef, SlackError> {
        let mut params = vec![
            ("filename", file.filename.to_owned()),
            ("length", file.bytes.len().to_string()),
        ];
        if let Some(alt) = file.alt_text {
            params.push(("alt_txt", crate::core::text::truncate(alt, MAX_ALT_TXT)));
        }
        let answer = self.get("files.getUploadURLExternal", &params).await?;
        let (upload_url, file_id) = (str_at(&answer, "/upload_url"), str_at(&answer, "/file_id"));
        let refused = |detail: String| SlackError::Protocol {
            method: "files.getUploadURLExternal".into(),
            detail,
        };
        if file_id.is_empty() {
            return Err(refused("no file_id in the answer".into()));
        }
        let url = url::Url::parse(&upload_url).map_err(|e| refused(format!("upload_url: {e}")))?;
        let ours = self.api_origin.as_ref() == Some(&url.origin());
        if url.scheme() != "https" && !ours {
            let host = url.host_str().unwrap_or("?").to_owned();
            tracing::warn!(%host, "refused an upload URL that is neither https nor the Web API's");
            return Err(refused(format!("upload_url on {host} is not https")));
        }
        self.send(
            "upload_url",
            Call::Upload(&url, file.content_type, file.bytes),
            None,
        )
        .await?;
        let mut complete = json!({ "files": [{ "id": file_id, "title": file.title }] });
        if let Some(channel) = file.channel_id {
            complete["channel_id"] = json!(channel);
        }
        if let Some(comment) = file.initial_comment {
            complete["initial_comment"] = json!(comment);
        }
        let answer = self.post("files.completeUploadExternal", &complete).await?;
        let id = answer
            .pointer("/files/0/id")
            .and_then(Value::as_str)
            .unwrap_or(&file_id)
            .to_owned();
        Ok(FileRef {
            id,
            title: file.title.to_owned(),
        })
    }

    async fn send(
        &self,
        method: &str,
        call: Call<'_>,
        deadline: Option<Instant>,
    ) -> Result<Value, SlackError> {
        // Waiting for a turn counts against the deadline like any other delay.
        let turn = self.in_flight.acquire();
        let _turn = match deadline {
            Some(d) => match tokio::time::timeout_at(d, turn).await {
                Ok(permit) => permit,
                Err(_) => {
                    return Err(SlackError::Transport {
                        method: method.to_owned(),
                        detail: "too many calls in flight".into(),
                    })
                }
            },
            None => turn.await,
        }
        .map_err(|_| SlackError::Transport {
            method: method.to_owned(),
            detail: "client closed".into(),
        })?;
        let mut attempt = 1;
        let mut backoff = self.policy.base_backoff;
        loop {
            let result = self.attempt(method, &call).await;
            let (outcome, wait) = match &result {
                Ok(_) => ("ok", None),
                Err(Failure::Api(_)) => ("api_error", None),
                Err(Failure::Unknown) => ("timeout_unknown", None),
                Err(Failure::Protocol(_)) => ("protocol_error", None),
                Err(Failure::RateLimited(after)) => {
                    let after = after.unwrap_or(Duration::from_secs(1));
                    ("rate_limited", Some(after.min(self.policy.max_retry_after)))
                }
                Err(Failure::Retryable(kind, _)) => (*kind, Some(backoff)),
            };
            metrics::counter!("slack_api_calls_total", "method" => method.to_owned(), "outcome" => outcome)
                .increment(1);
            let failure = match result {
                Ok(value) => return Ok(value),
                Err(f) => f,
            };
            let retry_at = wait.map(|w| Instant::now() + w);
            let may_retry = attempt < self.policy.max_attempts
                && retry_at.is_some_and(|at| deadline.is_none_or(|d| at < d));
            if !may_retry {
                let err = failure.into_error(method);
                tracing::warn!(method, attempt, error = %err, "Slack call failed");
                return Err(err);
            }
            tracing::info!(method, attempt, outcome, "Slack call will be retried");
            if let Some(at) = retry_at {
                tokio::time::sleep_until(at).await;
            }
            if matches!(failure, Failure::Retryable(..)) {
                backoff *= 2;
            }
            attempt += 1;
        }
    }

    async fn attempt(&self, method: &str, call: &Call<'_>) -> Result<Value, Failure> {
        let session = self.client.open_session(&self.token);
        let api = &session.http_session_api;
        let fut = async {
            match call {
                Call::Post(body) => api.http_post::<Value, Value>(method, *body, None).await,
                Call::Get(params) => {
                    let params: Vec<(&str, Option<&String>)> =
                        params.iter().map(|(k, v)| (*k, Some(v))).collect();
                    api.http_get::<Value, _, &String>(method, &params, None)
                        .await
                }
                Call::PostUrl(url, body) => {
                    // No token: a response_url needs none, and must never see it.
                    let span = tracing::debug_span!("response_url");
                    let context = SlackClientApiCallContext {
                        rate_control_params: None,
                        token: None,
                        tracing_span: &span,
                        is_sensitive_url: true,
                    };
                    self.client
                        .http_api
                        .connector
                        .http_post_uri::<Value, Value>((*url).clone(), *body, context)
                        .await
                }
                Call::Upload(url, content_type, bytes) => {
                    // No token: Slack's upload URL carries its own authority.
                    let span = tracing::debug_span!("upload_url");
                    let context = SlackClientApiCallContext {
                        rate_control_params: None,
                        token: None,
                        tracing_span: &span,
                        is_sensitive_url: true,
                    };
                    self.client
                        .http_api
                        .connector
                        .http_post_uri_binary::<Value>(
                            (*url).clone(),
                            (*content_type).to_owned(),
                            bytes,
                            context,
                        )
                        .await
                }
            }
        };
        match tokio::time::timeout(self.policy.attempt_timeout, fut).await {
            Err(_) if repeatable(method) => {
                Err(Failure::Retryable("timeout", "no answer in time".into()))
            }
            Err(_) => Err(Failure::Unknown),
            Ok(Ok(value)) => Ok(value),
            Ok(Err(err)) => Err(Failure::from(err)),
        }
    }
}

/// How one attempt failed, which decides whether to retry.
enum Failure {
    /// Timed out on a call that is not safe to repeat.
    Unknown,
    Api(String),
    RateLimited(Option<Duration>),
    Retryable(&'static str, String),
    Protocol(String),
}

impl From<SlackClientError> for Failure {
    fn from(err: SlackClientError) -> Self {
        match err {
            SlackClientError::ApiError(e) => Failure::Api(e.code),
            SlackClientError::RateLimitError(e) => Failure::RateLimited(e.retry_after),
            SlackClientError::HttpError(e) if e.status_code.is_server_error() => {
                Failure::Retryable("server_error", format!("HTTP {}", e.status_code))
            }
            SlackClientError::HttpError(e) => Failure::Protocol(format!("HTTP {}", e.status_code)),
            SlackClientError::HttpProtocolError(e) => Failure::Retryable(
                "network_error",
                e.cause
                    .as_deref()
                    .map_or_else(|| "no cause given".into(), |c| error_chain(c)),
            ),
            other => Failure::Protocol(other.to_string()),
        }
    }
}

/// An error and its sources as one sentence-like line ("client error (Connect): tcp
/// connect error: Connection refused (os error 111)"), not a Debug dump.
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(e) = source {
        let text = e.to_string();
        // Wrappers often repeat their source's text; say it once.
        if !parts.last().is_some_and(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = e.source();
    }
    parts.join(": ")
}

impl Failure {
    fn into_error(self, method: &str) -> SlackError {
        let method = method.to_owned();
        match self {
            Failure::Unknown => SlackError::OutcomeUnknown { method },
            Failure::Api(code) => SlackError::Api { method, code },
            Failure::RateLimited(_) => SlackError::RateLimited { method },
            Failure::Retryable(_, detail) => SlackError::Transport { method, detail },
            Failure::Protocol(detail) => SlackError::Protocol { method, detail },
        }
    }
}

/// Whether repeating a call after a timeout is harmless. Posting a message or
/// opening a modal twice is not: the first attempt may have gone through.
fn repeatable(method: &str) -> bool {
    !matches!(
        method,
        "chat.postMessage"
            | "chat.postEphemeral"
            | "views.open"
            | "views.push"
            | "response_url"
            // Sharing a file posts it: twice would post it twice.
            | "files.completeUploadExternal"
    )
}

/// A boolean in a Slack answer; absent means false.
fn flag(answer: &Value, pointer: &str) -> bool {
    answer
        .pointer(pointer)
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn str_at(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// slack-morphism uses rustls with `ring`; if any other crate enables `aws-lc-rs`
/// too, rustls cannot pick one and panics on the first TLS connection. Choose.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
