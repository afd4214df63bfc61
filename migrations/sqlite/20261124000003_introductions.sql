-- Introductions: two regulars the shop brought together. A pair is stored with the smaller
-- id first, so the unique index keeps the once-only rule whichever way round staff chose them.
CREATE TABLE introductions (
    id            INTEGER PRIMARY KEY,
    shop_id       INTEGER NOT NULL REFERENCES shops (id),
    first_id      INTEGER NOT NULL REFERENCES regulars (id),
    second_id     INTEGER NOT NULL REFERENCES regulars (id),
    introduced_at INTEGER NOT NULL,
    introduced_by INTEGER REFERENCES staff (id),
    note          TEXT,
    CHECK (first_id < second_id)
) STRICT;
CREATE UNIQUE INDEX introductions_once ON introductions (shop_id, first_id, second_id);
CREATE INDEX introductions_by_second ON introductions (shop_id, second_id);
CREATE INDEX introductions_by_time ON introductions (shop_id, introduced_at DESC);

-- What an introduction led to: every follow-up is kept; the newest is the current outcome.
CREATE TABLE introduction_outcomes (
    id              INTEGER PRIMARY KEY,
    introduction_id INTEGER NOT NULL REFERENCES introductions (id),
    outcome         TEXT    NOT NULL
        CHECK (outcome IN ('worked_together', 'became_customer', 'became_friends', 'nothing_yet')),
    note            TEXT,
    recorded_at     INTEGER NOT NULL,
    recorded_by     INTEGER REFERENCES staff (id)
) STRICT;
CREATE INDEX introduction_outcomes_by_introduction
    ON introduction_outcomes (introduction_id, recorded_at DESC, id DESC);
