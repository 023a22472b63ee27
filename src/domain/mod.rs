//! The newsroom's nouns: pieces, their fact boxes and lists, people and the workflow's stages and moves.
//!
//! Plain data with no I/O. Storage, the piece-file format and the workflow rules live elsewhere
//! and speak in these types. Enums that reach the database or a file have stable lowercase names
//! (`as_str`/`parse`), never their Rust spelling.

mod marks;
mod person;
mod piece;
mod review;
mod stage;

pub use marks::{
    Anchor, AnchorStatus, Decision, Marks, Message, Query, QueryEvent, SetAside, Suggestion,
};
pub use person::{Person, Role};
pub use piece::{
    slugify, Content, Correction, Entry, Image, Kind, ListOrder, Piece, PieceList, VoterBallot,
};
pub use review::{
    Album, Book, Film, Game, Release, Review, Stage as StageShow, Subject, Television,
};
pub use stage::{Move, Stage};

/// Piece ids are UUID v7 strings; people are numbered by the store.
pub type PieceId = String;
pub type PersonId = i64;

/// Parses one of a closed set of lowercase names, for enums stored as text.
pub(crate) fn parse_name<T: Copy>(all: &[(T, &str)], s: &str) -> Option<T> {
    all.iter().find(|(_, n)| *n == s).map(|(v, _)| *v)
}

/// Names of a closed set, for messages such as "expected one of draft, copyedit, ...".
pub(crate) fn names<T>(all: &[(T, &str)]) -> String {
    all.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ")
}
