-- Indexes that answer the register's two busiest reads without touching the tables, whose
-- rows lie scattered over a file of a gigabyte in a shop of 100,000 regulars.
--
-- The type-ahead search walks the regulars from the most recent visitor down and stops at
-- the first few matches; with the search keys in the index, the walk reads only the rows it
-- found. It replaces the recency index, which it begins with.
CREATE INDEX regulars_search
    ON regulars (shop_id, last_visit_at DESC, id DESC, search_folded, search_romaji);
DROP INDEX regulars_by_recent_visit;

-- Suggestions read the recent visits of everyone in the shop (to tell who was here together);
-- with `undone_at` in the index, that is one index range per person.
CREATE INDEX visits_by_regular_recent ON visits (regular_id, checked_in_at DESC, undone_at);
DROP INDEX visits_by_regular;
