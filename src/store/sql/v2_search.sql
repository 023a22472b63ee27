-- Migration 2: the full-text index, keyed by piece.seq, and filled from the pieces already there.
CREATE VIRTUAL TABLE piece_fts USING fts5 (
    headline, dek, body, facts, entries,
    tokenize = 'unicode61 remove_diacritics 2'
);
