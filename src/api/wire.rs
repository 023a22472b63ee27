//! The wire: the types the desktop UI sees of the core's own (pieces, people, stages, history
//! rows, search hits, the scheduler's report, the preview), each with the JSON shape and the
//! TypeScript name the UI knows, and a `From` for each direction it crosses.
//!
//! The core's types derive no TypeScript export: a change to them changes the wire only when a
//! type here changes with it, on purpose. Each conversion takes the core's value apart field by
//! field, so a field added below fails to compile here until the wire says what to do with it.
//! What the UI only receives converts from the core's type; what it sends (content and its
//! parts, the enums) converts back too. The store's JSON of content is this JSON: a test in
//! `tests/it/ipc_types.rs` holds them equal.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api;
use crate::domain;
use crate::poll;
use crate::render;
use crate::schedule;
use crate::search;
use crate::store;

// ---- stages and moves ----------------------------------------------------------------------

/// Where a piece stands in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Draft,
    Copyedit,
    Scheduled,
    Published,
    Spiked,
}

impl From<domain::Stage> for Stage {
    fn from(s: domain::Stage) -> Stage {
        match s {
            domain::Stage::Draft => Stage::Draft,
            domain::Stage::Copyedit => Stage::Copyedit,
            domain::Stage::Scheduled => Stage::Scheduled,
            domain::Stage::Published => Stage::Published,
            domain::Stage::Spiked => Stage::Spiked,
        }
    }
}

impl From<Stage> for domain::Stage {
    fn from(s: Stage) -> domain::Stage {
        match s {
            Stage::Draft => domain::Stage::Draft,
            Stage::Copyedit => domain::Stage::Copyedit,
            Stage::Scheduled => domain::Stage::Scheduled,
            Stage::Published => domain::Stage::Published,
            Stage::Spiked => domain::Stage::Spiked,
        }
    }
}

/// A move of the workflow table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Move {
    Create,
    Archive,
    Submit,
    Return,
    Schedule,
    Unschedule,
    Publish,
    Correct,
    Spike,
    Restore,
}

impl From<domain::Move> for Move {
    fn from(m: domain::Move) -> Move {
        match m {
            domain::Move::Create => Move::Create,
            domain::Move::Archive => Move::Archive,
            domain::Move::Submit => Move::Submit,
            domain::Move::Return => Move::Return,
            domain::Move::Schedule => Move::Schedule,
            domain::Move::Unschedule => Move::Unschedule,
            domain::Move::Publish => Move::Publish,
            domain::Move::Correct => Move::Correct,
            domain::Move::Spike => Move::Spike,
            domain::Move::Restore => Move::Restore,
        }
    }
}

impl From<Move> for domain::Move {
    fn from(m: Move) -> domain::Move {
        match m {
            Move::Create => domain::Move::Create,
            Move::Archive => domain::Move::Archive,
            Move::Submit => domain::Move::Submit,
            Move::Return => domain::Move::Return,
            Move::Schedule => domain::Move::Schedule,
            Move::Unschedule => domain::Move::Unschedule,
            Move::Publish => domain::Move::Publish,
            Move::Correct => domain::Move::Correct,
            Move::Spike => domain::Move::Spike,
            Move::Restore => domain::Move::Restore,
        }
    }
}

// ---- people --------------------------------------------------------------------------------

/// What a person may do on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Writer,
    CopyEditor,
    Editor,
    SectionEditor,
    Admin,
}

impl From<domain::Role> for Role {
    fn from(r: domain::Role) -> Role {
        match r {
            domain::Role::Writer => Role::Writer,
            domain::Role::CopyEditor => Role::CopyEditor,
            domain::Role::Editor => Role::Editor,
            domain::Role::SectionEditor => Role::SectionEditor,
            domain::Role::Admin => Role::Admin,
        }
    }
}

impl From<Role> for domain::Role {
    fn from(r: Role) -> domain::Role {
        match r {
            Role::Writer => domain::Role::Writer,
            Role::CopyEditor => domain::Role::CopyEditor,
            Role::Editor => domain::Role::Editor,
            Role::SectionEditor => domain::Role::SectionEditor,
            Role::Admin => domain::Role::Admin,
        }
    }
}

/// A person of the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Person {
    pub id: domain::PersonId,
    pub name: String,
    pub roles: Vec<Role>,
    /// The sections a section editor edits (data, not code: "Music", "Film", ...).
    pub sections: Vec<String>,
}

impl From<domain::Person> for Person {
    fn from(p: domain::Person) -> Person {
        let domain::Person {
            id,
            gid: _,
            name,
            roles,
            sections,
        } = p;
        Person {
            id,
            name,
            roles: roles.into_iter().map(Into::into).collect(),
            sections,
        }
    }
}

// ---- pieces --------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Review,
    List,
    Feature,
}

impl From<domain::Kind> for Kind {
    fn from(k: domain::Kind) -> Kind {
        match k {
            domain::Kind::Review => Kind::Review,
            domain::Kind::List => Kind::List,
            domain::Kind::Feature => Kind::Feature,
        }
    }
}

impl From<Kind> for domain::Kind {
    fn from(k: Kind) -> domain::Kind {
        match k {
            Kind::Review => domain::Kind::Review,
            Kind::List => domain::Kind::List,
            Kind::Feature => domain::Kind::Feature,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ListOrder {
    /// Printed from N down to 1, the year-end countdown.
    Countdown,
    /// Printed from 1 up to N.
    Countup,
}

impl From<domain::ListOrder> for ListOrder {
    fn from(o: domain::ListOrder) -> ListOrder {
        match o {
            domain::ListOrder::Countdown => ListOrder::Countdown,
            domain::ListOrder::Countup => ListOrder::Countup,
        }
    }
}

impl From<ListOrder> for domain::ListOrder {
    fn from(o: ListOrder) -> domain::ListOrder {
        match o {
            ListOrder::Countdown => domain::ListOrder::Countdown,
            ListOrder::Countup => domain::ListOrder::Countup,
        }
    }
}

/// What a writer or editor edits: everything the piece file carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Content {
    pub kind: Kind,
    pub section: String,
    pub headline: String,
    pub dek: String,
    pub slug: String,
    pub bylines: Vec<String>,
    pub tags: Vec<String>,
    pub image: Option<Image>,
    pub review: Option<Review>,
    pub list: Option<PieceList>,
    /// Correction notes of a published piece, oldest first; each is shown on the page.
    pub corrections: Vec<Correction>,
    /// Markdown. Line endings are `\n`.
    pub body: String,
}

impl From<domain::Content> for Content {
    fn from(c: domain::Content) -> Content {
        let domain::Content {
            kind,
            section,
            headline,
            dek,
            slug,
            bylines,
            tags,
            image,
            review,
            list,
            corrections,
            body,
        } = c;
        Content {
            kind: kind.into(),
            section,
            headline,
            dek,
            slug,
            bylines,
            tags,
            image: image.map(Into::into),
            review: review.map(Into::into),
            list: list.map(Into::into),
            corrections: corrections.into_iter().map(Into::into).collect(),
            body,
        }
    }
}

impl From<Content> for domain::Content {
    fn from(c: Content) -> domain::Content {
        let Content {
            kind,
            section,
            headline,
            dek,
            slug,
            bylines,
            tags,
            image,
            review,
            list,
            corrections,
            body,
        } = c;
        domain::Content {
            kind: kind.into(),
            section,
            headline,
            dek,
            slug,
            bylines,
            tags,
            image: image.map(Into::into),
            review: review.map(Into::into),
            list: list.map(Into::into),
            corrections: corrections.into_iter().map(Into::into).collect(),
            body,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Image {
    pub src: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

impl From<domain::Image> for Image {
    fn from(i: domain::Image) -> Image {
        let domain::Image {
            src,
            alt,
            caption,
            credit,
        } = i;
        Image {
            src,
            alt,
            caption,
            credit,
        }
    }
}

impl From<Image> for domain::Image {
    fn from(i: Image) -> domain::Image {
        let Image {
            src,
            alt,
            caption,
            credit,
        } = i;
        domain::Image {
            src,
            alt,
            caption,
            credit,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Correction {
    pub at: DateTime<Utc>,
    pub note: String,
}

impl From<domain::Correction> for Correction {
    fn from(c: domain::Correction) -> Correction {
        let domain::Correction { at, note } = c;
        Correction { at, note }
    }
}

impl From<Correction> for domain::Correction {
    fn from(c: Correction) -> domain::Correction {
        let Correction { at, note } = c;
        domain::Correction { at, note }
    }
}

/// A ranked list: the intro is the piece's body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PieceList {
    /// What is ranked: song, album, film, book, ...
    pub item: String,
    pub order: ListOrder,
    pub page_size: u32,
    pub entries: Vec<Entry>,
    /// How the list was made, printed under it (a poll's assembly writes it).
    pub method: Option<String>,
    /// Every voter's ballot, for a page after the list's own; empty, no such page.
    #[serde(default)]
    pub ballots: Vec<VoterBallot>,
}

/// A voter's ballot as the ballots page prints it: each pick spelled `Creator, “Title”`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VoterBallot {
    pub voter: String,
    pub picks: Vec<String>,
}

impl From<domain::PieceList> for PieceList {
    fn from(l: domain::PieceList) -> PieceList {
        let domain::PieceList {
            item,
            order,
            page_size,
            entries,
            method,
            ballots,
        } = l;
        PieceList {
            item,
            order: order.into(),
            page_size,
            entries: entries.into_iter().map(Into::into).collect(),
            method,
            ballots: ballots
                .into_iter()
                .map(|b| VoterBallot {
                    voter: b.voter,
                    picks: b.picks,
                })
                .collect(),
        }
    }
}

impl From<PieceList> for domain::PieceList {
    fn from(l: PieceList) -> domain::PieceList {
        let PieceList {
            item,
            order,
            page_size,
            entries,
            method,
            ballots,
        } = l;
        domain::PieceList {
            item,
            order: order.into(),
            page_size,
            entries: entries.into_iter().map(Into::into).collect(),
            method,
            ballots: ballots
                .into_iter()
                .map(|b| domain::VoterBallot {
                    voter: b.voter,
                    picks: b.picks,
                })
                .collect(),
        }
    }
}

/// One ranked entry of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Entry {
    pub rank: u32,
    pub creator: Option<String>,
    pub title: Option<String>,
    pub contributor: Option<String>,
    pub blurb: Option<String>,
    pub link: Option<String>,
    /// When the blurb is due (`YYYY-MM-DD`).
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// The contributor has handed the blurb in.
    #[serde(default)]
    pub done: bool,
}

impl From<domain::Entry> for Entry {
    fn from(e: domain::Entry) -> Entry {
        let domain::Entry {
            rank,
            creator,
            title,
            contributor,
            blurb,
            link,
            due,
            done,
        } = e;
        Entry {
            rank,
            creator,
            title,
            contributor,
            blurb,
            link,
            due,
            done,
        }
    }
}

impl From<Entry> for domain::Entry {
    fn from(e: Entry) -> domain::Entry {
        let Entry {
            rank,
            creator,
            title,
            contributor,
            blurb,
            link,
            due,
            done,
        } = e;
        domain::Entry {
            rank,
            creator,
            title,
            contributor,
            blurb,
            link,
            due,
            done,
        }
    }
}

/// A piece on the desk: its content and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Piece {
    pub id: domain::PieceId,
    pub stage: Stage,
    /// Grows by one with every saved change, moves included.
    pub revision: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub scheduled_at: Option<DateTime<Utc>>,
    /// The IANA zone the editor scheduled in, e.g. `Europe/London`.
    pub schedule_zone: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub content: Content,
}

impl From<domain::Piece> for Piece {
    fn from(p: domain::Piece) -> Piece {
        let domain::Piece {
            id,
            stage,
            revision,
            created_at,
            updated_at,
            scheduled_at,
            schedule_zone,
            published_at,
            content,
            marks: _,
        } = p;
        Piece {
            id,
            stage: stage.into(),
            revision,
            created_at,
            updated_at,
            scheduled_at,
            schedule_zone,
            published_at,
            content: content.into(),
        }
    }
}

// ---- reviews -------------------------------------------------------------------------------

/// A review's fact box: what is reviewed, typed per medium, and the optional score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Review {
    pub subject: Subject,
    /// On the magazine's scale (0–10 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

impl From<domain::Review> for Review {
    fn from(r: domain::Review) -> Review {
        let domain::Review { subject, score } = r;
        Review {
            subject: subject.into(),
            score,
        }
    }
}

impl From<Review> for domain::Review {
    fn from(r: Review) -> domain::Review {
        let Review { subject, score } = r;
        domain::Review {
            subject: subject.into(),
            score,
        }
    }
}

/// The thing reviewed, typed per medium.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "medium", rename_all = "lowercase")]
pub enum Subject {
    Film(Film),
    Album(Album),
    Book(Book),
    Stage(StageShow),
    Television(Television),
    Game(Game),
}

impl From<domain::Subject> for Subject {
    fn from(s: domain::Subject) -> Subject {
        match s {
            domain::Subject::Film(f) => Subject::Film(f.into()),
            domain::Subject::Album(a) => Subject::Album(a.into()),
            domain::Subject::Book(b) => Subject::Book(b.into()),
            domain::Subject::Stage(s) => Subject::Stage(s.into()),
            domain::Subject::Television(t) => Subject::Television(t.into()),
            domain::Subject::Game(g) => Subject::Game(g.into()),
        }
    }
}

impl From<Subject> for domain::Subject {
    fn from(s: Subject) -> domain::Subject {
        match s {
            Subject::Film(f) => domain::Subject::Film(f.into()),
            Subject::Album(a) => domain::Subject::Album(a.into()),
            Subject::Book(b) => domain::Subject::Book(b.into()),
            Subject::Stage(s) => domain::Subject::Stage(s.into()),
            Subject::Television(t) => domain::Subject::Television(t.into()),
            Subject::Game(g) => domain::Subject::Game(g.into()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Film {
    pub title: Option<String>,
    pub director: Vec<String>,
    pub cast: Vec<String>,
    pub rated: Option<String>,
    pub studio: Option<String>,
    pub year: Option<i32>,
    /// Minutes.
    pub runtime: Option<u32>,
    pub releases: Vec<Release>,
}

impl From<domain::Film> for Film {
    fn from(f: domain::Film) -> Film {
        let domain::Film {
            title,
            director,
            cast,
            rated,
            studio,
            year,
            runtime,
            releases,
        } = f;
        Film {
            title,
            director,
            cast,
            rated,
            studio,
            year,
            runtime,
            releases: releases.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<Film> for domain::Film {
    fn from(f: Film) -> domain::Film {
        let Film {
            title,
            director,
            cast,
            rated,
            studio,
            year,
            runtime,
            releases,
        } = f;
        domain::Film {
            title,
            director,
            cast,
            rated,
            studio,
            year,
            runtime,
            releases: releases.into_iter().map(Into::into).collect(),
        }
    }
}

/// One release of a film in one region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Release {
    pub region: String,
    pub date: NaiveDate,
    pub note: Option<String>,
}

impl From<domain::Release> for Release {
    fn from(r: domain::Release) -> Release {
        let domain::Release { region, date, note } = r;
        Release { region, date, note }
    }
}

impl From<Release> for domain::Release {
    fn from(r: Release) -> domain::Release {
        let Release { region, date, note } = r;
        domain::Release { region, date, note }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Album {
    pub title: Option<String>,
    pub artist: Option<String>,
    pub label: Option<String>,
    pub released: Option<NaiveDate>,
    pub genre: Vec<String>,
}

impl From<domain::Album> for Album {
    fn from(a: domain::Album) -> Album {
        let domain::Album {
            title,
            artist,
            label,
            released,
            genre,
        } = a;
        Album {
            title,
            artist,
            label,
            released,
            genre,
        }
    }
}

impl From<Album> for domain::Album {
    fn from(a: Album) -> domain::Album {
        let Album {
            title,
            artist,
            label,
            released,
            genre,
        } = a;
        domain::Album {
            title,
            artist,
            label,
            released,
            genre,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Book {
    pub title: Option<String>,
    pub author: Vec<String>,
    pub publisher: Option<String>,
    pub published: Option<NaiveDate>,
    pub pages: Option<u32>,
    pub isbn: Option<String>,
}

impl From<domain::Book> for Book {
    fn from(b: domain::Book) -> Book {
        let domain::Book {
            title,
            author,
            publisher,
            published,
            pages,
            isbn,
        } = b;
        Book {
            title,
            author,
            publisher,
            published,
            pages,
            isbn,
        }
    }
}

impl From<Book> for domain::Book {
    fn from(b: Book) -> domain::Book {
        let Book {
            title,
            author,
            publisher,
            published,
            pages,
            isbn,
        } = b;
        domain::Book {
            title,
            author,
            publisher,
            published,
            pages,
            isbn,
        }
    }
}

/// A stage show's fact box (the core's `domain::StageShow`, medium `stage`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StageShow {
    pub title: Option<String>,
    pub playwright: Option<String>,
    pub director: Option<String>,
    pub cast: Vec<String>,
    pub venue: Option<String>,
    pub city: Option<String>,
    pub opened: Option<NaiveDate>,
    pub closes: Option<NaiveDate>,
}

impl From<domain::StageShow> for StageShow {
    fn from(s: domain::StageShow) -> StageShow {
        let domain::StageShow {
            title,
            playwright,
            director,
            cast,
            venue,
            city,
            opened,
            closes,
        } = s;
        StageShow {
            title,
            playwright,
            director,
            cast,
            venue,
            city,
            opened,
            closes,
        }
    }
}

impl From<StageShow> for domain::StageShow {
    fn from(s: StageShow) -> domain::StageShow {
        let StageShow {
            title,
            playwright,
            director,
            cast,
            venue,
            city,
            opened,
            closes,
        } = s;
        domain::StageShow {
            title,
            playwright,
            director,
            cast,
            venue,
            city,
            opened,
            closes,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Television {
    pub title: Option<String>,
    pub season: Option<u32>,
    pub network: Option<String>,
    pub creator: Vec<String>,
    pub cast: Vec<String>,
    pub premiered: Option<NaiveDate>,
}

impl From<domain::Television> for Television {
    fn from(t: domain::Television) -> Television {
        let domain::Television {
            title,
            season,
            network,
            creator,
            cast,
            premiered,
        } = t;
        Television {
            title,
            season,
            network,
            creator,
            cast,
            premiered,
        }
    }
}

impl From<Television> for domain::Television {
    fn from(t: Television) -> domain::Television {
        let Television {
            title,
            season,
            network,
            creator,
            cast,
            premiered,
        } = t;
        domain::Television {
            title,
            season,
            network,
            creator,
            cast,
            premiered,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Game {
    pub title: Option<String>,
    pub developer: Option<String>,
    pub publisher: Option<String>,
    pub platform: Vec<String>,
    pub released: Option<NaiveDate>,
}

impl From<domain::Game> for Game {
    fn from(g: domain::Game) -> Game {
        let domain::Game {
            title,
            developer,
            publisher,
            platform,
            released,
        } = g;
        Game {
            title,
            developer,
            publisher,
            platform,
            released,
        }
    }
}

impl From<Game> for domain::Game {
    fn from(g: Game) -> domain::Game {
        let Game {
            title,
            developer,
            publisher,
            platform,
            released,
        } = g;
        domain::Game {
            title,
            developer,
            publisher,
            platform,
            released,
        }
    }
}

// ---- history -------------------------------------------------------------------------------

/// One revision of a piece, as its history lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RevisionRow {
    pub number: i64,
    pub stage: Stage,
    pub why: String,
    pub note: Option<String>,
    /// `None` for the scheduler.
    pub who: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<store::RevisionRow> for RevisionRow {
    fn from(r: store::RevisionRow) -> RevisionRow {
        let store::RevisionRow {
            number,
            stage,
            why,
            note,
            who,
            at,
        } = r;
        RevisionRow {
            number,
            stage: stage.into(),
            why,
            note,
            who,
            at,
        }
    }
}

/// One move of a piece from stage to stage, as its history lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TransitionRow {
    pub from: Option<Stage>,
    pub to: Stage,
    #[serde(rename = "move")]
    pub mv: Move,
    pub who: Option<String>,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
    pub revision: i64,
}

impl From<store::TransitionRow> for TransitionRow {
    fn from(t: store::TransitionRow) -> TransitionRow {
        let store::TransitionRow {
            from,
            to,
            mv,
            who,
            at,
            note,
            revision,
        } = t;
        TransitionRow {
            from: from.map(Into::into),
            to: to.into(),
            mv: mv.into(),
            who,
            at,
            note,
            revision,
        }
    }
}

// ---- search --------------------------------------------------------------------------------

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Hit {
    pub id: String,
    pub kind: Kind,
    pub section: String,
    pub stage: Stage,
    pub headline: String,
    /// The best-matching passage, split into plain and highlighted runs.
    pub snippet: Vec<Run>,
    /// BM25: lower is better.
    pub score: f64,
}

impl From<search::Hit> for Hit {
    fn from(h: search::Hit) -> Hit {
        let search::Hit {
            id,
            kind,
            section,
            stage,
            headline,
            snippet,
            score,
        } = h;
        Hit {
            id,
            kind: kind.into(),
            section,
            stage: stage.into(),
            headline,
            snippet: snippet.into_iter().map(Into::into).collect(),
            score,
        }
    }
}

/// A run of a snippet: plain, or a highlighted match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Run {
    pub text: String,
    pub hit: bool,
}

impl From<search::Run> for Run {
    fn from(r: search::Run) -> Run {
        let search::Run { text, hit } = r;
        Run { text, hit }
    }
}

// ---- the scheduler -------------------------------------------------------------------------

/// What a run of the scheduler did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DueReport {
    pub published: Vec<Published>,
    /// Due pieces left scheduled because they no longer meet the rules (an editor emptied the
    /// dek after scheduling, say), with the refusal.
    pub held: Vec<Held>,
}

impl From<schedule::DueReport> for DueReport {
    fn from(r: schedule::DueReport) -> DueReport {
        let schedule::DueReport { published, held } = r;
        DueReport {
            published: published.into_iter().map(Into::into).collect(),
            held: held.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Published {
    pub id: String,
    pub headline: String,
    pub published_at: DateTime<Utc>,
}

impl From<schedule::Published> for Published {
    fn from(p: schedule::Published) -> Published {
        let schedule::Published {
            id,
            headline,
            published_at,
        } = p;
        Published {
            id,
            headline,
            published_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Held {
    pub id: String,
    pub headline: String,
    pub reason: String,
}

impl From<schedule::Held> for Held {
    fn from(h: schedule::Held) -> Held {
        let schedule::Held {
            id,
            headline,
            reason,
        } = h;
        Held {
            id,
            headline,
            reason,
        }
    }
}

// ---- the preview and the site --------------------------------------------------------------

/// What to show of a piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase", tag = "view", content = "page")]
pub enum View {
    /// The article page; for a list, its first page.
    Article,
    /// The front-page teaser card alone.
    Teaser,
    /// The front page with this piece in place, newest first.
    Front,
    /// Page N (from 1) of a list.
    List(u32),
}

impl From<render::View> for View {
    fn from(v: render::View) -> View {
        match v {
            render::View::Article => View::Article,
            render::View::Teaser => View::Teaser,
            render::View::Front => View::Front,
            render::View::List(n) => View::List(n),
        }
    }
}

impl From<View> for render::View {
    fn from(v: View) -> render::View {
        match v {
            View::Article => render::View::Article,
            View::Teaser => render::View::Teaser,
            View::Front => render::View::Front,
            View::List(n) => render::View::List(n),
        }
    }
}

/// The preview's width switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Width {
    Desktop,
    Tablet,
    Phone,
}

impl From<render::Width> for Width {
    fn from(w: render::Width) -> Width {
        match w {
            render::Width::Desktop => Width::Desktop,
            render::Width::Tablet => Width::Tablet,
            render::Width::Phone => Width::Phone,
        }
    }
}

impl From<Width> for render::Width {
    fn from(w: Width) -> render::Width {
        match w {
            Width::Desktop => render::Width::Desktop,
            Width::Tablet => render::Width::Tablet,
            Width::Phone => render::Width::Phone,
        }
    }
}

/// What the preview shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Shown {
    pub html: String,
    /// The error of this render, if it failed; `html` is then the last good render (marked) or
    /// a page that says what went wrong.
    pub error: Option<String>,
}

impl From<render::preview::Shown> for Shown {
    fn from(s: render::preview::Shown) -> Shown {
        let render::preview::Shown { html, error } = s;
        Shown { html, error }
    }
}

/// What a build of the site wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BuildReport {
    /// HTML pages written (articles, list pages, front and section pages).
    pub pages: usize,
    /// All files written, feed, sitemap and stylesheet included.
    pub files: usize,
    pub bytes: u64,
    pub seconds: f64,
}

impl From<render::site::BuildReport> for BuildReport {
    fn from(b: render::site::BuildReport) -> BuildReport {
        let render::site::BuildReport {
            pages,
            files,
            bytes,
            seconds,
        } = b;
        BuildReport {
            pages,
            files,
            bytes,
            seconds,
        }
    }
}

// ---- polls ---------------------------------------------------------------------------------

/// How a ballot's picks become points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Scheme {
    /// Points by rank, first place first (`10,8,6,4,2`).
    Points { points: Vec<u32> },
    /// n points for a first place down to 1 for the nth.
    Borda,
    /// One point a pick.
    Mentions,
    /// Each voter shares `total` points, `min` to `max` a pick.
    Split { total: u32, min: u32, max: u32 },
    /// 3 for a first place, 2 for a second, 1 for any other.
    Metacritic,
}

impl From<poll::Scheme> for Scheme {
    fn from(s: poll::Scheme) -> Scheme {
        match s {
            poll::Scheme::Points { points } => Scheme::Points { points },
            poll::Scheme::Borda => Scheme::Borda,
            poll::Scheme::Mentions => Scheme::Mentions,
            poll::Scheme::Split { total, min, max } => Scheme::Split { total, min, max },
            poll::Scheme::Metacritic => Scheme::Metacritic,
        }
    }
}

impl From<Scheme> for poll::Scheme {
    fn from(s: Scheme) -> poll::Scheme {
        match s {
            Scheme::Points { points } => poll::Scheme::Points { points },
            Scheme::Borda => poll::Scheme::Borda,
            Scheme::Mentions => poll::Scheme::Mentions,
            Scheme::Split { total, min, max } => poll::Scheme::Split { total, min, max },
            Scheme::Metacritic => poll::Scheme::Metacritic,
        }
    }
}

/// One rule of the tie-break chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    Points,
    Mentions,
    /// More first places, then more second places, ...
    Firsts,
}

impl From<poll::TieBreak> for TieBreak {
    fn from(t: poll::TieBreak) -> TieBreak {
        match t {
            poll::TieBreak::Points => TieBreak::Points,
            poll::TieBreak::Mentions => TieBreak::Mentions,
            poll::TieBreak::Firsts => TieBreak::Firsts,
        }
    }
}

impl From<TieBreak> for poll::TieBreak {
    fn from(t: TieBreak) -> poll::TieBreak {
        match t {
            TieBreak::Points => poll::TieBreak::Points,
            TieBreak::Mentions => poll::TieBreak::Mentions,
            TieBreak::Firsts => poll::TieBreak::Firsts,
        }
    }
}

/// A poll's rules as they read.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Rules {
    pub scheme: Scheme,
    /// The scheme in words, as the methodology line says it.
    pub described: String,
    pub ballot_size: Option<usize>,
    /// Points for each pick of an unranked ballot.
    pub unranked_weight: f64,
    pub tie_breaks: Vec<TieBreak>,
    /// Only works of these years count (first, last).
    pub eligible: Option<(i32, i32)>,
}

impl From<poll::Rules> for Rules {
    fn from(r: poll::Rules) -> Rules {
        let poll::Rules {
            scheme,
            ballot_size,
            unranked_weight,
            tie_breaks,
            eligible,
        } = r;
        Rules {
            described: scheme.describe(),
            scheme: scheme.into(),
            ballot_size,
            unranked_weight: unranked_weight as f64 / poll::CENTS as f64,
            tie_breaks: tie_breaks.into_iter().map(Into::into).collect(),
            eligible,
        }
    }
}

/// Opened, closed or reopened: when and by whom.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PollEvent {
    pub at: DateTime<Utc>,
    pub who: String,
    /// `open`, `close` or `reopen`.
    pub what: String,
}

/// A list's poll.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Poll {
    pub id: String,
    /// The list piece it belongs to.
    pub list: String,
    pub headline: String,
    pub subject: String,
    pub rules: Rules,
    pub open: bool,
    pub closes_at: Option<DateTime<Utc>>,
    pub ballots: usize,
    pub events: Vec<PollEvent>,
}

impl From<api::PollView> for Poll {
    fn from(v: api::PollView) -> Poll {
        let api::PollView {
            id,
            list,
            headline,
            subject,
            rules,
            open,
            closes_at,
            ballots,
            events,
        } = v;
        Poll {
            id,
            list,
            headline,
            subject,
            rules: rules.into(),
            open,
            closes_at,
            ballots,
            events: events
                .into_iter()
                .map(|(at, who, what)| PollEvent { at, who, what })
                .collect(),
        }
    }
}

/// One pick of a ballot: a rank for a ranked ballot, points for a split one, the work's year
/// where the poll has an eligibility window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BallotPick {
    pub creator: String,
    pub title: String,
    pub rank: Option<u32>,
    #[serde(default)]
    pub points: Option<u32>,
    #[serde(default)]
    pub year: Option<i32>,
}

impl From<poll::Pick> for BallotPick {
    fn from(p: poll::Pick) -> BallotPick {
        let poll::Pick {
            creator,
            title,
            rank,
            points,
            year,
        } = p;
        BallotPick {
            creator,
            title,
            rank,
            points,
            year,
        }
    }
}

impl From<BallotPick> for poll::Pick {
    fn from(p: BallotPick) -> poll::Pick {
        let BallotPick {
            creator,
            title,
            rank,
            points,
            year,
        } = p;
        poll::Pick {
            creator,
            title,
            rank,
            points,
            year,
        }
    }
}

/// A voter's ballot, and who entered it (the voter, or a section editor on their behalf).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BallotRow {
    pub voter: String,
    pub entered_by: String,
    pub picks: Vec<BallotPick>,
}

/// A candidate in its place.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Placed {
    pub place: usize,
    /// Shares its place with a neighbour (`=12`) until the chain or an editor decides.
    pub tied: bool,
    /// How the poll's commands name it: `Creator|Title` (the title alone without a creator).
    pub name: String,
    pub creator: String,
    pub title: String,
    /// The other spellings counted as this work.
    pub merged_spellings: Vec<String>,
    pub points: f64,
    pub mentions: u32,
    /// Votes at each rank: first places, second places, ...
    pub by_rank: Vec<u32>,
    pub voters: Vec<String>,
    /// What put it above the next: a rule of the chain, an editor's decision, or null.
    pub above_next: Option<String>,
}

/// The count of a poll.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Tally {
    pub ballots: usize,
    /// Every counted pick's points together.
    pub total_points: f64,
    pub candidates: Vec<Placed>,
    /// Picks not counted, and why.
    pub notices: Vec<String>,
}

impl From<poll::Tally> for Tally {
    fn from(t: poll::Tally) -> Tally {
        let poll::Tally {
            ballots,
            total_points,
            candidates,
            notices,
        } = t;
        let points = |p: i64| p as f64 / poll::CENTS as f64;
        Tally {
            ballots,
            total_points: points(total_points),
            candidates: candidates
                .into_iter()
                .map(|p| {
                    let c = &p.candidate;
                    Placed {
                        place: p.place,
                        tied: p.tied,
                        name: if c.creator.is_empty() {
                            c.title.clone()
                        } else {
                            format!("{}|{}", c.creator, c.title)
                        },
                        creator: c.creator.clone(),
                        title: c.title.clone(),
                        merged_spellings: c.merged_spellings.clone(),
                        points: points(c.points),
                        mentions: c.mentions,
                        by_rank: c.by_rank.clone(),
                        voters: c.voters.clone(),
                        above_next: p.above_next,
                    }
                })
                .collect(),
            notices,
        }
    }
}
