//! `micromentor check`: a doctor that says, in plain words, what is wrong.

use crate::config::Settings;
use crate::db;
use crate::slack::client::{RetryPolicy, SlackApi};

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
            line: format!("Slack auth.test ok: bot {} in workspace {} ({})", info.user_id, info.team, info.team_id),
        }),
        Err(e) => out.push(Finding {
            ok: false,
            line: match e.code() {
                Some("invalid_auth") | Some("not_authed") | Some("token_revoked") => {
                    "Slack refused SLACK_BOT_TOKEN (invalid_auth): reinstall the app and copy the new token".into()
                }
                _ => format!("Slack auth.test failed: {e} (is SLACK_API_URL {} right?)", settings.slack_api_url),
            },
        }),
    }
    out
}
