//! An offer of an ask to one mentor: where it stands and where its DM lives.

use std::fmt;
use std::str::FromStr;

/// Where an offer is. Pending until the mentor answers or the ask moves on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferStatus {
    Pending,
    Accepted,
    Declined,
    /// The ask was filled by others.
    Superseded,
    /// The ask was cancelled or expired.
    Withdrawn,
}

impl OfferStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Pending => "pending",
            OfferStatus::Accepted => "accepted",
            OfferStatus::Declined => "declined",
            OfferStatus::Superseded => "superseded",
            OfferStatus::Withdrawn => "withdrawn",
        }
    }
}

impl fmt::Display for OfferStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OfferStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "pending" => OfferStatus::Pending,
            "accepted" => OfferStatus::Accepted,
            "declined" => OfferStatus::Declined,
            "superseded" => OfferStatus::Superseded,
            "withdrawn" => OfferStatus::Withdrawn,
            other => return Err(format!("unknown offer status `{other}`")),
        })
    }
}

/// Why a mentor said no; stored with the offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclineReason {
    /// Lowers their rank for the ask's skills for a while (`core::routing`).
    NotMyArea,
    /// Keeps them out of new offers for the rest of their day.
    NoTime,
    /// Declines and pauses them for [`PAUSE_WEEK_DAYS`] days, in one click.
    PauseWeek,
    /// "Other…": in their own words (kept with the offer, seen only in aggregate);
    /// routing reads nothing into it.
    Other,
}

/// An "Other…" reason is a sentence, not a letter.
pub const MAX_DECLINE_NOTE: usize = 300;

/// "Decline and pause me for a week".
pub const PAUSE_WEEK_DAYS: i64 = 7;

impl DeclineReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DeclineReason::NotMyArea => "not_my_area",
            DeclineReason::NoTime => "no_time",
            DeclineReason::PauseWeek => "pause_week",
            DeclineReason::Other => "other",
        }
    }

    /// The reasons offered in the decline modal, in its order.
    pub const ALL: [DeclineReason; 4] = [
        DeclineReason::NotMyArea,
        DeclineReason::NoTime,
        DeclineReason::PauseWeek,
        DeclineReason::Other,
    ];

    pub fn parse(s: &str) -> Option<DeclineReason> {
        DeclineReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The decline modal's answer: a reason, and words that "Other…" needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declined {
    pub reason: DeclineReason,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeclineFormError {
    #[error("Choose why.")]
    NoReason,
    #[error("Say in a few words why (only the organisation's totals ever show it).")]
    NoteNeeded,
    #[error("Keep it to 300 characters.")]
    NoteTooLong,
}

/// Reads the decline modal: a known reason; "Other…" needs a note; a note is
/// trimmed and at most [`MAX_DECLINE_NOTE`] characters (kept with any reason).
pub fn read_decline(
    reason: Option<&str>,
    note: &str,
) -> Result<Declined, (bool, DeclineFormError)> {
    let note = note.trim();
    if note.chars().count() > MAX_DECLINE_NOTE {
        return Err((true, DeclineFormError::NoteTooLong));
    }
    let reason = reason
        .and_then(DeclineReason::parse)
        .ok_or((false, DeclineFormError::NoReason))?;
    if reason == DeclineReason::Other && note.is_empty() {
        return Err((true, DeclineFormError::NoteNeeded));
    }
    Ok(Declined {
        reason,
        note: (!note.is_empty()).then(|| note.to_owned()),
    })
}

/// A message we posted about one mentor's part in an ask (the offer DM, or the
/// intro in the group DM), so it can be rewritten later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferMessage {
    pub mentor_id: String,
    pub channel_id: Option<String>,
    pub message_ts: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_unknown_ones_are_refused() {
        for s in [
            OfferStatus::Pending,
            OfferStatus::Accepted,
            OfferStatus::Declined,
            OfferStatus::Superseded,
            OfferStatus::Withdrawn,
        ] {
            assert_eq!(s.as_str().parse::<OfferStatus>(), Ok(s));
        }
        assert!("maybe".parse::<OfferStatus>().is_err());
    }

    #[test]
    fn other_needs_words_and_every_reason_round_trips() {
        for r in DeclineReason::ALL {
            assert_eq!(DeclineReason::parse(r.as_str()), Some(r));
        }
        assert_eq!(
            read_decline(Some("other"), "  "),
            Err((true, DeclineFormError::NoteNeeded))
        );
        assert_eq!(
            read_decline(Some("other"), " On leave next week "),
            Ok(Declined {
                reason: DeclineReason::Other,
                note: Some("On leave next week".into())
            })
        );
        assert_eq!(
            read_decline(Some("no_time"), ""),
            Ok(Declined {
                reason: DeclineReason::NoTime,
                note: None
            })
        );
        assert_eq!(
            read_decline(None, "x"),
            Err((false, DeclineFormError::NoReason))
        );
        assert_eq!(
            read_decline(Some("at_capacity"), ""),
            Err((false, DeclineFormError::NoReason)),
            "only the modal's reasons"
        );
        let long = "x".repeat(MAX_DECLINE_NOTE + 1);
        assert_eq!(
            read_decline(Some("other"), &long),
            Err((true, DeclineFormError::NoteTooLong))
        );
    }
}
