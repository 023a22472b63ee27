-- Migration 8: the drafts folder. For each folder a person keeps in step with the desk, the
-- file of each piece there: its name, the revision of the piece it holds, and a hash of the
-- bytes Galley last wrote or read (NULL once the file was deleted: the piece stays).
CREATE TABLE drafts_file (
    dir      TEXT NOT NULL,
    piece_id TEXT NOT NULL REFERENCES piece(id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    revision INTEGER NOT NULL,
    hash     TEXT,
    PRIMARY KEY (dir, piece_id)
) STRICT;
