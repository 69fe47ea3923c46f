-- Routing reads candidates a page at a time, pre-ranked by SQL in the core's order
-- (store::mentors::ranked). The mentors with a skill come from an index-only scan,
-- and "not my area" declines are found without reading every offer.
CREATE INDEX mentor_skills_by_skill_user ON mentor_skills (team_id, slug, user_id);
DROP INDEX mentor_skills_by_skill;
CREATE INDEX offers_not_my_area ON offers (team_id, answered_at) WHERE decline_reason = 'not_my_area';
