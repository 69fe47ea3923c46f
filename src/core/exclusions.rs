//! "Don't match me with": a private list anyone keeps of people they are never
//! matched with, in either direction. Only its owner ever sees it; the other
//! person is never told (an offer simply goes elsewhere).

use super::text::is_user_id;

/// More than this stops being a few people to avoid.
pub const MAX_EXCLUSIONS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExclusionError {
    #[error("Keep the list to {MAX_EXCLUSIONS} people.")]
    TooMany,
}

/// The list as it will be stored: well-formed user ids only, without the owner
/// (nobody avoids themselves), each once, in the order chosen.
pub fn tidy(owner: &str, chosen: &[String]) -> Result<Vec<String>, ExclusionError> {
    let mut list: Vec<String> = Vec::new();
    for id in chosen {
        if is_user_id(id) && id != owner && !list.contains(id) {
            list.push(id.clone());
        }
    }
    if list.len() > MAX_EXCLUSIONS {
        return Err(ExclusionError::TooMany);
    }
    Ok(list)
}

/// Whether two people may be matched: neither keeps the other on their list.
pub fn may_meet(a_excludes_b: bool, b_excludes_a: bool) -> bool {
    !a_excludes_b && !b_excludes_a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_list_drops_the_owner_repeats_and_malformed_ids() {
        let got = tidy("UME", &ids(&["UA", "UME", "UA", "<!channel>", "UB"])).unwrap();
        assert_eq!(got, ids(&["UA", "UB"]));
        assert_eq!(tidy("UME", &[]).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn the_list_has_a_limit() {
        let many: Vec<String> = (0..=MAX_EXCLUSIONS).map(|n| format!("U{n:05}")).collect();
        assert_eq!(tidy("UME", &many), Err(ExclusionError::TooMany));
        assert!(tidy("UME", &many[..MAX_EXCLUSIONS]).is_ok());
    }

    #[test]
    fn either_side_excluding_keeps_a_pair_apart() {
        assert!(may_meet(false, false));
        assert!(!may_meet(true, false));
        assert!(!may_meet(false, true));
    }
}
