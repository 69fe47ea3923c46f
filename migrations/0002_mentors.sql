-- The skill vocabulary, one row per skill per workspace. `slug` is the identity
-- (core::skills::SkillSlug); `label` is how people first spelled it.
CREATE TABLE skills (
    team_id    TEXT        NOT NULL,
    slug       TEXT        NOT NULL CHECK (slug <> ''),
    label      TEXT        NOT NULL CHECK (label <> ''),
    created_by TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (team_id, slug)
);

-- A person who opened /mentor. Working hours are days (bit 0 = Monday) and a
-- [start, end) range of minutes after local midnight, in `tz`.
CREATE TABLE mentors (
    team_id       TEXT        NOT NULL,
    user_id       TEXT        NOT NULL,
    opted_in      BOOLEAN     NOT NULL DEFAULT false,
    capacity      SMALLINT    NOT NULL DEFAULT 2 CHECK (capacity BETWEEN 1 AND 20),
    paused_until  TIMESTAMPTZ,
    tz            TEXT        NOT NULL DEFAULT 'UTC',
    work_days     SMALLINT    NOT NULL DEFAULT 31 CHECK (work_days BETWEEN 1 AND 127),
    work_start    SMALLINT    NOT NULL DEFAULT 540 CHECK (work_start BETWEEN 0 AND 1439),
    work_end      SMALLINT    NOT NULL DEFAULT 1020 CHECK (work_end BETWEEN 1 AND 1440),
    help_text     TEXT        NOT NULL DEFAULT '' CHECK (char_length(help_text) <= 280),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (team_id, user_id),
    CHECK (work_start < work_end)
);

CREATE TABLE mentor_skills (
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    slug    TEXT NOT NULL,
    PRIMARY KEY (team_id, user_id, slug),
    FOREIGN KEY (team_id, user_id) REFERENCES mentors (team_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (team_id, slug) REFERENCES skills (team_id, slug)
);

-- Routing looks mentors up by skill.
CREATE INDEX mentor_skills_by_skill ON mentor_skills (team_id, slug);
