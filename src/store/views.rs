//! The read queries behind the desk's views: the board's columns, the calendar, the ids beside
//! an id (for short ids), the sections with published pieces, the pieces due to publish, and the
//! desk's change counter. Rows come back as plain tuples of domain values; the api shapes them.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::{parse_time, time_text, Result};
use crate::domain::{Kind, Stage};

/// One card of the board, as stored.
#[derive(Debug, Clone)]
pub struct CardRow {
    pub id: String,
    pub kind: Kind,
    pub section: String,
    pub headline: String,
    pub bylines: Vec<String>,
    pub word_count: i64,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub schedule_zone: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// The number of pieces in `stage` and the first `limit` of them: scheduled pieces by the time
/// they go out, published ones newest first, the rest by their last change, newest first.
pub fn board_column(
    conn: &Connection,
    stage: Stage,
    limit: usize,
) -> Result<(usize, Vec<CardRow>)> {
    let order = match stage {
        Stage::Scheduled => "scheduled_at ASC",
        Stage::Published => "published_at DESC",
        _ => "updated_at DESC",
    };
    let total: i64 = conn.query_row(
        "SELECT count(*) FROM piece WHERE stage = ?1",
        [stage.as_str()],
        |r| r.get(0),
    )?;
    let sql = format!(
        "SELECT id, kind, section, headline, word_count, scheduled_at, schedule_zone, published_at, updated_at,
                (SELECT group_concat(name, char(31)) FROM
                    (SELECT person.name FROM byline JOIN person ON person.id = byline.person_id
                     WHERE byline.piece_seq = piece.seq ORDER BY byline.position))
         FROM piece WHERE stage = ?1 ORDER BY {order} LIMIT {limit}"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st
        .query_map([stage.as_str()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, Option<String>>(9)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let time = |s: Option<String>| s.map(|s| parse_time(&s)).transpose();
    let mut cards = Vec::with_capacity(rows.len());
    for (id, kind, section, headline, words, sched, zone, published, updated, bylines) in rows {
        cards.push(CardRow {
            id,
            kind: Kind::parse(&kind).unwrap_or(Kind::Feature),
            section,
            headline,
            bylines: bylines
                .map(|b| b.split('\u{1f}').map(str::to_string).collect())
                .unwrap_or_default(),
            word_count: words,
            scheduled_at: time(sched)?,
            schedule_zone: zone,
            published_at: time(published)?,
            updated_at: parse_time(&updated)?,
        });
    }
    Ok((total as usize, cards))
}

/// One piece on the calendar, as stored: id, headline, section, kind, stage, its instant, zone.
pub type CalendarRow = (
    String,
    String,
    String,
    Kind,
    Stage,
    DateTime<Utc>,
    Option<String>,
);

/// Scheduled pieces at their time and published pieces at theirs, in `[from, to)`, by time.
pub fn calendar(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<CalendarRow>> {
    let mut st = conn.prepare_cached(
        "SELECT id, headline, section, kind, stage, coalesce(scheduled_at, published_at), schedule_zone FROM piece
         WHERE (stage = 'scheduled' AND scheduled_at >= ?1 AND scheduled_at < ?2)
            OR (stage = 'published' AND published_at >= ?1 AND published_at < ?2)
         ORDER BY 6",
    )?;
    let rows = st
        .query_map([time_text(from), time_text(to)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, headline, section, kind, stage, at, zone)| {
            Ok((
                id,
                headline,
                section,
                Kind::parse(&kind).unwrap_or(Kind::Feature),
                Stage::parse(&stage).unwrap_or(Stage::Scheduled),
                parse_time(&at)?,
                zone,
            ))
        })
        .collect()
}

/// The ids just before and just after `id` in id order.
pub fn id_neighbours(conn: &Connection, id: &str) -> Result<(Option<String>, Option<String>)> {
    let one = |sql: &str| -> Result<Option<String>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row([id], |r| r.get(0))
            .optional()?)
    };
    Ok((
        one("SELECT id FROM piece WHERE id < ?1 ORDER BY id DESC LIMIT 1")?,
        one("SELECT id FROM piece WHERE id > ?1 ORDER BY id LIMIT 1")?,
    ))
}

/// The sections that have published pieces, in alphabetical order.
pub fn published_sections(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT section FROM piece WHERE stage = 'published' ORDER BY section COLLATE NOCASE",
    )?;
    let sections = st
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(sections)
}

/// How many pieces are published.
pub fn published_count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM piece WHERE stage = 'published'",
        [],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}

/// The ids of scheduled pieces due at `now`, in the order they were due.
pub fn due_ids(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<String>> {
    let ids = conn
        .prepare("SELECT id FROM piece WHERE stage = 'scheduled' AND scheduled_at <= ?1 ORDER BY scheduled_at, seq")?
        .query_map([time_text(now)], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// A number that changes whenever the desk changes, by this connection or another process:
/// SQLite's `data_version` with this connection's own change count.
pub fn change_counter(conn: &Connection) -> Result<(i64, u64)> {
    let version: i64 = conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
    Ok((version, conn.total_changes()))
}
