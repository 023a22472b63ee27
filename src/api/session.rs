//! A person at an open desk, as the app and the loopback host hold it: the desk, a second
//! read-only connection for the live preview, who is signed in, the preview's last good pages,
//! and the long work under way. Every host (the Tauri shell, `galley serve`) keeps one
//! `Session` and calls the declared commands on it (see `commands`).
//!
//! Not here: the clock (each call is handed `now`), and anything about a transport.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};

use super::{sync_in_steps, Desk, Error, ErrorCode, Progress, Result, SyncDesk, SyncReport};
use crate::render::preview::Preview;
use crate::render::Theme;

pub struct Session {
    desk: Mutex<Desk>,
    /// The live preview reads through its own read-only connection, so a save committing on
    /// the desk's connection never holds up a keystroke's preview.
    reader: Mutex<Desk>,
    actor: Mutex<Option<String>>,
    preview: Mutex<Preview>,
    db_path: PathBuf,
    /// Where this host writes its log, if it writes one (shown in the app's "about" line).
    log_path: Option<PathBuf>,
    tasks: Mutex<HashMap<u32, Arc<Task>>>,
    /// Held for a whole sync, so that two (the minute's and one after a save) never overlap.
    syncing: Mutex<()>,
    /// The drafts folder kept in step with the desk, when the person picked one.
    drafts: Mutex<Option<DraftsWatch>>,
}

/// A drafts folder under watch: the watcher marks it dirty when files there settle; the
/// window's poll runs a pass then, or when the desk changed.
struct DraftsWatch {
    dir: PathBuf,
    person: String,
    dirty: Arc<AtomicBool>,
    _watcher: notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
    seen: Option<(i64, u64)>,
    /// The conflicts and errors of the last pass: they stand until a pass finds them gone.
    last: super::DraftsReport,
}

/// Long work under way: cleared to cancel, and how far it has got.
#[derive(Default)]
pub(crate) struct Task {
    cancelled: AtomicBool,
    last: Mutex<Option<Progress>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while a lock was held leaves the data as it was: every write to the desk is one
    // transaction, so there is nothing half-done to protect against.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Session {
    /// Opens (creating if need be) the desk at `path`, with `actor` signed in if given; a
    /// shared desk's own person is signed in when no one is named.
    pub fn open(path: &Path, actor: Option<String>, log_path: Option<PathBuf>) -> Result<Session> {
        let desk = Desk::init(path)?;
        let actor = actor
            .filter(|a| !a.trim().is_empty())
            .or(desk.shared()?.and_then(|s| s.person));
        let reader = Desk::open_read_only(path)?;
        let theme = desk.theme().unwrap_or_else(|_| Theme::embedded());
        Ok(Session {
            desk: Mutex::new(desk),
            reader: Mutex::new(reader),
            actor: Mutex::new(actor),
            preview: Mutex::new(Preview::new(theme)),
            db_path: path.to_path_buf(),
            log_path,
            tasks: Mutex::new(HashMap::new()),
            syncing: Mutex::new(()),
            drafts: Mutex::new(None),
        })
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    pub fn log_path(&self) -> Option<&Path> {
        self.log_path.as_deref()
    }

    pub(crate) fn desk(&self) -> MutexGuard<'_, Desk> {
        lock(&self.desk)
    }

    pub(crate) fn reader(&self) -> MutexGuard<'_, Desk> {
        lock(&self.reader)
    }

    pub(crate) fn preview(&self) -> MutexGuard<'_, Preview> {
        lock(&self.preview)
    }

    /// The person signed in, if anyone is.
    pub fn signed_in(&self) -> Option<String> {
        lock(&self.actor).clone()
    }

    pub(crate) fn sign_in(&self, name: String) {
        // A drafts folder is one person's: it stops when someone else signs in.
        let mut drafts = lock(&self.drafts);
        if drafts.as_ref().is_some_and(|w| w.person != name) {
            *drafts = None;
        }
        drop(drafts);
        *lock(&self.actor) = Some(name);
    }

    /// The person at the desk; every change is made as them.
    pub(crate) fn actor(&self) -> Result<String> {
        self.signed_in()
            .ok_or_else(|| Error::new(ErrorCode::BadInput, "choose who you are first"))
    }

    /// Syncs with the shared desk. The desk is locked for each local step only, never while
    /// git talks to the server, so the window's saves and reads go on meanwhile.
    pub(crate) fn sync(&self, now: DateTime<Utc>) -> Result<SyncReport> {
        let _one = lock(&self.syncing);
        sync_in_steps(StepLocked(&self.desk), now)
    }

    /// Keeps `dir` in step with the desk for the person signed in (a first full pass now), or
    /// stops (`None`).
    pub(crate) fn drafts_folder(
        &self,
        dir: Option<&Path>,
        now: DateTime<Utc>,
    ) -> Result<super::DraftsStatus> {
        let Some(dir) = dir else {
            *lock(&self.drafts) = None;
            return Ok(super::DraftsStatus::default());
        };
        if !dir.is_dir() {
            return Err(Error::bad_input(format!("{}: not a folder", dir.display())));
        }
        let person = self.actor()?;
        let dirty = Arc::new(AtomicBool::new(true));
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let watcher = super::watch_folder(dir, tx)?;
        let flag = dirty.clone();
        std::thread::spawn(move || {
            // Ends when the watcher, and with it the sender, is dropped.
            while rx.recv().is_ok() {
                flag.store(true, Ordering::SeqCst);
            }
        });
        *lock(&self.drafts) = Some(DraftsWatch {
            dir: dir.to_path_buf(),
            person,
            dirty,
            _watcher: watcher,
            seen: None,
            last: super::DraftsReport::default(),
        });
        self.drafts_poll(now)
    }

    /// Runs a pass of the drafts folder if its files or the desk changed since the last.
    pub(crate) fn drafts_poll(&self, now: DateTime<Utc>) -> Result<super::DraftsStatus> {
        let mut guard = lock(&self.drafts);
        let Some(w) = guard.as_mut() else {
            return Ok(super::DraftsStatus::default());
        };
        let files = w.dirty.swap(false, Ordering::SeqCst);
        let mut desk = self.desk();
        let version = desk.desk_version()?;
        let desk_changed = w.seen != Some(version);
        let mut changed = Vec::new();
        if files || desk_changed {
            let r = desk.drafts_pass(&w.person, &w.dir, desk_changed, now)?;
            changed = r
                .saved
                .iter()
                .chain(&r.created)
                .map(|s| s.id.clone())
                .collect();
            w.seen = Some(desk.desk_version()?);
            w.last = r;
        }
        Ok(super::DraftsStatus::of(&w.dir, &w.last, changed))
    }

    /// Settles a conflict of the drafts folder.
    pub(crate) fn drafts_resolve(
        &self,
        id: &str,
        file: Option<&str>,
        keep: super::KeepDraft,
        now: DateTime<Utc>,
    ) -> Result<super::DraftsStatus> {
        {
            let guard = lock(&self.drafts);
            let w = guard
                .as_ref()
                .ok_or_else(|| Error::bad_input("no drafts folder is kept in step"))?;
            let (dir, person) = (w.dir.clone(), w.person.clone());
            drop(guard);
            self.desk()
                .drafts_resolve(&person, &dir, id, file, keep, now)?;
        }
        if let Some(w) = lock(&self.drafts).as_mut() {
            w.dirty.store(true, Ordering::SeqCst);
            w.seen = None;
        }
        let mut status = self.drafts_poll(now)?;
        status.changed.push(id.to_string());
        Ok(status)
    }

    /// Starts long work numbered `task` by the caller.
    pub(crate) fn start_task(&self, task: u32) -> Arc<Task> {
        let t = Arc::new(Task::default());
        lock(&self.tasks).insert(task, t.clone());
        t
    }

    pub(crate) fn end_task(&self, task: u32) {
        lock(&self.tasks).remove(&task);
    }

    pub(crate) fn cancel_task(&self, task: u32) {
        if let Some(t) = lock(&self.tasks).get(&task) {
            t.cancelled.store(true, Ordering::Relaxed);
        }
    }

    /// How far task `task` has got; `None` once it has ended (or before it reported).
    pub(crate) fn task_progress(&self, task: u32) -> Option<Progress> {
        lock(&self.tasks).get(&task).and_then(|t| *lock(&t.last))
    }
}

/// The session's desk as a sync reaches it: locked for one step at a time.
struct StepLocked<'a>(&'a Mutex<Desk>);

impl SyncDesk for StepLocked<'_> {
    fn step<R>(&mut self, f: impl FnOnce(&mut Desk) -> R) -> R {
        f(&mut lock(self.0))
    }
}

impl Task {
    /// Records `p` and answers whether to go on.
    pub(crate) fn report(&self, p: Progress) -> bool {
        *lock(&self.last) = Some(p);
        !self.cancelled.load(Ordering::Relaxed)
    }
}
