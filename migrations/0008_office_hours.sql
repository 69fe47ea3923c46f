-- Office hours: a host's announced time (core::office_hours), either split into
-- bookable slots of `slot_minutes` or open Q&A lasting `slot_count` such lengths.
-- Slots are not rows: slot i starts at starts_at + i * slot_minutes.
CREATE TABLE office_hours (
    id           BIGSERIAL   PRIMARY KEY,
    team_id      TEXT        NOT NULL,
    host_id      TEXT        NOT NULL,
    topic        TEXT        NOT NULL CHECK (char_length(topic) BETWEEN 1 AND 150),
    -- The host's zone when they chose the time (for their own messages).
    tz           TEXT        NOT NULL,
    starts_at    TIMESTAMPTZ NOT NULL,
    slot_minutes SMALLINT    NOT NULL CHECK (slot_minutes IN (15, 20, 30)),
    slot_count   SMALLINT    NOT NULL CHECK (slot_count BETWEEN 1 AND 8),
    kind         TEXT        NOT NULL CHECK (kind IN ('slots', 'open_qa')),
    -- Where it is announced.
    channels     TEXT[]      NOT NULL CHECK (cardinality(channels) BETWEEN 1 AND 5),
    created_at   TIMESTAMPTZ NOT NULL,
    cancelled_at TIMESTAMPTZ
);
CREATE INDEX office_hours_by_host ON office_hours (team_id, host_id, starts_at);
CREATE INDEX office_hours_upcoming ON office_hours (team_id, starts_at) WHERE cancelled_at IS NULL;

CREATE TABLE office_hours_skills (
    session_id BIGINT NOT NULL REFERENCES office_hours (id) ON DELETE CASCADE,
    team_id    TEXT   NOT NULL,
    slug       TEXT   NOT NULL,
    PRIMARY KEY (session_id, slug),
    FOREIGN KEY (team_id, slug) REFERENCES skills (team_id, slug)
);

-- A booking of one slot. A cancelled booking stays as the record (its reminder
-- sees it cancelled and sends nothing); the indexes make "one person per slot"
-- and "one slot per person per session" hold even if a rule were bypassed.
CREATE TABLE office_hours_bookings (
    id           BIGSERIAL   PRIMARY KEY,
    session_id   BIGINT      NOT NULL REFERENCES office_hours (id) ON DELETE CASCADE,
    team_id      TEXT        NOT NULL,
    slot         SMALLINT    NOT NULL CHECK (slot BETWEEN 0 AND 7),
    user_id      TEXT        NOT NULL,
    booked_at    TIMESTAMPTZ NOT NULL,
    cancelled_at TIMESTAMPTZ,
    -- The group DM that confirmed it, so cancelling rewrites that message.
    dm_channel   TEXT,
    dm_ts        TEXT
);
CREATE UNIQUE INDEX office_hours_one_per_slot
    ON office_hours_bookings (session_id, slot) WHERE cancelled_at IS NULL;
CREATE UNIQUE INDEX office_hours_one_per_person
    ON office_hours_bookings (session_id, user_id) WHERE cancelled_at IS NULL;

-- Open Q&A: who asked to be reminded.
CREATE TABLE office_hours_reminders (
    session_id BIGINT      NOT NULL REFERENCES office_hours (id) ON DELETE CASCADE,
    team_id    TEXT        NOT NULL,
    user_id    TEXT        NOT NULL,
    added_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

-- Announcements posted, so bookings and cancellations rewrite every one of them.
CREATE TABLE office_hours_posts (
    session_id BIGINT NOT NULL REFERENCES office_hours (id) ON DELETE CASCADE,
    team_id    TEXT   NOT NULL,
    channel_id TEXT   NOT NULL,
    message_ts TEXT   NOT NULL,
    PRIMARY KEY (session_id, channel_id)
);
CREATE INDEX office_hours_posts_by_channel ON office_hours_posts (team_id, channel_id);
