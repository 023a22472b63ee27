//! Rows of the drafts folder: per folder, the file of each piece, the revision it holds and
//! the hash of the bytes Galley last wrote or read there.

use rusqlite::{params, Connection, Transaction};

use super::Result;

#[derive(Debug, Clone, PartialEq)]
pub struct DraftsFileRow {
    pub piece_id: String,
    pub name: String,
    pub revision: i64,
    /// `None` once the file was deleted.
    pub hash: Option<String>,
}

pub fn drafts_files(conn: &Connection, dir: &str) -> Result<Vec<DraftsFileRow>> {
    let mut st = conn.prepare_cached(
        "SELECT piece_id, name, revision, hash FROM drafts_file WHERE dir = ?1 ORDER BY name",
    )?;
    let rows = st
        .query_map([dir], |r| {
            Ok(DraftsFileRow {
                piece_id: r.get(0)?,
                name: r.get(1)?,
                revision: r.get(2)?,
                hash: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn set_drafts_file(tx: &Transaction, dir: &str, row: &DraftsFileRow) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO drafts_file (dir, piece_id, name, revision, hash) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (dir, piece_id) DO UPDATE SET name = ?3, revision = ?4, hash = ?5",
    )?
    .execute(params![dir, row.piece_id, row.name, row.revision, row.hash])?;
    Ok(())
}

pub fn forget_drafts_file(tx: &Transaction, dir: &str, piece_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM drafts_file WHERE dir = ?1 AND piece_id = ?2")?
        .execute(params![dir, piece_id])?;
    Ok(())
}

/// The pieces still being worked on (draft, copyedit, scheduled), oldest first.
pub fn open_piece_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT id FROM piece WHERE stage IN ('draft', 'copyedit', 'scheduled') ORDER BY seq",
    )?;
    let ids = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}
