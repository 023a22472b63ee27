//! The drafts folder: a folder a person keeps in step with the desk, each piece they may edit
//! there as a piece file named by its slug (its `id` and `revision` in the front matter), so a
//! writer can draft in their own editor.
//!
//! `Desk::drafts_pass` is one pass of keeping them in step, run by whoever watches the folder
//! (`galley drafts DIR`, the app) after a file changes or the desk does:
//! - a file whose bytes differ from what Galley last wrote or read is read: at the piece's
//!   revision, its content is saved as the next revision (the same rules as any save) and the
//!   file rewritten with the new revision; older than the piece, it is a conflict and the file
//!   is left as it is; a file that does not parse is an error naming the file, line and key,
//!   and nothing changes; a file without an `id` becomes a new piece;
//! - a piece changed on the desk is written to its file atomically (a temporary file, then a
//!   rename), unless the file changed since Galley wrote it: that is a conflict too;
//! - a deleted file is noted and its piece stays.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Desk, Error, ErrorCode, ImportMode, Result};
use crate::domain::{Piece, Stage};
use crate::piece_file;
use crate::store::{self, DraftsFileRow};
use crate::workflow::{self, Actor};

/// What a pass did, and what it found that a person must look at.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct DraftsReport {
    /// Files written from the desk (new pieces, pieces changed on the desk).
    pub written: Vec<String>,
    /// Files whose changes were saved as new revisions: file, piece id, revision.
    pub saved: Vec<DraftSaved>,
    /// Files that became new pieces.
    pub created: Vec<DraftSaved>,
    pub conflicts: Vec<DraftConflict>,
    pub errors: Vec<DraftError>,
    /// Files deleted from the folder (their pieces stay on the desk).
    pub deleted: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DraftSaved {
    pub file: String,
    pub id: String,
    pub revision: i64,
}

/// A file and its piece that both changed: the file's text and the desk's, side by side.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DraftConflict {
    pub file: String,
    pub id: String,
    pub headline: String,
    /// The revision the file was written from, and the piece's now.
    pub file_revision: i64,
    pub desk_revision: i64,
    /// The file as it is in the folder.
    pub file_text: String,
    /// The piece as the desk has it, as a piece file.
    pub desk_text: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DraftError {
    pub file: String,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

/// The drafts folder as the window shows it: the folder, what stands to be settled, and the
/// pieces the last pass changed (an open one reloads).
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct DraftsStatus {
    pub dir: Option<String>,
    pub conflicts: Vec<DraftConflict>,
    pub errors: Vec<DraftError>,
    pub changed: Vec<String>,
    /// What the last pass did, a line each.
    pub activity: Vec<String>,
}

impl DraftsStatus {
    pub(crate) fn of(dir: &Path, r: &DraftsReport, changed: Vec<String>) -> DraftsStatus {
        let mut activity = Vec::new();
        activity.extend(
            r.saved
                .iter()
                .map(|s| format!("saved {} as revision {}", s.file, s.revision)),
        );
        activity.extend(
            r.created
                .iter()
                .map(|s| format!("{} is a new piece", s.file)),
        );
        activity.extend(r.written.iter().map(|f| format!("wrote {f}")));
        activity.extend(
            r.deleted
                .iter()
                .map(|f| format!("{f} was deleted; its piece stays on the desk")),
        );
        DraftsStatus {
            dir: Some(dir.display().to_string()),
            conflicts: r.conflicts.clone(),
            errors: r.errors.clone(),
            changed,
            activity,
        }
    }
}

/// Which side of a conflict to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum KeepDraft {
    /// The file's text, saved over the desk's as the next revision.
    File,
    /// The desk's piece, written over the file.
    Desk,
}

/// A stable hash of a file's bytes (FNV-1a, 64 bits), kept to tell our own writes from others'.
fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The folder's key in the store: its absolute path.
fn dir_key(dir: &Path) -> Result<String> {
    let abs = std::fs::canonicalize(dir)
        .map_err(|e| Error::bad_input(format!("{}: {e}", dir.display())))?;
    Ok(abs.display().to_string())
}

/// A file name for a slug: letters, digits, `-`, `_` and `.` kept, anything else (a `/` of a
/// crafted slug above all) a `-`; never empty, never hidden.
pub(crate) fn file_stem(slug: &str) -> String {
    let s: String = slug
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "piece".into()
    } else {
        s
    }
}

/// Is `name` a piece file of the folder (not a hidden file, an editor's backup or swap file)?
fn is_piece_file(name: &str) -> bool {
    name.ends_with(".md") && !name.starts_with('.') && !name.starts_with('~')
}

/// The text of `piece` as its file in the folder: the content with the id, stage and revision
/// (the copy desk's marks stay on the desk).
fn file_text(piece: &Piece) -> String {
    let mut p = piece.clone();
    p.marks = Default::default();
    piece_file::write_piece(&p)
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |e: std::io::Error| Error::new(ErrorCode::Storage, format!("{}: {e}", path.display()));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.galley-tmp"));
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

impl Desk {
    /// The pieces `actor` may edit that are still being worked on, oldest first.
    fn editable(&self, actor: &str) -> Result<Vec<Piece>> {
        let mut out = Vec::new();
        for id in store::open_piece_ids(&self.conn)? {
            let Some(p) = store::load_piece(&self.conn, &id)? else {
                continue;
            };
            if self.in_folder(actor, &p)? {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// Whether `piece` belongs in `actor`'s folder: still being worked on, and theirs to edit.
    fn in_folder(&self, actor: &str, piece: &Piece) -> Result<bool> {
        if !matches!(
            piece.stage,
            Stage::Draft | Stage::Copyedit | Stage::Scheduled
        ) {
            return Ok(false);
        }
        let person = self.person(actor)?;
        let facts = workflow::facts(&self.conn, piece, Actor::Person(&person))?;
        Ok(workflow::may_edit(&person, piece, &facts).is_ok())
    }

    fn record(&mut self, dir: &str, row: DraftsFileRow) -> Result<()> {
        let tx = store::write(&mut self.conn)?;
        store::set_drafts_file(&tx, dir, &row)?;
        tx.commit()?;
        Ok(())
    }

    /// One pass of keeping `dir` and the desk in step for `actor` (see the module's doc).
    /// `desk_changed` says whether to look at the desk's pieces too (always on the first pass;
    /// after a change of a file alone, the files are enough).
    pub fn drafts_pass(
        &mut self,
        actor: &str,
        dir: &Path,
        desk_changed: bool,
        now: DateTime<Utc>,
    ) -> Result<DraftsReport> {
        self.person(actor)?;
        let key = dir_key(dir)?;
        let mut report = DraftsReport::default();
        let rows = store::drafts_files(&self.conn, &key)?;
        let by_name: HashMap<String, DraftsFileRow> =
            rows.iter().map(|r| (r.name.clone(), r.clone())).collect();
        let mut on_disk: HashSet<String> = HashSet::new();
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| Error::bad_input(format!("{}: {e}", dir.display())))?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| is_piece_file(n))
            .collect();
        names.sort();

        // The files first: what changed in the folder.
        for name in names {
            on_disk.insert(name.clone());
            let path = dir.join(&name);
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let h = hash(&bytes);
            let known = by_name.get(&name);
            if known.is_some_and(|r| r.hash.as_deref() == Some(h.as_str())) {
                continue;
            }
            let shown = path.display().to_string();
            let parsed = match piece_file::parse(&shown, &bytes) {
                Ok(p) => p,
                Err(e) => {
                    report.errors.push(DraftError {
                        file: shown,
                        line: e.line,
                        key: e.key,
                        message: e.message,
                    });
                    continue;
                }
            };
            let Some(state) = parsed.state.clone() else {
                // A new file: a new piece (its writer's, when it names no byline), and the file
                // rewritten with its id and revision.
                let bytes = if parsed.content.bylines.is_empty() {
                    let mut content = parsed.content.clone();
                    content.bylines.push(actor.to_string());
                    piece_file::write(&content, None).into_bytes()
                } else {
                    bytes
                };
                let r = self.import(actor, vec![(shown.clone(), bytes)], ImportMode::Drafts, now);
                match r {
                    Ok(r) => {
                        let id = r.pieces[0].id.clone();
                        let piece = self.piece(&id)?;
                        let text = file_text(&piece);
                        write_atomic(&path, text.as_bytes())?;
                        self.record(
                            &key,
                            DraftsFileRow {
                                piece_id: id.clone(),
                                name: name.clone(),
                                revision: piece.revision,
                                hash: Some(hash(text.as_bytes())),
                            },
                        )?;
                        report.created.push(DraftSaved {
                            file: shown,
                            id,
                            revision: piece.revision,
                        });
                    }
                    Err(e) => report.errors.push(DraftError {
                        file: shown,
                        line: None,
                        key: None,
                        message: e.message,
                    }),
                }
                continue;
            };
            let piece = match self.piece(&state.id) {
                Ok(p) => p,
                Err(e) => {
                    report.errors.push(DraftError {
                        file: shown,
                        line: Some(2),
                        key: Some("id".into()),
                        message: e.message,
                    });
                    continue;
                }
            };
            if state.revision < piece.revision {
                report.conflicts.push(DraftConflict {
                    file: shown,
                    id: piece.id.clone(),
                    headline: piece.content.headline.clone(),
                    file_revision: state.revision,
                    desk_revision: piece.revision,
                    file_text: String::from_utf8_lossy(&bytes).into_owned(),
                    desk_text: file_text(&piece),
                });
                continue;
            }
            if state.revision > piece.revision {
                report.errors.push(DraftError {
                    file: shown,
                    line: None,
                    key: Some("revision".into()),
                    message: format!("revision {} is ahead of the desk's ({}): the file was not written from this desk", state.revision, piece.revision),
                });
                continue;
            }
            let note = format!("saved from the drafts folder ({name})");
            match self.save(
                actor,
                &piece.id,
                parsed.content,
                Some(piece.revision),
                Some(&note),
                now,
            ) {
                Ok(out) => {
                    let piece = self.piece(&piece.id)?;
                    let text = file_text(&piece);
                    if text.as_bytes() != bytes.as_slice() {
                        write_atomic(&path, text.as_bytes())?;
                    }
                    self.record(
                        &key,
                        DraftsFileRow {
                            piece_id: piece.id.clone(),
                            name: name.clone(),
                            revision: piece.revision,
                            hash: Some(hash(text.as_bytes())),
                        },
                    )?;
                    if out.changed {
                        report.saved.push(DraftSaved {
                            file: shown,
                            id: piece.id,
                            revision: out.revision,
                        });
                    }
                }
                Err(e) => report.errors.push(DraftError {
                    file: shown,
                    line: None,
                    key: None,
                    message: e.message,
                }),
            }
        }

        // Files Galley wrote that are gone: noted, and their pieces stay. (Read again: a file
        // renamed in the folder was recorded under its new name just above.)
        for r in &store::drafts_files(&self.conn, &key)? {
            if r.hash.is_some() && !on_disk.contains(&r.name) {
                self.record(
                    &key,
                    DraftsFileRow {
                        hash: None,
                        ..r.clone()
                    },
                )?;
                report.deleted.push(dir.join(&r.name).display().to_string());
            }
        }

        if !desk_changed {
            return Ok(report);
        }
        // Then the desk: pieces new to the folder, and pieces changed since their file was written.
        let rows: HashMap<String, DraftsFileRow> = store::drafts_files(&self.conn, &key)?
            .into_iter()
            .map(|r| (r.piece_id.clone(), r))
            .collect();
        let mut taken: HashSet<String> = rows.values().map(|r| r.name.clone()).collect();
        let conflicted: HashSet<String> = report.conflicts.iter().map(|c| c.id.clone()).collect();
        for piece in self.editable(actor)? {
            if conflicted.contains(&piece.id) {
                continue;
            }
            let text = file_text(&piece);
            match rows.get(&piece.id) {
                None => {
                    let stem = file_stem(&piece.content.slug);
                    let mut name = format!("{stem}.md");
                    let mut n = 1;
                    while taken.contains(&name) || dir.join(&name).exists() {
                        n += 1;
                        name = format!("{stem}-{n}.md");
                    }
                    taken.insert(name.clone());
                    write_atomic(&dir.join(&name), text.as_bytes())?;
                    self.record(
                        &key,
                        DraftsFileRow {
                            piece_id: piece.id.clone(),
                            name: name.clone(),
                            revision: piece.revision,
                            hash: Some(hash(text.as_bytes())),
                        },
                    )?;
                    report.written.push(dir.join(&name).display().to_string());
                }
                Some(r) if piece.revision > r.revision => {
                    let path = dir.join(&r.name);
                    let now_bytes = std::fs::read(&path).ok();
                    let untouched = match (&now_bytes, &r.hash) {
                        (Some(b), Some(h)) => hash(b) == *h,
                        // Deleted from the folder: written again now that the piece changed.
                        (None, _) => true,
                        // Deleted, then put back by someone: theirs until they settle it.
                        (Some(_), None) => false,
                    };
                    if untouched {
                        write_atomic(&path, text.as_bytes())?;
                        self.record(
                            &key,
                            DraftsFileRow {
                                revision: piece.revision,
                                hash: Some(hash(text.as_bytes())),
                                ..r.clone()
                            },
                        )?;
                        report.written.push(path.display().to_string());
                    } else {
                        report.conflicts.push(DraftConflict {
                            file: path.display().to_string(),
                            id: piece.id.clone(),
                            headline: piece.content.headline.clone(),
                            file_revision: r.revision,
                            desk_revision: piece.revision,
                            file_text: String::from_utf8_lossy(
                                now_bytes.as_deref().unwrap_or_default(),
                            )
                            .into_owned(),
                            desk_text: text,
                        });
                    }
                }
                Some(_) => {}
            }
        }
        Ok(report)
    }

    /// Settles a conflict of the drafts folder: the file's text saved over the desk's as the
    /// next revision, or the desk's piece written over the file.
    pub fn drafts_resolve(
        &mut self,
        actor: &str,
        dir: &Path,
        id: &str,
        file: Option<&str>,
        keep: KeepDraft,
        now: DateTime<Utc>,
    ) -> Result<DraftsReport> {
        let key = dir_key(dir)?;
        let piece = self.piece(id)?;
        let row = store::drafts_files(&self.conn, &key)?
            .into_iter()
            .find(|r| r.piece_id == piece.id)
            .ok_or_else(|| {
                Error::not_found(format!(
                    "piece {} has no file in {}",
                    piece.id,
                    dir.display()
                ))
            })?;
        // The file of the conflict (it may have been renamed since Galley wrote it), in the folder.
        let name = file
            .and_then(|f| Path::new(f).file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| row.name.clone());
        let path: PathBuf = dir.join(&name);
        let shown = path.display().to_string();
        let bytes = std::fs::read(&path).map_err(|e| Error::bad_input(format!("{shown}: {e}")))?;
        if keep == KeepDraft::File {
            let parsed = piece_file::parse(&shown, &bytes)?;
            let note = format!("kept the drafts folder's version ({name})");
            self.save(
                actor,
                &piece.id,
                parsed.content,
                Some(piece.revision),
                Some(&note),
                now,
            )?;
        }
        let piece = self.piece(&piece.id)?;
        if !self.in_folder(actor, &piece)? {
            // Out of the writer's hands now (published, or moved on): the file stays as it is,
            // and is not reported again.
            self.record(
                &key,
                DraftsFileRow {
                    name,
                    revision: piece.revision,
                    hash: Some(hash(&bytes)),
                    ..row
                },
            )?;
            return Ok(DraftsReport::default());
        }
        let text = file_text(&piece);
        write_atomic(&path, text.as_bytes())?;
        self.record(
            &key,
            DraftsFileRow {
                name,
                revision: piece.revision,
                hash: Some(hash(text.as_bytes())),
                ..row
            },
        )?;
        Ok(DraftsReport {
            written: vec![shown],
            ..DraftsReport::default()
        })
    }
}

/// How long the folder is quiet before a pass: an editor's save (a write, or a new file and a
/// rename) is one event.
const DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(150);

/// Watches `dir` (not its subfolders) and sends on `changed` when files there settle after a
/// change. The watch ends when the returned value is dropped.
pub fn watch_folder(
    dir: &Path,
    changed: std::sync::mpsc::Sender<()>,
) -> Result<notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>> {
    use notify_debouncer_mini::notify::RecursiveMode;
    let mut d = notify_debouncer_mini::new_debouncer(
        DEBOUNCE,
        move |res: notify_debouncer_mini::DebounceEventResult| {
            if res.is_ok() {
                let _ = changed.send(());
            }
        },
    )
    .map_err(|e| {
        Error::new(
            ErrorCode::Storage,
            format!("watching {}: {e}", dir.display()),
        )
    })?;
    d.watcher()
        .watch(dir, RecursiveMode::NonRecursive)
        .map_err(|e| Error::bad_input(format!("watching {}: {e}", dir.display())))?;
    Ok(d)
}

impl Desk {
    /// A number that changes whenever the desk does (any connection's write).
    pub fn desk_version(&self) -> Result<(i64, u64)> {
        Ok(store::change_counter(&self.conn)?)
    }
}
