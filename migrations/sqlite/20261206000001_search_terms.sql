-- The type-ahead search's index (see SearchKeys::terms in src/reading.rs): for every part of
-- a regular's search keys (the nickname's and the reading's, folded and in romaji) and every
-- position in it, the rest of the part cut to 8 characters, once per regular, at_start = 1
-- when it begins a part. A query is then a range of terms, prefix matches apart from the
-- rest, instead of a walk over every regular that finds nobody when nobody matches.
-- Written with the regular's keys, in the same transaction; an erased regular has none.
CREATE TABLE search_terms (
    shop_id    INTEGER NOT NULL REFERENCES shops (id),
    at_start   INTEGER NOT NULL CHECK (at_start IN (0, 1)),
    term       TEXT    NOT NULL,
    regular_id INTEGER NOT NULL REFERENCES regulars (id) ON DELETE CASCADE,
    PRIMARY KEY (shop_id, at_start, term, regular_id)
) STRICT, WITHOUT ROWID;
-- The regulars saved before: their terms from the keys they have, as the program makes them.
INSERT INTO search_terms (shop_id, at_start, term, regular_id)
WITH RECURSIVE
    parts (shop_id, regular_id, part) AS (
        SELECT shop_id, id, substr(search_folded, 1, instr(search_folded, '|') - 1)
          FROM regulars
        UNION ALL
        SELECT shop_id, id, substr(search_folded, instr(search_folded, '|') + 1) FROM regulars
        UNION ALL
        SELECT shop_id, id, substr(search_romaji, 1, instr(search_romaji, '|') - 1)
          FROM regulars
        UNION ALL
        SELECT shop_id, id, substr(search_romaji, instr(search_romaji, '|') + 1) FROM regulars
    ),
    positions (shop_id, regular_id, part, position) AS (
        SELECT shop_id, regular_id, part, 1 FROM parts WHERE part <> ''
        UNION ALL
        SELECT shop_id, regular_id, part, position + 1
          FROM positions WHERE position < length(part)
    )
SELECT shop_id, max(position = 1), substr(part, position, 8) AS term, regular_id
  FROM positions
 GROUP BY shop_id, regular_id, term
 ORDER BY 1, 2, 3, 4;

-- A regular's own terms, replaced when their name changes and deleted when they are erased
-- (made after the rows above: quicker than kept up row by row).
CREATE INDEX search_terms_by_regular ON search_terms (regular_id);
