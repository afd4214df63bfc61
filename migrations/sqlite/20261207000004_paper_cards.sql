-- Stamps a regular brought on a paper card from before the shop used Joren, carried over onto
-- their card once (when they were added, or later by the owner): the key is the regular. They
-- are stamps, never visits; the card's running totals on `regulars` include them.
CREATE TABLE paper_cards (
    regular_id INTEGER PRIMARY KEY REFERENCES regulars (id),
    shop_id    INTEGER NOT NULL REFERENCES shops (id),
    stamps     INTEGER NOT NULL CHECK (stamps BETWEEN 1 AND 49),
    carried_at INTEGER NOT NULL,
    carried_by INTEGER REFERENCES staff (id)
) STRICT;
CREATE INDEX paper_cards_by_shop ON paper_cards (shop_id, regular_id);
