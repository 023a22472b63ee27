-- Migration 5: year-end polls on list pieces, their ballots, merges and decisions.

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
