-- One installation may serve several shops, each reached at host names of its own
-- (yururi.example). A request for a host that no shop has goes to the main shop, or to the
-- shop the tablet chose by its path (/s/<slug>).
CREATE TABLE shop_hosts (
    host     TEXT    PRIMARY KEY NOT NULL,
    shop_id  INTEGER NOT NULL REFERENCES shops (id),
    added_at INTEGER NOT NULL
) STRICT;
CREATE INDEX shop_hosts_by_shop ON shop_hosts (shop_id);
