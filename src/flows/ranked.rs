//! An ask's candidates read best first, a page at a time, so a routing pass
//! over a popular skill reads the few mentors it offers instead of thousands.
//!
//! Exactly today's routing: the SQL pre-rank is the core's order
//! (`store::mentors::ranked`), so the candidates read so far are the first of
//! the full list, and every part of `core::routing::route`'s answer over them —
//! who to offer, who to hold for their morning — is the beginning of its answer
//! over everyone. A pass reads more only when it needs further down the list:
//! it has not filled its slots yet, or a skill has nobody available among
//! those read (the gap needs everyone with that skill).

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::core::routing::{skill_gaps, Candidate};
use crate::core::skills::SkillSlug;
use crate::store::mentors::{self, Page, RoutingFor};

/// The first page; later pages grow eightfold, then read the rest, so even a
/// pass that needs everyone takes at most three queries.
const FIRST_PAGE: usize = 32;

pub struct Ranked<'a> {
    team_id: &'a str,
    skills: &'a [SkillSlug],
    ask: RoutingFor<'a>,
    rows: Vec<Candidate>,
    read: usize,
    pages: u32,
    exhausted: bool,
}

impl<'a> Ranked<'a> {
    pub fn new(team_id: &'a str, skills: &'a [SkillSlug], ask: RoutingFor<'a>) -> Self {
        Ranked {
            team_id,
            skills,
            ask,
            rows: Vec::new(),
            read: 0,
            pages: 0,
            exhausted: false,
        }
    }

    /// The candidates read so far, best first.
    pub fn rows(&self) -> &[Candidate] {
        &self.rows
    }

    /// Everyone was read: the rows are the full list.
    pub fn exhausted(&self) -> bool {
        self.exhausted
    }

    /// Reads the next page (nothing once exhausted).
    pub async fn more(&mut self, db: &PgPool, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
        if self.exhausted {
            return Ok(());
        }
        let limit = match self.pages {
            0 => Some(FIRST_PAGE),
            1 => Some(FIRST_PAGE * 8),
            _ => None,
        };
        let page = Page {
            offset: self.read,
            limit,
            only: None,
        };
        let (rows, read) =
            mentors::ranked(db, self.team_id, self.skills, &self.ask, now, page).await?;
        self.pages += 1;
        self.read += read;
        self.exhausted = limit.is_none_or(|n| read < n);
        // A row that moved up between two pages (a concurrent offer) is kept once.
        for row in rows {
            if !self.rows.iter().any(|c| c.user_id == row.user_id) {
                self.rows.push(row);
            }
        }
        Ok(())
    }

    /// Candidates enough for `core::routing::skill_gaps` over the ask's skills
    /// to answer as over everyone: those read, plus — for each skill nobody
    /// read so far can take now — everyone with that skill.
    pub async fn for_gaps(
        &self,
        db: &PgPool,
        asker_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Candidate>, sqlx::Error> {
        let mut rows = self.rows.clone();
        if self.exhausted {
            return Ok(rows);
        }
        let open: Vec<SkillSlug> = skill_gaps(self.skills, &self.rows, asker_id, now)
            .into_iter()
            .map(|(skill, _)| skill)
            .collect();
        if !open.is_empty() {
            rows.extend(mentors::candidates(db, self.team_id, &open, &self.ask, now).await?);
        }
        Ok(rows)
    }
}
