//! Skill names: one canonical slug per skill, so "Rust ", "rust" and "RUST" are one.

use std::fmt;

pub const MAX_SLUG_LEN: usize = 50;
/// Labels appear as select options, which Slack caps at 75 characters.
pub const MAX_LABEL_LEN: usize = 75;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkillError {
    #[error("“{0}” has no letters or digits")]
    Empty(String),
    #[error("“{0}” is longer than {MAX_LABEL_LEN} characters")]
    TooLong(String),
}

/// A skill's identity within a workspace: lowercase letters and digits, words
/// joined by single `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SkillSlug(String);

impl SkillSlug {
    /// Normalises a skill name. `+` and `#` carry meaning in skill names ("C++",
    /// "C#"), so they are spelled out instead of dropped; a leading `.` is "dot"
    /// (".NET"). Every other run of spaces or punctuation becomes one `-`.
    pub fn parse(raw: &str) -> Result<Self, SkillError> {
        let trimmed = raw.trim();
        if trimmed.chars().count() > MAX_LABEL_LEN {
            return Err(SkillError::TooLong(trimmed.to_owned()));
        }
        let mut slug = String::with_capacity(trimmed.len());
        let mut pending_dash = false;
        for (i, c) in trimmed.chars().enumerate() {
            let word = match c {
                '+' => Some("plus"),
                '#' => Some("sharp"),
                '.' if i == 0 => Some("dot"),
                _ => None,
            };
            if let Some(word) = word {
                slug.push_str(word);
                pending_dash = false;
            } else if c.is_alphanumeric() {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.extend(c.to_lowercase());
            } else {
                pending_dash = true;
            }
        }
        if slug.is_empty() {
            return Err(SkillError::Empty(trimmed.to_owned()));
        }
        let slug: String = slug.chars().take(MAX_SLUG_LEN).collect();
        Ok(SkillSlug(slug.trim_end_matches('-').to_owned()))
    }

    /// Wraps a slug read back from the database.
    pub fn from_stored(slug: String) -> Self {
        SkillSlug(slug)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SkillSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A skill as people see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    pub slug: SkillSlug,
    pub label: String,
}

impl Skill {
    /// A new skill from what someone typed: the label keeps their spelling with
    /// whitespace tidied.
    pub fn parse(raw: &str) -> Result<Self, SkillError> {
        let slug = SkillSlug::parse(raw)?;
        let label = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok(Skill { slug, label })
    }
}

/// Splits a free-text list ("Rust, SQL; incident review") into skills, dropping
/// duplicates by slug and keeping the first spelling.
pub fn parse_list(raw: &str) -> Result<Vec<Skill>, SkillError> {
    let mut out: Vec<Skill> = Vec::new();
    for part in raw.split([',', ';', '\n']) {
        if part.trim().is_empty() {
            continue;
        }
        let skill = Skill::parse(part)?;
        if !out.iter().any(|s| s.slug == skill.slug) {
            out.push(skill);
        }
    }
    Ok(out)
}

/// Another name of a skill: what a merged or renamed skill was called, or a
/// synonym from `SKILLS_FILE` ("JavaScript: js, ecmascript"). Typing it, finding
/// it in `/ask <text>`, choosing it from an old form or naming it in a setting
/// means the skill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    pub slug: SkillSlug,
    pub label: String,
    /// The skill it names.
    pub skill: SkillSlug,
}

/// The skills these names mean: a synonym becomes its skill; anything else is
/// kept as it is (a skill, or an unknown name the caller's check will refuse).
/// Duplicates after resolving are dropped, the first kept. Pass only synonyms
/// whose slug is not a skill's: when both exist, the skill wins.
pub fn canonical(slugs: &[SkillSlug], synonyms: &[Synonym]) -> Vec<SkillSlug> {
    let mut out: Vec<SkillSlug> = Vec::with_capacity(slugs.len());
    for slug in slugs {
        let skill = synonyms
            .iter()
            .find(|y| &y.slug == slug)
            .map_or(slug, |y| &y.skill);
        if !out.contains(skill) {
            out.push(skill.clone());
        }
    }
    out
}

/// One line of `SKILLS_FILE`: a skill and its other names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedEntry {
    pub skill: Skill,
    pub synonyms: Vec<Skill>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Skill(#[from] SkillError),
    #[error("“{name}” is already {role}")]
    NamedTwice { name: String, role: String },
}

/// Parses `SKILLS_FILE`: one skill a line, optionally followed by a colon and
/// its other names, comma-separated: `JavaScript: js, ecmascript, node.js`.
/// Blank lines and `#` comments are skipped; the first colon ends the name. A
/// skill listed twice is one entry (the first spelling, every synonym); a
/// synonym spelled like its own skill is dropped. A name that is both a skill
/// and another skill's synonym, or a synonym of two skills, is an error on the
/// line (1-based) that says it the second time.
pub fn parse_seed(text: &str) -> Result<Vec<SeedEntry>, (usize, SeedError)> {
    let mut out: Vec<SeedEntry> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |e: SeedError| (n + 1, e);
        let (name, others) = line.split_once(':').unwrap_or((line, ""));
        let skill = Skill::parse(name).map_err(|e| at(e.into()))?;
        if let Some(owner) = synonym_owner(&out, &skill.slug) {
            return Err(at(SeedError::NamedTwice {
                name: skill.label,
                role: format!("another name of {owner}"),
            }));
        }
        let index = match out.iter().position(|e| e.skill.slug == skill.slug) {
            Some(i) => i,
            None => {
                out.push(SeedEntry {
                    skill,
                    synonyms: Vec::new(),
                });
                out.len() - 1
            }
        };
        for synonym in parse_list(others).map_err(|e| at(e.into()))? {
            let own = &out[index].skill;
            if synonym.slug == own.slug
                || out[index].synonyms.iter().any(|y| y.slug == synonym.slug)
            {
                continue;
            }
            let role = match out.iter().find(|e| e.skill.slug == synonym.slug) {
                Some(e) => Some(format!("the skill {}", e.skill.label)),
                None => synonym_owner(&out, &synonym.slug).map(|o| format!("another name of {o}")),
            };
            if let Some(role) = role {
                return Err(at(SeedError::NamedTwice {
                    name: synonym.label,
                    role,
                }));
            }
            out[index].synonyms.push(synonym);
        }
    }
    Ok(out)
}

/// The label of the skill in `entries` that has `slug` as a synonym.
fn synonym_owner(entries: &[SeedEntry], slug: &SkillSlug) -> Option<String> {
    entries
        .iter()
        .find(|e| e.synonyms.iter().any(|y| &y.slug == slug))
        .map(|e| e.skill.label.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str) -> String {
        SkillSlug::parse(s).unwrap().to_string()
    }

    #[test]
    fn case_and_spacing_variants_are_one_skill() {
        for v in ["Rust ", "rust", "RUST", "  rust\t"] {
            assert_eq!(slug(v), "rust");
        }
        assert_eq!(slug("Machine   Learning"), "machine-learning");
        assert_eq!(slug("machine-learning"), "machine-learning");
        assert_eq!(slug("Machine_Learning!"), "machine-learning");
    }

    #[test]
    fn punctuation_collapses_but_meaningful_symbols_survive() {
        assert_eq!(slug("UI / UX"), "ui-ux");
        assert_eq!(slug("Node.js"), "node-js");
        assert_eq!(slug("C++"), "cplusplus");
        assert_eq!(slug("C#"), "csharp");
        assert_eq!(slug(".NET"), "dotnet");
        assert_ne!(slug("C"), slug("C++"));
        assert_eq!(slug("Développement"), "développement");
    }

    #[test]
    fn empty_and_overlong_names_are_refused() {
        assert!(matches!(
            SkillSlug::parse(" -- "),
            Err(SkillError::Empty(_))
        ));
        assert!(matches!(
            SkillSlug::parse(&"x".repeat(76)),
            Err(SkillError::TooLong(_))
        ));
        assert!(slug(&"a".repeat(75)).len() <= MAX_SLUG_LEN);
    }

    #[test]
    fn lists_split_and_dedupe() {
        let skills = parse_list("Rust, SQL; rust\n  incident   review ,").unwrap();
        let labels: Vec<_> = skills.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["Rust", "SQL", "incident review"]);
    }

    fn slugs(list: &[&str]) -> Vec<SkillSlug> {
        list.iter().map(|s| SkillSlug::parse(s).unwrap()).collect()
    }

    #[test]
    fn synonyms_resolve_to_their_skill_and_duplicates_go() {
        let synonyms = vec![
            Synonym {
                slug: SkillSlug::parse("js").unwrap(),
                label: "js".into(),
                skill: SkillSlug::parse("JavaScript").unwrap(),
            },
            Synonym {
                slug: SkillSlug::parse("Node.js").unwrap(),
                label: "Node.js".into(),
                skill: SkillSlug::parse("JavaScript").unwrap(),
            },
        ];
        assert_eq!(
            canonical(
                &slugs(&["js", "SQL", "node.js", "JavaScript", "cobol"]),
                &synonyms
            ),
            slugs(&["JavaScript", "SQL", "cobol"])
        );
        assert_eq!(canonical(&slugs(&["rust"]), &[]), slugs(&["rust"]));
    }

    #[test]
    fn seed_lines_take_synonyms_after_a_colon_and_plain_lines_stay_valid() {
        let text = "# vocabulary\nJavaScript: js, ecmascript, node.js\nRust\n\n  SQL :  \nrust: rustlang\nC++: cpp, c++\n";
        let seed = parse_seed(text).unwrap();
        let shown: Vec<(String, Vec<String>)> = seed
            .iter()
            .map(|e| {
                (
                    e.skill.label.clone(),
                    e.synonyms.iter().map(|y| y.label.clone()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "JavaScript".into(),
                    vec!["js".into(), "ecmascript".into(), "node.js".into()]
                ),
                ("Rust".into(), vec!["rustlang".into()]),
                ("SQL".into(), vec![]),
                ("C++".into(), vec!["cpp".into()]),
            ]
        );
        assert_eq!(seed[0].synonyms[2].slug.as_str(), "node-js");
    }

    #[test]
    fn a_seed_name_cannot_be_a_skill_and_a_synonym_nor_two_skills_synonym() {
        let err = |t: &str| parse_seed(t).unwrap_err();
        assert!(matches!(
            err("JavaScript: js\nJS\n"),
            (2, SeedError::NamedTwice { .. })
        ));
        assert!(matches!(
            err("Go\nGolang: go\n"),
            (2, SeedError::NamedTwice { .. })
        ));
        assert!(matches!(
            err("JavaScript: js\nJSON: js\n"),
            (2, SeedError::NamedTwice { .. })
        ));
        assert_eq!(
            err("Rust\nJavaScript: js\nGo\nTypeScript: ts, JS")
                .1
                .to_string(),
            "“JS” is already another name of JavaScript"
        );
        assert!(matches!(
            err("Rust\n: js"),
            (2, SeedError::Skill(SkillError::Empty(_)))
        ));
        assert!(matches!(
            err(&format!("Rust: {}", "x".repeat(80))),
            (1, SeedError::Skill(SkillError::TooLong(_)))
        ));
    }
}
