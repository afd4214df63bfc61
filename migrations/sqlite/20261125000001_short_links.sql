-- Short links: the random code a QR code carries when the shop has a public address.
-- `target` is one of the regular's link addresses, or '' for their public creator card.
-- A code made for an introduction's page carries that introduction, so its scans count
-- toward it. One code per (regular, target, introduction).
CREATE TABLE short_links (
    code            TEXT    PRIMARY KEY NOT NULL,
    shop_id         INTEGER NOT NULL REFERENCES shops (id),
    regular_id      INTEGER NOT NULL REFERENCES regulars (id),
    target          TEXT    NOT NULL,
    introduction_id INTEGER REFERENCES introductions (id),
    created_at      INTEGER NOT NULL,
    CHECK (length(code) = 8)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX short_links_once
    ON short_links (shop_id, regular_id, target, COALESCE(introduction_id, 0));
CREATE INDEX short_links_by_introduction ON short_links (introduction_id)
    WHERE introduction_id IS NOT NULL;

-- One row per scan that led somewhere: when, and nothing about who (no address, cookie or
-- browser string is ever stored).
CREATE TABLE link_scans (
    id         INTEGER PRIMARY KEY,
    shop_id    INTEGER NOT NULL REFERENCES shops (id),
    code       TEXT    NOT NULL REFERENCES short_links (code),
    scanned_at INTEGER NOT NULL
) STRICT;
CREATE INDEX link_scans_by_code ON link_scans (code, scanned_at);
