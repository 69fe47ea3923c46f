//! Who is a programme owner: a Slack workspace admin or owner, someone listed in
//! `ADMIN_USERS`, or a member of the `ADMIN_USERGROUP` user group. Only they see
//! the organisation's figures and curate; everyone else sees only their own.

/// What is known about a person, from the settings and from Slack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AdminFacts {
    /// Listed in `ADMIN_USERS`.
    pub listed: bool,
    /// `users.info` says `is_admin` or `is_owner`.
    pub slack_admin: bool,
    /// In the `ADMIN_USERGROUP` user group.
    pub in_group: bool,
}

/// Any one of them makes an admin.
pub fn is_admin(facts: AdminFacts) -> bool {
    facts.listed || facts.slack_admin || facts.in_group
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_one_source_makes_an_admin_and_none_makes_nobody() {
        assert!(!is_admin(AdminFacts::default()));
        for facts in [
            AdminFacts {
                listed: true,
                ..Default::default()
            },
            AdminFacts {
                slack_admin: true,
                ..Default::default()
            },
            AdminFacts {
                in_group: true,
                ..Default::default()
            },
        ] {
            assert!(is_admin(facts), "{facts:?}");
        }
    }
}
