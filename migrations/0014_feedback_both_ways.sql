-- Feedback both ways, revealed together: the mentor says how clear the ask was
-- (1-5) and adds a note; each side sees the other's answer only once both have
-- answered, or after 7 days only the mentee's thank-you note reaches the mentor.
ALTER TABLE matches
    ADD COLUMN mentor_clarity       SMALLINT CHECK (mentor_clarity BETWEEN 1 AND 5),
    ADD COLUMN mentor_note          TEXT CHECK (char_length(mentor_note) <= 150),
    ADD COLUMN mentor_feedback_at   TIMESTAMPTZ,
    ADD COLUMN feedback_revealed_at TIMESTAMPTZ,
    ADD COLUMN thanks_delivered_at  TIMESTAMPTZ;
