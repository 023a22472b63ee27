//! The shared desk's server: `init` makes the bare repository with its `pre-receive` hook,
//! `serve` is the forced command of one person's ssh key (git-upload-pack or
//! git-receive-pack on the desk, with that person named for the hook, nothing else), and
//! `check_push` is the hook: every pushed commit, every piece it changes, checked with the
//! `workflow` rules as the person the transport names.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};

use super::files::{self, SharedPerson};
use super::git::{is_zero, CatFile, Git, GitError, NewCommit};
use super::poll_files;
use super::{Message, Pusher, PUSHER_ENV, SCHEDULER_NAME};
use crate::domain::{Person, Piece, Stage};
use crate::piece_file;
use crate::workflow::{self, Actor, Facts};

/// The one branch of a shared desk.
pub const BRANCH: &str = "refs/heads/main";

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    BadInput(String),
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("{0}")]
    Io(String),
}

/// Makes a shared desk at `dir`: a bare repository that refuses force pushes and deletions,
/// whose `pre-receive` hook runs `galley` (the program at `galley`) on every push, holding a
/// first commit with the desk's files and `admin` as its one person.
pub fn init(
    dir: &Path,
    admin: &str,
    galley: &Path,
    settings: &std::collections::BTreeMap<String, String>,
    now: DateTime<Utc>,
) -> Result<SharedPerson, ServerError> {
    init_with(dir, admin, galley, settings, &[], &[], now)
}

/// Makes a shared desk that starts with `people` (their global ids kept; `admin` among them
/// or added, and made an admin) and `files` (path, text: piece files and polls' files): an
/// existing desk made shared.
pub fn init_with(
    dir: &Path,
    admin: &str,
    galley: &Path,
    settings: &std::collections::BTreeMap<String, String>,
    people: &[SharedPerson],
    files: &[(String, Vec<u8>)],
    now: DateTime<Utc>,
) -> Result<SharedPerson, ServerError> {
    Person::check_new(admin, &[crate::domain::Role::Admin], &[]).map_err(ServerError::BadInput)?;
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(ServerError::BadInput(format!(
            "{} exists and is not empty: a shared desk is made in a new folder",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| ServerError::Io(format!("cannot create {}: {e}", dir.display())))?;
    let git = Git::init_bare(dir)?;
    for (k, v) in [
        ("receive.denyNonFastForwards", "true"),
        ("receive.denyDeletes", "true"),
        ("receive.fsckObjects", "true"),
        ("core.logAllRefUpdates", "true"),
    ] {
        git.run(&["config", k, v])?;
    }
    let hook = dir.join("hooks").join("pre-receive");
    let exe = galley.display().to_string().replace('\'', "'\\''");
    let script = format!(
        "#!/bin/sh\n# Galley checks every push against the desk's rules: the person the transport names\n# (galley server serve), each changed piece an edit or a move they may make.\nexec '{exe}' server hook\n"
    );
    std::fs::write(&hook, script)
        .map_err(|e| ServerError::Io(format!("cannot write {}: {e}", hook.display())))?;
    set_executable(&hook)?;
    for (path, bytes) in files {
        if let Some(f) = poll_files::poll_file(path) {
            let text = String::from_utf8_lossy(bytes);
            match f {
                poll_files::PollFile::Poll(_) => poll_files::read_poll(path, &text).map(|_| ()),
                poll_files::PollFile::Ballot { .. } => {
                    poll_files::read_ballot(path, &text).map(|_| ())
                }
            }
            .map_err(ServerError::BadInput)?;
            continue;
        }
        let parsed = crate::piece_file::parse(path, bytes)
            .map_err(|e| ServerError::BadInput(e.to_string()))?;
        if parsed.into_piece().is_none() {
            return Err(ServerError::BadInput(format!(
                "{path}: a shared desk's piece file carries its id, stage and revision"
            )));
        }
    }
    let mut people = people.to_vec();
    let person = match people
        .iter_mut()
        .find(|p| p.name.trim().eq_ignore_ascii_case(admin.trim()))
    {
        Some(p) => {
            if !p.roles.iter().any(|r| r == "admin") {
                p.roles.push("admin".into());
            }
            p.clone()
        }
        None => {
            let p = SharedPerson {
                id: uuid::Uuid::new_v4().to_string(),
                name: admin.trim().to_string(),
                roles: vec!["admin".into()],
                sections: vec![],
            };
            people.push(p.clone());
            p
        }
    };
    let pieces = files
        .iter()
        .filter(|(p, _)| files::piece_id(p).is_some())
        .count();
    let commit = NewCommit {
        author: SCHEDULER_NAME.into(),
        email: "galley@localhost".into(),
        at: now,
        message: Message {
            summary: if pieces == 0 {
                format!("A shared desk, with {} as its admin", person.name)
            } else {
                format!(
                    "A shared desk of {} pieces, with {} as its admin",
                    pieces, person.name
                )
            },
            ..Message::default()
        }
        .text(),
        files: vec![
            (
                files::DESK.into(),
                Some(files::DESK_TEXT.as_bytes().to_vec()),
            ),
            (
                files::PEOPLE.into(),
                Some(files::write_people(&people).into_bytes()),
            ),
            (
                files::SETTINGS.into(),
                Some(files::write_settings(settings).into_bytes()),
            ),
        ]
        .into_iter()
        .chain(files.iter().map(|(p, b)| (p.clone(), Some(b.clone()))))
        .collect(),
    };
    git.write_commits(BRANCH, None, &[commit])?;
    Ok(person)
}

#[cfg(unix)]
fn set_executable(p: &Path) -> Result<(), ServerError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| ServerError::Io(format!("cannot make {} executable: {e}", p.display())))
}

#[cfg(not(unix))]
fn set_executable(_: &Path) -> Result<(), ServerError> {
    Ok(())
}

/// The people of the shared desk at `rev`.
pub fn people_at(cat: &mut CatFile, rev: &str) -> Result<Vec<SharedPerson>, ServerError> {
    let text = cat.text(rev, files::PEOPLE)?.unwrap_or_default();
    files::read_people(files::PEOPLE, &text).map_err(|e| ServerError::Refused(e.to_string()))
}

fn find_person(people: &[SharedPerson], name: &str) -> Option<Person> {
    people
        .iter()
        .find(|p| p.name.trim().eq_ignore_ascii_case(name.trim()))
        .map(|p| Person {
            id: 0,
            gid: p.id.clone(),
            name: p.name.clone(),
            roles: p.roles(),
            sections: p.sections.clone(),
        })
}

/// What `server serve` runs for an ssh session: the git command the client asked for
/// (`SSH_ORIGINAL_COMMAND`), if it is git-upload-pack or git-receive-pack, on `dir` whatever
/// path the client gave, with `person` named for the hook. `person` must be on the desk.
pub fn serve_command(
    dir: &Path,
    person: &str,
    requested: Option<&str>,
) -> Result<std::process::Command, ServerError> {
    let requested = requested.unwrap_or("").trim();
    let verb = match requested.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["git-upload-pack", ..] | ["git", "upload-pack", ..] => "upload-pack",
        ["git-receive-pack", ..] | ["git", "receive-pack", ..] => "receive-pack",
        _ => {
            return Err(ServerError::Refused(format!(
                "this key opens the shared desk with git only (git-upload-pack, git-receive-pack), so `{}` is refused",
                if requested.is_empty() { "a shell" } else { requested }
            )))
        }
    };
    let git = Git::new(dir);
    let mut cat = git.cat()?;
    let people = people_at(&mut cat, BRANCH)?;
    if find_person(&people, person).is_none() {
        return Err(ServerError::Refused(format!(
            "{person} is not a person of this shared desk"
        )));
    }
    let mut c = std::process::Command::new("git");
    c.arg(verb).arg(dir);
    c.env(
        PUSHER_ENV,
        Pusher::Person(person.trim().to_string()).env_value(),
    );
    Ok(c)
}

/// One line of the hook's input: a ref's old and new commit.
#[derive(Debug, Clone)]
pub struct Update {
    pub old: String,
    pub new: String,
    pub refname: String,
}

/// Reads the hook's standard input (`OLD NEW REF` per line).
pub fn parse_updates(input: &str) -> Vec<Update> {
    input
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            Some(Update {
                old: f.next()?.to_string(),
                new: f.next()?.to_string(),
                refname: f.next()?.to_string(),
            })
        })
        .collect()
}

/// What a hook's check of a push found: how many commits and changed pieces it read.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub commits: usize,
    pub pieces: usize,
}

/// The `pre-receive` hook: every commit of every update checked as `pusher`. Refused, the push
/// changes nothing (git applies no update when this hook fails), and the reasons name the
/// person, the piece and the rule.
pub fn check_push(
    git: &Git,
    pusher: Option<&Pusher>,
    updates: &[Update],
    now: DateTime<Utc>,
) -> Result<Checked, Vec<String>> {
    let Some(pusher) = pusher else {
        return Err(vec![
            "this push names nobody: a shared desk takes pushes over ssh, through the forced command of a person's key, or from its scheduler".into(),
        ]);
    };
    let mut checked = Checked::default();
    let mut problems = Vec::new();
    let mut cat = git.cat().map_err(|e| vec![e.to_string()])?;
    for u in updates {
        if u.refname != BRANCH {
            problems.push(format!(
                "a shared desk has one branch, main; {} is refused",
                u.refname
            ));
            continue;
        }
        if is_zero(&u.new) {
            problems.push("the shared desk's branch may not be deleted".into());
            continue;
        }
        if is_zero(&u.old) {
            problems.push("the shared desk already has its history; push on top of it".into());
            continue;
        }
        let commits = match git.rev_list(&[&format!("{}..{}", u.old, u.new)]) {
            Ok(c) => c,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        let mut check = PushCheck {
            git,
            cat: &mut cat,
            pusher,
            now,
            people: HashMap::new(),
        };
        // Every commit's changes in one git process; a merge's (refused below) against its first parent.
        let pairs: Vec<(String, String)> = commits
            .iter()
            .map(|(c, ps)| (c.clone(), ps.first().unwrap_or(c).clone()))
            .collect();
        let diffs = match git.diffs(&pairs) {
            Ok(d) => d,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        for ((commit, parents), changed) in commits.into_iter().zip(diffs) {
            checked.commits += 1;
            match check.commit(&commit, &parents, changed) {
                Ok(n) => checked.pieces += n,
                Err(mut p) => {
                    problems.append(&mut p);
                    break;
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(problems)
    }
}

struct PushCheck<'a> {
    git: &'a Git,
    cat: &'a mut CatFile,
    pusher: &'a Pusher,
    now: DateTime<Utc>,
    /// The people file at each parent read so far, by commit.
    people: HashMap<String, Vec<SharedPerson>>,
}

impl PushCheck<'_> {
    /// Checks one commit against its parent; gives how many pieces it changed.
    fn commit(
        &mut self,
        id: &str,
        parents: &[String],
        changed: Vec<super::git::Changed>,
    ) -> Result<usize, Vec<String>> {
        let short = &id[..id.len().min(10)];
        let one = |m: String| Err(vec![m]);
        let [parent] = parents else {
            return one(format!("commit {short} is a merge; the shared desk takes one change after another (galley sync rebases yours on the desk's)"));
        };
        let info = match self.cat.commit(id) {
            Ok(Some(i)) => i,
            _ => return one(format!("commit {short} cannot be read")),
        };
        let name = self.pusher.name().to_string();
        if !info.author.trim().eq_ignore_ascii_case(&name) {
            return one(format!(
                "commit {short} says it is by {}, but {name} pushed it: each person pushes their own changes",
                info.author
            ));
        }
        if !self.people.contains_key(parent) {
            let people = people_at(self.cat, parent).map_err(|e| vec![e.to_string()])?;
            self.people.insert(parent.clone(), people);
        }
        let people = &self.people[parent];
        let person = match self.pusher {
            Pusher::Person(n) => match find_person(people, n) {
                Some(p) => Some(p),
                None => return one(format!("{n} is not a person of this shared desk")),
            },
            Pusher::Scheduler => None,
        };
        let actor = match &person {
            Some(p) => Actor::Person(p),
            None => Actor::Scheduler,
        };
        let message = Message::parse(&info.message);
        let mut pieces = 0;
        let mut problems = Vec::new();
        for ch in changed {
            let result = if let Some(piece_id) = files::piece_id(&ch.path) {
                pieces += 1;
                self.piece(&ch, piece_id, parent, actor, &name, message.note.as_deref())
            } else if let Some(f) = poll_files::poll_file(&ch.path) {
                self.poll_file(&ch, f, id, parent, person.as_ref())
            } else if ch.path == files::PEOPLE || ch.path == files::SETTINGS {
                self.desk_file(&ch, person.as_ref(), &name)
            } else if ch.path == files::DESK {
                Err(format!(
                    "{} says what the repository is and does not change",
                    files::DESK
                ))
            } else {
                Err(format!(
                    "only Galley's files belong on the shared desk, so {} is refused",
                    ch.path
                ))
            };
            if let Err(m) = result {
                problems.push(m);
            }
        }
        if problems.is_empty() {
            Ok(pieces)
        } else {
            Err(problems)
        }
    }

    fn read_piece(&mut self, path: &str, blob: &str) -> Result<Piece, String> {
        let bytes = self
            .cat
            .blob(blob)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("{path} cannot be read"))?;
        self.read_piece_bytes(path, &bytes)
    }

    fn read_piece_text(&mut self, path: &str, text: &str) -> Result<Piece, String> {
        self.read_piece_bytes(path, text.as_bytes())
    }

    fn read_piece_bytes(&mut self, path: &str, bytes: &[u8]) -> Result<Piece, String> {
        let parsed = piece_file::parse(path, bytes).map_err(|e| e.to_string())?;
        parsed.into_piece().ok_or_else(|| {
            format!("{path}: a shared desk's piece file carries its id, stage and revision")
        })
    }

    fn piece(
        &mut self,
        ch: &super::git::Changed,
        id: &str,
        parent: &str,
        actor: Actor,
        name: &str,
        note: Option<&str>,
    ) -> Result<(), String> {
        let before = match &ch.old {
            Some(b) => Some(self.read_piece(&ch.path, b)?),
            None => None,
        };
        let Some(new) = &ch.new else {
            let headline = before
                .map(|b| b.content.headline)
                .unwrap_or_else(|| id.to_string());
            return Err(format!("{name} may not delete \u{201c}{headline}\u{201d}: a piece is never deleted from the desk; spike it instead"));
        };
        let after = self.read_piece(&ch.path, new)?;
        if after.id != id {
            return Err(format!(
                "{}: its id is {}, not the {id} its name says",
                ch.path, after.id
            ));
        }
        let is_byline = before.as_ref().is_some_and(|b| {
            b.content
                .bylines
                .iter()
                .any(|n| n.trim().eq_ignore_ascii_case(name))
        });
        let going_out = matches!(after.stage, Stage::Scheduled | Stage::Published);
        let slug_taken_by = if going_out {
            self.slug_holder(parent, &after.content.slug, id)?
        } else {
            None
        };
        let facts = Facts {
            is_byline,
            slug_taken_by,
        };
        workflow::check_change(actor, before.as_ref(), &after, &facts, note, self.now)
            .map(|_| ())
            .map_err(|r| format!("{name} may not {}: {}", r.action, r.problems.join("; ")))
    }

    /// Another scheduled or published piece at `rev` with this slug.
    fn slug_holder(
        &mut self,
        rev: &str,
        slug: &str,
        except: &str,
    ) -> Result<Option<(String, Stage)>, String> {
        if slug.trim().is_empty() {
            return Ok(None);
        }
        let pattern = format!("^slug: \"?{}\"?$", regex_escape(slug));
        let out = self
            .git
            .run(&["grep", "-l", "-E", "-e", &pattern, rev, "--", files::PIECES]);
        let hits = match out {
            Ok(s) => s,
            Err(e) if e.status == Some(1) => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        for hit in hits.lines() {
            let path = hit.split_once(':').map(|(_, p)| p).unwrap_or(hit);
            if files::piece_id(path) == Some(except) {
                continue;
            }
            let text = self
                .cat
                .text(rev, path)
                .map_err(|e| e.to_string())?
                .unwrap_or_default();
            if let Some(p) = piece_file::parse(path, text.as_bytes())
                .ok()
                .and_then(|p| p.into_piece())
            {
                if matches!(p.stage, Stage::Scheduled | Stage::Published) && p.content.slug == slug
                {
                    return Ok(Some((p.content.headline, p.stage)));
                }
            }
        }
        Ok(None)
    }

    /// A poll's file: its own (opening, closing, merges, decisions) only by the list's section
    /// editors and editors; a ballot by its voter while the poll takes ballots, or on their
    /// behalf by a section editor, also only then.
    fn poll_file(
        &mut self,
        ch: &super::git::Changed,
        f: poll_files::PollFile,
        commit: &str,
        parent: &str,
        person: Option<&Person>,
    ) -> Result<(), String> {
        let Some(person) = person else {
            return Err(format!(
                "the scheduler changes no poll, so its change to {} is refused",
                ch.path
            ));
        };
        let text = |cat: &mut CatFile, blob: &str| -> Result<String, String> {
            let bytes = cat
                .blob(blob)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("{} cannot be read", ch.path))?;
            String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", ch.path))
        };
        let poll_path = poll_files::poll_path(f.poll());
        // The poll as it stood before this commit, or, new in it, as the commit makes it.
        let stood = match self
            .cat
            .text(parent, &poll_path)
            .map_err(|e| e.to_string())?
        {
            Some(t) => Some(poll_files::read_poll(&poll_path, &t)?),
            None => None,
        };
        let made = match self
            .cat
            .text(commit, &poll_path)
            .map_err(|e| e.to_string())?
        {
            Some(t) => Some(poll_files::read_poll(&poll_path, &t)?),
            None => None,
        };
        let Some(poll) = stood.clone().or(made.clone()) else {
            return Err(format!(
                "{}: there is no poll {} on the desk",
                ch.path,
                f.poll()
            ));
        };
        let list_path = files::piece_path(&poll.list);
        let list_rev = if self
            .cat
            .text(parent, &list_path)
            .map_err(|e| e.to_string())?
            .is_some()
        {
            parent
        } else {
            commit
        };
        let list_text = self
            .cat
            .text(list_rev, &list_path)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("{}: its list {} is not on the desk", ch.path, poll.list))?;
        let list = self.read_piece_text(&list_path, &list_text)?;
        let new_text = match &ch.new {
            Some(blob) => Some(text(self.cat, blob)?),
            None => None,
        };
        let voter = match f {
            poll_files::PollFile::Ballot { voter, .. } => self.people[parent]
                .iter()
                .find(|p| p.id == voter)
                .map(|p| p.name.clone()),
            poll_files::PollFile::Poll(_) => None,
        };
        // A new poll: does another of the desk already belong to its list?
        let list_has_other_poll = match (f, &stood) {
            (poll_files::PollFile::Poll(id), None) => {
                let mut other = false;
                for (path, blob) in self
                    .git
                    .files(parent, poll_files::POLLS)
                    .map_err(|e| e.to_string())?
                {
                    if !matches!(poll_files::poll_file(&path), Some(poll_files::PollFile::Poll(p)) if p != id)
                    {
                        continue;
                    }
                    let t = text(self.cat, &blob)?;
                    other |= poll_files::read_poll(&path, &t).is_ok_and(|p| p.list == poll.list);
                }
                other
            }
            _ => false,
        };
        let change = poll_files::PollChange {
            path: &ch.path,
            file: f,
            stood: stood.as_ref(),
            after: made.as_ref(),
            text: new_text.as_deref(),
            voter: voter.as_deref(),
            list_has_other_poll,
        };
        poll_files::check_change(person, &list, &change, self.now)
    }

    fn desk_file(
        &mut self,
        ch: &super::git::Changed,
        person: Option<&Person>,
        name: &str,
    ) -> Result<(), String> {
        let what = if ch.path == files::PEOPLE {
            "the desk's people"
        } else {
            "the desk's settings"
        };
        let Some(person) = person else {
            return Err(format!("the scheduler may not change {what}"));
        };
        workflow::may_change_shared_files(person, what)
            .map_err(|r| format!("{name} may not {}: {}", r.action, r.problems.join("; ")))?;
        let Some(new) = &ch.new else {
            return Err(format!("{} may not be deleted", ch.path));
        };
        let bytes = self
            .cat
            .blob(new)
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        if ch.path == files::PEOPLE {
            let people = files::read_people(files::PEOPLE, &text).map_err(|e| e.to_string())?;
            if !people
                .iter()
                .any(|p| p.roles().contains(&crate::domain::Role::Admin))
            {
                return Err("the shared desk keeps at least one admin".into());
            }
        } else {
            files::read_settings(files::SETTINGS, &text).map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                vec![c]
            } else {
                vec!['\\', c]
            }
        })
        .collect()
}
