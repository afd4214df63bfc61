-- The owner's kiosk setting: minutes without a touch before the kiosk locks itself.
ALTER TABLE shops ADD COLUMN idle_lock_minutes INTEGER NOT NULL DEFAULT 2
    CHECK (idle_lock_minutes BETWEEN 1 AND 30);

-- Wrong PINs per client address, whoever they were for: someone trying a few PINs on each
-- member of staff in turn waits here. Kept in the database so that several app servers in
-- front of one database count together.
CREATE TABLE unlock_attempts (
    shop_id         INTEGER NOT NULL REFERENCES shops (id),
    client          TEXT    NOT NULL,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    locked_until    INTEGER,
    PRIMARY KEY (shop_id, client)
) STRICT;

-- Who did what to whose data, when. Written in the same transaction as the change; never
-- updated. `regular_id` has no foreign key: an erased regular leaves the entry, not the name.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    shop_id    INTEGER NOT NULL REFERENCES shops (id),
    at         INTEGER NOT NULL,
    staff_id   INTEGER REFERENCES staff (id),
    action     TEXT    NOT NULL,
    regular_id INTEGER,
    detail     TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_by_shop_and_time ON audit_log (shop_id, at DESC, id DESC);
CREATE INDEX audit_log_by_regular ON audit_log (shop_id, regular_id) WHERE regular_id IS NOT NULL;
