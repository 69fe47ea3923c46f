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
}
