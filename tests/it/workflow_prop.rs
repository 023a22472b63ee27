//! Random sequences of moves by random people, checked against the workflow's invariants:
//! only permitted moves happen, every stage change has its transition row, revision numbers
//! only grow, a published piece has `published_at`, and nothing leaves `published` except by
//! correction.

use chrono::Duration;
use galley::api::{Desk, ErrorCode, ImportMode};
use galley::domain::{Role, Stage};
use proptest::prelude::*;

use crate::support::{film_review, t};

const PEOPLE: [&str; 5] = ["Ed", "Cora", "Wren", "Sam", "Otto"];

#[derive(Debug, Clone)]
enum Op {
    Move {
        piece: usize,
        person: usize,
        to: Stage,
        note: bool,
    },
    Schedule {
        piece: usize,
        person: usize,
        hours_ahead: i64,
    },
    Edit {
        piece: usize,
        person: usize,
        stale: bool,
    },
    PublishDue,
}

fn op() -> impl Strategy<Value = Op> {
    let stage = prop::sample::select(Stage::ALL.to_vec());
    prop_oneof![
        4 => (0..3usize, 0..5usize, stage, any::<bool>()).prop_map(|(piece, person, to, note)| Op::Move { piece, person, to, note }),
        2 => (0..3usize, 0..5usize, -2i64..30).prop_map(|(piece, person, hours_ahead)| Op::Schedule { piece, person, hours_ahead }),
        1 => (0..3usize, 0..5usize, any::<bool>()).prop_map(|(piece, person, stale)| Op::Edit { piece, person, stale }),
        1 => Just(Op::PublishDue),
    ]
}

/// The workflow table of DESIGN, written again here so the test does not trust the code it checks.
fn permitted(from: Stage, to: Stage, who: &str, section: &str, bylines: &[&str]) -> bool {
    let editor = who == "Ed" || (who == "Sam" && section == "Music");
    use Stage::*;
    match (from, to) {
        (Draft, Copyedit) => bylines.contains(&who) || editor,
        (Copyedit, Draft) => who == "Cora" || editor,
        (Copyedit, Scheduled)
        | (Scheduled, Copyedit)
        | (Scheduled, Published)
        | (Published, Published) => editor,
        (Draft | Copyedit | Scheduled, Spiked) | (Spiked, Draft) => editor,
        _ => false,
    }
}

/// Each test piece: its id, its section and its bylines.
type Meta = Vec<(String, &'static str, Vec<&'static str>)>;

fn desk() -> (Desk, Meta) {
    let mut d = Desk::in_memory().unwrap();
    let now = t("2026-01-01T00:00:00Z");
    d.add_person(None, "Ed", &[Role::Editor], &[], now).unwrap();
    d.add_person(Some("Ed"), "Cora", &[Role::CopyEditor], &[], now)
        .unwrap();
    d.add_person(Some("Ed"), "Wren", &[Role::Writer], &[], now)
        .unwrap();
    d.add_person(
        Some("Ed"),
        "Sam",
        &[Role::SectionEditor, Role::Writer],
        &["Music".into()],
        now,
    )
    .unwrap();
    d.add_person(Some("Ed"), "Otto", &[Role::Writer], &[], now)
        .unwrap();
    let list = "---\nkind: list\nsection: Music\nheadline: Two Songs\ndek: Short list.\nbylines: [Sam]\nlist:\n  item: song\n  entries:\n    - {rank: 2, creator: Blur, title: Tender, contributor: Sam, blurb: Gospel.}\n    - {rank: 1, creator: Pulp, title: Help the Aged, contributor: Wren, blurb: Wry.}\n---\nIntro.\n";
    let feature = "---\nkind: feature\nsection: Film\nheadline: No Dek Yet\nbylines: [Wren, Otto]\n---\nBody.\n";
    let files = vec![
        ("film.md".to_string(), film_review("Heat").into_bytes()),
        ("list.md".to_string(), list.as_bytes().to_vec()),
        ("feature.md".to_string(), feature.as_bytes().to_vec()),
    ];
    let r = d.import("Ed", files, ImportMode::Drafts, now).unwrap();
    let meta = vec![
        (r.pieces[0].id.clone(), "Film", vec!["Wren"]),
        (r.pieces[1].id.clone(), "Music", vec!["Sam"]),
        (r.pieces[2].id.clone(), "Film", vec!["Wren", "Otto"]),
    ];
    (d, meta)
}

fn check_invariants(
    d: &Desk,
    meta: &[(String, &str, Vec<&str>)],
    seen_published: &mut [bool],
    last_rev: &mut [i64],
) {
    let conn = d.connection();
    let bad: i64 = conn
        .query_row(
            "SELECT count(*) FROM piece WHERE stage = 'published' AND published_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad, 0, "a published piece has published_at");
    for (i, (id, _, _)) in meta.iter().enumerate() {
        let p = d.piece(id).unwrap();
        assert!(p.revision >= last_rev[i], "revision numbers only grow");
        last_rev[i] = p.revision;
        if seen_published[i] {
            assert_eq!(
                p.stage,
                Stage::Published,
                "nothing leaves published except by correction"
            );
        }
        seen_published[i] |= p.stage == Stage::Published;
        let h = d.history(id).unwrap();
        let numbers: Vec<i64> = h.revisions.iter().map(|r| r.number).collect();
        assert_eq!(
            numbers,
            (1..=p.revision).collect::<Vec<_>>(),
            "revisions are numbered 1..N with no gaps"
        );
        // Every change of stage between two revisions has its transition row, written with it.
        for w in h.revisions.windows(2) {
            if w[0].stage != w[1].stage {
                let row = h.transitions.iter().find(|t| t.revision == w[1].number);
                let row = row.unwrap_or_else(|| {
                    panic!("no transition row for revision {} of {id}", w[1].number)
                });
                assert_eq!((row.from, row.to), (Some(w[0].stage), w[1].stage));
            }
        }
        for tr in h.transitions.iter().skip(1) {
            let rev = &h.revisions[(tr.revision - 1) as usize];
            assert_eq!(
                rev.stage, tr.to,
                "a transition row names the stage its revision holds"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_moves_keep_the_invariants(ops in prop::collection::vec(op(), 1..40)) {
        let (mut d, meta) = desk();
        let mut now = t("2026-01-01T00:00:00Z");
        let mut seen_published = vec![false; meta.len()];
        let mut last_rev = vec![1; meta.len()];
        for op in ops {
            now += Duration::hours(1);
            let before: Vec<_> = meta.iter().map(|(id, _, _)| d.piece(id).unwrap()).collect();
            let result = match &op {
                Op::Move { piece, person, to, note } => {
                    let n = note.then_some("a note");
                    d.move_piece(PEOPLE[*person], &meta[*piece].0, *to, n, now).map(|_| ())
                }
                Op::Schedule { piece, person, hours_ahead } => {
                    let at = (now + Duration::hours(*hours_ahead)).format("%Y-%m-%d %H:%M").to_string();
                    d.schedule(PEOPLE[*person], &meta[*piece].0, &at, Some("UTC"), now).map(|_| ())
                }
                Op::Edit { piece, person, stale } => {
                    let p = &before[*piece];
                    let mut c = p.content.clone();
                    c.body.push_str("More.\n");
                    let base = if *stale { p.revision - 1 } else { p.revision };
                    d.save(PEOPLE[*person], &p.id, c, Some(base), None, now).map(|_| ())
                }
                Op::PublishDue => d.publish_due(now).map(|_| ()),
            };
            for (i, (id, section, bylines)) in meta.iter().enumerate() {
                let after = d.piece(id).unwrap();
                let was = &before[i];
                if let Err(e) = &result {
                    prop_assert!(matches!(e.code, ErrorCode::Refused | ErrorCode::Conflict | ErrorCode::BadInput), "{e}");
                    prop_assert_eq!(&after, was, "a refused request changes nothing");
                }
                let moved = after.stage != was.stage || after.content.corrections.len() != was.content.corrections.len();
                if moved {
                    match &op {
                        Op::PublishDue => prop_assert_eq!((was.stage, after.stage), (Stage::Scheduled, Stage::Published)),
                        Op::Move { person, .. } | Op::Schedule { person, .. } => prop_assert!(
                            permitted(was.stage, after.stage, PEOPLE[*person], section, bylines),
                            "{} moved {id} from {} to {}", PEOPLE[*person], was.stage, after.stage
                        ),
                        Op::Edit { .. } => prop_assert!(false, "an edit never moves a piece"),
                    }
                }
            }
            check_invariants(&d, &meta, &mut seen_published, &mut last_rev);
        }
    }
}
