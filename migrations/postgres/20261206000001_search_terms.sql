-- The type-ahead search's index (see SearchKeys::terms in src/reading.rs): for every part of
-- a regular's search keys (the nickname's and the reading's, folded and in romaji) and every
-- position in it, the rest of the part cut to 8 characters, once per regular, at_start = 1
-- when it begins a part. A query is then a range of terms, prefix matches apart from the
-- rest, instead of a walk over every regular that finds nobody when nobody matches.
-- Written with the regular's keys, in the same transaction; an erased regular has none.
-- Equal to migrations/sqlite/ of the same name; the terms compare byte by byte (COLLATE
-- "C"), as SQLite's do, so that a range of them is a range of the index.

-- Filling the table takes longer than a statement may (a big shop has millions of terms).
SET LOCAL statement_timeout = 0;

CREATE TABLE search_terms (
    shop_id    BIGINT   NOT NULL,
    at_start   SMALLINT NOT NULL CHECK (at_start IN (0, 1)),
    term       TEXT     COLLATE "C" NOT NULL,
    regular_id BIGINT   NOT NULL
);

-- The regulars saved before: their terms from the keys they have, as the program makes them.
INSERT INTO search_terms (shop_id, at_start, term, regular_id)
WITH parts (shop_id, regular_id, part) AS (
    SELECT shop_id, id, split_part(search_folded, '|', 1) FROM regulars
    UNION ALL
    SELECT shop_id, id, split_part(search_folded, '|', 2) FROM regulars
    UNION ALL
    SELECT shop_id, id, split_part(search_romaji, '|', 1) FROM regulars
    UNION ALL
    SELECT shop_id, id, split_part(search_romaji, '|', 2) FROM regulars
)
SELECT shop_id, max(CASE WHEN position = 1 THEN 1 ELSE 0 END), substr(part, position, 8) AS term,
       regular_id
  FROM parts CROSS JOIN LATERAL generate_series(1, char_length(part)) AS position
 GROUP BY shop_id, regular_id, term;

-- The key and the references once the rows are in: checked in one pass each, not row by row.
ALTER TABLE search_terms
    ADD PRIMARY KEY (shop_id, at_start, term, regular_id),
    ADD FOREIGN KEY (shop_id) REFERENCES shops (id),
    ADD FOREIGN KEY (regular_id) REFERENCES regulars (id) ON DELETE CASCADE;
-- A regular's own terms, replaced when their name changes and deleted when they are erased.
CREATE INDEX search_terms_by_regular ON search_terms (regular_id);
-- The planner's counts of the new rows, so that it reads ranges of terms by the key from the
-- first search on, before autovacuum gets to them.
ANALYZE search_terms;

-- The walk the search keeps for the queries that many match goes from the most recent
-- visitor down, those who never came last (ORDER BY last_visit_at DESC NULLS LAST). The
-- index must list them in that order, or PostgreSQL, whose DESC puts NULLs first, reads
-- every regular and sorts them for each query (SQLite's DESC index has them last already).
DROP INDEX regulars_search;
CREATE INDEX regulars_search
    ON regulars (shop_id, last_visit_at DESC NULLS LAST, id DESC, search_folded, search_romaji);
