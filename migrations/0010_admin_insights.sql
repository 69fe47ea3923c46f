-- Programme owners' own settings for the organisation's figures on Home
-- (core::insights): the window they chose (7, 30 or 90 days) and whether they
-- get the weekly admin digest by DM. Whether someone *is* an admin is never
-- stored here: it is decided when Home is built or the digest is sent.
CREATE TABLE admin_preferences (
    team_id       TEXT        NOT NULL,
    user_id       TEXT        NOT NULL,
    insights_days SMALLINT    NOT NULL DEFAULT 30 CHECK (insights_days IN (7, 30, 90)),
    weekly_digest BOOLEAN     NOT NULL DEFAULT false,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX admin_preferences_digest ON admin_preferences (team_id) WHERE weekly_digest;
