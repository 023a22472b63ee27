//! What the desktop app asks of the desk beyond the CLI's commands: a new piece, the moves on
//! offer to this person, the calendar, restoring a revision and a word-level diff.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

use super::{new_id, wire, Desk, Error, Result, SaveOutcome};
use crate::domain::{Content, Kind, ListOrder, Move, Piece, PieceList, Review, Stage, Subject};
use crate::store::{self, Why};
use crate::workflow::{self, Actor};

/// What the person signed in may change of a piece now.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Access {
    /// May edit its content (a published piece by a correction).
    pub edit: bool,
    /// Otherwise, the ranks of the list entries whose blurbs they write.
    pub blurbs: Vec<u32>,
    /// Why they may not edit it, in the core's words; null when they may.
    pub reason: Option<String>,
}

/// A move the person may make on the piece now, with what it asks of them.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OfferedMove {
    #[serde(rename = "move")]
    pub mv: wire::Move,
    pub to: wire::Stage,
    /// The rule asks for a note (returning, spiking, restoring, correcting).
    pub needs_note: bool,
    /// The move needs a time and zone: the schedule dialog.
    pub needs_time: bool,
}

/// One piece on the calendar: scheduled, or published, at `at`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CalendarItem {
    pub id: String,
    pub headline: String,
    pub section: String,
    pub kind: wire::Kind,
    pub stage: wire::Stage,
    pub at: DateTime<Utc>,
    pub zone: Option<String>,
}

/// A run of a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DiffRun {
    pub change: DiffChange,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum DiffChange {
    Same,
    Added,
    Removed,
}

/// What a new piece starts as.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct NewPiece {
    pub kind: wire::Kind,
    pub section: String,
    /// For a review: film, album, book, stage, television or game.
    pub medium: Option<String>,
    pub headline: String,
}

impl Desk {
    /// Starts a draft with the acting person as its byline.
    pub fn new_piece(&mut self, actor: &str, new: NewPiece, now: DateTime<Utc>) -> Result<Piece> {
        let person = self.person(actor)?;
        let kind = Kind::from(new.kind);
        let review = match (kind, new.medium.as_deref()) {
            (Kind::Review, Some(m)) => Some(Review {
                subject: Subject::empty(m).ok_or_else(|| {
                    Error::bad_input(format!(
                        "unknown medium `{m}` (media: {})",
                        Subject::MEDIA.join(", ")
                    ))
                })?,
                score: None,
            }),
            (Kind::Review, None) => return Err(Error::bad_input("a review needs its medium")),
            _ => None,
        };
        let list = (kind == Kind::List).then(|| PieceList {
            method: None,
            ballots: vec![],
            item: "song".into(),
            order: ListOrder::Countdown,
            page_size: PieceList::DEFAULT_PAGE_SIZE,
            entries: vec![],
        });
        let mut content = Content {
            kind,
            section: new.section,
            headline: new.headline.clone(),
            dek: String::new(),
            slug: crate::domain::slugify(&new.headline),
            bylines: vec![person.name.clone()],
            tags: vec![],
            image: None,
            review,
            list,
            corrections: vec![],
            body: String::new(),
        };
        content.tidy();
        content
            .check()
            .map_err(|(k, m)| Error::bad_input(format!("{k}: {m}")))?;
        let piece = Piece {
            id: new_id(now),
            stage: Stage::Draft,
            revision: 1,
            created_at: now,
            updated_at: now,
            scheduled_at: None,
            schedule_zone: None,
            published_at: None,
            content,
            marks: Default::default(),
        };
        let tx = store::write(&mut self.conn)?;
        store::insert_piece(
            &tx,
            &piece,
            &[person.id],
            Some(person.id),
            Why::Edit,
            Some("new piece"),
        )?;
        store::insert_transition(
            &tx,
            &piece.id,
            None,
            Stage::Draft,
            Move::Create,
            Some(person.id),
            now,
            None,
            1,
        )?;
        tx.commit()?;
        Ok(piece)
    }

    /// The moves `actor` may make on the piece: the table and permission. Requirements are
    /// checked when the move is made, and a refusal says what is missing.
    /// What `actor` may change of piece `id` now: the workflow's answer, for the window to
    /// show the piece editable or read-only.
    pub fn access(&self, actor: &str, id: &str) -> Result<Access> {
        let person = self.person(actor)?;
        let piece = self.piece(id)?;
        let facts = workflow::facts(&self.conn, &piece, Actor::Person(&person))?;
        Ok(match workflow::may_edit(&person, &piece, &facts) {
            Ok(()) => Access {
                edit: true,
                blurbs: vec![],
                reason: None,
            },
            Err(r) => Access {
                edit: false,
                blurbs: workflow::blurbs_of(&person, &piece),
                reason: Some(Error::from(r).message),
            },
        })
    }

    pub fn offered_moves(&self, actor: &str, id: &str) -> Result<Vec<OfferedMove>> {
        let person = self.person(actor)?;
        let piece = self.piece(id)?;
        let facts = workflow::facts(&self.conn, &piece, Actor::Person(&person))?;
        Ok(
            workflow::offered_moves(Actor::Person(&person), &piece, &facts)
                .into_iter()
                .filter_map(|mv| {
                    mv.target(piece.stage).map(|to| OfferedMove {
                        mv: mv.into(),
                        to: to.into(),
                        needs_note: matches!(
                            mv,
                            Move::Return | Move::Correct | Move::Spike | Move::Restore
                        ),
                        needs_time: mv == Move::Schedule,
                    })
                })
                .collect(),
        )
    }

    /// Scheduled pieces at their time and published pieces at theirs, between `from` and `to`.
    pub fn calendar(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<CalendarItem>> {
        Ok(store::calendar(&self.conn, from, to)?
            .into_iter()
            .map(
                |(id, headline, section, kind, stage, at, zone)| CalendarItem {
                    id,
                    headline,
                    section,
                    kind: kind.into(),
                    stage: stage.into(),
                    at,
                    zone,
                },
            )
            .collect())
    }

    /// Makes revision `number`'s content the piece's next revision (nothing is lost: the
    /// revisions in between stay). The same rules as any save, from the stated base.
    pub fn restore_revision(
        &mut self,
        actor: &str,
        id: &str,
        number: i64,
        base: i64,
        now: DateTime<Utc>,
    ) -> Result<SaveOutcome> {
        let id = self.resolve(id)?;
        let old = store::load_revision(&self.conn, &id, number)?
            .ok_or_else(|| Error::not_found(format!("piece {id} has no revision {number}")))?;
        let note = format!("restored revision {number}");
        self.save(actor, &id, old.content, Some(base), Some(&note), now)
    }

    /// A word-level diff of the piece files at revisions `a` and `b`.
    pub fn diff_words(&self, id: &str, a: i64, b: i64) -> Result<Vec<DiffRun>> {
        let id = self.resolve(id)?;
        let text = |n: i64| -> Result<String> {
            let p = store::load_revision(&self.conn, &id, n)?
                .ok_or_else(|| Error::not_found(format!("piece {id} has no revision {n}")))?;
            Ok(super::pieces::export_text(&p))
        };
        let (old, new) = (text(a)?, text(b)?);
        Ok(word_diff(&old, &new))
    }
}

/// A word-level diff of two texts, in runs of the same change.
pub(crate) fn word_diff(old: &str, new: &str) -> Vec<DiffRun> {
    let diff = TextDiff::from_words(old, new);
    let mut runs: Vec<DiffRun> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => DiffChange::Same,
            ChangeTag::Insert => DiffChange::Added,
            ChangeTag::Delete => DiffChange::Removed,
        };
        match runs.last_mut() {
            Some(last) if last.change == kind => last.text.push_str(change.value()),
            _ => runs.push(DiffRun {
                change: kind,
                text: change.value().to_string(),
            }),
        }
    }
    runs
}
