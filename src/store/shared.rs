//! Rows of the shared desk: which shared desk this desk syncs with and how the last sync ended,
//! the revision each piece last matched, the changes still to send, the conflicts kept, and the
//! write of a revision that arrived from the shared desk.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{parse_time, time_text, Result, StoreError};
use crate::domain::{Move, PersonId, Piece, Stage};

/// The shared desk this desk syncs with.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    pub url: String,
    /// The local bare git repository holding the shared desk's history.
    pub clone: String,
    /// Whose desk this is; `None` for the server's scheduler.
    pub person: Option<String>,
    pub synced: Option<String>,
    pub synced_at: Option<DateTime<Utc>>,
    /// `synced`, `offline`, `refused` or `conflict`.
    pub outcome: String,
    pub message: Option<String>,
}

pub fn shared(conn: &Connection) -> Result<Option<Shared>> {
    let row = conn
        .prepare_cached(
            "SELECT url, clone, person, synced, synced_at, outcome, message FROM shared WHERE one = 1",
        )?
        .query_row([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .optional()?;
    row.map(|(url, clone, person, synced, at, outcome, message)| {
        Ok(Shared {
            url,
            clone,
            person,
            synced,
            synced_at: at.map(|t| parse_time(&t)).transpose()?,
            outcome,
            message,
        })
    })
    .transpose()
}

pub fn set_shared(tx: &Transaction, s: &Shared) -> Result<()> {
    tx.execute(
        "INSERT INTO shared (one, url, clone, person, synced, synced_at, outcome, message)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (one) DO UPDATE SET url = excluded.url, clone = excluded.clone,
           person = excluded.person, synced = excluded.synced, synced_at = excluded.synced_at,
           outcome = excluded.outcome, message = excluded.message",
        params![
            s.url,
            s.clone,
            s.person,
            s.synced,
            s.synced_at.map(time_text),
            s.outcome,
            s.message
        ],
    )?;
    Ok(())
}

/// Records how a sync ended; `synced` (the commit now matched) only when it moved.
pub fn set_sync_outcome(
    tx: &Transaction,
    synced: Option<&str>,
    outcome: &str,
    message: Option<&str>,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE shared SET synced = coalesce(?1, synced),
                           synced_at = CASE WHEN ?2 = 'offline' THEN synced_at ELSE ?4 END,
                           outcome = ?2, message = ?3
         WHERE one = 1",
        params![synced, outcome, message, time_text(at)],
    )?;
    Ok(())
}

/// The local revision and the shared revision a piece last matched at.
pub fn shared_piece(conn: &Connection, id: &str) -> Result<Option<(i64, i64)>> {
    Ok(conn
        .prepare_cached(
            "SELECT local_revision, shared_revision FROM shared_piece
             JOIN piece ON piece.seq = shared_piece.piece_seq WHERE piece.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn set_shared_piece(tx: &Transaction, id: &str, local: i64, shared: i64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO shared_piece (piece_seq, local_revision, shared_revision)
         SELECT seq, ?2, ?3 FROM piece WHERE id = ?1
         ON CONFLICT (piece_seq) DO UPDATE SET local_revision = excluded.local_revision,
                                               shared_revision = excluded.shared_revision",
    )?
    .execute(params![id, local, shared])?;
    Ok(())
}

/// The local revisions not yet on the shared desk, oldest first: (piece id, revision number).
/// A piece in conflict sends nothing until the conflict is resolved.
pub fn unsent(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut st = conn.prepare(
        "SELECT piece.id, r.number FROM revision r
         JOIN piece ON piece.seq = r.piece_seq
         LEFT JOIN shared_piece sp ON sp.piece_seq = r.piece_seq
         WHERE r.number > coalesce(sp.local_revision, 0)
           AND r.piece_seq NOT IN (SELECT piece_seq FROM shared_conflict)
         ORDER BY r.at, r.piece_seq, r.number",
    )?;
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The pieces with changes still to send, by when they changed: (id, headline).
pub fn unsent_list(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare(
        "SELECT piece.id, piece.headline FROM piece
         LEFT JOIN shared_piece sp ON sp.piece_seq = piece.seq
         WHERE piece.revision > coalesce(sp.local_revision, 0)
           AND piece.seq NOT IN (SELECT piece_seq FROM shared_conflict)
         ORDER BY piece.updated_at, piece.seq",
    )?;
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One revision as the shared desk's history records it: the piece as saved, why, the note,
/// who, and the move it made (if it was a move).
#[derive(Debug, Clone)]
pub struct RevisionDetail {
    pub piece: Piece,
    pub why: String,
    pub note: Option<String>,
    pub who: Option<String>,
    pub mv: Option<Move>,
}

pub fn revision_detail(conn: &Connection, id: &str, number: i64) -> Result<Option<RevisionDetail>> {
    let row: Option<(String, String, Option<String>, Option<String>)> = conn
        .prepare_cached(
            "SELECT r.snapshot, r.why, r.note, person.name FROM revision r
             JOIN piece ON piece.seq = r.piece_seq LEFT JOIN person ON person.id = r.who
             WHERE piece.id = ?1 AND r.number = ?2",
        )?
        .query_row(params![id, number], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((snapshot, why, note, who)) = row else {
        return Ok(None);
    };
    let piece: Piece = serde_json::from_str(&snapshot)
        .map_err(|e| StoreError::Corrupt(format!("revision {number} of {id}: {e}")))?;
    let mv: Option<String> = conn
        .prepare_cached(
            "SELECT t.move FROM transition t JOIN piece ON piece.seq = t.piece_seq
             WHERE piece.id = ?1 AND t.revision = ?2 ORDER BY t.id DESC LIMIT 1",
        )?
        .query_row(params![id, number], |r| r.get(0))
        .optional()?;
    Ok(Some(RevisionDetail {
        piece,
        why,
        note,
        who,
        mv: mv.and_then(|m| Move::parse(&m)),
    }))
}

/// Writes a revision that arrived from the shared desk: the piece as the shared desk has it,
/// numbered `piece.revision` locally (it may jump ahead of `base`), with its revision row, its
/// transition row when the stage changed, and its search entry. A new piece is inserted.
#[allow(clippy::too_many_arguments)]
pub fn receive_revision(
    tx: &Transaction,
    piece: &Piece,
    before: Option<&Piece>,
    bylines: &[PersonId],
    who: Option<PersonId>,
    mv: Option<Move>,
    note: Option<&str>,
    at: DateTime<Utc>,
) -> Result<()> {
    let why = if mv.is_some() {
        super::Why::Transition
    } else {
        super::Why::Edit
    };
    match before {
        None => {
            super::insert_piece(tx, piece, bylines, who, super::Why::Import, note)?;
            let first = if piece.stage == Stage::Published {
                Move::Archive
            } else {
                Move::Create
            };
            super::insert_transition(
                tx,
                &piece.id,
                None,
                piece.stage,
                mv.unwrap_or(first),
                who,
                at,
                note,
                piece.revision,
            )?;
        }
        Some(b) => {
            super::pieces::overwrite_piece(tx, piece, b.revision, bylines, who, why, note)?;
            if b.stage != piece.stage || mv == Some(Move::Correct) {
                if let Some(m) = mv.or_else(|| Move::between(b.stage, piece.stage)) {
                    super::insert_transition(
                        tx,
                        &piece.id,
                        Some(b.stage),
                        piece.stage,
                        m,
                        who,
                        at,
                        note,
                        piece.revision,
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// A conflict kept for a person to resolve: the piece files of the base, mine and theirs.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub id: String,
    pub headline: String,
    pub base: Option<String>,
    pub mine: String,
    pub theirs: String,
    pub theirs_revision: i64,
    pub theirs_who: Option<String>,
    pub at: DateTime<Utc>,
}

/// Keeps a conflict (replacing an earlier one on the same piece: theirs moved on again).
pub fn set_conflict(tx: &Transaction, c: &Conflict) -> Result<()> {
    tx.execute(
        "INSERT INTO shared_conflict (piece_seq, base, mine, theirs, theirs_revision, theirs_who, at)
         SELECT seq, ?2, ?3, ?4, ?5, ?6, ?7 FROM piece WHERE id = ?1
         ON CONFLICT (piece_seq) DO UPDATE SET theirs = excluded.theirs,
           theirs_revision = excluded.theirs_revision, theirs_who = excluded.theirs_who, at = excluded.at",
        params![
            c.id,
            c.base,
            c.mine,
            c.theirs,
            c.theirs_revision,
            c.theirs_who,
            time_text(c.at)
        ],
    )?;
    Ok(())
}

pub fn conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    read_conflicts(conn, None)
}

pub fn conflict(conn: &Connection, id: &str) -> Result<Option<Conflict>> {
    Ok(read_conflicts(conn, Some(id))?.into_iter().next())
}

fn read_conflicts(conn: &Connection, id: Option<&str>) -> Result<Vec<Conflict>> {
    let mut st = conn.prepare(
        "SELECT piece.id, piece.headline, c.base, c.mine, c.theirs, c.theirs_revision, c.theirs_who, c.at
         FROM shared_conflict c JOIN piece ON piece.seq = c.piece_seq
         WHERE ?1 IS NULL OR piece.id = ?1 ORDER BY c.at, piece.id",
    )?;
    let rows = st
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get::<_, String>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(id, headline, base, mine, theirs, theirs_revision, theirs_who, at)| {
                Ok(Conflict {
                    id,
                    headline,
                    base,
                    mine,
                    theirs,
                    theirs_revision,
                    theirs_who,
                    at: parse_time(&at)?,
                })
            },
        )
        .collect()
}

pub fn clear_conflict(tx: &Transaction, id: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM shared_conflict WHERE piece_seq = (SELECT seq FROM piece WHERE id = ?1)",
        [id],
    )?;
    Ok(())
}
