//! Integration tests of the core and the CLI: one binary, a module per concern.

mod cli;
mod desk;
mod render;
mod support;
mod workflow_prop;
