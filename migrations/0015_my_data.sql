-- "Delete my data" (`core::my_data`): a person's id is replaced, in the rows that
-- must survive for the organisation's figures (their sessions), by a pseudonym
-- that names nobody. A session's key holds the mentor's id, so the rows keyed on
-- it follow the change instead of blocking it.
ALTER TABLE session_outcomes
    DROP CONSTRAINT session_outcomes_ask_id_mentor_id_fkey,
    ADD CONSTRAINT session_outcomes_ask_id_mentor_id_fkey
        FOREIGN KEY (ask_id, mentor_id) REFERENCES matches (ask_id, mentor_id)
        ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE no_show_reports
    DROP CONSTRAINT no_show_reports_ask_id_mentor_id_fkey,
    ADD CONSTRAINT no_show_reports_ask_id_mentor_id_fkey
        FOREIGN KEY (ask_id, mentor_id) REFERENCES matches (ask_id, mentor_id)
        ON DELETE CASCADE ON UPDATE CASCADE;
