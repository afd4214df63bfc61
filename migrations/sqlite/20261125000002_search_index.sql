-- The register's type-ahead search walks the regulars from the most recent visitor down and
-- stops at the first few matches. With the search keys in the index itself, that walk never
-- reads the table (each row of which sits on a page of its own among 100,000), only the rows
-- it found. It replaces the recency index, which it begins with.
CREATE INDEX regulars_search
    ON regulars (shop_id, last_visit_at DESC, id DESC, search_folded, search_romaji);
DROP INDEX regulars_by_recent_visit;
