//! Benchmarks of files in and out (`cargo bench --bench files`): importing a WordPress export
//! of 10,000 posts made from the real exports of `../shared/corpus/wxr/real-exports` (each of
//! their posts and pages repeated with its own id and slug), in posts a second and with the
//! process's peak memory after a 2,000-post export and after the 10,000-post one (flat when
//! the file is read as a stream); and a file saved in the drafts folder to its new revision,
//! with `galley drafts DIR` watching, over 20 saves.
//!
//! A plain harness: figures are printed with their targets. Desks are real SQLite files in a
//! temporary folder. Without the shared corpus the import benchmark says so and is skipped.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use galley::api::{ArchiveOptions, Desk, ImportMode, Source};
use galley::domain::Role;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-04T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn desk(path: &Path) -> Desk {
    let mut d = Desk::init(path).unwrap();
    d.add_person(None, "Ed", &[Role::Editor, Role::Admin], &[], now())
        .unwrap();
    d.add_person(Some("Ed"), "Wren", &[Role::Writer], &[], now())
        .unwrap();
    d
}

/// The `<item>`s of the real exports that are posts or pages, as text.
fn real_items(dir: &Path) -> Vec<String> {
    let mut items = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for f in names {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("<item>") {
            let end = rest[i..].find("</item>").unwrap() + i + "</item>".len();
            let item = &rest[i..end];
            if item.contains("<wp:post_type><![CDATA[post]]>")
                || item.contains("<wp:post_type><![CDATA[page]]>")
                || item.contains("<wp:post_type>post<")
            {
                items.push(item.to_string());
            }
            rest = &rest[end..];
        }
    }
    items
}

/// Writes a WXR file of `n` posts, the real items over and over with new ids and slugs.
fn make_export(path: &Path, items: &[String], n: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wfw=\"http://wellformedweb.org/CommentAPI/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<title>Bench</title>\n<wp:wxr_version>1.2</wp:wxr_version>").unwrap();
    for i in 0..n {
        let item = &items[i % items.len()];
        let item = item
            .replace(
                "<wp:post_name><![CDATA[",
                &format!("<wp:post_name><![CDATA[n{i}-"),
            )
            .replace(
                "<wp:status><![CDATA[trash]]>",
                "<wp:status><![CDATA[draft]]>",
            );
        out.write_all(item.as_bytes()).unwrap();
        out.write_all(b"\n").unwrap();
    }
    writeln!(out, "</channel>\n</rss>").unwrap();
}

/// This process's peak resident memory (VmHWM), in MB.
fn peak_mb() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .map(|k| k / 1024.0)
        .unwrap_or(0.0)
}

fn bench_import(dir: &Path) {
    let shared = std::env::var_os("GALLEY_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let real = shared.join("corpus/wxr/real-exports");
    if !real.is_dir() {
        println!("import: no shared corpus at {}, skipped", real.display());
        return;
    }
    let items = real_items(&real);
    for n in [2_000usize, 10_000] {
        let file = dir.join(format!("export-{n}.xml"));
        make_export(&file, &items, n);
        let size = std::fs::metadata(&file).unwrap().len() as f64 / 1e6;
        let mut d = desk(&dir.join(format!("import-{n}.galley")));
        let t = Instant::now();
        let r = d
            .import_archive(
                "Ed",
                Source::Wordpress,
                &file,
                &ArchiveOptions::default(),
                now(),
                &mut |_| true,
            )
            .unwrap();
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(r.pieces.len(), n);
        println!(
            "import of a {size:.1} MB WordPress export of {n} posts: {secs:.2} s, {:.0} posts a second (target over 1,000); peak memory of the process so far {:.0} MB",
            n as f64 / secs,
            peak_mb()
        );
    }
}

fn bench_drafts(dir: &Path) {
    let db = dir.join("drafts.galley");
    let folder = dir.join("drafts");
    std::fs::create_dir_all(&folder).unwrap();
    let mut d = desk(&db);
    let piece = "---\nkind: feature\nsection: Film\nheadline: Drafted Elsewhere\nbylines: [Wren]\n---\nA paragraph written in another editor.\n";
    let id = d
        .import(
            "Wren",
            vec![("p.md".into(), piece.as_bytes().to_vec())],
            ImportMode::Drafts,
            now(),
        )
        .unwrap()
        .pieces[0]
        .id
        .clone();
    drop(d);
    let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
        .env("GALLEY_DB", &db)
        .args(["--as", "Wren", "drafts"])
        .arg(&folder)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it watches.
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while err.read_line(&mut line).unwrap() > 0 && !line.contains("keeping") {
        line.clear();
    }
    std::thread::spawn(move || {
        let mut sink = String::new();
        while err.read_line(&mut sink).unwrap_or(0) > 0 {
            sink.clear();
        }
    });
    let file = folder.join("drafted-elsewhere.md");
    let reader = Desk::open(&db).unwrap();
    let mut times = Vec::new();
    for i in 0..20 {
        std::thread::sleep(Duration::from_millis(300));
        let before = reader.piece(&id).unwrap().revision;
        let text = std::fs::read_to_string(&file).unwrap();
        let head = &text[..text.rfind("\n---\n").unwrap() + 5];
        let text = format!("{head}A paragraph written in another editor, take {i}.\n");
        let t = Instant::now();
        std::fs::write(&file, text).unwrap();
        while reader.piece(&id).unwrap().revision == before {
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "no revision after 10 s"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        times.push(t.elapsed());
        // The file is rewritten with its new revision; wait for that before the next save.
        let want = format!("revision: {}\n", before + 1);
        while !std::fs::read_to_string(&file).unwrap().contains(&want) {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "a file saved in the drafts folder to its new revision: median {:.0} ms, p95 {:.0} ms over {} saves (target under 1 s)",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        times.len()
    );
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let dir = tempfile::tempdir().unwrap();
    if run("drafts") {
        bench_drafts(dir.path());
    }
    if run("import") {
        bench_import(dir.path());
    }
}
