-- Who works the register. A shop's first member of staff is its owner.
CREATE TABLE staff (
    id           INTEGER PRIMARY KEY,
    shop_id      INTEGER NOT NULL REFERENCES shops (id),
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'staff')),
    pin_hash     TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    disabled_at  INTEGER,
    -- Wrong PINs in a row, and until when (Unix ms) this member must wait before trying again.
    failed_pins  INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    UNIQUE (shop_id, name)
) STRICT;
