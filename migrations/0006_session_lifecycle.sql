-- A session's life after the match:
-- * where the follow-up prompt was posted, so answers rewrite that message (never
--   one a payload names);
-- * when a re-open released the match ("it didn't happen"): the row stays as the
--   record, but it no longer counts as a session, a match or a mentor's load.
ALTER TABLE matches
    ADD COLUMN followup_channel TEXT,
    ADD COLUMN followup_ts      TEXT,
    ADD COLUMN released_at      TIMESTAMPTZ;

-- The workspace uninstalled the app or revoked its token: no more Slack calls for
-- it (queued jobs fail for good instead of retrying), its data is kept.
CREATE TABLE installations (
    team_id    TEXT        PRIMARY KEY,
    revoked_at TIMESTAMPTZ NOT NULL
);
