//! The desk board: a column per stage.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Desk, Result};
use crate::domain::{Kind, Stage};
use crate::store;

/// How many cards a column shows; the total is given beside it.
pub const COLUMN_LIMIT: usize = 200;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Board {
    pub columns: Vec<Column>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Column {
    pub stage: Stage,
    /// Pieces in this stage; the column shows at most [`COLUMN_LIMIT`], the most relevant first.
    pub total: usize,
    pub cards: Vec<Card>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Card {
    pub id: String,
    pub short_id: String,
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

impl Desk {
    pub fn board(&self) -> Result<Board> {
        let mut columns = Vec::new();
        for stage in Stage::ALL {
            // Scheduled pieces by the time they go out; published ones newest first; the rest by
            // the last change, most recent first.
            let order = match stage {
                Stage::Scheduled => "scheduled_at ASC",
                Stage::Published => "published_at DESC",
                _ => "updated_at DESC",
            };
            let total: i64 = self.conn.query_row(
                "SELECT count(*) FROM piece WHERE stage = ?1",
                [stage.as_str()],
                |r| r.get(0),
            )?;
            let sql = format!(
                "SELECT id, kind, section, headline, word_count, scheduled_at, schedule_zone, published_at, updated_at,
                        (SELECT group_concat(name, char(31)) FROM
                            (SELECT person.name FROM byline JOIN person ON person.id = byline.person_id
                             WHERE byline.piece_seq = piece.seq ORDER BY byline.position))
                 FROM piece WHERE stage = ?1 ORDER BY {order} LIMIT {COLUMN_LIMIT}"
            );
            let mut st = self.conn.prepare_cached(&sql)?;
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
            let mut cards = Vec::with_capacity(rows.len());
            for (id, kind, section, headline, words, sched, zone, published, updated, bylines) in
                rows
            {
                let time = |s: Option<String>| s.map(|s| store::parse_time(&s)).transpose();
                cards.push(Card {
                    short_id: self.short_id(&id)?,
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
                    updated_at: store::parse_time(&updated)?,
                });
            }
            columns.push(Column {
                stage,
                total: total as usize,
                cards,
            });
        }
        Ok(Board { columns })
    }
}
