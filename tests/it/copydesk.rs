//! The copy desk through the API: queries that follow their words through saves (and a
//! property test over random edits: a query whose words survive stays on them; one whose words
//! are deleted is orphaned, never moved onto other words), suggestions accepted and rejected by
//! whoever edits the piece at its stage, stale ones refused, CriticMarkup in and out, the marks
//! in the shared desk's piece file and in every revision, and the workflow's refusals.

use galley::api::{Desk, ErrorCode, ImportMode, MarkStatus, Passage, Which};
use galley::copydesk::anchor::{anchor_at, Follow};
use galley::domain::{AnchorStatus, Stage};
use proptest::prelude::*;

use crate::support::{film_review, staffed_desk, t};

fn review(d: &mut Desk) -> String {
    d.import(
        "Wren",
        vec![("heat.md".into(), film_review("Night Moves").into_bytes())],
        ImportMode::Drafts,
        t("2026-01-02T00:00:00Z"),
    )
    .unwrap()
    .pieces[0]
        .id
        .clone()
}

fn to_copyedit(d: &mut Desk, id: &str) {
    d.move_piece("Wren", id, Stage::Copyedit, None, t("2026-01-03T00:00:00Z"))
        .unwrap();
}

fn body_edit(d: &mut Desk, who: &str, id: &str, from: &str, to: &str) {
    let mut c = d.piece(id).unwrap().content;
    assert!(c.body.contains(from), "the body has “{from}”");
    c.body = c.body.replacen(from, to, 1);
    d.save(who, id, c, None, None, t("2026-01-04T00:00:00Z"))
        .unwrap();
}

#[test]
fn a_query_follows_its_words_through_saves_and_is_orphaned_when_they_go() {
    let mut d = staffed_desk();
    let id = review(&mut d);
    to_copyedit(&mut d, &id);
    let now = t("2026-01-03T10:00:00Z");
    let q = d
        .query_add(
            "Cora",
            &id,
            "body",
            Passage::Quote("two actors listening"),
            "Who are they?",
            now,
        )
        .unwrap();
    assert_eq!((q.status, q.open), (MarkStatus::Anchored, true));
    // An edit before the passage moves it along.
    body_edit(&mut d, "Cora", &id, "Mann shoots", "Michael Mann shoots");
    let q = &d.marks("Cora", &id).unwrap().queries[0];
    let body = d.piece(&id).unwrap().content.body;
    let here: String = body.chars().skip(q.start).take(q.end - q.start).collect();
    assert_eq!(
        (q.status, here.as_str()),
        (MarkStatus::Anchored, "two actors listening")
    );
    // Retyping a word inside it asks for a check; deleting it orphans the query.
    body_edit(
        &mut d,
        "Cora",
        &id,
        "two actors listening",
        "two actors listen",
    );
    assert_eq!(
        d.marks("Cora", &id).unwrap().queries[0].status,
        MarkStatus::Moved
    );
    body_edit(
        &mut d,
        "Cora",
        &id,
        "The diner scene is two actors listen.",
        "The diner scene.",
    );
    let q = d.marks("Cora", &id).unwrap().queries[0].clone();
    assert_eq!(q.status, MarkStatus::Orphaned, "its words are gone: {q:?}");
    assert_eq!(
        q.quote, "two actors listening",
        "the tray shows what was asked about"
    );
    // Reattached by hand, it is anchored again; the history keeps where it sat before.
    let q = d
        .query_reattach("Cora", &id, "q1", Passage::Quote("diner scene"), now)
        .unwrap();
    assert_eq!(
        (q.status, q.quote.as_str()),
        (MarkStatus::Anchored, "diner scene")
    );
    let revisions = d.history(&id).unwrap().revisions;
    let statuses: Vec<AnchorStatus> = revisions
        .iter()
        .filter_map(|r| {
            let p = galley::store::load_revision(d.connection(), &id, r.number).ok()??;
            p.marks.queries.first().map(|q| q.status)
        })
        .collect();
    assert_eq!(
        statuses,
        [
            AnchorStatus::Anchored,
            AnchorStatus::Anchored,
            AnchorStatus::Moved,
            AnchorStatus::Orphaned,
            AnchorStatus::Anchored
        ],
        "each revision keeps where the query sat then"
    );
}

#[test]
fn the_thread_is_answered_resolved_and_reopened_by_the_piece_s_people_only() {
    let mut d = staffed_desk();
    let id = review(&mut d);
    to_copyedit(&mut d, &id);
    let now = t("2026-01-03T10:00:00Z");
    d.query_add(
        "Cora",
        &id,
        "review.director",
        Passage::Quote("Michael Mann"),
        "Credited as Michael Kenneth Mann?",
        now,
    )
    .unwrap();
    // The writer answers in copyedit, where she may not edit the text.
    let q = d
        .query_reply("Wren", &id, "q1", "No, Michael Mann.", now)
        .unwrap();
    assert_eq!(q.messages.len(), 2);
    let mut edit = d.piece(&id).unwrap().content;
    edit.body.push_str("\nA line of hers.\n");
    let err = d.save("Wren", &id, edit, None, None, now).unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::Refused,
        "she answers but does not edit: {err}"
    );
    // Sam edits Music, not Film, and has no byline here: not one of this piece's people.
    let err = d.query_reply("Sam", &id, "q1", "Hm", now).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err}");
    assert!(err.message.contains("Sam"), "{err}");
    let q = d.query_resolve("Wren", &id, "q1", true, now).unwrap();
    assert!(!q.open);
    let err = d.query_resolve("Cora", &id, "q1", true, now).unwrap_err();
    assert!(err.message.contains("already resolved"), "{err}");
    let q = d.query_resolve("Cora", &id, "q1", false, now).unwrap();
    assert!(q.open);
    assert_eq!(q.events.len(), 2, "resolved and reopened are both kept");
}

#[test]
fn scheduling_is_refused_while_a_query_is_open_and_names_its_quote() {
    let mut d = staffed_desk();
    let id = review(&mut d);
    to_copyedit(&mut d, &id);
    let now = t("2026-01-03T10:00:00Z");
    d.query_add(
        "Cora",
        &id,
        "body",
        Passage::Quote("as if it were a sea"),
        "A sea, or the sea?",
        now,
    )
    .unwrap();
    let err = d
        .schedule("Ed", &id, "2026-02-01 09:00", Some("Europe/London"), now)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused);
    assert!(
        err.message.contains(
            "the query on \u{201c}as if it were a sea\u{201d} (Cora: A sea, or the sea?) is open"
        ),
        "{err}"
    );
    d.query_resolve("Wren", &id, "q1", true, now).unwrap();
    d.schedule("Ed", &id, "2026-02-01 09:00", Some("Europe/London"), now)
        .expect("with the query resolved the piece schedules");
}

#[test]
fn suggestions_are_decided_by_whoever_edits_the_piece_and_stale_ones_are_refused() {
    let mut d = staffed_desk();
    let id = review(&mut d);
    to_copyedit(&mut d, &id);
    let now = t("2026-01-03T10:00:00Z");
    let body = d.piece(&id).unwrap().content.body;
    let proposed = body
        .replace("Mann shoots", "Michael Mann shoots")
        .replace("as if it were a sea", "like a sea")
        .replace("two actors listening", "two actors, listening");
    let v = d.suggest("Cora", &id, "body", &proposed, now).unwrap();
    let mine: Vec<_> = v
        .suggestions
        .iter()
        .map(|s| (s.what.as_str(), s.quote.as_str(), s.insert.as_str()))
        .collect();
    assert_eq!(
        mine,
        [
            ("insertion", "", "Michael "),
            ("replacement", "as if it were", "like"),
            ("insertion", "", ","),
        ]
    );
    assert_eq!(
        d.piece(&id).unwrap().content.body,
        body,
        "a suggestion leaves the text as it is"
    );
    // In copyedit the writer reads them but does not decide.
    let err = d
        .decide("Wren", &id, Which::One("s1".into()), true, now)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err}");
    d.move_piece(
        "Cora",
        &id,
        Stage::Draft,
        Some("Three suggestions for you"),
        now,
    )
    .unwrap();
    d.decide("Wren", &id, Which::One("s1".into()), true, now)
        .unwrap();
    d.decide("Wren", &id, Which::One("s3".into()), false, now)
        .unwrap();
    let text = d.piece(&id).unwrap().content.body;
    assert!(
        text.starts_with("Michael Mann shoots Los Angeles at night as if it were a sea."),
        "{text}"
    );
    // Wren rewrites the words s2 changes: it goes stale and cannot be accepted blindly.
    body_edit(
        &mut d,
        "Wren",
        &id,
        "as if it were a sea",
        "as though it were an ocean",
    );
    let v = d.marks("Wren", &id).unwrap();
    assert!(v.suggestions[1].stale, "{:?}", v.suggestions[1]);
    let err = d
        .decide("Wren", &id, Which::One("s2".into()), true, now)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused);
    assert!(err.message.contains("its words have changed"), "{err}");
    d.decide("Wren", &id, Which::One("s2".into()), false, now)
        .unwrap();
    let notes: Vec<String> = d
        .history(&id)
        .unwrap()
        .revisions
        .into_iter()
        .filter_map(|r| r.note)
        .collect();
    assert!(
        notes.contains(&"accepted Cora's suggestion: insert \u{201c}Michael\u{201d}".to_string()),
        "the revision says whose suggestion it was: {notes:?}"
    );
}

#[test]
fn the_piece_with_its_suggestions_accepted_and_what_changed_since_it_was_submitted() {
    let mut d = staffed_desk();
    let id = review(&mut d);
    assert!(d.since_submitted(&id).unwrap().is_none(), "never submitted");
    to_copyedit(&mut d, &id);
    let now = t("2026-01-03T10:00:00Z");
    let body = d.piece(&id).unwrap().content.body;
    let cora = body.replace("Mann shoots", "Michael Mann shoots");
    d.suggest("Cora", &id, "body", &cora, now).unwrap();
    let ed = body.replace("as if it were a sea", "like a sea");
    let v = d.suggest("Ed", &id, "body", &ed, now).unwrap();
    // Everyone's accepted for the preview; each person's own for their suggesting mode.
    assert_eq!(
        v.accepted,
        body.replace("Mann shoots", "Michael Mann shoots")
            .replace("as if it were a sea", "like a sea")
    );
    assert_eq!(v.mine, ed);
    assert_eq!(d.marks("Cora", &id).unwrap().mine, cora);
    // The copy desk's own edit is what changed since submission; suggestions are not.
    body_edit(
        &mut d,
        "Cora",
        &id,
        "two actors listening",
        "two actors, listening",
    );
    let since = d.since_submitted(&id).unwrap().unwrap();
    assert_eq!(since.submitted_by.as_deref(), Some("Wren"));
    assert_eq!(since.returned_by, None);
    assert_eq!(since.fields.len(), 1);
    assert_eq!(since.fields[0].field, "body");
    let added: Vec<&str> = since.fields[0]
        .runs
        .iter()
        .filter(|r| r.change == galley::api::DiffChange::Added)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(added, ["actors,"], "{:?}", since.fields[0].runs);
    // Returned, the writer sees the same, up to the revision it came back in; her own edits
    // after it are not the copy desk's.
    d.move_piece("Cora", &id, Stage::Draft, Some("Over to you"), now)
        .unwrap();
    let back = d.piece(&id).unwrap().revision;
    body_edit(&mut d, "Wren", &id, "at night", "after dark");
    let since = d.since_submitted(&id).unwrap().unwrap();
    assert_eq!(
        (since.to, since.returned_by.as_deref()),
        (back, Some("Cora"))
    );
    assert!(!format!("{:?}", since.fields).contains("after dark"));
}

#[test]
fn all_of_one_person_s_suggestions_are_accepted_in_one_revision() {
    let mut d = staffed_desk();
    let id = review(&mut d);
    let now = t("2026-01-03T10:00:00Z");
    let body = d.piece(&id).unwrap().content.body;
    let proposed = body
        .replace("night", "nightfall")
        .replace("diner", "coffee-shop");
    d.suggest("Cora", &id, "body", &proposed, now).unwrap();
    let before = d.piece(&id).unwrap().revision;
    d.decide("Ed", &id, Which::AllOf("cora".into()), true, now)
        .unwrap();
    let p = d.piece(&id).unwrap();
    assert_eq!(p.content.body, proposed);
    assert_eq!(p.revision, before + 1);
}

#[test]
fn criticmarkup_goes_out_and_comes_back_and_a_mark_across_paragraphs_is_refused() {
    let mut d = staffed_desk();
    let id = review(&mut d);
    let now = t("2026-01-03T10:00:00Z");
    let body = d.piece(&id).unwrap().content.body;
    let marked = body
        .replace("at night", "at {~~night~>nightfall~~}")
        .replace("two actors", "{==two actors==}{>>Pacino and De Niro?<<}");
    let v = d
        .critic_import("Cora", &id, "notes.md", &marked, now)
        .unwrap();
    assert_eq!(v.suggestions.len(), 1);
    assert_eq!(v.queries[0].quote, "two actors");
    let (out, left_out) = d.critic_export(&id).unwrap();
    assert_eq!(left_out, 0);
    assert_eq!(
        out,
        body.replace("at night", "at {~~night~>nightfall~~}")
            .replace(
                "two actors",
                "{==two actors==}{>>Cora: Pacino and De Niro?<<}"
            )
    );
    let across = body.replace("a sea.\n\nThe diner", "a {--sea.\n\nThe--} diner");
    let err = d
        .critic_import("Cora", &id, "notes.md", &across, now)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInput);
    assert!(err.message.starts_with("notes.md:1: "), "{err}");
    assert!(err.message.contains("spans paragraphs"), "{err}");
    let other = marked.replace("Los Angeles", "Chicago");
    let err = d
        .critic_import("Cora", &id, "notes.md", &other, now)
        .unwrap_err();
    assert!(
        err.message
            .contains("differs from the piece's body from its line 1"),
        "{err}"
    );
}

#[test]
fn marks_travel_in_the_shared_desk_s_piece_file() {
    let mut d = staffed_desk();
    let id = review(&mut d);
    let now = t("2026-01-03T10:00:00Z");
    d.query_add(
        "Cora",
        &id,
        "body",
        Passage::Quote("Los Angeles"),
        "LA on second mention?\nHouse style says so.",
        now,
    )
    .unwrap();
    let body = d.piece(&id).unwrap().content.body;
    d.suggest(
        "Cora",
        &id,
        "body",
        &body.replace("sea", "sea \u{2014} \u{201c}calm\u{201d}"),
        now,
    )
    .unwrap();
    let p = d.piece(&id).unwrap();
    let file = galley::piece_file::write_piece(&p);
    assert!(file.contains("\nmarks:\n"), "{file}");
    let back = galley::piece_file::parse("p.md", file.as_bytes())
        .unwrap()
        .into_piece()
        .unwrap();
    assert_eq!(back.marks, p.marks, "the marks read back as written");
    assert_eq!(
        galley::piece_file::write_piece(&back),
        file,
        "and write the same bytes"
    );
}

#[test]
fn the_hook_s_check_lets_each_person_change_only_their_own_marks() {
    use galley::workflow::{check_change, Actor, Change, Facts};
    let mut d = staffed_desk();
    let id = review(&mut d);
    to_copyedit(&mut d, &id);
    let now = t("2026-01-03T10:00:00Z");
    d.query_add(
        "Cora",
        &id,
        "body",
        Passage::Quote("Los Angeles"),
        "LA?",
        now,
    )
    .unwrap();
    let before = d.piece(&id).unwrap();
    let person = |n: &str| d.person(n).unwrap();
    let (wren, cora) = (person("Wren"), person("Cora"));
    let byline = Facts {
        is_byline: true,
        ..Facts::default()
    };
    let mut after = before.clone();
    after.revision += 1;
    after.marks.queries[0].messages[0].text = "Los Angeles, spelled out".into();
    let err = check_change(
        Actor::Person(&wren),
        Some(&before),
        &after,
        &byline,
        None,
        now,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("Wren may change only their own messages, not Cora's"),
        "{err}"
    );
    assert_eq!(
        check_change(
            Actor::Person(&cora),
            Some(&before),
            &after,
            &Facts::default(),
            None,
            now
        ),
        Ok(Change::Marked),
        "Cora rewords her own query"
    );
    let mut forged = before.clone();
    forged.revision += 1;
    forged.marks.queries[0]
        .events
        .push(galley::domain::QueryEvent {
            resolved: true,
            by: "Cora".into(),
            at: now,
        });
    let err = check_change(
        Actor::Person(&wren),
        Some(&before),
        &forged,
        &byline,
        None,
        now,
    )
    .unwrap_err();
    assert!(err.to_string().contains("only as themself"), "{err}");
    let mut gone = before.clone();
    gone.revision += 1;
    gone.marks.queries.clear();
    let err = check_change(
        Actor::Person(&cora),
        Some(&before),
        &gone,
        &Facts::default(),
        None,
        now,
    )
    .unwrap_err();
    assert!(err.to_string().contains("never deleted"), "{err}");
}

// ---- the property: anchors over random edits ------------------------------------------------

/// Words that are each once in the text (some with a letter outside ASCII, so offsets in
/// characters and bytes differ), and words typed in that share no letters or digits with them.
fn word(i: usize) -> String {
    if i % 3 == 0 {
        format!("ö{i}")
    } else {
        format!("w{i}")
    }
}
const TYPED: [&str; 6] = ["ferry", "loop", "camp", "fire", "bell", "rain"];

/// An edit as a person makes one: at a word, delete some words and type others.
#[derive(Debug, Clone)]
struct Edit {
    at: f64,
    delete: usize,
    insert: Vec<usize>,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        0.0..1.0f64,
        0usize..4,
        proptest::collection::vec(0usize..TYPED.len(), 0..3),
    )
        .prop_map(|(at, delete, insert)| Edit { at, delete, insert })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn an_anchor_stays_on_surviving_words_and_is_orphaned_when_they_are_deleted(
        n in 8usize..40,
        paragraphs in proptest::collection::vec(any::<bool>(), 40),
        quote_at in 0.0..1.0f64,
        quote_len in 1usize..5,
        edits in proptest::collection::vec(edit(), 1..6),
        delete_quote in any::<bool>(),
    ) {
        // The text as words, each followed by its separator; each character knows where it
        // came from (`None`: typed since).
        type Chars = Vec<(char, Option<usize>)>;
        let mut words: Vec<(Chars, Chars)> = vec![];
        let mut at = 0;
        for i in 0..n {
            let w: Chars = word(i).chars().map(|c| { at += 1; (c, Some(at - 1)) }).collect();
            let sep = if i + 1 == n { "" } else if paragraphs[i] && i % 5 == 0 { "\n\n" } else { " " };
            let s: Chars = sep.chars().map(|c| { at += 1; (c, Some(at - 1)) }).collect();
            words.push((w, s));
        }
        let flat = |words: &[(Chars, Chars)]| -> Chars {
            words.iter().flat_map(|(w, s)| w.iter().chain(s).copied()).collect()
        };
        let text: String = flat(&words).iter().map(|(c, _)| *c).collect();
        let first = ((quote_at * n as f64) as usize).min(n - 1);
        let last = (first + quote_len - 1).min(n - 1);
        let qs = flat(&words[..first]).len();
        let qe = flat(&words[..last]).len() + words[last].0.len();
        let anchor = anchor_at(&text, qs, qe).unwrap();
        let mut edits = edits;
        if delete_quote {
            let len = words.len() as f64;
            edits.insert(0, Edit { at: first as f64 / len, delete: last - first + 1, insert: vec![] });
        }
        for e in &edits {
            let i = ((e.at * words.len() as f64) as usize).min(words.len());
            let del = e.delete.min(words.len() - i);
            let typed = e.insert.iter().map(|&w| {
                (TYPED[w].chars().map(|c| (c, None)).collect::<Chars>(), vec![(' ', None)])
            });
            words.splice(i..i + del, typed);
        }
        let chars = flat(&words);
        let new: String = chars.iter().map(|(c, _)| *c).collect();
        let (out, status) = Follow::new(&text, &new).anchor(&anchor, AnchorStatus::Anchored);

        let quoted: Vec<usize> = chars.iter().enumerate()
            .filter(|(_, (_, o))| o.is_some_and(|o| o >= qs && o < qe))
            .map(|(i, _)| i)
            .collect();
        let intact = quoted.len() == qe - qs && quoted.windows(2).all(|w| w[1] == w[0] + 1);
        if intact {
            let here: String = new.chars().skip(out.start).take(out.end - out.start).collect();
            prop_assert_eq!(status, AnchorStatus::Anchored, "its words survive: {:?} in {:?}", anchor.quote, new);
            prop_assert_eq!(here, anchor.quote.clone());
        }
        if quoted.iter().all(|&i| chars[i].0.is_whitespace()) {
            prop_assert_eq!(status, AnchorStatus::Orphaned, "its words are gone from {:?}: {:?}", new, out);
        }
        if status != AnchorStatus::Orphaned {
            for (c, origin) in &chars[out.start..out.end] {
                let own = origin.is_none_or(|o| o >= qs && o < qe);
                prop_assert!(
                    own || c.is_whitespace(),
                    "the anchor on {:?} is now {:?}, on other words ({:?}) in {:?} after {:?}", anchor.quote, out, c, new, edits
                );
            }
        }
    }
}
