//! What the organisation sees, as plain figures.

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Insights {
    pub asked: i64,
    pub matched: i64,
    pub done: i64,
    pub open: i64,
    pub mentors: i64,
    /// (skill label, asks) most asked first.
    pub top_skills: Vec<(String, i64)>,
    /// (skill label, asks nobody available could take) most unmet first.
    pub unmet: Vec<(String, i64)>,
}
