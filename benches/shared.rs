//! Benchmarks of the shared desk (`cargo bench --bench shared`): joining a shared desk of
//! 10,000 pieces over ssh, a sync with nothing to do, a sync sending one changed piece, and the
//! server's hook checking a push of 100 changed pieces.
//!
//! A plain harness: each figure is a median and 95th percentile over its runs, printed with its
//! target. The shared desk is real: `galley server init` in a temporary folder, served by a real
//! sshd on 127.0.0.1 (tests/it/sshd.rs) whose forced command is this package's `galley`, so
//! every sync runs git over ssh, `galley server serve` and the pre-receive hook. The setup desk
//! fills it over the local path (naming its pusher, as the hook allows); that is not measured.
//! `GALLEY_BENCH_PIECES` shrinks the 10,000 pieces for a quick run. A filter word (`join`,
//! `idle`, `one`, `hook`) picks benchmarks; the setup and the joins always run.

#[path = "../tests/it/sshd.rs"]
#[allow(dead_code)]
mod sshd;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use galley::api::{clone_path, Desk, ImportMode};

const ADMIN: &str = "Ed Marsh";

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

/// Consonant-vowel words, the front of the list favoured, as in benches/desk.rs.
struct Vocabulary(Vec<String>);

impl Vocabulary {
    fn new(rng: &mut Rng) -> Vocabulary {
        let (cons, vowels) = (b"bcdfghjklmnprstvwz", b"aeiou");
        let mut words: Vec<String> = [
            "the", "a", "of", "and", "film", "song", "album", "night", "city", "love",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        while words.len() < 5_000 {
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

/// A small piece file: two reviews (a film, an album) in three, a feature in the third.
fn piece_file(v: &Vocabulary, rng: &mut Rng, i: usize) -> String {
    let title = format!("{} {}", v.word(rng), v.word(rng));
    let who = format!("{} {}", v.word(rng), v.word(rng));
    let dek = v.text(rng, 20);
    let words = 120 + rng.below(200);
    let body = v.text(rng, words);
    match i % 3 {
        0 => format!(
            "---\nkind: review\nsection: Film\nheadline: The {title} number {i}\ndek: {}\nbylines: [Writer {}]\nreview:\n  medium: film\n  title: {title}\n  director: [{who}]\n---\n{body}",
            dek.trim_end(),
            i % 40
        ),
        1 => format!(
            "---\nkind: review\nsection: Music\nheadline: The {title} number {i}\ndek: {}\nbylines: [Writer {}]\nreview:\n  medium: album\n  title: {title}\n  artist: {who}\n---\n{body}",
            dek.trim_end(),
            i % 40
        ),
        _ => format!(
            "---\nkind: feature\nsection: Books\nheadline: The {title} number {i}\ndek: {}\nbylines: [Writer {}]\n---\n{body}",
            dek.trim_end(),
            i % 40
        ),
    }
}

struct Stats {
    samples: Vec<Duration>,
}

impl Stats {
    fn new() -> Stats {
        Stats {
            samples: Vec::new(),
        }
    }
    fn pct(&mut self, p: f64) -> Duration {
        self.samples.sort();
        // Rounded, so that the p95 of a few runs is their slowest, not their median.
        self.samples[((self.samples.len() - 1) as f64 * p).round() as usize]
    }
    fn runs(&self) -> String {
        let ms: Vec<String> = self
            .samples
            .iter()
            .map(|d| format!("{:.0}", d.as_secs_f64() * 1e3))
            .collect();
        ms.join(", ")
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

fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Says what failed, with the core's own words, and stops the benchmark.
fn fail(what: &str, e: galley::api::Error) -> ! {
    panic!("{what} failed ({:?}): {}", e.code, e.message)
}

fn run_galley(galley: &Path, args: &[&str]) {
    let out = Command::new(galley)
        .args(args)
        .output()
        .expect("the galley binary runs");
    assert!(
        out.status.success(),
        "galley {args:?} failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn main_tip(server: &Path) -> String {
    let out = Command::new("git")
        .arg("--git-dir")
        .arg(server)
        .args(["rev-parse", "refs/heads/main"])
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git rev-parse failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Joins the shared desk over ssh as Ed; the clone keeps the ssh command for later syncs.
fn join_over_ssh(url: &str, db: &Path, ssh: &str) -> (Desk, Duration) {
    std::env::set_var("GIT_SSH_COMMAND", ssh);
    let t = Instant::now();
    let desk = Desk::join(url, db, Some(ADMIN), now())
        .unwrap_or_else(|e| fail(&format!("joining {url} over ssh"), e));
    let took = t.elapsed();
    std::env::remove_var("GIT_SSH_COMMAND");
    let out = Command::new("git")
        .arg("--git-dir")
        .arg(clone_path(db))
        .args(["config", "core.sshCommand", ssh])
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git config failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (desk, took)
}

/// A piece's body with one more word, as a person's edit.
fn edit(desk: &mut Desk, id: &str, k: usize) {
    let mut content = desk
        .piece(id)
        .unwrap_or_else(|e| fail("reading a piece", e))
        .content;
    content.body.push_str(&format!("\nAn edit, number {k}.\n"));
    desk.save(ADMIN, id, content, None, None, now())
        .unwrap_or_else(|e| fail("saving a piece", e));
}

/// One sync in the steps `Desk::sync` takes: fetch; take in what others sent; write this
/// desk's revisions as commits; push (the server's hook runs inside it) and record what
/// landed. Gives each step's time and whether anything was pushed.
fn sync_in_steps(desk: &mut Desk) -> ([Duration; 4], bool) {
    let t = Instant::now();
    let job = desk
        .sync_job()
        .unwrap_or_else(|e| fail("starting a sync", e));
    job.fetch().unwrap_or_else(|e| fail("fetching", e));
    let fetch = t.elapsed();
    let t = Instant::now();
    desk.sync_receive(&job, now())
        .unwrap_or_else(|e| fail("taking in what others sent", e));
    let receive = t.elapsed();
    let t = Instant::now();
    let out = desk
        .sync_outgoing(&job, now())
        .unwrap_or_else(|e| fail("writing the outgoing commits", e));
    let outgoing = t.elapsed();
    let t = Instant::now();
    let Some(out) = out else {
        return ([fetch, receive, outgoing, t.elapsed()], false);
    };
    if let Err(e) = job.push(&out) {
        panic!("the push failed: {e:?}");
    }
    desk.sync_sent(&out, now())
        .unwrap_or_else(|e| fail("recording what the push landed", e));
    let push = t.elapsed();
    let left = desk.sync_status().map(|s| s.to_send).unwrap_or(-1);
    assert_eq!(left, 0, "nothing is left to send after the push");
    ([fetch, receive, outgoing, push], true)
}

/// The median of each step over a few `sync_in_steps`.
fn step_medians(what: &str, runs: &[[Duration; 4]]) -> String {
    let names = ["fetch", "take in", "write commits", "push (hook included)"];
    let mut parts = Vec::new();
    for (k, name) in names.iter().enumerate() {
        let mut s = Stats {
            samples: runs.iter().map(|r| r[k]).collect(),
        };
        parts.push(format!("{name} {:.0} ms", s.pct(0.5).as_secs_f64() * 1e3));
    }
    format!(
        "  {what}, step by step, medians over {} runs: {}",
        runs.len(),
        parts.join(", ")
    )
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let n: usize = std::env::var("GALLEY_BENCH_PIECES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let galley = PathBuf::from(env!("CARGO_BIN_EXE_galley"));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let v = Vocabulary::new(&mut rng);

    // The shared desk, its sshd, and Ed's key whose forced command serves it.
    let setup = Instant::now();
    let server = dir.join("desk.git");
    run_galley(
        &galley,
        &[
            "server",
            "init",
            &server.display().to_string(),
            "--admin",
            ADMIN,
        ],
    );
    let mut sshd = sshd::Sshd::start(&dir.join("sshd"));
    let ssh = sshd.add_person(&galley, &server, ADMIN);
    let url = sshd.url(&server);

    // Ed fills it from a desk of the local path, naming himself as the pusher.
    std::env::set_var("GALLEY_PUSHER", format!("person:{ADMIN}"));
    let mut filler = Desk::join(
        &server.display().to_string(),
        &dir.join("filler.galley"),
        Some(ADMIN),
        now(),
    )
    .unwrap_or_else(|e| fail("joining the shared desk over its local path", e));
    let t = Instant::now();
    let mut ids: Vec<String> = Vec::with_capacity(n);
    let batch = 5_000;
    let mut i = 0;
    while i < n {
        let files: Vec<(String, Vec<u8>)> = (i..(i + batch).min(n))
            .map(|k| {
                (
                    format!("gen-{k}.md"),
                    piece_file(&v, &mut rng, k).into_bytes(),
                )
            })
            .collect();
        let r = filler
            .import(ADMIN, files, ImportMode::Drafts, now())
            .unwrap_or_else(|e| fail("importing the generated pieces", e));
        ids.extend(r.pieces.into_iter().map(|p| p.id));
        i += batch;
    }
    assert_eq!(ids.len(), n, "every generated piece was imported");
    let imported = t.elapsed();
    let t = Instant::now();
    let report = filler
        .sync(now())
        .unwrap_or_else(|e| fail(&format!("the first sync, pushing {n} pieces"), e));
    let pushed = t.elapsed();
    std::env::remove_var("GALLEY_PUSHER");
    assert_eq!(report.sent, n, "the first sync sends one commit per piece");
    drop(filler);
    println!(
        "setup: a shared desk of {n} pieces: imported in {:.1} s, pushed ({} commits, through the hook) in {:.1} s, {:.1} s in all",
        imported.as_secs_f64(),
        report.sent,
        pushed.as_secs_f64(),
        setup.elapsed().as_secs_f64()
    );

    // 1. Joining over ssh: three new desks, which the other benchmarks then use.
    let mut joins = Stats::new();
    let mut desks = Vec::new();
    for k in 0..3 {
        let db = dir.join(format!("joined-{k}.galley"));
        let (desk, took) = join_over_ssh(&url, &db, &ssh);
        joins.samples.push(took);
        desks.push(desk);
    }
    if run("join") {
        let runs = joins.runs();
        joins.report(
            &format!("join a shared desk of {n} pieces over ssh"),
            "under 30 s",
        );
        println!("  runs, in order: {runs} ms");
    }
    let mut c = desks.pop().unwrap();
    let mut b = desks.pop().unwrap();
    let mut a = desks.pop().unwrap();

    // 2. A sync with nothing to do, beside the floor any fetch over this sshd pays: an ssh
    // session, the forced command and git's list of refs, with no galley sync around it.
    if run("idle") {
        let mut floor = Stats::new();
        for _ in 0..20 {
            let t = Instant::now();
            let out = Command::new("git")
                .args(["ls-remote", &url])
                .env("GIT_SSH_COMMAND", &ssh)
                .output()
                .expect("git runs");
            floor.samples.push(t.elapsed());
            assert!(
                out.status.success(),
                "git ls-remote over ssh failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let first = a
            .sync(now())
            .unwrap_or_else(|e| fail("the first sync after joining", e));
        if first.sent > 0 || !first.received.is_empty() {
            println!(
                "  note: the first sync after joining sent {} and received {} (expected nothing)",
                first.sent,
                first.received.len()
            );
        }
        let mut stats = Stats::new();
        for _ in 0..30 {
            let t = Instant::now();
            let r = a
                .sync(now())
                .unwrap_or_else(|e| fail("a sync with nothing to do", e));
            stats.samples.push(t.elapsed());
            assert!(
                r.sent == 0 && r.received.is_empty(),
                "a sync with nothing to do did something: {r:?}"
            );
        }
        stats.report(
            "sync with nothing to do, over ssh on loopback",
            "under 200 ms",
        );
        floor.report(
            "  floor: `git ls-remote` over the same ssh (session, forced command, refs)",
            "-",
        );

        // The same with the person's ssh keeping its connection open between syncs (ssh's own
        // ControlMaster, set in the desk's git config as any git user would): each sync then
        // skips the handshake, which is most of the floor above.
        let clone = a.shared().ok().flatten().expect("a shared desk").clone;
        let control = Path::new(&clone).with_extension("cm");
        let kept = format!(
            "{ssh} -o ControlMaster=auto -o ControlPath={}/%C -o ControlPersist=5",
            control.display()
        );
        std::fs::create_dir_all(&control).expect("a folder for ssh's control socket");
        let set = |cmd: &str| {
            let out = Command::new("git")
                .arg("--git-dir")
                .arg(&clone)
                .args(["config", "core.sshCommand", cmd])
                .output()
                .expect("git runs");
            assert!(out.status.success(), "git config failed");
        };
        set(&kept);
        a.sync(now())
            .unwrap_or_else(|e| fail("the sync that opens the kept connection", e));
        let mut kept_stats = Stats::new();
        for _ in 0..30 {
            let t = Instant::now();
            a.sync(now())
                .unwrap_or_else(|e| fail("a sync with nothing to do", e));
            kept_stats.samples.push(t.elapsed());
        }
        kept_stats.report(
            "  the same with ssh's connection kept open (ControlMaster, ControlPersist)",
            "under 200 ms",
        );
        // The kept connection closes by itself a few seconds after its last use.
        set(&ssh);
    }

    // 3. One changed piece: sent from one desk, and taken in by another.
    if run("one") {
        b.sync(now()).unwrap_or_else(|e| fail("catching up", e));
        let (mut send, mut take) = (Stats::new(), Stats::new());
        for k in 0..12 {
            let id = &ids[k % ids.len()];
            edit(&mut a, id, k);
            let t = Instant::now();
            let r = a
                .sync(now())
                .unwrap_or_else(|e| fail("a sync sending one changed piece", e));
            send.samples.push(t.elapsed());
            assert_eq!(r.sent, 1, "the sync sent the one revision");
            let t = Instant::now();
            let r = b
                .sync(now())
                .unwrap_or_else(|e| fail("a sync taking in one changed piece", e));
            take.samples.push(t.elapsed());
            assert_eq!(
                r.received.len(),
                1,
                "the other desk took in the one revision"
            );
        }
        let mut steps = Vec::new();
        for k in 0..5 {
            let id = &ids[(12 + k) % ids.len()];
            edit(&mut a, id, k);
            let (took, pushed) = sync_in_steps(&mut a);
            assert!(pushed, "the one revision was pushed");
            steps.push(took);
            b.sync(now()).unwrap_or_else(|e| fail("catching up", e));
        }
        send.report("sync sending one changed piece, over ssh", "under 1 s");
        take.report(
            "  sync taking in one piece changed elsewhere, over ssh",
            "-",
        );
        println!("{}", step_medians("sending one piece", &steps));
    }

    // 4. A push of 100 changed pieces: the whole sync (an upper bound of the hook), then the
    // hook alone on the commits that push landed, as git runs it.
    if run("hook") {
        let count = 100.min(ids.len());
        let (mut syncs, mut hooks) = (Stats::new(), Stats::new());
        for round in 0..5 {
            c.sync(now()).unwrap_or_else(|e| fail("catching up", e));
            for j in 0..count {
                let id = &ids[(ids.len() / 2 + round * 7 + j) % ids.len()];
                edit(&mut c, id, 1_000 + round);
            }
            let before = main_tip(&server);
            let t = Instant::now();
            let r = c
                .sync(now())
                .unwrap_or_else(|e| fail(&format!("a sync pushing {count} changed pieces"), e));
            syncs.samples.push(t.elapsed());
            assert_eq!(r.sent, count, "the sync sent one revision of each piece");
            let after = main_tip(&server);
            let t = Instant::now();
            let mut hook = Command::new(&galley)
                .args(["server", "hook"])
                .env("GIT_DIR", &server)
                .env("GALLEY_PUSHER", format!("person:{ADMIN}"))
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("galley server hook runs");
            hook.stdin
                .take()
                .unwrap()
                .write_all(format!("{before} {after} refs/heads/main\n").as_bytes())
                .unwrap();
            let out = hook.wait_with_output().unwrap();
            hooks.samples.push(t.elapsed());
            assert!(
                out.status.success(),
                "galley server hook refused the push it had taken ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let mut steps = Vec::new();
        for round in 5..8 {
            c.sync(now()).unwrap_or_else(|e| fail("catching up", e));
            for j in 0..count {
                let id = &ids[(ids.len() / 2 + round * 7 + j) % ids.len()];
                edit(&mut c, id, 1_000 + round);
            }
            let (took, pushed) = sync_in_steps(&mut c);
            assert!(pushed, "the revisions were pushed");
            steps.push(took);
        }
        syncs.report(
            &format!("sync pushing {count} changed pieces over ssh, hook included"),
            "hook under 1 s",
        );
        println!(
            "{}",
            step_medians(&format!("pushing {count} pieces"), &steps)
        );
        hooks.report(
            &format!("  of which `galley server hook` on those {count} commits, run alone"),
            "under 1 s",
        );
    }
    drop(sshd);
}
