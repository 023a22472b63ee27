//! Passes over Markdown events, one concern each, run in the order `render::markdown` gives.

pub mod anchors;
pub mod links;
pub mod pull_quote;
pub mod teaser;
