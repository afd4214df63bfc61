-- The tablets' sessions (see src/storage/sessions.rs), kept by Joren itself in the shop's
-- database and read through the same pool as everything else. The id is the cookie's random
-- value, the data what the server keeps in the session (JSON), expires_at milliseconds since
-- the Unix epoch. A session that expired is never read, and is removed within the hour.
CREATE TABLE sessions (
    id         TEXT    NOT NULL PRIMARY KEY,
    data       TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
-- The table the former session store made for itself at start (its records cannot be read
-- here): the tablets unlock once more after the upgrade.
DROP TABLE IF EXISTS tower_sessions;
