//! The app's log: a file in the OS log folder (`~/.local/state/galley/galley.log` on Linux),
//! kept to a bounded size by turning it over to `galley.log.1` when it passes [`MAX_BYTES`], so a
//! bug report can carry it and it never fills a disk. Each command is a span with its time (see
//! `galley::api::commands`); lines carry command names, codes and ids, never a piece's text.
//! `GALLEY_LOG` sets the filter (default `info`).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The file turns over past this size; with the one old file, the log holds at most twice it.
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// The log file's path: the OS state (or local data) folder.
pub fn path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "galley")?;
    let dir = dirs
        .state_dir()
        .unwrap_or_else(|| dirs.data_local_dir())
        .to_path_buf();
    Some(dir.join("galley.log"))
}

/// Starts logging to `path`; on failure the app runs without a log and says so on stderr.
pub fn start(path: &Path) -> bool {
    match Rotating::open(path) {
        Ok(file) => {
            let filter = tracing_subscriber::EnvFilter::try_from_env("GALLEY_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
            let writer = Arc::new(Mutex::new(file));
            tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_ansi(false)
                .with_target(false)
                .with_writer(move || Shared(writer.clone()))
                .init();
            true
        }
        Err(e) => {
            eprintln!("note: no log file at {}: {e}", path.display());
            false
        }
    }
}

struct Rotating {
    path: PathBuf,
    file: File,
    size: u64,
}

impl Rotating {
    fn open(path: &Path) -> io::Result<Rotating> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let size = file.metadata()?.len();
        Ok(Rotating {
            path: path.to_path_buf(),
            file,
            size,
        })
    }

    fn turn_over(&mut self) -> io::Result<()> {
        let old = self.path.with_extension("log.1");
        std::fs::rename(&self.path, old)?;
        self.file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        self.size = 0;
        Ok(())
    }
}

impl Write for Rotating {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.size + buf.len() as u64 > MAX_BYTES && self.size > 0 {
            self.turn_over()?;
        }
        let n = self.file.write(buf)?;
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// The writer each log line takes: the one file, behind its lock.
struct Shared(Arc<Mutex<Rotating>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_turns_over_and_stays_bounded() {
        let dir = std::env::temp_dir().join(format!("galley-log-{}", std::process::id()));
        let path = dir.join("galley.log");
        let mut log = Rotating::open(&path).unwrap();
        let line = vec![b'x'; 1024];
        for _ in 0..(MAX_BYTES / 1024) * 3 {
            log.write_all(&line).unwrap();
        }
        let now = std::fs::metadata(&path).unwrap().len();
        let old = std::fs::metadata(path.with_extension("log.1"))
            .unwrap()
            .len();
        assert!(
            now <= MAX_BYTES && old <= MAX_BYTES,
            "{now} and {old} bytes"
        );
        assert!(old > 0, "the old file was kept");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
