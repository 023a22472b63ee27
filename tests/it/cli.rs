//! The `galley` command line: each command, its output, its refusals and exit codes.

use std::path::Path;

use crate::support::{film_review, fixture, galley, stderr, stdout};

fn desk(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("desk.galley");
    assert!(galley(&db, &["init"]).status.success());
    assert!(
        galley(&db, &["person", "add", "Ed", "--role", "editor,admin"])
            .status
            .success(),
        "the first person needs no --as"
    );
    assert!(galley(
        &db,
        &[
            "--as",
            "Ed",
            "person",
            "add",
            "Cora",
            "--role",
            "copy_editor"
        ]
    )
    .status
    .success());
    assert!(galley(
        &db,
        &["--as", "Ed", "person", "add", "Wren", "--role", "writer"]
    )
    .status
    .success());
    db
}

fn board_total(db: &Path) -> usize {
    let out = galley(db, &["board", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["total"].as_u64().unwrap() as usize)
        .sum()
}

#[test]
fn the_story_of_a_review_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let file = dir.path().join("heat.md");
    std::fs::write(&file, film_review("Heat")).unwrap();

    let out = galley(&db, &["--as", "Wren", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let line = stdout(&out);
    let (id, headline) = line.trim_end().split_once('\t').expect("ID<TAB>headline");
    assert_eq!(headline, "Heat");
    let short = &id[..24];

    let out = galley(&db, &["--as", "Wren", "move", short, "copyedit"]);
    assert!(
        out.status.success(),
        "a unique prefix names the piece: {}",
        stderr(&out)
    );
    let out = galley(&db, &["--as", "Cora", "move", short, "draft"]);
    assert_eq!(out.status.code(), Some(1), "a refused move exits 1");
    assert_eq!(
        stderr(&out).lines().next().unwrap(),
        "error: cannot return: a note to the writer is needed"
    );
    assert!(galley(
        &db,
        &[
            "--as",
            "Cora",
            "move",
            short,
            "draft",
            "--note",
            "cut the second para"
        ]
    )
    .status
    .success());

    // The writer edits the exported file; a copy made before that edit is now stale.
    let exported = stdout(&galley(&db, &["export", short]));
    let edited = dir.path().join("edited.md");
    std::fs::write(
        &edited,
        exported.replace("The diner scene", "The coffee scene"),
    )
    .unwrap();
    let out = galley(
        &db,
        &[
            "--as",
            "Wren",
            "edit",
            short,
            edited.to_str().unwrap(),
            "--base",
            "3",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("revision 4"));
    let out = galley(
        &db,
        &[
            "--as",
            "Wren",
            "edit",
            short,
            edited.to_str().unwrap(),
            "--base",
            "3",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "a stale save is refused");
    assert!(
        stderr(&out).contains("changed since revision 3"),
        "{}",
        stderr(&out)
    );

    let diff = stdout(&galley(&db, &["diff", short, "3", "4"]));
    assert!(
        diff.contains("-The diner scene") && diff.contains("+The coffee scene"),
        "{diff}"
    );

    assert!(galley(&db, &["--as", "Wren", "move", short, "copyedit"])
        .status
        .success());
    let out = galley(
        &db,
        &[
            "--as",
            "Ed",
            "schedule",
            short,
            "--at",
            "2099-03-29 01:30",
            "--zone",
            "Europe/London",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a time the clocks skip is bad input"
    );
    assert!(
        stderr(&out).contains("does not exist in Europe/London"),
        "{}",
        stderr(&out)
    );
    let out = galley(
        &db,
        &[
            "--as",
            "Ed",
            "schedule",
            short,
            "--at",
            "2099-06-01 09:00",
            "--zone",
            "Europe/London",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("2099-06-01 09:00 Europe/London (2099-06-01 08:00 UTC)"),
        "{}",
        stdout(&out)
    );

    let out = galley(&db, &["publish-due", "--now", "2099-06-01T07:59:00Z"]);
    assert!(stdout(&out).is_empty(), "not yet due");
    let out = galley(&db, &["publish-due", "--now", "2099-06-01T08:00:00Z"]);
    assert!(stdout(&out).contains("published\tHeat"), "{}", stdout(&out));
    let out = galley(&db, &["publish-due", "--now", "2099-06-02T08:00:00Z"]);
    assert!(stdout(&out).is_empty(), "published once only");

    let show: serde_json::Value =
        serde_json::from_slice(&galley(&db, &["show", short, "--json"]).stdout).unwrap();
    assert_eq!(show["stage"], "published");
    assert_eq!(show["published_at"], "2099-06-01T08:00:00Z");
    let history = stdout(&galley(&db, &["history", short]));
    assert!(
        history.contains("cut the second para") && history.contains("(scheduler)"),
        "{history}"
    );
    let board = stdout(&galley(&db, &["board"]));
    assert!(
        board.contains("PUBLISHED (1)") && board.contains("Heat — Wren"),
        "{board}"
    );
    let found = stdout(&galley(&db, &["search", "coffee"]));
    assert!(found.contains("[coffee]"), "{found}");
    let out = galley(
        &db,
        &["--as", "Ed", "move", short, "spiked", "--note", "no"],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "nothing leaves published but a correction"
    );
    let out = galley(
        &db,
        &[
            "--as",
            "Ed",
            "move",
            short,
            "published",
            "--note",
            "Pacino's name was misspelled",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&galley(&db, &["export", short])).contains("note: Pacino's name was misspelled"));
}

#[test]
fn bad_input_exits_2_and_names_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let cases = [
        ("nobody", vec!["move", "abc", "copyedit"], "who is acting"),
        (
            "unknown stage",
            vec!["--as", "Ed", "move", "abc", "limbo"],
            "unknown stage `limbo`",
        ),
        (
            "unknown piece",
            vec!["--as", "Ed", "show", "ffff"],
            "no piece with id `ffff`",
        ),
        (
            "unknown person",
            vec!["--as", "Zed", "import", "x.md"],
            "no person named `Zed`",
        ),
        (
            "unknown role",
            vec!["--as", "Ed", "person", "add", "Al", "--role", "boss"],
            "unknown role `boss`",
        ),
        (
            "bad --now",
            vec!["publish-due", "--now", "soon"],
            "--now `soon`",
        ),
    ];
    for (what, args, says) in cases {
        let out = galley(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{what}: {}", stderr(&out));
        assert!(
            stderr(&out).lines().next().unwrap_or("").contains(says),
            "{what}: {}",
            stderr(&out)
        );
    }
    let newer = dir.path().join("newer.galley");
    galley(&newer, &["init"]);
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let out = galley(&newer, &["board"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("newer Galley"), "{}", stderr(&out));
}

#[test]
fn a_refused_file_names_file_line_and_key_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let good = film_review("Heat");
    let big = format!("{good}{}", "word ".repeat(2_200_000));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "unknown-key.md",
            good.replace("  rated: R\n", "  rated: R\n  colour: blue\n")
                .into_bytes(),
            ":13: review.colour: unknown key `colour`",
        ),
        (
            "wrong-type.md",
            good.replace("runtime: 170", "runtime: long").into_bytes(),
            ":14: review.runtime: invalid type",
        ),
        (
            "missing-key.md",
            good.replace("section: Film\n", "").into_bytes(),
            "section",
        ),
        (
            "impossible-date.md",
            good.replace("1995-12-15", "1995-02-30").into_bytes(),
            ":16: review.releases",
        ),
        (
            "invalid-utf8.md",
            [good.as_bytes(), &[0xc3, 0x28]].concat(),
            "invalid UTF-8",
        ),
        ("empty.md", Vec::new(), "empty"),
        ("huge.md", big.into_bytes(), "at most 10 MB"),
    ];
    for (name, bytes, says) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let good_path = dir.path().join("good.md");
        std::fs::write(&good_path, &good).unwrap();
        let out = galley(
            &db,
            &[
                "--as",
                "Ed",
                "import",
                good_path.to_str().unwrap(),
                path.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = stderr(&out);
        let first = err.lines().next().unwrap();
        assert!(
            first.contains(name) && first.contains(says),
            "{name}: {err}"
        );
        assert!(first.contains("nothing was imported"), "{name}: {err}");
        assert_eq!(
            board_total(&db),
            0,
            "{name}: not even the good file beside it was written"
        );
    }
}

#[test]
fn the_fixtures_import_from_the_command_line() {
    let (Some(film), Some(list)) = (fixture("never-let-me-go.md"), fixture("best-songs-2017.md"))
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = desk(dir.path());
    let out = galley(
        &db,
        &[
            "--as",
            "Ed",
            "import",
            film.to_str().unwrap(),
            list.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert!(
        lines[0].ends_with("\tSoul Searching: 'Never Let Me Go'"),
        "{lines:?}"
    );
    assert!(
        lines[1].ends_with("\tThe 70 Best Songs of 2017"),
        "{lines:?}"
    );
    assert!(stderr(&out).contains("added A. Writer to the desk as a writer"));
    let found = stdout(&galley(&db, &["search", "romanek", "--json"]));
    let hits: serde_json::Value = serde_json::from_str(&found).unwrap();
    assert_eq!(hits[0]["headline"], "Soul Searching: 'Never Let Me Go'");
}
