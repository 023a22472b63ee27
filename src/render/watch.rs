//! Watching the theme folder: notify behind a short debouncer, turned into [`ThemeEvent`]s.
//!
//! A save in an editor arrives as several file events; the debouncer folds them into one, so
//! the preview renders once per save.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};

/// What happened in the theme folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeEvent {
    /// These theme files changed (written, created, removed or renamed).
    Changed(Vec<PathBuf>),
    /// The watcher itself failed; the preview goes on with the theme it has.
    Failed(String),
}

/// How long the debouncer waits for a burst of events to end. Short, so a re-render lands well
/// inside 200 ms of a save.
pub const DEBOUNCE: Duration = Duration::from_millis(40);

/// Watches `dir` while the value lives.
pub struct ThemeWatch {
    _debouncer: Debouncer<RecommendedWatcher>,
}

/// Calls `on_event` for every change in `dir` until the returned watch is dropped.
pub fn watch(
    dir: &Path,
    mut on_event: impl FnMut(ThemeEvent) + Send + 'static,
) -> Result<ThemeWatch, String> {
    let mut debouncer = new_debouncer(DEBOUNCE, move |res: DebounceEventResult| match res {
        Ok(events) => {
            let mut paths: Vec<PathBuf> = events.into_iter().map(|e| e.path).collect();
            paths.sort();
            paths.dedup();
            on_event(ThemeEvent::Changed(paths));
        }
        Err(e) => on_event(ThemeEvent::Failed(e.to_string())),
    })
    .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    debouncer
        .watcher()
        .watch(dir, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    Ok(ThemeWatch {
        _debouncer: debouncer,
    })
}
