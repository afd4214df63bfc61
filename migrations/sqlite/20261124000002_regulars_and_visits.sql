-- The owner's stamp rules, kept on the shop.
ALTER TABLE shops ADD COLUMN stamps_per_card INTEGER NOT NULL DEFAULT 10
    CHECK (stamps_per_card BETWEEN 1 AND 50);
ALTER TABLE shops ADD COLUMN reward_text TEXT NOT NULL DEFAULT 'ドリンク1杯無料';
ALTER TABLE shops ADD COLUMN min_gap_minutes INTEGER NOT NULL DEFAULT 240
    CHECK (min_gap_minutes BETWEEN 0 AND 1440);
ALTER TABLE shops ADD COLUMN presence_minutes INTEGER NOT NULL DEFAULT 180
    CHECK (presence_minutes BETWEEN 15 AND 720);

-- A shop's regulars. Tags and links are JSON arrays of strings. The card's running totals
-- live here, next to the row that a check-in locks; the visits and the reward ledger keep
-- every step that led to them.
CREATE TABLE regulars (
    id                   INTEGER PRIMARY KEY,
    shop_id              INTEGER NOT NULL REFERENCES shops (id),
    nickname             TEXT    NOT NULL,
    reading              TEXT,
    tagline              TEXT,
    interests            TEXT    NOT NULL DEFAULT '[]',
    offers               TEXT    NOT NULL DEFAULT '[]',
    looking_for          TEXT    NOT NULL DEFAULT '[]',
    links                TEXT    NOT NULL DEFAULT '[]',
    notes                TEXT,
    -- When each consent was given (Unix ms); NULL when not given or withdrawn.
    may_be_introduced_at INTEGER,
    may_show_links_at    INTEGER,
    -- The register's search keys (see src/reading.rs), written with the profile.
    search_folded        TEXT    NOT NULL,
    search_romaji        TEXT    NOT NULL,
    stamps               INTEGER NOT NULL DEFAULT 0 CHECK (stamps >= 0),
    rewards_earned       INTEGER NOT NULL DEFAULT 0 CHECK (rewards_earned >= 0),
    rewards_redeemed     INTEGER NOT NULL DEFAULT 0
        CHECK (rewards_redeemed BETWEEN 0 AND rewards_earned),
    visits               INTEGER NOT NULL DEFAULT 0 CHECK (visits >= 0),
    last_stamp_at        INTEGER,
    last_visit_at        INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX regulars_by_recent_visit ON regulars (shop_id, last_visit_at DESC);

CREATE TABLE visits (
    id            INTEGER PRIMARY KEY,
    shop_id       INTEGER NOT NULL REFERENCES shops (id),
    regular_id    INTEGER NOT NULL REFERENCES regulars (id),
    checked_in_at INTEGER NOT NULL,
    checked_in_by INTEGER REFERENCES staff (id),
    stamped       INTEGER NOT NULL CHECK (stamped IN (0, 1)),
    earned_reward INTEGER NOT NULL DEFAULT 0 CHECK (earned_reward IN (0, 1)),
    left_at       INTEGER,
    undone_at     INTEGER,
    undone_by     INTEGER REFERENCES staff (id)
) STRICT;
CREATE INDEX visits_by_time ON visits (shop_id, checked_in_at DESC);
CREATE INDEX visits_by_regular ON visits (regular_id, checked_in_at DESC);

-- Every reward earned, handed over, or taken back with an undone check-in.
CREATE TABLE reward_ledger (
    id         INTEGER PRIMARY KEY,
    shop_id    INTEGER NOT NULL REFERENCES shops (id),
    regular_id INTEGER NOT NULL REFERENCES regulars (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('earned', 'redeemed', 'taken_back')),
    visit_id   INTEGER REFERENCES visits (id),
    at         INTEGER NOT NULL,
    staff_id   INTEGER REFERENCES staff (id),
    reward     TEXT    NOT NULL
) STRICT;
CREATE INDEX reward_ledger_by_regular ON reward_ledger (regular_id, at DESC);
