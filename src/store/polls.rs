//! Rows of year-end polls: the poll on a list piece, its opening and closing, one ballot per
//! voter (its picks as JSON), the editors' merges of candidates and their decisions of ties.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{parse_time, time_text, Result};
use crate::domain::PersonId;

#[derive(Debug, Clone, PartialEq)]
pub struct PollRow {
    pub id: String,
    /// The list piece's id.
    pub list: String,
    pub subject: String,
    /// `poll::Rules` as JSON.
    pub rules: String,
    pub closes_at: Option<DateTime<Utc>>,
    pub open: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BallotRow {
    pub voter: String,
    pub entered_by: String,
    /// `Vec<poll::Pick>` as JSON.
    pub picks: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PollEvent {
    pub at: DateTime<Utc>,
    pub who: String,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MergeRow {
    pub from_key: String,
    pub into_key: String,
    pub who: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRow {
    pub above: String,
    pub below: String,
    pub who: String,
    pub why: String,
    pub at: DateTime<Utc>,
}

pub fn insert_poll(tx: &Transaction, p: &PollRow) -> Result<()> {
    tx.execute(
        "INSERT INTO poll (id, list_seq, subject, rules, closes_at, open, created_at)
         SELECT ?1, seq, ?3, ?4, ?5, ?6, ?7 FROM piece WHERE id = ?2",
        params![
            p.id,
            p.list,
            p.subject,
            p.rules,
            p.closes_at.map(time_text),
            p.open as i64,
            time_text(p.created_at)
        ],
    )?;
    Ok(())
}

fn read_poll(conn: &Connection, clause: &str, arg: &str) -> Result<Option<PollRow>> {
    let sql = format!(
        "SELECT poll.id, piece.id, subject, rules, closes_at, open, poll.created_at
         FROM poll JOIN piece ON piece.seq = poll.list_seq WHERE {clause}"
    );
    let row = conn
        .prepare_cached(&sql)?
        .query_row([arg], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
            ))
        })
        .optional()?;
    row.map(|(id, list, subject, rules, closes, open, created)| {
        Ok(PollRow {
            id,
            list,
            subject,
            rules,
            closes_at: closes.as_deref().map(parse_time).transpose()?,
            open: open == 1,
            created_at: parse_time(&created)?,
        })
    })
    .transpose()
}

/// The poll whose id is `id`, or whose list piece's id is `id`.
pub fn poll(conn: &Connection, id: &str) -> Result<Option<PollRow>> {
    match read_poll(conn, "poll.id = ?1", id)? {
        Some(p) => Ok(Some(p)),
        None => read_poll(conn, "piece.id = ?1", id),
    }
}

/// The full ids of polls starting with `prefix`.
pub fn poll_ids(conn: &Connection, prefix: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT id FROM poll WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 5",
    )?;
    let ids = st
        .query_map([prefix], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

pub fn set_poll_open(tx: &Transaction, id: &str, open: bool) -> Result<()> {
    tx.execute(
        "UPDATE poll SET open = ?2 WHERE id = ?1",
        params![id, open as i64],
    )?;
    Ok(())
}

pub fn add_poll_event(
    tx: &Transaction,
    poll: &str,
    who: PersonId,
    what: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO poll_event (poll_id, at, who, what) VALUES (?1, ?2, ?3, ?4)",
        params![poll, time_text(at), who, what],
    )?;
    Ok(())
}

pub fn poll_events(conn: &Connection, poll: &str) -> Result<Vec<PollEvent>> {
    let mut st = conn.prepare_cached(
        "SELECT e.at, p.name, e.what FROM poll_event e JOIN person p ON p.id = e.who
         WHERE e.poll_id = ?1 ORDER BY e.rowid",
    )?;
    let rows = st
        .query_map([poll], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<(String, String, String)>>>()?;
    rows.into_iter()
        .map(|(at, who, what)| {
            Ok(PollEvent {
                at: parse_time(&at)?,
                who,
                what,
            })
        })
        .collect()
}

/// Writes `voter`'s ballot, replacing the one they had.
pub fn put_ballot(
    tx: &Transaction,
    poll: &str,
    voter: PersonId,
    entered_by: PersonId,
    picks: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO ballot (poll_id, voter, entered_by, picks, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (poll_id, voter) DO UPDATE SET entered_by = excluded.entered_by,
             picks = excluded.picks, updated_at = excluded.updated_at",
    )?
    .execute(params![poll, voter, entered_by, picks, time_text(at)])?;
    Ok(())
}

/// Every ballot of a poll, by voter name.
pub fn ballots(conn: &Connection, poll: &str) -> Result<Vec<BallotRow>> {
    let mut st = conn.prepare_cached(
        "SELECT v.name, e.name, b.picks, b.updated_at FROM ballot b
         JOIN person v ON v.id = b.voter JOIN person e ON e.id = b.entered_by
         WHERE b.poll_id = ?1 ORDER BY v.name",
    )?;
    let rows = st
        .query_map([poll], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<(String, String, String, String)>>>()?;
    rows.into_iter()
        .map(|(voter, entered_by, picks, at)| {
            Ok(BallotRow {
                voter,
                entered_by,
                picks,
                updated_at: parse_time(&at)?,
            })
        })
        .collect()
}

pub fn add_merge(
    tx: &Transaction,
    poll: &str,
    from_key: &str,
    into_key: &str,
    who: PersonId,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO poll_merge (poll_id, from_key, into_key, who, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![poll, from_key, into_key, who, time_text(at)],
    )?;
    Ok(())
}

/// Undoes the merge of `from_key`; false if it was not merged.
pub fn undo_merge(tx: &Transaction, poll: &str, from_key: &str, at: DateTime<Utc>) -> Result<bool> {
    let n = tx.execute(
        "UPDATE poll_merge SET undone_at = ?3 WHERE poll_id = ?1 AND from_key = ?2 AND undone_at IS NULL",
        params![poll, from_key, time_text(at)],
    )?;
    Ok(n > 0)
}

/// The merges in force, oldest first.
pub fn merges(conn: &Connection, poll: &str) -> Result<Vec<MergeRow>> {
    let mut st = conn.prepare_cached(
        "SELECT m.from_key, m.into_key, p.name, m.at FROM poll_merge m JOIN person p ON p.id = m.who
         WHERE m.poll_id = ?1 AND m.undone_at IS NULL ORDER BY m.rowid",
    )?;
    let rows = st
        .query_map([poll], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<(String, String, String, String)>>>()?;
    rows.into_iter()
        .map(|(from_key, into_key, who, at)| {
            Ok(MergeRow {
                from_key,
                into_key,
                who,
                at: parse_time(&at)?,
            })
        })
        .collect()
}

pub fn add_decision(
    tx: &Transaction,
    poll: &str,
    above: &str,
    below: &str,
    who: PersonId,
    why: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO poll_decision (poll_id, above, below, who, why, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![poll, above, below, who, why, time_text(at)],
    )?;
    Ok(())
}

pub fn decisions(conn: &Connection, poll: &str) -> Result<Vec<DecisionRow>> {
    let mut st = conn.prepare_cached(
        "SELECT d.above, d.below, p.name, d.why, d.at FROM poll_decision d JOIN person p ON p.id = d.who
         WHERE d.poll_id = ?1 ORDER BY d.rowid",
    )?;
    let rows = st
        .query_map([poll], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<(String, String, String, String, String)>>>()?;
    rows.into_iter()
        .map(|(above, below, who, why, at)| {
            Ok(DecisionRow {
                above,
                below,
                who,
                why,
                at: parse_time(&at)?,
            })
        })
        .collect()
}

/// Records that two candidates are two works (`a_key` < `b_key` is stored, either order given).
pub fn add_apart(
    tx: &Transaction,
    poll: &str,
    a: &str,
    b: &str,
    who: PersonId,
    at: DateTime<Utc>,
) -> Result<()> {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    tx.execute(
        "INSERT OR IGNORE INTO poll_apart (poll_id, a_key, b_key, who, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![poll, a, b, who, time_text(at)],
    )?;
    Ok(())
}

/// The pairs kept apart, each as (smaller key, larger key).
pub fn apart(conn: &Connection, poll: &str) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare_cached("SELECT a_key, b_key FROM poll_apart WHERE poll_id = ?1")?;
    let rows = st
        .query_map([poll], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The pairs kept apart with who and when, in the order they were kept apart.
pub fn apart_rows(
    conn: &Connection,
    poll: &str,
) -> Result<Vec<(String, String, String, DateTime<Utc>)>> {
    let mut st = conn.prepare_cached(
        "SELECT a.a_key, a.b_key, p.name, a.at FROM poll_apart a JOIN person p ON p.id = a.who
         WHERE a.poll_id = ?1 ORDER BY a.rowid",
    )?;
    let rows = st
        .query_map([poll], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<(String, String, String, String)>>>()?;
    rows.into_iter()
        .map(|(a, b, who, at)| Ok((a, b, who, parse_time(&at)?)))
        .collect()
}

/// Every poll's id, oldest first.
pub fn all_poll_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached("SELECT id FROM poll ORDER BY created_at, id")?;
    let ids = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// Writes a poll as another desk sent it: its row (made, or changed in place), and its events,
/// merges, decisions and pairs kept apart replaced by those given. The ballots stay; false if
/// its list piece is not on this desk.
pub fn replace_poll(tx: &Transaction, p: &PollRow) -> Result<bool> {
    let n = tx.execute(
        "INSERT INTO poll (id, list_seq, subject, rules, closes_at, open, created_at)
         SELECT ?1, seq, ?3, ?4, ?5, ?6, ?7 FROM piece WHERE id = ?2
         ON CONFLICT (id) DO UPDATE SET subject = excluded.subject, rules = excluded.rules,
             closes_at = excluded.closes_at, open = excluded.open",
        params![
            p.id,
            p.list,
            p.subject,
            p.rules,
            p.closes_at.map(time_text),
            p.open as i64,
            time_text(p.created_at)
        ],
    )?;
    for table in ["poll_event", "poll_merge", "poll_decision", "poll_apart"] {
        tx.execute(&format!("DELETE FROM {table} WHERE poll_id = ?1"), [&p.id])?;
    }
    Ok(n > 0)
}

/// Takes a voter's ballot off a poll.
pub fn delete_ballot(tx: &Transaction, poll: &str, voter: PersonId) -> Result<()> {
    tx.execute(
        "DELETE FROM ballot WHERE poll_id = ?1 AND voter = ?2",
        params![poll, voter],
    )?;
    Ok(())
}

/// Takes a poll off this desk with everything of it: a poll opened here that the shared desk
/// would not take (its list had one already).
pub fn delete_poll(tx: &Transaction, poll: &str) -> Result<()> {
    for table in [
        "ballot",
        "poll_event",
        "poll_merge",
        "poll_decision",
        "poll_apart",
    ] {
        tx.execute(&format!("DELETE FROM {table} WHERE poll_id = ?1"), [poll])?;
    }
    tx.execute("DELETE FROM poll WHERE id = ?1", [poll])?;
    Ok(())
}
