//! The UI's TypeScript types must be what the Rust types generate today, and the wire types
//! must carry the core's values across unchanged, in the JSON the store writes.

use std::path::Path;

use chrono::NaiveDate;
use galley::api::wire;
use galley::domain::{
    Album, Book, Content, Correction, Entry, Film, Game, Image, Kind, ListOrder, Move, PieceList,
    Release, Review, Role, Stage, StageShow, Subject, Television,
};
use galley::render::{View, Width};

use crate::support::t;

/// Writes `generated` under `GALLEY_BLESS`, then checks the committed file is it.
fn committed_is(file: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    if std::env::var_os("GALLEY_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date with the Rust types: run `GALLEY_BLESS=1 cargo test --workspace ipc_types` and commit it",
        path.display()
    );
}

#[test]
fn ipc_types_match_the_rust_types() {
    let generated = galley::api::types::typescript();
    committed_is("ui/src/lib/backend/types.ts", &generated);
    for t in [
        "export type Piece",
        "export type Board",
        "export type ErrorCode",
        "export type View",
        "export type PieceSaveRequest",
    ] {
        assert!(generated.contains(t), "{t} is generated");
    }
}

#[test]
fn ipc_client_matches_the_declared_commands() {
    let generated = galley::api::types::typescript_client();
    committed_is("ui/src/lib/backend/client.ts", &generated);
    // Every declared command has its typed function, and the client holds the only `invoke(`.
    for name in galley::api::commands::NAMES {
        assert!(
            generated.contains(&format!("call('{name}', request)")),
            "{name} has a client function"
        );
    }
    assert!(generated.contains("pieceSave: (request: PieceSaveRequest): Promise<SaveOutcome>"));
}

/// Content with every field filled: `subject` as its fact box, a list, an image, corrections.
fn full_content(subject: Subject) -> Content {
    Content {
        kind: Kind::Review,
        section: "Culture".into(),
        headline: "Everything at once".into(),
        dek: "A piece that carries every field the wire knows.".into(),
        slug: "everything-at-once".into(),
        bylines: vec!["Wren".into(), "Sam".into()],
        tags: vec!["test".into(), "wire".into()],
        image: Some(Image {
            src: "images/everything.jpg".into(),
            alt: Some("A desk covered in proofs".into()),
            caption: Some("The desk at noon.".into()),
            credit: Some("Cora Lind".into()),
        }),
        review: Some(Review {
            subject,
            score: Some(7.5),
        }),
        list: Some(PieceList {
            item: "song".into(),
            order: ListOrder::Countup,
            page_size: 2,
            method: Some("84 ballots; 10 points for a first place down to 1 for a 10th".into()),
            ballots: vec![galley::domain::VoterBallot {
                voter: "Sam".into(),
                picks: vec!["The Horrors, \u{201c}Machine\u{201d}".into()],
            }],
            entries: vec![
                Entry {
                    rank: 1,
                    creator: Some("The Horrors".into()),
                    title: Some("Machine".into()),
                    contributor: Some("Sam".into()),
                    blurb: Some("A *loud* one.\nTwo lines.".into()),
                    link: Some("https://example.com/machine".into()),
                    due: Some("2026-12-10".parse().unwrap()),
                    done: true,
                },
                Entry {
                    rank: 2,
                    ..Entry::default()
                },
            ],
        }),
        corrections: vec![
            Correction {
                at: t("2026-02-01T10:00:00Z"),
                note: "The runtime was wrong.".into(),
            },
            Correction {
                at: t("2026-02-03T08:30:15.250Z"),
                note: "The venue is in Leeds.".into(),
            },
        ],
        body: "Intro with **bold** and a [link](https://example.com).\n\n> A quote.\n".into(),
    }
}

/// One fully filled fact box per medium.
fn every_subject() -> Vec<Subject> {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        Subject::Film(Film {
            title: Some("Heat".into()),
            director: names(&["Michael Mann"]),
            cast: names(&["Al Pacino", "Robert De Niro"]),
            rated: Some("R".into()),
            studio: Some("Warner Bros.".into()),
            year: Some(1995),
            runtime: Some(170),
            releases: vec![
                Release {
                    region: "US".into(),
                    date: d("1995-12-15"),
                    note: Some("Wide release".into()),
                },
                Release {
                    region: "UK".into(),
                    date: d("1996-02-23"),
                    note: None,
                },
            ],
        }),
        Subject::Album(Album {
            title: Some("Homogenic".into()),
            artist: Some("Björk".into()),
            label: Some("One Little Indian".into()),
            released: Some(d("1997-09-22")),
            genre: names(&["electronic", "art pop"]),
        }),
        Subject::Book(Book {
            title: Some("The Remains of the Day".into()),
            author: names(&["Kazuo Ishiguro"]),
            publisher: Some("Faber and Faber".into()),
            published: Some(d("1989-05-01")),
            pages: Some(245),
            isbn: Some("978-0-571-15310-7".into()),
        }),
        Subject::Stage(StageShow {
            title: Some("Hamlet".into()),
            playwright: Some("William Shakespeare".into()),
            director: Some("A. Director".into()),
            cast: names(&["One Actor", "Another Actor"]),
            venue: Some("The Playhouse".into()),
            city: Some("Leeds".into()),
            opened: Some(d("2026-01-10")),
            closes: Some(d("2026-03-01")),
        }),
        Subject::Television(Television {
            title: Some("The Wire".into()),
            season: Some(4),
            network: Some("HBO".into()),
            creator: names(&["David Simon"]),
            cast: names(&["Dominic West"]),
            premiered: Some(d("2006-09-10")),
        }),
        Subject::Game(Game {
            title: Some("Outer Wilds".into()),
            developer: Some("Mobius Digital".into()),
            publisher: Some("Annapurna Interactive".into()),
            platform: names(&["PC", "PlayStation 4"]),
            released: Some(d("2019-05-28")),
        }),
    ]
}

/// domain → wire → JSON → wire → domain gives back what went in, and the wire's JSON is the
/// domain's own (what the store writes in every revision), byte for byte.
fn crosses_unchanged(content: &Content, what: &str) {
    let domain_json = serde_json::to_string(content).unwrap();
    let sent = wire::Content::from(content.clone());
    let wire_json = serde_json::to_string(&sent).unwrap();
    assert_eq!(
        wire_json, domain_json,
        "{what}: the wire's JSON is the store's"
    );
    let received: wire::Content = serde_json::from_str(&wire_json).unwrap();
    assert_eq!(received, sent, "{what}: the wire reads its own JSON back");
    assert_eq!(
        &Content::from(received),
        content,
        "{what}: back in the core, nothing changed"
    );
}

#[test]
fn content_crosses_the_wire_unchanged_and_in_the_stores_json() {
    let subjects = every_subject();
    let media: Vec<&str> = subjects.iter().map(Subject::medium).collect();
    assert_eq!(media, Subject::MEDIA, "every medium's fact box is checked");
    for subject in subjects {
        let medium = subject.medium();
        let full = full_content(subject);
        crosses_unchanged(&full, medium);
        // A review without a score leaves the key out; the wire must too.
        let mut unscored = full.clone();
        unscored.review.as_mut().unwrap().score = None;
        crosses_unchanged(&unscored, &format!("{medium} without a score"));
    }
    // Every empty fact box and an empty piece: the Nones and empty lists cross as they are.
    for medium in Subject::MEDIA {
        let mut bare = full_content(Subject::empty(medium).unwrap());
        bare.image = None;
        bare.list = None;
        bare.corrections = vec![];
        bare.bylines = vec![];
        crosses_unchanged(&bare, &format!("an empty {medium} fact box"));
    }
}

#[test]
fn the_demo_desk_crosses_the_wire_unchanged() {
    let mut desk = galley::api::Desk::in_memory().unwrap();
    let now = t("2026-06-01T08:00:00Z");
    desk.seed_demo(now).unwrap();
    let board = desk.board().unwrap();
    let mut media = Vec::new();
    for card in board.columns.iter().flat_map(|c| &c.cards) {
        let piece = desk.piece(&card.id).unwrap();
        crosses_unchanged(&piece.content, &piece.content.headline);
        media.extend(piece.content.review.as_ref().map(|r| r.subject.medium()));
        // A piece goes out with the same JSON as the core's, too.
        assert_eq!(
            serde_json::to_value(wire::Piece::from(piece.clone())).unwrap(),
            serde_json::to_value(&piece).unwrap(),
            "{}",
            piece.content.headline
        );
    }
    media.sort();
    media.dedup();
    let mut all = Subject::MEDIA.to_vec();
    all.sort();
    assert_eq!(media, all, "the demo has a review of every medium");
}

#[test]
fn enums_cross_the_wire_by_their_stored_names() {
    for s in Stage::ALL {
        let w = wire::Stage::from(s);
        assert_eq!(
            serde_json::to_value(w).unwrap(),
            serde_json::to_value(s).unwrap()
        );
        assert_eq!(Stage::from(w), s);
    }
    for m in Move::USER_MOVES
        .into_iter()
        .chain([Move::Create, Move::Archive])
    {
        let w = wire::Move::from(m);
        assert_eq!(
            serde_json::to_value(w).unwrap(),
            serde_json::to_value(m).unwrap()
        );
        assert_eq!(Move::from(w), m);
    }
    for r in [
        Role::Writer,
        Role::CopyEditor,
        Role::Editor,
        Role::SectionEditor,
        Role::Admin,
    ] {
        let w = wire::Role::from(r);
        assert_eq!(
            serde_json::to_value(w).unwrap(),
            serde_json::to_value(r).unwrap()
        );
        assert_eq!(Role::from(w), r);
    }
    for v in [View::Article, View::Teaser, View::Front, View::List(3)] {
        let w = wire::View::from(v);
        assert_eq!(
            serde_json::to_value(w).unwrap(),
            serde_json::to_value(v).unwrap()
        );
        assert_eq!(View::from(w), v);
    }
    for width in Width::ALL {
        let w = wire::Width::from(width);
        assert_eq!(
            serde_json::to_value(w).unwrap(),
            serde_json::to_value(width).unwrap()
        );
        assert_eq!(Width::from(w), width);
    }
}
