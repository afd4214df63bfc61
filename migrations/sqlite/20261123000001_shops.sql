-- Every row of Joren's data belongs to a shop: one installation may serve several.
-- Timestamps are Unix milliseconds (INTEGER) in every engine.
CREATE TABLE shops (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    time_zone   TEXT    NOT NULL DEFAULT 'Asia/Tokyo',
    created_at  INTEGER NOT NULL
) STRICT;
