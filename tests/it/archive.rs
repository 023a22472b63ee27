//! Archives in and out on real files (`../shared/corpus/wxr`, `../shared/corpus/ghost`): every
//! well-formed WordPress export imports with the counts the file gives (counted here by an
//! independent XML parser), the malformed ones import nothing, the film blog's posts preview as
//! reviews, the Ghost exports land with their statuses, search finds Chinese and Japanese
//! words, a desk goes out as WXR or piece files and comes back the same, and the calendar's ICS
//! file read by an independent parser gives each piece at its instant.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use galley::api::{ArchiveOptions, Desk, ImportMode, Source};
use galley::domain::{Role, Stage};
use galley::render::{View, Width};

use crate::support::{shared, staffed_desk, t};

fn corpus(dir: &str) -> Option<PathBuf> {
    shared().map(|s| s.join("corpus").join(dir))
}

const MALFORMED: [&str; 4] = [
    "phpunit-data/malformed.xml",
    "phpunit-data/malformed-simple.xml",
    "phpunit-data/crazy-cdata.xml",
    "branch-fixtures/namespace-attacks.xml",
];

fn now() -> DateTime<Utc> {
    t("2026-12-04T12:00:00Z")
}

fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            all_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "xml") {
            out.push(p);
        }
    }
}

/// Posts, pages and attachments as the file gives them, counted by roxmltree: the items of the
/// channel by their `wp:post_type` (WordPress's namespace, whatever the prefix; `post` when
/// missing), leaving out the trash. `None` when roxmltree finds the file not well formed.
fn counted(path: &Path) -> Option<(usize, usize, usize)> {
    let text = std::fs::read_to_string(path).ok()?;
    let doc = roxmltree::Document::parse(&text).ok()?;
    let wp = |n: &roxmltree::Node, name: &str| {
        n.children()
            .find(|c| {
                c.tag_name().name() == name
                    && c.tag_name().namespace().is_some_and(|ns| {
                        ns.trim_start_matches("https://")
                            .trim_start_matches("http://")
                            .starts_with("wordpress.org/export/")
                    })
            })
            .and_then(|c| c.text())
            .map(|s| s.trim().to_string())
    };
    let (mut posts, mut pages, mut files) = (0, 0, 0);
    let channel = doc
        .root_element()
        .children()
        .find(|c| c.has_tag_name("channel"))?;
    for item in channel
        .children()
        .filter(|c| c.has_tag_name("item") && c.tag_name().namespace().unwrap_or("").is_empty())
    {
        let kind = wp(&item, "post_type").unwrap_or_else(|| "post".into());
        let trash = wp(&item, "status").as_deref() == Some("trash");
        match kind.as_str() {
            "post" if !trash => posts += 1,
            "page" if !trash => pages += 1,
            "attachment" => files += 1,
            _ => {}
        }
    }
    Some((posts, pages, files))
}

#[test]
fn every_wordpress_export_of_the_corpus_imports_with_its_counts_and_the_malformed_import_nothing() {
    let Some(dir) = corpus("wxr") else { return };
    let mut files = Vec::new();
    all_files(&dir, &mut files);
    files.sort();
    assert!(files.len() >= 40, "the corpus holds its exports");
    let mut imported = 0;
    for f in &files {
        let mut desk = staffed_desk();
        let malformed = MALFORMED.iter().any(|m| f.ends_with(m));
        let result = desk.import_archive(
            "Ed",
            Source::Wordpress,
            f,
            &ArchiveOptions::default(),
            now(),
            &mut |_| true,
        );
        let on_desk = desk
            .board()
            .unwrap()
            .columns
            .iter()
            .map(|c| c.total)
            .sum::<usize>();
        if malformed {
            let e = result.expect_err(&format!("{} is not well formed", f.display()));
            assert!(
                counted(f).is_none(),
                "roxmltree agrees {} is malformed",
                f.display()
            );
            let name = f.display().to_string();
            assert!(
                e.message.starts_with(&format!("{name}:")),
                "the error names the file and line: {}",
                e.message
            );
            let line: u64 = e.message[name.len() + 1..]
                .split(':')
                .next()
                .unwrap()
                .parse()
                .expect("a line number");
            assert!(line > 1, "{}", e.message);
            assert!(e.message.ends_with("nothing was imported"), "{}", e.message);
            assert_eq!(on_desk, 0, "nothing of {} is on the desk", f.display());
            continue;
        }
        let report = result.unwrap_or_else(|e| panic!("{}: {}", f.display(), e.message));
        let (posts, pages, attachments) = counted(f).expect("well formed");
        let s = &report.survey;
        assert_eq!(
            (s.posts, s.pages, s.attachments),
            (posts, pages, attachments),
            "{}",
            f.display()
        );
        assert_eq!(report.pieces.len(), posts + pages, "{}", f.display());
        assert_eq!(on_desk, posts + pages, "{}", f.display());
        imported += 1;
    }
    assert_eq!(imported, files.len() - MALFORMED.len());
}

#[test]
fn statuses_map_to_stages_and_a_trashed_post_is_skipped_and_counted() {
    let Some(dir) = corpus("wxr/real-exports") else {
        return;
    };
    let mut desk = staffed_desk();
    let f = dir.join("caseyg-thegraphicsoffice_wordpress.xml");
    let r = desk
        .import_archive(
            "Ed",
            Source::Wordpress,
            &f,
            &ArchiveOptions::default(),
            now(),
            &mut |_| true,
        )
        .unwrap();
    // The file: 77 publish (posts, pages and custom types), 6 draft, 1 trash.
    assert_eq!(r.survey.trashed, 1);
    assert_eq!(
        r.survey.other, 62,
        "menu items and the portfolio's own post type"
    );
    assert_eq!((r.published, r.drafts), (15, 6));
    let board = desk.board().unwrap();
    let col = |s: Stage| {
        board
            .columns
            .iter()
            .find(|c| c.stage == s.into())
            .unwrap()
            .total
    };
    assert_eq!(col(Stage::Published), 15);
    assert_eq!(col(Stage::Draft), 6);
    // Custom type items are not pieces; a writer is not allowed to import an archive.
    let e = desk
        .import_archive(
            "Wren",
            Source::Wordpress,
            &f,
            &ArchiveOptions::default(),
            now(),
            &mut |_| true,
        )
        .unwrap_err();
    assert!(e.message.contains("import"), "{}", e.message);
}

#[test]
fn the_film_blogs_posts_preview_as_reviews_with_their_sections_authors_and_dates() {
    let Some(dir) = corpus("wxr/real-exports") else {
        return;
    };
    let mut desk = staffed_desk();
    let f = dir.join("gaurangbookseller-filmwallaa_wordpress_export.xml");
    let options = ArchiveOptions {
        sections: BTreeMap::from([("Entertainment".into(), "Film".into())]),
        review: Some("film".into()),
        ..ArchiveOptions::default()
    };
    let r = desk
        .import_archive("Ed", Source::Wordpress, &f, &options, now(), &mut |_| true)
        .unwrap();
    assert_eq!(r.pieces.len(), 50);
    assert_eq!(r.published, 50);
    assert_eq!(r.added_people, ["Gaurang Bookseller"]);
    for p in &r.pieces {
        let piece = desk.piece(&p.id).unwrap();
        assert_eq!(piece.content.section, "Film");
        assert!(piece.content.review.is_some(), "{} is a review", p.headline);
        assert!(piece.published_at.is_some());
        assert!(
            !piece.content.body.contains("<div"),
            "the body is Markdown: {}",
            piece.content.body
        );
        let html = desk.preview(&p.id, View::Article, Width::Desktop).unwrap();
        assert!(
            html.contains("class=\"fact-box fact-box-film\""),
            "{} previews as a review, with its film fact box",
            p.headline
        );
    }
    // "Inception the Movie...my review." was published 2010-08-07 19:10:59 GMT.
    let inception = r
        .pieces
        .iter()
        .find(|p| p.headline.starts_with("Inception"))
        .unwrap();
    let p = desk.piece(&inception.id).unwrap();
    assert_eq!(p.published_at, Some(t("2010-08-07T19:10:59Z")));
    assert_eq!(p.content.slug, "inception-the-movie-my-review");
    assert!(p
        .content
        .body
        .contains("Christopher Nolan takes us on a thriller"));
    // A [caption] opening a post is its lead image.
    let buried = r
        .pieces
        .iter()
        .find(|p| p.headline.starts_with("Buried"))
        .unwrap();
    let img = desk
        .piece(&buried.id)
        .unwrap()
        .content
        .image
        .expect("the caption's image");
    assert!(img.src.ends_with("buried-poster1.jpg"));
    assert_eq!(img.caption.as_deref(), Some("BURIED"));
}

#[test]
fn a_custom_field_fills_the_fact_box() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("site.xml");
    std::fs::write(
        &f,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Reel</title>
<wp:author><wp:author_login>mk</wp:author_login><wp:author_display_name>Mark Kermode</wp:author_display_name></wp:author>
<item><title>The Piano</title><dc:creator>mk</dc:creator>
<content:encoded><![CDATA[Campion's film is a <em>storm</em>.]]></content:encoded>
<wp:post_id>4</wp:post_id><wp:post_date_gmt>2026-12-20 09:00:00</wp:post_date_gmt><wp:post_name>the-piano</wp:post_name>
<wp:status>future</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="movies"><![CDATA[Movies]]></category>
<wp:postmeta><wp:meta_key>director</wp:meta_key><wp:meta_value>Jane Campion</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>year</wp:meta_key><wp:meta_value>1993</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>film</wp:meta_key><wp:meta_value>The Piano</wp:meta_value></wp:postmeta>
</item>
<item><title>Pending one</title><wp:post_id>5</wp:post_id><wp:status>pending</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>
"#,
    )
    .unwrap();
    let mut desk = staffed_desk();
    let mut options = ArchiveOptions {
        meta: BTreeMap::from([
            ("director".into(), "review.director".into()),
            ("year".into(), "review.year".into()),
            ("film".into(), "review.title".into()),
        ]),
        ..ArchiveOptions::default()
    };
    let e = desk
        .import_archive("Ed", Source::Wordpress, &f, &options, now(), &mut |_| true)
        .unwrap_err();
    assert!(e.message.contains("needs the medium"), "{}", e.message);
    options.review = Some("film".into());
    let r = desk
        .import_archive("Ed", Source::Wordpress, &f, &options, now(), &mut |_| true)
        .unwrap();
    assert_eq!((r.scheduled, r.copyedit), (1, 1));
    let p = desk.piece(&r.pieces[0].id).unwrap();
    assert_eq!(p.stage, Stage::Scheduled);
    assert_eq!(p.scheduled_at, Some(t("2026-12-20T09:00:00Z")));
    assert_eq!(p.content.section, "Movies");
    assert_eq!(p.content.bylines, ["Mark Kermode"]);
    assert_eq!(p.content.body, "Campion's film is a *storm*.\n");
    let facts = serde_json::to_value(&p.content.review.unwrap().subject).unwrap();
    assert_eq!(facts["director"], serde_json::json!(["Jane Campion"]));
    assert_eq!(facts["year"], 1993);
    assert_eq!(facts["title"], "The Piano");
    assert_eq!(desk.piece(&r.pieces[1].id).unwrap().stage, Stage::Copyedit);
}

#[test]
fn a_cancelled_import_writes_nothing() {
    let Some(dir) = corpus("wxr/real-exports") else {
        return;
    };
    let mut desk = staffed_desk();
    let f = dir.join("gaurangbookseller-filmwallaa_wordpress_export.xml");
    let mut heard = 0;
    let e = desk
        .import_archive(
            "Ed",
            Source::Wordpress,
            &f,
            &ArchiveOptions::default(),
            now(),
            &mut |p| {
                heard += 1;
                p.done < 10
            },
        )
        .unwrap_err();
    assert!(e.message.starts_with("cancelled"), "{}", e.message);
    assert!(heard >= 2);
    assert!(desk.search("Inception", 10).unwrap().is_empty());
}

#[test]
fn the_four_ghost_exports_import_with_their_statuses() {
    let Some(dir) = corpus("ghost") else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 4);
    for f in files {
        // The statuses as the file gives them, read here with serde_json alone.
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        let posts = v["db"][0]["data"]["posts"].as_array().unwrap();
        let count = |which: &[&str]| {
            posts
                .iter()
                .filter(|p| which.contains(&p["status"].as_str().unwrap()))
                .count()
        };
        let mut desk = staffed_desk();
        let r = desk
            .import_archive(
                "Ed",
                Source::Ghost,
                &f,
                &ArchiveOptions::default(),
                now(),
                &mut |_| true,
            )
            .unwrap();
        assert_eq!(
            r.published,
            count(&["published", "sent"]),
            "{}",
            f.display()
        );
        assert_eq!(r.scheduled, count(&["scheduled"]), "{}", f.display());
        assert_eq!(r.drafts, count(&["draft"]), "{}", f.display());
        assert_eq!(r.pieces.len(), posts.len());
        // A post that is one markdown card comes in as that Markdown; any other, as Markdown
        // made from its mobiledoc or lexical document, without the HTML's paragraphs.
        for (p, post) in r.pieces.iter().zip(posts) {
            let body = desk.piece(&p.id).unwrap().content.body;
            assert!(!body.contains("__GHOST_URL__"));
            let md_card = post["mobiledoc"]
                .as_str()
                .and_then(|m| serde_json::from_str::<serde_json::Value>(m).ok())
                .filter(|m| {
                    m["sections"].as_array().map(Vec::len) == Some(1)
                        && m["cards"][0][0] == "markdown"
                })
                .map(|m| {
                    m["cards"][0][1]["markdown"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                });
            match md_card {
                Some(md) => assert_eq!(
                    body.trim_end(),
                    md.replace("\r\n", "\n").trim_end(),
                    "{}",
                    p.headline
                ),
                None => assert!(
                    !body.contains("<p>"),
                    "{}: {}",
                    p.headline,
                    &body[..body.len().min(300)]
                ),
            }
        }
        assert!(desk
            .preview(&r.pieces[0].id, View::Article, Width::Desktop)
            .is_ok());
    }
}

#[test]
fn search_finds_words_in_chinese_and_japanese_as_well_as_english() {
    let mut desk = staffed_desk();
    let files = vec![
        ("zh.md".to_string(), "---\nkind: feature\nsection: Film\nheadline: 王家卫的电影\nbylines: [Wren]\n---\n《花样年华》是王家卫导演的电影，梁朝伟和张曼玉主演。\n".as_bytes().to_vec()),
        ("ja.md".to_string(), "---\nkind: feature\nsection: Film\nheadline: 東京物語を見直す\nbylines: [Wren]\n---\n小津安二郎の東京物語は、家族の物語です。\n".as_bytes().to_vec()),
        ("en.md".to_string(), "---\nkind: feature\nsection: Film\nheadline: Tokyo Story again\nbylines: [Wren]\n---\nOzu's family drama, seen again.\n".as_bytes().to_vec()),
    ];
    desk.import("Wren", files, ImportMode::Drafts, now())
        .unwrap();
    let heads = |q: &str| {
        desk.search(q, 10)
            .unwrap()
            .into_iter()
            .map(|h| h.headline)
            .collect::<Vec<_>>()
    };
    assert_eq!(heads("梁朝伟"), ["王家卫的电影"]);
    assert_eq!(heads("花样年华"), ["王家卫的电影"]);
    assert_eq!(heads("東京物語"), ["東京物語を見直す"]);
    assert_eq!(heads("小津"), ["東京物語を見直す"]);
    assert_eq!(heads("家族"), ["東京物語を見直す"]);
    assert_eq!(heads("family"), ["Tokyo Story again"]);
    // Characters of the word apart, not in order, are not the word.
    assert!(heads("朝梁").is_empty());
    let hit = desk.search("小津", 10).unwrap().remove(0);
    let snippet = hit.snippet_marked("[", "]");
    assert!(
        snippet.contains("[小][津]安二郎の東京物語") || snippet.contains("[小津]安二郎の東京物語"),
        "{snippet}"
    );
}

const LIST: &str = "---\nkind: list\nsection: Music\nheadline: Three Songs of 1966\nbylines: [Sam]\nlist:\n  item: song\n  entries:\n    - rank: 1\n      creator: The Beach Boys\n      title: God Only Knows\n      blurb: Brian Wilson's best two minutes.\n    - rank: 2\n      creator: Nancy Sinatra\n      title: These Boots Are Made for Walkin'\n    - rank: 3\n      creator: The Kinks\n      title: Sunny Afternoon\n---\nThree from a very good year.\n";

#[test]
fn a_desk_exported_as_wordpress_or_as_files_comes_back_with_every_piece_the_same() {
    let mut desk = staffed_desk();
    let n = now();
    let review = crate::support::film_review("Heat, at night");
    let feature = "---\nkind: feature\nsection: Music\nheadline: \"Songs & <b>tags</b>\"\ndek: A dek with ]]> in it.\nbylines: [Sam]\ntags: [Pop, Live]\nimage:\n  src: https://example.com/a.jpg\n  caption: A stage\n  credit: Jo Lee\n---\nA body with *emphasis*, a [link](https://example.com) and a list:\n\n- one\n- two\n";
    let r = desk
        .import(
            "Ed",
            vec![
                ("a.md".into(), review.into_bytes()),
                ("b.md".into(), feature.as_bytes().to_vec()),
                ("c.md".into(), LIST.as_bytes().to_vec()),
            ],
            ImportMode::Drafts,
            n,
        )
        .unwrap();
    let (heat, songs, list) = (
        r.pieces[0].id.clone(),
        r.pieces[1].id.clone(),
        r.pieces[2].id.clone(),
    );
    desk.move_piece("Ed", &heat, Stage::Copyedit, None, n)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let wxr = dir.path().join("desk.xml");
    let mut f = std::fs::File::create(&wxr).unwrap();
    assert_eq!(desk.export_wordpress(&mut f, "Galley").unwrap(), 3);
    drop(f);
    assert!(
        counted(&wxr).is_some(),
        "an independent parser reads the export"
    );

    let mut back = staffed_desk();
    let r = back
        .import_archive(
            "Ed",
            Source::Wordpress,
            &wxr,
            &ArchiveOptions::default(),
            n,
            &mut |_| true,
        )
        .unwrap();
    assert_eq!(r.pieces.len(), 3);
    for (old, new) in [
        (&heat, &r.pieces[0].id),
        (&songs, &r.pieces[1].id),
        (&list, &r.pieces[2].id),
    ] {
        let a = desk.piece(old).unwrap();
        let b = back.piece(new).unwrap();
        assert_eq!(b.content, a.content, "the piece comes back the same");
        assert_eq!(b.stage, a.stage);
    }

    let files = dir.path().join("files");
    assert_eq!(desk.export_files(&files).unwrap(), 3);
    let mut names: Vec<String> = std::fs::read_dir(&files)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3);
    assert!(names.contains(&"heat-at-night.md".to_string()), "{names:?}");
    let mut again = Desk::in_memory().unwrap();
    again
        .add_person(None, "Ed", &[Role::Editor, Role::Admin], &[], n)
        .unwrap();
    let paths: Vec<PathBuf> = names.iter().map(|x| files.join(x)).collect();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let r = again
        .import_paths("Ed", &refs, ImportMode::Drafts, n)
        .unwrap();
    for p in &r.pieces {
        let b = again.piece(&p.id).unwrap();
        let a = [&heat, &songs, &list]
            .iter()
            .map(|id| desk.piece(id).unwrap())
            .find(|a| a.content.slug == b.content.slug)
            .unwrap();
        assert_eq!(b.content, a.content, "the piece file keeps every field");
    }
}

#[test]
fn the_calendar_as_ics_gives_each_piece_at_its_instant_in_every_zone() {
    let mut desk = staffed_desk();
    let n = t("2026-01-01T00:00:00Z");
    let r = desk
        .import(
            "Ed",
            vec![
                (
                    "a.md".into(),
                    crate::support::film_review("Before the clocks go back").into_bytes(),
                ),
                (
                    "b.md".into(),
                    crate::support::film_review("After the clocks go back").into_bytes(),
                ),
            ],
            ImportMode::Drafts,
            n,
        )
        .unwrap();
    // 09:00 in London: 08:00 UTC in British Summer Time, 09:00 UTC after the clocks go back.
    let times = [
        ("2026-10-23 09:00", "2026-10-23T08:00:00Z"),
        ("2026-10-30 09:00", "2026-10-30T09:00:00Z"),
    ];
    for (p, (wall, _)) in r.pieces.iter().zip(times) {
        desk.move_piece("Ed", &p.id, Stage::Copyedit, None, n)
            .unwrap();
        desk.schedule("Ed", &p.id, wall, Some("Europe/London"), n)
            .unwrap();
    }
    let ics = desk
        .calendar_ics(t("2026-01-01T00:00:00Z"), t("2027-01-01T00:00:00Z"), n)
        .unwrap();
    assert_eq!(
        ics.matches("BEGIN:VTIMEZONE").count(),
        1,
        "one zone used, one VTIMEZONE"
    );

    // Read back with the `ical` crate, and each DTSTART turned into an instant through the
    // file's own VTIMEZONE (not through a zone database).
    let cal = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()))
        .next()
        .unwrap()
        .unwrap();
    let tz = &cal.timezones[0];
    let tzid = tz
        .properties
        .iter()
        .find(|p| p.name == "TZID")
        .unwrap()
        .value
        .clone()
        .unwrap();
    assert_eq!(tzid, "Europe/London");
    // Each part of the VTIMEZONE: from its DTSTART (in the offset before it) on, its TZOFFSETTO.
    let mut changes: Vec<(chrono::NaiveDateTime, i64)> = tz
        .transitions
        .iter()
        .map(|tr| {
            let get = |k: &str| {
                tr.properties
                    .iter()
                    .find(|p| p.name == k)
                    .unwrap()
                    .value
                    .clone()
                    .unwrap()
            };
            let start =
                chrono::NaiveDateTime::parse_from_str(&get("DTSTART"), "%Y%m%dT%H%M%S").unwrap();
            let off = |s: &str| {
                let sign = if s.starts_with('-') { -1 } else { 1 };
                sign * (s[1..3].parse::<i64>().unwrap() * 3600
                    + s[3..5].parse::<i64>().unwrap() * 60)
            };
            (
                start - chrono::Duration::seconds(off(&get("TZOFFSETFROM"))),
                off(&get("TZOFFSETTO")),
            )
        })
        .collect();
    changes.sort();
    let instant = |local: chrono::NaiveDateTime| {
        // The offset in force: the last change at or before the local time read in it.
        let off = changes
            .iter()
            .rev()
            .find(|(at, o)| *at <= local - chrono::Duration::seconds(*o))
            .unwrap()
            .1;
        (local - chrono::Duration::seconds(off)).and_utc()
    };
    assert_eq!(cal.events.len(), 2);
    for (ev, (_, utc)) in cal.events.iter().zip(times) {
        let start = ev.properties.iter().find(|p| p.name == "DTSTART").unwrap();
        let params = start.params.clone().unwrap_or_default();
        assert!(
            params
                .iter()
                .any(|(k, v)| k == "TZID" && v == &vec!["Europe/London".to_string()]),
            "{params:?}"
        );
        let local =
            chrono::NaiveDateTime::parse_from_str(start.value.as_deref().unwrap(), "%Y%m%dT%H%M%S")
                .unwrap();
        assert_eq!(local.format("%H:%M").to_string(), "09:00");
        assert_eq!(instant(local), t(utc), "the event is at its instant");
        let value = |name: &str| {
            ev.properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
                .unwrap_or_else(|| panic!("the event has no {name}"))
        };
        assert!(value("SUMMARY").contains("the clocks go back"));
        assert!(value("URL").starts_with("galley://piece/"));
    }
    // In New York the first is at 04:00 (EDT), the second at 05:00 (EST, the US clocks change a
    // week later).
    let ny = chrono_tz::America::New_York;
    assert_eq!(instant_fmt(t(times[0].1), ny), "04:00");
    assert_eq!(instant_fmt(t(times[1].1), ny), "05:00");
}

fn instant_fmt(at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}
