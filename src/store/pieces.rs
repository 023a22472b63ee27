//! Rows of pieces, their bylines, revisions and transitions: loading, inserting and saving (a
//! stale base revision writes nothing), and the reads the workflow's facts need.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;

use super::{parse_time, time_text, Result, StoreError};
use crate::domain::{Content, Marks, Move, PersonId, Piece, Stage};

/// Why a revision was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Why {
    Edit,
    Transition,
    Import,
    Restore,
}

impl Why {
    pub fn as_str(self) -> &'static str {
        match self {
            Why::Edit => "edit",
            Why::Transition => "transition",
            Why::Import => "import",
            Why::Restore => "restore",
        }
    }
}

const PIECE_COLUMNS: &str =
    "id, stage, revision, created_at, updated_at, scheduled_at, schedule_zone, published_at, content,
     (SELECT marks FROM piece_marks WHERE piece_seq = piece.seq) AS marks";

fn piece_from_row(r: &Row) -> rusqlite::Result<PieceRow> {
    Ok((
        r.get("id")?,
        r.get("stage")?,
        r.get("revision")?,
        r.get("created_at")?,
        r.get("updated_at")?,
        r.get("scheduled_at")?,
        r.get("schedule_zone")?,
        r.get("published_at")?,
        r.get("content")?,
        r.get("marks")?,
    ))
}

type PieceRow = (
    String,
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
);

fn build(row: PieceRow) -> Result<Piece> {
    let (id, stage, revision, created, updated, scheduled, zone, published, content, marks) = row;
    let opt = |s: Option<String>| s.map(|s| parse_time(&s)).transpose();
    Ok(Piece {
        stage: Stage::parse(&stage)
            .ok_or_else(|| StoreError::Corrupt(format!("piece {id} has stage `{stage}`")))?,
        revision,
        created_at: parse_time(&created)?,
        updated_at: parse_time(&updated)?,
        scheduled_at: opt(scheduled)?,
        schedule_zone: zone,
        published_at: opt(published)?,
        content: serde_json::from_str::<Content>(&content)
            .map_err(|e| StoreError::Corrupt(format!("piece {id}: {e}")))?,
        marks: match marks {
            Some(m) => serde_json::from_str::<Marks>(&m)
                .map_err(|e| StoreError::Corrupt(format!("piece {id}'s marks: {e}")))?,
            None => Marks::default(),
        },
        id,
    })
}

/// The piece's marks row: written when it has marks, removed when it has none.
fn write_marks(tx: &Transaction, seq: i64, marks: &Marks) -> Result<()> {
    if marks.is_empty() {
        tx.prepare_cached("DELETE FROM piece_marks WHERE piece_seq = ?1")?
            .execute([seq])?;
    } else {
        let json = serde_json::to_string(marks).expect("marks serialize");
        tx.prepare_cached(
            "INSERT INTO piece_marks (piece_seq, marks) VALUES (?1, ?2)
             ON CONFLICT (piece_seq) DO UPDATE SET marks = excluded.marks",
        )?
        .execute(params![seq, json])?;
    }
    Ok(())
}

/// Every piece's id, in the order they were made.
pub fn all_piece_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare("SELECT id FROM piece ORDER BY seq")?;
    let ids = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// The ids of the desk's list pieces, oldest first.
pub fn list_piece_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached("SELECT id FROM piece WHERE kind = 'list' ORDER BY seq")?;
    let ids = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

pub fn load_piece(conn: &Connection, id: &str) -> Result<Option<Piece>> {
    let sql = format!("SELECT {PIECE_COLUMNS} FROM piece WHERE id = ?1");
    let row = conn
        .prepare_cached(&sql)?
        .query_row([id], piece_from_row)
        .optional()?;
    row.map(build).transpose()
}

/// Published pieces, newest first, handed to `each` one at a time (so a large site is never
/// all in memory); at most `limit` of them.
pub fn each_published<E: From<StoreError>>(
    conn: &Connection,
    limit: Option<usize>,
    mut each: impl FnMut(Piece) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let sql = format!(
        "SELECT {PIECE_COLUMNS} FROM piece WHERE stage = 'published' ORDER BY published_at DESC, seq DESC LIMIT ?1"
    );
    let sql_err = |e: rusqlite::Error| E::from(StoreError::Sql(e));
    let mut st = conn.prepare(&sql).map_err(sql_err)?;
    let mut rows = st
        .query([limit.map_or(-1, |l| l as i64)])
        .map_err(sql_err)?;
    while let Some(row) = rows.next().map_err(sql_err)? {
        each(build(piece_from_row(row).map_err(sql_err)?)?)?;
    }
    Ok(())
}

fn seq_of(conn: &Connection, id: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT seq FROM piece WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

/// Writes a new piece with its first revision and its entry in the search index.
pub fn insert_piece(
    tx: &Transaction,
    piece: &Piece,
    bylines: &[PersonId],
    who: Option<PersonId>,
    why: Why,
    note: Option<&str>,
) -> Result<()> {
    let content = serde_json::to_string(&piece.content).expect("content serializes");
    tx.prepare_cached(
        "INSERT INTO piece (id, kind, section, headline, slug, stage, revision, word_count, created_at, updated_at,
                            scheduled_at, schedule_zone, published_at, content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        piece.id,
        piece.content.kind.as_str(),
        piece.content.section,
        piece.content.headline,
        piece.content.slug,
        piece.stage.as_str(),
        piece.revision,
        piece.content.word_count() as i64,
        time_text(piece.created_at),
        time_text(piece.updated_at),
        piece.scheduled_at.map(time_text),
        piece.schedule_zone,
        piece.published_at.map(time_text),
        content,
    ])?;
    let seq = tx.last_insert_rowid();
    write_marks(tx, seq, &piece.marks)?;
    write_bylines(tx, seq, bylines)?;
    write_revision(tx, seq, piece, who, why, note)?;
    crate::search::index(tx, seq, &piece.content)?;
    Ok(())
}

/// Saves `piece` as the revision after `base`. Refused with [`StoreError::Stale`] when the
/// stored piece is no longer at `base`: nothing is written then.
pub fn save_piece(
    tx: &Transaction,
    piece: &Piece,
    base: i64,
    bylines: Option<&[PersonId]>,
    who: Option<PersonId>,
    why: Why,
    note: Option<&str>,
) -> Result<()> {
    debug_assert_eq!(piece.revision, base + 1, "a save makes the next revision");
    update_piece(tx, piece, base, bylines, who, why, note)
}

/// Writes `piece` over the stored one at `base`, as [`save_piece`] does, but its revision
/// number may jump ahead (a revision that arrived from the shared desk keeps its number).
pub(super) fn overwrite_piece(
    tx: &Transaction,
    piece: &Piece,
    base: i64,
    bylines: &[PersonId],
    who: Option<PersonId>,
    why: Why,
    note: Option<&str>,
) -> Result<()> {
    debug_assert!(piece.revision > base, "revisions only grow");
    update_piece(tx, piece, base, Some(bylines), who, why, note)
}

fn update_piece(
    tx: &Transaction,
    piece: &Piece,
    base: i64,
    bylines: Option<&[PersonId]>,
    who: Option<PersonId>,
    why: Why,
    note: Option<&str>,
) -> Result<()> {
    let content = serde_json::to_string(&piece.content).expect("content serializes");
    let changed = tx
        .prepare_cached(
            "UPDATE piece SET kind = ?2, section = ?3, headline = ?4, slug = ?5, stage = ?6, revision = ?7,
                              word_count = ?8, updated_at = ?9, scheduled_at = ?10, schedule_zone = ?11,
                              published_at = ?12, content = ?13
             WHERE id = ?1 AND revision = ?14",
        )?
        .execute(params![
            piece.id,
            piece.content.kind.as_str(),
            piece.content.section,
            piece.content.headline,
            piece.content.slug,
            piece.stage.as_str(),
            piece.revision,
            piece.content.word_count() as i64,
            time_text(piece.updated_at),
            piece.scheduled_at.map(time_text),
            piece.schedule_zone,
            piece.published_at.map(time_text),
            content,
            base,
        ])?;
    if changed == 0 {
        let current: Option<i64> = tx
            .query_row(
                "SELECT revision FROM piece WHERE id = ?1",
                [&piece.id],
                |r| r.get(0),
            )
            .optional()?;
        return Err(match current {
            Some(current) => StoreError::Stale {
                id: piece.id.clone(),
                base,
                current,
            },
            None => StoreError::Corrupt(format!("piece {} is gone", piece.id)),
        });
    }
    let seq = seq_of(tx, &piece.id)?;
    write_marks(tx, seq, &piece.marks)?;
    if let Some(b) = bylines {
        tx.prepare_cached("DELETE FROM byline WHERE piece_seq = ?1")?
            .execute([seq])?;
        write_bylines(tx, seq, b)?;
    }
    write_revision(tx, seq, piece, who, why, note)?;
    crate::search::index(tx, seq, &piece.content)?;
    Ok(())
}

/// Replaces a piece's bylines.
pub fn set_bylines(tx: &Transaction, id: &str, bylines: &[PersonId]) -> Result<()> {
    let seq = seq_of(tx, id)?;
    tx.prepare_cached("DELETE FROM byline WHERE piece_seq = ?1")?
        .execute([seq])?;
    write_bylines(tx, seq, bylines)
}

fn write_bylines(tx: &Transaction, seq: i64, bylines: &[PersonId]) -> Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT INTO byline (piece_seq, position, person_id) VALUES (?1, ?2, ?3)",
    )?;
    for (i, p) in bylines.iter().enumerate() {
        st.execute(params![seq, i as i64, p])?;
    }
    Ok(())
}

fn write_revision(
    tx: &Transaction,
    seq: i64,
    piece: &Piece,
    who: Option<PersonId>,
    why: Why,
    note: Option<&str>,
) -> Result<()> {
    let snapshot = serde_json::to_string(piece).expect("a piece serializes");
    tx.prepare_cached(
        "INSERT INTO revision (piece_seq, number, stage, why, note, who, at, snapshot)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        seq,
        piece.revision,
        piece.stage.as_str(),
        why.as_str(),
        note,
        who,
        time_text(piece.updated_at),
        snapshot
    ])?;
    Ok(())
}

/// Appends a row to the transition log. Call it in the transaction that changes the stage.
#[allow(clippy::too_many_arguments)]
pub fn insert_transition(
    tx: &Transaction,
    id: &str,
    from: Option<Stage>,
    to: Stage,
    mv: Move,
    who: Option<PersonId>,
    at: DateTime<Utc>,
    note: Option<&str>,
    revision: i64,
) -> Result<()> {
    let seq = seq_of(tx, id)?;
    tx.prepare_cached(
        "INSERT INTO transition (piece_seq, from_stage, to_stage, move, who, at, note, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        seq,
        from.map(Stage::as_str),
        to.as_str(),
        mv.as_str(),
        who,
        time_text(at),
        note,
        revision
    ])?;
    Ok(())
}

/// The one piece whose id starts with `prefix`: `Ok(Err(matches))` when there are none or several.
pub fn resolve_id(
    conn: &Connection,
    prefix: &str,
) -> Result<std::result::Result<String, Vec<String>>> {
    let prefix = prefix.trim().to_ascii_lowercase();
    // Ids hold only hex digits and hyphens, all of which sort before `z`.
    let mut st = conn.prepare_cached(
        "SELECT id FROM piece WHERE id >= ?1 AND id <= ?1 || 'z' ORDER BY id LIMIT 6",
    )?;
    let ids = st
        .query_map([&prefix], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(match ids.as_slice() {
        [one] => Ok(one.clone()),
        _ if prefix.is_empty() => Err(Vec::new()),
        _ => Err(ids),
    })
}

pub fn bylines_include(conn: &Connection, id: &str, person: PersonId) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM byline JOIN piece ON piece.seq = byline.piece_seq
                            WHERE piece.id = ?1 AND byline.person_id = ?2)",
        )?
        .query_row(params![id, person], |r| r.get(0))?)
}

/// The query behind [`slug_holder`]; its `WHERE` matches the partial index
/// `piece_going_out_slug`, so it is one lookup however large the desk.
pub(crate) const SLUG_HOLDER_SQL: &str = "SELECT id, headline, stage FROM piece
     WHERE slug = ?1 AND id <> ?2 AND stage IN ('scheduled', 'published')
     ORDER BY stage = 'published' DESC LIMIT 1";

/// Another scheduled or published piece with this slug: its id, headline and stage.
pub fn slug_holder(
    conn: &Connection,
    slug: &str,
    except: &str,
) -> Result<Option<(String, String, Stage)>> {
    let row: Option<(String, String, String)> = conn
        .prepare_cached(SLUG_HOLDER_SQL)?
        .query_row([slug, except], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(row.map(|(id, h, s)| (id, h, Stage::parse(&s).unwrap_or(Stage::Published))))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevisionRow {
    pub number: i64,
    pub stage: Stage,
    pub why: String,
    pub note: Option<String>,
    /// `None` for the scheduler.
    pub who: Option<String>,
    pub at: DateTime<Utc>,
}

pub fn revisions(conn: &Connection, id: &str) -> Result<Vec<RevisionRow>> {
    let mut st = conn.prepare(
        "SELECT r.number, r.stage, r.why, r.note, person.name, r.at
         FROM revision r JOIN piece ON piece.seq = r.piece_seq LEFT JOIN person ON person.id = r.who
         WHERE piece.id = ?1 ORDER BY r.number",
    )?;
    let rows = st
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(number, stage, why, note, who, at)| {
            Ok(RevisionRow {
                number,
                stage: Stage::parse(&stage)
                    .ok_or_else(|| StoreError::Corrupt(format!("revision stage `{stage}`")))?,
                why,
                note,
                who,
                at: parse_time(&at)?,
            })
        })
        .collect()
}

/// The piece as it was saved at revision `number`.
pub fn load_revision(conn: &Connection, id: &str, number: i64) -> Result<Option<Piece>> {
    let snapshot: Option<String> = conn
        .query_row(
            "SELECT r.snapshot FROM revision r JOIN piece ON piece.seq = r.piece_seq WHERE piece.id = ?1 AND r.number = ?2",
            params![id, number],
            |r| r.get(0),
        )
        .optional()?;
    snapshot
        .map(|s| {
            serde_json::from_str(&s)
                .map_err(|e| StoreError::Corrupt(format!("revision {number} of {id}: {e}")))
        })
        .transpose()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransitionRow {
    pub from: Option<Stage>,
    pub to: Stage,
    #[serde(rename = "move")]
    pub mv: Move,
    pub who: Option<String>,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
    pub revision: i64,
}

pub fn transitions(conn: &Connection, id: &str) -> Result<Vec<TransitionRow>> {
    let mut st = conn.prepare(
        "SELECT t.from_stage, t.to_stage, t.move, person.name, t.at, t.note, t.revision
         FROM transition t JOIN piece ON piece.seq = t.piece_seq LEFT JOIN person ON person.id = t.who
         WHERE piece.id = ?1 ORDER BY t.id",
    )?;
    let rows = st
        .query_map([id], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get(3)?,
                r.get::<_, String>(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let bad = |what: &str| StoreError::Corrupt(format!("transition with {what}"));
    rows.into_iter()
        .map(|(from, to, mv, who, at, note, revision)| {
            Ok(TransitionRow {
                from: from
                    .map(|f| Stage::parse(&f).ok_or_else(|| bad(&f)))
                    .transpose()?,
                to: Stage::parse(&to).ok_or_else(|| bad(&to))?,
                mv: Move::parse(&mv).ok_or_else(|| bad(&mv))?,
                who,
                at: parse_time(&at)?,
                note,
                revision,
            })
        })
        .collect()
}
