//! `micromentor check`: a doctor that says, in plain words, what is wrong.

use crate::config::Settings;
use crate::db;
use crate::slack::client::{RetryPolicy, SlackApi, SlackError};

/// One line of the report.
pub struct Finding {
    pub ok: bool,
    pub line: String,
}

/// Runs every check; never stops at the first failure.
pub async fn run(settings: &Settings) -> Vec<Finding> {
    crate::slack::client::install_crypto_provider();
    let mut out = vec![Finding {
        ok: true,
        line: "configuration parses".into(),
    }];
    match db::connect(settings.database_url.as_deref()).await {
        Err(e) => out.push(Finding {
            ok: false,
            line: e.to_string(),
        }),
        Ok(pool) => {
            out.push(Finding {
                ok: true,
                line: "database reachable".into(),
            });
            match crate::store::digests::failures(&pool).await {
                Ok(failures) => {
                    for (channel, error, at) in failures {
                        out.push(Finding {
                            ok: false,
                            line: format!(
                                "digest channel {channel}: the last post failed with `{error}` at {at}; \
                                 invite the bot there (/invite @micromentor) or fix DIGEST_CHANNEL"
                            ),
                        });
                    }
                }
                Err(e) => {
                    tracing::debug!(error = %e, "digest failures not readable (database not migrated?)")
                }
            }
            match db::pending_migrations(&pool).await {
                Ok(p) if p.is_empty() => out.push(Finding {
                    ok: true,
                    line: "database migrated".into(),
                }),
                Ok(p) => out.push(Finding {
                    ok: false,
                    line: format!(
                        "database is missing {} migration(s) ({}); run `micromentor migrate`",
                        p.len(),
                        p.join(", ")
                    ),
                }),
                Err(e) => out.push(Finding {
                    ok: false,
                    line: format!("could not read migrations: {e}"),
                }),
            }
        }
    }
    let slack = SlackApi::new(
        &settings.slack_api_url,
        settings.bot_token(),
        RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::default()
        },
    );
    match slack.auth_test().await {
        Ok(info) => out.push(Finding {
            ok: true,
            line: format!(
                "Slack auth.test ok: bot {} in workspace {} ({})",
                info.user_id, info.team, info.team_id
            ),
        }),
        Err(e) => out.push(Finding {
            ok: false,
            line: slack_sentence(&e, &settings.slack_api_url),
        }),
    }
    out
}

/// What a failed `auth.test` means for the person running `check`, in a sentence
/// with what to do: Slack's error code or the network's, never a Debug dump.
pub fn slack_sentence(error: &SlackError, api_url: &str) -> String {
    let host = url::Url::parse(api_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| api_url.to_owned());
    match error {
        SlackError::Api { code, .. } => match code.as_str() {
            "invalid_auth" | "not_authed" | "token_revoked" | "token_expired"
            | "account_inactive" => format!(
                "Slack refused SLACK_BOT_TOKEN (`{code}`): copy the Bot User OAuth Token \
                 (xoxb-…) again from your app's OAuth & Permissions page, reinstalling the app \
                 if it was removed"
            ),
            _ => format!(
                "Slack answered auth.test with the error `{code}`: the bot token was not \
                 accepted; check SLACK_BOT_TOKEN"
            ),
        },
        SlackError::RateLimited { .. } => {
            "Slack is rate-limiting this token right now; run `check` again in a minute".into()
        }
        SlackError::Transport { detail, .. } | SlackError::Protocol { detail, .. } => {
            let lower = detail.to_lowercase();
            let why = if lower.contains("dns") || lower.contains("lookup address") {
                format!("the host {host} is not known (DNS)")
            } else if lower.contains("connection refused") {
                format!("nothing answers at {host} (connection refused)")
            } else if lower.contains("certificate") || lower.contains("tls") {
                format!("the TLS connection to {host} failed ({detail})")
            } else if lower.contains("timed out") || lower.contains("deadline") {
                format!("{host} did not answer in time")
            } else if lower.starts_with("http ") {
                format!("{host} answered {detail}, which is not Slack's Web API")
            } else {
                format!("{host} could not be reached ({detail})")
            };
            format!(
                "Slack's Web API could not be asked who the bot is: {why}; check SLACK_API_URL \
                 ({api_url}) and that this machine reaches it"
            )
        }
        SlackError::OutcomeUnknown { .. } => {
            format!("Slack's Web API at {host} did not answer in time; run `check` again")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transport(detail: &str) -> SlackError {
        SlackError::Transport {
            method: "auth.test".into(),
            detail: detail.into(),
        }
    }

    #[test]
    fn slack_failures_are_sentences_that_say_what_to_do() {
        let url = "https://slack.com/api";
        let bad_token = SlackError::Api {
            method: "auth.test".into(),
            code: "invalid_auth".into(),
        };
        assert!(slack_sentence(&bad_token, url)
            .starts_with("Slack refused SLACK_BOT_TOKEN (`invalid_auth`): copy"));
        let refused = transport(
            "client error (Connect): tcp connect error: Connection refused (os error 111)",
        );
        assert_eq!(
            slack_sentence(&refused, "http://127.0.0.1:9/api"),
            "Slack's Web API could not be asked who the bot is: nothing answers at 127.0.0.1 \
             (connection refused); check SLACK_API_URL (http://127.0.0.1:9/api) and that this \
             machine reaches it"
        );
        let dns =
            transport("client error (Connect): dns error: failed to lookup address information");
        assert!(slack_sentence(&dns, url).contains("the host slack.com is not known (DNS)"));
        let html = SlackError::Protocol {
            method: "auth.test".into(),
            detail: "HTTP 404 Not Found".into(),
        };
        assert!(slack_sentence(&html, url)
            .contains("slack.com answered HTTP 404 Not Found, which is not Slack's Web API"));
        for e in [bad_token, refused, dns, html] {
            let line = slack_sentence(&e, url);
            assert!(!line.contains("Some(") && !line.contains(" {"), "{line}");
            assert_eq!(line.lines().count(), 1);
        }
    }
}
