//! The playground's workspace: who is in it, and who mentors what.

use crate::standin::Person;

/// A seeded mentor: their skills and a line on how they help.
pub struct Mentor {
    pub id: &'static str,
    pub skills: &'static [&'static str],
    pub help: &'static str,
}

/// The channel digests of open asks go to.
pub const DIGEST_CHANNEL: (&str, &str) = ("C0MENTORING", "mentoring");

/// (id, name, title, zone, workspace admin): six mentors in four zones, three
/// people who will ask, and a programme owner (a workspace admin).
const PEOPLE: &[(&str, &str, &str, &str, bool)] = &[
    (
        "UAMARA",
        "Amara Okafor",
        "Engineering manager",
        "Europe/London",
        false,
    ),
    (
        "UBEN",
        "Ben Carter",
        "Staff engineer",
        "Europe/London",
        false,
    ),
    (
        "UCLARA",
        "Clara Vogel",
        "Data scientist",
        "Europe/Berlin",
        false,
    ),
    (
        "UDIEGO",
        "Diego Ramos",
        "Frontend lead",
        "America/New_York",
        false,
    ),
    (
        "UERIN",
        "Erin Walsh",
        "Product designer",
        "America/New_York",
        false,
    ),
    (
        "UHARUTO",
        "Haruto Sato",
        "Site reliability engineer",
        "Asia/Tokyo",
        false,
    ),
    (
        "UIVY",
        "Ivy Chen",
        "Graduate engineer",
        "Europe/London",
        false,
    ),
    (
        "UJONAS",
        "Jonas Berg",
        "Data analyst",
        "Europe/Berlin",
        false,
    ),
    (
        "UKEMI",
        "Kemi Adeyemi",
        "Support engineer",
        "America/New_York",
        false,
    ),
    (
        "UPAT",
        "Pat Morgan",
        "Head of engineering (workspace admin)",
        "Europe/London",
        true,
    ),
];

pub const MENTORS: &[Mentor] = &[
    Mentor {
        id: "UAMARA",
        skills: &["Leadership", "Hiring", "Career growth"],
        help: "First-time leads, hard conversations, promotion cases.",
    },
    Mentor {
        id: "UBEN",
        skills: &["Rust", "PostgreSQL", "Performance"],
        help: "Borrow checker fights, slow queries, profiling.",
    },
    Mentor {
        id: "UCLARA",
        skills: &["Python", "SQL", "Statistics"],
        help: "Notebooks to production, A/B test maths.",
    },
    Mentor {
        id: "UDIEGO",
        skills: &["JavaScript", "React", "Accessibility"],
        help: "Component design, hooks, screen readers.",
    },
    Mentor {
        id: "UERIN",
        skills: &["UX research", "Figma", "Accessibility"],
        help: "Interview scripts, usability tests, design critique.",
    },
    Mentor {
        id: "UHARUTO",
        skills: &["Kubernetes", "Terraform", "PostgreSQL"],
        help: "On-call, incident reviews, cluster upgrades.",
    },
];

pub fn everyone() -> Vec<Person> {
    PEOPLE
        .iter()
        .map(|&(id, name, title, tz, admin)| Person {
            id: id.into(),
            name: name.into(),
            title: title.into(),
            tz: tz.into(),
            admin,
        })
        .collect()
}

/// A person's zone (they are all in [`PEOPLE`]).
pub fn zone_of(id: &str) -> Option<chrono_tz::Tz> {
    PEOPLE
        .iter()
        .find(|p| p.0 == id)
        .and_then(|p| p.3.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mentor_is_a_person_and_every_zone_parses() {
        for m in MENTORS {
            assert!(zone_of(m.id).is_some(), "{}", m.id);
            for s in m.skills {
                crate::core::skills::Skill::parse(s).unwrap();
            }
        }
        let zones: std::collections::HashSet<_> = MENTORS.iter().map(|m| zone_of(m.id)).collect();
        assert_eq!(zones.len(), 4);
        for p in everyone() {
            assert!(crate::core::text::is_user_id(&p.id), "{}", p.id);
        }
    }
}
