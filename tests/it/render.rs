//! The preview engine and the site: golden pages, the seed page's text in order, every view at
//! every width, the theme folder and its watcher, structured data, and the built site.

use std::path::{Path, PathBuf};
use std::time::Duration;

use galley::api::ImportMode;
use galley::domain::{Piece, Stage};
use galley::piece_file;
use galley::render::preview::Preview;
use galley::render::{self, watch, Link, PageOptions, SiteInfo, Theme, View, Width};

use crate::support::{fixture, galley, shared, staffed_desk, stderr, stdout, t};

fn site() -> SiteInfo {
    SiteInfo {
        name: "The Galley Review".into(),
        url: "https://review.example/".into(),
        links: ["Film", "Music", "Books", "Stage"]
            .iter()
            .map(|s| Link {
                label: s.to_string(),
                href: format!("{}/index.html", s.to_lowercase()),
            })
            .collect(),
        footer: vec!["\u{a9} 2026 The Galley Review. Written for Galley's tests.".into()],
        zone: "Europe/London".parse().unwrap(),
    }
}

/// A published piece from a piece file, with fixed id and times so pages are reproducible.
fn piece_from(file: &Path) -> Piece {
    let bytes = std::fs::read(file).unwrap();
    let parsed = piece_file::parse(&file.display().to_string(), &bytes).unwrap();
    let mut content = parsed.content;
    if content.slug.is_empty() {
        content.slug = galley::domain::slugify(&content.headline);
    }
    let at = parsed
        .published
        .unwrap_or_else(|| t("2025-01-01T09:00:00Z"));
    Piece {
        id: "01960000-0000-7000-8000-000000000001".into(),
        stage: Stage::Published,
        revision: 1,
        created_at: at,
        updated_at: at,
        scheduled_at: None,
        schedule_zone: None,
        published_at: Some(at),
        content,
        marks: Default::default(),
    }
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Each folder under tests/golden: `input.md` rendered (as `view.txt` says, else the article)
/// must equal `expected.html`. `GALLEY_BLESS=1` writes the expected files anew, to be read by eye.
#[test]
fn golden_pages() {
    let theme = Theme::embedded();
    let bless = std::env::var_os("GALLEY_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 6, "the golden cases are there");
    let mut failed = Vec::new();
    for dir in cases {
        let piece = piece_from(&dir.join("input.md"));
        let view =
            std::fs::read_to_string(dir.join("view.txt")).unwrap_or_else(|_| "article".into());
        let opts = PageOptions {
            width: Width::Desktop,
            inline_css: false,
            root: "../../".into(),
        };
        let html = match view.split_whitespace().collect::<Vec<_>>().as_slice() {
            ["teaser"] => render::teaser_page(&theme, &site(), &piece, &opts),
            ["list", n] => render::list_page(&theme, &site(), &piece, n.parse().unwrap(), &opts),
            _ => render::article(&theme, &site(), &piece, &opts),
        }
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let expected = dir.join("expected.html");
        if bless {
            std::fs::write(&expected, &html).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected) {
            Ok(want) if want == html => {}
            Ok(_) => failed.push(format!(
                "{} differs (GALLEY_BLESS=1 to accept, then read the diff)",
                expected.display()
            )),
            Err(_) => failed.push(format!(
                "{} is missing (GALLEY_BLESS=1 writes it)",
                expected.display()
            )),
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// The text a reader sees: no head, no tags, entities decoded, typography folded to plain
/// keyboard characters (the seed page is plain text), spaces folded.
fn visible_text(html: &str) -> String {
    let body = html.split_once("</head>").map_or(html, |(_, b)| b);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    fold(
        &text
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">"),
    )
}

fn fold(s: &str) -> String {
    let s = s
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace(['\u{2013}', '\u{2014}'], "-")
        .replace('\u{2026}', "...");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_in_order(haystack: &str, lines: &[String]) {
    let mut at = 0;
    for line in lines {
        let want = fold(line);
        match haystack[at..].find(&want) {
            Some(i) => at += i + want.len(),
            None => panic!(
                "`{want}` is missing or out of order after byte {at}:\n{}",
                &haystack[at.min(haystack.len())..]
            ),
        }
    }
}

/// The seed page's text block, in its parts: the review, the list, the rest.
fn seed_parts() -> Option<Vec<String>> {
    let text = std::fs::read_to_string(shared()?.join("fixtures/seed-page.md")).unwrap();
    let block = text
        .split("```text\n")
        .nth(1)
        .unwrap()
        .split("\n```")
        .next()
        .unwrap();
    Some(block.split("\n\n\n").map(str::to_string).collect())
}

#[test]
fn the_review_page_reads_like_the_seed_page() {
    let (Some(parts), Some(file)) = (seed_parts(), fixture("never-let-me-go.md")) else {
        return;
    };
    let piece = piece_from(&file);
    let html = render::article(
        &Theme::embedded(),
        &site(),
        &piece,
        &PageOptions::preview(Width::Desktop),
    )
    .unwrap();
    let lines: Vec<String> = parts[0]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    assert!(
        lines.len() >= 17,
        "headline, dek, title, 7 fact lines and 7 paragraphs"
    );
    assert_in_order(&visible_text(&html), &lines);
}

#[test]
fn the_list_page_reads_like_the_seed_page() {
    let (Some(parts), Some(file)) = (seed_parts(), fixture("best-songs-2017.md")) else {
        return;
    };
    let piece = piece_from(&file);
    let html = render::list_page(
        &Theme::embedded(),
        &site(),
        &piece,
        1,
        &PageOptions::preview(Width::Desktop),
    )
    .unwrap();
    let mut lines: Vec<String> = Vec::new();
    for l in parts[1]
        .lines()
        .take_while(|l| !l.starts_with("Keep reading"))
        .filter(|l| !l.trim().is_empty())
    {
        // The seed runs the contributor's credit on after the blurb; the page sets it below.
        match l.rsplit_once(" - ") {
            Some((blurb, who)) if who == "Tristan Kneschke" => {
                lines.push(blurb.to_string());
                lines.push(format!("- {who}"));
            }
            _ => lines.push(l.to_string()),
        }
    }
    assert_in_order(&visible_text(&html), &lines);
    assert!(
        html.contains("\u{201c}Machine\u{201d}"),
        "the song title takes curly quotes"
    );
}

fn all_views(piece: &Piece) -> Vec<View> {
    let mut views = vec![View::Article, View::Teaser, View::Front];
    if let Some(l) = &piece.content.list {
        views.extend((1..=render::page_count(l)).map(View::List));
    }
    views
}

#[test]
fn every_view_of_every_fixture_renders_at_every_width() {
    let mut d = staffed_desk();
    let read = |files: Vec<PathBuf>| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .map(|f| (f.display().to_string(), std::fs::read(f).unwrap()))
            .collect()
    };
    // feature-teaser is feature-devices seen as a teaser: the same piece, imported once.
    let goldens: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("feature-teaser"))
        .map(|p| p.join("input.md"))
        .collect();
    let mut report = d
        .import(
            "Ed",
            read(goldens),
            ImportMode::Archive,
            t("2026-01-01T00:00:00Z"),
        )
        .unwrap();
    if let Some(s) = shared() {
        // The shared fixtures carry no publication time: they are drafts, previewed before they go out.
        let fixtures = vec![
            s.join("fixtures/never-let-me-go.md"),
            s.join("fixtures/best-songs-2017.md"),
        ];
        let drafts = d
            .import(
                "Ed",
                read(fixtures),
                ImportMode::Drafts,
                t("2026-01-01T00:00:00Z"),
            )
            .unwrap();
        report.pieces.extend(drafts.pieces);
    }
    let theme = d.theme().unwrap();
    let mut rendered = 0;
    for p in &report.pieces {
        let piece = d.piece(&p.id).unwrap();
        for view in all_views(&piece) {
            for width in Width::ALL {
                let html = d
                    .render_piece(&theme, &piece, view, width)
                    .unwrap_or_else(|e| panic!("{} {view:?} {width:?}: {e}", p.file));
                assert!(
                    html.contains(&format!("class=\"width-{}\"", width.as_str())),
                    "the width reaches the page"
                );
                assert!(html.contains("</html>"), "a whole page");
                rendered += 1;
            }
        }
    }
    assert!(rendered >= 60, "{rendered} pages");
    let list = d
        .piece(
            &report
                .pieces
                .iter()
                .find(|p| p.headline.contains("12 Best"))
                .unwrap()
                .id,
        )
        .unwrap();
    assert!(
        d.render_piece(&theme, &list, View::List(4), Width::Phone)
            .is_err(),
        "a page past the end is an error, not an empty page"
    );
}

#[test]
fn structured_data_types_the_reviewed_thing_and_ranks_the_list() {
    let theme = Theme::embedded();
    let jsonld = |html: &str| -> serde_json::Value {
        let s = html
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .unwrap()
            .split("</script>")
            .next()
            .unwrap();
        serde_json::from_str(&s.replace("<\\/", "</")).unwrap()
    };
    let film = piece_from(&golden_dir().join("film-review/input.md"));
    let v = jsonld(
        &render::article(
            &theme,
            &site(),
            &film,
            &PageOptions::preview(Width::Desktop),
        )
        .unwrap(),
    );
    assert_eq!(v["@type"], "Review");
    assert_eq!(v["itemReviewed"]["@type"], "Movie");
    assert_eq!(v["itemReviewed"]["director"][0]["name"], "Michael Mann");
    assert_eq!(v["reviewRating"]["ratingValue"], 9.0);
    assert_eq!(v["author"][0]["name"], "Wren Adair");
    assert_eq!(v["datePublished"], "2025-12-15T09:00:00Z");
    for (dir, ty) in [
        ("album-review", "MusicAlbum"),
        ("stage-correction", "TheaterEvent"),
    ] {
        let p = piece_from(&golden_dir().join(dir).join("input.md"));
        let v = jsonld(
            &render::article(&theme, &site(), &p, &PageOptions::preview(Width::Desktop)).unwrap(),
        );
        assert_eq!(v["itemReviewed"]["@type"], ty, "{dir}");
    }
    let stage = piece_from(&golden_dir().join("stage-correction/input.md"));
    let v = jsonld(
        &render::article(
            &theme,
            &site(),
            &stage,
            &PageOptions::preview(Width::Desktop),
        )
        .unwrap(),
    );
    assert!(v.get("reviewRating").is_none(), "no rating without a score");
    let list = piece_from(&golden_dir().join("song-list-page-2/input.md"));
    let v = jsonld(
        &render::list_page(
            &theme,
            &site(),
            &list,
            2,
            &PageOptions::preview(Width::Desktop),
        )
        .unwrap(),
    );
    assert_eq!(v["@type"], "ItemList");
    let positions: Vec<i64> = v["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["position"].as_i64().unwrap())
        .collect();
    assert_eq!(
        positions,
        vec![7, 6, 5, 4, 3],
        "page 2 of a countdown of 12, five a page: ranks 7 to 3"
    );
    assert_eq!(v["itemListElement"][0]["item"]["@type"], "MusicRecording");
    assert_eq!(v["itemListElement"][0]["item"]["name"], "Jóga");
}

fn wait_for(rx: &std::sync::mpsc::Receiver<watch::ThemeEvent>) -> watch::ThemeEvent {
    rx.recv_timeout(Duration::from_secs(10))
        .expect("the watcher reports a change")
}

#[test]
fn the_theme_folder_overrides_and_the_preview_follows_it() {
    let theme_dir = tempfile::tempdir().unwrap();
    let mut d = staffed_desk();
    d.set_setting("Ed", "theme_dir", theme_dir.path().to_str().unwrap())
        .unwrap();
    let file = golden_dir().join("film-review/input.md");
    let r = d
        .import(
            "Ed",
            vec![("f.md".into(), std::fs::read(&file).unwrap())],
            ImportMode::Drafts,
            t("2026-01-01T00:00:00Z"),
        )
        .unwrap();
    let piece = d.piece(&r.pieces[0].id).unwrap();

    let (tx, rx) = std::sync::mpsc::channel();
    let _watch = watch::watch(theme_dir.path(), move |e| {
        let _ = tx.send(e);
    })
    .unwrap();
    let mut preview = Preview::new(d.theme().unwrap());
    let first = preview.show("article", |theme| {
        d.render_piece(theme, &piece, View::Article, Width::Desktop)
            .map_err(|e| panic!("{e}"))
    });
    assert!(first.error.is_none() && first.html.contains("fact-box"));

    // Override one file: the page changes, the rest of the theme stays.
    let custom = galley::render::theme::FILES
        .iter()
        .find(|(n, _)| *n == "article.html")
        .unwrap()
        .1
        .replace("<div class=\"body\">", "<div class=\"body house-custom\">");
    std::fs::write(theme_dir.path().join("article.html"), custom).unwrap();
    assert!(
        matches!(wait_for(&rx), watch::ThemeEvent::Changed(p) if p.iter().any(|p| p.ends_with("article.html")))
    );
    preview.set_theme(d.theme().unwrap());
    let second = preview.show("article", |theme| {
        d.render_piece(theme, &piece, View::Article, Width::Desktop)
            .map_err(|e| panic!("{e}"))
    });
    assert!(
        second.html.contains("house-custom") && second.html.contains("fact-box"),
        "the override shows, the embedded macros still serve"
    );

    // Break it: the preview keeps the last good page and shows the error with file and line.
    std::fs::write(theme_dir.path().join("article.html"), "{% extends \"base.html\" %}\n{% block main %}\n{{ piece.headline_html|nosuchfilter }}\n{% endblock %}\n").unwrap();
    wait_for(&rx);
    preview.set_theme(d.theme().unwrap());
    let broken = preview.show("article", |theme| {
        d.render_piece(theme, &piece, View::Article, Width::Desktop)
            .map_err(|e| {
                render::RenderError::Template(render::TemplateError {
                    file: String::new(),
                    line: None,
                    message: e.message,
                })
            })
    });
    let err = broken.error.expect("the broken template is reported");
    assert!(
        err.contains("article.html") && err.contains(":3"),
        "file and line: {err}"
    );
    assert!(
        broken.html.contains("house-custom") && broken.html.contains("preview-error"),
        "the last good render stays, with the error over it"
    );
}

#[test]
fn the_site_is_written_and_browsable() {
    let mut d = staffed_desk();
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("feature-teaser"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(p.join("input.md")).unwrap(),
            )
        })
        .collect();
    files.sort();
    d.import("Ed", files, ImportMode::Archive, t("2026-01-01T00:00:00Z"))
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let report = d.build_site(out.path(), None).unwrap();
    // 4 articles + 3 list pages + front + 4 sections.
    assert_eq!(report.pages, 4 + 3 + 1 + 4, "{report:?}");
    for f in [
        "index.html",
        "feed.xml",
        "sitemap.xml",
        "style.css",
        "film/night-moves-heat-at-thirty/index.html",
        "music/the-12-best-songs-of-1997/3/index.html",
        "stage/index.html",
    ] {
        assert!(out.path().join(f).is_file(), "{f} is written");
    }
    let front = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    let first = front.find("How Ishiguro Writes Memory").unwrap();
    let older = front.find("Hamlet at the Barbican").unwrap();
    assert!(first < older, "newest first");
    // Every relative link of every page names a file that exists.
    for page in [
        "index.html",
        "music/index.html",
        "music/the-12-best-songs-of-1997/index.html",
        "music/the-12-best-songs-of-1997/2/index.html",
    ] {
        let html = std::fs::read_to_string(out.path().join(page)).unwrap();
        let base = out.path().join(page).parent().unwrap().to_path_buf();
        for href in html
            .split("href=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
        {
            if href.starts_with("http") || href.starts_with('#') || href.starts_with('/') {
                continue;
            }
            assert!(
                base.join(href).exists(),
                "{page} links to {href}, which is missing"
            );
        }
    }
    let feed = std::fs::read_to_string(out.path().join("feed.xml")).unwrap();
    assert_eq!(
        feed.matches("<entry>").count(),
        5,
        "one entry per published piece"
    );
    assert!(
        feed.contains("<id>https://magazine.example/books/how-ishiguro-writes-memory/</id>"),
        "{feed}"
    );
    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("music/the-12-best-songs-of-1997/3/</loc>"),
        "every list page is in the sitemap"
    );
}

#[test]
fn publish_due_writes_the_new_page_and_refreshes_the_front() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.galley");
    let site_dir = dir.path().join("site");
    galley(&db, &["init"]);
    galley(&db, &["person", "add", "Ed", "--role", "editor,admin"]);
    let film = golden_dir().join("film-review/input.md");
    let text = std::fs::read_to_string(&film)
        .unwrap()
        .replace("published: 2025-12-15T09:00:00Z\n", "");
    let file = dir.path().join("heat.md");
    std::fs::write(&file, text).unwrap();
    let out = galley(&db, &["--as", "Ed", "import", file.to_str().unwrap()]);
    let id = stdout(&out).split('\t').next().unwrap().to_string();
    assert!(galley(&db, &["--as", "Ed", "move", &id, "copyedit"])
        .status
        .success());
    assert!(galley(
        &db,
        &[
            "--as",
            "Ed",
            "schedule",
            &id,
            "--at",
            "2099-01-01 09:00",
            "--zone",
            "UTC"
        ]
    )
    .status
    .success());
    let out = galley(
        &db,
        &[
            "publish-due",
            "--now",
            "2099-01-01T09:00:00Z",
            "--site",
            site_dir.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(site_dir.join("film/night-moves-heat-at-thirty/index.html"))
        .unwrap();
    assert!(
        page.contains("Director:</dt> <dd>Michael Mann"),
        "the new page is written"
    );
    let front = std::fs::read_to_string(site_dir.join("index.html")).unwrap();
    assert!(front.contains("Night Moves"), "and the front page shows it");
    assert!(std::fs::read_to_string(site_dir.join("feed.xml"))
        .unwrap()
        .contains("Night Moves"));

    let preview = galley(&db, &["preview", &id, "--view", "teaser"]);
    assert!(
        stdout(&preview).contains("Keep reading...")
            && stdout(&preview).contains("<details class=\"fold\">"),
        "{}",
        stderr(&preview)
    );
    let bad = galley(&db, &["preview", &id, "--page", "2"]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "a review has no list pages: {}",
        stderr(&bad)
    );
}

#[test]
fn the_site_settings_a_preview_reads_follow_every_change() {
    let mut d = staffed_desk();
    assert_eq!(d.site_info().unwrap().name, "Galley");
    d.set_setting("Ed", "site_name", "The Review").unwrap();
    assert_eq!(
        d.site_info().unwrap().name,
        "The Review",
        "a setting shows at once"
    );
    let file = golden_dir().join("stage-correction/input.md");
    d.import(
        "Ed",
        vec![("s.md".into(), std::fs::read(file).unwrap())],
        ImportMode::Archive,
        t("2026-01-01T00:00:00Z"),
    )
    .unwrap();
    let links: Vec<String> = d
        .site_info()
        .unwrap()
        .links
        .into_iter()
        .map(|l| l.label)
        .collect();
    assert_eq!(
        links,
        vec!["Stage"],
        "a newly published section gets its link"
    );
}
