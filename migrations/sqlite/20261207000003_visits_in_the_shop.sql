-- "In the shop now" counts the visits of the last hours that nobody marked as left or undid,
-- and lists the newest of them (`Store::newest_in_the_shop`). With the id and both marks in
-- the index, the count reads the index alone, and the list comes in its order and stops at
-- its limit, instead of looking up every visit of the window in the table and sorting them.
DROP INDEX visits_by_time;
CREATE INDEX visits_by_time ON visits (shop_id, checked_in_at DESC, id DESC, left_at, undone_at);
