//! The system `git`, run as a child process: ssh, https, the person's ssh settings
//! (`~/.ssh/config`, `GIT_SSH_COMMAND`, `core.sshCommand`) and the server's hooks all behave
//! as they do for any git user. Plumbing only (no work tree): objects are read through one
//! `git cat-file --batch` and commits are written by one `git fast-import`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use chrono::{DateTime, Utc};

/// A git command that failed: what was run, its exit status and what it said.
#[derive(Debug, Clone, thiserror::Error)]
#[error("git {args} failed{}: {}", status.map(|s| format!(" (exit {s})")).unwrap_or_default(), stderr.trim())]
pub struct GitError {
    pub args: String,
    pub status: Option<i32>,
    pub stderr: String,
    pub stdout: String,
}

impl GitError {
    /// The lines the shared desk's server said (`remote: galley: ...`), without the prefixes.
    pub fn server_says(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter_map(|l| {
                let l = l.trim_start_matches("remote: ").trim();
                l.strip_prefix("galley: ").map(str::to_string)
            })
            .collect()
    }
}

pub type Result<T, E = GitError> = std::result::Result<T, E>;

/// A repository, by its git directory.
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
}

/// A commit as read back: id, parents, author and message.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    pub id: String,
    pub parents: Vec<String>,
    pub tree: String,
    pub author: String,
    pub email: String,
    pub at: DateTime<Utc>,
    pub message: String,
}

/// One path a commit changed: `A`dded, `M`odified or `D`eleted, with the blobs before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub status: char,
    pub path: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A commit to write: its author, time, message, and the files it sets (or removes, `None`).
#[derive(Debug, Clone)]
pub struct NewCommit {
    pub author: String,
    pub email: String,
    pub at: DateTime<Utc>,
    pub message: String,
    pub files: Vec<(String, Option<Vec<u8>>)>,
}

pub fn is_zero(id: &str) -> bool {
    id.bytes().all(|b| b == b'0')
}

impl Git {
    pub fn new(dir: &Path) -> Git {
        Git {
            dir: dir.to_path_buf(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes a new bare repository at `dir` whose branch is `main`.
    pub fn init_bare(dir: &Path) -> Result<Git> {
        let git = Git::new(dir);
        let mut c = Command::new("git");
        c.env("LC_ALL", "C");
        let shown = dir.display().to_string();
        git.run_in(
            c,
            &["init", "--quiet", "--bare", "--initial-branch=main", &shown],
            None,
        )?;
        Ok(git)
    }

    /// Fetches `branch` of `origin` into `into`, with `c` (this repository's command, with
    /// whatever environment the transport needs).
    pub fn fetch(&self, c: Command, branch: &str, into: &str) -> Result<String> {
        let spec = format!("+{branch}:{into}");
        self.run_in(c, &["fetch", "--quiet", "--no-tags", "origin", &spec], None)
    }

    /// Pushes `spec` (`COMMIT:REF`) to `origin`; the porcelain report is on stdout.
    pub fn push(&self, c: Command, spec: &str) -> Result<String> {
        self.run_in(c, &["push", "--porcelain", "origin", spec], None)
    }

    /// `git` on this repository: no prompts (a sync must never wait on a terminal), messages
    /// in English so the server's words can be picked out.
    pub fn command(&self) -> Command {
        let mut c = Command::new("git");
        c.arg("--git-dir").arg(&self.dir);
        c.env("GIT_TERMINAL_PROMPT", "0").env("LC_ALL", "C");
        c
    }

    pub fn run(&self, args: &[&str]) -> Result<String> {
        self.run_in(self.command(), args, None)
    }

    pub fn run_input(&self, args: &[&str], input: &[u8]) -> Result<String> {
        self.run_in(self.command(), args, Some(input))
    }

    pub fn run_in(&self, mut c: Command, args: &[&str], input: Option<&[u8]>) -> Result<String> {
        c.args(args)
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let shown = args.join(" ");
        let spawn_err = |e: std::io::Error| GitError {
            args: shown.clone(),
            status: None,
            stderr: format!("cannot run git: {e}; is git installed?"),
            stdout: String::new(),
        };
        let mut child = c.spawn().map_err(spawn_err)?;
        if let Some(input) = input {
            let mut stdin = child.stdin.take().expect("piped");
            let data = input.to_vec();
            // Written from a thread so a large input never deadlocks against a full stdout.
            let writer = std::thread::spawn(move || stdin.write_all(&data));
            let out = child.wait_with_output().map_err(spawn_err)?;
            let _ = writer.join();
            return finish(shown, out);
        }
        let out = child.wait_with_output().map_err(spawn_err)?;
        finish(shown, out)
    }

    /// The commit `rev` names, if it names one.
    pub fn commit_id(&self, rev: &str) -> Option<String> {
        self.run(&["rev-parse", "--verify", "-q", &format!("{rev}^{{commit}}")])
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    pub fn cat(&self) -> Result<CatFile> {
        CatFile::start(self)
    }

    /// The commits of `range` (e.g. `OLD..NEW`), oldest first, each with its parents.
    pub fn rev_list(&self, range: &[&str]) -> Result<Vec<(String, Vec<String>)>> {
        let mut args = vec!["rev-list", "--reverse", "--topo-order", "--parents"];
        args.extend_from_slice(range);
        Ok(self
            .run(&args)?
            .lines()
            .filter_map(|l| {
                let mut it = l.split_whitespace().map(str::to_string);
                let id = it.next()?;
                Some((id, it.collect()))
            })
            .collect())
    }

    /// What changed between two commits (or trees), paths in full; no rename detection, so
    /// a moved file is a deletion and an addition.
    pub fn diff(&self, from: Option<&str>, to: &str) -> Result<Vec<Changed>> {
        let empty_tree;
        let from = match from {
            Some(f) => f,
            None => {
                empty_tree = self.empty_tree()?;
                &empty_tree
            }
        };
        let out = self.run(&["diff-tree", "-r", "--no-renames", "-z", from, to])?;
        Ok(parse_raw_diff(out.split('\0'), |_| false)
            .pop()
            .unwrap_or_default())
    }

    /// What each commit changed from its parent, `(commit, parent)` pairs in, one list per
    /// pair out, in order: one `git diff-tree --stdin` for all of them (a hook checking a push
    /// of many commits would otherwise start git once per commit).
    pub fn diffs(&self, pairs: &[(String, String)]) -> Result<Vec<Vec<Changed>>> {
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let input: String = pairs.iter().map(|(c, p)| format!("{c} {p}\n")).collect();
        let out = self.run_input(
            &[
                "diff-tree",
                "--stdin",
                "--always",
                "-r",
                "--no-renames",
                "-z",
            ],
            input.as_bytes(),
        )?;
        // Each pair's entries follow a line naming its commit.
        let lists = parse_raw_diff(out.split('\0'), |t| !t.starts_with(':'));
        if lists.len() != pairs.len() {
            return Err(GitError {
                args: "diff-tree --stdin".into(),
                status: None,
                stderr: format!("git gave {} diffs for {} commits", lists.len(), pairs.len()),
                stdout: String::new(),
            });
        }
        Ok(lists)
    }

    fn empty_tree(&self) -> Result<String> {
        Ok(self
            .run_input(&["hash-object", "-t", "tree", "-w", "--stdin"], b"")?
            .trim()
            .to_string())
    }

    /// Every file under `dir` at `rev`: (path, blob).
    pub fn files(&self, rev: &str, dir: &str) -> Result<Vec<(String, String)>> {
        let out = self.run(&["ls-tree", "-r", "-z", "--full-tree", rev, "--", dir])?;
        Ok(out
            .split('\0')
            .filter_map(|e| {
                let (meta, path) = e.split_once('\t')?;
                let blob = meta.split(' ').nth(2)?;
                Some((path.to_string(), blob.to_string()))
            })
            .collect())
    }

    /// Writes `commits` one on another, the first on `parent` (none: a first commit), and
    /// points `refname` at the last. One `git fast-import`, however many commits.
    pub fn write_commits(
        &self,
        refname: &str,
        parent: Option<&str>,
        commits: &[NewCommit],
    ) -> Result<String> {
        let mut s: Vec<u8> = Vec::new();
        for (i, c) in commits.iter().enumerate() {
            let when = format!("{} +0000", c.at.timestamp());
            let who = format!("{} <{}>", c.author.replace(['<', '>', '\n'], ""), c.email);
            if i == 0 {
                // Starts the branch afresh: on `parent`, or with no history at all.
                writeln!(s, "reset {refname}").unwrap();
            }
            write!(
                s,
                "commit {refname}\nauthor {who} {when}\ncommitter {who} {when}\n"
            )
            .unwrap();
            write!(s, "data {}\n{}\n", c.message.len(), c.message).unwrap();
            if i == 0 {
                if let Some(p) = parent {
                    writeln!(s, "from {p}").unwrap();
                }
            }
            for (path, data) in &c.files {
                match data {
                    Some(d) => {
                        writeln!(s, "M 100644 inline {path}").unwrap();
                        writeln!(s, "data {}", d.len()).unwrap();
                        s.extend_from_slice(d);
                        s.push(b'\n');
                    }
                    None => writeln!(s, "D {path}").unwrap(),
                }
            }
            s.push(b'\n');
        }
        self.run_input(
            &["fast-import", "--quiet", "--force", "--done"],
            &[s, b"done\n".to_vec()].concat(),
        )?;
        self.commit_id(refname).ok_or_else(|| GitError {
            args: "fast-import".into(),
            status: None,
            stderr: format!("{refname} was not written"),
            stdout: String::new(),
        })
    }
}

fn finish(args: String, out: std::process::Output) -> Result<String> {
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    Err(GitError {
        args,
        status: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    })
}

/// One `git cat-file --batch`: objects by name (`REV:PATH`, a blob id, a commit id).
pub struct CatFile {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl CatFile {
    fn start(git: &Git) -> Result<CatFile> {
        let mut child = git
            .command()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| GitError {
                args: "cat-file --batch".into(),
                status: None,
                stderr: format!("cannot run git: {e}"),
                stdout: String::new(),
            })?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        Ok(CatFile {
            child,
            stdin,
            stdout,
        })
    }

    /// The object's type and bytes; `None` when there is no such object.
    pub fn get(&mut self, name: &str) -> Result<Option<(String, Vec<u8>)>> {
        let io = |e: std::io::Error| GitError {
            args: "cat-file --batch".into(),
            status: None,
            stderr: e.to_string(),
            stdout: String::new(),
        };
        writeln!(self.stdin, "{name}").map_err(io)?;
        self.stdin.flush().map_err(io)?;
        let mut head = String::new();
        self.stdout.read_line(&mut head).map_err(io)?;
        let f: Vec<&str> = head.split_whitespace().collect();
        if f.len() != 3 {
            return Ok(None);
        }
        let size: usize = f[2].parse().map_err(|_| GitError {
            args: "cat-file --batch".into(),
            status: None,
            stderr: format!("unexpected answer `{}`", head.trim()),
            stdout: String::new(),
        })?;
        let mut data = vec![0; size + 1];
        self.stdout.read_exact(&mut data).map_err(io)?;
        data.truncate(size);
        Ok(Some((f[1].to_string(), data)))
    }

    /// A file's text at `rev`, if it is there.
    pub fn text(&mut self, rev: &str, path: &str) -> Result<Option<String>> {
        Ok(self
            .get(&format!("{rev}:{path}"))?
            .map(|(_, d)| String::from_utf8_lossy(&d).into_owned()))
    }

    pub fn blob(&mut self, id: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.get(id)?.map(|(_, d)| d))
    }

    pub fn commit(&mut self, id: &str) -> Result<Option<CommitInfo>> {
        let Some((kind, data)) = self.get(id)? else {
            return Ok(None);
        };
        if kind != "commit" {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&data);
        let (head, message) = text.split_once("\n\n").unwrap_or((&text, ""));
        let mut info = CommitInfo {
            id: id.to_string(),
            parents: vec![],
            tree: String::new(),
            author: String::new(),
            email: String::new(),
            at: DateTime::UNIX_EPOCH,
            message: message.to_string(),
        };
        for line in head.lines() {
            if let Some(t) = line.strip_prefix("tree ") {
                info.tree = t.to_string();
            } else if let Some(p) = line.strip_prefix("parent ") {
                info.parents.push(p.to_string());
            } else if let Some(a) = line.strip_prefix("author ") {
                if let Some((name, rest)) = a.split_once(" <") {
                    info.author = name.to_string();
                    if let Some((email, when)) = rest.split_once("> ") {
                        info.email = email.to_string();
                        let secs: i64 = when
                            .split(' ')
                            .next()
                            .and_then(|s| s.parse().ok())
                            .unwrap_or(0);
                        info.at = DateTime::from_timestamp(secs, 0).unwrap_or(DateTime::UNIX_EPOCH);
                    }
                }
            }
        }
        Ok(Some(info))
    }
}

impl Drop for CatFile {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads `git diff-tree -r -z` output: `:meta\0path\0` per file. With `header` true of a token
/// (a commit's line, under `--stdin`), each header starts a new list; without headers, one list.
fn parse_raw_diff<'a>(
    mut parts: impl Iterator<Item = &'a str>,
    header: impl Fn(&str) -> bool,
) -> Vec<Vec<Changed>> {
    let mut lists: Vec<Vec<Changed>> = Vec::new();
    while let Some(token) = parts.next() {
        let token = token.trim_start_matches('\n');
        if token.is_empty() {
            continue;
        }
        if header(token) {
            lists.push(Vec::new());
            continue;
        }
        let Some(path) = parts.next() else { break };
        let f: Vec<&str> = token.trim_start_matches(':').split(' ').collect();
        if f.len() < 5 {
            continue;
        }
        let blob = |s: &str| (!is_zero(s)).then(|| s.to_string());
        if lists.is_empty() {
            lists.push(Vec::new());
        }
        lists.last_mut().expect("one list").push(Changed {
            status: f[4].chars().next().unwrap_or('M'),
            path: path.to_string(),
            old: blob(f[2]),
            new: blob(f[3]),
        });
    }
    lists
}
