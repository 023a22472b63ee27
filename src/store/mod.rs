//! The desk's SQLite file: opening, migrations, and the rows of people, pieces, revisions and
//! transitions.
//!
//! One connection per process, in WAL mode with foreign keys on. Reads take `&Connection`,
//! writes take `&Transaction`, so a caller composes several writes into one transaction. Enum
//! columns hold the domain's stable lowercase names; times are RFC 3339 UTC text of fixed width,
//! so they compare as text.
//!
//! Not here: the workflow's rules (see `workflow`), which decide whether a write may happen.

mod drafts;
mod people;
mod pieces;
mod polls;
pub mod search;
mod shared;
mod views;

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use drafts::{
    drafts_files, forget_drafts_file, open_piece_ids, set_drafts_file, DraftsFileRow,
};
pub use people::{
    add_person, all_people, person_by_gid, person_by_id, person_by_name, person_names,
    replace_person,
};
pub use pieces::{
    all_piece_ids, bylines_include, each_published, insert_piece, insert_transition,
    list_piece_ids, load_piece, load_revision, resolve_id, revisions, save_piece, set_bylines,
    slug_holder, transitions, RevisionRow, TransitionRow, Why,
};
pub use polls::{
    add_apart, add_decision, add_merge, add_poll_event, all_poll_ids, apart, apart_rows, ballots,
    decisions, delete_ballot, delete_poll, insert_poll, merges, poll, poll_events, poll_ids,
    put_ballot, replace_poll, set_poll_open, undo_merge, BallotRow, DecisionRow, MergeRow,
    PollEvent, PollRow,
};
pub use shared::{
    clear_conflict, conflict, conflicts, receive_revision, revision_detail, set_conflict,
    set_shared, set_shared_piece, set_sync_outcome, shared, shared_piece, unsent, unsent_list,
    Conflict, RevisionDetail, Shared,
};
pub use views::{
    board_column, calendar, change_counter, due_ids, id_neighbours, published_count,
    published_sections, CalendarRow, CardRow,
};

/// The migrations, in order; the desk's `user_version` is the number applied.
const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: include_str!("sql/v1_desk.sql"),
        after: None,
    },
    Migration {
        sql: include_str!("sql/v2_search.sql"),
        after: Some(crate::search::reindex_all),
    },
    Migration {
        sql: include_str!("sql/v3_slug_index.sql"),
        after: None,
    },
    Migration {
        sql: include_str!("sql/v4_shared.sql"),
        after: None,
    },
    Migration {
        sql: include_str!("sql/v5_polls.sql"),
        after: None,
    },
    Migration {
        sql: include_str!("sql/v6_marks.sql"),
        after: None,
    },
    Migration {
        sql: include_str!("sql/v7_cjk_search.sql"),
        after: Some(crate::search::reindex_all),
    },
    Migration {
        sql: include_str!("sql/v8_drafts_folder.sql"),
        after: None,
    },
];

/// What a new desk is created with: the result of every migration.
const CURRENT: &str = include_str!("sql/current.sql");

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

struct Migration {
    sql: &'static str,
    /// Data work that follows the SQL in the same transaction.
    after: Option<fn(&Transaction) -> rusqlite::Result<()>>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the desk at {path} was written by a newer Galley (schema {found}; this Galley knows up to {SCHEMA_VERSION}): update Galley to open it")]
    TooNew { path: String, found: i64 },
    #[error("no desk at {0}: create it first")]
    Missing(String),
    #[error("{path} is not a Galley desk: {why}")]
    NotADesk { path: String, why: String },
    #[error("the desk could not be read or written: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("piece {id} changed since revision {base} (it is at revision {current} now): nothing was saved; reload it and make the change again")]
    Stale { id: String, base: i64, current: i64 },
    #[error("a stored piece could not be read: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Opens the desk at `path`, creating it when `create` is set, and brings its schema up to date.
pub fn open(path: &Path, create: bool) -> Result<Connection> {
    let shown = path.display().to_string();
    if !create && !path.exists() {
        return Err(StoreError::Missing(shown));
    }
    if create {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::NotADesk {
                path: shown.clone(),
                why: format!("cannot create its folder: {e}"),
            })?;
        }
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | if create {
            OpenFlags::SQLITE_OPEN_CREATE
        } else {
            OpenFlags::empty()
        };
    let mut conn = Connection::open_with_flags(path, flags)?;
    configure(&conn).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            StoreError::NotADesk {
                path: shown.clone(),
                why: "the file is not an SQLite database".into(),
            }
        }
        e => StoreError::Sql(e),
    })?;
    migrate(&mut conn, &shown)?;
    Ok(conn)
}

/// Opens an existing desk to read only (`SQLITE_OPEN_READ_ONLY`). The desk must be at this
/// Galley's schema: a read-only connection cannot upgrade it, so the writer opens it first.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    let shown = path.display().to_string();
    if !path.exists() {
        return Err(StoreError::Missing(shown));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found != SCHEMA_VERSION {
        return Err(StoreError::NotADesk {
            path: shown,
            why: format!("its schema is version {found}, not {SCHEMA_VERSION}; open it to write first, which upgrades it"),
        });
    }
    Ok(conn)
}

/// How many pieces the desk holds.
pub fn piece_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM piece", [], |r| r.get(0))?)
}

/// An in-memory desk, for tests and benchmarks.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrate(&mut conn, ":memory:")?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // WAL lets the app read while the scheduler or the CLI writes. synchronous=FULL: a save that
    // returned is on disk, even if the machine loses power a moment later.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn migrate(conn: &mut Connection, shown: &str) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: shown.to_string(),
            found,
        });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    let empty: bool = tx.query_row("SELECT count(*) = 0 FROM sqlite_master", [], |r| r.get(0))?;
    if found == 0 && empty {
        tx.execute_batch(CURRENT)?;
    } else if found == 0 {
        return Err(StoreError::NotADesk {
            path: shown.to_string(),
            why: "it holds tables of another program".into(),
        });
    } else {
        upgrade(&tx, found)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// Applies the migrations after `from`, in order, inside the caller's transaction.
fn upgrade(tx: &Transaction, from: i64) -> rusqlite::Result<()> {
    for m in &MIGRATIONS[from as usize..] {
        tx.execute_batch(m.sql)?;
        if let Some(after) = m.after {
            after(tx)?;
        }
    }
    Ok(())
}

/// Starts a write: IMMEDIATE, so two writers queue instead of failing half-way.
pub fn write(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set_setting(tx: &Transaction, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// Times as stored: fixed-width RFC 3339 in UTC, so text order is time order.
pub fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse_time(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("bad time `{s}`: {e}")))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The schema as SQLite reports it, with whitespace folded so layout does not count.
    pub(crate) fn schema(conn: &Connection) -> Vec<(String, String, String)> {
        let mut st = conn
            .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
            .unwrap();
        st.query_map([], |r| {
            let sql: String = r.get(2)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                sql.split_whitespace().collect::<Vec<_>>().join(" "),
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    #[test]
    fn upgraded_desk_equals_fresh_desk() {
        let fresh = open_in_memory().unwrap();
        let mut old = Connection::open_in_memory().unwrap();
        configure(&old).unwrap();
        // A desk as the first Galley left it: migration 1 only, with a piece in it.
        old.execute_batch(MIGRATIONS[0].sql).unwrap();
        old.pragma_update(None, "user_version", 1).unwrap();
        old.execute(
            "INSERT INTO piece (id, kind, section, headline, slug, stage, revision, word_count, created_at, updated_at, content)
             VALUES ('p1', 'feature', 'Books', 'Old', 'old', 'draft', 1, 1, 't', 't', ?1)",
            [r#"{"kind":"feature","section":"Books","headline":"Old Lighthouse","dek":"","slug":"old","bylines":[],"tags":[],"image":null,"review":null,"list":null,"corrections":[],"body":"Keepers\n"}"#],
        )
        .unwrap();
        migrate(&mut old, "old").unwrap();
        assert_eq!(
            schema(&old),
            schema(&fresh),
            "an upgraded desk must have exactly the schema of a new one"
        );
        let version = |c: &Connection| {
            c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
                .unwrap()
        };
        assert_eq!(version(&old), SCHEMA_VERSION);
        let hits: i64 = old
            .query_row(
                "SELECT count(*) FROM piece_fts WHERE piece_fts MATCH 'lighthouse'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            hits, 1,
            "migration 2 indexes the pieces that were already on the desk"
        );
    }

    #[test]
    fn slug_holder_looks_up_the_slug_instead_of_reading_every_piece() {
        let conn = open_in_memory().unwrap();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", pieces::SLUG_HOLDER_SQL))
            .unwrap()
            .query_map(["some-slug", ""], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(
            plan.iter()
                .any(|step| step.contains("INDEX piece_going_out_slug")),
            "the slug check must use its index, not scan the desk: {plan:?}"
        );
    }

    #[test]
    fn newer_desk_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.galley");
        drop(open(&path, true).unwrap());
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(c);
        let err = open(&path, false).unwrap_err();
        assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
        assert!(err.to_string().contains("newer Galley"), "{err}");
    }

    #[test]
    fn a_missing_desk_is_not_created_by_accident() {
        let dir = tempfile::tempdir().unwrap();
        let err = open(&dir.path().join("nope.galley"), false).unwrap_err();
        assert!(err.to_string().contains("no desk at"), "{err}");
        assert!(
            !dir.path().join("nope.galley").exists(),
            "opening did not create it"
        );
    }
}
