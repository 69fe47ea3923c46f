-- An ask: what someone needs, from whom, and where it is in its lifecycle
-- (core::ask::AskStatus).
CREATE TABLE asks (
    id              BIGSERIAL   PRIMARY KEY,
    team_id         TEXT        NOT NULL,
    asker_id        TEXT        NOT NULL,
    topic           TEXT        NOT NULL CHECK (char_length(topic) BETWEEN 1 AND 150),
    details         TEXT        NOT NULL DEFAULT '' CHECK (char_length(details) <= 2000),
    time_box        SMALLINT    NOT NULL CHECK (time_box IN (10, 20, 30, 45)),
    format          TEXT        NOT NULL CHECK (format IN ('chat', 'call', 'async_review')),
    mentors_wanted  SMALLINT    NOT NULL CHECK (mentors_wanted BETWEEN 1 AND 3),
    in_digest       BOOLEAN     NOT NULL DEFAULT true,
    needed_by       DATE,
    status          TEXT        NOT NULL DEFAULT 'open'
                                CHECK (status IN ('open', 'matched', 'done', 'cancelled', 'expired')),
    matched_count   SMALLINT    NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    closed_at       TIMESTAMPTZ,
    CHECK (matched_count <= mentors_wanted)
);
CREATE INDEX asks_by_status ON asks (team_id, status, created_at);
CREATE INDEX asks_by_asker ON asks (team_id, asker_id, status);

CREATE TABLE ask_skills (
    ask_id  BIGINT NOT NULL REFERENCES asks (id) ON DELETE CASCADE,
    team_id TEXT   NOT NULL,
    slug    TEXT   NOT NULL,
    PRIMARY KEY (ask_id, slug),
    FOREIGN KEY (team_id, slug) REFERENCES skills (team_id, slug)
);

-- An ask offered to one person: by DM (routing) or taken from a channel digest.
-- The DM's channel and ts let us update the message when the ask moves on.
CREATE TABLE offers (
    id             BIGSERIAL   PRIMARY KEY,
    ask_id         BIGINT      NOT NULL REFERENCES asks (id) ON DELETE CASCADE,
    team_id        TEXT        NOT NULL,
    mentor_id      TEXT        NOT NULL,
    status         TEXT        NOT NULL DEFAULT 'pending'
                               CHECK (status IN ('pending', 'accepted', 'declined', 'superseded', 'withdrawn')),
    decline_reason TEXT,
    channel_id     TEXT,
    message_ts     TEXT,
    offered_at     TIMESTAMPTZ NOT NULL,
    answered_at    TIMESTAMPTZ,
    UNIQUE (ask_id, mentor_id)
);
CREATE INDEX offers_by_mentor ON offers (team_id, mentor_id, offered_at);
CREATE INDEX offers_pending ON offers (ask_id) WHERE status = 'pending';

-- A mentor who accepted; counts against their weekly capacity.
CREATE TABLE matches (
    ask_id        BIGINT      NOT NULL REFERENCES asks (id) ON DELETE CASCADE,
    team_id       TEXT        NOT NULL,
    mentor_id     TEXT        NOT NULL,
    matched_at    TIMESTAMPTZ NOT NULL,
    intro_channel TEXT,
    intro_ts      TEXT,
    done_at       TIMESTAMPTZ,
    done_by       TEXT,
    PRIMARY KEY (ask_id, mentor_id)
);
CREATE INDEX matches_by_mentor ON matches (team_id, mentor_id, matched_at);

-- Skills an ask needed when no available mentor had them: what the organisation lacks.
CREATE TABLE unmet_demand (
    id          BIGSERIAL   PRIMARY KEY,
    team_id     TEXT        NOT NULL,
    ask_id      BIGINT      NOT NULL REFERENCES asks (id) ON DELETE CASCADE,
    slug        TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ask_id, slug)
);
CREATE INDEX unmet_demand_by_skill ON unmet_demand (team_id, slug, recorded_at);
