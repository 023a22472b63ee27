-- The schema a new desk is created with: every migration's result, written out in one place.
-- The migration test checks that upgrading an old desk through every migration gives exactly this.
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE person (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
) STRICT;

-- The person's global id: the same on every desk that shares one.
CREATE TABLE person_gid (
    person_id INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
    gid       TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE person_role (
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('writer', 'copy_editor', 'editor', 'section_editor', 'admin')),
    PRIMARY KEY (person_id, role)
) STRICT, WITHOUT ROWID;

CREATE TABLE person_section (
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    section   TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (person_id, section)
) STRICT, WITHOUT ROWID;

-- `seq` is the row's stable number (the search index keys on it); `id` is the piece's public id.
CREATE TABLE piece (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL CHECK (kind IN ('review', 'list', 'feature')),
    section       TEXT NOT NULL,
    headline      TEXT NOT NULL,
    slug          TEXT NOT NULL,
    stage         TEXT NOT NULL CHECK (stage IN ('draft', 'copyedit', 'scheduled', 'published', 'spiked')),
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    word_count    INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    scheduled_at  TEXT,
    schedule_zone TEXT,
    published_at  TEXT,
    content       TEXT NOT NULL,
    CHECK (stage <> 'published' OR published_at IS NOT NULL),
    CHECK (stage <> 'scheduled' OR (scheduled_at IS NOT NULL AND schedule_zone IS NOT NULL))
) STRICT;

CREATE INDEX piece_by_stage ON piece (stage, updated_at);
CREATE INDEX piece_due ON piece (scheduled_at) WHERE stage = 'scheduled';
-- Two published pieces never share a URL.
CREATE UNIQUE INDEX piece_published_slug ON piece (slug) WHERE stage = 'published';
-- Who holds a slug among the pieces going out (`store::slug_holder`).
CREATE INDEX piece_going_out_slug ON piece (slug) WHERE stage IN ('scheduled', 'published');

CREATE TABLE byline (
    piece_seq INTEGER NOT NULL REFERENCES piece(seq) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (piece_seq, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX byline_by_person ON byline (person_id);

-- A full snapshot of the piece after every save, kept forever.
CREATE TABLE revision (
    piece_seq INTEGER NOT NULL REFERENCES piece(seq),
    number    INTEGER NOT NULL,
    stage     TEXT NOT NULL,
    why       TEXT NOT NULL CHECK (why IN ('edit', 'transition', 'import', 'restore')),
    note      TEXT,
    who       INTEGER REFERENCES person(id),
    at        TEXT NOT NULL,
    snapshot  TEXT NOT NULL,
    UNIQUE (piece_seq, number)
) STRICT;

-- Append-only: written in the same transaction as the stage change. `who` is NULL for the scheduler.
CREATE TABLE transition (
    id         INTEGER PRIMARY KEY,
    piece_seq  INTEGER NOT NULL REFERENCES piece(seq),
    from_stage TEXT,
    to_stage   TEXT NOT NULL,
    move       TEXT NOT NULL,
    who        INTEGER REFERENCES person(id),
    at         TEXT NOT NULL,
    note       TEXT,
    revision   INTEGER NOT NULL
) STRICT;
CREATE INDEX transition_by_piece ON transition (piece_seq, id);

CREATE TRIGGER revision_no_update BEFORE UPDATE ON revision
BEGIN SELECT RAISE(ABORT, 'revisions are kept as written'); END;
CREATE TRIGGER revision_no_delete BEFORE DELETE ON revision
BEGIN SELECT RAISE(ABORT, 'revisions are kept forever'); END;
CREATE TRIGGER transition_no_update BEFORE UPDATE ON transition
BEGIN SELECT RAISE(ABORT, 'the transition log is append-only'); END;
CREATE TRIGGER transition_no_delete BEFORE DELETE ON transition
BEGIN SELECT RAISE(ABORT, 'the transition log is append-only'); END;
CREATE VIRTUAL TABLE piece_fts USING fts5 (
    headline, dek, body, facts, entries,
    tokenize = 'unicode61 remove_diacritics 2'
);

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

-- A year-end poll: one per list piece. What is voted on, how it counts (the rules as JSON:
-- scheme, ballot size, unranked weight, tie-breaks, the years eligible), the closing time, and
-- whether it is open.
CREATE TABLE poll (
    id            TEXT PRIMARY KEY,
    list_seq      INTEGER NOT NULL UNIQUE REFERENCES piece(seq),
    subject       TEXT NOT NULL,
    rules         TEXT NOT NULL,
    closes_at     TEXT,
    open          INTEGER NOT NULL CHECK (open IN (0, 1)),
    created_at    TEXT NOT NULL
) STRICT;

-- Opened, closed, reopened: who and when, never rewritten.
CREATE TABLE poll_event (
    poll_id TEXT NOT NULL REFERENCES poll(id),
    at      TEXT NOT NULL,
    who     INTEGER NOT NULL REFERENCES person(id),
    what    TEXT NOT NULL CHECK (what IN ('open', 'close', 'reopen'))
) STRICT;
CREATE TRIGGER poll_event_append_only BEFORE UPDATE ON poll_event
BEGIN SELECT RAISE(ABORT, 'a poll''s events are never rewritten'); END;

-- One ballot per voter and poll: its picks as JSON (creator, title, rank, points, year), who
-- entered it (the voter, or a section editor on their behalf), and when.
CREATE TABLE ballot (
    poll_id    TEXT NOT NULL REFERENCES poll(id),
    voter      INTEGER NOT NULL REFERENCES person(id),
    entered_by INTEGER NOT NULL REFERENCES person(id),
    picks      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (poll_id, voter)
) STRICT;

-- An editor's merge of two candidates (by key) into one; undone by setting `undone_at`.
CREATE TABLE poll_merge (
    poll_id   TEXT NOT NULL REFERENCES poll(id),
    from_key  TEXT NOT NULL,
    into_key  TEXT NOT NULL,
    who       INTEGER NOT NULL REFERENCES person(id),
    at        TEXT NOT NULL,
    undone_at TEXT
) STRICT;
CREATE INDEX poll_merge_by_poll ON poll_merge (poll_id, from_key);

-- An editor's decision between candidates the tie-break chain leaves level.
CREATE TABLE poll_decision (
    poll_id TEXT NOT NULL REFERENCES poll(id),
    above   TEXT NOT NULL,
    below   TEXT NOT NULL,
    who     INTEGER NOT NULL REFERENCES person(id),
    why     TEXT NOT NULL,
    at      TEXT NOT NULL
) STRICT;

-- Two candidates an editor looked at and kept apart: not offered as likely duplicates again.
CREATE TABLE poll_apart (
    poll_id TEXT NOT NULL REFERENCES poll(id),
    a_key   TEXT NOT NULL,
    b_key   TEXT NOT NULL,
    who     INTEGER NOT NULL REFERENCES person(id),
    at      TEXT NOT NULL,
    PRIMARY KEY (poll_id, a_key, b_key)
) STRICT;
-- Migration 6: the copy desk's marks on a piece (queries with their threads, suggested
-- changes) as JSON, one row per piece that has any. Every revision's snapshot keeps them too.
CREATE TABLE piece_marks (
    piece_seq INTEGER PRIMARY KEY REFERENCES piece(seq) ON DELETE CASCADE,
    marks     TEXT NOT NULL
) STRICT;

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
