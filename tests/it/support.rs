//! Shared helpers: the shared fixtures beside the checkout, fresh desks, and the CLI binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, Utc};
use galley::api::Desk;
use galley::domain::Role;

/// `../shared` beside the checkout, or `GALLEY_SHARED`. When `GALLEY_REQUIRE_SHARED` is set (CI
/// sets it) a missing folder fails the test instead of skipping the part that needs it.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("GALLEY_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.join("fixtures").is_dir() {
        return Some(dir);
    }
    if std::env::var_os("GALLEY_REQUIRE_SHARED").is_some() {
        panic!(
            "the shared fixtures are missing at {} (GALLEY_REQUIRE_SHARED is set)",
            dir.display()
        );
    }
    eprintln!("skipping: no shared fixtures at {}", dir.display());
    None
}

pub fn fixture(name: &str) -> Option<PathBuf> {
    shared().map(|d| d.join("fixtures").join(name))
}

pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A desk in memory with an editor, a copy editor, a writer and a music section editor.
pub fn staffed_desk() -> Desk {
    let mut d = Desk::in_memory().unwrap();
    let now = t("2026-01-01T00:00:00Z");
    d.add_person(None, "Ed", &[Role::Editor, Role::Admin], &[], now)
        .unwrap();
    d.add_person(Some("Ed"), "Cora", &[Role::CopyEditor], &[], now)
        .unwrap();
    d.add_person(Some("Ed"), "Wren", &[Role::Writer], &[], now)
        .unwrap();
    d.add_person(
        Some("Ed"),
        "Sam",
        &[Role::SectionEditor, Role::Writer],
        &["Music".to_string()],
        now,
    )
    .unwrap();
    d
}

/// A piece file of our own: a film review by Wren, complete enough to be scheduled.
pub fn film_review(headline: &str) -> String {
    format!(
        "---\nkind: review\nsection: Film\nheadline: \"{headline}\"\ndek: A heist picture that takes its time.\nbylines: [Wren]\nreview:\n  medium: film\n  title: Heat\n  director: Michael Mann\n  cast: [Al Pacino, Robert De Niro]\n  rated: R\n  year: 1995\n  runtime: 170\n  releases:\n    - {{region: US, date: 1995-12-15, note: Wide release}}\n  score: 9\n---\nMann shoots Los Angeles at night as if it were a sea.\n\nThe diner scene is two actors listening.\n"
    )
}

/// Runs the `galley` binary on the desk at `db`.
pub fn galley(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galley"))
        .env("GALLEY_DB", db)
        .env_remove("GALLEY_AS")
        .args(args)
        .output()
        .expect("the galley binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
