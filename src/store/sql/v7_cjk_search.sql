-- Migration 7: the search index writes each Chinese and Japanese character as a word of its
-- own (scripts written without spaces between words), so a search for 東京 finds 東京タワー.
-- No schema change: the index is rebuilt with the new text after this.
SELECT 1;
