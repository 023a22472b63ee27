//! Galley's core: the editorial desk of a culture magazine, with no UI and no transport.
//!
//! Every caller (the CLI, the desktop shell, the tests) goes through [`api`]. The other modules
//! are the desk's parts: [`domain`] (the nouns), [`piece_file`] (the text format), [`store`]
//! (SQLite), [`workflow`] (who may move what where), [`schedule`] (time zones and due pieces) and
//! [`search`] (the full-text index, in the store), and [`render`] (the preview and the published site). Time is
//! an input: nothing below `api` reads the clock.

pub mod api;
pub mod archive;
pub mod copydesk;
pub mod domain;
pub mod piece_file;
pub mod poll;
pub mod render;
pub mod schedule;
pub mod shared;
pub mod store;
/// The full-text index: part of the store (its SQL lives there), named here for what it is.
pub use store::search;
pub mod workflow;
