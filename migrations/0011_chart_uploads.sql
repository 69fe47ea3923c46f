-- Admin charts uploaded to Slack (files.getUploadURLExternal/completeUploadExternal)
-- and shown on an admin's Home as image blocks. One row per workspace, admin,
-- chart and window: the file is shared into that admin's DM with the bot (a
-- viewer must have access to an image's file), and it is reused while its
-- figures are unchanged or it is less than an hour old, so opening Home does
-- not send Slack a new file each time.
CREATE TABLE chart_uploads (
    team_id      TEXT        NOT NULL,
    user_id      TEXT        NOT NULL,
    chart        TEXT        NOT NULL CHECK (chart IN ('weekly_trend', 'skill_gaps')),
    window_days  SMALLINT    NOT NULL CHECK (window_days BETWEEN 1 AND 366),
    -- The last upload that worked (NULL: none yet).
    file_id      TEXT,
    -- core::charts::fingerprint of the figures that file shows.
    fingerprint  TEXT,
    uploaded_at  TIMESTAMPTZ,
    -- The last upload started (a claim: a second replica or Home view waits).
    attempted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (team_id, user_id, chart, window_days),
    CHECK ((file_id IS NULL) = (uploaded_at IS NULL))
);
