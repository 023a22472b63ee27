//! Bringing pieces in and out, saving edits, and reading a piece's history.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use similar::TextDiff;

use super::{new_id, wire, Desk, Error, ErrorCode, Result};
use crate::domain::{slugify, Content, Move, Person, PersonId, Piece, Role, Stage};
use crate::piece_file::{self, FileError, MAX_FILE_BYTES};
use crate::store::{self, Why};
use crate::workflow::{self, Actor};

/// How far a long piece of work has got.
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
pub struct Progress {
    pub phase: Phase,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Reading,
    Writing,
    Rendering,
}

fn cancelled() -> Error {
    Error::new(ErrorCode::Cancelled, "cancelled: nothing was imported")
}

/// An import of at least this many pieces ends by merging the search index.
const BULK: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// New pieces land as drafts.
    Drafts,
    /// An existing archive: each piece lands as published at its `published` time.
    Archive,
}

#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct ImportReport {
    pub pieces: Vec<Imported>,
    /// Bylines and contributors who were not people of the desk, added as writers.
    pub added_people: Vec<String>,
    /// Things the importer did that the user should know about.
    pub notices: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Imported {
    pub file: String,
    pub id: String,
    pub headline: String,
}

/// A piece as `show` gives it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PieceView {
    #[serde(flatten)]
    pub piece: wire::Piece,
    pub word_count: usize,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SaveOutcome {
    pub id: String,
    pub revision: i64,
    /// False when the text was the same as the stored piece's: no revision was written.
    pub changed: bool,
    pub added_people: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct History {
    pub revisions: Vec<wire::RevisionRow>,
    pub transitions: Vec<wire::TransitionRow>,
}

impl Desk {
    /// Imports piece files from disk. Every file is read and checked first: if any is refused,
    /// nothing at all is written and the error names each refused file.
    pub fn import_paths(
        &mut self,
        actor: &str,
        paths: &[&Path],
        mode: ImportMode,
        now: DateTime<Utc>,
    ) -> Result<ImportReport> {
        self.import_paths_with(actor, paths, mode, now, &mut |_| true)
    }

    /// [`Desk::import_paths`] for long imports: `progress` hears how far it has got and
    /// answers whether to go on. Cancelled, the import writes nothing.
    pub fn import_paths_with(
        &mut self,
        actor: &str,
        paths: &[&Path],
        mode: ImportMode,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<ImportReport> {
        // Who may import is settled before any file is read.
        self.importer(actor, mode)?;
        let total = paths.len();
        let mut files = Vec::with_capacity(total);
        let mut errors = Vec::new();
        for (i, p) in paths.iter().enumerate() {
            if i % 50 == 0
                && !progress(Progress {
                    phase: Phase::Reading,
                    done: i,
                    total,
                })
            {
                return Err(cancelled());
            }
            let name = p.display().to_string();
            match read_file(p) {
                Ok(bytes) => files.push((name, bytes)),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(refused_files(&errors));
        }
        self.import_with(actor, files, mode, now, progress)
    }

    /// The person importing, if they may import this way.
    fn importer(&self, actor: &str, mode: ImportMode) -> Result<Person> {
        let person = self.person(actor)?;
        workflow::may_import(&person, mode == ImportMode::Archive)?;
        Ok(person)
    }

    /// Imports piece files given as bytes, with the names to use in messages.
    pub fn import(
        &mut self,
        actor: &str,
        files: Vec<(String, Vec<u8>)>,
        mode: ImportMode,
        now: DateTime<Utc>,
    ) -> Result<ImportReport> {
        self.import_with(actor, files, mode, now, &mut |_| true)
    }

    fn import_with(
        &mut self,
        actor: &str,
        files: Vec<(String, Vec<u8>)>,
        mode: ImportMode,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<ImportReport> {
        let person = self.importer(actor, mode)?;
        let mut parsed = Vec::with_capacity(files.len());
        let mut errors = Vec::new();
        let mut report = ImportReport::default();
        for (name, bytes) in &files {
            match piece_file::parse(name, bytes) {
                Ok(p) => {
                    if mode == ImportMode::Archive && p.published.is_none() {
                        errors.push(FileError {
                            file: name.clone(),
                            line: None,
                            key: Some("published".into()),
                            message: "an archive piece needs the time it was published (published: 2017-12-11T09:00:00Z)".into(),
                        });
                    } else if p.state.is_some() {
                        report.notices.push(format!(
                            "{name}: its id, stage and revision are a shared desk's; here the piece lands as a new piece"
                        ));
                    } else if mode == ImportMode::Drafts && p.published.is_some() {
                        report.notices.push(format!(
                            "{name}: `published` is read only when importing an archive; the piece lands as a draft"
                        ));
                    }
                    parsed.push((name.clone(), p));
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(refused_files(&errors));
        }

        let tx = store::write(&mut self.conn)?;
        let mut people = PeopleCache::default();
        let mut slugs_here: HashMap<String, String> = HashMap::new();
        let total = parsed.len();
        for (i, (name, p)) in parsed.into_iter().enumerate() {
            // Dropping the transaction on a cancel rolls every piece of this import back.
            if i % 50 == 0
                && !progress(Progress {
                    phase: Phase::Writing,
                    done: i,
                    total,
                })
            {
                return Err(cancelled());
            }
            let mut content = p.content;
            if content.slug.trim().is_empty() {
                content.slug = default_slug(&content.headline);
            }
            let bylines = people.ids(&tx, &content, now, &mut report.added_people)?;
            let (stage, published_at, mv) = match mode {
                ImportMode::Drafts => (Stage::Draft, None, Move::Create),
                ImportMode::Archive => (Stage::Published, p.published, Move::Archive),
            };
            if stage == Stage::Published {
                let taken = store::slug_holder(&tx, &content.slug, "")?
                    .filter(|(_, _, s)| *s == Stage::Published)
                    .map(|(_, h, _)| h)
                    .or_else(|| slugs_here.get(&content.slug).cloned());
                if let Some(other) = taken {
                    return Err(Error::bad_input(format!(
                        "{name}: slug: `{}` is already the slug of the published piece \u{201c}{other}\u{201d}; nothing was imported",
                        content.slug
                    )));
                }
                slugs_here.insert(content.slug.clone(), content.headline.clone());
            }
            let piece = Piece {
                id: new_id(now),
                stage,
                revision: 1,
                created_at: now,
                updated_at: now,
                scheduled_at: None,
                schedule_zone: None,
                published_at,
                content,
                marks: Default::default(),
            };
            let note = format!("imported from {name}");
            store::insert_piece(
                &tx,
                &piece,
                &bylines,
                Some(person.id),
                Why::Import,
                Some(&note),
            )?;
            store::insert_transition(
                &tx,
                &piece.id,
                None,
                stage,
                mv,
                Some(person.id),
                now,
                Some(&note),
                1,
            )?;
            report.pieces.push(Imported {
                file: name,
                id: piece.id,
                headline: piece.content.headline,
            });
        }
        if report.pieces.len() >= BULK {
            crate::search::tidy_after_bulk_import(&tx)?;
        }
        tx.commit()?;
        Ok(report)
    }

    pub fn piece(&self, id: &str) -> Result<Piece> {
        let id = self.resolve(id)?;
        store::load_piece(&self.conn, &id)?
            .ok_or_else(|| Error::not_found(format!("no piece with id `{id}`")))
    }

    pub fn show(&self, id: &str) -> Result<PieceView> {
        let piece = self.piece(id)?;
        Ok(PieceView {
            word_count: piece.content.word_count(),
            piece: piece.into(),
        })
    }

    /// The piece file of the piece as it stands: published pieces carry their `published` time.
    pub fn export(&self, id: &str) -> Result<String> {
        Ok(export_text(&self.piece(id)?))
    }

    /// Replaces a piece's content with a piece file's. `base` is the revision the edit started
    /// from (by default the current one); a stale base is a conflict and nothing is saved.
    pub fn edit_file(
        &mut self,
        actor: &str,
        id: &str,
        file: &Path,
        base: Option<i64>,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<SaveOutcome> {
        let name = file.display().to_string();
        let bytes = read_file(file).map_err(|e| Error::bad_input(e.to_string()))?;
        let parsed = piece_file::parse(&name, &bytes)?;
        self.save(actor, id, parsed.content, base, note, now)
    }

    /// Saves new content for a piece as its next revision. `note` says why; on a published
    /// piece the change is a correction, and the note (required) is shown on the page.
    pub fn save(
        &mut self,
        actor: &str,
        id: &str,
        mut content: Content,
        base: Option<i64>,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<SaveOutcome> {
        let person = self.person(actor)?;
        let current = self.piece(id)?;
        let base = base.unwrap_or(current.revision);
        let facts = workflow::facts(&self.conn, &current, Actor::Person(&person))?;
        content.tidy();
        if content.slug.is_empty() {
            content.slug = current.content.slug.clone();
        }
        // Corrections are written by the correct move only; an edit keeps them.
        content.corrections = current.content.corrections.clone();
        workflow::may_change_content(&person, &current, &facts, &content)?;
        content
            .check()
            .map_err(|(key, why)| Error::bad_input(format!("{key}: {why}")))?;
        if base != current.revision {
            return Err(store::StoreError::Stale {
                id: current.id,
                base,
                current: current.revision,
            }
            .into());
        }
        if content == current.content {
            return Ok(SaveOutcome {
                id: current.id,
                revision: current.revision,
                changed: false,
                added_people: vec![],
            });
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let slug_taken_by = store::slug_holder(&self.conn, &content.slug, &current.id)?
            .map(|(_, headline, stage)| (headline, stage));
        workflow::check_edit(&current, &content, slug_taken_by, note)?;
        let tx = store::write(&mut self.conn)?;
        let mut added = Vec::new();
        let bylines = PeopleCache::default().ids(&tx, &content, now, &mut added)?;
        let mut next = current.clone();
        crate::copydesk::follow(&current.content, &content, &mut next.marks);
        next.content = content;
        if current.stage == Stage::Published {
            let input = workflow::MoveInput { note, at: None };
            next = workflow::apply(
                &tx,
                &next,
                Move::Correct,
                Actor::Person(&person),
                &input,
                now,
            )?;
            store::set_bylines(&tx, &next.id, &bylines)?;
        } else {
            next.revision = base + 1;
            next.updated_at = now;
            store::save_piece(
                &tx,
                &next,
                base,
                Some(&bylines),
                Some(person.id),
                Why::Edit,
                note,
            )?;
        }
        tx.commit()?;
        Ok(SaveOutcome {
            id: next.id,
            revision: next.revision,
            changed: true,
            added_people: added,
        })
    }

    pub fn history(&self, id: &str) -> Result<History> {
        let id = self.resolve(id)?;
        Ok(History {
            revisions: store::revisions(&self.conn, &id)?
                .into_iter()
                .map(Into::into)
                .collect(),
            transitions: store::transitions(&self.conn, &id)?
                .into_iter()
                .map(Into::into)
                .collect(),
        })
    }

    /// A unified diff of the piece files at two revisions.
    pub fn diff(&self, id: &str, a: i64, b: i64) -> Result<String> {
        let id = self.resolve(id)?;
        let at = |n: i64| -> Result<String> {
            let p = store::load_revision(&self.conn, &id, n)?
                .ok_or_else(|| Error::not_found(format!("piece {id} has no revision {n}")))?;
            Ok(export_text(&p))
        };
        let (old, new) = (at(a)?, at(b)?);
        Ok(TextDiff::from_lines(&old, &new)
            .unified_diff()
            .context_radius(2)
            .header(&format!("revision {a}"), &format!("revision {b}"))
            .to_string())
    }
}

/// The piece file of a piece as it stands (published pieces carry their `published` time).
pub(crate) fn export_text(p: &Piece) -> String {
    let published = if p.stage == Stage::Published {
        p.published_at
    } else {
        None
    };
    piece_file::write(&p.content, published)
}

pub(super) fn default_slug(headline: &str) -> String {
    let s = slugify(headline);
    if s.is_empty() {
        "piece".to_string()
    } else {
        s
    }
}

fn read_file(path: &Path) -> std::result::Result<Vec<u8>, FileError> {
    let name = path.display().to_string();
    let fail = |message: String| FileError {
        file: name.clone(),
        line: None,
        key: None,
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
    if meta.is_dir() {
        return Err(fail("is a folder, not a piece file".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(format!(
            "the file is {} bytes; a piece file may be at most 10 MB",
            meta.len()
        )));
    }
    std::fs::read(path).map_err(|e| fail(format!("cannot read it: {e}")))
}

fn refused_files(errors: &[FileError]) -> Error {
    let n = errors.len();
    let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    let head = if n == 1 {
        lines[0].clone()
    } else {
        format!("{n} files were refused")
    };
    let rest = if n == 1 {
        String::new()
    } else {
        format!("\n{}", lines.join("\n"))
    };
    Error::bad_input(format!("{head}; nothing was imported{rest}"))
}

/// Finds people by name, adding bylines and contributors who are not yet on the desk as writers.
#[derive(Default)]
pub(super) struct PeopleCache {
    known: HashMap<String, PersonId>,
}

impl PeopleCache {
    fn id(
        &mut self,
        tx: &rusqlite::Transaction,
        name: &str,
        now: DateTime<Utc>,
        added: &mut Vec<String>,
    ) -> Result<Option<PersonId>> {
        let key = name.to_lowercase();
        if let Some(id) = self.known.get(&key) {
            return Ok(Some(*id));
        }
        let id = match store::person_by_name(tx, name)? {
            Some(Person { id, .. }) => id,
            // On a shared desk people are added by an admin: a byline who is not one stays a name.
            None if store::shared(tx)?.is_some() => return Ok(None),
            None => {
                added.push(name.to_string());
                store::add_person(tx, name, &[Role::Writer], &[], now)?.id
            }
        };
        self.known.insert(key, id);
        Ok(Some(id))
    }

    /// The byline ids of `content`, after making sure its list contributors are people too.
    pub(super) fn ids(
        &mut self,
        tx: &rusqlite::Transaction,
        content: &Content,
        now: DateTime<Utc>,
        added: &mut Vec<String>,
    ) -> Result<Vec<PersonId>> {
        for c in content
            .list
            .iter()
            .flat_map(|l| &l.entries)
            .filter_map(|e| e.contributor.as_deref())
        {
            self.id(tx, c, now, added)?;
        }
        let mut ids: Vec<PersonId> = Vec::new();
        for b in &content.bylines {
            if let Some(id) = self.id(tx, b, now, added)? {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        Ok(ids)
    }
}
