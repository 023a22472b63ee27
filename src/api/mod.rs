//! The one surface every caller uses: the CLI, the desktop shell and the tests.
//!
//! Plain inputs (names, ids, text, `now`) and serde outputs; errors are [`Error`] with a closed
//! [`ErrorCode`]. Each function is one thing a person does at the desk. The API resolves names
//! and id prefixes, reads files, and hands the rest to the store and the workflow; it holds no
//! rules of its own.
//!
//! Not here: the clock (callers pass `now`), printing, and anything about a transport.

mod archive;
mod board;
pub mod commands;
mod copydesk;
mod demo;
mod desktop;
mod drafts;
mod error;
mod moves;
mod pieces;
mod polls;
mod render;
mod session;
mod shared;
mod shared_polls;
pub mod types;
pub mod wire;

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use uuid::Uuid;

pub use crate::archive::{ArchiveCategory, Source, Survey as ArchiveSurvey};
pub use archive::{ArchiveOptions, ArchiveReport};
pub use board::{Board, Card, Column};
pub use commands::AppInfo;
pub use copydesk::{
    FieldDiff, FindingView, MarkStatus, MarksView, MessageView, Passage, QueryEventView, QueryView,
    SinceSubmitted, SuggestionView, Which,
};
pub use desktop::{Access, CalendarItem, DiffChange, DiffRun, NewPiece, OfferedMove};
pub use drafts::{
    watch_folder, DraftConflict, DraftError, DraftSaved, DraftsReport, DraftsStatus, KeepDraft,
};
pub use error::{Error, ErrorCode, Result};
pub use moves::{MoveOutcome, ScheduleOutcome};
pub use pieces::{
    History, ImportMode, ImportReport, Imported, Phase, PieceView, Progress, SaveOutcome,
};
pub use polls::{
    BallotImport, BlurbProgress, CandidateRef, Columns, ContributorBlurbs, DecisionView,
    DuplicatePair, MergeView, MyBlurb, PollRights, PollSettings, PollView,
};
pub use session::Session;
pub use shared::{
    clone_path, sync_in_steps, ConflictSummary, ConflictView, Keep, Outgoing, PieceRef,
    PushFailure, SharedSeed, SyncDesk, SyncJob, SyncReport, SyncStatus,
};

pub use crate::schedule::DueReport;
pub use crate::search::Hit;

use crate::domain::{Person, Role};
use crate::store;

/// The desk's settings and their defaults.
pub const DEFAULT_ZONE: &str = "Europe/London";

/// An open desk.
pub struct Desk {
    conn: Connection,
    /// The site's settings as pages show them, and the desk state they were read at.
    site_cache: std::cell::RefCell<Option<((i64, u64), crate::render::SiteInfo)>>,
}

impl Desk {
    /// Creates the desk file if there is none, and opens it.
    pub fn init(path: &Path) -> Result<Desk> {
        let mut conn = store::open(path, true)?;
        let tx = store::write(&mut conn)?;
        if store::setting(&tx, "zone")?.is_none() {
            store::set_setting(&tx, "zone", DEFAULT_ZONE)?;
            store::set_setting(&tx, "site_name", "Galley")?;
        }
        tx.commit()?;
        Ok(Desk::from(conn))
    }

    /// Opens an existing desk, upgrading its schema if an older Galley wrote it.
    pub fn open(path: &Path) -> Result<Desk> {
        Ok(Desk::from(store::open(path, false)?))
    }

    /// Opens an existing desk to read only: the live preview's connection. It never writes,
    /// so it never waits behind a save.
    pub fn open_read_only(path: &Path) -> Result<Desk> {
        Ok(Desk::from(store::open_read_only(path)?))
    }

    /// How many pieces the desk holds, in every stage.
    pub fn piece_count(&self) -> Result<i64> {
        Ok(store::piece_count(&self.conn)?)
    }

    /// A desk that lives in memory only: tests and benchmarks.
    pub fn in_memory() -> Result<Desk> {
        let mut conn = store::open_in_memory()?;
        let tx = store::write(&mut conn)?;
        store::set_setting(&tx, "zone", DEFAULT_ZONE)?;
        tx.commit()?;
        Ok(Desk::from(conn))
    }

    /// The publication's time zone: the default for scheduling.
    pub fn zone(&self) -> Result<String> {
        Ok(store::setting(&self.conn, "zone")?.unwrap_or_else(|| DEFAULT_ZONE.to_string()))
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(store::setting(&self.conn, key)?)
    }

    pub fn set_setting(&mut self, actor: &str, key: &str, value: &str) -> Result<()> {
        let person = self.person(actor)?;
        crate::workflow::may_change_settings(&person)?;
        if self.shared()?.is_some() && crate::shared::files::SHARED_SETTINGS.contains(&key) {
            crate::workflow::may_change_shared_files(&person, "the desk's settings")?;
        }
        if key == "zone" {
            crate::schedule::parse_zone(value)?;
        }
        if key == "style" {
            crate::copydesk::style::StyleSheet::parse(value)
                .map_err(|e| copydesk::sheet_error(&e))?;
        }
        let tx = store::write(&mut self.conn)?;
        store::set_setting(&tx, key, value)?;
        tx.commit()?;
        Ok(())
    }

    /// The person acting, by name. On a shared desk, only the desk's own person acts.
    pub fn person(&self, name: &str) -> Result<Person> {
        let p = store::person_by_name(&self.conn, name)?.ok_or_else(|| {
            Error::not_found(format!("no person named `{}` on this desk", name.trim()))
        })?;
        self.check_shared_actor(&p.name)?;
        Ok(p)
    }

    pub fn people(&self) -> Result<Vec<Person>> {
        Ok(store::all_people(&self.conn)?)
    }

    /// Adds a person. On a desk with nobody yet, anyone may add the first person; after that
    /// editors and admins add people, and only admins make admins.
    pub fn add_person(
        &mut self,
        actor: Option<&str>,
        name: &str,
        roles: &[Role],
        sections: &[String],
        now: DateTime<Utc>,
    ) -> Result<Person> {
        let name = name.trim();
        Person::check_new(name, roles, sections).map_err(Error::bad_input)?;
        if !store::all_people(&self.conn)?.is_empty() {
            let Some(actor) = actor else {
                return Err(Error::bad_input(
                    "who is adding this person? the desk has people, and one of them adds the next",
                ));
            };
            let person = self.person(actor)?;
            crate::workflow::may_add_person(&person, roles)?;
            if self.shared()?.is_some() {
                crate::workflow::may_change_shared_files(&person, "the desk's people")?;
            }
        }
        if store::person_by_name(&self.conn, name)?.is_some() {
            return Err(Error::bad_input(format!(
                "there is already a person named `{name}`"
            )));
        }
        let tx = store::write(&mut self.conn)?;
        let p = store::add_person(&tx, name, roles, sections, now)?;
        tx.commit()?;
        Ok(p)
    }

    /// Gives a person of the desk new roles and sections (editors and admins; only admins
    /// touch an admin; the last admin stays one). On a shared desk it is the people file's
    /// change, made by an admin, and goes out at the next sync.
    pub fn change_person(
        &mut self,
        actor: &str,
        name: &str,
        roles: &[Role],
        sections: &[String],
        now: DateTime<Utc>,
    ) -> Result<Person> {
        let actor = self.person(actor)?;
        let person = store::person_by_name(&self.conn, name.trim())?
            .ok_or_else(|| Error::not_found(format!("no person named `{}`", name.trim())))?;
        Person::check_new(&person.name, roles, sections).map_err(Error::bad_input)?;
        let admins_after = store::all_people(&self.conn)?
            .iter()
            .filter(|p| {
                if p.id == person.id {
                    roles.contains(&Role::Admin)
                } else {
                    p.has(Role::Admin)
                }
            })
            .count();
        crate::workflow::may_change_person(&actor, &person, roles, admins_after)?;
        if self.shared()?.is_some() {
            crate::workflow::may_change_shared_files(&actor, "the desk's people")?;
        }
        let tx = store::write(&mut self.conn)?;
        let p = store::replace_person(&tx, &person.gid, &person.name, roles, sections, now)?;
        tx.commit()?;
        Ok(p)
    }

    /// The full id of the one piece whose id starts with `prefix`.
    pub fn resolve(&self, prefix: &str) -> Result<String> {
        match store::resolve_id(&self.conn, prefix)? {
            Ok(id) => Ok(id),
            Err(ids) if ids.is_empty() => {
                Err(Error::not_found(format!("no piece with id `{prefix}`")))
            }
            Err(ids) => Err(Error::new(
                ErrorCode::Ambiguous,
                format!(
                    "`{prefix}` starts the ids of several pieces ({}, ...): give more of it",
                    ids.join(", ")
                ),
            )),
        }
    }

    /// The shortest prefix of `id` (at least 8 characters) that names only this piece.
    pub fn short_id(&self, id: &str) -> Result<String> {
        let (before, after) = store::id_neighbours(&self.conn, id)?;
        let common = |o: &Option<String>| {
            o.as_deref().map_or(0, |n| {
                n.bytes()
                    .zip(id.bytes())
                    .take_while(|(a, b)| a == b)
                    .count()
            })
        };
        let len = (common(&before).max(common(&after)) + 1)
            .max(8)
            .min(id.len());
        Ok(id[..len].to_string())
    }

    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        Ok(crate::search::search(&self.conn, query, limit)?)
    }

    pub fn publish_due(&mut self, now: DateTime<Utc>) -> Result<DueReport> {
        Ok(crate::schedule::publish_due(&mut self.conn, now)?)
    }

    /// The raw connection, for tests that check what the store holds.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl From<Connection> for Desk {
    fn from(conn: Connection) -> Desk {
        Desk {
            conn,
            site_cache: std::cell::RefCell::new(None),
        }
    }
}

/// A new piece id: UUID v7 at `now`, so ids sort in the order pieces were created.
pub(crate) fn new_id(now: DateTime<Utc>) -> String {
    let ts = uuid::Timestamp::from_unix(
        uuid::NoContext,
        now.timestamp() as u64,
        now.timestamp_subsec_nanos(),
    );
    Uuid::new_v7(ts).to_string()
}
