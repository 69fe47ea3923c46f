//! Curating the skill vocabulary, for admins (`core::admins`): rename a skill,
//! merge skills into one, delete an unused one, set its related skills. Every
//! change keeps existing mentors and asks attached:
//!
//! - **Rename** changes the label. When the new name has the same slug ("Javascript"
//!   → "JavaScript") only the label changes. Otherwise the skill moves to the new
//!   slug: its mentors, asks, office hours, unmet demand, synonyms and related
//!   skills move with it, and the old name becomes a synonym, so old forms,
//!   old messages and settings that name it still mean the skill.
//! - **Merge** keeps one skill and folds others into it: their mentors and asks
//!   move to it (nobody gets a skill twice) and their names, with their own
//!   synonyms, become its synonyms.
//! - **Delete** only when no mentor, ask (open or past) or office hours uses it.
//! - **Related skills** (one way, at most [`MAX_RELATED`] when set; a merge keeps
//!   the union of both lists): mentors of a related skill are offered the skill's
//!   asks when the reminder widens the net (`core::routing::widen`). A skill is
//!   never related to itself, nor to one of its own names.
//!
//! The modal's values are checked by [`validate`]; what the names mean now is
//! looked up by the store (in the transaction) and judged by the `decide_*`
//! functions, whose errors say which field of the modal to show them under.

use std::collections::BTreeMap;

use super::skills::{Skill, SkillSlug};

/// Skills merged into one at a time.
pub const MAX_MERGED: usize = 10;
/// Related skills of one skill.
pub const MAX_RELATED: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurationAction {
    Rename,
    Merge,
    Delete,
    Related,
}

impl CurationAction {
    pub const ALL: [CurationAction; 4] = [
        CurationAction::Rename,
        CurationAction::Merge,
        CurationAction::Delete,
        CurationAction::Related,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CurationAction::Rename => "rename",
            CurationAction::Merge => "merge",
            CurationAction::Delete => "delete",
            CurationAction::Related => "related",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CurationAction::Rename => "Rename it",
            CurationAction::Merge => "Merge other skills into it",
            CurationAction::Delete => "Delete it (unused skills only)",
            CurationAction::Related => "Set its related skills",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// The curation modal's values as Slack sent them (slugs from the selects).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CurationForm {
    pub action: Option<String>,
    pub skill: Option<String>,
    pub new_name: String,
    pub merge: Vec<String>,
    pub related: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CurationField {
    Action,
    Skill,
    NewName,
    Merge,
    Related,
}

pub type CurationErrors = BTreeMap<CurationField, String>;

/// A well-formed request; the store checks it against the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Curation {
    Rename {
        skill: SkillSlug,
        to: Skill,
    },
    Merge {
        keep: SkillSlug,
        merged: Vec<SkillSlug>,
    },
    Delete {
        skill: SkillSlug,
    },
    /// Replaces the skill's related skills (empty clears them).
    Related {
        skill: SkillSlug,
        related: Vec<SkillSlug>,
    },
}

/// Checks the modal's values on their own. Fields the chosen action does not
/// use are ignored.
pub fn validate(form: &CurationForm) -> Result<Curation, CurationErrors> {
    let mut errors = CurationErrors::new();
    let action = form.action.as_deref().and_then(CurationAction::parse);
    if action.is_none() {
        errors.insert(CurationField::Action, "Choose what to do.".into());
    }
    let skill = form
        .skill
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|s| SkillSlug::parse(s).ok());
    let Some(skill) = skill else {
        errors.insert(CurationField::Skill, "Choose a skill.".into());
        return Err(errors);
    };
    let slugs = |raw: &[String]| -> Vec<SkillSlug> {
        let mut out: Vec<SkillSlug> = Vec::new();
        for s in raw.iter().filter_map(|r| SkillSlug::parse(r).ok()) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    };
    let curation = match action {
        None => return Err(errors),
        Some(CurationAction::Rename) => match form.new_name.trim() {
            "" => {
                errors.insert(CurationField::NewName, "Type the new name.".into());
                None
            }
            typed => match Skill::parse(typed) {
                Ok(to) => Some(Curation::Rename { skill, to }),
                Err(e) => {
                    errors.insert(CurationField::NewName, e.to_string());
                    None
                }
            },
        },
        Some(CurationAction::Merge) => {
            let merged = slugs(&form.merge);
            if merged.is_empty() {
                errors.insert(
                    CurationField::Merge,
                    "Choose the skills to merge into it.".into(),
                );
            } else if merged.len() > MAX_MERGED {
                errors.insert(
                    CurationField::Merge,
                    format!("Merge at most {MAX_MERGED} skills at a time."),
                );
            } else if merged.contains(&skill) {
                errors.insert(
                    CurationField::Merge,
                    "That list has the skill itself: choose only the others.".into(),
                );
            }
            Some(Curation::Merge {
                keep: skill,
                merged,
            })
        }
        Some(CurationAction::Delete) => Some(Curation::Delete { skill }),
        Some(CurationAction::Related) => {
            let related = slugs(&form.related);
            if related.len() > MAX_RELATED {
                errors.insert(
                    CurationField::Related,
                    format!("Choose at most {MAX_RELATED} related skills."),
                );
            } else if related.contains(&skill) {
                errors.insert(
                    CurationField::Related,
                    "A skill can't be related to itself.".into(),
                );
            }
            Some(Curation::Related { skill, related })
        }
    };
    match (errors.is_empty(), curation) {
        (true, Some(c)) => Ok(c),
        _ => Err(errors),
    }
}

/// What a name (a slug) means in the vocabulary right now, as the store found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameIs {
    /// Neither a skill nor a synonym.
    Free,
    /// A skill.
    Skill(Skill),
    /// Another name of this skill.
    SynonymOf(Skill),
}

impl NameIs {
    /// The skill the name means, if any.
    pub fn skill(&self) -> Option<&Skill> {
        match self {
            NameIs::Free => None,
            NameIs::Skill(s) | NameIs::SynonymOf(s) => Some(s),
        }
    }
}

/// A request refused by the vocabulary, with the field to show it under.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CurationError {
    pub field: CurationField,
    pub message: String,
}

fn refuse(field: CurationField, message: String) -> CurationError {
    CurationError { field, message }
}

/// The skill the modal chose. A form opened before a merge may name a skill
/// that is now a synonym: that means the skill it was merged into.
pub fn subject(chosen: &SkillSlug, is: &NameIs) -> Result<Skill, CurationError> {
    is.skill().cloned().ok_or_else(|| {
        refuse(
            CurationField::Skill,
            format!("“{chosen}” is no longer in the skill list."),
        )
    })
}

/// How a rename is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenamePlan {
    /// Same slug: only the label changes.
    Label,
    /// A new slug: everything moves to it and the old name becomes a synonym.
    /// `promote`: the new name was one of the skill's synonyms (it stops being one).
    NewSlug { promote: bool },
}

/// Renaming `current` to `to`, where `to_is` is what the new name means now. A
/// name that is another skill or another skill's synonym is taken: merging is
/// how two skills become one.
pub fn decide_rename(
    current: &Skill,
    to: &Skill,
    to_is: &NameIs,
) -> Result<RenamePlan, CurationError> {
    if to.label == current.label {
        return Err(refuse(
            CurationField::NewName,
            "That is already its name.".into(),
        ));
    }
    match to_is {
        _ if to.slug == current.slug => Ok(RenamePlan::Label),
        NameIs::Free => Ok(RenamePlan::NewSlug { promote: false }),
        NameIs::SynonymOf(s) if s.slug == current.slug => {
            Ok(RenamePlan::NewSlug { promote: true })
        }
        NameIs::Skill(other) => Err(refuse(
            CurationField::NewName,
            format!(
                "“{}” is another skill. To make them one, choose it and merge “{}” into it.",
                other.label, current.label
            ),
        )),
        NameIs::SynonymOf(other) => Err(refuse(
            CurationField::NewName,
            format!(
                "“{}” is another name of “{}”. To make them one, choose “{}” and merge “{}” into it.",
                to.label, other.label, other.label, current.label
            ),
        )),
    }
}

/// The skills to fold into `keep`, from what each chosen name means now.
pub fn decide_merge(
    keep: &Skill,
    chosen: &[(SkillSlug, NameIs)],
) -> Result<Vec<Skill>, CurationError> {
    let mut out: Vec<Skill> = Vec::new();
    for (slug, is) in chosen {
        let skill = match is.skill() {
            None => {
                return Err(refuse(
                    CurationField::Merge,
                    format!("“{slug}” is no longer in the skill list."),
                ))
            }
            Some(s) if s.slug == keep.slug => {
                return Err(refuse(
                    CurationField::Merge,
                    format!("“{slug}” is already a name of “{}”.", keep.label),
                ))
            }
            Some(s) => s,
        };
        if !out.iter().any(|s| s.slug == skill.slug) {
            out.push(skill.clone());
        }
    }
    if out.is_empty() {
        return Err(refuse(
            CurationField::Merge,
            "Choose the skills to merge into it.".into(),
        ));
    }
    Ok(out)
}

/// Who uses a skill: a skill in use is never deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    pub mentors: u32,
    /// Asks, open or past.
    pub asks: u32,
    pub office_hours: u32,
}

fn count(n: u32, one: &str, many: &str) -> Option<String> {
    match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    }
}

/// Only a skill nobody uses may go; otherwise merging keeps its people attached.
pub fn decide_delete(skill: &Skill, usage: Usage) -> Result<(), CurationError> {
    let users: Vec<String> = [
        count(usage.mentors, "mentor", "mentors"),
        count(usage.asks, "ask", "asks"),
        count(
            usage.office_hours,
            "office hours session",
            "office hours sessions",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    if users.is_empty() {
        return Ok(());
    }
    Err(refuse(
        CurationField::Skill,
        format!(
            "“{}” is used by {}, so it can't be deleted. Merge it into another skill instead: they keep it under that name.",
            skill.label,
            join(&users)
        ),
    ))
}

/// The skill's related skills, from what each chosen name means now: never the
/// skill itself or one of its own names, at most [`MAX_RELATED`].
pub fn decide_related(
    skill: &Skill,
    chosen: &[(SkillSlug, NameIs)],
) -> Result<Vec<SkillSlug>, CurationError> {
    let mut out: Vec<SkillSlug> = Vec::new();
    for (slug, is) in chosen {
        match is.skill() {
            None => {
                return Err(refuse(
                    CurationField::Related,
                    format!("“{slug}” is no longer in the skill list."),
                ))
            }
            Some(s) if s.slug == skill.slug => {
                return Err(refuse(
                    CurationField::Related,
                    format!(
                        "“{slug}” is a name of “{}”: a skill can't be related to itself.",
                        skill.label
                    ),
                ))
            }
            Some(s) if !out.contains(&s.slug) => out.push(s.slug.clone()),
            Some(_) => {}
        }
    }
    if out.len() > MAX_RELATED {
        return Err(refuse(
            CurationField::Related,
            format!("Choose at most {MAX_RELATED} related skills."),
        ));
    }
    Ok(out)
}

/// What a curation did, for the admin's confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Curated {
    /// `mentors` and `asks`: how many have the skill (under its new name).
    Renamed {
        from: Skill,
        to: Skill,
        mentors: u32,
        asks: u32,
    },
    /// `mentors` and `asks`: how many had one of the merged skills.
    Merged {
        keep: Skill,
        merged: Vec<Skill>,
        mentors: u32,
        asks: u32,
    },
    Deleted {
        skill: Skill,
    },
    Related {
        skill: Skill,
        related: Vec<Skill>,
    },
}

/// "a", "a and b", "a, b and c".
pub fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skill(s: &str) -> Skill {
        Skill::parse(s).unwrap()
    }

    fn slug(s: &str) -> SkillSlug {
        SkillSlug::parse(s).unwrap()
    }

    fn form(action: &str, skill: &str) -> CurationForm {
        CurationForm {
            action: Some(action.into()),
            skill: Some(skill.into()),
            ..CurationForm::default()
        }
    }

    #[test]
    fn the_form_needs_an_action_a_skill_and_what_the_action_needs() {
        let errors = validate(&CurationForm::default()).unwrap_err();
        assert_eq!(
            errors.keys().copied().collect::<Vec<_>>(),
            [CurationField::Action, CurationField::Skill]
        );
        let no_name = validate(&form("rename", "javascript")).unwrap_err();
        assert_eq!(no_name[&CurationField::NewName], "Type the new name.");
        let bad_name = validate(&CurationForm {
            new_name: " -- ".into(),
            ..form("rename", "javascript")
        })
        .unwrap_err();
        assert!(bad_name[&CurationField::NewName].contains("no letters or digits"));
        let nothing_to_merge = validate(&form("merge", "javascript")).unwrap_err();
        assert!(nothing_to_merge.contains_key(&CurationField::Merge));
        assert_eq!(
            validate(&form("delete", "cobol")).unwrap(),
            Curation::Delete {
                skill: slug("cobol")
            }
        );
        // An empty related list clears it; a typed name is ignored when merging.
        assert_eq!(
            validate(&form("related", "rust")).unwrap(),
            Curation::Related {
                skill: slug("rust"),
                related: vec![]
            }
        );
        assert_eq!(
            validate(&CurationForm {
                merge: vec!["js".into(), "js".into(), "node-js".into()],
                new_name: "ignored".into(),
                ..form("merge", "javascript")
            })
            .unwrap(),
            Curation::Merge {
                keep: slug("javascript"),
                merged: vec![slug("js"), slug("node-js")]
            }
        );
        assert!(validate(&form("explode", "rust"))
            .unwrap_err()
            .contains_key(&CurationField::Action));
    }

    #[test]
    fn the_form_refuses_a_skill_merged_or_related_to_itself_and_too_many() {
        let into_itself = validate(&CurationForm {
            merge: vec!["js".into(), "javascript".into()],
            ..form("merge", "javascript")
        })
        .unwrap_err();
        assert!(into_itself.contains_key(&CurationField::Merge));
        let to_itself = validate(&CurationForm {
            related: vec!["rust".into()],
            ..form("related", "rust")
        })
        .unwrap_err();
        assert_eq!(
            to_itself[&CurationField::Related],
            "A skill can't be related to itself."
        );
        let many: Vec<String> = (0..11).map(|i| format!("skill-{i}")).collect();
        for (action, field) in [
            ("merge", CurationField::Merge),
            ("related", CurationField::Related),
        ] {
            let errors = validate(&CurationForm {
                merge: many.clone(),
                related: many.clone(),
                ..form(action, "rust")
            })
            .unwrap_err();
            assert!(errors[&field].contains("at most 10"), "{action}");
        }
    }

    #[test]
    fn a_form_naming_a_merged_skill_acts_on_the_skill_it_went_into() {
        let js = skill("JavaScript");
        assert_eq!(
            subject(&slug("js"), &NameIs::SynonymOf(js.clone())),
            Ok(js.clone())
        );
        assert_eq!(
            subject(&slug("javascript"), &NameIs::Skill(js.clone())),
            Ok(js)
        );
        assert_eq!(
            subject(&slug("cobol"), &NameIs::Free).unwrap_err().field,
            CurationField::Skill
        );
    }

    #[test]
    fn a_rename_keeps_the_slug_for_spelling_and_moves_it_for_a_new_name() {
        let js = skill("Javascript");
        // Spelling: same slug, only the label.
        assert_eq!(
            decide_rename(&js, &skill("JavaScript"), &NameIs::Skill(js.clone())),
            Ok(RenamePlan::Label)
        );
        // A new name: the slug moves, the old one becomes a synonym.
        assert_eq!(
            decide_rename(&js, &skill("ECMAScript"), &NameIs::Free),
            Ok(RenamePlan::NewSlug { promote: false })
        );
        // One of its own synonyms becomes its name.
        assert_eq!(
            decide_rename(&js, &skill("JS"), &NameIs::SynonymOf(js.clone())),
            Ok(RenamePlan::NewSlug { promote: true })
        );
        // The same name is no rename.
        assert_eq!(
            decide_rename(&js, &skill("Javascript"), &NameIs::Skill(js.clone()))
                .unwrap_err()
                .field,
            CurationField::NewName
        );
    }

    #[test]
    fn a_rename_never_takes_another_skills_name_or_synonym() {
        let js = skill("JavaScript");
        let ts = skill("TypeScript");
        let clash =
            decide_rename(&js, &skill("typescript"), &NameIs::Skill(ts.clone())).unwrap_err();
        assert_eq!(clash.field, CurationField::NewName);
        assert!(clash.message.contains("another skill"), "{}", clash.message);
        let synonym = decide_rename(&js, &skill("TS"), &NameIs::SynonymOf(ts)).unwrap_err();
        assert!(
            synonym.message.contains("another name of “TypeScript”"),
            "{}",
            synonym.message
        );
    }

    #[test]
    fn merging_needs_other_existing_skills_and_drops_duplicates() {
        let js = skill("JavaScript");
        let node = skill("Node.js");
        let merged = decide_merge(
            &js,
            &[
                (slug("node-js"), NameIs::Skill(node.clone())),
                (slug("nodejs-old"), NameIs::SynonymOf(node.clone())),
            ],
        )
        .unwrap();
        assert_eq!(merged, [node]);
        let gone = decide_merge(&js, &[(slug("cobol"), NameIs::Free)]).unwrap_err();
        assert_eq!(gone.field, CurationField::Merge);
        // A synonym of the kept skill is already one of its names.
        let own = decide_merge(&js, &[(slug("js"), NameIs::SynonymOf(js.clone()))]).unwrap_err();
        assert_eq!(own.message, "“js” is already a name of “JavaScript”.");
        assert!(decide_merge(&js, &[]).is_err());
    }

    #[test]
    fn only_an_unused_skill_may_be_deleted() {
        let cobol = skill("COBOL");
        assert_eq!(decide_delete(&cobol, Usage::default()), Ok(()));
        let used = decide_delete(
            &cobol,
            Usage {
                mentors: 2,
                asks: 1,
                office_hours: 0,
            },
        )
        .unwrap_err();
        assert_eq!(used.field, CurationField::Skill);
        assert_eq!(
            used.message,
            "“COBOL” is used by 2 mentors and 1 ask, so it can't be deleted. Merge it into another skill instead: they keep it under that name."
        );
        for usage in [
            Usage {
                asks: 1,
                ..Usage::default()
            },
            Usage {
                office_hours: 1,
                ..Usage::default()
            },
        ] {
            assert!(decide_delete(&cobol, usage).is_err(), "{usage:?}");
        }
    }

    #[test]
    fn a_skill_is_never_related_to_itself_or_its_synonym() {
        let js = skill("JavaScript");
        let ts = skill("TypeScript");
        assert_eq!(
            decide_related(
                &js,
                &[
                    (slug("typescript"), NameIs::Skill(ts.clone())),
                    (slug("ts"), NameIs::SynonymOf(ts.clone())),
                ]
            ),
            Ok(vec![ts.slug.clone()])
        );
        let synonym =
            decide_related(&js, &[(slug("js"), NameIs::SynonymOf(js.clone()))]).unwrap_err();
        assert_eq!(synonym.field, CurationField::Related);
        assert!(synonym.message.contains("can't be related to itself"));
        assert!(decide_related(&js, &[(slug("cobol"), NameIs::Free)]).is_err());
        assert_eq!(decide_related(&js, &[]), Ok(vec![]));
        let many: Vec<(SkillSlug, NameIs)> = (0..11)
            .map(|i| {
                let s = skill(&format!("Skill {i}"));
                (s.slug.clone(), NameIs::Skill(s))
            })
            .collect();
        assert!(decide_related(&js, &many).is_err());
    }

    #[test]
    fn lists_read_as_sentences() {
        let s = |v: &[&str]| join(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(s(&[]), "");
        assert_eq!(s(&["a"]), "a");
        assert_eq!(s(&["a", "b"]), "a and b");
        assert_eq!(s(&["a", "b", "c"]), "a, b and c");
    }
}
