-- Durable jobs. Workers claim due rows with FOR UPDATE SKIP LOCKED and hold a
-- lease (locked_until); a crashed worker's jobs are claimed again when it lapses.
CREATE TABLE jobs (
    id           BIGSERIAL   PRIMARY KEY,
    team_id      TEXT        NOT NULL,
    kind         TEXT        NOT NULL,
    payload      JSONB       NOT NULL,
    -- Scheduling the same thing twice (two replicas, a retried request) is a no-op.
    dedupe_key   TEXT        UNIQUE,
    run_at       TIMESTAMPTZ NOT NULL,
    status       TEXT        NOT NULL DEFAULT 'pending'
                             CHECK (status IN ('pending', 'running', 'done', 'failed')),
    attempts     INT         NOT NULL DEFAULT 0,
    max_attempts INT         NOT NULL DEFAULT 5,
    locked_by    TEXT,
    locked_until TIMESTAMPTZ,
    last_error   TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE status = 'pending';
CREATE INDEX jobs_leased ON jobs (locked_until) WHERE status = 'running';

-- Effects already carried out (a message sent), so a job that runs again after
-- a crash sends nothing twice. The key names the effect.
CREATE TABLE job_effects (
    key        TEXT        PRIMARY KEY,
    team_id    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Mentors may take offers outside working hours if they say so.
ALTER TABLE mentors ADD COLUMN quiet_hours BOOLEAN NOT NULL DEFAULT true;

-- What the mentee said after the session.
CREATE TABLE session_outcomes (
    ask_id      BIGINT      NOT NULL,
    mentor_id   TEXT        NOT NULL,
    team_id     TEXT        NOT NULL,
    happened    TEXT        NOT NULL CHECK (happened IN ('yes', 'not_yet', 'no')),
    rating      SMALLINT    CHECK (rating BETWEEN 1 AND 5),
    note        TEXT        CHECK (char_length(note) <= 150),
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (ask_id, mentor_id),
    FOREIGN KEY (ask_id, mentor_id) REFERENCES matches (ask_id, mentor_id) ON DELETE CASCADE
);

-- Digests posted to channels, so their buttons can be updated when an ask moves on.
CREATE TABLE digest_posts (
    id         BIGSERIAL   PRIMARY KEY,
    team_id    TEXT        NOT NULL,
    channel_id TEXT        NOT NULL,
    message_ts TEXT        NOT NULL,
    skill      TEXT,
    ask_ids    BIGINT[]    NOT NULL,
    more       INT         NOT NULL DEFAULT 0,
    posted_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX digest_posts_by_ask ON digest_posts USING GIN (ask_ids);

-- The last time a digest could not be posted, for `micromentor check`.
CREATE TABLE digest_failures (
    team_id    TEXT        NOT NULL,
    channel_id TEXT        NOT NULL,
    error      TEXT        NOT NULL,
    failed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (team_id, channel_id)
);
