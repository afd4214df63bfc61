-- The register asks at a check-in what a recent introduction led to (see
-- `Store::follow_up_due`). "Don't ask again" stops that for the introduction: when, and by whom.
ALTER TABLE introductions ADD COLUMN follow_up_stopped_at BIGINT;
ALTER TABLE introductions ADD COLUMN follow_up_stopped_by BIGINT REFERENCES staff (id);
