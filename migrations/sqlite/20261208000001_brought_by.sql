-- Who brought a newcomer to the shop ("came with …", recorded with "+ new regular"): one regular
-- of the same shop. The key is the newcomer: one bringer each. `thanked_at` is when the bringer
-- got the owner's thank-you stamp for them (once per newcomer: this row's). Erasing either
-- keeps the row between two numbered placeholders, for the shop's counts.
CREATE TABLE brought_by (
    regular_id  INTEGER PRIMARY KEY REFERENCES regulars (id),
    shop_id     INTEGER NOT NULL REFERENCES shops (id),
    bringer_id  INTEGER NOT NULL REFERENCES regulars (id),
    recorded_at INTEGER NOT NULL,
    recorded_by INTEGER REFERENCES staff (id),
    thanked_at  INTEGER,
    CHECK (bringer_id <> regular_id)
) STRICT;
CREATE INDEX brought_by_bringer ON brought_by (bringer_id, recorded_at);
CREATE INDEX brought_by_shop ON brought_by (shop_id, recorded_at);

-- The owner's choice: a thank-you stamp for a regular who brings a newcomer (0 or 1).
ALTER TABLE shops ADD COLUMN thank_you_stamp INTEGER NOT NULL DEFAULT 0 CHECK (thank_you_stamp IN (0, 1));
