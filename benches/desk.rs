//! Benchmarks of the core desk (`cargo bench --bench desk`): full-text search over 100,000
//! pieces, saving a revision of a 5,000-word piece, importing 10,000 piece files.
//!
//! A plain harness: each figure is a median and 95th percentile over many runs, printed with its
//! target. Desks are real SQLite files in a temporary folder, filled through the same API the
//! CLI uses. `GALLEY_BENCH_PIECES` shrinks the search desk for a quick run.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use galley::api::{Desk, ImportMode};
use galley::domain::Role;

/// A small deterministic generator, so every run measures the same desk.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Words with a Zipf-like spread: a few common, most rare, as in real prose.
struct Vocabulary(Vec<String>);

impl Vocabulary {
    fn new(rng: &mut Rng) -> Vocabulary {
        // Consonant-vowel words of two to five syllables: about as much shared prefix as English.
        let (cons, vowels) = (b"bcdfghjklmnprstvwz", b"aeiou");
        let mut words: Vec<String> = [
            "the", "a", "of", "and", "film", "song", "album", "night", "city", "love", "light",
            "director",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        while words.len() < 20_000 {
            let n = 2 + rng.below(4);
            let mut w = String::new();
            for _ in 0..n {
                w.push(cons[rng.below(cons.len())] as char);
                w.push(vowels[rng.below(vowels.len())] as char);
            }
            words.push(w);
        }
        Vocabulary(words)
    }
    fn word(&self, rng: &mut Rng) -> &str {
        // Square the uniform draw to favour the front of the list.
        let u = rng.below(1 << 16) as f64 / 65536.0;
        &self.0[(u * u * self.0.len() as f64) as usize]
    }
    fn text(&self, rng: &mut Rng, words: usize) -> String {
        let mut out = String::with_capacity(words * 7);
        for i in 0..words {
            if i > 0 {
                out.push_str(if i % 90 == 0 { ".\n\n" } else { " " });
            }
            out.push_str(self.word(rng));
        }
        out.push_str(".\n");
        out
    }
}

const MEDIA: [(&str, &str); 3] = [
    ("film", "director"),
    ("album", "artist"),
    ("book", "author"),
];

fn piece_file(v: &Vocabulary, rng: &mut Rng, i: usize, body_words: usize) -> String {
    let (medium, who_key) = MEDIA[i % MEDIA.len()];
    let section = ["Film", "Music", "Books"][i % 3];
    let title = format!("{} {}", v.word(rng), v.word(rng));
    let who = format!("{} {}", v.word(rng), v.word(rng));
    let who_line = if medium == "album" {
        format!("  {who_key}: {who}\n")
    } else {
        format!("  {who_key}: [{who}]\n")
    };
    format!(
        "---\nkind: review\nsection: {section}\nheadline: The {title} number {i}\ndek: {}\nbylines: [Writer {}]\nreview:\n  medium: {medium}\n  title: {title}\n{who_line}---\n{}",
        v.text(rng, 25).trim_end(),
        i % 40,
        v.text(rng, body_words)
    )
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn new_desk(path: &Path) -> Desk {
    let mut d = Desk::init(path).unwrap();
    d.add_person(None, "Ed", &[Role::Editor, Role::Admin], &[], now())
        .unwrap();
    d
}

struct Stats {
    samples: Vec<Duration>,
}

impl Stats {
    fn pct(&mut self, p: f64) -> Duration {
        self.samples.sort();
        self.samples[((self.samples.len() - 1) as f64 * p) as usize]
    }
    fn report(&mut self, what: &str, target: &str) {
        let (med, p95) = (self.pct(0.5), self.pct(0.95));
        println!(
            "{what}: median {:.3} ms, p95 {:.3} ms over {} runs (target {target})",
            med.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3,
            self.samples.len()
        );
    }
}

fn fill(desk: &mut Desk, v: &Vocabulary, rng: &mut Rng, n: usize) {
    let batch = 5_000;
    let mut i = 0;
    while i < n {
        let files: Vec<(String, Vec<u8>)> = (i..(i + batch).min(n))
            .map(|k| {
                (
                    format!("gen-{k}.md"),
                    piece_file(v, rng, k, 150).into_bytes(),
                )
            })
            .collect();
        desk.import("Ed", files, ImportMode::Drafts, now()).unwrap();
        i += batch;
    }
}

fn bench_search(dir: &Path, v: &Vocabulary, rng: &mut Rng) {
    let n: usize = std::env::var("GALLEY_BENCH_PIECES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let path = dir.join("search.galley");
    let mut desk = new_desk(&path);
    let t = Instant::now();
    fill(&mut desk, v, rng, n);
    println!(
        "generated a desk of {n} pieces in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // Queries a person types: one word of middling frequency, a rare one, two words, a prefix.
    let mut queries: Vec<String> = Vec::new();
    for k in 0..40 {
        let w = &v.0[50 + k * 37];
        queries.push(match k % 4 {
            0 => w.clone(),
            1 => v.0[5_000 + k * 211].clone(),
            2 => format!("{w} {}", v.0[300 + k]),
            _ => w[..w.len().min(4)].to_string(),
        });
    }
    let kinds = [
        "one common word",
        "one rare word",
        "two words",
        "a 4-letter prefix",
    ];
    let mut all = Stats {
        samples: Vec::new(),
    };
    let mut by_kind: Vec<Stats> = kinds
        .iter()
        .map(|_| Stats {
            samples: Vec::new(),
        })
        .collect();
    let mut found = 0;
    for _round in 0..5 {
        for (k, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let hits = desk.search(q, 20).unwrap();
            let took = t.elapsed();
            all.samples.push(took);
            by_kind[k % 4].samples.push(took);
            found += hits.len();
        }
    }
    assert!(found > 0, "the queries find pieces");
    all.report(
        &format!("search, {n} pieces, top 20 with snippets"),
        "median under 10 ms",
    );
    for (k, s) in kinds.iter().zip(by_kind.iter_mut()) {
        s.report(&format!("  of which {k}"), "-");
    }
}

fn bench_save(dir: &Path, v: &Vocabulary, rng: &mut Rng) {
    let path = dir.join("save.galley");
    let mut desk = new_desk(&path);
    fill(&mut desk, v, rng, 2_000);
    let big = piece_file(v, rng, 1, 5_000);
    let r = desk
        .import(
            "Ed",
            vec![("big.md".into(), big.into_bytes())],
            ImportMode::Drafts,
            now(),
        )
        .unwrap();
    let id = r.pieces[0].id.clone();
    let mut content = desk.piece(&id).unwrap().content;
    assert!(content.word_count() >= 5_000);
    let mut stats = Stats {
        samples: Vec::new(),
    };
    for k in 0..300 {
        // A keystroke's worth of change, as autosave would send.
        content.body.push(if k % 2 == 0 { 'x' } else { ' ' });
        let t = Instant::now();
        desk.save("Ed", &id, content.clone(), None, None, now())
            .unwrap();
        stats.samples.push(t.elapsed());
    }
    stats.report(
        "save a revision of a 5,000-word piece (synchronous=FULL)",
        "under 5 ms",
    );
}

fn bench_import(dir: &Path, v: &Vocabulary, rng: &mut Rng) {
    let files_dir = dir.join("files");
    std::fs::create_dir_all(&files_dir).unwrap();
    let n = 10_000;
    let paths: Vec<std::path::PathBuf> = (0..n)
        .map(|i| {
            let p = files_dir.join(format!("piece-{i:05}.md"));
            std::fs::write(&p, piece_file(v, rng, i, 600)).unwrap();
            p
        })
        .collect();
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let mut rates = Vec::new();
    for round in 0..3 {
        let mut desk = new_desk(&dir.join(format!("import-{round}.galley")));
        let t = Instant::now();
        let r = desk
            .import_paths("Ed", &refs, ImportMode::Drafts, now())
            .unwrap();
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(r.pieces.len(), n);
        rates.push(n as f64 / secs);
    }
    rates.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "import {n} piece files (600-word bodies) into a new desk: median {:.0} files/s (runs: {}) (target over 2,000 files/s)",
        rates[1],
        rates.iter().map(|r| format!("{r:.0}")).collect::<Vec<_>>().join(", ")
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter word picks one benchmark.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let v = Vocabulary::new(&mut rng);
    if run("save") {
        bench_save(dir.path(), &v, &mut rng);
    }
    if run("import") {
        bench_import(dir.path(), &v, &mut rng);
    }
    if run("search") {
        bench_search(dir.path(), &v, &mut rng);
    }
}
