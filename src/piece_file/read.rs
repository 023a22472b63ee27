//! Reading a piece file: split the front matter from the body, deserialize it into typed
//! structs, and check it, with every error naming the file, the line and the key.
//! Not here: deciding slugs, people or stages (the importer does).

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use super::{FileError, MAX_FILE_BYTES};
use crate::domain::{
    Album, Book, Content, Correction, Entry, Film, Game, Image, Kind, ListOrder, Marks, Piece,
    PieceList, Release, Review, Stage, StageShow, Subject, Television, VoterBallot,
};

/// A piece file, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The slug is empty when the file gives none; the desk derives one.
    pub content: Content,
    /// The `published` time: read only when an archive is imported, and on a shared desk.
    pub published: Option<DateTime<Utc>>,
    /// The workflow keys a shared desk's file carries (`id`, `stage`, `revision`, `created`,
    /// `updated`, `scheduled` and `zone`), when the file has them.
    pub state: Option<State>,
    /// The copy desk's marks (`marks`), which a shared desk's file carries.
    pub marks: Marks,
}

/// Where a piece stands, as a shared desk's piece file says.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub id: String,
    pub stage: Stage,
    pub revision: i64,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// The scheduled instant and the zone it was scheduled in.
    pub scheduled: Option<(DateTime<Utc>, String)>,
}

impl Parsed {
    /// The piece a shared desk's file describes; `None` when the file has no workflow keys.
    pub fn into_piece(self) -> Option<Piece> {
        let s = self.state?;
        let (scheduled_at, schedule_zone) = match s.scheduled {
            Some((at, zone)) => (Some(at), Some(zone)),
            None => (None, None),
        };
        Some(Piece {
            id: s.id,
            stage: s.stage,
            revision: s.revision,
            created_at: s.created,
            updated_at: s.updated,
            scheduled_at,
            schedule_zone,
            published_at: self.published,
            content: self.content,
            marks: self.marks,
        })
    }
}

/// Reads a piece file. `file` names it in errors.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Parsed, FileError> {
    let err = |line: Option<usize>, key: Option<&str>, message: String| FileError {
        file: file.to_string(),
        line,
        key: key.map(str::to_string),
        message,
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(err(
            None,
            None,
            format!(
                "the file is {} bytes; a piece file may be at most 10 MB",
                bytes.len()
            ),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(err(
                Some(line),
                None,
                format!(
                    "invalid UTF-8 at byte {}; a piece file must be UTF-8 text",
                    e.valid_up_to()
                ),
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(err(None, None, "the file is empty".into()));
    }
    // Archives from other systems come with CRLF endings; the desk keeps `\n` only.
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    };

    let (yaml, body) = split(&text).ok_or_else(|| {
        err(
            Some(1),
            None,
            "a piece file starts with a `---` line, then the front matter, then a closing `---` line".into(),
        )
    })?;
    if yaml.trim().is_empty() {
        return Err(err(
            Some(2),
            Some("kind"),
            "missing required key `kind`".into(),
        ));
    }

    let mut raw: RawFile = serde_yaml_ng::from_str(yaml).map_err(|e| {
        let (key, message) = split_serde_message(&e.to_string());
        // The front matter starts on line 2 of the file.
        FileError {
            file: file.to_string(),
            line: e.location().map(|l| l.line() + 1),
            key,
            message,
        }
    })?;
    let at = |path: &[&str]| line_of(yaml, path).map(|l| l + 1);
    let time = |key: &str, v: Option<String>| -> Result<Option<DateTime<Utc>>, FileError> {
        match v {
            None => Ok(None),
            Some(s) => DateTime::parse_from_rfc3339(s.trim())
                .map(|t| Some(t.with_timezone(&Utc)))
                .map_err(|e| {
                    err(
                        at(&[key]),
                        Some(key),
                        format!("`{s}` is not an RFC 3339 time such as 2017-12-11T09:00:00Z ({e})"),
                    )
                }),
        }
    };
    let published = time("published", raw.published.take())?;
    let marks = raw.marks.take().unwrap_or_default();
    let state = raw.take_state();
    let state = if state.is_empty() {
        None
    } else {
        let need = |key: &str| {
            err(
                at(&["id"]).or(Some(2)),
                Some(key),
                format!("missing required key `{key}`: a file with `id` or `stage` carries the piece's whole workflow state (id, stage, revision, created, updated)"),
            )
        };
        let id = state.id.ok_or_else(|| need("id"))?.trim().to_string();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(err(
                at(&["id"]),
                Some("id"),
                format!("`{id}` is not a piece id (a UUID such as 0190a1b2-...)"),
            ));
        }
        let stage_name = state.stage.ok_or_else(|| need("stage"))?;
        let stage = Stage::parse(stage_name.trim()).ok_or_else(|| {
            err(
                at(&["stage"]),
                Some("stage"),
                format!("unknown stage `{stage_name}` (stages: {})", Stage::names()),
            )
        })?;
        let revision = state.revision.ok_or_else(|| need("revision"))?;
        if revision < 1 {
            return Err(err(
                at(&["revision"]),
                Some("revision"),
                "the revision is a number from 1 up".into(),
            ));
        }
        let created = time("created", state.created)?.ok_or_else(|| need("created"))?;
        let updated = time("updated", state.updated)?.ok_or_else(|| need("updated"))?;
        let scheduled = match (time("scheduled", state.scheduled)?, state.zone) {
            (Some(t), Some(z)) => {
                if z.parse::<chrono_tz::Tz>().is_err() {
                    return Err(err(
                        at(&["zone"]),
                        Some("zone"),
                        format!("`{z}` is not an IANA time zone such as Europe/London"),
                    ));
                }
                Some((t, z))
            }
            (None, None) => None,
            (Some(_), None) => {
                return Err(err(
                    at(&["scheduled"]),
                    Some("zone"),
                    "a scheduled time needs the zone it was scheduled in".into(),
                ))
            }
            (None, Some(_)) => {
                return Err(err(
                    at(&["zone"]),
                    Some("scheduled"),
                    "a zone is given without the scheduled time".into(),
                ))
            }
        };
        let fail =
            |key: &str, m: &str| Err(err(at(&[key]).or(at(&["stage"])), Some(key), m.to_string()));
        match stage {
            Stage::Scheduled if scheduled.is_none() => {
                return fail(
                    "scheduled",
                    "a scheduled piece needs its `scheduled` time and `zone`",
                )
            }
            Stage::Published if published.is_none() => {
                return fail("published", "a published piece needs its `published` time")
            }
            s if s != Stage::Scheduled && scheduled.is_some() => {
                return fail("scheduled", "only a scheduled piece has a `scheduled` time")
            }
            s if s != Stage::Published && published.is_some() => {
                return fail("published", "only a published piece has a `published` time")
            }
            _ => {}
        }
        Some(State {
            id,
            stage,
            revision,
            created,
            updated,
            scheduled,
        })
    };
    let content = raw
        .into_content(body.to_string())
        .map_err(|(path, message)| {
            let parts: Vec<&str> = path.split('.').collect();
            err(at(&parts).or(at(&parts[..1])), Some(&path), message)
        })?;
    Ok(Parsed {
        content,
        published,
        state,
        marks,
    })
}

/// Splits `---\n<yaml>---\n<body>`. The closing line may also be `...`.
fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n').trim_end();
        if bare == "---" || bare == "..." {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// serde_yaml_ng says `path: message at line L column C`; we keep the path as the key and drop
/// the location, which [`FileError`] carries on its own.
fn split_serde_message(s: &str) -> (Option<String>, String) {
    let s = match s.rfind(" at line ") {
        Some(i) => &s[..i],
        None => s,
    };
    let s = s
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing required key");
    match s.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && !path.is_empty() => {
            // An unknown key is named inside its parent's path: point at the key itself.
            let (key, rest) = match rest
                .strip_prefix("unknown key `")
                .and_then(|r| r.split_once('`'))
            {
                // The fact box's keys depend on its medium; listing every medium's is no help.
                Some((k, _)) if path == "review" => (
                    format!("{path}.{k}"),
                    format!("unknown key `{k}` in the fact box (see the keys for its medium)"),
                ),
                Some((k, _)) => (format!("{path}.{k}"), rest.to_string()),
                None => (path.to_string(), rest.to_string()),
            };
            (Some(key), rest)
        }
        _ => {
            let key = s
                .strip_prefix("unknown key `")
                .or_else(|| s.strip_prefix("missing required key `"))
                .and_then(|r| r.split_once('`'))
                .map(|(k, _)| k.to_string());
            (key, s.to_string())
        }
    }
}

/// The 1-based line (within the front matter) of a key given as a path of block-mapping keys,
/// e.g. `["review", "label"]`. Used for errors found after deserializing.
fn line_of(yaml: &str, path: &[&str]) -> Option<usize> {
    let key = |k: &str| {
        let k = k.split('[').next().unwrap_or(k).to_string();
        move |line: &str| {
            let t = line.trim_start().trim_start_matches("- ");
            t.strip_prefix(&k)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        }
    };
    let lines: Vec<&str> = yaml.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut from = 0;
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    for part in path {
        let matches = key(part);
        let mut hit = None;
        for (i, line) in lines.iter().enumerate().skip(from) {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            if let Some(p) = parent_indent {
                if i > from && indent(line) <= p {
                    break;
                }
            } else if indent(line) != 0 {
                continue;
            }
            if matches(line) {
                hit = Some(i);
                break;
            }
        }
        let i = hit?;
        found = Some(i + 1);
        parent_indent = Some(indent(lines[i]));
        from = i + 1;
    }
    found
}

// ---- raw front matter, as written; unknown keys are refused by the parser itself ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    kind: Kind,
    section: String,
    headline: String,
    #[serde(default)]
    dek: Option<String>,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    bylines: Option<OneOrMany>,
    #[serde(default)]
    tags: Option<OneOrMany>,
    #[serde(default)]
    image: Option<RawImage>,
    #[serde(default)]
    review: Option<RawReview>,
    #[serde(default)]
    list: Option<RawList>,
    #[serde(default)]
    corrections: Vec<RawCorrection>,
    /// The copy desk's queries and suggestions, as the domain spells them.
    #[serde(default)]
    marks: Option<Marks>,
    /// An archive's publication time, checked after the rest.
    #[serde(default)]
    published: Option<String>,
    // A shared desk's workflow keys (see `RawState`).
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    revision: Option<i64>,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    scheduled: Option<String>,
    #[serde(default)]
    zone: Option<String>,
}

/// The workflow keys of a shared desk's file, taken out of [`RawFile`] (serde cannot flatten
/// a struct into one that denies unknown keys).
#[derive(Default)]
struct RawState {
    id: Option<String>,
    stage: Option<String>,
    revision: Option<i64>,
    created: Option<String>,
    updated: Option<String>,
    scheduled: Option<String>,
    zone: Option<String>,
}

impl RawFile {
    fn take_state(&mut self) -> RawState {
        RawState {
            id: self.id.take(),
            stage: self.stage.take(),
            revision: self.revision.take(),
            created: self.created.take(),
            updated: self.updated.take(),
            scheduled: self.scheduled.take(),
            zone: self.zone.take(),
        }
    }
}

impl RawState {
    fn is_empty(&self) -> bool {
        self.id.is_none()
            && self.stage.is_none()
            && self.revision.is_none()
            && self.created.is_none()
            && self.updated.is_none()
            && self.scheduled.is_none()
            && self.zone.is_none()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImage {
    src: String,
    alt: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCorrection {
    at: String,
    note: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Medium {
    Film,
    Album,
    Book,
    Stage,
    Television,
    Game,
}

/// Every key any medium has; [`RawReview::subject`] refuses the ones that are not the medium's.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawReview {
    medium: Option<Medium>,
    title: Option<String>,
    director: Option<OneOrMany>,
    cast: Option<OneOrMany>,
    rated: Option<String>,
    studio: Option<String>,
    year: Option<i32>,
    runtime: Option<u32>,
    releases: Option<Vec<RawRelease>>,
    artist: Option<String>,
    label: Option<String>,
    released: Option<Date>,
    genre: Option<OneOrMany>,
    author: Option<OneOrMany>,
    publisher: Option<String>,
    published: Option<Date>,
    pages: Option<u32>,
    isbn: Option<String>,
    playwright: Option<String>,
    venue: Option<String>,
    city: Option<String>,
    opened: Option<Date>,
    closes: Option<Date>,
    season: Option<u32>,
    network: Option<String>,
    creator: Option<OneOrMany>,
    premiered: Option<Date>,
    developer: Option<String>,
    platform: Option<OneOrMany>,
    score: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelease {
    region: String,
    date: Date,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    item: String,
    #[serde(default)]
    order: Option<ListOrder>,
    #[serde(default)]
    page_size: Option<u32>,
    #[serde(default)]
    entries: Vec<RawEntry>,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    ballots: Vec<RawBallot>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBallot {
    voter: String,
    #[serde(default)]
    picks: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    rank: u32,
    creator: Option<String>,
    title: Option<String>,
    contributor: Option<String>,
    blurb: Option<String>,
    link: Option<String>,
    #[serde(default)]
    due: Option<Date>,
    #[serde(default)]
    done: Option<bool>,
}

/// The keys each medium's fact box has (DESIGN's table), besides `medium` and `score`.
pub(crate) fn medium_keys(medium: &str) -> &'static [&'static str] {
    match medium {
        "film" => &[
            "title", "director", "cast", "rated", "studio", "year", "runtime", "releases",
        ],
        "album" => &["title", "artist", "label", "released", "genre"],
        "book" => &["title", "author", "publisher", "published", "pages", "isbn"],
        "stage" => &[
            "title",
            "playwright",
            "director",
            "cast",
            "venue",
            "city",
            "opened",
            "closes",
        ],
        "television" => &["title", "season", "network", "creator", "cast", "premiered"],
        "game" => &["title", "developer", "publisher", "platform", "released"],
        _ => &[],
    }
}

type Refusal = (String, String);

impl RawFile {
    fn into_content(self, body: String) -> Result<Content, Refusal> {
        let refuse = |k: &str, m: String| Err((k.to_string(), m));
        if self.section.trim().is_empty() {
            return refuse("section", "the section is empty".into());
        }
        let review = match (self.kind, self.review) {
            (Kind::Review, Some(r)) => Some(r.into_review()?),
            (Kind::Review, None) => {
                return refuse(
                    "review",
                    "a review needs a `review:` fact box with at least its `medium`".into(),
                )
            }
            (kind, Some(_)) => {
                return refuse(
                    "review",
                    format!("a {} has no fact box; only a review does", kind.as_str()),
                )
            }
            (_, None) => None,
        };
        let list = match (self.kind, self.list) {
            (Kind::List, Some(l)) => Some(l.into_list()?),
            (Kind::List, None) => {
                return refuse(
                    "list",
                    "a list needs a `list:` block with its `item` and `entries`".into(),
                )
            }
            (kind, Some(_)) => {
                return refuse(
                    "list",
                    format!("a {} has no entries; only a list does", kind.as_str()),
                )
            }
            (_, None) => None,
        };
        let mut corrections = Vec::new();
        for (i, c) in self.corrections.into_iter().enumerate() {
            let at = DateTime::parse_from_rfc3339(c.at.trim()).map_err(|e| {
                (
                    format!("corrections[{i}].at"),
                    format!("`{}` is not an RFC 3339 time ({e})", c.at),
                )
            })?;
            corrections.push(Correction {
                at: at.with_timezone(&Utc),
                note: c.note,
            });
        }
        Ok(Content {
            kind: self.kind,
            section: self.section.trim().to_string(),
            headline: self.headline,
            dek: self.dek.unwrap_or_default(),
            slug: self.slug.unwrap_or_default(),
            bylines: names(self.bylines),
            tags: names(self.tags),
            image: self.image.map(|i| Image {
                src: i.src,
                alt: i.alt,
                caption: i.caption,
                credit: i.credit,
            }),
            review,
            list,
            corrections,
            body,
        })
    }
}

fn names(v: Option<OneOrMany>) -> Vec<String> {
    v.map(|v| {
        v.0.into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

impl RawReview {
    /// The keys present in this fact box, in DESIGN's order.
    fn present(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        let mut note = |k: &'static str, present: bool| {
            if present {
                keys.push(k)
            }
        };
        note("title", self.title.is_some());
        note("director", self.director.is_some());
        note("cast", self.cast.is_some());
        note("rated", self.rated.is_some());
        note("studio", self.studio.is_some());
        note("year", self.year.is_some());
        note("runtime", self.runtime.is_some());
        note("releases", self.releases.is_some());
        note("artist", self.artist.is_some());
        note("label", self.label.is_some());
        note("released", self.released.is_some());
        note("genre", self.genre.is_some());
        note("author", self.author.is_some());
        note("publisher", self.publisher.is_some());
        note("published", self.published.is_some());
        note("pages", self.pages.is_some());
        note("isbn", self.isbn.is_some());
        note("playwright", self.playwright.is_some());
        note("venue", self.venue.is_some());
        note("city", self.city.is_some());
        note("opened", self.opened.is_some());
        note("closes", self.closes.is_some());
        note("season", self.season.is_some());
        note("network", self.network.is_some());
        note("creator", self.creator.is_some());
        note("premiered", self.premiered.is_some());
        note("developer", self.developer.is_some());
        note("platform", self.platform.is_some());
        keys
    }

    fn into_review(self) -> Result<Review, Refusal> {
        let medium = self.medium.ok_or_else(|| {
            (
                "review.medium".to_string(),
                format!(
                    "missing required key `medium` (one of {})",
                    Subject::MEDIA.join(", ")
                ),
            )
        })?;
        let name = match medium {
            Medium::Film => "film",
            Medium::Album => "album",
            Medium::Book => "book",
            Medium::Stage => "stage",
            Medium::Television => "television",
            Medium::Game => "game",
        };
        let allowed = medium_keys(name);
        if let Some(k) = self.present().into_iter().find(|k| !allowed.contains(k)) {
            return Err((
                format!("review.{k}"),
                format!(
                    "a {name} fact box has no `{k}` (its keys: {}, score)",
                    allowed.join(", ")
                ),
            ));
        }
        if let Some(s) = self.score {
            if !(0.0..=10.0).contains(&s) {
                return Err((
                    "review.score".into(),
                    format!("the score {s} is off the magazine's scale of 0 to 10"),
                ));
            }
        }
        let list = |v: Option<OneOrMany>| names(v);
        let date = |d: Option<Date>| d.map(|d| d.0);
        let subject = match medium {
            Medium::Film => Subject::Film(Film {
                title: self.title,
                director: list(self.director),
                cast: list(self.cast),
                rated: self.rated,
                studio: self.studio,
                year: self.year,
                runtime: self.runtime,
                releases: self
                    .releases
                    .unwrap_or_default()
                    .into_iter()
                    .map(|r| Release {
                        region: r.region,
                        date: r.date.0,
                        note: r.note,
                    })
                    .collect(),
            }),
            Medium::Album => Subject::Album(Album {
                title: self.title,
                artist: self.artist,
                label: self.label,
                released: date(self.released),
                genre: list(self.genre),
            }),
            Medium::Book => Subject::Book(Book {
                title: self.title,
                author: list(self.author),
                publisher: self.publisher,
                published: date(self.published),
                pages: self.pages,
                isbn: self.isbn,
            }),
            Medium::Stage => {
                let mut directors = list(self.director);
                if directors.len() > 1 {
                    return Err((
                        "review.director".into(),
                        "a stage fact box names one director; put the others in the body".into(),
                    ));
                }
                Subject::Stage(StageShow {
                    title: self.title,
                    playwright: self.playwright,
                    director: directors.pop(),
                    cast: list(self.cast),
                    venue: self.venue,
                    city: self.city,
                    opened: date(self.opened),
                    closes: date(self.closes),
                })
            }
            Medium::Television => Subject::Television(Television {
                title: self.title,
                season: self.season,
                network: self.network,
                creator: list(self.creator),
                cast: list(self.cast),
                premiered: date(self.premiered),
            }),
            Medium::Game => Subject::Game(Game {
                title: self.title,
                developer: self.developer,
                publisher: self.publisher,
                platform: list(self.platform),
                released: date(self.released),
            }),
        };
        Ok(Review {
            subject,
            score: self.score,
        })
    }
}

impl RawList {
    fn into_list(self) -> Result<PieceList, Refusal> {
        if self.page_size == Some(0) {
            return Err((
                "list.page_size".into(),
                "a page holds at least one entry".into(),
            ));
        }
        Ok(PieceList {
            item: self.item,
            order: self.order.unwrap_or(ListOrder::Countdown),
            page_size: self.page_size.unwrap_or(PieceList::DEFAULT_PAGE_SIZE),
            method: self
                .method
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty()),
            ballots: self
                .ballots
                .into_iter()
                .map(|b| VoterBallot {
                    voter: b.voter.trim().to_string(),
                    picks: b.picks,
                })
                .collect(),
            entries: self
                .entries
                .into_iter()
                .map(|e| Entry {
                    rank: e.rank,
                    creator: e.creator,
                    title: e.title,
                    contributor: e
                        .contributor
                        .map(|c| c.trim().to_string())
                        .filter(|c| !c.is_empty()),
                    blurb: e.blurb,
                    link: e.link,
                    due: e.due.map(|d| d.0),
                    done: e.done.unwrap_or(false),
                })
                .collect(),
        })
    }
}

/// A calendar date written `YYYY-MM-DD`; a date that cannot exist is refused with its text.
struct Date(NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Date)
            .map_err(|e| {
                let why = match e.kind() {
                    chrono::format::ParseErrorKind::OutOfRange => "no such day".to_string(),
                    _ => "write dates as YYYY-MM-DD".to_string(),
                };
                de::Error::custom(format!("impossible date `{s}`: {why}"))
            })
    }
}

/// A list key that also accepts a single string: `director: Mark Romanek`.
struct OneOrMany(Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name or a list of names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<OneOrMany, E> {
                Ok(OneOrMany(Vec::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(OneOrMany(out))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> FileError {
        parse("bad.md", text.as_bytes()).expect_err("the file should be refused")
    }

    const FILM: &str = "---\nkind: review\nsection: Film\nheadline: Hi\nreview:\n  medium: film\n  title: Heat\n  year: 1995\n---\nBody.\n";

    #[test]
    fn a_good_file_reads() {
        let p = parse("ok.md", FILM.as_bytes()).unwrap();
        assert_eq!(p.content.body, "Body.\n");
        assert_eq!(p.content.review.unwrap().subject.title(), Some("Heat"));
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let e = refused(&FILM.replace("  year: 1995\n", "  year: 1995\n  colour: blue\n"));
        assert_eq!(e.line, Some(9), "colour is on line 9 of the file: {e}");
        assert_eq!(e.key.as_deref(), Some("review.colour"), "{e}");
    }

    #[test]
    fn key_of_another_medium_is_refused() {
        let e = refused(&FILM.replace("  year: 1995\n", "  label: Warp\n"));
        assert_eq!(
            (e.line, e.key.as_deref()),
            (Some(8), Some("review.label")),
            "{e}"
        );
    }

    #[test]
    fn wrong_type_names_line_and_key() {
        let e = refused(&FILM.replace("year: 1995", "year: soon"));
        assert_eq!(
            (e.line, e.key.as_deref()),
            (Some(8), Some("review.year")),
            "{e}"
        );
    }

    #[test]
    fn impossible_date_names_line_and_key() {
        let e = refused(&FILM.replace(
            "  year: 1995\n",
            "  releases:\n    - {region: US, date: 2010-02-30, note: Limited release}\n",
        ));
        assert_eq!(e.line, Some(9), "{e}");
        assert!(
            e.key
                .as_deref()
                .unwrap_or("")
                .starts_with("review.releases"),
            "{e}"
        );
        assert!(e.message.contains("2010-02-30"), "{e}");
    }

    #[test]
    fn missing_required_key() {
        let e = refused(&FILM.replace("kind: review\n", ""));
        assert_eq!(e.key.as_deref(), Some("kind"), "{e}");
    }

    #[test]
    fn bytes_that_are_not_a_piece_file() {
        assert!(refused("").message.contains("empty"));
        let mut bad = FILM.as_bytes().to_vec();
        bad.splice(60..60, [0xff, 0xfe]);
        let e = parse("bad.md", &bad).unwrap_err();
        assert!(
            e.message.contains("UTF-8") && e.line == Some(6),
            "byte 60 is on line 6: {e}"
        );
        let big = vec![b'a'; (MAX_FILE_BYTES + 1) as usize];
        assert!(parse("big.md", &big).unwrap_err().message.contains("10 MB"));
        assert_eq!(refused("just text\n").line, Some(1));
    }

    #[test]
    fn crlf_files_read_as_lf() {
        let p = parse("crlf.md", FILM.replace('\n', "\r\n").as_bytes()).unwrap();
        assert_eq!(p.content.body, "Body.\n");
    }
}
