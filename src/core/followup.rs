//! After a session: what the mentee answered, who may answer, how often we ask.

use std::str::FromStr;

/// A follow-up is asked at most twice: after the match, and once more after "Not yet".
pub const MAX_FOLLOWUP_ROUNDS: u8 = 2;
/// Ratings run from 1 (not useful) to 5 (exactly what I needed).
pub const RATINGS: std::ops::RangeInclusive<u8> = 1..=5;
/// A thank-you note is a line, not an essay.
pub const MAX_NOTE: usize = 150;

/// Whether the session happened, as the mentee said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happened {
    Yes,
    NotYet,
    No,
}

impl Happened {
    pub fn as_str(self) -> &'static str {
        match self {
            Happened::Yes => "yes",
            Happened::NotYet => "not_yet",
            Happened::No => "no",
        }
    }

    /// Yes or no settles a session: no more follow-ups.
    pub fn settles(self) -> bool {
        !matches!(self, Happened::NotYet)
    }
}

impl FromStr for Happened {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "yes" => Happened::Yes,
            "not_yet" => Happened::NotYet,
            "no" => Happened::No,
            other => return Err(format!("unknown outcome `{other}`")),
        })
    }
}

/// Only the person who asked answers a follow-up about their session.
pub fn may_answer(asker_id: &str, user_id: &str) -> bool {
    asker_id == user_id
}

/// After "Not yet" in `round`: the round to ask again in, if any is left.
pub fn next_round(round: u8) -> Option<u8> {
    (round < MAX_FOLLOWUP_ROUNDS).then_some(round + 1)
}

/// A rating as chosen in the modal; anything outside 1–5 is no rating.
pub fn parse_rating(raw: Option<&str>) -> Option<u8> {
    raw?.trim().parse().ok().filter(|r| RATINGS.contains(r))
}

/// The note trimmed and cut to [`MAX_NOTE`] characters; empty is none.
pub fn tidy_note(raw: &str) -> Option<String> {
    let note: String = raw.trim().chars().take(MAX_NOTE).collect();
    let note = note.trim_end().to_owned();
    (!note.is_empty()).then_some(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_asker_answers() {
        assert!(may_answer("UA", "UA"));
        assert!(!may_answer("UA", "UM"));
    }

    #[test]
    fn we_ask_at_most_twice() {
        assert_eq!(next_round(1), Some(2));
        assert_eq!(next_round(MAX_FOLLOWUP_ROUNDS), None);
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert_eq!(parse_rating(Some("5")), Some(5));
        assert_eq!(parse_rating(Some("1")), Some(1));
        for bad in ["0", "6", "-1", "five", ""] {
            assert_eq!(parse_rating(Some(bad)), None, "{bad}");
        }
        assert_eq!(parse_rating(None), None);
    }

    #[test]
    fn notes_are_trimmed_and_cut() {
        assert_eq!(tidy_note("  thanks!  "), Some("thanks!".into()));
        assert_eq!(tidy_note("   "), None);
        assert_eq!(
            tidy_note(&"é".repeat(200)).unwrap().chars().count(),
            MAX_NOTE
        );
    }

    #[test]
    fn yes_and_no_settle_a_session() {
        assert!(Happened::Yes.settles() && Happened::No.settles());
        assert!(!Happened::NotYet.settles());
        assert_eq!("not_yet".parse::<Happened>(), Ok(Happened::NotYet));
        assert!("maybe".parse::<Happened>().is_err());
    }
}
