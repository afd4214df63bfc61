-- The shop's privacy notice in the owner's own words, one text per language. NULL shows the
-- default text, written with the shop's name (src/privacy.rs), so a shop that never wrote
-- its own follows the name it has now.
ALTER TABLE shops ADD COLUMN privacy_notice_ja TEXT;
ALTER TABLE shops ADD COLUMN privacy_notice_en TEXT;
