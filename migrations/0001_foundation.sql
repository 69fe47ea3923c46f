-- Slack Events API deliveries we have processed, so a retry (X-Slack-Retry-Num)
-- or a second replica never handles the same event twice.
CREATE TABLE slack_events (
    team_id     TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (team_id, event_id)
);

CREATE INDEX slack_events_received_at ON slack_events (received_at);
