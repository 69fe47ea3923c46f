//! Who says yes: how likely a mentor is to accept an ask of a skill, learned
//! from how they answered earlier offers of that skill, and how many offers an
//! ask needs at once given those chances.
//!
//! Each mentor × skill keeps two counts, `yes` and `no` ([`Answers`]). Every
//! offer that ends adds its [`lesson`] to each of the ask's skills the mentor
//! has. The chance is the mean of a Beta prior updated by those counts
//! ([`Answers::chance`]): a newcomer starts at [`PRIOR`]'s 50 %, so they are
//! offered asks like anyone else until their own answers say otherwise.

use std::cmp::Ordering;

use super::offer::DeclineReason;

/// A mentor's answers to offers of one skill (or, summed with [`pooled`], of
/// the ask's skills they have).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Answers {
    pub yes: u32,
    pub no: u32,
}

/// The Beta(1, 1) prior: what routing assumes of someone it has never offered
/// this skill — one yes and one no, a 50 % chance that two answers already move.
pub const PRIOR: Answers = Answers { yes: 1, no: 1 };

impl Answers {
    /// The chance of a yes: the posterior mean `(yes + 1) / (yes + no + 2)`.
    pub fn chance(self) -> f64 {
        let (yes, total) = self.with_prior();
        yes as f64 / total as f64
    }

    fn with_prior(self) -> (u64, u64) {
        let yes = u64::from(self.yes) + u64::from(PRIOR.yes);
        let no = u64::from(self.no) + u64::from(PRIOR.no);
        (yes, yes + no)
    }
}

impl std::ops::Add for Answers {
    type Output = Answers;
    fn add(self, other: Answers) -> Answers {
        Answers {
            yes: self.yes.saturating_add(other.yes),
            no: self.no.saturating_add(other.no),
        }
    }
}

/// The answers of several skills counted together: a mentor's record for an
/// ask is the sum over the ask's skills they have.
pub fn pooled(answers: impl IntoIterator<Item = Answers>) -> Answers {
    answers
        .into_iter()
        .fold(Answers::default(), |sum, a| sum + a)
}

/// Likelier to say yes first; compares [`Answers::chance`] exactly, without floats.
pub fn likelier_first(a: Answers, b: Answers) -> Ordering {
    let (ay, at) = a.with_prior();
    let (by, bt) = b.with_prior();
    (by * at).cmp(&(ay * bt))
}

/// How an offer ended, as far as learning is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Accepted,
    Declined(DeclineReason),
    /// Refused by the capacity rule when they clicked Accept.
    AtCapacity,
    /// Still unanswered when the ask expired.
    Unanswered,
    /// Someone else took the ask first, or the asker cancelled it.
    Closed,
}

/// What one offer teaches about the mentor and each of the ask's skills they have:
/// - accepted: one yes;
/// - "not my area": two noes — it is about the skill itself;
/// - "no time now", "other", or no answer at all before the ask expired: one no;
/// - "pause me for a week", refused at capacity, or the ask closed before they
///   answered: nothing — the pause and the capacity rule already keep them out,
///   and a closed ask says nothing about them.
pub fn lesson(outcome: Outcome) -> Answers {
    let no = |n| Answers { yes: 0, no: n };
    match outcome {
        Outcome::Accepted => Answers { yes: 1, no: 0 },
        Outcome::Declined(DeclineReason::NotMyArea) => no(2),
        Outcome::Declined(DeclineReason::NoTime | DeclineReason::Other) | Outcome::Unanswered => {
            no(1)
        }
        Outcome::Declined(DeclineReason::PauseWeek) | Outcome::AtCapacity | Outcome::Closed => {
            Answers::default()
        }
    }
}

/// The chance that at least one of these mentors says yes, each answering on
/// their own.
pub fn chance_any(offered: impl IntoIterator<Item = Answers>) -> f64 {
    1.0 - offered
        .into_iter()
        .map(|a| 1.0 - a.chance())
        .product::<f64>()
}

/// The chance of a yes a routing pass aims for with the offers it keeps out at
/// once ([`fan_out`]). Above 75 %, so three mentors nobody knows yet (50 %
/// each, 87.5 % together) are all offered, as before anything was learned;
/// two who usually say yes (80 % each, 96 %) are enough.
pub const AIM: f64 = 0.85;

/// How many of the `ranked` candidates (best first) one pass offers, given the
/// offers still `pending`: the fewest that bring the chance of at least one yes
/// to [`AIM`], at most `room` (the pass's slots), and at least one when nothing
/// is pending and anyone is there — so an ask that mentors who usually say yes
/// can take goes to one or two of them, not to all `MENTORS_PER_ASK`, and the
/// others are not pinged for an ask someone else takes anyway.
pub fn fan_out(pending: &[Answers], ranked: &[Answers], room: usize) -> usize {
    let mut miss: f64 = pending.iter().map(|a| 1.0 - a.chance()).product();
    let mut n = 0;
    for a in ranked.iter().take(room) {
        if 1.0 - miss >= AIM {
            break;
        }
        miss *= 1.0 - a.chance();
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(yes: u32, no: u32) -> Answers {
        Answers { yes, no }
    }

    #[test]
    fn a_newcomer_starts_at_even_odds_and_answers_move_it() {
        assert_eq!(Answers::default().chance(), 0.5);
        assert_eq!(a(3, 0).chance(), 0.8);
        assert_eq!(a(0, 4).chance(), 1.0 / 6.0);
        // A newcomer ranks after someone who says yes, before someone who says no.
        let mut v = [a(0, 4), Answers::default(), a(3, 0)];
        v.sort_by(|x, y| likelier_first(*x, *y));
        assert_eq!(v, [a(3, 0), Answers::default(), a(0, 4)]);
        assert_eq!(likelier_first(a(1, 1), a(2, 2)), Ordering::Equal);
    }

    #[test]
    fn not_my_area_teaches_twice_a_plain_no_and_pauses_and_capacity_nothing() {
        assert_eq!(lesson(Outcome::Accepted), a(1, 0));
        assert_eq!(lesson(Outcome::Declined(DeclineReason::NotMyArea)), a(0, 2));
        assert_eq!(lesson(Outcome::Declined(DeclineReason::NoTime)), a(0, 1));
        assert_eq!(lesson(Outcome::Declined(DeclineReason::Other)), a(0, 1));
        assert_eq!(lesson(Outcome::Unanswered), a(0, 1));
        for nothing in [
            Outcome::Declined(DeclineReason::PauseWeek),
            Outcome::AtCapacity,
            Outcome::Closed,
        ] {
            assert_eq!(lesson(nothing), Answers::default());
        }
    }

    #[test]
    fn an_asks_record_pools_the_skills_the_mentor_has() {
        assert_eq!(pooled([a(1, 0), a(2, 3)]), a(3, 3));
        assert_eq!(pooled([]), Answers::default());
    }

    #[test]
    fn fan_out_offers_the_fewest_that_make_a_yes_likely() {
        let keen = a(9, 0); // ~0.91
        let unknown = Answers::default(); // 0.5
        let reluctant = a(0, 8); // 0.1
                                 // One keen mentor is enough.
        assert_eq!(fan_out(&[], &[keen, unknown, unknown], 3), 1);
        // Unknowns: three (87.5 %), as before anything was learned.
        assert_eq!(fan_out(&[], &[unknown, unknown, unknown, unknown], 3), 3);
        // Two who usually say yes make 96 %.
        assert_eq!(fan_out(&[], &[a(3, 0), a(3, 0), unknown], 3), 2);
        // Reluctant ones: everyone the pass may reach.
        assert_eq!(fan_out(&[], &[reluctant; 5], 3), 3);
        // Pending offers count: a keen one pending needs nobody more.
        assert_eq!(fan_out(&[keen], &[unknown], 2), 0);
        assert_eq!(fan_out(&[unknown], &[unknown, unknown], 2), 2);
        assert_eq!(fan_out(&[unknown, unknown], &[unknown], 1), 1);
        // Nothing pending: at least one, when anyone is there.
        assert_eq!(fan_out(&[], &[reluctant], 3), 1);
        assert_eq!(fan_out(&[], &[], 3), 0);
        assert_eq!(fan_out(&[], &[unknown; 3], 0), 0);
    }

    #[test]
    fn chance_any_is_one_minus_everyone_missing() {
        assert_eq!(chance_any([]), 0.0);
        assert_eq!(chance_any([Answers::default(), Answers::default()]), 0.75);
    }
}
