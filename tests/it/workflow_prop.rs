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
        note: bool,
    },
    PublishDue,
}

/// Moves lean forward and editors act most, as on a real desk, so that random runs reach
/// every stage (the test asserts they do).
fn op() -> impl Strategy<Value = Op> {
    let stage = prop_oneof![
        3 => Just(Stage::Copyedit),
        2 => Just(Stage::Published),
        1 => Just(Stage::Draft),
        1 => Just(Stage::Spiked),
        1 => Just(Stage::Scheduled),
    ];
    let person = prop_oneof![3 => Just(0usize), 1 => Just(1usize), 2 => Just(2usize), 2 => Just(3usize), 1 => Just(4usize)];
    prop_oneof![
        4 => (0..3usize, person.clone(), stage, any::<bool>()).prop_map(|(piece, person, to, note)| Op::Move { piece, person, to, note }),
        3 => (0..3usize, person.clone(), -2i64..30).prop_map(|(piece, person, hours_ahead)| Op::Schedule { piece, person, hours_ahead }),
        2 => (0..3usize, person, any::<bool>(), any::<bool>()).prop_map(|(piece, person, stale, note)| Op::Edit { piece, person, stale, note }),
        2 => Just(Op::PublishDue),
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

/// Who may edit in each stage (DESIGN, "Who may edit"), written again for the same reason.
fn may_edit(stage: Stage, who: &str, section: &str, bylines: &[&str]) -> bool {
    let editor = who == "Ed" || (who == "Sam" && section == "Music");
    match stage {
        Stage::Draft => bylines.contains(&who) || editor,
        Stage::Copyedit => who == "Cora" || editor,
        Stage::Scheduled | Stage::Published | Stage::Spiked => editor,
    }
}

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

/// Which stages and moves the random runs reached, so the test shows it explored the workflow.
#[derive(Default)]
struct Reached {
    stages: std::collections::HashSet<Stage>,
    corrected: bool,
    restored: bool,
    refused_stale: bool,
}

fn run(ops: Vec<Op>, reached: &mut Reached) -> Result<(), TestCaseError> {
    let (mut d, meta) = desk();
    let mut now = t("2026-01-01T00:00:00Z");
    let mut seen_published = vec![false; meta.len()];
    let mut last_rev = vec![1; meta.len()];
    for op in ops {
        now += Duration::hours(1);
        let before: Vec<_> = meta.iter().map(|(id, _, _)| d.piece(id).unwrap()).collect();
        let result = match &op {
            Op::Move {
                piece,
                person,
                to,
                note,
            } => {
                let n = note.then_some("a note");
                d.move_piece(PEOPLE[*person], &meta[*piece].0, *to, n, now)
                    .map(|_| ())
            }
            Op::Schedule {
                piece,
                person,
                hours_ahead,
            } => {
                let at = (now + Duration::hours(*hours_ahead))
                    .format("%Y-%m-%d %H:%M")
                    .to_string();
                d.schedule(PEOPLE[*person], &meta[*piece].0, &at, Some("UTC"), now)
                    .map(|_| ())
            }
            Op::Edit {
                piece,
                person,
                stale,
                note,
            } => {
                let p = &before[*piece];
                let mut c = p.content.clone();
                c.body.push_str("More.\n");
                let base = if *stale { p.revision - 1 } else { p.revision };
                d.save(
                    PEOPLE[*person],
                    &p.id,
                    c,
                    Some(base),
                    note.then_some("why"),
                    now,
                )
                .map(|_| ())
            }
            Op::PublishDue => d.publish_due(now).map(|_| ()),
        };
        if let (Op::Edit { stale: true, .. }, Err(e)) = (&op, &result) {
            reached.refused_stale |= e.code == ErrorCode::Conflict;
        }
        for (i, (id, section, bylines)) in meta.iter().enumerate() {
            let after = d.piece(id).unwrap();
            let was = &before[i];
            reached.stages.insert(after.stage);
            if let Err(e) = &result {
                prop_assert!(
                    matches!(
                        e.code,
                        ErrorCode::Refused | ErrorCode::Conflict | ErrorCode::BadInput
                    ),
                    "{e}"
                );
                prop_assert_eq!(&after, was, "a refused request changes nothing");
            }
            let moved = after.stage != was.stage
                || after.content.corrections.len() != was.content.corrections.len();
            reached.corrected |= after.content.corrections.len() > was.content.corrections.len();
            reached.restored |= was.stage == Stage::Spiked && after.stage == Stage::Draft;
            let who = match &op {
                Op::Move { person, .. } | Op::Schedule { person, .. } | Op::Edit { person, .. } => {
                    PEOPLE[*person]
                }
                Op::PublishDue => "the scheduler",
            };
            if moved {
                match &op {
                    Op::PublishDue => prop_assert_eq!(
                        (was.stage, after.stage),
                        (Stage::Scheduled, Stage::Published)
                    ),
                    Op::Move { .. } | Op::Schedule { .. } => prop_assert!(
                        permitted(was.stage, after.stage, who, section, bylines),
                        "{who} moved {id} from {} to {}",
                        was.stage,
                        after.stage
                    ),
                    // An edit moves nothing, except that on a published piece it is a correction.
                    Op::Edit { .. } => prop_assert!(
                        was.stage == Stage::Published
                            && permitted(was.stage, after.stage, who, section, bylines),
                        "an edit by {who} moved {id} from {} to {}",
                        was.stage,
                        after.stage
                    ),
                }
            }
            if let Op::Edit { piece, stale, .. } = &op {
                if *piece == i && after.content.body != was.content.body {
                    prop_assert!(
                        may_edit(was.stage, who, section, bylines),
                        "{who} edited {id} in {}",
                        was.stage
                    );
                    prop_assert!(!stale, "a stale save was taken");
                }
            }
            if let Op::Schedule { piece, .. } = &op {
                if *piece == i
                    && was.stage == Stage::Scheduled
                    && after.scheduled_at != was.scheduled_at
                {
                    prop_assert!(
                        permitted(Stage::Copyedit, Stage::Scheduled, who, section, bylines),
                        "{who} rescheduled {id}"
                    );
                }
            }
        }
        check_invariants(&d, &meta, &mut seen_published, &mut last_rev);
    }
    Ok(())
}

#[test]
fn random_moves_keep_the_invariants() {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    // A fixed seed: the same 200 runs every time, so the coverage check below never flickers.
    let config = Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let reached = std::cell::RefCell::new(Reached::default());
    let result = runner.run(&prop::collection::vec(op(), 1..60), |ops| {
        run(ops, &mut reached.borrow_mut())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let r = reached.into_inner();
    for s in Stage::ALL {
        assert!(
            r.stages.contains(&s),
            "the random runs never reached {s}: the test explores too little"
        );
    }
    assert!(
        r.corrected && r.restored && r.refused_stale,
        "corrected {}, restored {}, stale save refused {}: each must happen in the random runs",
        r.corrected,
        r.restored,
        r.refused_stale
    );
}

/// The same checks on a path chosen by hand, through every stage.
#[test]
fn a_chosen_path_reaches_every_stage() {
    let mut reached = Reached::default();
    let ops = vec![
        Op::Move {
            piece: 0,
            person: 2,
            to: Stage::Copyedit,
            note: false,
        },
        Op::Schedule {
            piece: 0,
            person: 0,
            hours_ahead: 2,
        },
        Op::Schedule {
            piece: 0,
            person: 3,
            hours_ahead: 5,
        },
        Op::PublishDue,
        Op::PublishDue,
        Op::PublishDue,
        Op::Edit {
            piece: 0,
            person: 0,
            stale: false,
            note: true,
        },
        Op::Move {
            piece: 2,
            person: 0,
            to: Stage::Spiked,
            note: true,
        },
        Op::Move {
            piece: 2,
            person: 0,
            to: Stage::Draft,
            note: true,
        },
        Op::Edit {
            piece: 1,
            person: 3,
            stale: true,
            note: false,
        },
    ];
    run(ops, &mut reached).unwrap();
    for s in Stage::ALL {
        assert!(reached.stages.contains(&s), "{s} not reached");
    }
    assert!(reached.corrected && reached.restored && reached.refused_stale);
}
