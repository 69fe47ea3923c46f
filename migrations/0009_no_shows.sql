-- No-shows (core::no_shows). After "It didn't happen" each side of a session says
-- who couldn't make it; someone the *other* side reports absent in 3 sessions
-- within 60 days is paused: a mentor from offers, a mentee from asking.

-- The mentor's own follow-up about a session: where it was posted (answers rewrite
-- that message, never one a payload names) and whether they said it happened.
ALTER TABLE matches
    ADD COLUMN mentor_followup_channel TEXT,
    ADD COLUMN mentor_followup_ts      TEXT,
    ADD COLUMN mentor_happened         TEXT CHECK (mentor_happened IN ('yes', 'no'));

-- Who couldn't make it, as one side of a session said: at most once per side per
-- session (the first answer stands). `absent` is a side, or 'other' for
-- "Something else". Kept when a re-open releases the session.
CREATE TABLE no_show_reports (
    ask_id      BIGINT      NOT NULL,
    mentor_id   TEXT        NOT NULL,
    team_id     TEXT        NOT NULL,
    reporter    TEXT        NOT NULL CHECK (reporter IN ('mentee', 'mentor')),
    absent      TEXT        NOT NULL CHECK (absent IN ('mentee', 'mentor', 'other')),
    reported_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (ask_id, mentor_id, reporter),
    FOREIGN KEY (ask_id, mentor_id) REFERENCES matches (ask_id, mentor_id) ON DELETE CASCADE
);
CREATE INDEX no_show_reports_by_mentor ON no_show_reports (team_id, mentor_id, reported_at);

-- A pause after no-shows: one row each time someone crosses the threshold. A
-- mentor's pause also sets `mentors.paused_until` (what routing reads); a mentee's
-- asking is paused while a row of theirs is unlifted and `paused_until` is ahead.
-- `ask_id` is the session whose report crossed it; `dm_*` where we told them.
CREATE TABLE no_show_pauses (
    id           BIGSERIAL   PRIMARY KEY,
    team_id      TEXT        NOT NULL,
    user_id      TEXT        NOT NULL,
    side         TEXT        NOT NULL CHECK (side IN ('mentee', 'mentor')),
    ask_id       BIGINT      NOT NULL,
    paused_at    TIMESTAMPTZ NOT NULL,
    paused_until TIMESTAMPTZ NOT NULL,
    lifted_at    TIMESTAMPTZ,
    dm_channel   TEXT,
    dm_ts        TEXT
);
CREATE INDEX no_show_pauses_by_person ON no_show_pauses (team_id, user_id, side, paused_at);
