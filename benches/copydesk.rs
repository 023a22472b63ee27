//! Benchmarks of the copy desk (`cargo bench --bench copydesk`): the house-style check of a
//! 5,000-word film review (the style sheet, the fact box and Harper's grammar and spelling,
//! with Harper's linters already built), both of a review the checker has not read and again
//! after a keystroke (as the editor checks while someone types); and re-anchoring 100 queries
//! and 20 suggestions when a save changes one sentence.
//!
//! A plain harness: each figure is a median and 95th percentile over its runs, printed with its
//! target. The made-up review is built, deterministically, from sentences that name the fact
//! box's people and title, misspell some of them, and use numbers and house words; each
//! paragraph also has a sentence of its own, so that no two paragraphs are the same. Its
//! sentences repeat, though, and Harper keeps what it made of a sentence, so it flatters the
//! check of a review not read before: the same is measured on real prose, 5,000 words at a
//! time of the film reviews in `../shared/corpus/frontmatter/fshowalter-movielog` (or
//! `$GALLEY_SHARED`), where that corpus is beside the checkout.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::DateTime;
use galley::copydesk::{self, anchor, style};
use galley::domain::{
    AnchorStatus, Content, Film, Kind, Marks, Message, Query, Review, Subject, Suggestion,
};

const SENTENCES: [&str; 8] = [
    "Martin Scorsese keeps the camera moving through the Copacabana for 3 minutes.",
    "Ray Liotta narrates *Goodfellas* as if it were a confession, and Scorcese lets him.",
    "The film opened in 1990 and has not aged a day since its first e-mail campaign.",
    "Lorraine Bracco gives the best performance, quick and wary and very funny.",
    "Its editing by Thelma Schoonmaker is the fastest thing in it, faster than the cars.",
    "Nobody talks about the soundtrack enough; it is a history of the radio in one reel.",
    "Goodfellas is long, but every scene earns its place on the Internet's lists.",
    "This is an test of the checker, and the checker should catch it every time.",
];

fn review(words: usize, night: usize) -> Content {
    let mut body = String::new();
    let mut n = 0;
    let mut i = 0;
    while n < words {
        if i % 5 == 0 {
            let own = format!("Seen on night {night}, paragraph {} of the notes. ", i / 5);
            n += own.split_whitespace().count();
            body.push_str(&own);
        }
        let s = SENTENCES[i % SENTENCES.len()];
        body.push_str(s);
        n += s.split_whitespace().count();
        i += 1;
        body.push_str(if i % 5 == 0 { "\n\n" } else { " " });
    }
    Content {
        kind: Kind::Review,
        section: "Film".into(),
        headline: "Goodfellas at Thirty".into(),
        dek: "Scorsese's gangster picture, thirty years on.".into(),
        slug: "goodfellas-at-thirty".into(),
        bylines: vec!["Wren Adair".into()],
        tags: vec![],
        image: None,
        review: Some(Review {
            subject: Subject::Film(Film {
                title: Some("Goodfellas".into()),
                director: vec!["Martin Scorsese".into()],
                cast: vec!["Ray Liotta".into(), "Lorraine Bracco".into()],
                year: Some(1990),
                ..Film::default()
            }),
            score: Some(9.0),
        }),
        list: None,
        corrections: vec![],
        body,
    }
}

struct Stats(Vec<Duration>);

impl Stats {
    fn report(&mut self, what: &str, target: &str) {
        self.0.sort();
        let at = |p: f64| self.0[((self.0.len() - 1) as f64 * p).round() as usize];
        println!(
            "{what}: median {:.2} ms, p95 {:.2} ms over {} runs (target {target})",
            at(0.5).as_secs_f64() * 1e3,
            at(0.95).as_secs_f64() * 1e3,
            self.0.len()
        );
    }
}

/// Times `runs` calls of `f` after one to warm up; each call is given its number.
fn time(runs: usize, mut f: impl FnMut(usize)) -> Stats {
    f(0);
    Stats(
        (1..=runs)
            .map(|k| {
                let t = Instant::now();
                f(k);
                t.elapsed()
            })
            .collect(),
    )
}

/// Real film reviews' bodies, joined into pieces of 5,000 words each (at most `n` of them).
fn real_reviews(n: usize) -> Option<Vec<Content>> {
    let shared = std::env::var_os("GALLEY_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let dir = shared.join("corpus/frontmatter/fshowalter-movielog/reviews");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    let mut body = String::new();
    for f in files {
        let text = std::fs::read_to_string(&f).ok()?.replace("\r\n", "\n");
        // The front matter's closing line, then the review.
        let Some(rest) = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
        else {
            continue;
        };
        body.push_str(rest.1.trim());
        body.push_str("\n\n");
        if body.split_whitespace().count() >= 5_000 {
            let mut piece = review(0, 0);
            piece.body = std::mem::take(&mut body);
            out.push(piece);
            if out.len() == n {
                break;
            }
        }
    }
    Some(out)
}

fn main() {
    let content = review(5_000, 0);
    let sheet = style::StyleSheet::default();
    let words = content.word_count();
    let t = Instant::now();
    let findings = style::check(&sheet, &content, &Marks::default()).len();
    println!(
        "the first style check in a process, Harper's linters built: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut other = review(5_000, 99);
    if let Some(Review {
        subject: Subject::Film(f),
        ..
    }) = &mut other.review
    {
        f.director = vec!["Michael Mann".into()];
    }
    let t = Instant::now();
    style::check(&sheet, &other, &Marks::default());
    println!(
        "the first check of a piece with another fact box: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    // Every paragraph is new to the checker: a review opened for the first time.
    let fresh: Vec<Content> = (0..=20).map(|k| review(5_000, 1 + k)).collect();
    time(20, |k| {
        style::check(&sheet, &fresh[k], &Marks::default());
    })
    .report(
        &format!("style check of a {words}-word review not read before ({findings} findings)"),
        "under 50 ms",
    );
    // One character typed into one paragraph, a different one each time.
    let paragraphs: Vec<usize> = content.body.match_indices("\n\n").map(|(i, _)| i).collect();
    time(200, |k| {
        let mut typed = content.clone();
        let at = paragraphs[k * 7 % paragraphs.len()];
        typed.body.insert_str(at, &format!(" {k}"));
        style::check(&sheet, &typed, &Marks::default());
    })
    .report(
        &format!("style check of a {words}-word review after a keystroke"),
        "under 50 ms",
    );

    match real_reviews(11) {
        None => println!("real prose: no shared corpus beside the checkout, skipped"),
        Some(real) => {
            time(10, |k| {
                style::check(&sheet, &real[k], &Marks::default());
            })
            .report(
                "style check of 5,000 words of real film reviews not read before",
                "under 50 ms",
            );
            let piece = &real[0];
            let ends: Vec<usize> = piece.body.match_indices("\n\n").map(|(i, _)| i).collect();
            time(200, |k| {
                let mut typed = piece.clone();
                let at = ends[k * 7 % ends.len()];
                typed.body.insert_str(at, &format!(" {k}"));
                style::check(&sheet, &typed, &Marks::default());
            })
            .report(
                "style check of 5,000 words of real film reviews after a keystroke",
                "under 50 ms",
            );
        }
    }

    // 100 queries and 20 suggestions spread over the body; a save changes one sentence.
    let at = DateTime::UNIX_EPOCH;
    let chars = content.body.chars().count();
    let mut marks = Marks::default();
    for k in 0..120 {
        let s = chars * k / 120;
        let a = anchor::anchor_at(&content.body, s, (s + 12).min(chars)).unwrap();
        if k % 6 == 5 {
            marks.suggestions.push(Suggestion {
                id: format!("s{k}"),
                field: "body".into(),
                author: "Cora Lind".into(),
                at,
                anchor: a,
                insert: "something".into(),
                via: None,
                stale: false,
                decision: None,
            });
        } else {
            marks.queries.push(Query {
                id: format!("q{k}"),
                field: "body".into(),
                anchor: a,
                status: AnchorStatus::Anchored,
                messages: vec![Message {
                    id: format!("q{k}.1"),
                    author: "Cora Lind".into(),
                    at,
                    text: "Check this".into(),
                }],
                events: vec![],
            });
        }
    }
    let mut edited = content.clone();
    let mid = edited.body.len() / 2;
    let cut = edited.body[mid..].find(". ").map(|p| mid + p + 2).unwrap();
    edited
        .body
        .insert_str(cut, "A sentence typed in the middle of the review. ");
    time(200, |_| {
        let mut m = marks.clone();
        copydesk::follow(&content, &edited, &mut m);
    })
    .report(
        "re-anchoring 100 queries and 20 suggestions on a save",
        "under 5 ms",
    );
}
