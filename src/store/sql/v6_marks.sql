-- Migration 6: the copy desk's marks on a piece (queries with their threads, suggested
-- changes) as JSON, one row per piece that has any. Every revision's snapshot keeps them too.
CREATE TABLE piece_marks (
    piece_seq INTEGER PRIMARY KEY REFERENCES piece(seq) ON DELETE CASCADE,
    marks     TEXT NOT NULL
) STRICT;
