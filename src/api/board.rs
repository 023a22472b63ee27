//! The desk board: a column per stage.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{wire, Desk, Result};
use crate::domain::Stage;
use crate::store;

/// How many cards a column shows; the total is given beside it.
pub const COLUMN_LIMIT: usize = 200;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Board {
    pub columns: Vec<Column>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Column {
    pub stage: wire::Stage,
    /// Pieces in this stage; the column shows at most [`COLUMN_LIMIT`], the most relevant first.
    pub total: usize,
    pub cards: Vec<Card>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Card {
    pub id: String,
    pub short_id: String,
    pub kind: wire::Kind,
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
            let (total, rows) = store::board_column(&self.conn, stage, COLUMN_LIMIT)?;
            let mut cards = Vec::with_capacity(rows.len());
            for r in rows {
                cards.push(Card {
                    short_id: self.short_id(&r.id)?,
                    id: r.id,
                    kind: r.kind.into(),
                    section: r.section,
                    headline: r.headline,
                    bylines: r.bylines,
                    word_count: r.word_count,
                    scheduled_at: r.scheduled_at,
                    schedule_zone: r.schedule_zone,
                    published_at: r.published_at,
                    updated_at: r.updated_at,
                });
            }
            columns.push(Column {
                stage: stage.into(),
                total,
                cards,
            });
        }
        Ok(Board { columns })
    }
}
