//! Benchmarks of the poll (`cargo bench --bench polls`): reading, matching and tallying 2,000
//! ballots of 20 picks from a spreadsheet, and the count again after one ballot changes; and
//! the desk's import of that spreadsheet into a real SQLite file, rows checked and written.
//!
//! A plain harness: each figure is a median and 95th percentile over its runs, printed with its
//! target. The ballots are made up, deterministically: 3,000 works whose popularity falls off
//! as on a real poll, spelled now and then with other capitals, accents or a leading "The".

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use galley::api::{Columns, Desk, PollSettings};
use galley::domain::Role;
use galley::poll::{csv, tally, Ballot, Count, Pick, Rules, Scheme};

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

const VOTERS: usize = 2_000;
const PICKS: usize = 20;
const WORKS: usize = 3_000;

/// The spreadsheet: voter, artist, song, rank; one row per pick.
fn spreadsheet(rng: &mut Rng) -> String {
    let syll = [
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "ba", "do", "fu",
    ];
    let name = |rng: &mut Rng, n: usize| -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 && rng.below(3) == 0 {
                s.push(' ');
            }
            s.push_str(syll[rng.below(syll.len())]);
        }
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    };
    let works: Vec<(String, String)> = (0..WORKS).map(|_| (name(rng, 3), name(rng, 4))).collect();
    let mut out = String::from("Critic\tArtist\tSong\tRank\n");
    for v in 0..VOTERS {
        let mut taken = std::collections::HashSet::new();
        let mut rank = 1;
        while rank <= PICKS {
            let u = rng.below(1 << 16) as f64 / 65536.0;
            let w = (u * u * u * WORKS as f64) as usize;
            if !taken.insert(w) {
                continue;
            }
            let (artist, song) = &works[w];
            let song = match rng.below(20) {
                0 => song.to_uppercase(),
                1 => format!("The {song}"),
                2 => song.replace('a', "á"),
                _ => song.clone(),
            };
            out.push_str(&format!("Critic {v}\t{artist}\t{song}\t{rank}\n"));
            rank += 1;
        }
    }
    out
}

fn read(text: &str) -> Vec<Ballot> {
    let rows = csv::parse(text, csv::sniff(text)).expect("the spreadsheet reads");
    let mut by: BTreeMap<&str, Vec<Pick>> = BTreeMap::new();
    for r in &rows[1..] {
        by.entry(r.fields[0].as_str()).or_default().push(Pick {
            creator: r.fields[1].clone(),
            title: r.fields[2].clone(),
            rank: Some(r.fields[3].parse().expect("a rank")),
            points: None,
            year: None,
        });
    }
    by.into_iter()
        .map(|(v, picks)| Ballot {
            voter: v.to_string(),
            picks,
        })
        .collect()
}

fn rules() -> Rules {
    Rules {
        scheme: Scheme::Points {
            points: (1..=20).rev().collect(),
        },
        ballot_size: Some(PICKS),
        ..Rules::default()
    }
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn main() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let text = spreadsheet(&mut rng);
    let rules = rules();
    let none = BTreeMap::new();

    // 1. Read, match and tally the whole spreadsheet in memory.
    let mut all = Stats(Vec::new());
    let mut candidates = 0;
    for _ in 0..15 {
        let t = Instant::now();
        let ballots = read(&text);
        let result = tally(&rules, &ballots, &none, &[]).expect("the ballots count");
        all.0.push(t.elapsed());
        candidates = result.candidates.len();
    }
    all.report(
        &format!(
            "read, match and tally {VOTERS} ballots of {PICKS} picks ({candidates} candidates)"
        ),
        "under 100 ms",
    );

    // 2. One ballot changes: the running count takes the new one in its place, and places
    // the candidates again.
    let mut ballots = read(&text);
    let mut count = Count::new(rules.clone(), none.clone());
    for b in &ballots {
        count.put(b).expect("the ballots count");
    }
    let mut again = Stats(Vec::new());
    for k in 0..30 {
        let b = &mut ballots[k * 7 % VOTERS];
        b.picks.swap(0, 1 + k % (PICKS - 1));
        for (i, p) in b.picks.iter_mut().enumerate() {
            p.rank = Some(i as u32 + 1);
        }
        let t = Instant::now();
        count.put(b).expect("the ballot counts");
        let result = count.tally(&[]);
        again.0.push(t.elapsed());
        assert_eq!(result.ballots, VOTERS);
    }
    again.report("tally again after one ballot changes", "under 5 ms");

    // 3. The desk's import: the spreadsheet into a real desk file, every row checked, new
    // voters added, ballots written in one transaction.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("ballots.tsv");
    std::fs::write(&file, &text).unwrap();
    let mut import = Stats(Vec::new());
    for run in 0..5 {
        let db = dir.path().join(format!("desk-{run}.galley"));
        let mut desk = Desk::init(&db).expect("a desk");
        desk.add_person(None, "Sam Ortiz", &[Role::Editor], &[], now())
            .unwrap();
        let list = dir.path().join("list.md");
        std::fs::write(&list, "---\nkind: list\nsection: Music\nheadline: The Best Songs\nbylines: [Sam Ortiz]\nlist:\n  item: song\n  entries: []\n---\nIntro.\n").unwrap();
        let id = desk
            .import_paths(
                "Sam Ortiz",
                &[list.as_path()],
                galley::api::ImportMode::Drafts,
                now(),
            )
            .expect("the list imports")
            .pieces[0]
            .id
            .clone();
        let settings = PollSettings {
            subject: "song".into(),
            rules: rules.clone(),
            closes_at: None,
        };
        let poll = desk.open_poll("Sam Ortiz", &id, settings, now()).unwrap();
        let columns = Columns::parse("voter=Critic,creator=Artist,title=Song,rank=Rank").unwrap();
        let t = Instant::now();
        desk.import_ballots("Sam Ortiz", &poll.id, &file, &columns, now())
            .expect("the ballots import");
        import.0.push(t.elapsed());
    }
    import.report(
        &format!("  the desk's import of those {VOTERS} ballots into SQLite (2,000 new people)"),
        "-",
    );
}
