//! The shared desk, with the real parts: an sshd on 127.0.0.1 started here with its own config
//! and host key, a server made by `galley server init`, and three desks (a writer, a copy
//! editor, an editor) joined over ssh with their own keys. The story, step by step,
//! through the `galley` binary and plain git.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::sshd::Sshd;
use super::support::{stderr, stdout};

const BIN: &str = env!("CARGO_BIN_EXE_galley");

/// One person's desk: its file, and the ssh command of their key.
struct Person {
    name: &'static str,
    db: PathBuf,
    ssh: String,
}

impl Person {
    fn galley(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .env("GALLEY_DB", &self.db)
            .env("GALLEY_AS", self.name)
            .env_remove("GIT_SSH_COMMAND")
            .env_remove("GALLEY_PUSHER")
            .args(args)
            .output()
            .expect("galley runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.galley(args);
        assert!(
            o.status.success(),
            "{} {args:?} failed: {}{}",
            self.name,
            stdout(&o),
            stderr(&o)
        );
        stdout(&o)
    }

    fn clone_dir(&self) -> PathBuf {
        galley::api::clone_path(&self.db)
    }
}

fn join(sshd: &mut Sshd, dir: &Path, server: &Path, name: &'static str) -> Person {
    let ssh = sshd.add_person(Path::new(BIN), server, name);
    let db = dir.join(format!(
        "{}.galley",
        name.replace(|c: char| !c.is_alphanumeric(), "")
    ));
    let out = Command::new(BIN)
        .env("GIT_SSH_COMMAND", &ssh)
        .env_remove("GALLEY_PUSHER")
        .args(["join", &sshd.url(server), "--db"])
        .arg(&db)
        .args(["--as", name])
        .output()
        .unwrap();
    assert!(out.status.success(), "{name} joins: {}", stderr(&out));
    // From now on the desk's own git settings carry the key, as any git user's would.
    git(
        &galley::api::clone_path(&db),
        &["config", "core.sshCommand", &ssh],
    );
    Person { name, db, ssh }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .arg("--git-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    stdout(&o)
}

fn tip(server: &Path) -> String {
    git(server, &["rev-parse", "refs/heads/main"])
        .trim()
        .to_string()
}

fn review(headline: &str, body: &str) -> String {
    format!(
        "---\nkind: review\nsection: Film\nheadline: \"{headline}\"\ndek: Michael Mann's crime epic at thirty.\nbylines: [A. Writer]\nreview:\n  medium: film\n  title: Heat\n  director: [Michael Mann]\n  cast: [Al Pacino, Robert De Niro]\n  year: 1995\n---\n{body}"
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A shared desk at `server`, made by `galley server init` with Ed Marsh its admin.
fn init_server(server: &Path) {
    let o = Command::new(BIN)
        .args(["server", "init"])
        .arg(server)
        .args(["--admin", "Ed Marsh"])
        .output()
        .unwrap();
    assert!(o.status.success(), "server init: {}", stderr(&o));
}

fn show(p: &Person, id: &str) -> serde_json::Value {
    serde_json::from_str(&p.ok(&["show", id, "--json"])).unwrap()
}

#[test]
fn the_newsroom_story_over_ssh() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut sshd = Sshd::start(&dir.join("sshd"));
    let server = dir.join("srv").join("desk.git");
    init_server(&server);
    assert_eq!(
        git(&server, &["config", "receive.denyNonFastForwards"]).trim(),
        "true"
    );
    assert_eq!(
        git(&server, &["config", "receive.denyDeletes"]).trim(),
        "true"
    );

    // The editor joins over ssh and adds the newsroom; only an admin may.
    let ed = join(&mut sshd, dir, &server, "Ed Marsh");
    ed.ok(&["person", "add", "A. Writer", "--role", "writer"]);
    ed.ok(&[
        "person",
        "add",
        "Cora Lee",
        "--role",
        "copy_editor,section_editor",
        "--section",
        "Film",
    ]);
    ed.ok(&["sync"]);
    let writer = join(&mut sshd, dir, &server, "A. Writer");
    let cora = join(&mut sshd, dir, &server, "Cora Lee");
    assert!(
        writer.ok(&["person", "list"]).contains("Cora Lee"),
        "the people came with the desk"
    );

    // The writer drafts offline: the sync cannot reach the server (exit 3), the work stays.
    let url = sshd.url(&server);
    let dead = url.replace(&format!(":{}/", sshd.port), ":1/");
    git(&writer.clone_dir(), &["remote", "set-url", "origin", &dead]);
    let file = write(
        dir,
        "heat.md",
        &review(
            "Heat at Thirty",
            "Thirty years on, the coffee-shop scene still plays like a duet.\n",
        ),
    );
    let id = writer
        .ok(&["import", file.to_str().unwrap()])
        .split('\t')
        .next()
        .unwrap()
        .to_string();
    writer.ok(&["move", &id, "copyedit"]);
    let o = writer.galley(&["sync"]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "offline is exit 3: {}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("could not be reached"),
        "{}",
        stderr(&o)
    );
    assert!(
        writer.ok(&["sync", "--status"]).starts_with("offline"),
        "the status says offline"
    );
    git(&writer.clone_dir(), &["remote", "set-url", "origin", &url]);
    let before = tip(&server);
    writer.ok(&["sync"]);
    assert_ne!(
        tip(&server),
        before,
        "the offline work went out at the next sync"
    );
    assert!(writer.ok(&["sync", "--status"]).starts_with("synced"));
    let log = git(&server, &["log", "--format=%an|%s", "-3"]);
    assert!(
        log.contains("A. Writer|Heat at Thirty: submit (revision 2)"),
        "{log}"
    );
    assert!(
        log.contains("A. Writer|Heat at Thirty: create (revision 1)"),
        "each revision is a commit: {log}"
    );

    // The copy editor takes it in and returns it with a note; the writer sees the note.
    cora.ok(&["sync"]);
    assert_eq!(show(&cora, &id)["stage"], "copyedit");
    cora.ok(&[
        "move",
        &id,
        "draft",
        "--note",
        "Check the year of the coffee-shop scene, please.",
    ]);
    cora.ok(&["sync"]);
    writer.ok(&["sync"]);
    assert_eq!(show(&writer, &id)["stage"], "draft");
    let history: serde_json::Value =
        serde_json::from_str(&writer.ok(&["history", &id, "--json"])).unwrap();
    let ret = history["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["move"] == "return")
        .expect("the return is in the history");
    assert_eq!(ret["who"], "Cora Lee");
    assert_eq!(
        ret["note"],
        "Check the year of the coffee-shop scene, please."
    );

    // Both edit the draft (the writer, and Cora as Film's section editor): a conflict.
    let mine = write(dir, "mine.md", &review("Heat at Thirty", "Thirty years on, the diner scene still plays like a duet.\n\nThe writer's new paragraph.\n"));
    writer.ok(&["edit", &id, mine.to_str().unwrap()]);
    let theirs = write(
        dir,
        "theirs.md",
        &review(
            "Heat at Thirty",
            "Thirty years on (it was 1995), the coffee-shop scene still plays like a duet.\n",
        ),
    );
    cora.ok(&["edit", &id, theirs.to_str().unwrap()]);
    cora.ok(&["sync"]);
    let before = tip(&server);
    let o = writer.galley(&["sync"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a conflict is exit 1: {}{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("conflict")
            && stderr(&o).contains("Heat at Thirty")
            && stderr(&o).contains("Cora Lee"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        tip(&server),
        before,
        "nothing of the conflicted piece was sent"
    );
    assert!(
        show(&writer, &id)["content"]["body"]
            .as_str()
            .unwrap()
            .contains("The writer's new paragraph."),
        "mine is kept on my desk"
    );
    let conflicts: serde_json::Value =
        serde_json::from_str(&writer.ok(&["conflicts", "--json"])).unwrap();
    let c = &conflicts[0];
    assert!(
        c["mine"]
            .as_str()
            .unwrap()
            .contains("The writer's new paragraph."),
        "both texts are offered: {c}"
    );
    assert!(
        c["theirs"].as_str().unwrap().contains("(it was 1995)"),
        "both texts are offered: {c}"
    );
    assert!(
        c["base"]
            .as_str()
            .unwrap_or("")
            .contains("coffee-shop scene still"),
        "with the base: {c}"
    );
    assert_eq!(c["theirs_who"], "Cora Lee");
    assert!(writer.ok(&["sync", "--status"]).starts_with("1 conflicts"));
    // The writer keeps a third text with both changes: a new revision, sent at the next sync.
    let third = write(dir, "third.md", &review("Heat at Thirty", "Thirty years on (it was 1995), the diner scene still plays like a duet.\n\nThe writer's new paragraph.\n"));
    writer.ok(&["resolve", &id, "--file", third.to_str().unwrap()]);
    writer.ok(&["sync"]);
    cora.ok(&["sync"]);
    let body = show(&cora, &id)["content"]["body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        body.contains("(it was 1995), the diner scene")
            && body.contains("The writer's new paragraph."),
        "{body}"
    );

    // The writer submits again, then forges a publish with plain git: refused, with its reason.
    writer.ok(&["move", &id, "copyedit"]);
    writer.ok(&["sync"]);
    let work = dir.join("forge");
    let o = Command::new("git")
        .env("GIT_SSH_COMMAND", &writer.ssh)
        .args(["clone", "-q", &url])
        .arg(&work)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "plain git clones the shared desk: {}",
        stderr(&o)
    );
    let path = work.join("pieces").join(format!("{id}.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    let rev: i64 = text
        .lines()
        .find_map(|l| l.strip_prefix("revision: "))
        .unwrap()
        .parse()
        .unwrap();
    let forged = text
        .replace("stage: copyedit", "stage: published")
        .replace(
            &format!("revision: {rev}"),
            &format!("revision: {}", rev + 1),
        )
        .replace("\n---\n", "\npublished: 2026-12-01T09:00:00Z\n---\n");
    std::fs::write(&path, forged).unwrap();
    let g = |args: &[&str]| {
        Command::new("git")
            .current_dir(&work)
            .env("GIT_SSH_COMMAND", &writer.ssh)
            .args([
                "-c",
                "user.name=A. Writer",
                "-c",
                "user.email=writer@example.org",
            ])
            .args(args)
            .output()
            .unwrap()
    };
    assert!(g(&["commit", "-qam", "publish it myself"]).status.success());
    let before = tip(&server);
    let o = g(&["push", "origin", "HEAD:main"]);
    assert!(!o.status.success(), "the forged publish is refused");
    assert!(
        stderr(&o).contains("remote: galley: A. Writer may not move \u{201c}Heat at Thirty\u{201d} from copyedit to published"),
        "the reason reaches the person in words: {}",
        stderr(&o)
    );
    assert_eq!(tip(&server), before, "the server's branch is unchanged");
    // A force push and a deletion are refused too.
    let o = g(&["push", "--force", "origin", "HEAD~3:main"]);
    assert!(
        !o.status.success(),
        "a force push is refused: {}",
        stderr(&o)
    );
    let o = g(&["push", "origin", ":main"]);
    assert!(!o.status.success(), "a deletion is refused: {}", stderr(&o));
    assert_eq!(tip(&server), before);

    // A push killed halfway (the connection cut after 4 KB) leaves the server unchanged, and
    // the next sync succeeds.
    ed.ok(&["sync"]);
    let long: String = (0..40_000)
        .map(|i| format!("w{:x} ", i * 7919 % 65_521))
        .collect();
    let big = write(dir, "big.md", &review("Heat at Thirty", &format!("Thirty years on (it was 1995), the diner scene still plays like a duet.\n\nThe writer's new paragraph.\n\n{long}\n")));
    ed.ok(&["edit", &id, big.to_str().unwrap()]);
    let cut = write(
        dir,
        "cut-ssh",
        &format!("#!/bin/sh\nhead -c 4096 | {} \"$@\"\n", ed.ssh),
    );
    std::fs::set_permissions(&cut, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let o = Command::new(BIN)
        .env("GALLEY_DB", &ed.db)
        .env("GALLEY_AS", ed.name)
        .env("GIT_SSH_COMMAND", &cut)
        .arg("sync")
        .output()
        .unwrap();
    assert!(!o.status.success(), "the cut push fails: {}", stderr(&o));
    assert_eq!(
        tip(&server),
        before,
        "a push killed halfway changes nothing on the server"
    );
    ed.ok(&["sync"]);
    assert_ne!(tip(&server), before, "the next sync succeeds");

    // The editor schedules it; the server's scheduler publishes it when due, and writes the site.
    let at = (chrono::Utc::now() + chrono::Duration::minutes(3))
        .with_timezone(&chrono_tz::Europe::London);
    let wall = at.format("%Y-%m-%d %H:%M").to_string();
    ed.ok(&["schedule", &id, "--at", &wall, "--zone", "Europe/London"]);
    ed.ok(&["sync"]);
    let site = dir.join("site");
    let early = Command::new(BIN)
        .args(["server", "publish-due"])
        .arg(&server)
        .arg("--site")
        .arg(&site)
        .output()
        .unwrap();
    assert!(early.status.success(), "{}", stderr(&early));
    assert!(
        !stdout(&early).contains("published"),
        "not due yet: {}",
        stdout(&early)
    );
    let due = (at + chrono::Duration::minutes(1))
        .with_timezone(&chrono::Utc)
        .to_rfc3339();
    let o = Command::new(BIN)
        .args(["server", "publish-due"])
        .arg(&server)
        .arg("--site")
        .arg(&site)
        .args(["--now", &due])
        .output()
        .unwrap();
    assert!(o.status.success(), "publish-due: {}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("{id}\tpublished\tHeat at Thirty")),
        "{}",
        stdout(&o)
    );
    let log = git(&server, &["log", "--format=%an|%s", "-1"]);
    assert!(
        log.starts_with("Galley scheduler|Heat at Thirty: publish"),
        "{log}"
    );
    let page = std::fs::read_dir(&site).unwrap().count();
    assert!(page > 0, "the site follows the shared desk");
    writer.ok(&["sync"]);
    assert_eq!(show(&writer, &id)["stage"], "published");

    // Each desk's store rebuilt from the files equals the live one. Revision numbers are the
    // desk's own (a resolved conflict numbers them ahead); the rebuilt desk takes the shared
    // desk's, so they are compared with the server's file instead.
    let server_text = git(&server, &["show", &format!("main:pieces/{id}.md")]);
    let shared_rev: i64 = server_text
        .lines()
        .find_map(|l| l.strip_prefix("revision: "))
        .unwrap()
        .parse()
        .unwrap();
    for p in [&writer, &cora, &ed] {
        let read = |p: &Person| {
            let mut v: Vec<serde_json::Value> = [
                p.ok(&["show", &id, "--json"]),
                p.ok(&["person", "list", "--json"]),
                p.ok(&["board", "--json"]),
            ]
            .iter()
            .map(|t| serde_json::from_str(t).unwrap())
            .collect();
            let rev = v[0]["revision"].as_i64().unwrap();
            strip_revisions(&mut v);
            // People are the same by their global ids; the row numbers are each desk's own.
            for person in v[1].as_array_mut().unwrap() {
                person.as_object_mut().unwrap().remove("id");
            }
            (v, rev)
        };
        p.ok(&["sync"]);
        let (before, _) = read(p);
        p.ok(&["reindex"]);
        let (after, rev) = read(p);
        for (i, (b, a)) in before.iter().zip(&after).enumerate() {
            let differs: Vec<String> = match (b, a) {
                (serde_json::Value::Object(b), serde_json::Value::Object(a)) => b
                    .iter()
                    .filter(|(k, v)| a.get(*k) != Some(v))
                    .map(|(k, v)| format!("{k}: {v} / {}", a.get(k).cloned().unwrap_or_default()))
                    .collect(),
                _ if b != a => vec![format!("{b} / {a}")],
                _ => vec![],
            };
            assert!(
                differs.is_empty(),
                "{}'s rebuilt desk equals the live one ({i}): {differs:?}",
                p.name
            );
        }
        assert_eq!(
            rev, shared_rev,
            "the rebuilt desk numbers revisions as the shared desk does"
        );
        assert!(
            p.ok(&["sync", "--status"]).starts_with("synced"),
            "and syncs on"
        );
    }
}

fn strip_revisions(v: &mut [serde_json::Value]) {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("revision");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    v.iter_mut().for_each(strip);
}

#[test]
fn the_forced_command_runs_git_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let server = tmp.path().join("desk.git");
    init_server(&server);
    let serve = |cmd: &str, person: &str| {
        Command::new(BIN)
            .args(["server", "serve"])
            .arg(&server)
            .args(["--person", person])
            .env("SSH_ORIGINAL_COMMAND", cmd)
            .output()
            .unwrap()
    };
    let o = serve("bash -i", "Ed Marsh");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("git only"), "{}", stderr(&o));
    let o = serve("git-upload-pack '/srv/desk.git'", "Nobody");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("Nobody is not a person of this shared desk"),
        "{}",
        stderr(&o)
    );
}

/// An admin takes a copy editor's role away while she works offline: her return of a piece is
/// refused by the server (exit 1, the reason in words, the status says refused) and repeats at
/// each sync until she drops it; then the piece is the shared desk's again, her revision stays
/// in her history, and the desk is synced.
#[test]
fn a_change_the_server_refuses_for_good_is_dropped_not_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut sshd = Sshd::start(&dir.join("sshd"));
    let server = dir.join("srv").join("desk.git");
    init_server(&server);
    let ed = join(&mut sshd, dir, &server, "Ed Marsh");
    ed.ok(&["person", "add", "A. Writer", "--role", "writer"]);
    ed.ok(&["person", "add", "Cora Lee", "--role", "copy_editor"]);
    ed.ok(&["sync"]);
    let writer = join(&mut sshd, dir, &server, "A. Writer");
    let cora = join(&mut sshd, dir, &server, "Cora Lee");

    let file = write(
        dir,
        "heat.md",
        &review("Heat at Thirty", "A duet in a diner.\n"),
    );
    let id = writer
        .ok(&["import", file.to_str().unwrap()])
        .split('\t')
        .next()
        .unwrap()
        .to_string();
    writer.ok(&["move", &id, "copyedit"]);
    writer.ok(&["sync"]);
    cora.ok(&["sync"]);

    // Only an admin changes people; a writer cannot, and the last admin stays one.
    let o = writer.galley(&["person", "set", "Cora Lee", "--role", "writer"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = ed.galley(&["person", "set", "Ed Marsh", "--role", "editor"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("last admin"), "{}", stderr(&o));

    // Cora returns the piece on her desk; meanwhile Ed makes her a writer on the shared desk.
    cora.ok(&[
        "move",
        &id,
        "draft",
        "--note",
        "The second paragraph needs a source.",
    ]);
    ed.ok(&["person", "set", "Cora Lee", "--role", "writer"]);
    ed.ok(&["sync"]);
    let before = tip(&server);
    for _ in 0..2 {
        let o = cora.galley(&["sync"]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "a refusal is exit 1: {}",
            stderr(&o)
        );
        assert!(
            stderr(&o).contains("Cora Lee may not"),
            "the server says why, in words: {}",
            stderr(&o)
        );
        assert!(cora.ok(&["sync", "--status"]).starts_with("refused"));
    }
    assert_eq!(tip(&server), before, "nothing of a refused push lands");
    assert!(
        cora.ok(&["person", "list"]).contains("Cora Lee\twriter"),
        "the new role came in before the push"
    );

    // She drops it: the piece is the shared desk's again, her move stays in her history.
    let o = cora.galley(&["discard", &id]);
    assert!(o.status.success(), "discard: {}", stderr(&o));
    assert_eq!(show(&cora, &id)["stage"], "copyedit");
    let history = cora.ok(&["history", &id]);
    assert!(
        history.contains("The second paragraph needs a source."),
        "{history}"
    );
    assert!(history.contains("dropped this desk's changes"), "{history}");
    let o = cora.galley(&["sync"]);
    assert!(o.status.success(), "synced after the drop: {}", stderr(&o));
    assert!(cora.ok(&["sync", "--status"]).starts_with("synced"));
    let o = cora.galley(&["discard", &id]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "nothing left to drop: {}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("nothing of"), "{}", stderr(&o));
}

/// A desk that has worked on its own becomes a shared one: `server init --from` starts the
/// shared desk with its people (their global ids kept), its settings and each piece at its
/// current revision and stage; people join it over ssh and find the desk as it was.
#[test]
fn an_existing_desk_becomes_shared() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let old = dir.join("old.galley");
    let local = |who: Option<&str>, args: &[&str]| -> String {
        let mut c = Command::new(BIN);
        c.env("GALLEY_DB", &old).env_remove("GALLEY_AS");
        if let Some(w) = who {
            c.env("GALLEY_AS", w);
        }
        let o = c.args(args).output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    local(None, &["init"]);
    local(None, &["person", "add", "Ed Marsh", "--role", "editor"]);
    local(
        Some("Ed Marsh"),
        &["person", "add", "A. Writer", "--role", "writer"],
    );
    local(Some("Ed Marsh"), &["setting", "site_name", "The Weekly"]);
    let file = write(
        dir,
        "heat.md",
        &review("Heat at Thirty", "A duet in a diner.\n"),
    );
    let id = local(Some("A. Writer"), &["import", file.to_str().unwrap()])
        .split('\t')
        .next()
        .unwrap()
        .to_string();
    local(Some("A. Writer"), &["move", &id, "copyedit"]);
    let songs = write(
        dir,
        "songs.md",
        "---\nkind: list\nsection: Music\nheadline: Songs of the Year\nlist:\n  item: song\n---\nThe year.\n",
    );
    let list = local(Some("Ed Marsh"), &["import", songs.to_str().unwrap()])
        .split('\t')
        .next()
        .unwrap()
        .to_string();
    let poll = local(
        Some("Ed Marsh"),
        &["poll", "open", &list, "--points", "3,2,1"],
    )
    .trim()
    .to_string();
    local(
        Some("Ed Marsh"),
        &["poll", "vote", &poll, "Lorde|Green Light"],
    );
    let before: serde_json::Value =
        serde_json::from_str(&local(None, &["show", &id, "--json"])).unwrap();

    let mut sshd = Sshd::start(&dir.join("sshd"));
    let server = dir.join("srv").join("desk.git");
    let o = Command::new(BIN)
        .args(["server", "init"])
        .arg(&server)
        .args(["--admin", "Ed Marsh", "--from"])
        .arg(&old)
        .output()
        .unwrap();
    assert!(o.status.success(), "server init --from: {}", stderr(&o));
    assert!(
        stdout(&o).contains("its 2 pieces and 1 polls"),
        "{}",
        stdout(&o)
    );
    assert!(
        git(&server, &["show", &format!("main:polls/{poll}/poll.json")]).contains(&list),
        "the poll came along"
    );
    let people = git(&server, &["show", "main:people.yaml"]);
    assert!(
        people.contains("A. Writer") && people.contains("Ed Marsh"),
        "{people}"
    );
    assert!(
        git(&server, &["show", "main:settings.yaml"]).contains("The Weekly"),
        "the settings came along"
    );

    let writer = join(&mut sshd, dir, &server, "A. Writer");
    let shown = show(&writer, &id);
    for key in ["id", "stage", "revision", "content"] {
        assert_eq!(
            shown[key], before[key],
            "{key} is as it was on the old desk"
        );
    }
    assert!(
        writer
            .ok(&["poll", "tally", &poll])
            .starts_with("1\tLorde \u{2014} Green Light\t3 points"),
        "the poll and its ballot reach a desk that joins"
    );
    let ed = join(&mut sshd, dir, &server, "Ed Marsh");
    assert!(
        ed.ok(&["person", "list"])
            .contains("Ed Marsh\teditor,admin"),
        "the admin named is one on the shared desk"
    );
    assert!(ed.ok(&["sync", "--status"]).starts_with("synced"));
    ed.ok(&["move", &id, "draft", "--note", "Needs a second scene."]);
    ed.ok(&["sync"]);
    writer.ok(&["sync"]);
    assert_eq!(show(&writer, &id)["stage"], "draft");

    // On a joined desk, commands act as its person without --as.
    let o = Command::new(BIN)
        .env("GALLEY_DB", &writer.db)
        .env_remove("GALLEY_AS")
        .args(["move", &id, "copyedit"])
        .output()
        .unwrap();
    assert!(o.status.success(), "the desk's person acts: {}", stderr(&o));
    assert_eq!(show(&writer, &id)["stage"], "copyedit");

    // A desk of a shared desk is not made into another.
    let o = Command::new(BIN)
        .args(["server", "init"])
        .arg(dir.join("again.git"))
        .args(["--admin", "Ed Marsh", "--from"])
        .arg(&ed.db)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("already a desk of the shared desk"),
        "{}",
        stderr(&o)
    );
}

/// A poll on the shared desk: its files travel with the sync, and the server's hook keeps its
/// rules. Sam, the music section's editor, opens the poll; Ann votes on her own desk and it
/// reaches Sam's; Ann cannot close the poll or write Bo's ballot, even with plain git; once
/// Sam closes it, her ballot does not change; Sam's merge goes through.
#[test]
fn a_poll_travels_on_the_shared_desk_and_the_hook_keeps_its_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut sshd = Sshd::start(&dir.join("sshd"));
    let server = dir.join("srv").join("desk.git");
    init_server(&server);
    let ed = join(&mut sshd, dir, &server, "Ed Marsh");
    ed.ok(&[
        "person",
        "add",
        "Sam Ortiz",
        "--role",
        "section_editor,writer",
        "--section",
        "Music",
    ]);
    ed.ok(&["person", "add", "Ann Vo", "--role", "writer"]);
    ed.ok(&["person", "add", "Bo Lind", "--role", "writer"]);
    ed.ok(&["sync"]);

    // Sam makes the list and opens its poll; both go out on his sync.
    let sam = join(&mut sshd, dir, &server, "Sam Ortiz");
    let list = write(
        dir,
        "songs.md",
        "---\nkind: list\nsection: Music\nheadline: The Best Songs of 2015\nbylines: [Sam Ortiz]\nlist:\n  item: song\n---\nThe year in songs.\n",
    );
    let list_id = sam
        .ok(&["import", list.to_str().unwrap()])
        .split('\t')
        .next()
        .unwrap()
        .to_string();
    let poll = sam
        .ok(&[
            "poll",
            "open",
            &list_id,
            "--points",
            "3,2,1",
            "--subject",
            "song",
        ])
        .trim()
        .to_string();
    sam.ok(&[
        "poll",
        "vote",
        &poll,
        "Grimes|Flesh Without Blood",
        "Kendrick Lamar|Alright",
    ]);
    // A spreadsheet with a critic new to the shared desk: only its admin adds people.
    let sheet = write(dir, "ballots.csv", "voter,rank,title\nCy Park,1,Alright\n");
    let o = sam.galley(&[
        "poll",
        "ballots",
        &poll,
        sheet.to_str().unwrap(),
        "--columns",
        "voter=voter,rank=rank,title=title",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("nothing imported: Cy Park is new to the shared desk, and only its admin adds people (cannot change the desk's people: Sam Ortiz is not an admin of the shared desk)"),
        "{}",
        stderr(&o)
    );
    sam.ok(&["sync"]);
    let poll_file = git(&server, &["show", &format!("main:polls/{poll}/poll.json")]);
    assert!(
        poll_file.contains("\"list\": \"") && poll_file.contains(&list_id),
        "the poll is a file of the shared desk: {poll_file}"
    );
    let log = git(&server, &["log", "--format=%an: %s", "-3"]);
    assert!(
        log.contains("Sam Ortiz: The poll of \u{201c}The Best Songs of 2015\u{201d}"),
        "{log}"
    );

    // Ann joins, finds the poll, and votes on her own desk; it reaches Sam's.
    let ann = join(&mut sshd, dir, &server, "Ann Vo");
    assert!(ann.ok(&["poll", "show", &poll]).contains("open"));
    ann.ok(&[
        "poll",
        "vote",
        &poll,
        "Kendrick Lamar|Alright",
        "Sufjan Stevens|Should Have Known Better",
    ]);
    ann.ok(&["sync"]);
    let sent = git(&server, &["log", "-1", "--format=%an", "--name-only"]);
    let sent: Vec<&str> = sent.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        sent.len(),
        2,
        "Ann's sync sent one file, her ballot: {sent:?}"
    );
    assert!(
        sent[0] == "Ann Vo" && sent[1].starts_with(&format!("polls/{poll}/ballots/")),
        "{sent:?}"
    );
    sam.ok(&["sync"]);
    let tally: serde_json::Value =
        serde_json::from_str(&sam.ok(&["poll", "tally", &poll, "--json"])).unwrap();
    assert_eq!(tally["ballots"], 2, "Ann's ballot came in: {tally}");
    assert_eq!(tally["candidates"][0]["title"], "Alright");
    assert_eq!(tally["candidates"][0]["points"], 5.0);
    // On her own desk the core refuses what is not hers, before anything is sent.
    let o = ann.galley(&["poll", "close", &poll]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("Ann Vo is not an editor of Music"),
        "{}",
        stderr(&o)
    );

    // With plain git she tries anyway: closing the poll, then writing Bo's ballot.
    let url = sshd.url(&server);
    let work = dir.join("forge");
    let o = Command::new("git")
        .env("GIT_SSH_COMMAND", &ann.ssh)
        .args(["clone", "-q", &url])
        .arg(&work)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let g = |args: &[&str]| {
        Command::new("git")
            .current_dir(&work)
            .env("GIT_SSH_COMMAND", &ann.ssh)
            .args(["-c", "user.name=Ann Vo", "-c", "user.email=ann@example.org"])
            .args(args)
            .output()
            .unwrap()
    };
    let poll_path = work.join("polls").join(&poll).join("poll.json");
    let text = std::fs::read_to_string(&poll_path).unwrap();
    std::fs::write(
        &poll_path,
        text.replace("\"open\": true", "\"open\": false"),
    )
    .unwrap();
    assert!(g(&["commit", "-qam", "close it myself"]).status.success());
    let before = tip(&server);
    let o = g(&["push", "origin", "HEAD:main"]);
    assert!(!o.status.success(), "closing the poll is refused");
    assert!(
        stderr(&o).contains("galley: Ann Vo may not close the poll: Ann Vo is not an editor of Music or a section editor of it"),
        "{}",
        stderr(&o)
    );
    assert_eq!(tip(&server), before);
    assert!(g(&["reset", "-q", "--hard", "origin/main"])
        .status
        .success());
    let people = git(&server, &["show", "main:people.yaml"]);
    let bo_gid = people
        .split("- id: ")
        .find(|p| p.contains("name: \"Bo Lind\""))
        .and_then(|p| p.lines().next())
        .unwrap()
        .trim()
        .to_string();
    let ballots = work.join("polls").join(&poll).join("ballots");
    let mine = std::fs::read_dir(&ballots)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("\"voter\": \"Ann Vo\"")
        })
        .unwrap();
    let forged = std::fs::read_to_string(&mine)
        .unwrap()
        .replace("\"voter\": \"Ann Vo\"", "\"voter\": \"Bo Lind\"");
    std::fs::write(ballots.join(format!("{bo_gid}.json")), forged).unwrap();
    assert!(g(&["add", "."]).status.success());
    assert!(g(&["commit", "-qm", "a ballot for Bo"]).status.success());
    let o = g(&["push", "origin", "HEAD:main"]);
    assert!(!o.status.success(), "writing Bo's ballot is refused");
    assert!(
        stderr(&o).contains("galley: Ann Vo may not change Bo Lind's ballot: a ballot is its voter's own, and Ann Vo is not Bo Lind"),
        "{}",
        stderr(&o)
    );
    assert_eq!(tip(&server), before);

    // Sam closes the poll and merges two spellings; both go through.
    sam.ok(&["poll", "close", &poll]);
    sam.ok(&[
        "poll",
        "merge",
        &poll,
        "Sufjan Stevens|Should Have Known Better",
        "Grimes|Flesh Without Blood",
    ]);
    sam.ok(&["sync"]);
    let poll_file = git(&server, &["show", &format!("main:polls/{poll}/poll.json")]);
    assert!(
        poll_file.contains("\"open\": false") && poll_file.contains("\"what\": \"close\""),
        "{poll_file}"
    );
    assert!(poll_file.contains("\"merges\": [\n    {"), "{poll_file}");

    // Ann, not yet knowing, changes her ballot on her desk: her sync takes in the close,
    // holds her change back with the reason, and does not get stuck on it.
    ann.ok(&["poll", "vote", &poll, "Mitski|Your Best American Girl"]);
    let o = ann.galley(&["sync"]);
    assert!(o.status.success(), "the sync goes on: {}", stderr(&o));
    assert!(
        stderr(&o).contains("Ann Vo's ballot in the poll of \u{201c}The Best Songs of 2015\u{201d} was not sent, and is as the shared desk has it: Ann Vo may not change Ann Vo's ballot: the poll is closed"),
        "{}",
        stderr(&o)
    );
    ann.ok(&["sync"]);
    assert!(ann.ok(&["sync", "--status"]).starts_with("synced"));

    // Closed, Ann's ballot no longer changes, on her desk or past it.
    let o = ann.galley(&["poll", "vote", &poll, "Mitski|Your Best American Girl"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("the poll is closed"), "{}", stderr(&o));
    assert!(g(&["reset", "-q", "--hard", "HEAD~1"]).status.success());
    assert!(g(&["pull", "-q", "--ff-only", "origin", "main"])
        .status
        .success());
    let text = std::fs::read_to_string(&mine).unwrap();
    std::fs::write(
        &mine,
        text.replace("Should Have Known Better", "Your Best American Girl"),
    )
    .unwrap();
    assert!(g(&["commit", "-qam", "a late change"]).status.success());
    let before = tip(&server);
    let o = g(&["push", "origin", "HEAD:main"]);
    assert!(!o.status.success(), "a change after the close is refused");
    assert!(
        stderr(&o).contains("galley: Ann Vo may not change Ann Vo's ballot: the poll is closed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(tip(&server), before);
    // Ann's desk took in the close and the merge: it counts as Sam's does.
    let theirs: serde_json::Value =
        serde_json::from_str(&ann.ok(&["poll", "tally", &poll, "--json"])).unwrap();
    let ours: serde_json::Value =
        serde_json::from_str(&sam.ok(&["poll", "tally", &poll, "--json"])).unwrap();
    assert_eq!(theirs, ours);
    assert!(ann.ok(&["sync", "--status"]).starts_with("synced"));
}

#[test]
fn queries_and_suggestions_travel_with_their_piece_and_the_hook_keeps_their_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut sshd = Sshd::start(&dir.join("sshd"));
    let server = dir.join("srv").join("desk.git");
    init_server(&server);
    let ed = join(&mut sshd, dir, &server, "Ed Marsh");
    ed.ok(&["person", "add", "A. Writer", "--role", "writer"]);
    ed.ok(&["person", "add", "Cora Lee", "--role", "copy_editor"]);
    ed.ok(&["sync"]);
    let writer = join(&mut sshd, dir, &server, "A. Writer");
    let cora = join(&mut sshd, dir, &server, "Cora Lee");

    let body = "Mann shoots Los Angeles at night as if it were a sea.\n\nThe diner scene is two actors listening.\n";
    let file = write(dir, "heat.md", &review("Heat at Thirty", body));
    let id = writer
        .ok(&["import", file.to_str().unwrap()])
        .split('\t')
        .next()
        .unwrap()
        .to_string();
    writer.ok(&["move", &id, "copyedit"]);
    writer.ok(&["sync"]);

    // Cora queries a passage and suggests two changes on her desk; they go out with the piece.
    cora.ok(&["sync"]);
    cora.ok(&[
        "query",
        "add",
        &id,
        "--quote",
        "two actors listening",
        "--text",
        "Who are they?",
    ]);
    let proposal = write(
        dir,
        "proposal.txt",
        &body
            .replace("Mann shoots", "Michael Mann shoots")
            .replace("as if it were", "like"),
    );
    cora.ok(&["suggest", &id, proposal.to_str().unwrap()]);
    cora.ok(&["sync"]);
    let on_server = git(&server, &["show", &format!("main:pieces/{id}.md")]);
    assert!(
        on_server.contains("Who are they?") && on_server.contains("Michael "),
        "the marks are in the shared desk's piece file: {on_server}"
    );

    // The writer's desk has them; her reply in copyedit goes through.
    writer.ok(&["sync"]);
    let queries: serde_json::Value =
        serde_json::from_str(&writer.ok(&["query", "list", &id, "--json"])).unwrap();
    assert_eq!(queries[0]["quote"], "two actors listening");
    assert_eq!(queries[0]["status"], "anchored");
    let sugg: serde_json::Value =
        serde_json::from_str(&writer.ok(&["suggestions", &id, "--json"])).unwrap();
    assert_eq!(sugg.as_array().unwrap().len(), 2, "{sugg}");
    writer.ok(&["query", "reply", &id, "q1", "--text", "Pacino and De Niro."]);
    writer.ok(&["sync"]);
    cora.ok(&["sync"]);
    assert!(cora
        .ok(&["query", "list", &id])
        .contains("Pacino and De Niro."));

    // With plain git the writer rewords Cora's query, then rejects her suggestion while the
    // piece is at the copy desk: the hook refuses both, and the server keeps what it had.
    let url = sshd.url(&server);
    let work = dir.join("forge");
    let o = Command::new("git")
        .env("GIT_SSH_COMMAND", &writer.ssh)
        .args(["clone", "-q", &url])
        .arg(&work)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let g = |args: &[&str]| {
        Command::new("git")
            .current_dir(&work)
            .env("GIT_SSH_COMMAND", &writer.ssh)
            .args([
                "-c",
                "user.name=A. Writer",
                "-c",
                "user.email=aw@example.org",
            ])
            .args(args)
            .output()
            .unwrap()
    };
    let path = work.join("pieces").join(format!("{id}.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, bump(&text).replace("Who are they?", "Never mind.")).unwrap();
    assert!(g(&["commit", "-qam", "reword"]).status.success());
    let before = tip(&server);
    let o = g(&["push", "origin", "HEAD:main"]);
    assert!(
        !o.status.success(),
        "rewording another's message is refused"
    );
    assert!(
        stderr(&o).contains("A. Writer may change only their own messages, not Cora Lee's"),
        "{}",
        stderr(&o)
    );
    assert_eq!(tip(&server), before);
    assert!(g(&["reset", "-q", "--hard", "origin/main"])
        .status
        .success());
    let text = std::fs::read_to_string(&path).unwrap();
    // Cora's second suggestion gets a decision, "rejected by A. Writer".
    let at = text.find("- id: s2\n").expect("the second suggestion");
    let keys = format!("{}  ", indent_of(&text, at));
    let after = at + "- id: s2\n".len();
    let forged = format!(
        "{}{keys}decision:\n{keys}  accepted: false\n{keys}  by: A. Writer\n{keys}  at: 2026-01-05T00:00:00Z\n{}",
        &text[..after],
        &text[after..]
    );
    std::fs::write(&path, bump(&forged)).unwrap();
    assert!(g(&["commit", "-qam", "reject"]).status.success());
    let o = g(&["push", "origin", "HEAD:main"]);
    assert!(!o.status.success(), "deciding in copyedit is refused");
    assert!(
        stderr(&o).contains("galley: A. Writer may not accept or reject a suggestion"),
        "{}",
        stderr(&o)
    );
    assert_eq!(tip(&server), before);

    // Returned to her, she accepts one and rejects the other on her desk; that goes through.
    cora.ok(&["move", &id, "draft", "--note", "Two suggestions"]);
    cora.ok(&["sync"]);
    writer.ok(&["sync"]);
    writer.ok(&["accept", &id, "s1"]);
    writer.ok(&["reject", &id, "s2"]);
    writer.ok(&["sync"]);
    ed.ok(&["sync"]);
    let piece = show(&ed, &id);
    assert!(
        piece["content"]["body"]
            .as_str()
            .unwrap()
            .starts_with("Michael Mann shoots Los Angeles at night as if it were a sea."),
        "{piece}"
    );
    let sugg: serde_json::Value =
        serde_json::from_str(&ed.ok(&["suggestions", &id, "--json", "--all"])).unwrap();
    let states: Vec<&str> = sugg
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["accepted", "rejected"]);
}

/// A piece file with its revision one higher, as a forger who knows the rules would write it.
fn bump(text: &str) -> String {
    let at = text.find("\nrevision: ").expect("a revision line") + "\nrevision: ".len();
    let end = at + text[at..].find('\n').unwrap();
    let n: i64 = text[at..end].trim().parse().unwrap();
    format!("{}{}{}", &text[..at], n + 1, &text[end..])
}

/// The spaces before the line that holds byte `at`.
fn indent_of(text: &str, at: usize) -> String {
    let line = text[..at].rfind('\n').map_or(0, |n| n + 1);
    text[line..at].chars().take_while(|c| *c == ' ').collect()
}
