-- "No time now" is "not today" (core::routing::ask_again): an ask nobody else can
-- take goes once more to those who said it, after their rest. The offer row is
-- reopened; this marks it, so nobody is asked a third time.
ALTER TABLE offers ADD COLUMN asked_again_at TIMESTAMPTZ;
