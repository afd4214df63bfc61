-- "In the shop now" counts the visits of the last hours that nobody marked as left or undid,
-- and lists the newest of them (`Store::newest_in_the_shop`). With the id in the key and both
-- marks carried in the index, the list comes in its order and stops at its limit, and the
-- count need not look up every visit of the window in the table.
DROP INDEX visits_by_time;
CREATE INDEX visits_by_time ON visits (shop_id, checked_in_at DESC, id DESC) INCLUDE (left_at, undone_at);
