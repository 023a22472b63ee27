//! The desk's side of a shared desk: joining one, syncing with it (fetch; take in what others
//! sent; send this desk's revisions, one commit each, on top of the shared desk's; push), the
//! conflicts kept for a person to resolve, and rebuilding the store from the shared files.
//!
//! The store stays the desk's own: autosave, search and the board work offline. Each piece
//! remembers the local revision that last matched the shared desk (`shared_piece`); the local
//! revisions after it are what this desk has to send. A piece changed both here and there is a
//! conflict: nothing of it is sent or taken until a person keeps one version or writes a third.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::desktop::{word_diff, DiffRun};
use super::shared_polls;
use super::{Desk, Error, ErrorCode, Result};
use crate::domain::{Content, PersonId, Piece};
use crate::piece_file;
use crate::shared::files::{self, SharedPerson};
use crate::shared::git::{CatFile, Git, GitError, NewCommit};
use crate::shared::server::BRANCH;
use crate::shared::{Message, Pusher, PUSHER_ENV, SCHEDULER_NAME};
use crate::store;
use crate::workflow::{self, Actor};

const THEIRS: &str = "refs/remotes/origin/main";
const OUTGOING: &str = "refs/galley/outgoing";

/// Where a desk stands with its shared desk.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncStatus {
    pub shared: bool,
    pub url: Option<String>,
    /// Whose desk this is on the shared desk.
    pub person: Option<String>,
    /// `synced`, `to_send`, `offline`, `conflict` or `refused` (`not_shared` for a desk of its own).
    pub state: String,
    /// Pieces with changes still to send.
    pub to_send: i64,
    pub conflicts: i64,
    /// What the last sync said: the server's refusal, or why it could not be reached.
    pub message: Option<String>,
    pub synced_at: Option<DateTime<Utc>>,
    /// The pieces whose changes are still to send.
    pub waiting: Vec<PieceRef>,
}

/// What a shared desk made from an existing desk starts with (see `Desk::seed_for_shared`).
#[derive(Debug, Clone, Default)]
pub struct SharedSeed {
    pub people: Vec<SharedPerson>,
    pub settings: BTreeMap<String, String>,
    /// (path in the repository, piece file)
    pub pieces: Vec<(String, Vec<u8>)>,
    /// (path in the repository, file): each poll's own file and its ballots.
    pub polls: Vec<(String, Vec<u8>)>,
}

/// A piece named for a person: its id and headline.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PieceRef {
    pub id: String,
    pub headline: String,
}

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct SyncReport {
    /// Headlines of the pieces others changed that this desk took in.
    pub received: Vec<String>,
    /// Changes this desk sent (a revision of a piece, the people, the settings).
    pub sent: usize,
    /// Pieces changed here and on the shared desk: kept, not merged.
    pub conflicts: Vec<ConflictSummary>,
    pub notices: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ConflictSummary {
    pub id: String,
    pub headline: String,
    pub theirs_who: Option<String>,
}

/// A conflict as a person resolves it: the three piece files and what each side changed.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ConflictView {
    pub id: String,
    pub headline: String,
    pub base: Option<String>,
    pub mine: String,
    pub theirs: String,
    pub theirs_who: Option<String>,
    pub theirs_revision: i64,
    /// Base to mine, and base to theirs, word by word.
    pub mine_changes: Vec<DiffRun>,
    pub theirs_changes: Vec<DiffRun>,
    /// Mine as a plain piece file (its content only, without the workflow's keys, which a
    /// resolution takes from the shared desk): where a third version starts.
    pub draft: String,
}

/// Which version of a conflicted piece a person keeps.
#[derive(Debug, Clone, PartialEq)]
pub enum Keep {
    Mine,
    Theirs,
    /// A third version: a piece file's text.
    Text(String),
}

/// A sync under way, between its steps: the shared desk and the local repository.
#[derive(Debug, Clone)]
pub struct SyncJob {
    shared: store::Shared,
    git: Git,
}

/// This desk's revisions written as commits on the shared desk's, ready to push.
#[derive(Debug, Clone)]
pub struct Outgoing {
    commit: String,
    /// (piece id, local revision, shared revision) of each piece's last commit.
    sent: Vec<(String, i64, i64)>,
    revisions: usize,
}

/// How a push ended when it did not land.
#[derive(Debug)]
pub enum PushFailure {
    /// Someone pushed first: sync again on top of theirs.
    Behind,
    Refused(Vec<String>),
    Offline(String),
}

fn offline(e: &GitError) -> Error {
    // ssh's or git's own first words about it ("ssh: connect to host ... refused"), not the
    // closing advice git adds.
    // Not git's closing advice, which says nothing of the cause.
    let lines: Vec<&str> = e
        .stderr
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("fatal: Could not read from remote repository")
                && !l.starts_with("Please make sure you have the correct access rights")
                && !l.starts_with("and the repository exists")
        })
        .collect();
    let said = lines
        .iter()
        .find(|l| {
            l.starts_with("ssh:")
                || l.contains("Could not")
                || l.contains("Permission denied")
                || l.contains("verification failed")
                || l.contains("cannot bind")
        })
        .or_else(|| lines.iter().find(|l| l.starts_with("fatal:")))
        .or(lines.first())
        .copied()
        .unwrap_or("")
        .to_string();
    Error::new(
        ErrorCode::Offline,
        format!("the shared desk could not be reached ({said}); your work is kept and goes out at the next sync"),
    )
}

impl SyncJob {
    fn command(&self) -> std::process::Command {
        // Over ssh the server names the pusher (`server serve`) and this is not sent; a shared
        // desk at a local path (a folder on this machine, a test) runs its hook here, where
        // only the desk can name its person, as anyone who can write that folder could.
        let mut c = self.git.command();
        let pusher = match &self.shared.person {
            Some(p) => Pusher::Person(p.clone()),
            None => Pusher::Scheduler,
        };
        c.env(PUSHER_ENV, pusher.env_value());
        c
    }

    /// Fetches the shared desk's branch. The server's refusal (a person no longer on the
    /// desk) is a refusal; any other failure means it could not be reached.
    pub fn fetch(&self) -> Result<()> {
        match self.git.fetch(self.command(), BRANCH, THEIRS) {
            Ok(_) => Ok(()),
            Err(e) if !e.server_says().is_empty() => {
                Err(Error::new(ErrorCode::Refused, e.server_says().join("\n")))
            }
            Err(e) => Err(offline(&e)),
        }
    }

    pub fn push(&self, out: &Outgoing) -> std::result::Result<(), PushFailure> {
        let spec = format!("{}:{BRANCH}", out.commit);
        match self.git.push(self.command(), &spec) {
            Ok(_) => Ok(()),
            Err(e) => {
                let said = e.server_says();
                if !said.is_empty() {
                    return Err(PushFailure::Refused(said));
                }
                let all = format!("{}\n{}", e.stdout, e.stderr);
                if all.contains("[rejected]")
                    && (all.contains("fetch first") || all.contains("non-fast-forward"))
                {
                    return Err(PushFailure::Behind);
                }
                if all.contains("[remote rejected]") {
                    return Err(PushFailure::Refused(vec![all
                        .lines()
                        .find(|l| l.contains("[remote rejected]"))
                        .unwrap_or("")
                        .trim()
                        .to_string()]));
                }
                Err(PushFailure::Offline(offline(&e).message))
            }
        }
    }
}

/// The local repository beside a desk file: `desk.galley` keeps its history in `desk.galley.git`.
pub fn clone_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_os_string();
    s.push(".git");
    PathBuf::from(s)
}

/// How a sync reaches its desk between steps: held the whole time (`&mut Desk`, the CLI), or
/// taken for each local step only (the app's session), so that saves go on while the sync
/// waits on the network.
pub trait SyncDesk {
    fn step<R>(&mut self, f: impl FnOnce(&mut Desk) -> R) -> R;
}

impl SyncDesk for &mut Desk {
    fn step<R>(&mut self, f: impl FnOnce(&mut Desk) -> R) -> R {
        f(self)
    }
}

/// A whole sync: fetch (no desk needed); take in what others sent and write this desk's
/// revisions as commits on top (one step on the desk); push (none); record what landed.
/// Someone pushing meanwhile means another round on top of theirs. A save made on the desk
/// during the network steps is a revision after the ones sent, so it goes out next time.
///
/// With changes to send and everything fetched last time already taken in, the first round
/// pushes without fetching: if it lands, nobody pushed in between and there is nothing to take
/// in; if someone did, git says so and the next round fetches. That is one ssh session instead
/// of two for the commonest sync, a save going out.
pub fn sync_in_steps(mut desk: impl SyncDesk, now: DateTime<Utc>) -> Result<SyncReport> {
    let mut report = SyncReport::default();
    for round in 0..6 {
        let job = desk.step(|d| d.sync_job())?;
        let push_first = round == 0 && desk.step(|d| d.fetched_is_taken_in(&job))?;
        if !push_first {
            if let Err(e) = job.fetch() {
                desk.step(|d| d.sync_failed(&e, now))?;
                return Err(e);
            }
        }
        let (got, out) = desk.step(|d| -> Result<_> {
            let got = d.sync_receive(&job, now)?;
            let out = d.sync_outgoing(&job, now)?;
            Ok((got, out))
        })?;
        for h in got.received {
            if !report.received.contains(&h) {
                report.received.push(h);
            }
        }
        report.notices.extend(got.notices);
        report.conflicts = got.conflicts;
        let Some(out) = out else {
            if push_first {
                // Nothing to send after all: ask the shared desk what is new.
                continue;
            }
            return Ok(report);
        };
        let failed = match job.push(&out) {
            Ok(()) => {
                desk.step(|d| d.sync_sent(&out, now))?;
                report.sent += out.revisions;
                return Ok(report);
            }
            Err(PushFailure::Behind) => continue,
            Err(PushFailure::Refused(lines)) => Error::new(
                ErrorCode::Refused,
                format!(
                    "the shared desk refused this desk's changes; nothing of them was sent:\n{}",
                    lines.join("\n")
                ),
            ),
            Err(PushFailure::Offline(m)) => Error::new(ErrorCode::Offline, m),
        };
        desk.step(|d| d.sync_failed(&failed, now))?;
        return Err(failed);
    }
    Err(Error::new(
        ErrorCode::Conflict,
        "others kept pushing while this desk synced; sync again",
    ))
}

/// A piece file as a person compares two versions of it: without the bookkeeping keys (its id,
/// revision number and times), which differ between any two versions and say nothing of the
/// text. The stage, schedule and every field of the content stay.
fn for_reading(file: &str) -> String {
    let Some(rest) = file.strip_prefix("---\n") else {
        return file.to_string();
    };
    let Some(end) = rest.find("\n---\n") else {
        return file.to_string();
    };
    let (front, body) = rest.split_at(end);
    let kept: Vec<&str> = front
        .lines()
        .filter(|l| {
            !["id:", "revision:", "created:", "updated:"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .collect();
    format!("---\n{}{body}", kept.join("\n"))
}

fn person_of(p: &crate::domain::Person) -> SharedPerson {
    SharedPerson::from(p)
}

impl Desk {
    /// The shared desk this desk syncs with, if it is shared.
    pub fn shared(&self) -> Result<Option<store::Shared>> {
        Ok(store::shared(&self.conn)?)
    }

    /// On a shared desk, the desk is one person's: changes are made as them, since the
    /// server checks each push as the person whose key made it.
    pub(crate) fn check_shared_actor(&self, name: &str) -> Result<()> {
        if let Some(s) = store::shared(&self.conn)? {
            if let Some(owner) = s.person.as_deref() {
                if !owner.trim().eq_ignore_ascii_case(name.trim()) {
                    return Err(Error::new(
                        ErrorCode::Refused,
                        format!("this desk is {owner}'s desk of the shared desk at {}; {} works on their own desk", s.url, name.trim()),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Makes a desk at `db` from the shared desk at `url`, as `person` (who must be one of its
    /// people; `None` is the server's scheduler). The desk's history is kept beside it.
    pub fn join(url: &str, db: &Path, person: Option<&str>, now: DateTime<Utc>) -> Result<Desk> {
        if db.exists() {
            return Err(Error::bad_input(format!(
                "there is already a desk at {}; join makes a new one",
                db.display()
            )));
        }
        let clone = clone_path(db);
        if clone.exists() {
            return Err(Error::bad_input(format!(
                "{} already exists; remove it or join at another path",
                clone.display()
            )));
        }
        let result = Desk::join_inner(url, db, &clone, person, now);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&clone);
            for suffix in ["", "-wal", "-shm"] {
                let mut p = db.as_os_str().to_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
        }
        result
    }

    fn join_inner(
        url: &str,
        db: &Path,
        clone: &Path,
        person: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Desk> {
        if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::bad_input(format!("cannot create {}: {e}", dir.display())))?;
        }
        let git = Git::init_bare(clone)?;
        git.run(&["remote", "add", "origin", url])?;
        let shared = store::Shared {
            url: url.to_string(),
            clone: clone.display().to_string(),
            person: person.map(|p| p.trim().to_string()),
            synced: None,
            synced_at: None,
            outcome: "synced".into(),
            message: None,
        };
        let job = SyncJob {
            shared: shared.clone(),
            git: git.clone(),
        };
        job.fetch()?;
        let tip = git.commit_id(THEIRS).ok_or_else(|| {
            Error::bad_input(format!(
                "{url} has no main branch: is it a Galley shared desk?"
            ))
        })?;
        let mut desk = Desk::init(db)?;
        desk.load_shared(&git, &tip, &shared, now)?;
        Ok(desk)
    }

    /// Fills an empty desk from the shared desk's files at `rev`: its people, settings and
    /// pieces, each piece matched at its shared revision.
    fn load_shared(
        &mut self,
        git: &Git,
        rev: &str,
        shared: &store::Shared,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let mut cat = git.cat()?;
        let people = read_people_at(&mut cat, rev)?;
        if let Some(p) = shared.person.as_deref() {
            if !people.iter().any(|x| x.name.eq_ignore_ascii_case(p.trim())) {
                return Err(Error::new(
                    ErrorCode::Refused,
                    format!(
                        "{} is not a person of the shared desk at {}; its admin adds them first",
                        p.trim(),
                        shared.url
                    ),
                ));
            }
        }
        let settings = read_settings_at(&mut cat, rev)?;
        let list = git.files(rev, files::PIECES)?;
        let tx = store::write(&mut self.conn)?;
        for p in &people {
            store::replace_person(&tx, &p.id, &p.name, &p.roles(), &p.sections, now)?;
        }
        for (k, v) in &settings {
            store::set_setting(&tx, k, v)?;
        }
        let mut n = 0;
        for (path, blob) in &list {
            let Some(_) = files::piece_id(path) else {
                continue;
            };
            let bytes = cat.blob(blob)?.unwrap_or_default();
            let piece = parse_shared(path, &bytes)?;
            let bylines = known_bylines(&tx, &piece.content)?;
            store::receive_revision(
                &tx,
                &piece,
                None,
                &bylines,
                None,
                None,
                Some("from the shared desk"),
                piece.updated_at,
            )?;
            store::set_shared_piece(&tx, &piece.id, piece.revision, piece.revision)?;
            n += 1;
        }
        let polls = shared_polls::poll_files_at(git, &mut cat, rev)?;
        shared_polls::take_in(&tx, &polls.into_iter().map(|(p, t)| (p, Some(t))).collect())?;
        if n >= 1_000 {
            crate::search::tidy_after_bulk_import(&tx)?;
        }
        let mut s = shared.clone();
        s.synced = Some(rev.to_string());
        s.synced_at = Some(now);
        store::set_shared(&tx, &s)?;
        tx.commit()?;
        Ok(n)
    }

    /// Where this desk stands with its shared desk.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let Some(s) = store::shared(&self.conn)? else {
            return Ok(SyncStatus {
                shared: false,
                url: None,
                person: None,
                state: "not_shared".into(),
                to_send: 0,
                conflicts: 0,
                message: None,
                synced_at: None,
                waiting: vec![],
            });
        };
        let waiting: Vec<PieceRef> = store::unsent_list(&self.conn)?
            .into_iter()
            .map(|(id, headline)| PieceRef { id, headline })
            .collect();
        let to_send = waiting.len() as i64;
        let conflicts = store::conflicts(&self.conn)?.len() as i64;
        let state = if conflicts > 0 {
            "conflict"
        } else if s.outcome == "offline" || s.outcome == "refused" {
            s.outcome.as_str()
        } else if to_send > 0 {
            "to_send"
        } else {
            "synced"
        };
        Ok(SyncStatus {
            shared: true,
            url: Some(s.url.clone()),
            person: s.person.clone(),
            state: state.to_string(),
            to_send,
            conflicts,
            message: s.message.clone(),
            synced_at: s.synced_at,
            waiting,
        })
    }

    /// Whether the shared desk's branch as last fetched is what this desk last took in.
    fn fetched_is_taken_in(&self, job: &SyncJob) -> Result<bool> {
        let synced = store::shared(&self.conn)?.and_then(|s| s.synced);
        Ok(synced.is_some() && job.git.commit_id(THEIRS) == synced)
    }

    /// The sync's first step: which shared desk, through which repository.
    pub fn sync_job(&self) -> Result<SyncJob> {
        let shared = store::shared(&self.conn)?.ok_or_else(|| {
            Error::bad_input("this desk is not shared: join a shared desk to sync")
        })?;
        let git = Git::new(Path::new(&shared.clone));
        Ok(SyncJob { shared, git })
    }

    /// Fetches, takes in what others sent, sends this desk's changes and pushes: all of it,
    /// one step after another, holding the desk throughout (see [`sync_in_steps`]).
    pub fn sync(&mut self, now: DateTime<Utc>) -> Result<SyncReport> {
        sync_in_steps(self, now)
    }

    /// Records a sync that did not finish: offline, or refused with the server's words.
    pub fn sync_failed(&mut self, e: &Error, now: DateTime<Utc>) -> Result<()> {
        let outcome = match e.code {
            ErrorCode::Offline => "offline",
            ErrorCode::Refused => "refused",
            _ => return Ok(()),
        };
        let tx = store::write(&mut self.conn)?;
        store::set_sync_outcome(&tx, None, outcome, Some(&e.message), now)?;
        tx.commit()?;
        Ok(())
    }

    /// Takes in what the shared desk has that this desk has not seen, commit by commit: each
    /// revision of a piece this desk did not change is written here as it is there; a piece
    /// changed on both sides is kept as a conflict.
    pub fn sync_receive(&mut self, job: &SyncJob, now: DateTime<Utc>) -> Result<SyncReport> {
        let mut report = SyncReport::default();
        let git = &job.git;
        let theirs = git.commit_id(THEIRS).ok_or_else(|| {
            Error::new(
                ErrorCode::Storage,
                "the shared desk's branch was not fetched",
            )
        })?;
        let base = store::shared(&self.conn)?.and_then(|s| s.synced);
        let mut cat = git.cat()?;
        let tx = store::write(&mut self.conn)?;
        if base.as_deref() != Some(theirs.as_str()) {
            // People and settings first, so the pieces' authors and bylines are known.
            let base_people = match &base {
                Some(b) => read_people_at(&mut cat, b)?,
                None => vec![],
            };
            let their_people = read_people_at(&mut cat, &theirs)?;
            let mine: Vec<SharedPerson> = store::all_people(&tx)?.iter().map(person_of).collect();
            for p in merge_people(&base_people, &mine, &their_people)? {
                store::replace_person(&tx, &p.id, &p.name, &p.roles(), &p.sections, now)?;
            }
            let base_settings = match &base {
                Some(b) => read_settings_at(&mut cat, b)?,
                None => BTreeMap::new(),
            };
            for (k, v) in read_settings_at(&mut cat, &theirs)? {
                if base_settings.get(&k) != Some(&v) {
                    store::set_setting(&tx, &k, &v)?;
                }
            }
            let range = match &base {
                Some(b) => vec![format!("{b}..{theirs}")],
                None => vec![theirs.clone()],
            };
            let range: Vec<&str> = range.iter().map(String::as_str).collect();
            let mut conflicted: BTreeMap<String, Option<String>> = BTreeMap::new();
            for (commit, parents) in git.rev_list(&range)? {
                let info = cat.commit(&commit)?.ok_or_else(|| {
                    Error::new(
                        ErrorCode::Storage,
                        format!("commit {commit} cannot be read"),
                    )
                })?;
                let message = Message::parse(&info.message);
                for ch in git.diff(parents.first().map(String::as_str), &commit)? {
                    let Some(id) = files::piece_id(&ch.path) else {
                        continue;
                    };
                    if let Some(who) = conflicted.get_mut(id) {
                        *who = Some(info.author.clone());
                        continue;
                    }
                    let Some(blob) = &ch.new else { continue };
                    let local = store::load_piece(&tx, id)?;
                    let mapping = store::shared_piece(&tx, id)?;
                    let changed_here = match (&local, mapping) {
                        (None, _) => false,
                        (Some(l), Some((matched, _))) => l.revision > matched,
                        (Some(_), None) => true,
                    };
                    if changed_here || store::conflict(&tx, id)?.is_some() {
                        conflicted.insert(id.to_string(), Some(info.author.clone()));
                        continue;
                    }
                    let bytes = cat.blob(blob)?.unwrap_or_default();
                    let mut piece = parse_shared(&ch.path, &bytes)?;
                    let shared_revision = piece.revision;
                    piece.revision = match &local {
                        Some(l) => (l.revision + 1).max(shared_revision),
                        None => shared_revision,
                    };
                    let who = store::person_by_name(&tx, &info.author)?.map(|p| p.id);
                    let bylines = known_bylines(&tx, &piece.content)?;
                    store::receive_revision(
                        &tx,
                        &piece,
                        local.as_ref(),
                        &bylines,
                        who,
                        message.mv,
                        message.note.as_deref(),
                        info.at,
                    )?;
                    store::set_shared_piece(&tx, id, piece.revision, shared_revision)?;
                    if !report.received.contains(&piece.content.headline) {
                        report.received.push(piece.content.headline.clone());
                    }
                }
            }
            // The polls, after the pieces their lists are.
            let base_polls = match &base {
                Some(b) => shared_polls::poll_files_at(git, &mut cat, b)?,
                None => shared_polls::PollFiles::new(),
            };
            let their_polls = shared_polls::poll_files_at(git, &mut cat, &theirs)?;
            let mine = shared_polls::poll_files(&tx)?;
            let (take, told) = shared_polls::to_take_in(&tx, &base_polls, &mine, &their_polls);
            shared_polls::take_in(&tx, &take)?;
            report.notices.extend(told);
            for (id, who) in conflicted {
                let path = files::piece_path(&id);
                let theirs_text = cat.text(&theirs, &path)?.unwrap_or_default();
                let theirs_piece = parse_shared(&path, theirs_text.as_bytes())?;
                let base_text = match &base {
                    Some(b) => cat.text(b, &path)?,
                    None => None,
                };
                let local = store::load_piece(&tx, &id)?
                    .ok_or_else(|| Error::not_found(format!("no piece with id `{id}`")))?;
                store::set_conflict(
                    &tx,
                    &store::Conflict {
                        id: id.clone(),
                        headline: local.content.headline.clone(),
                        base: base_text,
                        mine: piece_file::write_piece(&local),
                        theirs: theirs_text,
                        theirs_revision: theirs_piece.revision,
                        theirs_who: who,
                        at: now,
                    },
                )?;
            }
        }
        // What this desk would send of its polls that the shared desk would refuse is held
        // back here, every sync, so that it never blocks the syncs after.
        if let Some(me) = job.shared.person.as_deref() {
            if let Some(me) = store::person_by_name(&tx, me)? {
                let their_polls = shared_polls::poll_files_at(git, &mut cat, &theirs)?;
                report
                    .notices
                    .extend(shared_polls::hold_back(&tx, &me, &their_polls, now)?);
            }
        }
        report.conflicts = store::conflicts(&tx)?
            .into_iter()
            .map(|c| ConflictSummary {
                id: c.id,
                headline: c.headline,
                theirs_who: c.theirs_who,
            })
            .collect();
        let outcome = if report.conflicts.is_empty() {
            "synced"
        } else {
            "conflict"
        };
        store::set_sync_outcome(&tx, Some(&theirs), outcome, None, now)?;
        tx.commit()?;
        for p in &report.received {
            tracing::debug!(headline = %p, "received");
        }
        Ok(report)
    }

    /// This desk's changes as commits on top of the shared desk's: the people and settings if
    /// an admin changed them here, then each revision still to send, oldest first, one commit
    /// each (so the history keeps every revision and every move with its note).
    pub fn sync_outgoing(
        &mut self,
        job: &SyncJob,
        _now: DateTime<Utc>,
    ) -> Result<Option<Outgoing>> {
        let git = &job.git;
        let Some(tip) = git.commit_id(THEIRS) else {
            return Ok(None);
        };
        let mut cat = git.cat()?;
        let who = job
            .shared
            .person
            .clone()
            .unwrap_or_else(|| SCHEDULER_NAME.to_string());
        let email = match job
            .shared
            .person
            .as_deref()
            .and_then(|p| store::person_by_name(&self.conn, p).ok().flatten())
        {
            Some(p) => format!("{}@galley", p.gid),
            None => "scheduler@galley".to_string(),
        };
        let mut commits = Vec::new();
        let people: Vec<SharedPerson> = store::all_people(&self.conn)?
            .iter()
            .map(person_of)
            .collect();
        let people_text = files::write_people(&people);
        let their_people = cat.text(&tip, files::PEOPLE)?.unwrap_or_default();
        if job.shared.person.is_some()
            && people_text != their_people
            && !same_people(&their_people, &people)
        {
            commits.push(NewCommit {
                author: who.clone(),
                email: email.clone(),
                at: _now,
                message: Message {
                    summary: "The desk's people".into(),
                    ..Message::default()
                }
                .text(),
                files: vec![(files::PEOPLE.into(), Some(people_text.into_bytes()))],
            });
        }
        let mut settings = BTreeMap::new();
        for k in files::SHARED_SETTINGS {
            if let Some(v) = store::setting(&self.conn, k)? {
                settings.insert(k.to_string(), v);
            }
        }
        let their_settings = read_settings_at(&mut cat, &tip)?;
        if job.shared.person.is_some() && settings != their_settings {
            commits.push(NewCommit {
                author: who.clone(),
                email: email.clone(),
                at: _now,
                message: Message {
                    summary: "The desk's settings".into(),
                    ..Message::default()
                }
                .text(),
                files: vec![(
                    files::SETTINGS.into(),
                    Some(files::write_settings(&settings).into_bytes()),
                )],
            });
        }
        let mut sent: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for (id, n) in store::unsent(&self.conn)? {
            let Some(detail) = store::revision_detail(&self.conn, &id, n)? else {
                continue;
            };
            let (matched, shared_rev) = store::shared_piece(&self.conn, &id)?.unwrap_or((0, 0));
            let mut piece = detail.piece;
            piece.revision = shared_rev + (n - matched);
            let what = match detail.mv {
                Some(m) => m.as_str().to_string(),
                None => "edit".to_string(),
            };
            commits.push(NewCommit {
                author: who.clone(),
                email: email.clone(),
                at: piece.updated_at,
                message: Message {
                    summary: format!(
                        "{}: {what} (revision {})",
                        piece.content.headline, piece.revision
                    ),
                    note: detail.note.clone(),
                    piece: Some(id.clone()),
                    mv: detail.mv,
                }
                .text(),
                files: vec![(
                    files::piece_path(&id),
                    Some(piece_file::write_piece(&piece).into_bytes()),
                )],
            });
            sent.insert(id, (n, piece.revision));
        }
        // Each poll changed here, in a commit of its own: the scheduler changes none.
        if job.shared.person.is_some() {
            let theirs = shared_polls::poll_files_at(git, &mut cat, &tip)?;
            let mut by_poll: BTreeMap<String, Vec<(String, Option<Vec<u8>>)>> = BTreeMap::new();
            for (path, text) in shared_polls::poll_files(&self.conn)? {
                if theirs.get(&path) == Some(&text) {
                    continue;
                }
                let Some(f) = crate::shared::poll_files::poll_file(&path) else {
                    continue;
                };
                by_poll
                    .entry(f.poll().to_string())
                    .or_default()
                    .push((path, Some(text.into_bytes())));
            }
            for (poll, mut changed) in by_poll {
                // The poll's own file first: a new poll's ballots need it.
                changed.sort_by_key(|(p, _)| !p.ends_with("/poll.json"));
                let headline = store::poll(&self.conn, &poll)?
                    .and_then(|p| store::load_piece(&self.conn, &p.list).ok().flatten())
                    .map(|l| l.content.headline)
                    .unwrap_or_else(|| poll.clone());
                commits.push(NewCommit {
                    author: who.clone(),
                    email: email.clone(),
                    at: _now,
                    message: Message {
                        summary: format!("The poll of \u{201c}{headline}\u{201d}"),
                        ..Message::default()
                    }
                    .text(),
                    files: changed,
                });
            }
        }
        if commits.is_empty() {
            return Ok(None);
        }
        let commit = git.write_commits(OUTGOING, Some(&tip), &commits)?;
        Ok(Some(Outgoing {
            commit,
            sent: sent.into_iter().map(|(id, (n, r))| (id, n, r)).collect(),
            revisions: commits.len(),
        }))
    }

    /// Records what a push landed: each piece now matches at the revision sent.
    pub fn sync_sent(&mut self, out: &Outgoing, now: DateTime<Utc>) -> Result<()> {
        let tx = store::write(&mut self.conn)?;
        for (id, local, shared) in &out.sent {
            store::set_shared_piece(&tx, id, *local, *shared)?;
        }
        let outcome = if store::conflicts(&tx)?.is_empty() {
            "synced"
        } else {
            "conflict"
        };
        store::set_sync_outcome(&tx, Some(&out.commit), outcome, None, now)?;
        tx.commit()?;
        Ok(())
    }

    /// The conflicts kept on this desk, each with its three versions.
    pub fn conflicts(&self) -> Result<Vec<ConflictView>> {
        store::conflicts(&self.conn)?
            .into_iter()
            .map(|c| {
                let base = for_reading(c.base.as_deref().unwrap_or_default());
                let path = files::piece_path(&c.id);
                let draft =
                    piece_file::write(&parse_shared(&path, c.mine.as_bytes())?.content, None);
                Ok(ConflictView {
                    draft,
                    mine_changes: word_diff(&base, &for_reading(&c.mine)),
                    theirs_changes: word_diff(&base, &for_reading(&c.theirs)),
                    id: c.id,
                    headline: c.headline,
                    base: c.base,
                    mine: c.mine,
                    theirs: c.theirs,
                    theirs_who: c.theirs_who,
                    theirs_revision: c.theirs_revision,
                })
            })
            .collect()
    }

    /// Resolves a conflict: the piece takes the shared desk's state (theirs may have moved it)
    /// with the content kept, as a new revision. Keeping mine or a third text is an edit made
    /// at the piece's stage on the shared desk, so it needs the right to edit it there.
    pub fn resolve_conflict(
        &mut self,
        actor: &str,
        id: &str,
        keep: Keep,
        now: DateTime<Utc>,
    ) -> Result<super::SaveOutcome> {
        let person = self.person(actor)?;
        let id = self.resolve(id)?;
        let c = store::conflict(&self.conn, &id)?
            .ok_or_else(|| Error::not_found(format!("piece {id} has no conflict to resolve")))?;
        let path = files::piece_path(&id);
        let theirs = parse_shared(&path, c.theirs.as_bytes())?;
        let local = self.piece(&id)?;
        let mut content: Content = match &keep {
            Keep::Mine => local.content.clone(),
            Keep::Theirs => theirs.content.clone(),
            Keep::Text(t) => piece_file::parse("the resolved version", t.as_bytes())?.content,
        };
        content.tidy();
        content
            .check()
            .map_err(|(k, why)| Error::bad_input(format!("{k}: {why}")))?;
        content.corrections = theirs.content.corrections.clone();
        if content.slug.is_empty() {
            content.slug = theirs.content.slug.clone();
        }
        let who_theirs = c
            .theirs_who
            .clone()
            .unwrap_or_else(|| "the shared desk".into());
        let tx = store::write(&mut self.conn)?;
        // First theirs, as the shared desk has it.
        let mut taken = theirs.clone();
        taken.revision = local.revision + 1;
        let their_id = match &c.theirs_who {
            Some(n) => store::person_by_name(&tx, n)?.map(|p| p.id),
            None => None,
        };
        let bylines = known_bylines(&tx, &taken.content)?;
        let kept = match &keep {
            Keep::Mine => "kept mine",
            Keep::Theirs => "kept theirs",
            Keep::Text(_) => "wrote a third version",
        };
        let note = format!(
            "conflict with {who_theirs}'s revision {}: {kept}",
            c.theirs_revision
        );
        // Theirs is recorded as theirs; the resolution, if it changes anything, is the
        // person's own revision after it.
        let taken_note = if matches!(keep, Keep::Theirs) {
            note.clone()
        } else {
            format!(
                "{who_theirs}'s revision {}, taken in to resolve a conflict",
                c.theirs_revision
            )
        };
        store::receive_revision(
            &tx,
            &taken,
            Some(&local),
            &bylines,
            their_id,
            None,
            Some(&taken_note),
            now,
        )?;
        store::set_shared_piece(&tx, &id, taken.revision, theirs.revision)?;
        let mut revision = taken.revision;
        if content != taken.content {
            let facts = workflow::facts(&tx, &taken, Actor::Person(&person))?;
            workflow::may_edit(&person, &taken, &facts).map_err(|mut r| {
                r.action = format!(
                    "keep your version: on the shared desk the piece is {} now, so",
                    taken.stage
                );
                r
            })?;
            let slug_taken_by =
                store::slug_holder(&tx, &content.slug, &id)?.map(|(_, h, s)| (h, s));
            workflow::check_edit(&taken, &content, slug_taken_by, Some(&note))?;
            let mut next = taken.clone();
            crate::copydesk::follow(&taken.content, &content, &mut next.marks);
            next.content = content;
            next.revision = taken.revision + 1;
            next.updated_at = now;
            let bylines = known_bylines(&tx, &next.content)?;
            store::save_piece(
                &tx,
                &next,
                taken.revision,
                Some(&bylines),
                Some(person.id),
                store::Why::Edit,
                Some(&note),
            )?;
            revision = next.revision;
        }
        store::clear_conflict(&tx, &id)?;
        tx.commit()?;
        Ok(super::SaveOutcome {
            id,
            revision,
            changed: true,
            added_people: vec![],
        })
    }

    /// Drops this desk's unsent changes to a piece (when the shared desk refuses them for good,
    /// say): the piece takes the shared desk's version as of the last sync, as a new revision.
    /// Nothing is lost: the dropped revisions stay in the piece's history here.
    pub fn discard_unsent(
        &mut self,
        actor: &str,
        id: &str,
        now: DateTime<Utc>,
    ) -> Result<super::SaveOutcome> {
        let person = self.person(actor)?;
        let id = self.resolve(id)?;
        let job = self.sync_job()?;
        let local = self.piece(&id)?;
        if store::conflict(&self.conn, &id)?.is_some() {
            return Err(Error::bad_input(format!(
                "\u{201c}{}\u{201d} has a conflict: resolve it, keeping theirs to drop yours",
                local.content.headline
            )));
        }
        let matched = store::shared_piece(&self.conn, &id)?;
        if matched.is_some_and(|(l, _)| l >= local.revision) {
            return Err(Error::bad_input(format!(
                "nothing of \u{201c}{}\u{201d} is waiting to be sent",
                local.content.headline
            )));
        }
        let tip = job.git.commit_id(THEIRS).ok_or_else(|| {
            Error::new(
                ErrorCode::Storage,
                "the desk has no copy of the shared desk: sync first",
            )
        })?;
        let path = files::piece_path(&id);
        let mut cat = job.git.cat()?;
        let Some(text) = cat.text(&tip, &path)? else {
            return Err(Error::bad_input(format!(
                "\u{201c}{}\u{201d} is not on the shared desk: nothing of it was ever sent, so there is no version there to go back to; spike it to take it off the desk",
                local.content.headline
            )));
        };
        let theirs = parse_shared(&path, text.as_bytes())?;
        let mut taken = theirs.clone();
        taken.revision = local.revision + 1;
        let note = format!(
            "dropped this desk's changes after revision {}, which the shared desk did not take",
            matched.map(|(l, _)| l).unwrap_or(0)
        );
        let tx = store::write(&mut self.conn)?;
        let bylines = known_bylines(&tx, &taken.content)?;
        store::receive_revision(
            &tx,
            &taken,
            Some(&local),
            &bylines,
            Some(person.id),
            None,
            Some(&note),
            now,
        )?;
        store::set_shared_piece(&tx, &id, taken.revision, theirs.revision)?;
        if store::shared(&tx)?.is_some_and(|s| s.outcome == "refused") {
            // The refusal was of what is now dropped; the next sync says whether more is.
            store::set_sync_outcome(&tx, None, "synced", None, now)?;
        }
        tx.commit()?;
        Ok(super::SaveOutcome {
            id,
            revision: taken.revision,
            changed: true,
            added_people: vec![],
        })
    }

    /// What a shared desk made from this desk starts with: its people (with their global
    /// ids), its shared settings, and each piece's file at its current revision. The desk
    /// itself stays as it is, with its whole history; its people join the shared desk.
    pub fn seed_for_shared(&self) -> Result<SharedSeed> {
        if let Some(s) = self.shared()? {
            return Err(Error::bad_input(format!(
                "this desk is already a desk of the shared desk at {}",
                s.url
            )));
        }
        let people = store::all_people(&self.conn)?
            .iter()
            .map(person_of)
            .collect();
        let mut settings = BTreeMap::new();
        for k in files::SHARED_SETTINGS {
            if let Some(v) = store::setting(&self.conn, k)? {
                settings.insert(k.to_string(), v);
            }
        }
        let mut pieces = Vec::new();
        for id in store::all_piece_ids(&self.conn)? {
            let piece = store::load_piece(&self.conn, &id)?
                .ok_or_else(|| Error::not_found(format!("no piece with id `{id}`")))?;
            pieces.push((
                files::piece_path(&id),
                piece_file::write_piece(&piece).into_bytes(),
            ));
        }
        let polls = shared_polls::poll_files(&self.conn)?
            .into_iter()
            .map(|(path, text)| (path, text.into_bytes()))
            .collect();
        Ok(SharedSeed {
            people,
            settings,
            pieces,
            polls,
        })
    }

    /// Rebuilds the desk file at `db` from its shared desk's files at the commit it last
    /// synced: a new store, written beside the old and then put in its place. Refused while
    /// the desk has changes to send or conflicts, which exist only in its store.
    pub fn reindex(db: &Path, now: DateTime<Utc>) -> Result<usize> {
        let old = Desk::open(db)?;
        let shared = old.shared()?.ok_or_else(|| Error::bad_input("this desk is not shared: its store is the only copy, so there is nothing to rebuild it from"))?;
        let status = old.sync_status()?;
        if status.to_send > 0 || status.conflicts > 0 {
            return Err(Error::new(ErrorCode::Refused, format!("this desk has {} pieces with changes to send and {} conflicts, which only its store holds: sync and resolve them first", status.to_send, status.conflicts)));
        }
        let rev = shared
            .synced
            .clone()
            .ok_or_else(|| Error::bad_input("this desk has never synced"))?;
        let git = Git::new(Path::new(&shared.clone));
        let mine = shared_polls::poll_files(&old.conn)?;
        if mine != shared_polls::poll_files_at(&git, &mut git.cat()?, &rev)? {
            return Err(Error::new(
                ErrorCode::Refused,
                "this desk has poll changes to send, which only its store holds: sync first",
            ));
        }
        drop(old);
        let mut fresh_path = db.as_os_str().to_os_string();
        fresh_path.push(".rebuilding");
        let fresh_path = PathBuf::from(fresh_path);
        let _ = std::fs::remove_file(&fresh_path);
        let n = {
            let mut fresh = Desk::init(&fresh_path)?;
            // Closing the new desk's connection folds its WAL into the file before the rename.
            fresh.load_shared(&git, &rev, &shared, now)?
        };
        for suffix in ["-wal", "-shm"] {
            let mut p = db.as_os_str().to_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
        std::fs::rename(&fresh_path, db).map_err(|e| {
            Error::new(
                ErrorCode::Storage,
                format!("cannot put the rebuilt desk in place: {e}"),
            )
        })?;
        Ok(n)
    }
}

/// A shared desk's piece file, with its workflow keys.
fn parse_shared(path: &str, bytes: &[u8]) -> Result<Piece> {
    piece_file::parse(path, bytes)?.into_piece().ok_or_else(|| {
        Error::bad_input(format!(
            "{path}: a shared desk's piece file carries its id, stage and revision"
        ))
    })
}

fn read_people_at(cat: &mut CatFile, rev: &str) -> Result<Vec<SharedPerson>> {
    let text = cat.text(rev, files::PEOPLE)?.unwrap_or_default();
    Ok(files::read_people(files::PEOPLE, &text)?)
}

fn read_settings_at(cat: &mut CatFile, rev: &str) -> Result<BTreeMap<String, String>> {
    let text = cat.text(rev, files::SETTINGS)?.unwrap_or_default();
    Ok(files::read_settings(files::SETTINGS, &text)?)
}

fn same_people(text: &str, people: &[SharedPerson]) -> bool {
    let mut theirs = files::read_people(files::PEOPLE, text).unwrap_or_default();
    let mut mine = people.to_vec();
    theirs.sort_by(|a, b| a.id.cmp(&b.id));
    mine.sort_by(|a, b| a.id.cmp(&b.id));
    theirs == mine
}

/// The people after a sync: theirs, with what was changed here kept where the shared desk did
/// not change that person too. A person changed on both sides differently is refused, never
/// merged by guessing.
fn merge_people(
    base: &[SharedPerson],
    mine: &[SharedPerson],
    theirs: &[SharedPerson],
) -> Result<Vec<SharedPerson>> {
    let find = |v: &[SharedPerson], id: &str| v.iter().find(|p| p.id == id).cloned();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for t in theirs {
        seen.insert(t.id.clone());
        let b = find(base, &t.id);
        let m = find(mine, &t.id);
        let norm = |p: &Option<SharedPerson>| {
            p.clone().map(|mut p| {
                p.roles.sort();
                p.sections.sort();
                p
            })
        };
        let (b, m, tt) = (norm(&b), norm(&m), norm(&Some(t.clone())));
        match (&b, &m) {
            (Some(b), Some(m)) if m != b && tt.as_ref() != Some(b) && Some(m) != tt.as_ref() => {
                return Err(Error::new(ErrorCode::Conflict, format!("{} was changed on this desk and on the shared desk; an admin sets them right on the shared desk", t.name)));
            }
            (Some(b), Some(m)) if m != b => out.push(m.clone()),
            _ => out.push(t.clone()),
        }
    }
    for m in mine {
        if !seen.contains(&m.id) && find(base, &m.id).is_none() {
            out.push(m.clone());
        }
    }
    Ok(out)
}

/// The desk's ids of the bylines that are people of the desk. On a shared desk a byline who is
/// not a person stays a name: people are added by an admin.
fn known_bylines(tx: &rusqlite::Transaction, content: &Content) -> Result<Vec<PersonId>> {
    let mut ids = Vec::new();
    for b in &content.bylines {
        if let Some(p) = store::person_by_name(tx, b)? {
            if !ids.contains(&p.id) {
                ids.push(p.id);
            }
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::for_reading;

    #[test]
    fn a_version_for_reading_drops_only_the_bookkeeping_keys() {
        let file = "---\nid: 0191\nstage: copyedit\nrevision: 7\nkind: review\nheadline: Heat\nrevision_note: kept\ncreated: 2026-01-01T00:00:00Z\nupdated: 2026-01-02T00:00:00Z\n---\nrevision: in the body stays\n";
        assert_eq!(
            for_reading(file),
            "---\nstage: copyedit\nkind: review\nheadline: Heat\nrevision_note: kept\n---\nrevision: in the body stays\n"
        );
        assert_eq!(for_reading("no front matter"), "no front matter");
    }
}
