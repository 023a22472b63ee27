//! The piece file: Markdown with YAML front matter, the one text format of import, export,
//! drafts folders and tests (DESIGN, "The piece file").
//!
//! Reading goes in three steps: check the bytes (size, UTF-8, not empty) and split the front
//! matter from the body; deserialize the front matter into raw structs that deny unknown keys, so
//! the YAML parser itself reports the line; then turn the raw structs into domain types, checking
//! what serde cannot (which keys belong to which medium, dates that cannot exist). Every error
//! names the file, the line and the key.
//!
//! Writing ([`write`]) is deterministic: the same piece always gives the same bytes, and what it
//! writes reads back to the same piece.
//!
//! Not here: slugs, people and workflow state. The caller decides what a parsed file becomes.

mod read;
mod write;

pub use read::{parse, Parsed, State};
pub use write::{write, write_piece};

/// Piece files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Why a piece file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default(), key.as_ref().map(|k| format!(": {k}")).unwrap_or_default())]
pub struct FileError {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line in the file, where one can be named.
    pub line: Option<usize>,
    /// The key, as a dotted path such as `review.releases[1].date`.
    pub key: Option<String>,
    pub message: String,
}
