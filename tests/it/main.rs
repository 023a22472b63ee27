//! Integration tests of the core and the CLI: one binary, a module per concern.

mod archive;
mod cli;
mod copydesk;
mod desk;
mod drafts;
mod ipc_types;
mod polls;
mod render;
mod serve;
mod shared_desk;
mod sshd;
mod support;
mod tidy;
mod workflow_prop;
