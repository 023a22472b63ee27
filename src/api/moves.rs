//! Moving pieces through the workflow and scheduling them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{wire, Desk, Error, ErrorCode, Result};
use crate::domain::{Move, Stage};
use crate::schedule;
use crate::store;
use crate::workflow::{self, Actor, MoveInput};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MoveOutcome {
    pub id: String,
    #[serde(rename = "move")]
    pub mv: wire::Move,
    pub from: wire::Stage,
    pub to: wire::Stage,
    pub revision: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ScheduleOutcome {
    pub id: String,
    pub scheduled_at: DateTime<Utc>,
    pub zone: String,
    /// The wall-clock time in the zone, as the editor gave it.
    pub local: String,
    /// Said when the time was ambiguous and the earlier one was taken.
    pub notice: Option<String>,
    pub revision: i64,
}

impl Desk {
    /// Moves a piece to `to` by the one move of the table that goes there. Scheduling needs a
    /// time, so it is [`Desk::schedule`]; `published` on a published piece is a correction.
    pub fn move_piece(
        &mut self,
        actor: &str,
        id: &str,
        to: Stage,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<MoveOutcome> {
        let person = self.person(actor)?;
        let piece = self.piece(id)?;
        let mv = workflow::move_to(piece.stage, to)?;
        if mv == Move::Schedule {
            return Err(Error::bad_input(
                "scheduling needs a publication time and its zone: schedule the piece instead",
            ));
        }
        let tx = store::write(&mut self.conn)?;
        let next = workflow::apply(
            &tx,
            &piece,
            mv,
            Actor::Person(&person),
            &MoveInput { note, at: None },
            now,
        )?;
        tx.commit()?;
        Ok(MoveOutcome {
            id: next.id,
            mv: mv.into(),
            from: piece.stage.into(),
            to: next.stage.into(),
            revision: next.revision,
        })
    }

    /// Schedules a piece in copyedit for a wall-clock time in `zone` (the publication's zone by
    /// default), or moves the time of a piece already scheduled.
    pub fn schedule(
        &mut self,
        actor: &str,
        id: &str,
        wall: &str,
        zone: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<ScheduleOutcome> {
        let person = self.person(actor)?;
        let piece = self.piece(id)?;
        // Permission first: someone who may not schedule learns that before any detail of the time.
        let facts = workflow::facts(&self.conn, &piece, Actor::Person(&person))?;
        workflow::permitted(Move::Schedule, Actor::Person(&person), &piece, &facts)
            .map_err(|why| Error::new(ErrorCode::Refused, format!("cannot schedule: {why}")))?;
        let zone = match zone {
            Some(z) => z.to_string(),
            None => self.zone()?,
        };
        let resolved = schedule::resolve(wall, &zone)?;
        let zone_name = resolved.zone.name().to_string();
        let input = MoveInput {
            note: None,
            at: Some((resolved.at, &zone_name)),
        };
        let tx = store::write(&mut self.conn)?;
        let next = if piece.stage == Stage::Scheduled {
            workflow::reschedule(&tx, &piece, &person, &input, now)?
        } else {
            workflow::apply(
                &tx,
                &piece,
                Move::Schedule,
                Actor::Person(&person),
                &input,
                now,
            )?
        };
        tx.commit()?;
        Ok(ScheduleOutcome {
            id: next.id,
            scheduled_at: resolved.at,
            local: resolved
                .at
                .with_timezone(&resolved.zone)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            zone: zone_name,
            notice: resolved.notice,
            revision: next.revision,
        })
    }
}
