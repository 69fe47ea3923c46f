-- What routing needs per mentor, kept on the mentor's row so finding candidates is
-- one join without per-row sub-selects. `matches` and `offers` stay the record;
-- these are maintained in the same transactions that write those.
ALTER TABLE mentors
    ADD COLUMN last_offered_at  TIMESTAMPTZ,
    -- Monday 00:00 of the mentor's local week that accepted_in_week counts.
    ADD COLUMN week_start       TIMESTAMPTZ,
    ADD COLUMN accepted_in_week INT NOT NULL DEFAULT 0;

UPDATE mentors m SET
    last_offered_at = (SELECT max(o.offered_at) FROM offers o
                       WHERE o.team_id = m.team_id AND o.mentor_id = m.user_id),
    week_start = date_trunc('week', now() AT TIME ZONE m.tz) AT TIME ZONE m.tz;
UPDATE mentors m SET
    accepted_in_week = (SELECT count(*) FROM matches x
                        WHERE x.team_id = m.team_id AND x.mentor_id = m.user_id
                          AND x.matched_at >= m.week_start);
