//! A review's fact box, typed per medium (film, album, book, stage, television, game), and the
//! score.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A review's fact box: what is reviewed, typed per medium, and the optional score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub subject: Subject,
    /// On the magazine's scale (0–10 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// The thing reviewed. Every field is optional while the piece is worked on; the workflow asks
/// for a title before the piece can be scheduled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "medium", rename_all = "lowercase")]
pub enum Subject {
    Film(Film),
    Album(Album),
    Book(Book),
    Stage(Stage),
    Television(Television),
    Game(Game),
}

impl Subject {
    pub const MEDIA: [&'static str; 6] = ["film", "album", "book", "stage", "television", "game"];

    pub fn medium(&self) -> &'static str {
        match self {
            Subject::Film(_) => "film",
            Subject::Album(_) => "album",
            Subject::Book(_) => "book",
            Subject::Stage(_) => "stage",
            Subject::Television(_) => "television",
            Subject::Game(_) => "game",
        }
    }

    pub fn title(&self) -> Option<&str> {
        match self {
            Subject::Film(f) => f.title.as_deref(),
            Subject::Album(a) => a.title.as_deref(),
            Subject::Book(b) => b.title.as_deref(),
            Subject::Stage(s) => s.title.as_deref(),
            Subject::Television(t) => t.title.as_deref(),
            Subject::Game(g) => g.title.as_deref(),
        }
    }

    /// An empty fact box for a new review of `medium`.
    pub fn empty(medium: &str) -> Option<Subject> {
        Some(match medium {
            "film" => Subject::Film(Film::default()),
            "album" => Subject::Album(Album::default()),
            "book" => Subject::Book(Book::default()),
            "stage" => Subject::Stage(Stage::default()),
            "television" => Subject::Television(Television::default()),
            "game" => Subject::Game(Game::default()),
            _ => return None,
        })
    }

    /// Every name and title in the fact box, for the search index.
    pub fn search_text(&self) -> String {
        let one = |o: &Option<String>| o.iter().cloned().collect::<Vec<_>>();
        let parts: Vec<Vec<String>> = match self {
            Subject::Film(f) => vec![
                one(&f.title),
                one(&f.studio),
                f.director.clone(),
                f.cast.clone(),
            ],
            Subject::Album(a) => vec![
                one(&a.title),
                one(&a.artist),
                one(&a.label),
                a.genre.clone(),
            ],
            Subject::Book(b) => vec![one(&b.title), one(&b.publisher), b.author.clone()],
            Subject::Stage(s) => vec![
                one(&s.title),
                one(&s.playwright),
                one(&s.director),
                one(&s.venue),
                one(&s.city),
                s.cast.clone(),
            ],
            Subject::Television(t) => vec![
                one(&t.title),
                one(&t.network),
                t.creator.clone(),
                t.cast.clone(),
            ],
            Subject::Game(g) => vec![
                one(&g.title),
                one(&g.developer),
                one(&g.publisher),
                g.platform.clone(),
            ],
        };
        parts.concat().join(" · ")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

/// One release of a film in one region, e.g. `US date: 2010-09-15 (Limited release)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Release {
    pub region: String,
    pub date: NaiveDate,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Album {
    pub title: Option<String>,
    pub artist: Option<String>,
    pub label: Option<String>,
    pub released: Option<NaiveDate>,
    pub genre: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Book {
    pub title: Option<String>,
    pub author: Vec<String>,
    pub publisher: Option<String>,
    pub published: Option<NaiveDate>,
    pub pages: Option<u32>,
    pub isbn: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub title: Option<String>,
    pub playwright: Option<String>,
    pub director: Option<String>,
    pub cast: Vec<String>,
    pub venue: Option<String>,
    pub city: Option<String>,
    pub opened: Option<NaiveDate>,
    pub closes: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Television {
    pub title: Option<String>,
    pub season: Option<u32>,
    pub network: Option<String>,
    pub creator: Vec<String>,
    pub cast: Vec<String>,
    pub premiered: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Game {
    pub title: Option<String>,
    pub developer: Option<String>,
    pub publisher: Option<String>,
    pub platform: Vec<String>,
    pub released: Option<NaiveDate>,
}
