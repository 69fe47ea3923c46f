//! Slack request signatures: `v0=` + hex(HMAC-SHA256(secret, `v0:{ts}:{body}`)).
//!
//! Written against `hmac` rather than slack-morphism's verifier because that one
//! reads the wall clock; ours takes `now`, so the replay window is testable with
//! Slack's documented vector. The comparison is constant-time (`verify_slice`).

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const TIMESTAMP_HEADER: &str = "x-slack-request-timestamp";
pub const SIGNATURE_HEADER: &str = "x-slack-signature";
/// Requests older or newer than this are refused as replays.
pub const MAX_SKEW_SECONDS: i64 = 5 * 60;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VerifyError {
    #[error("missing {0} header")]
    MissingHeader(&'static str),
    #[error("timestamp is not a number")]
    BadTimestamp,
    #[error("timestamp is outside the 5-minute window")]
    Stale,
    #[error("signature is not v0=<hex>")]
    BadSignatureFormat,
    #[error("signature does not match")]
    Mismatch,
    /// No signing secret is configured: nothing can be verified, so nothing is.
    #[error("no signing secret is configured")]
    NoSecret,
}

/// Checks a request's signature over its raw body.
pub fn verify(
    secret: &[u8],
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), VerifyError> {
    // An HMAC with an empty key is computable by anyone.
    if secret.iter().all(u8::is_ascii_whitespace) {
        return Err(VerifyError::NoSecret);
    }
    let timestamp = timestamp.ok_or(VerifyError::MissingHeader(TIMESTAMP_HEADER))?;
    let signature = signature.ok_or(VerifyError::MissingHeader(SIGNATURE_HEADER))?;
    let ts: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| VerifyError::BadTimestamp)?;
    if (now.timestamp() - ts).abs() > MAX_SKEW_SECONDS {
        return Err(VerifyError::Stale);
    }
    let expected = signature
        .strip_prefix("v0=")
        .and_then(|h| hex::decode(h).ok())
        .ok_or(VerifyError::BadSignatureFormat)?;
    mac(secret, timestamp.trim(), body)
        .verify_slice(&expected)
        .map_err(|_| VerifyError::Mismatch)
}

/// Signatures already accepted, each until its timestamp leaves the window: a
/// captured request cannot be replayed to this process. Bounded: when full, the
/// oldest entries go first (they are the nearest to leaving the window anyway).
/// Each is kept as a 32-byte digest rather than its 67-character text: five
/// minutes of a busy workspace is tens of thousands of them.
#[derive(Debug, Default)]
pub struct SeenSignatures {
    seen: std::sync::Mutex<std::collections::BTreeSet<(i64, [u8; 32])>>,
}

/// More than Slack sends in five minutes to one app, by far.
const MAX_SEEN: usize = 200_000;

impl SeenSignatures {
    /// `true` the first time a (timestamp, signature) pair is seen inside the window.
    pub fn first_time(&self, timestamp: &str, signature: &str, now: DateTime<Utc>) -> bool {
        let Ok(ts) = timestamp.trim().parse::<i64>() else {
            return false;
        };
        // Hex is case-insensitive: `V0=AB…` verifies like `v0=ab…`, so remember
        // the signature in one case, or a case-flipped copy would pass as new.
        let digest: [u8; 32] =
            <Sha256 as sha2::Digest>::digest(signature.trim().to_ascii_lowercase()).into();
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        forget(&mut seen, now);
        seen.insert((ts, digest))
    }

    /// Forgets what has left the window, as each new request does; a quiet
    /// server calls it so a burst's signatures do not stay in memory for good.
    pub fn forget_expired(&self, now: DateTime<Utc>) {
        forget(
            &mut self.seen.lock().unwrap_or_else(|e| e.into_inner()),
            now,
        );
    }
}

fn forget(seen: &mut std::collections::BTreeSet<(i64, [u8; 32])>, now: DateTime<Utc>) {
    let oldest = now.timestamp() - MAX_SKEW_SECONDS;
    while let Some((t, _)) = seen.first() {
        if *t >= oldest && seen.len() < MAX_SEEN {
            break;
        }
        seen.pop_first();
    }
}

/// The signature Slack would send for this body; used by tests and the load tools.
pub fn sign(secret: &[u8], timestamp: &str, body: &[u8]) -> String {
    format!(
        "v0={}",
        hex::encode(mac(secret, timestamp, body).finalize().into_bytes())
    )
}

fn mac(secret: &[u8], timestamp: &str, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any size");
    mac.update(b"v0:");
    mac.update(timestamp.as_bytes());
    mac.update(b":");
    mac.update(body);
    mac
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    // Slack's documented example (api.slack.com/authentication/verifying-requests-from-slack).
    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const TS: &str = "1531420618";
    const BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const SIG: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(secs, 0).unwrap()
    }

    #[test]
    fn slacks_documented_example_verifies() {
        assert_eq!(sign(SECRET.as_bytes(), TS, BODY.as_bytes()), SIG);
        let now = at(1531420618 + 10);
        assert_eq!(
            verify(SECRET.as_bytes(), Some(TS), Some(SIG), BODY.as_bytes(), now),
            Ok(())
        );
    }

    #[test]
    fn an_empty_or_blank_secret_verifies_nothing() {
        let now = at(1531420618);
        for secret in ["", "  "] {
            let sig = sign(secret.as_bytes(), TS, BODY.as_bytes());
            assert_eq!(
                verify(
                    secret.as_bytes(),
                    Some(TS),
                    Some(&sig),
                    BODY.as_bytes(),
                    now
                ),
                Err(VerifyError::NoSecret)
            );
        }
    }

    #[test]
    fn a_signature_is_accepted_once_inside_the_window() {
        let seen = SeenSignatures::default();
        let now = at(1531420618);
        assert!(seen.first_time(TS, SIG, now));
        assert!(!seen.first_time(TS, SIG, now));
        assert!(seen.first_time(TS, "v0=other", now));
        // The same signature in other case is the same signature.
        assert!(!seen.first_time(TS, &SIG.to_ascii_uppercase().replace("V0=", "v0="), now));
        // Once the window has passed it is forgotten (and refused as stale anyway).
        assert!(seen.first_time("1531420700", "v0=x", at(1531420618 + 400)));
        assert!(seen.first_time(TS, SIG, at(1531420618 + 400)));
    }

    #[test]
    fn a_quiet_server_forgets_signatures_that_left_the_window() {
        let seen = SeenSignatures::default();
        assert!(seen.first_time(TS, SIG, at(1531420618)));
        seen.forget_expired(at(1531420618 + 299));
        assert!(!seen.first_time(TS, SIG, at(1531420618 + 299)));
        seen.forget_expired(at(1531420618 + 301));
        assert_eq!(seen.seen.lock().unwrap().len(), 0);
    }

    #[test]
    fn a_tampered_body_fails() {
        let body = BODY.replace("roadrunner", "coyote");
        let now = at(1531420618);
        assert_eq!(
            verify(SECRET.as_bytes(), Some(TS), Some(SIG), body.as_bytes(), now),
            Err(VerifyError::Mismatch)
        );
    }

    #[test]
    fn the_window_is_five_minutes_either_way() {
        let s = SECRET.as_bytes();
        let b = BODY.as_bytes();
        let ts = 1531420618;
        assert!(verify(s, Some(TS), Some(SIG), b, at(ts + 300)).is_ok());
        assert_eq!(
            verify(s, Some(TS), Some(SIG), b, at(ts + 301)),
            Err(VerifyError::Stale)
        );
        assert_eq!(
            verify(s, Some(TS), Some(SIG), b, at(ts - 301)),
            Err(VerifyError::Stale)
        );
    }

    #[test]
    fn missing_or_garbled_headers_fail() {
        let (s, b, now) = (SECRET.as_bytes(), BODY.as_bytes(), at(1531420618));
        assert_eq!(
            verify(s, None, Some(SIG), b, now),
            Err(VerifyError::MissingHeader(TIMESTAMP_HEADER))
        );
        assert_eq!(
            verify(s, Some(TS), None, b, now),
            Err(VerifyError::MissingHeader(SIGNATURE_HEADER))
        );
        assert_eq!(
            verify(s, Some("x"), Some(SIG), b, now),
            Err(VerifyError::BadTimestamp)
        );
        assert_eq!(
            verify(s, Some(TS), Some("v1=abc"), b, now),
            Err(VerifyError::BadSignatureFormat)
        );
        assert_eq!(
            verify(s, Some(TS), Some("v0=zz"), b, now),
            Err(VerifyError::BadSignatureFormat)
        );
    }
}
