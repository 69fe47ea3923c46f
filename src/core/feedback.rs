//! Feedback both ways, revealed together. After a session the mentee says how
//! helpful it was (1–5) with an optional thank-you note; the mentor says how
//! clear the ask was (1–5) with an optional note. Neither sees the other's
//! answer until both have answered — so nobody answers to match — and if the
//! mentor never does, the thank-you note alone reaches them
//! [`THANKS_ALONE_AFTER_DAYS`] days after the mentee answered, as kudos.
//! Nobody else ever sees individual answers; admins see aggregates only.

use chrono::{DateTime, Duration, Utc};

/// When the thank-you note goes alone if the mentor has not answered.
pub const THANKS_ALONE_AFTER_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenteeSide {
    pub helpful: Option<u8>,
    pub thanks: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentorSide {
    pub clarity: Option<u8>,
    pub note: Option<String>,
}

/// What is known of a session's feedback.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Feedback {
    pub mentee: Option<MenteeSide>,
    pub mentor: Option<MentorSide>,
    pub revealed: bool,
    pub thanks_delivered: bool,
}

/// What to do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Release {
    Nothing,
    /// Both answered: each sees the other's answer.
    Both,
    /// The mentor has not answered in time: only the thank-you note reaches them.
    ThanksAlone,
}

pub fn release(f: &Feedback, now: DateTime<Utc>) -> Release {
    if f.revealed {
        return Release::Nothing;
    }
    match (&f.mentee, &f.mentor) {
        (Some(_), Some(_)) => Release::Both,
        (Some(m), None)
            if m.thanks.is_some()
                && !f.thanks_delivered
                && now >= m.at + Duration::days(THANKS_ALONE_AFTER_DAYS) =>
        {
            Release::ThanksAlone
        }
        _ => Release::Nothing,
    }
}

/// A note as the mentor's modal sent it: trimmed, empty is none.
pub fn tidy(note: &str) -> Option<String> {
    let note = note.trim();
    (!note.is_empty()).then(|| note.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn mentee(thanks: Option<&str>) -> Option<MenteeSide> {
        Some(MenteeSide {
            helpful: Some(5),
            thanks: thanks.map(str::to_owned),
            at: t("2026-03-04T10:00:00Z"),
        })
    }

    fn mentor() -> Option<MentorSide> {
        Some(MentorSide {
            clarity: Some(4),
            note: None,
        })
    }

    #[test]
    fn nothing_is_shown_until_both_answered_then_both_are() {
        let now = t("2026-03-04T11:00:00Z");
        let one = Feedback {
            mentee: mentee(Some("Thanks!")),
            ..Default::default()
        };
        assert_eq!(release(&one, now), Release::Nothing);
        let other = Feedback {
            mentor: mentor(),
            ..Default::default()
        };
        assert_eq!(release(&other, now), Release::Nothing);
        let both = Feedback {
            mentee: mentee(None),
            mentor: mentor(),
            ..Default::default()
        };
        assert_eq!(release(&both, now), Release::Both);
        let shown = Feedback {
            revealed: true,
            ..both
        };
        assert_eq!(release(&shown, now), Release::Nothing, "once");
    }

    #[test]
    fn after_seven_days_only_the_thank_you_note_goes_and_only_once() {
        let f = Feedback {
            mentee: mentee(Some("Thanks!")),
            ..Default::default()
        };
        assert_eq!(release(&f, t("2026-03-11T09:59:59Z")), Release::Nothing);
        assert_eq!(release(&f, t("2026-03-11T10:00:00Z")), Release::ThanksAlone);
        let delivered = Feedback {
            thanks_delivered: true,
            ..f.clone()
        };
        assert_eq!(
            release(&delivered, t("2026-03-12T10:00:00Z")),
            Release::Nothing
        );
        // Without a note there is nothing to deliver alone.
        let silent = Feedback {
            mentee: mentee(None),
            ..Default::default()
        };
        assert_eq!(
            release(&silent, t("2026-03-20T10:00:00Z")),
            Release::Nothing
        );
        // The mentor answering late still reveals both (the rating too).
        let late = Feedback {
            mentor: mentor(),
            ..delivered
        };
        assert_eq!(release(&late, t("2026-03-12T10:00:00Z")), Release::Both);
    }

    #[test]
    fn notes_are_trimmed_and_empty_is_none() {
        assert_eq!(tidy("  Clear ask "), Some("Clear ask".into()));
        assert_eq!(tidy("   "), None);
    }
}
