//! Archives on the desk: a WordPress or Ghost export surveyed (counts, categories to map) and
//! imported (every post a piece at the stage its status says, in one transaction, with
//! progress and cancel), the desk exported as WXR or as piece files, and the calendar as ICS.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::pieces::{default_slug, PeopleCache, Phase, Progress};
use super::{new_id, Desk, Error, ErrorCode, Imported, Result};
use crate::archive::html::{unentity, Converter};
use crate::archive::{self, wxr, ArchiveError, Post, Source, Status, Survey};
use crate::domain::{
    Content, Correction, Image, Kind, Move, Piece, PieceList, Review, Stage, Subject,
};
use crate::store::{self, Why};
use crate::workflow;

/// How an archive's posts land on the desk.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ArchiveOptions {
    /// Category (WordPress) or primary tag (Ghost) → the desk's section. A category not named
    /// here becomes a section of its own name.
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
    /// The section of posts with no category; "Archive" when empty.
    #[serde(default)]
    pub default_section: String,
    /// Custom field → fact-box field (`review.director`) or `dek`.
    #[serde(default)]
    pub meta: BTreeMap<String, String>,
    /// When set, each post (not page) becomes a review of this medium (`film`, `album`, ...).
    #[serde(default)]
    pub review: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct ArchiveReport {
    pub survey: Survey,
    pub pieces: Vec<Imported>,
    pub published: usize,
    pub scheduled: usize,
    pub copyedit: usize,
    pub drafts: usize,
    pub added_people: Vec<String>,
    pub notices: Vec<String>,
}

fn archive_error(e: ArchiveError) -> Error {
    Error::bad_input(format!("{e}; nothing was imported"))
}

fn open(path: &Path) -> Result<BufReader<File>> {
    File::open(path)
        .map(|f| BufReader::with_capacity(1 << 16, f))
        .map_err(|e| Error::bad_input(format!("{}: {e}", path.display())))
}

/// The fact box a post's custom fields fill: each value tried as the field wants it (text, a
/// list of names, a number).
fn fact_box(medium: &str, fields: &[(String, String)]) -> std::result::Result<Subject, String> {
    let empty = Subject::empty(medium)
        .ok_or_else(|| format!("`{medium}` is not a medium ({})", Subject::MEDIA.join(", ")))?;
    let Value::Object(mut obj) = serde_json::to_value(&empty).expect("a fact box serializes")
    else {
        unreachable!("a fact box is an object")
    };
    for (field, value) in fields {
        let v = value.trim();
        let mut candidates = vec![Value::String(v.to_string())];
        // As Galley writes a list whose names have commas, or releases: JSON.
        if let Ok(j) = serde_json::from_str::<Value>(v) {
            if j.is_array() || j.is_object() {
                candidates.insert(0, j);
            }
        }
        candidates.push(Value::Array(
            v.split([',', ';', '\n'])
                .map(|x| Value::String(x.trim().to_string()))
                .filter(|x| x.as_str() != Some(""))
                .collect(),
        ));
        if let Ok(n) = v.parse::<i64>() {
            candidates.push(Value::from(n));
        }
        if let Ok(n) = v.parse::<f64>() {
            candidates.push(Value::from(n));
        }
        let mut taken = false;
        for c in candidates {
            let mut o = obj.clone();
            o.insert(field.clone(), c);
            if serde_json::from_value::<Subject>(Value::Object(o.clone())).is_ok() {
                obj = o;
                taken = true;
                break;
            }
        }
        if !taken {
            return Err(format!(
                "the {medium} fact box has no field `{field}` that takes \u{201c}{v}\u{201d}"
            ));
        }
    }
    serde_json::from_value(Value::Object(obj)).map_err(|e| e.to_string())
}

/// The first pass over an archive: its survey (a file that is not well formed refused by line),
/// and for a Ghost export, read whole, its posts.
fn first_pass(source: Source, path: &Path) -> Result<(Survey, Option<Vec<Post>>)> {
    let name = path.display().to_string();
    match source {
        Source::Wordpress => Ok((
            wxr::survey(open(path)?, &name).map_err(archive_error)?,
            None,
        )),
        Source::Ghost => {
            let bytes =
                std::fs::read(path).map_err(|e| Error::bad_input(format!("{name}: {e}")))?;
            let export = archive::ghost::read(&bytes, &name).map_err(archive_error)?;
            Ok((export.survey, Some(export.posts)))
        }
    }
}

/// Where one post lands.
struct Landing {
    stage: Stage,
    published_at: Option<DateTime<Utc>>,
    scheduled_at: Option<DateTime<Utc>>,
}

impl Desk {
    /// A first pass over an archive: it is well formed, and what it holds (counts, categories).
    pub fn archive_survey(&self, source: Source, path: &Path) -> Result<Survey> {
        Ok(first_pass(source, path)?.0)
    }

    /// Imports an archive: every post and page a piece, in one transaction (a cancel, or any
    /// error, imports nothing). `progress` hears each hundred posts and answers whether to go on.
    pub fn import_archive(
        &mut self,
        actor: &str,
        source: Source,
        path: &Path,
        options: &ArchiveOptions,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<ArchiveReport> {
        let person = self.person(actor)?;
        workflow::may_import(&person, true)?;
        if let Some(m) = &options.review {
            fact_box(m, &[]).map_err(Error::bad_input)?;
        }
        let needs_medium = options.meta.values().any(|t| t.starts_with("review."));
        if needs_medium && options.review.is_none() {
            return Err(Error::bad_input(
                "a custom field mapped to the fact box needs the medium the posts review",
            ));
        }
        for target in options.meta.values() {
            if target != "dek" && !target.starts_with("review.") {
                return Err(Error::bad_input(format!(
                    "a custom field can fill `dek` or a fact-box field (`review.director`), not `{target}`"
                )));
            }
        }
        let name = path.display().to_string();
        // The first pass: nothing is written from a file that is not well formed.
        let (survey, ghost) = first_pass(source, path)?;
        let total = survey.posts + survey.pages;
        let zone = self.zone()?;
        let tx = store::write(&mut self.conn)?;
        let mut report = ArchiveReport {
            survey: survey.clone(),
            ..ArchiveReport::default()
        };
        let mut people = PeopleCache::default();
        let mut slugs: HashSet<String> = HashSet::new();
        let converter = Converter::new();
        let mut done = 0usize;
        let mut failure: Option<Error> = None;
        let mut land =
            |p: Post, tx: &rusqlite::Transaction, report: &mut ArchiveReport| -> Result<bool> {
                if p.status == Status::Trash {
                    return Ok(true);
                }
                if done % 10 == 0
                    && !progress(Progress {
                        phase: Phase::Writing,
                        done,
                        total,
                    })
                {
                    return Err(Error::new(
                        ErrorCode::Cancelled,
                        "cancelled: nothing was imported",
                    ));
                }
                done += 1;
                let at = if p.line > 0 {
                    format!("{name}:{}", p.line)
                } else {
                    format!("{name}: post {}", p.id)
                };
                let own = |k: &str| {
                    p.meta
                        .iter()
                        .find(|(key, _)| key == k)
                        .map(|(_, v)| v.clone())
                };
                let (body, lead) = if let Some(md) = own("galley_markdown") {
                    // A file Galley wrote: the Markdown it came from, not its HTML read back.
                    (md, None)
                } else if p.markdown {
                    (p.body.replace("__GHOST_URL__", ""), None)
                } else if source == Source::Wordpress {
                    converter.wordpress(&p.body, &survey.files)
                } else {
                    (converter.html(&p.body.replace("__GHOST_URL__", "")), None)
                };
                let image = lead.or_else(|| {
                    let f = p.thumbnail.as_ref().and_then(|t| survey.files.get(t))?;
                    let (caption, credit) = match &f.caption {
                        Some(c) => archive::html::split_credit(c),
                        None => (String::new(), None),
                    };
                    Some(Image {
                        src: f.url.clone(),
                        alt: f.alt.clone(),
                        caption: Some(caption).filter(|c| !c.is_empty()),
                        credit,
                    })
                });
                let image = own("galley_image")
                    .and_then(|j| serde_json::from_str::<Image>(&j).ok())
                    .or(image);
                let image = image.or_else(|| {
                    p.image.as_ref().map(|src| Image {
                        src: src.replace("__GHOST_URL__", ""),
                        alt: None,
                        caption: None,
                        credit: None,
                    })
                });
                let mut headline = unentity(&p.title);
                if headline.is_empty() {
                    headline = "Untitled".into();
                    report.notices.push(format!(
                        "{at}: a post without a title, headed \u{201c}Untitled\u{201d}"
                    ));
                }
                let section = match p.categories.first() {
                    Some(c) => options
                        .sections
                        .get(c)
                        .cloned()
                        .unwrap_or_else(|| c.clone()),
                    None if options.default_section.trim().is_empty() => "Archive".to_string(),
                    None => options.default_section.trim().to_string(),
                };
                let mut dek = unentity(
                    &archive::html::strip_tags(&p.excerpt)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                let mut fields = Vec::new();
                for (k, v) in &p.meta {
                    match options.meta.get(k).map(String::as_str) {
                        Some("dek") => dek = unentity(v),
                        Some(t) => {
                            fields.push((t.trim_start_matches("review.").to_string(), v.clone()))
                        }
                        None => {}
                    }
                }
                // A file Galley wrote says each piece's fact box itself.
                let medium = options.review.clone().or_else(|| own("review_medium"));
                if options.review.is_none() && medium.is_some() {
                    fields.extend(p.meta.iter().filter_map(|(k, v)| {
                        Some((k.strip_prefix("review.")?.to_string(), v.clone()))
                    }));
                }
                let score = own("review_score").and_then(|s| s.parse::<f64>().ok());
                let (kind, review) = match (&medium, p.page) {
                    (Some(m), false) => {
                        let subject = fact_box(m, &fields).map_err(|e| {
                            Error::bad_input(format!("{at}: {e}; nothing was imported"))
                        })?;
                        (Kind::Review, Some(Review { subject, score }))
                    }
                    _ => (Kind::Feature, None),
                };
                // A list and a published piece's corrections, as Galley wrote them.
                let list =
                    own("galley_list").and_then(|j| serde_json::from_str::<PieceList>(&j).ok());
                let (kind, review) = if list.is_some() {
                    (Kind::List, None)
                } else {
                    (kind, review)
                };
                let corrections: Vec<Correction> = own("galley_corrections")
                    .and_then(|j| serde_json::from_str(&j).ok())
                    .unwrap_or_default();
                let mut slug = p.slug.trim().to_string();
                // A slug is a page's address: one with a path or a leading dot is made one.
                if slug.contains(['/', '\\']) || slug.starts_with('.') {
                    slug = crate::domain::slugify(&slug);
                }
                if slug.is_empty() {
                    slug = default_slug(&headline);
                }
                if slugs.contains(&slug) || store::slug_holder(tx, &slug, "")?.is_some() {
                    let mut n = 2;
                    while slugs.contains(&format!("{slug}-{n}"))
                        || store::slug_holder(tx, &format!("{slug}-{n}"), "")?.is_some()
                    {
                        n += 1;
                    }
                    report.notices.push(format!(
                        "{at}: the slug `{slug}` is taken; this piece is `{slug}-{n}`"
                    ));
                    slug = format!("{slug}-{n}");
                }
                slugs.insert(slug.clone());
                let bylines: Vec<String> = p
                    .authors
                    .iter()
                    .map(|a| survey.authors.get(a).cloned().unwrap_or_else(|| a.clone()))
                    .collect();
                let mut content = Content {
                    kind,
                    section,
                    headline,
                    dek,
                    slug,
                    bylines,
                    tags: p.tags.clone(),
                    image,
                    review,
                    list,
                    corrections,
                    body,
                };
                content.tidy();
                // What even a draft must be: a post that cannot be kept is refused by its place.
                if let Err((k, m)) = content.check() {
                    return Err(Error::bad_input(format!(
                        "{at}: {k}: {m}; nothing was imported"
                    )));
                }
                let landing = match (&p.status, p.date) {
                    (Status::Published, Some(d)) => Landing {
                        stage: Stage::Published,
                        published_at: Some(d),
                        scheduled_at: None,
                    },
                    (Status::Published, None) => {
                        report
                            .notices
                            .push(format!("{at}: published with no date; it lands as a draft"));
                        Landing {
                            stage: Stage::Draft,
                            published_at: None,
                            scheduled_at: None,
                        }
                    }
                    (Status::Scheduled, Some(d)) => Landing {
                        stage: Stage::Scheduled,
                        published_at: None,
                        scheduled_at: Some(d),
                    },
                    (Status::Scheduled, None) => {
                        report
                            .notices
                            .push(format!("{at}: scheduled with no date; it lands as a draft"));
                        Landing {
                            stage: Stage::Draft,
                            published_at: None,
                            scheduled_at: None,
                        }
                    }
                    (Status::Pending, _) => Landing {
                        stage: Stage::Copyedit,
                        published_at: None,
                        scheduled_at: None,
                    },
                    _ => Landing {
                        stage: Stage::Draft,
                        published_at: None,
                        scheduled_at: None,
                    },
                };
                match landing.stage {
                    Stage::Published => report.published += 1,
                    Stage::Scheduled => report.scheduled += 1,
                    Stage::Copyedit => report.copyedit += 1,
                    _ => report.drafts += 1,
                }
                let ids = people.ids(tx, &content, now, &mut report.added_people)?;
                let piece = Piece {
                    id: new_id(now),
                    stage: landing.stage,
                    revision: 1,
                    created_at: now,
                    updated_at: now,
                    scheduled_at: landing.scheduled_at,
                    schedule_zone: landing.scheduled_at.map(|_| zone.clone()),
                    published_at: landing.published_at,
                    content,
                    marks: Default::default(),
                };
                let note = format!("imported from {} {name}", source);
                store::insert_piece(tx, &piece, &ids, Some(person.id), Why::Import, Some(&note))?;
                store::insert_transition(
                    tx,
                    &piece.id,
                    None,
                    piece.stage,
                    Move::Archive,
                    Some(person.id),
                    now,
                    Some(&note),
                    1,
                )?;
                report.pieces.push(Imported {
                    file: at,
                    id: piece.id,
                    headline: piece.content.headline,
                });
                Ok(true)
            };
        match ghost {
            Some(posts) => {
                for p in posts {
                    land(p, &tx, &mut report)?;
                }
            }
            None => {
                let read = wxr::read(open(path)?, &name, &mut |item| {
                    if let wxr::Item::Post(p) = item {
                        match land(p, &tx, &mut report) {
                            Ok(go) => Ok(go),
                            Err(e) => {
                                failure = Some(e);
                                Ok(false)
                            }
                        }
                    } else {
                        Ok(true)
                    }
                });
                read.map_err(archive_error)?;
                if let Some(e) = failure {
                    return Err(e);
                }
            }
        }
        if report.pieces.len() >= 1_000 {
            crate::search::tidy_after_bulk_import(&tx)?;
        }
        // A cancel up to the last moment still imports nothing.
        let go_on = progress(Progress {
            phase: Phase::Writing,
            done: total,
            total,
        });
        if !go_on {
            return Err(Error::new(
                ErrorCode::Cancelled,
                "cancelled: nothing was imported",
            ));
        }
        tx.commit()?;
        Ok(report)
    }

    /// Writes the desk as a WordPress export: published, scheduled, copyedit and draft pieces
    /// with their authors, sections as categories, tags, and fact boxes as custom fields
    /// (`review.director`, as an import reads them back with a mapping of the same names).
    pub fn export_wordpress(&self, out: &mut dyn Write, title: &str) -> Result<usize> {
        let io =
            |e: std::io::Error| Error::new(ErrorCode::Storage, format!("writing the export: {e}"));
        let mut w = wxr::Writer::start(BufWriter::new(out), title, "https://example.invalid")
            .map_err(io)?;
        let ids = store::all_piece_ids(&self.conn)?;
        let mut pieces = Vec::new();
        let mut authors: Vec<String> = Vec::new();
        let mut sections: Vec<String> = Vec::new();
        for id in &ids {
            let Some(p) = store::load_piece(&self.conn, id)? else {
                continue;
            };
            if p.stage == Stage::Spiked {
                continue;
            }
            for b in &p.content.bylines {
                if !authors.contains(b) {
                    authors.push(b.clone());
                }
            }
            if !sections.contains(&p.content.section) {
                sections.push(p.content.section.clone());
            }
            pieces.push(p.id);
        }
        for (i, a) in authors.iter().enumerate() {
            w.author(i as u64 + 1, a, a).map_err(io)?;
        }
        for (i, s) in sections.iter().enumerate() {
            w.category(i as u64 + 1, &crate::domain::slugify(s), s)
                .map_err(io)?;
        }
        for (n, id) in pieces.iter().enumerate() {
            let p = store::load_piece(&self.conn, id)?.expect("listed above");
            let c = &p.content;
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(&c.body, pulldown_cmark::Options::all()),
            );
            // What WordPress shows is the HTML; what Galley reads back is the Markdown it came from.
            let mut meta = vec![
                ("galley_kind".to_string(), c.kind.as_str().to_string()),
                ("galley_markdown".to_string(), c.body.clone()),
            ];
            if let Some(list) = &c.list {
                meta.push((
                    "galley_list".into(),
                    serde_json::to_string(list).expect("a list serializes"),
                ));
            }
            if !c.corrections.is_empty() {
                let json = serde_json::to_string(&c.corrections).expect("corrections serialize");
                meta.push(("galley_corrections".into(), json));
            }
            if let Some(r) = &c.review {
                if let Some(score) = r.score {
                    meta.push(("review_score".into(), score.to_string()));
                }
                if let Value::Object(o) =
                    serde_json::to_value(&r.subject).expect("a fact box serializes")
                {
                    for (k, v) in o {
                        let text = match v {
                            Value::Null => continue,
                            Value::String(s) => s,
                            Value::Array(a)
                                if a.iter()
                                    .all(|x| x.as_str().is_some_and(|x| !x.contains(','))) =>
                            {
                                a.iter()
                                    .filter_map(Value::as_str)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                            other => other.to_string(),
                        };
                        if !text.is_empty() && text != "[]" {
                            meta.push((
                                if k == "medium" {
                                    "review_medium".into()
                                } else {
                                    format!("review.{k}")
                                },
                                text,
                            ));
                        }
                    }
                }
            }
            let (status, date) = match p.stage {
                Stage::Published => ("publish", p.published_at),
                Stage::Scheduled => ("future", p.scheduled_at),
                Stage::Copyedit => ("pending", None),
                _ => ("draft", None),
            };
            if let Some(img) = &c.image {
                let json = serde_json::to_string(img).expect("an image serializes");
                meta.push(("galley_image".into(), json));
            }
            w.post(&wxr::ExportPost {
                id: n as u64 + 1,
                title: &c.headline,
                slug: &c.slug,
                html: &html,
                excerpt: &c.dek,
                status,
                date,
                author: c.bylines.first().map(String::as_str).unwrap_or(""),
                category: &c.section,
                tags: &c.tags,
                meta,
            })
            .map_err(io)?;
        }
        w.finish().map_err(io)?.flush().map_err(io)?;
        Ok(pieces.len())
    }

    /// Writes every piece (but the spiked) as a piece file named by its slug into `dir`.
    pub fn export_files(&self, dir: &Path) -> Result<usize> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::bad_input(format!("{}: {e}", dir.display())))?;
        let mut n = 0;
        let mut used: HashMap<String, usize> = HashMap::new();
        for id in store::all_piece_ids(&self.conn)? {
            let Some(p) = store::load_piece(&self.conn, &id)? else {
                continue;
            };
            if p.stage == Stage::Spiked {
                continue;
            }
            let count = used.entry(p.content.slug.clone()).or_default();
            *count += 1;
            let stem = super::drafts::file_stem(&p.content.slug);
            let file = if *count == 1 {
                format!("{stem}.md")
            } else {
                format!("{stem}-{count}.md")
            };
            let text = super::pieces::export_text(&p);
            std::fs::write(dir.join(&file), text).map_err(|e| {
                Error::new(
                    ErrorCode::Storage,
                    format!("{}: {e}", dir.join(&file).display()),
                )
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// The calendar of scheduled and published pieces from `from` to `to` as ICS.
    pub fn calendar_ics(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let desk_zone = crate::schedule::parse_zone(&self.zone()?)?;
        let rows = store::calendar(&self.conn, from, to)?;
        let mut pieces = Vec::with_capacity(rows.len());
        for (id, ..) in &rows {
            pieces.push(
                store::load_piece(&self.conn, id)?
                    .expect("the calendar lists pieces that are there"),
            );
        }
        let entries: Vec<archive::ics::Entry> = rows
            .iter()
            .zip(&pieces)
            .map(
                |((id, headline, section, _, stage, at, zone), p)| archive::ics::Entry {
                    id,
                    headline,
                    section,
                    bylines: &p.content.bylines,
                    stage: if *stage == Stage::Published {
                        "published"
                    } else {
                        "scheduled"
                    },
                    at: *at,
                    zone: zone
                        .as_deref()
                        .and_then(|z| crate::schedule::parse_zone(z).ok())
                        .unwrap_or(desk_zone),
                },
            )
            .collect();
        Ok(archive::ics::write("Galley calendar", &entries, now))
    }
}
