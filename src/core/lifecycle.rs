//! Who may change an ask, and what each change does: accept, decline, cancel,
//! expire, mark done, re-open. Each `decide_*` is pure: the store locks the rows,
//! hands the facts here, and writes the plan it gets back (or reports the refusal).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::ask::{AskEvent, AskStatus};
use super::availability::week_start;
use super::offer::OfferStatus;

/// What the lifecycle rules need to know about an ask (its locked row).
#[derive(Debug, Clone, PartialEq)]
pub struct AskFacts {
    pub status: AskStatus,
    pub asker_id: String,
    pub mentors_wanted: u8,
    pub matched_count: u8,
    pub in_digest: bool,
}

impl From<&super::ask::Ask> for AskFacts {
    /// The facts of an ask read without its lock (checks that a locked
    /// transaction repeats, or flows whose write is itself guarded).
    fn from(ask: &super::ask::Ask) -> Self {
        AskFacts {
            status: ask.status,
            asker_id: ask.asker_id.clone(),
            mentors_wanted: ask.mentors_wanted,
            matched_count: ask.matched_count,
            in_digest: ask.in_digest,
        }
    }
}

/// How a mentor came to accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The Accept button of an offer DM: only people it was offered to.
    Offer,
    /// "I can help" under a channel digest: anyone, no prior offer needed.
    Digest,
}

/// A mentor's weekly counter as stored: the week it was last written in and
/// its value. A counter from an earlier week counts as zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeeklyCount {
    pub week_start: Option<DateTime<Utc>>,
    pub accepted: u32,
}

impl WeeklyCount {
    /// Asks accepted in the mentor's current local week.
    pub fn this_week(&self, now: DateTime<Utc>, tz: Tz) -> u32 {
        if self.week_start == Some(week_start(now, tz)) {
            self.accepted
        } else {
            0
        }
    }
}

/// The accepting person's mentor row, if they have one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentorLoad {
    pub capacity: u32,
    pub tz: Tz,
    pub count: WeeklyCount,
}

/// What an accept writes.
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptPlan {
    pub next: AskStatus,
    /// The ask is now filled: close the other pending offers.
    pub fills: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptRefusal {
    /// This mentor already accepted (a double click or a retry).
    AlreadyAccepted,
    /// The ask moved on: filled, cancelled, expired or done.
    Late(AskStatus),
    /// Not offered to this person, or it is their own ask.
    NotOffered,
    /// The ask was kept out of digests, so "I can help" cannot take it.
    NotInDigest,
    /// The mentor already accepted as many asks this week as they chose to.
    AtCapacity,
    /// The asker or the mentor keeps the other on their private "don't match me
    /// with" list. Said without saying who chose it.
    Excluded,
}

/// Rules, in order: nobody accepts their own ask; a second accept by the same
/// mentor is a no-op; only an open ask can be accepted; only a mentor it was
/// offered to may accept, unless they come from a digest (and the ask is in
/// digests); never a pair either side excluded (`excluded`), even with an
/// offer made before the exclusion. The last wanted mentor fills the ask.
/// Capacity is checked after these, by [`count_accept`], so refused clicks
/// never lock the mentor's row.
pub fn decide_accept(
    ask: &AskFacts,
    offer: Option<OfferStatus>,
    mentor_id: &str,
    via: Via,
    excluded: bool,
) -> Result<AcceptPlan, AcceptRefusal> {
    if ask.asker_id == mentor_id {
        return Err(AcceptRefusal::NotOffered);
    }
    if excluded {
        return Err(AcceptRefusal::Excluded);
    }
    if offer == Some(OfferStatus::Accepted) {
        return Err(AcceptRefusal::AlreadyAccepted);
    }
    let fills = ask.matched_count + 1 >= ask.mentors_wanted;
    let next = ask
        .status
        .apply(AskEvent::Accept { fills })
        .map_err(|_| AcceptRefusal::Late(ask.status))?;
    match via {
        Via::Offer if offer.is_none() => return Err(AcceptRefusal::NotOffered),
        Via::Digest if offer.is_none() && !ask.in_digest => return Err(AcceptRefusal::NotInDigest),
        _ => {}
    }
    Ok(AcceptPlan {
        next,
        fills: next == AskStatus::Matched,
    })
}

/// Why "Widen now" did nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidenRefusal {
    NotAsker,
    NotOpen(AskStatus),
}

/// "Widen now": only the asker, only while the ask is open.
pub fn decide_widen(ask: &AskFacts, user_id: &str) -> Result<(), WidenRefusal> {
    if ask.asker_id != user_id {
        return Err(WidenRefusal::NotAsker);
    }
    match ask.status {
        AskStatus::Open => Ok(()),
        other => Err(WidenRefusal::NotOpen(other)),
    }
}

/// Why an edit of an ask was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditRefusal {
    NotAsker,
    NotOpen(AskStatus),
    /// No more perspectives than mentors already matched (it would be filled
    /// by an edit, with nobody accepting).
    FewerThanMatched(u8),
}

/// "Edit" from the asker's Home: only the asker, only an open ask, and more
/// perspectives than mentors already on it. Pending offers stay (their
/// DMs are rewritten with the new text).
pub fn decide_edit(ask: &AskFacts, user_id: &str, wanted: u8) -> Result<(), EditRefusal> {
    decide_widen(ask, user_id).map_err(|r| match r {
        WidenRefusal::NotAsker => EditRefusal::NotAsker,
        WidenRefusal::NotOpen(s) => EditRefusal::NotOpen(s),
    })?;
    if wanted <= ask.matched_count {
        return Err(EditRefusal::FewerThanMatched(ask.matched_count));
    }
    Ok(())
}

/// Counts an accept against the mentor's weekly capacity, per local calendar
/// week: their new counter, or `AtCapacity` when they are full.
pub fn count_accept(load: &MentorLoad, now: DateTime<Utc>) -> Result<WeeklyCount, AcceptRefusal> {
    let taken = load.count.this_week(now, load.tz);
    if taken >= load.capacity {
        return Err(AcceptRefusal::AtCapacity);
    }
    Ok(WeeklyCount {
        week_start: Some(week_start(now, load.tz)),
        accepted: taken + 1,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclineRefusal {
    AlreadyAnswered(OfferStatus),
    NotOffered,
}

/// A pending offer may be declined; `Ok(true)` when the ask is still open, so
/// the next candidate should be offered it.
pub fn decide_decline(
    ask_status: AskStatus,
    offer: Option<OfferStatus>,
) -> Result<bool, DeclineRefusal> {
    match offer {
        None => Err(DeclineRefusal::NotOffered),
        Some(OfferStatus::Pending) => Ok(ask_status == AskStatus::Open),
        Some(other) => Err(DeclineRefusal::AlreadyAnswered(other)),
    }
}

/// Who closes an ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closer<'a> {
    /// A person pressed Cancel.
    Person(&'a str),
    /// The scheduler's expiry.
    Scheduler,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseRefusal {
    NotAsker,
    Illegal(AskStatus),
}

/// Only the asker cancels; only an open ask is cancelled or expires.
pub fn decide_close(
    ask: &AskFacts,
    by: Closer<'_>,
    event: AskEvent,
) -> Result<AskStatus, CloseRefusal> {
    if let Closer::Person(user) = by {
        if user != ask.asker_id {
            return Err(CloseRefusal::NotAsker);
        }
    }
    ask.status
        .apply(event)
        .map_err(|_| CloseRefusal::Illegal(ask.status))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoneRefusal {
    NotAllowed,
    AlreadyDone,
}

/// A session (one match) as the done and re-open rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionFacts {
    pub done: bool,
    /// A re-open released it: it is no longer a session.
    pub released: bool,
}

/// A session is marked done by its asker or its mentor, once; done is per
/// session. The ask is done when it is fully matched and every other session of
/// it is done too (`other_open`: its sessions neither done nor released, this
/// one aside). Returns the ask's next status, or `None` to leave it.
pub fn decide_done(
    ask: &AskFacts,
    mentor_id: &str,
    by: &str,
    session: Option<SessionFacts>,
    other_open: usize,
) -> Result<Option<AskStatus>, DoneRefusal> {
    if by != ask.asker_id && by != mentor_id {
        return Err(DoneRefusal::NotAllowed);
    }
    match session {
        None | Some(SessionFacts { released: true, .. }) => Err(DoneRefusal::NotAllowed),
        Some(SessionFacts { done: true, .. }) => Err(DoneRefusal::AlreadyDone),
        Some(_) if other_open > 0 => Ok(None),
        Some(_) => Ok(ask.status.apply(AskEvent::MarkDone).ok()),
    }
}

/// What a re-open undoes ("it didn't happen", then "find me another mentor"):
/// the session is released (kept as a record, no longer a match), the ask's
/// matched count goes down by one and the ask is open again — from `Matched`,
/// or from `Open` when it was partly filled — and the mentor's weekly count
/// gives back the accept if it was made in the week the counter is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReopenPlan {
    pub next: AskStatus,
    /// The mentor's counter after giving the accept back (`None`: leave it).
    pub count: Option<WeeklyCount>,
}

/// Only the asker re-opens, only for a session that is neither done nor released.
pub fn decide_reopen(
    ask: &AskFacts,
    by: &str,
    session: Option<SessionFacts>,
    matched_at: DateTime<Utc>,
    load: Option<&MentorLoad>,
) -> Option<ReopenPlan> {
    let open_session = matches!(
        session,
        Some(SessionFacts {
            done: false,
            released: false
        })
    );
    if ask.asker_id != by || !open_session {
        return None;
    }
    let next = match ask.status {
        AskStatus::Open => AskStatus::Open,
        status => status.apply(AskEvent::Reopen).ok()?,
    };
    let count = load.and_then(|l| {
        let week = l.count.week_start?;
        (matched_at >= week && l.count.accepted > 0).then_some(WeeklyCount {
            week_start: Some(week),
            accepted: l.count.accepted - 1,
        })
    });
    Some(ReopenPlan { next, count })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::London;

    fn now() -> DateTime<Utc> {
        "2026-03-04T10:00:00Z".parse().unwrap()
    }

    fn open(wanted: u8, matched: u8) -> AskFacts {
        AskFacts {
            status: AskStatus::Open,
            asker_id: "UASKER".into(),
            mentors_wanted: wanted,
            matched_count: matched,
            in_digest: true,
        }
    }

    fn load(capacity: u32, accepted: u32, week: Option<DateTime<Utc>>) -> MentorLoad {
        MentorLoad {
            capacity,
            tz: London,
            count: WeeklyCount {
                week_start: week,
                accepted,
            },
        }
    }

    #[test]
    fn only_the_asker_widens_and_only_an_open_ask() {
        assert_eq!(decide_widen(&open(1, 0), "UASKER"), Ok(()));
        assert_eq!(decide_widen(&open(1, 0), "UM"), Err(WidenRefusal::NotAsker));
        let matched = AskFacts {
            status: AskStatus::Matched,
            ..open(1, 1)
        };
        assert_eq!(
            decide_widen(&matched, "UASKER"),
            Err(WidenRefusal::NotOpen(AskStatus::Matched))
        );
    }

    #[test]
    fn only_the_asker_edits_an_open_ask_keeping_its_matched_mentors() {
        assert_eq!(decide_edit(&open(2, 0), "UASKER", 1), Ok(()));
        assert_eq!(decide_edit(&open(2, 1), "UASKER", 3), Ok(()));
        assert_eq!(
            decide_edit(&open(2, 1), "UASKER", 1),
            Err(EditRefusal::FewerThanMatched(1))
        );
        assert_eq!(
            decide_edit(&open(2, 1), "UM", 2),
            Err(EditRefusal::NotAsker)
        );
        assert_eq!(
            decide_edit(&open(3, 2), "UASKER", 1),
            Err(EditRefusal::FewerThanMatched(2))
        );
    }

    #[test]
    fn an_excluded_pair_is_refused_whichever_way_the_click_came() {
        for via in [Via::Offer, Via::Digest] {
            assert_eq!(
                decide_accept(&open(1, 0), Some(OfferStatus::Pending), "UM", via, true),
                Err(AcceptRefusal::Excluded)
            );
        }
    }

    #[test]
    fn the_asker_cannot_accept_their_own_ask() {
        let got = decide_accept(&open(1, 0), None, "UASKER", Via::Digest, false);
        assert_eq!(got, Err(AcceptRefusal::NotOffered));
    }

    #[test]
    fn only_offered_mentors_accept_unless_they_come_from_a_digest() {
        let ask = open(1, 0);
        assert_eq!(
            decide_accept(&ask, None, "UM", Via::Offer, false),
            Err(AcceptRefusal::NotOffered)
        );
        assert!(decide_accept(&ask, None, "UM", Via::Digest, false).is_ok());
        assert!(decide_accept(&ask, Some(OfferStatus::Pending), "UM", Via::Offer, false).is_ok());
    }

    #[test]
    fn an_ask_kept_out_of_digests_cannot_be_taken_from_a_digest() {
        let ask = AskFacts {
            in_digest: false,
            ..open(1, 0)
        };
        assert_eq!(
            decide_accept(&ask, None, "UM", Via::Digest, false),
            Err(AcceptRefusal::NotInDigest)
        );
    }

    #[test]
    fn a_second_accept_is_a_no_op_and_a_closed_ask_is_late() {
        assert_eq!(
            decide_accept(
                &open(1, 0),
                Some(OfferStatus::Accepted),
                "UM",
                Via::Offer,
                false
            ),
            Err(AcceptRefusal::AlreadyAccepted)
        );
        let done = AskFacts {
            status: AskStatus::Matched,
            ..open(1, 1)
        };
        assert_eq!(
            decide_accept(&done, Some(OfferStatus::Pending), "UM", Via::Offer, false),
            Err(AcceptRefusal::Late(AskStatus::Matched))
        );
    }

    #[test]
    fn the_last_wanted_mentor_fills_the_ask() {
        let pending = Some(OfferStatus::Pending);
        let first = decide_accept(&open(2, 0), pending, "UM", Via::Offer, false).unwrap();
        assert_eq!((first.next, first.fills), (AskStatus::Open, false));
        let last = decide_accept(&open(2, 1), pending, "UM", Via::Offer, false).unwrap();
        assert_eq!((last.next, last.fills), (AskStatus::Matched, true));
    }

    #[test]
    fn capacity_counts_this_local_week_and_resets_on_monday() {
        let this_week = week_start(now(), London);
        let full = load(2, 2, Some(this_week));
        assert_eq!(count_accept(&full, now()), Err(AcceptRefusal::AtCapacity));
        // Last week's count no longer binds.
        let stale = load(2, 2, Some(this_week - chrono::Duration::weeks(1)));
        assert_eq!(
            count_accept(&stale, now()),
            Ok(WeeklyCount {
                week_start: Some(this_week),
                accepted: 1
            })
        );
    }

    #[test]
    fn only_pending_offers_are_declined() {
        assert_eq!(
            decide_decline(AskStatus::Open, Some(OfferStatus::Pending)),
            Ok(true)
        );
        assert_eq!(
            decide_decline(AskStatus::Matched, Some(OfferStatus::Pending)),
            Ok(false)
        );
        assert_eq!(
            decide_decline(AskStatus::Open, Some(OfferStatus::Accepted)),
            Err(DeclineRefusal::AlreadyAnswered(OfferStatus::Accepted))
        );
        assert_eq!(
            decide_decline(AskStatus::Open, None),
            Err(DeclineRefusal::NotOffered)
        );
    }

    #[test]
    fn only_the_asker_cancels_and_only_open_asks_close() {
        let ask = open(1, 0);
        assert_eq!(
            decide_close(&ask, Closer::Person("UOTHER"), AskEvent::Cancel),
            Err(CloseRefusal::NotAsker)
        );
        assert_eq!(
            decide_close(&ask, Closer::Person("UASKER"), AskEvent::Cancel),
            Ok(AskStatus::Cancelled)
        );
        assert_eq!(
            decide_close(&ask, Closer::Scheduler, AskEvent::Expire),
            Ok(AskStatus::Expired)
        );
        let matched = AskFacts {
            status: AskStatus::Matched,
            ..ask
        };
        assert_eq!(
            decide_close(&matched, Closer::Scheduler, AskEvent::Expire),
            Err(CloseRefusal::Illegal(AskStatus::Matched))
        );
    }

    const OPEN_SESSION: Option<SessionFacts> = Some(SessionFacts {
        done: false,
        released: false,
    });

    #[test]
    fn only_the_asker_or_that_mentor_marks_a_session_done_once() {
        let matched = AskFacts {
            status: AskStatus::Matched,
            ..open(1, 1)
        };
        assert_eq!(
            decide_done(&matched, "UM", "UX", OPEN_SESSION, 0),
            Err(DoneRefusal::NotAllowed)
        );
        assert_eq!(
            decide_done(&matched, "UM", "UM", None, 0),
            Err(DoneRefusal::NotAllowed)
        );
        let done = Some(SessionFacts {
            done: true,
            released: false,
        });
        assert_eq!(
            decide_done(&matched, "UM", "UASKER", done, 0),
            Err(DoneRefusal::AlreadyDone)
        );
        assert_eq!(
            decide_done(&matched, "UM", "UM", OPEN_SESSION, 0),
            Ok(Some(AskStatus::Done))
        );
        // A partly matched ask stays open for the other perspectives.
        assert_eq!(
            decide_done(&open(2, 1), "UM", "UM", OPEN_SESSION, 0),
            Ok(None)
        );
    }

    #[test]
    fn the_ask_is_done_only_when_every_session_is() {
        let matched = AskFacts {
            status: AskStatus::Matched,
            ..open(2, 2)
        };
        assert_eq!(
            decide_done(&matched, "UM1", "UM1", OPEN_SESSION, 1),
            Ok(None)
        );
        assert_eq!(
            decide_done(&matched, "UM2", "UM2", OPEN_SESSION, 0),
            Ok(Some(AskStatus::Done))
        );
        let released = Some(SessionFacts {
            done: false,
            released: true,
        });
        assert_eq!(
            decide_done(&matched, "UM1", "UM1", released, 0),
            Err(DoneRefusal::NotAllowed)
        );
    }

    #[test]
    fn only_the_asker_reopens_an_open_session_and_the_accept_is_given_back() {
        let matched = AskFacts {
            status: AskStatus::Matched,
            ..open(1, 1)
        };
        let this_week = week_start(now(), London);
        let l = load(2, 1, Some(this_week));
        let plan = decide_reopen(&matched, "UASKER", OPEN_SESSION, now(), Some(&l)).unwrap();
        assert_eq!(plan.next, AskStatus::Open);
        assert_eq!(
            plan.count,
            Some(WeeklyCount {
                week_start: Some(this_week),
                accepted: 0
            })
        );
        // An accept from an earlier week is not this week's to give back.
        let old = this_week - chrono::Duration::days(3);
        let plan = decide_reopen(&matched, "UASKER", OPEN_SESSION, old, Some(&l)).unwrap();
        assert_eq!(plan.count, None);
        assert_eq!(
            decide_reopen(&matched, "UOTHER", OPEN_SESSION, now(), None),
            None
        );
        assert_eq!(decide_reopen(&matched, "UASKER", None, now(), None), None);
        // A partly filled multi-mentor ask re-opens too, and stays open.
        let partly = open(2, 1);
        assert_eq!(
            decide_reopen(&partly, "UASKER", OPEN_SESSION, now(), None).map(|p| p.next),
            Some(AskStatus::Open)
        );
        let done = AskFacts {
            status: AskStatus::Done,
            ..open(1, 1)
        };
        assert_eq!(
            decide_reopen(&done, "UASKER", OPEN_SESSION, now(), None),
            None
        );
    }
}
