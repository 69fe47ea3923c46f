-- What routing learned from how each mentor answered offers of each skill
-- (`core::acceptance`): `yes` and `no` counts, each offer's lesson added to every
-- skill of its ask in the transaction that ends the offer (accept, decline,
-- expiry). Routing reads the sum over an ask's skills; the chance of a yes is
-- (yes + 1) / (yes + no + 2), so a mentor × skill never offered has no row and
-- starts at even odds. Not tied to `mentors`: a digest helper who later opts in
-- keeps what they did.
CREATE TABLE mentor_skill_answers (
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    slug    TEXT NOT NULL,
    yes     INT  NOT NULL DEFAULT 0,
    no      INT  NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, user_id, slug),
    FOREIGN KEY (team_id, slug) REFERENCES skills (team_id, slug) ON DELETE CASCADE
);

-- What the offers already answered teach, so routing does not start from nothing
-- (the weights of `core::acceptance::lesson`; an offer withdrawn from an expired ask
-- went unanswered).
INSERT INTO mentor_skill_answers (team_id, user_id, slug, yes, no)
SELECT o.team_id, o.mentor_id, k.slug,
       count(*) FILTER (WHERE o.status = 'accepted'),
       coalesce(sum(CASE o.decline_reason
                         WHEN 'not_my_area' THEN 2
                         WHEN 'no_time' THEN 1
                         WHEN 'other' THEN 1
                         ELSE 0 END) FILTER (WHERE o.status = 'declined'), 0)
         + count(*) FILTER (WHERE o.status = 'withdrawn' AND a.status = 'expired')
FROM offers o
JOIN asks a ON a.id = o.ask_id
JOIN ask_skills k ON k.ask_id = o.ask_id
GROUP BY o.team_id, o.mentor_id, k.slug;

-- Pending offers count toward a mentor's load when routing ranks them.
CREATE INDEX offers_pending_by_mentor ON offers (team_id, mentor_id) WHERE status = 'pending';
