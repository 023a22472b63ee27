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
