//! The desk through the API: import and export, saves and conflicts, moves, the scheduler, search.

use galley::api::{Desk, ErrorCode, ImportMode};
use galley::domain::{Stage, Subject};

use crate::support::{film_review, fixture, staffed_desk, t};

fn import_one(d: &mut Desk, who: &str, name: &str, text: &str) -> String {
    let r = d.import(
        who,
        vec![(name.to_string(), text.as_bytes().to_vec())],
        ImportMode::Drafts,
        t("2026-01-02T00:00:00Z"),
    );
    r.unwrap_or_else(|e| panic!("{name} should import: {e}"))
        .pieces[0]
        .id
        .clone()
}

/// Export, import into a new desk, export again: the two exports must be the same bytes, and
/// the piece read back must equal the one exported.
fn assert_round_trip(d: &Desk, id: &str) {
    let first = d.export(id).unwrap();
    let piece = d.piece(id).unwrap();
    let mut other = staffed_desk();
    let mode = if piece.stage == Stage::Published {
        ImportMode::Archive
    } else {
        ImportMode::Drafts
    };
    let back = other
        .import(
            "Ed",
            vec![("exported.md".into(), first.clone().into_bytes())],
            mode,
            t("2026-01-03T00:00:00Z"),
        )
        .unwrap_or_else(|e| panic!("an exported file must import: {e}\n{first}"));
    let again = other.piece(&back.pieces[0].id).unwrap();
    assert_eq!(
        again.content, piece.content,
        "export then import gives back the same piece"
    );
    assert_eq!(again.published_at, piece.published_at);
    assert_eq!(
        other.export(&back.pieces[0].id).unwrap(),
        first,
        "exporting it again gives the same bytes"
    );
}

#[test]
fn the_fixtures_import_as_they_are_and_round_trip() {
    let (Some(film), Some(list)) = (fixture("never-let-me-go.md"), fixture("best-songs-2017.md"))
    else {
        return;
    };
    let mut d = staffed_desk();
    let report = d
        .import_paths(
            "Ed",
            &[film.as_path(), list.as_path()],
            ImportMode::Drafts,
            t("2026-01-02T00:00:00Z"),
        )
        .expect("both fixtures import as they are");
    assert_eq!(report.pieces.len(), 2);
    assert!(
        report.added_people.contains(&"A. Writer".to_string()),
        "a new byline joins the desk as a writer"
    );
    assert!(
        report
            .added_people
            .contains(&"Tristan Kneschke".to_string()),
        "so does a list contributor"
    );

    let review = d.piece(&report.pieces[0].id).unwrap();
    assert_eq!(review.content.headline, "Soul Searching: 'Never Let Me Go'");
    let Some(Subject::Film(f)) = review.content.review.as_ref().map(|r| &r.subject) else {
        panic!("a film fact box")
    };
    assert_eq!(f.director, vec!["Mark Romanek"]);
    assert_eq!(f.releases.len(), 2);
    assert_eq!(f.releases[1].note.as_deref(), Some("General release"));
    assert!(review.content.body.starts_with("The beauty of life"));

    let songs = d.piece(&report.pieces[1].id).unwrap();
    let entry = &songs.content.list.as_ref().unwrap().entries[0];
    assert_eq!(
        (entry.rank, entry.creator.as_deref(), entry.title.as_deref()),
        (70, Some("The Horrors"), Some("Machine"))
    );
    assert!(entry
        .blurb
        .as_deref()
        .unwrap()
        .ends_with("all the more chilling.\n"));

    for p in &report.pieces {
        assert_round_trip(&d, &p.id);
    }
}

#[test]
fn every_medium_round_trips() {
    let mut d = staffed_desk();
    let files = [
        film_review("Heat, Again: Mann's L.A. #1 Epic"),
        "---\nkind: review\nsection: Music\nheadline: Homogenic at Twenty-Five\ndek: \"Björk's strings: still cold, still warm\"\nbylines: [Sam, Wren]\ntags: [electronic, iceland]\nimage:\n  src: images/homogenic.jpg\n  alt: A woman in a kimono\n  caption: \"The cover: by Alexander McQueen's team\"\n  credit: One Little Indian\nreview:\n  medium: album\n  title: Homogenic\n  artist: Björk\n  label: One Little Indian\n  released: 1997-09-22\n  genre: [electronic, art pop]\n  score: 9.5\n---\nA record of ice and volcanoes.\n".to_string(),
        "---\nkind: review\nsection: Books\nheadline: The Remains of the Day\nbylines: Wren\nreview:\n  medium: book\n  title: The Remains of the Day\n  author: Kazuo Ishiguro\n  publisher: Faber and Faber\n  published: 1989-05-01\n  pages: 245\n  isbn: 978-0571258246\n---\nStevens drives west.\n".to_string(),
        "---\nkind: review\nsection: Stage\nheadline: 'Hamlet, at the Barbican'\nbylines: [Wren]\nreview:\n  medium: stage\n  title: Hamlet\n  playwright: William Shakespeare\n  director: Lyndsey Turner\n  cast: [Benedict Cumberbatch]\n  venue: Barbican Theatre\n  city: London\n  opened: 2015-08-25\n  closes: 2015-10-31\n---\nTo be.\n".to_string(),
        "---\nkind: review\nsection: Television\nheadline: The Wire, Season Four\nbylines: [Wren]\nreview:\n  medium: television\n  title: The Wire\n  season: 4\n  network: HBO\n  creator: [David Simon]\n  cast: [Dominic West, Idris Elba]\n  premiered: 2006-09-10\n---\nThe schools.\n".to_string(),
        "---\nkind: review\nsection: Games\nheadline: Outer Wilds\nbylines: [Wren]\nreview:\n  medium: game\n  title: Outer Wilds\n  developer: Mobius Digital\n  publisher: Annapurna Interactive\n  platform: [PC, Xbox One]\n  released: 2019-05-28\n  score: 10\n---\n22 minutes.\n".to_string(),
        "---\nkind: feature\nsection: Film\nheadline: \"yes\"\ndek: \"null\"\nbylines: [Wren]\ntags: [\"1917\", \"a, b\", \"#hash\"]\n---\n\n\nBlank lines first, none last.".to_string(),
    ];
    for (i, f) in files.iter().enumerate() {
        let id = import_one(&mut d, "Ed", &format!("m{i}.md"), f);
        assert_round_trip(&d, &id);
    }
}

#[test]
fn a_stale_save_is_refused_and_overwrites_nothing() {
    let mut d = staffed_desk();
    let id = import_one(&mut d, "Wren", "heat.md", &film_review("Heat"));
    let mut mine = d.piece(&id).unwrap().content;
    let mut theirs = mine.clone();
    theirs.dek = "Their dek".into();
    let saved = d
        .save(
            "Wren",
            &id,
            theirs,
            Some(1),
            None,
            t("2026-01-02T01:00:00Z"),
        )
        .unwrap();
    assert_eq!((saved.revision, saved.changed), (2, true));
    mine.dek = "My dek".into();
    let err = d
        .save("Wren", &id, mine, Some(1), None, t("2026-01-02T01:01:00Z"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict, "{err}");
    assert!(
        err.message.contains("revision 1") && err.message.contains("revision 2"),
        "{err}"
    );
    let now = d.piece(&id).unwrap();
    assert_eq!(
        (now.revision, now.content.dek.as_str()),
        (2, "Their dek"),
        "the refused save changed nothing"
    );
    assert_eq!(
        d.history(&id).unwrap().revisions.len(),
        2,
        "and wrote no revision"
    );
}

#[test]
fn refusals_name_the_rule_and_everything_missing() {
    let mut d = staffed_desk();
    let mut entries = String::new();
    for rank in (1..=64).rev() {
        let blurb = if rank == 64 {
            String::new()
        } else {
            "      blurb: Loud.\n".to_string()
        };
        entries.push_str(&format!("    - rank: {rank}\n      creator: Band {rank}\n      title: Song {rank}\n      contributor: Sam\n{blurb}"));
    }
    let list = format!("---\nkind: list\nsection: Music\nheadline: The 64 Best Songs\nbylines: [Sam]\nlist:\n  item: song\n  entries:\n{entries}---\nIntro.\n");
    let id = import_one(&mut d, "Sam", "list.md", &list);
    let now = t("2026-01-02T00:00:00Z");
    d.move_piece("Sam", &id, Stage::Copyedit, None, now)
        .unwrap();
    let err = d
        .schedule("Sam", &id, "2026-02-01 09:00", None, now)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused);
    assert_eq!(
        err.message,
        "cannot schedule: the dek is empty; list entry 64 has no blurb"
    );
    let err = d
        .schedule("Wren", &id, "2026-02-01 09:00", None, now)
        .unwrap_err();
    assert_eq!(
        err.message, "cannot schedule: Wren is not an editor of Music",
        "permission is checked first"
    );
    let err = d
        .move_piece("Cora", &id, Stage::Draft, None, now)
        .unwrap_err();
    assert_eq!(err.message, "cannot return: a note to the writer is needed");
    assert_eq!(
        d.piece(&id).unwrap().stage,
        Stage::Copyedit,
        "refused moves move nothing"
    );
}

#[test]
fn the_scheduler_publishes_exactly_the_due_pieces_once() {
    let mut d = staffed_desk();
    let now = t("2026-03-01T12:00:00Z");
    let mut ids = Vec::new();
    for (i, when) in ["2026-03-02 09:00", "2026-03-03 09:00", "2026-03-05 09:00"]
        .iter()
        .enumerate()
    {
        let id = import_one(
            &mut d,
            "Wren",
            &format!("r{i}.md"),
            &film_review(&format!("Heat {i}")).replace("Heat", &format!("Heat {i}")),
        );
        d.move_piece("Wren", &id, Stage::Copyedit, None, now)
            .unwrap();
        let s = d
            .schedule("Ed", &id, when, Some("Europe/London"), now)
            .unwrap();
        assert_eq!(s.zone, "Europe/London");
        ids.push(id);
    }
    let first = d.publish_due(t("2026-03-03T09:00:00Z")).unwrap();
    let published: Vec<&str> = first.published.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        published,
        vec![ids[0].as_str(), ids[1].as_str()],
        "the two due pieces, oldest first"
    );
    assert_eq!(
        first.published[0].published_at,
        t("2026-03-02T09:00:00Z"),
        "dated at their scheduled time"
    );
    let again = d.publish_due(t("2026-03-03T09:00:00Z")).unwrap();
    assert!(
        again.published.is_empty() && again.held.is_empty(),
        "a second run publishes nothing more"
    );
    assert_eq!(
        d.piece(&ids[2]).unwrap().stage,
        Stage::Scheduled,
        "the piece not yet due waits"
    );
    let h = d.history(&ids[0]).unwrap();
    let last = h.transitions.last().unwrap();
    assert_eq!(
        (Stage::from(last.to), last.who.as_deref()),
        (Stage::Published, None),
        "the scheduler's move is logged"
    );
    assert_eq!(
        h.transitions
            .iter()
            .filter(|t| Stage::from(t.to) == Stage::Published)
            .count(),
        1,
        "published once"
    );
}

#[test]
fn a_due_piece_that_broke_the_rules_is_held_not_published() {
    let mut d = staffed_desk();
    let now = t("2026-03-01T12:00:00Z");
    let id = import_one(&mut d, "Wren", "r.md", &film_review("Heat"));
    d.move_piece("Wren", &id, Stage::Copyedit, None, now)
        .unwrap();
    d.schedule("Ed", &id, "2026-03-02 09:00", None, now)
        .unwrap();
    let mut c = d.piece(&id).unwrap().content;
    c.dek.clear();
    d.save("Ed", &id, c, None, None, now).unwrap();
    let r = d.publish_due(t("2026-03-02T10:00:00Z")).unwrap();
    assert!(r.published.is_empty());
    assert_eq!(r.held.len(), 1);
    assert!(
        r.held[0].reason.contains("the dek is empty"),
        "{:?}",
        r.held
    );
}

#[test]
fn search_follows_every_save() {
    let mut d = staffed_desk();
    let id = import_one(&mut d, "Wren", "heat.md", &film_review("Heat"));
    let hits = d.search("pacino", 10).unwrap();
    assert_eq!(hits.len(), 1, "fact-box names are indexed");
    assert!(
        hits[0]
            .snippet
            .iter()
            .any(|r| r.hit && r.text.eq_ignore_ascii_case("pacino")),
        "{:?}",
        hits[0].snippet
    );
    let mut c = d.piece(&id).unwrap().content;
    c.body = "Now a story about a lighthouse keeper.\n".into();
    d.save("Wren", &id, c, None, None, t("2026-01-02T01:00:00Z"))
        .unwrap();
    assert!(
        d.search("diner", 10).unwrap().is_empty(),
        "old words leave the index with the save"
    );
    assert_eq!(
        d.search("lighthouse", 10).unwrap().len(),
        1,
        "new words arrive with it"
    );
    assert_eq!(
        d.search("lightho", 10).unwrap().len(),
        1,
        "the last word matches as a prefix"
    );
    assert!(
        d.search("\"' OR 1=1 --", 10).is_ok(),
        "typed punctuation is never a query error"
    );
    import_one(
        &mut d,
        "Wren",
        "h2.md",
        &film_review("Lighthouse Keepers: Heat Revisited"),
    );
    let ranked = d.search("lighthouse", 10).unwrap();
    assert_eq!(
        ranked[0].headline, "Lighthouse Keepers: Heat Revisited",
        "a headline match ranks first"
    );
}

#[test]
fn an_archive_lands_published_and_only_editors_bring_one_in() {
    let mut d = staffed_desk();
    let file =
        film_review("Heat").replace("---\nMann", "published: 1996-01-05T10:00:00Z\n---\nMann");
    let files = vec![("old.md".to_string(), file.into_bytes())];
    let err = d
        .import(
            "Wren",
            files.clone(),
            ImportMode::Archive,
            t("2026-01-01T00:00:00Z"),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err}");
    let r = d
        .import("Ed", files, ImportMode::Archive, t("2026-01-01T00:00:00Z"))
        .unwrap();
    let p = d.piece(&r.pieces[0].id).unwrap();
    assert_eq!(
        (p.stage, p.published_at),
        (Stage::Published, Some(t("1996-01-05T10:00:00Z")))
    );
    let tr = d.history(&p.id).unwrap().transitions;
    assert_eq!(
        tr.len(),
        1,
        "entering as published is logged as a transition"
    );
    let missing = vec![("new.md".to_string(), film_review("Heat 2").into_bytes())];
    let err = d
        .import(
            "Ed",
            missing,
            ImportMode::Archive,
            t("2026-01-01T00:00:00Z"),
        )
        .unwrap_err();
    assert!(
        err.message.contains("new.md") && err.message.contains("published"),
        "{err}"
    );
}

fn published_heat(d: &mut Desk) -> String {
    let file =
        film_review("Heat").replace("---\nMann", "published: 2026-01-01T09:00:00Z\n---\nMann");
    let r = d
        .import(
            "Ed",
            vec![("heat.md".into(), file.into_bytes())],
            ImportMode::Archive,
            t("2026-01-02T00:00:00Z"),
        )
        .unwrap();
    r.pieces[0].id.clone()
}

#[test]
fn a_published_piece_changes_only_by_a_visible_correction() {
    let mut d = staffed_desk();
    let id = published_heat(&mut d);
    let mut c = d.piece(&id).unwrap().content;
    c.body = c.body.replace("diner", "coffee shop");
    let err = d
        .save("Ed", &id, c.clone(), None, None, t("2026-01-03T00:00:00Z"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err}");
    assert!(err.message.contains("correction"), "{err}");
    assert_eq!(d.piece(&id).unwrap().revision, 1, "nothing saved");
    let err = d
        .save(
            "Wren",
            &id,
            c.clone(),
            None,
            Some("fix"),
            t("2026-01-03T00:00:00Z"),
        )
        .unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::Refused,
        "only editors touch a published piece: {err}"
    );

    let saved = d
        .save(
            "Ed",
            &id,
            c,
            None,
            Some("The scene is set in a coffee shop."),
            t("2026-01-03T00:00:00Z"),
        )
        .unwrap();
    let p = d.piece(&id).unwrap();
    assert_eq!(
        (p.stage, p.revision, saved.revision),
        (Stage::Published, 2, 2)
    );
    assert!(
        p.content.body.contains("coffee shop"),
        "the corrected text is saved"
    );
    assert_eq!(p.content.corrections.len(), 1);
    assert_eq!(
        p.content.corrections[0].note,
        "The scene is set in a coffee shop."
    );
    let last = d.history(&id).unwrap().transitions.pop().unwrap();
    assert_eq!(
        (
            last.from.map(Stage::from),
            Stage::from(last.to),
            galley::domain::Move::from(last.mv)
        ),
        (
            Some(Stage::Published),
            Stage::Published,
            galley::domain::Move::Correct
        )
    );
}

#[test]
fn scheduled_and_published_pieces_keep_unique_slugs_through_edits() {
    let mut d = staffed_desk();
    published_heat(&mut d);
    let now = t("2026-03-01T12:00:00Z");
    let id = import_one(&mut d, "Wren", "h2.md", &film_review("Heat Again"));
    d.move_piece("Wren", &id, Stage::Copyedit, None, now)
        .unwrap();
    d.schedule("Ed", &id, "2026-04-01 09:00", None, now)
        .unwrap();
    let mut c = d.piece(&id).unwrap().content;
    c.slug = "heat".into();
    let err = d.save("Ed", &id, c, None, None, now).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused);
    assert!(
        err.message
            .contains("`heat` is taken by the published piece"),
        "{err}"
    );
}

#[test]
fn a_past_time_is_refused_with_everything_else_missing() {
    let mut d = staffed_desk();
    let now = t("2026-03-01T12:00:00Z");
    let id = import_one(
        &mut d,
        "Wren",
        "h.md",
        &film_review("Heat").replace("dek: A heist picture that takes its time.\n", ""),
    );
    d.move_piece("Wren", &id, Stage::Copyedit, None, now)
        .unwrap();
    let err = d
        .schedule("Ed", &id, "2026-03-01 09:00", Some("Europe/London"), now)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused);
    assert_eq!(err.message, "cannot schedule: the dek is empty; the publication time 2026-03-01 09:00 Europe/London is in the past");
}

#[test]
fn saved_content_is_tidied_and_checked_like_a_file() {
    let mut d = staffed_desk();
    let id = import_one(&mut d, "Wren", "h.md", &film_review("Heat"));
    let mut c = d.piece(&id).unwrap().content;
    c.body = "One.\r\n\r\nTwo.\r\n".into();
    c.bylines = vec!["  Wren ".into(), "".into()];
    d.save(
        "Wren",
        &id,
        c.clone(),
        None,
        None,
        t("2026-01-03T00:00:00Z"),
    )
    .unwrap();
    let p = d.piece(&id).unwrap();
    assert_eq!(
        (p.content.body.as_str(), p.content.bylines.clone()),
        ("One.\n\nTwo.\n", vec!["Wren".to_string()])
    );
    c.section = " ".into();
    let err = d
        .save(
            "Wren",
            &id,
            c.clone(),
            None,
            None,
            t("2026-01-03T00:00:00Z"),
        )
        .unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::BadInput, "section: the section is empty")
    );
    c.section = "Film".into();
    c.review = None;
    assert_eq!(
        d.save("Wren", &id, c, None, None, t("2026-01-03T00:00:00Z"))
            .unwrap_err()
            .code,
        ErrorCode::BadInput
    );
}

#[test]
fn the_demo_desk_has_every_stage_and_a_list_still_being_assembled() {
    let mut d = Desk::in_memory().unwrap();
    let now = t("2026-06-01T08:00:00Z");
    assert!(d.seed_demo(now).unwrap());
    assert!(
        !d.seed_demo(now).unwrap(),
        "a desk with pieces is left alone"
    );
    let board = d.board().unwrap();
    for col in &board.columns {
        assert!(col.total > 0, "the demo has a piece in {:?}", col.stage);
    }
    let list = board.columns[0]
        .cards
        .iter()
        .find(|c| c.headline.contains("1997"))
        .expect("the list is a draft");
    d.move_piece("Sam Ortiz", &list.id, Stage::Copyedit, None, now)
        .unwrap();
    let err = d
        .schedule("Sam Ortiz", &list.id, "2026-06-10 09:00", None, now)
        .unwrap_err();
    assert_eq!(err.message, "cannot schedule: list entry 9 has no blurb; list entry 4 has no blurb; list entry 2 has no blurb");
}

#[test]
fn a_cancelled_import_writes_nothing_and_progress_is_told() {
    let mut d = staffed_desk();
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<std::path::PathBuf> = (0..120)
        .map(|i| {
            let p = dir.path().join(format!("r{i}.md"));
            std::fs::write(&p, film_review(&format!("Heat {i}"))).unwrap();
            p
        })
        .collect();
    let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let mut seen = Vec::new();
    let err = d
        .import_paths_with(
            "Wren",
            &refs,
            ImportMode::Drafts,
            t("2026-01-01T00:00:00Z"),
            &mut |p| {
                seen.push((p.phase, p.done));
                !(p.phase == galley::api::Phase::Writing && p.done >= 100)
            },
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Cancelled);
    assert!(
        seen.contains(&(galley::api::Phase::Reading, 0))
            && seen.contains(&(galley::api::Phase::Writing, 50)),
        "{seen:?}"
    );
    assert_eq!(
        d.board()
            .unwrap()
            .columns
            .iter()
            .map(|c| c.total)
            .sum::<usize>(),
        0,
        "the first 100 pieces were rolled back too"
    );
    assert_eq!(
        d.import_paths("Wren", &refs, ImportMode::Drafts, t("2026-01-01T00:00:00Z"))
            .unwrap()
            .pieces
            .len(),
        120
    );
}
