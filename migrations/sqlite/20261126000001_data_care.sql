-- Who recorded each consent, beside when (PRODUCT.md, privacy rules). NULL for consents
-- recorded before this column existed.
ALTER TABLE regulars ADD COLUMN may_be_introduced_by INTEGER REFERENCES staff (id);
ALTER TABLE regulars ADD COLUMN may_show_links_by INTEGER REFERENCES staff (id);

-- An erased regular keeps a row without any personal data (nickname '', every other field
-- empty), so that their visits and introductions stay as anonymous counts.
ALTER TABLE regulars ADD COLUMN erased_at INTEGER;

-- The daily backup: one schedule for the whole database file, set by the owner.
CREATE TABLE backup_schedule (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    enabled        INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    -- The hour of the day (in the shop's time zone) after which the day's backup is made.
    hour           INTEGER NOT NULL DEFAULT 4 CHECK (hour BETWEEN 0 AND 23),
    -- How many daily backups are kept; older ones are removed.
    keep           INTEGER NOT NULL DEFAULT 14 CHECK (keep BETWEEN 1 AND 365),
    last_at        INTEGER,
    last_file      TEXT,
    last_error     TEXT
) STRICT;
INSERT INTO backup_schedule (id) VALUES (1);
