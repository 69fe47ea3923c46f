-- Who meets whom, and mentors' say over their offers (issue 13):
-- * a mentor may have offers ignore what their Slack status says;
-- * an asker may name a mentor to ask first;
-- * anyone may keep a private list of people they are never matched with, in
--   either direction (only its owner ever sees it);
-- * "Other…" declines keep the mentor's words (shown to nobody but in aggregate).
ALTER TABLE mentors ADD COLUMN ignore_slack_status BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE asks ADD COLUMN first_mentor TEXT;

ALTER TABLE offers ADD COLUMN decline_note TEXT CHECK (char_length(decline_note) <= 300);

CREATE TABLE match_exclusions (
    team_id     TEXT        NOT NULL,
    user_id     TEXT        NOT NULL,
    excluded_id TEXT        NOT NULL CHECK (excluded_id <> user_id),
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (team_id, user_id, excluded_id)
);
-- Routing asks "did either of these two exclude the other?" from both ends.
CREATE INDEX match_exclusions_by_excluded ON match_exclusions (team_id, excluded_id);

-- People who opened the App Home, so the bot republishes it when what it shows
-- changes (and spends no views.publish on people who never look).
CREATE TABLE home_viewers (
    team_id        TEXT        NOT NULL,
    user_id        TEXT        NOT NULL,
    last_opened_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
