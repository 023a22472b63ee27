//! The drafts folder: a writer's pieces as files in a folder of their own, kept in step with
//! the desk. A file saved (written in place, or as a new file renamed over it as vim and iA
//! Writer do) becomes a revision; a stale file is a conflict with both versions and is left as
//! it is; a broken file is an error naming file, line and key, and changes nothing; a piece
//! changed on the desk is rewritten into its file unless the file changed too; a deleted file
//! never deletes its piece; and `galley drafts DIR` does it all as files change.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use galley::api::{Desk, ImportMode, KeepDraft};
use galley::domain::Role;

use crate::support::t;

const REVIEW: &str = "---\nkind: review\nsection: Film\nheadline: Paris, Texas\nbylines: [Wren]\nreview:\n  medium: film\n  title: Paris, Texas\n  director: Wim Wenders\n  year: 1984\n---\nHarry Dean Stanton walks out of the desert and does not speak for twenty minutes.\n";

fn desk_at(path: &Path) -> Desk {
    let now = t("2026-12-01T09:00:00Z");
    let mut d = Desk::init(path).unwrap();
    d.add_person(None, "Ed", &[Role::Editor, Role::Admin], &[], now)
        .unwrap();
    d.add_person(Some("Ed"), "Wren", &[Role::Writer], &[], now)
        .unwrap();
    d
}

fn rewrite(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{text}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn the_folder_and_the_desk_keep_in_step_and_nothing_is_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("drafts");
    std::fs::create_dir(&folder).unwrap();
    let mut desk = desk_at(&tmp.path().join("desk.galley"));
    let n = t("2026-12-01T10:00:00Z");
    let id = desk
        .import(
            "Wren",
            vec![("p.md".into(), REVIEW.as_bytes().to_vec())],
            ImportMode::Drafts,
            n,
        )
        .unwrap()
        .pieces[0]
        .id
        .clone();
    // Someone else's draft is not in Wren's folder.
    desk.import(
        "Ed",
        vec![(
            "e.md".into(),
            REVIEW
                .replace(
                    "Paris, Texas\nbylines: [Wren]",
                    "Wings of Desire\nbylines: [Ed]",
                )
                .into_bytes(),
        )],
        ImportMode::Drafts,
        n,
    )
    .unwrap();

    let r = desk.drafts_pass("Wren", &folder, true, n).unwrap();
    let file = folder.join("paris-texas.md");
    assert_eq!(r.written, [file.display().to_string()]);
    let names: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "only the pieces Wren may edit: {names:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with(&format!("---\nid: {id}\nstage: draft\nrevision: 1\n")),
        "{text}"
    );

    // Saved in her editor: the next revision, and the file says so.
    rewrite(&file, "for twenty minutes", "for the first twenty minutes");
    let r = desk.drafts_pass("Wren", &folder, false, n).unwrap();
    assert_eq!(r.saved.len(), 1);
    let p = desk.piece(&id).unwrap();
    assert_eq!(p.revision, 2);
    assert!(p.content.body.contains("the first twenty minutes"));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("revision: 2\n"));
    assert!(desk.history(&id).unwrap().revisions.iter().any(|r| r
        .note
        .as_deref()
        .is_some_and(|n| n.contains("drafts folder"))));

    // A file that does not parse: its error names the file, line and key; nothing changes.
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replace("  year: 1984", "  year: nineteen")).unwrap();
    let r = desk.drafts_pass("Wren", &folder, false, n).unwrap();
    assert_eq!(r.errors.len(), 1);
    let e = &r.errors[0];
    assert_eq!(e.file, file.display().to_string());
    assert_eq!(e.key.as_deref(), Some("review.year"));
    assert!(e.line.is_some_and(|l| l > 5), "{e:?}");
    assert_eq!(desk.piece(&id).unwrap().revision, 2);
    std::fs::write(&file, &good).unwrap();

    // Changed on the desk (the app): the file is rewritten, atomically, with the new revision.
    let mut c = desk.piece(&id).unwrap().content;
    c.dek = "Wenders and Shepard in the desert.".into();
    desk.save("Wren", &id, c, Some(2), None, n).unwrap();
    let r = desk.drafts_pass("Wren", &folder, true, n).unwrap();
    assert_eq!(r.written, [file.display().to_string()]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("revision: 3\n") && text.contains("dek: Wenders and Shepard"),
        "{text}"
    );
    assert!(std::fs::read_dir(&folder).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains("galley-tmp")));

    // A stale file (written from revision 3 while the desk moved to 4) is a conflict with both
    // versions; the file is left as it is and the desk keeps its revision.
    let mut c = desk.piece(&id).unwrap().content;
    c.body.push_str("\nNastassja Kinski behind the glass.\n");
    desk.save("Ed", &id, c, Some(3), None, n).unwrap();
    rewrite(&file, "does not speak", "says nothing");
    let before = std::fs::read_to_string(&file).unwrap();
    let r = desk.drafts_pass("Wren", &folder, true, n).unwrap();
    assert_eq!(r.conflicts.len(), 1, "{r:?}");
    let conflict = &r.conflicts[0];
    assert_eq!((conflict.file_revision, conflict.desk_revision), (3, 4));
    assert!(conflict.file_text.contains("says nothing"));
    assert!(conflict.desk_text.contains("Nastassja Kinski"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "the file is left as it is"
    );
    assert_eq!(desk.piece(&id).unwrap().revision, 4);
    // Still a conflict on the next pass, until someone settles it.
    assert_eq!(
        desk.drafts_pass("Wren", &folder, true, n)
            .unwrap()
            .conflicts
            .len(),
        1
    );
    desk.drafts_resolve("Wren", &folder, &id, None, KeepDraft::File, n)
        .unwrap();
    let p = desk.piece(&id).unwrap();
    assert_eq!(p.revision, 5);
    assert!(p.content.body.contains("says nothing") && !p.content.body.contains("Kinski"));
    assert!(
        desk.history(&id)
            .unwrap()
            .revisions
            .iter()
            .any(|r| r.number == 4),
        "the desk's version stays in the history"
    );
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("revision: 5\n"));
    assert!(desk
        .drafts_pass("Wren", &folder, true, n)
        .unwrap()
        .conflicts
        .is_empty());

    // Renamed in the folder (and edited): saved, and kept under its new name from then on.
    let renamed = folder.join("paris-texas-1984.md");
    std::fs::rename(&file, &renamed).unwrap();
    rewrite(&renamed, "says nothing", "says not a word");
    let r = desk.drafts_pass("Wren", &folder, true, n).unwrap();
    assert_eq!(r.saved.len(), 1, "{r:?}");
    assert!(
        r.deleted.is_empty(),
        "a renamed file is not a deleted one: {r:?}"
    );
    let mut c = desk.piece(&id).unwrap().content;
    c.dek = "Wenders, Shepard, and Ry Cooder's guitar.".into();
    desk.save("Wren", &id, c, Some(6), None, n).unwrap();
    desk.drafts_pass("Wren", &folder, true, n).unwrap();
    assert!(!file.exists(), "the old name is not written again");
    assert!(std::fs::read_to_string(&renamed)
        .unwrap()
        .contains("Ry Cooder"));
    std::fs::rename(&renamed, &file).unwrap();
    desk.drafts_pass("Wren", &folder, true, n).unwrap();

    // Two drafts with one slug get a file each.
    let untitled =
        "---\nkind: feature\nsection: Film\nheadline: Untitled\nbylines: [Wren]\n---\nA note.\n";
    desk.import(
        "Wren",
        vec![
            ("u1.md".into(), untitled.into()),
            ("u2.md".into(), untitled.into()),
        ],
        ImportMode::Drafts,
        n,
    )
    .unwrap();
    let r = desk.drafts_pass("Wren", &folder, true, n).unwrap();
    assert_eq!(r.written.len(), 2, "{r:?}");
    assert!(folder.join("untitled.md").exists() && folder.join("untitled-2.md").exists());

    // A new file becomes a new piece; a deleted file leaves its piece on the desk.
    // (It names no byline: it is hers.)
    std::fs::write(folder.join("alice.md"), "---\nkind: feature\nsection: Film\nheadline: Alice in the Cities\n---\nA girl and a journalist cross Germany.\n").unwrap();
    let r = desk.drafts_pass("Wren", &folder, true, n).unwrap();
    assert_eq!(r.created.len(), 1);
    let alice = r.created[0].id.clone();
    assert_eq!(desk.piece(&alice).unwrap().content.bylines, ["Wren"]);
    assert!(std::fs::read_to_string(folder.join("alice.md"))
        .unwrap()
        .contains(&format!("id: {alice}")));
    std::fs::remove_file(&file).unwrap();
    let r = desk.drafts_pass("Wren", &folder, true, n).unwrap();
    assert_eq!(r.deleted, [file.display().to_string()]);
    assert_eq!(desk.piece(&id).unwrap().revision, 7, "the piece stays");
    assert!(
        !file.exists(),
        "and the file is not written back until the piece changes"
    );
}

/// `galley drafts DIR` running as a writer would leave it.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let until = Instant::now() + Duration::from_secs(15);
    while !ok() {
        assert!(Instant::now() < until, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn galley_drafts_takes_a_plain_write_and_an_editors_rename() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("drafts");
    std::fs::create_dir(&folder).unwrap();
    let db = tmp.path().join("desk.galley");
    let mut desk = desk_at(&db);
    let id = desk
        .import(
            "Wren",
            vec![("p.md".into(), REVIEW.as_bytes().to_vec())],
            ImportMode::Drafts,
            t("2026-12-01T10:00:00Z"),
        )
        .unwrap()
        .pieces[0]
        .id
        .clone();
    drop(desk);
    let _w = Watcher(
        Command::new(env!("CARGO_BIN_EXE_galley"))
            .env("GALLEY_DB", &db)
            .args(["--as", "Wren", "drafts"])
            .arg(&folder)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let file = folder.join("paris-texas.md");
    wait_for("the piece's file", || file.exists());
    let desk = Desk::open(&db).unwrap();
    let revision = || desk.piece(&id).unwrap().revision;

    // A plain write.
    std::thread::sleep(Duration::from_millis(400));
    rewrite(&file, "the desert", "the Texas desert");
    wait_for("revision 2", || revision() == 2);
    assert!(desk
        .piece(&id)
        .unwrap()
        .content
        .body
        .contains("the Texas desert"));
    wait_for("the file at revision 2", || {
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("revision: 2\n")
    });

    // As vim writes: a new file, then a rename over the old one.
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("twenty minutes", "half an hour");
    let tmpfile = folder.join("4913");
    std::fs::write(&tmpfile, text).unwrap();
    std::fs::rename(&tmpfile, &file).unwrap();
    wait_for("revision 3", || revision() == 3);
    assert!(desk
        .piece(&id)
        .unwrap()
        .content
        .body
        .contains("half an hour"));
}
