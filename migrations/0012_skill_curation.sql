-- Skill curation (core::skill_curation): other names of a skill, and related skills.

-- Another name of a skill: what a merged or renamed skill was called, or a
-- synonym from SKILLS_FILE ("JavaScript: js, ecmascript"). `slug` is the name's
-- own slug (core::skills::SkillSlug); typing it, choosing it from an old form or
-- naming it in DIGEST_CHANNELS_BY_SKILL means `skill_slug`. A slug is a skill or
-- a synonym, not both: the code keeps it so, and when both exist the skill wins.
CREATE TABLE skill_synonyms (
    team_id    TEXT        NOT NULL,
    slug       TEXT        NOT NULL CHECK (slug <> ''),
    label      TEXT        NOT NULL CHECK (label <> ''),
    skill_slug TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (team_id, slug),
    FOREIGN KEY (team_id, skill_slug) REFERENCES skills (team_id, slug) ON DELETE CASCADE,
    CHECK (slug <> skill_slug)
);
CREATE INDEX skill_synonyms_by_skill ON skill_synonyms (team_id, skill_slug);

-- Related skills, one way: mentors of `related_slug` are offered asks about
-- `slug` when the reminder widens the net (core::routing::widen).
CREATE TABLE related_skills (
    team_id      TEXT NOT NULL,
    slug         TEXT NOT NULL,
    related_slug TEXT NOT NULL,
    PRIMARY KEY (team_id, slug, related_slug),
    FOREIGN KEY (team_id, slug) REFERENCES skills (team_id, slug) ON DELETE CASCADE,
    FOREIGN KEY (team_id, related_slug) REFERENCES skills (team_id, slug) ON DELETE CASCADE,
    CHECK (slug <> related_slug)
);
CREATE INDEX related_skills_by_related ON related_skills (team_id, related_slug);
