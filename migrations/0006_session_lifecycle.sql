-- A session's life after the match:
-- * where the follow-up prompt was posted, so answers rewrite that message (never
--   one a payload names);
-- * when a re-open released the match ("it didn't happen"): the row stays as the
--   record, but it no longer counts as a session, a match or a mentor's load.
ALTER TABLE matches
    ADD COLUMN followup_channel TEXT,
    ADD COLUMN followup_ts      TEXT,
    ADD COLUMN released_at      TIMESTAMPTZ;
