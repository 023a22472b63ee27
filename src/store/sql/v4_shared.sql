-- Migration 4: the shared desk. People get global ids (the same person on every desk that
-- shares one), and a desk that syncs keeps where it stands with the shared desk.
CREATE TABLE person_gid (
    person_id INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
    gid       TEXT NOT NULL UNIQUE
) STRICT;
-- A random UUID (version 4 layout) for each person already on the desk.
INSERT INTO person_gid (person_id, gid)
SELECT id, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
       || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
FROM person;

-- The shared desk this desk syncs with: one row, or none for a desk of its own.
CREATE TABLE shared (
    one       INTEGER PRIMARY KEY CHECK (one = 1),
    url       TEXT NOT NULL,
    -- The local git repository (bare) that holds the shared desk's history.
    clone     TEXT NOT NULL,
    -- Whose desk this is on the shared desk; NULL for the server's scheduler.
    person    TEXT,
    -- The shared desk's commit this desk last matched, and when.
    synced    TEXT,
    synced_at TEXT,
    -- How the last sync ended: synced, offline, refused or conflict; and what it said.
    outcome   TEXT NOT NULL DEFAULT 'synced' CHECK (outcome IN ('synced', 'offline', 'refused', 'conflict')),
    message   TEXT
) STRICT;

-- Per piece: the local revision that matched the shared desk's revision at the last sync.
-- Local revisions after `local_revision` are this desk's changes still to send.
CREATE TABLE shared_piece (
    piece_seq       INTEGER PRIMARY KEY REFERENCES piece(seq),
    local_revision  INTEGER NOT NULL,
    shared_revision INTEGER NOT NULL
) STRICT;

-- A piece changed both here and on the shared desk: the three versions as piece files, kept
-- until a person keeps one or writes a third.
CREATE TABLE shared_conflict (
    piece_seq       INTEGER PRIMARY KEY REFERENCES piece(seq),
    base            TEXT,
    mine            TEXT NOT NULL,
    theirs          TEXT NOT NULL,
    theirs_revision INTEGER NOT NULL,
    theirs_who      TEXT,
    at              TEXT NOT NULL
) STRICT;
