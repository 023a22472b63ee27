//! Publication times and the scheduler.
//!
//! An editor schedules at a wall-clock time in an IANA zone; the desk stores the instant in UTC
//! with the zone. A time that the zone skips (spring forward) is refused; one it repeats (fall
//! back) takes the earlier instant and says so. [`publish_due`] publishes what is due, each piece
//! in a transaction of its own that first checks the piece is still scheduled, so a second run,
//! or two schedulers at once, never publish a piece twice.
//!
//! Not here: the clock. `now` is always an argument.

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::Serialize;

use crate::domain::Move;
use crate::store::{self, StoreError};
use crate::workflow::{self, Actor, MoveInput, WorkflowError};

/// A wall-clock time resolved to an instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub at: DateTime<Utc>,
    pub zone: Tz,
    /// Said when the wall time happens twice and the earlier was taken.
    pub notice: Option<String>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TimeError {
    #[error(
        "unknown time zone `{0}`: give an IANA zone such as Europe/London or America/New_York"
    )]
    UnknownZone(String),
    #[error("`{0}` is not a time: write it as YYYY-MM-DD HH:MM")]
    Unreadable(String),
    #[error("{wall} does not exist in {zone}: the clocks go forward then; the next time that exists is {next}")]
    Skipped {
        wall: String,
        zone: String,
        next: String,
    },
    #[error("{wall} {zone} is in the past (it is {now} there now)")]
    Past {
        wall: String,
        zone: String,
        now: String,
    },
}

pub fn parse_zone(zone: &str) -> Result<Tz, TimeError> {
    zone.trim()
        .parse::<Tz>()
        .map_err(|_| TimeError::UnknownZone(zone.to_string()))
}

const WALL: &str = "%Y-%m-%d %H:%M";

/// Resolves `wall` (`YYYY-MM-DD HH:MM`) in `zone` to an instant. Whether it is still in the
/// future is the workflow's question: scheduling needs a future time, like it needs a dek.
pub fn resolve(wall: &str, zone: &str) -> Result<Resolved, TimeError> {
    let tz = parse_zone(zone)?;
    let text = wall.trim().replace('T', " ");
    let local = NaiveDateTime::parse_from_str(&text, WALL)
        .or_else(|_| NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S"))
        .map_err(|_| TimeError::Unreadable(wall.to_string()))?;
    let shown = local.format(WALL).to_string();
    let (at, notice) = match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => (t, None),
        LocalResult::Ambiguous(first, second) => (
            first,
            Some(format!(
                "{shown} happens twice in {tz} (the clocks go back); scheduled for the first, {} ({} UTC), not the second ({} UTC)",
                first.format("%H:%M %Z"),
                first.with_timezone(&Utc).format("%H:%M"),
                second.with_timezone(&Utc).format("%H:%M"),
            )),
        ),
        LocalResult::None => {
            // Find where the gap ends, a minute at a time (gaps are at most a few hours).
            let next = (1..=24 * 60)
                .map(|m| local + Duration::minutes(m))
                .find(|t| matches!(tz.from_local_datetime(t), LocalResult::Single(_)))
                .map(|t| t.format(WALL).to_string())
                .unwrap_or_default();
            return Err(TimeError::Skipped { wall: shown, zone: tz.to_string(), next });
        }
    };
    Ok(Resolved {
        at: at.with_timezone(&Utc),
        zone: tz,
        notice,
    })
}

/// What a run of the scheduler did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DueReport {
    pub published: Vec<Published>,
    /// Due pieces left scheduled because they no longer meet the rules (an editor emptied the
    /// dek after scheduling, say), with the refusal.
    pub held: Vec<Held>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Published {
    pub id: String,
    pub headline: String,
    pub published_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Held {
    pub id: String,
    pub headline: String,
    pub reason: String,
}

/// Publishes every piece whose scheduled time is at or before `now`, oldest first.
pub fn publish_due(conn: &mut Connection, now: DateTime<Utc>) -> Result<DueReport, StoreError> {
    let due = store::due_ids(conn, now)?;
    let mut report = DueReport::default();
    for id in due {
        let tx = store::write(conn)?;
        // Re-read inside the write transaction: another run may have published it meanwhile.
        let Some(piece) = store::load_piece(&tx, &id)? else {
            continue;
        };
        if piece.stage != crate::domain::Stage::Scheduled
            || piece.scheduled_at.is_none_or(|t| t > now)
        {
            continue;
        }
        match workflow::apply(
            &tx,
            &piece,
            Move::Publish,
            Actor::Scheduler,
            &MoveInput::default(),
            now,
        ) {
            Ok(p) => {
                tx.commit()?;
                report.published.push(Published {
                    id: p.id,
                    headline: p.content.headline,
                    published_at: p.published_at.expect("a published piece has its time"),
                });
            }
            Err(WorkflowError::Refused(r)) => report.held.push(Held {
                id,
                headline: piece.content.headline,
                reason: r.to_string(),
            }),
            Err(WorkflowError::Store(e)) => return Err(e),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn wall_time_becomes_utc() {
        let r = resolve("2027-07-01 09:00", "Europe/London").unwrap();
        assert_eq!(
            r.at,
            utc("2027-07-01T08:00:00Z"),
            "London is an hour ahead of UTC in summer"
        );
        assert_eq!(r.notice, None);
    }

    #[test]
    fn spring_forward_gap_is_refused() {
        let e = resolve("2027-03-28 01:30", "Europe/London").unwrap_err();
        assert!(
            matches!(&e, TimeError::Skipped { next, .. } if next == "2027-03-28 02:00"),
            "{e}"
        );
    }

    #[test]
    fn fall_back_takes_the_earlier_instant() {
        let r = resolve("2027-10-31 01:30", "Europe/London").unwrap();
        assert_eq!(
            r.at,
            utc("2027-10-31T00:30:00Z"),
            "01:30 BST comes before 01:30 GMT"
        );
        assert!(r.notice.unwrap().contains("happens twice"));
    }

    #[test]
    fn nonsense_is_refused() {
        assert!(matches!(
            resolve("tomorrow", "UTC"),
            Err(TimeError::Unreadable(_))
        ));
        assert!(matches!(
            resolve("2027-02-30 09:00", "UTC"),
            Err(TimeError::Unreadable(_))
        ));
        assert!(matches!(
            resolve("2027-05-01 09:00", "Mars/Olympus"),
            Err(TimeError::UnknownZone(_))
        ));
    }
}
