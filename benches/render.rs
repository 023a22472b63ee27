//! Benchmarks of the preview engine and the site (`cargo bench --bench render`): the article
//! view of a 5,000-word review, its teaser, a theme change reaching an open preview, and
//! `galley site build` over 10,000 generated pieces (pages a second and the process's peak
//! memory, from the real binary). `GALLEY_BENCH_SITE_PIECES` shrinks the site for a quick run.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use galley::domain::{Content, Film, Kind, Piece, Review, Stage, Subject};
use galley::render::preview::Preview;
use galley::render::{self, watch, Link, PageOptions, SiteInfo, Theme, Width};

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "the", "film", "a", "of", "light", "and", "camera", "night", "city", "actor", "score", "scene",
    "quiet", "long", "director", "frame", "story", "memory", "water", "cut", "close", "silence",
    "road", "house", "voice", "years",
];

/// Prose with the marks a critic uses: paragraphs, emphasis, quotes, dashes, a link now and then.
fn prose(rng: &mut Rng, words: usize) -> String {
    let mut out = String::with_capacity(words * 7);
    for i in 1..=words {
        let w = WORDS[rng.below(WORDS.len())];
        match i % 97 {
            13 => out.push_str(&format!("*{w}*")),
            41 => out.push_str(&format!("\"{w}\"")),
            67 => out.push_str(&format!("[{w}](https://example.org/{i})")),
            83 => out.push_str(&format!("{w} --")),
            _ => out.push_str(w),
        }
        out.push_str(if i % 120 == 0 { ".\n\n" } else { " " });
    }
    out.push_str(".\n");
    out
}

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-05-01T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn review(rng: &mut Rng, words: usize) -> Piece {
    Piece {
        id: "01960000-0000-7000-8000-00000000b001".into(),
        stage: Stage::Published,
        revision: 1,
        created_at: at(),
        updated_at: at(),
        scheduled_at: None,
        schedule_zone: None,
        published_at: Some(at()),
        marks: Default::default(),
        content: Content {
            kind: Kind::Review,
            section: "Film".into(),
            headline: "A Long Night's 'Journey'".into(),
            dek: "Three hours, one city, no easy answers.".into(),
            slug: "a-long-nights-journey".into(),
            bylines: vec!["Wren Adair".into()],
            tags: vec![],
            image: None,
            review: Some(Review {
                subject: Subject::Film(Film {
                    title: Some("Heat".into()),
                    director: vec!["Michael Mann".into()],
                    cast: vec!["Al Pacino".into(), "Robert De Niro".into()],
                    year: Some(1995),
                    ..Film::default()
                }),
                score: Some(8.0),
            }),
            list: None,
            corrections: vec![],
            body: prose(rng, words),
        },
    }
}

fn site() -> SiteInfo {
    SiteInfo {
        name: "The Galley Review".into(),
        url: "https://review.example/".into(),
        links: vec![Link {
            label: "Film".into(),
            href: "film/index.html".into(),
        }],
        footer: vec!["Benchmarks".into()],
        zone: "Europe/London".parse().unwrap(),
    }
}

fn report(what: &str, mut samples: Vec<Duration>, target: &str) {
    samples.sort();
    let pct = |p: f64| samples[((samples.len() - 1) as f64 * p) as usize].as_secs_f64() * 1e3;
    println!(
        "{what}: median {:.3} ms, p95 {:.3} ms over {} runs (target {target})",
        pct(0.5),
        pct(0.95),
        samples.len()
    );
}

fn time(n: usize, mut f: impl FnMut()) -> Vec<Duration> {
    for _ in 0..n / 10 {
        f();
    }
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect()
}

fn bench_views() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let piece = review(&mut rng, 5_000);
    assert!(piece.content.word_count() >= 5_000);
    let theme = Theme::embedded();
    let site = site();
    let opts = PageOptions::preview(Width::Desktop);
    report(
        "article view, 5,000-word review (Markdown, passes, template, inline CSS)",
        time(500, || {
            std::hint::black_box(render::article(&theme, &site, &piece, &opts).unwrap());
        }),
        "median under 1 ms",
    );
    report(
        "teaser card of the same review",
        time(2_000, || {
            std::hint::black_box(render::teaser_page(&theme, &site, &piece, &opts).unwrap());
        }),
        "median under 0.2 ms",
    );
}

fn bench_theme_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(7);
    let piece = review(&mut rng, 1_000);
    let site = site();
    let (tx, rx) = std::sync::mpsc::channel();
    let _w = watch::watch(dir.path(), move |e| {
        let _ = tx.send(e);
    })
    .unwrap();
    let mut preview = Preview::new(Theme::with_folder(dir.path()).unwrap());
    let base = render::theme::FILES
        .iter()
        .find(|(n, _)| *n == "article.html")
        .unwrap()
        .1;
    let mut samples = Vec::new();
    for i in 0..30 {
        // Let the last save's events settle and drop them, so this save's own event is timed.
        std::thread::sleep(Duration::from_millis(150));
        while rx.try_recv().is_ok() {}
        let saved = Instant::now();
        std::fs::write(
            dir.path().join("article.html"),
            base.replace("class=\"body\"", &format!("class=\"body v{i}\"")),
        )
        .unwrap();
        rx.recv_timeout(Duration::from_secs(5))
            .expect("the watcher reports the save");
        preview.set_theme(Theme::with_folder(dir.path()).unwrap());
        let shown = preview.show("article", |t| {
            render::article(t, &site, &piece, &PageOptions::preview(Width::Desktop))
        });
        assert!(shown.html.contains(&format!("body v{i}")));
        samples.push(saved.elapsed());
    }
    report(
        "theme file saved -> open preview re-rendered (watcher, 40 ms debounce)",
        samples,
        "under 200 ms",
    );
}

fn bench_site(dir: &Path) {
    let n: usize = std::env::var("GALLEY_BENCH_SITE_PIECES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let bin = env!("CARGO_BIN_EXE_galley");
    let db = dir.join("site.galley");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .env("GALLEY_DB", &db)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&["init"]);
    run(&["person", "add", "Ed", "--role", "editor,admin"]);
    // Piece files written as a writer would, imported as an archive through the real CLI.
    let files = dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    let mut rng = Rng(99);
    let sections = ["Film", "Music", "Books", "Stage", "Television", "Games"];
    for i in 0..n {
        let section = sections[i % sections.len()];
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let year = 2010 + i / 336;
        let text = if i % 20 == 0 {
            let entries: String = (1..=25)
                .map(|r| format!("    - rank: {r}\n      creator: Artist {r}\n      title: Song {r}\n      contributor: Writer {}\n      blurb: {}", r % 9, prose(&mut rng, 60).trim_end().replace('\n', " ")))
                .collect::<Vec<_>>()
                .join("\n");
            format!("---\nkind: list\nsection: {section}\nheadline: The 25 Best of Batch {i}\ndek: A list.\nbylines: [Writer {}]\nlist:\n  item: song\n  page_size: 10\n  entries:\n{entries}\npublished: {year}-{month:02}-{day:02}T09:{:02}:00Z\n---\nAn intro.\n", i % 9, i % 60)
        } else {
            format!("---\nkind: review\nsection: {section}\nheadline: Review number {i}\ndek: A dek for piece {i}.\nbylines: [Writer {}]\nreview:\n  medium: film\n  title: Film {i}\n  director: Director {}\n  year: {year}\n  score: {}\npublished: {year}-{month:02}-{day:02}T09:{:02}:00Z\n---\n{}", i % 9, i % 50, i % 11, i % 60, prose(&mut rng, 700))
        };
        std::fs::write(files.join(format!("p{i:05}.md")), text).unwrap();
    }
    let mut paths: Vec<String> = std::fs::read_dir(&files)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    paths.sort();
    for chunk in paths.chunks(2_000) {
        let mut args = vec!["--as", "Ed", "import", "--archive"];
        args.extend(chunk.iter().map(String::as_str));
        run(&args);
    }
    let out_dir = dir.join("out");
    let mut lines = Vec::new();
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(&out_dir);
        lines.push(
            run(&["site", "build", "--out", out_dir.to_str().unwrap()])
                .trim()
                .to_string(),
        );
    }
    println!("galley site build, {n} published pieces (5% are 25-entry lists), three runs:");
    for l in lines {
        println!("  {l}");
    }
    println!("  (target: at least 4,000 pages a second, under 300 MB)");
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    if run("views") {
        bench_views();
    }
    if run("theme") {
        bench_theme_change();
    }
    if run("site") {
        let dir = tempfile::tempdir().unwrap();
        bench_site(dir.path());
    }
}
