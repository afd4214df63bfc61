-- The owner's insights read visits as counts per quarter hour (Unix ms / 900,000, UTC), kept
-- with each check-in, undo and redeemed reward: a year of a busy shop is some 17,000 rows
-- here instead of millions of visits. Quarter hours, because every time zone in use is a
-- whole number of them from UTC, so the counts add up exactly into the shop's own days and
-- hours. Only visits that stand are counted (an undone one is taken off again).
CREATE TABLE visit_tallies (
    shop_id          INTEGER NOT NULL REFERENCES shops (id),
    quarter          INTEGER NOT NULL,
    visits           INTEGER NOT NULL DEFAULT 0 CHECK (visits >= 0),
    -- Visits that were the regular's first.
    first_visits     INTEGER NOT NULL DEFAULT 0 CHECK (first_visits >= 0),
    stamps           INTEGER NOT NULL DEFAULT 0 CHECK (stamps >= 0),
    rewards_redeemed INTEGER NOT NULL DEFAULT 0 CHECK (rewards_redeemed >= 0),
    PRIMARY KEY (shop_id, quarter)
) STRICT, WITHOUT ROWID;

-- The counts of the shop so far.
INSERT INTO visit_tallies (shop_id, quarter, visits, first_visits, stamps, rewards_redeemed)
SELECT shop_id, quarter, sum(visits), sum(first_visits), sum(stamps), sum(redeemed)
FROM (
    SELECT shop_id, checked_in_at / 900000 AS quarter, 1 AS visits, 0 AS first_visits,
           stamped AS stamps, 0 AS redeemed
      FROM visits WHERE undone_at IS NULL
    UNION ALL
    SELECT r.shop_id, f.at / 900000, 0, 1, 0, 0
      FROM (SELECT regular_id, min(checked_in_at) AS at FROM visits
             WHERE undone_at IS NULL GROUP BY regular_id) AS f
      JOIN regulars r ON r.id = f.regular_id
    UNION ALL
    SELECT shop_id, at / 900000, 0, 0, 0, 1
      FROM reward_ledger WHERE kind = 'redeemed'
)
GROUP BY shop_id, quarter;

-- Scans by time, for the insights' link scans.
CREATE INDEX link_scans_by_time ON link_scans (shop_id, scanned_at);
