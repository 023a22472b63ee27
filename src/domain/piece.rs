//! The piece: its kind, its content (what a save changes) and its workflow facts (stage,
//! revision, times), with the content's own validity checks.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Marks, PieceId, Review, Stage};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Review,
    List,
    Feature,
}

const KINDS: &[(Kind, &str)] = &[
    (Kind::Review, "review"),
    (Kind::List, "list"),
    (Kind::Feature, "feature"),
];

impl Kind {
    pub fn as_str(self) -> &'static str {
        KINDS
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, n)| *n)
            .unwrap_or("feature")
    }

    pub fn parse(s: &str) -> Option<Kind> {
        super::parse_name(KINDS, s)
    }

    pub fn names() -> String {
        super::names(KINDS)
    }
}

/// What a writer or editor edits: everything the piece file carries. Workflow state (stage,
/// revision, times) lives beside it in [`Piece`], so that a save of content can never move a piece.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

impl Content {
    /// Puts content in the form the desk stores, whoever sent it: `\n` line endings, names
    /// trimmed and empty ones dropped, the section trimmed.
    pub fn tidy(&mut self) {
        fn lf(s: &mut String) {
            if s.contains('\r') {
                *s = s.replace("\r\n", "\n").replace('\r', "\n");
            }
        }
        fn names(v: &mut Vec<String>) {
            for n in v.iter_mut() {
                *n = n.trim().to_string();
            }
            v.retain(|n| !n.is_empty());
        }
        lf(&mut self.body);
        self.section = self.section.trim().to_string();
        self.slug = self.slug.trim().to_string();
        names(&mut self.bylines);
        names(&mut self.tags);
        if let Some(r) = &mut self.review {
            // -0 reads back as 0; keep one spelling so a file exports the same twice.
            r.score = r.score.map(|s| if s == 0.0 { 0.0 } else { s });
        }
        if let Some(l) = &mut self.list {
            for e in &mut l.entries {
                if let Some(b) = &mut e.blurb {
                    lf(b);
                }
                e.contributor = e
                    .contributor
                    .take()
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty());
            }
        }
    }

    /// What makes content impossible to keep: the key and why. The workflow asks for more
    /// before a piece goes out; this is what even a draft must be.
    pub fn check(&self) -> Result<(), (String, String)> {
        let fail = |k: &str, m: &str| Err((k.to_string(), m.to_string()));
        if self.section.is_empty() {
            return fail("section", "the section is empty");
        }
        match (self.kind, &self.review, &self.list) {
            (Kind::Review, None, _) => {
                return fail("review", "a review needs a fact box with its medium")
            }
            (Kind::List, _, None) => return fail("list", "a list needs its entries block"),
            (k, Some(_), _) if k != Kind::Review => {
                return fail("review", "only a review has a fact box")
            }
            (k, _, Some(_)) if k != Kind::List => return fail("list", "only a list has entries"),
            _ => {}
        }
        if let Some(s) = self.review.as_ref().and_then(|r| r.score) {
            if !(0.0..=10.0).contains(&s) {
                return fail(
                    "review.score",
                    "the score is off the magazine's scale of 0 to 10",
                );
            }
        }
        if self.list.as_ref().is_some_and(|l| l.page_size == 0) {
            return fail("list.page_size", "a page holds at least one entry");
        }
        Ok(())
    }

    /// Words in the body and, for lists, the blurbs: what a writer means by "length".
    pub fn word_count(&self) -> usize {
        let blurbs = self
            .list
            .iter()
            .flat_map(|l| &l.entries)
            .map(|e| e.blurb.as_deref().unwrap_or(""));
        std::iter::once(self.body.as_str())
            .chain(blurbs)
            .map(|t| {
                t.split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .count()
            })
            .sum()
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Image {
    pub src: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    pub at: DateTime<Utc>,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListOrder {
    /// Printed from N down to 1, the year-end countdown.
    Countdown,
    /// Printed from 1 up to N.
    Countup,
}

impl ListOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            ListOrder::Countdown => "countdown",
            ListOrder::Countup => "countup",
        }
    }
}

/// A ranked list: the intro is the piece's body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PieceList {
    /// What is ranked: song, album, film, book, ...
    pub item: String,
    pub order: ListOrder,
    pub page_size: u32,
    pub entries: Vec<Entry>,
    /// How the list was made, printed under it ("84 critics; 10 points for a first place
    /// down to 1 for a 10th"): a poll's assembly writes it.
    pub method: Option<String>,
    /// Every voter's ballot, published on a page after the list's own (as Pazz & Jop and the
    /// Jazz Critics Poll print them); empty, no such page.
    #[serde(default)]
    pub ballots: Vec<VoterBallot>,
}

/// A voter's ballot as the ballots page prints it: their picks in their order, each spelled
/// `Creator, “Title”`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VoterBallot {
    pub voter: String,
    pub picks: Vec<String>,
}

impl PieceList {
    pub const DEFAULT_PAGE_SIZE: u32 = 10;
}

/// One ranked entry, rendered as `70. The Horrors - "Machine"`, the blurb, then `- Contributor`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Entry {
    pub rank: u32,
    pub creator: Option<String>,
    pub title: Option<String>,
    pub contributor: Option<String>,
    pub blurb: Option<String>,
    pub link: Option<String>,
    /// When the blurb is due from its contributor.
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// The contributor has handed the blurb in.
    #[serde(default)]
    pub done: bool,
}

/// A piece on the desk: its content and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Piece {
    pub id: PieceId,
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
    /// The copy desk's queries and suggestions.
    #[serde(default, skip_serializing_if = "Marks::is_empty")]
    pub marks: Marks,
}

/// A URL slug from a headline: lowercase letters and digits joined by single hyphens.
pub fn slugify(headline: &str) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    for c in headline.chars().flat_map(char::to_lowercase) {
        let c = fold_latin(c);
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else if c != '\'' && c != '’' {
            pending_dash = true;
        }
    }
    out
}

/// Folds the accented Latin letters common in names and titles to ASCII, so "Björk" slugs as "bjork".
fn fold_latin(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain() {
        assert_eq!(
            slugify("Soul Searching: 'Never Let Me Go'"),
            "soul-searching-never-let-me-go"
        );
        assert_eq!(
            slugify("The 70 Best Songs of 2017"),
            "the-70-best-songs-of-2017"
        );
        assert_eq!(slugify("Björk’s Homogenic"), "bjorks-homogenic");
        assert_eq!(slugify("  --  "), "");
    }
}
