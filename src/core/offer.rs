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
}

/// "Decline and pause me for a week".
pub const PAUSE_WEEK_DAYS: i64 = 7;

impl DeclineReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DeclineReason::NotMyArea => "not_my_area",
            DeclineReason::NoTime => "no_time",
            DeclineReason::PauseWeek => "pause_week",
        }
    }
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
}
