-- The time mentee and mentor picked for their session from the intro's proposals
-- ("This slot works"); its reminder fires only while it is still the pick.
ALTER TABLE matches ADD COLUMN meeting_at TIMESTAMPTZ;
