//! A list's poll on the shared desk, as files: `polls/ID/poll.json` holds what its runners
//! change (the list it belongs to, what is voted on, the rules, open or closed with every
//! opening and closing, the merges in force, the decisions and the pairs kept apart), and
//! `polls/ID/ballots/PERSON.json` one voter's ballot, named by the voter's id on the desk. So
//! the hook can tell whose change a file is: a ballot is its voter's (or, on their behalf, a
//! section editor's); the poll file is its runners'.
//!
//! JSON, written the same way every time (the same state gives the same bytes); a file that
//! does not read is an error naming the file, line and column.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::poll::{Pick, Rules};

pub const POLLS: &str = "polls";

/// A poll's own file: everything of it but the ballots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedPoll {
    pub id: String,
    /// The list piece's id.
    pub list: String,
    pub subject: String,
    pub rules: Rules,
    pub closes_at: Option<DateTime<Utc>>,
    pub open: bool,
    pub created_at: DateTime<Utc>,
    /// Opened, closed, reopened, in order.
    pub events: Vec<SharedEvent>,
    /// The merges in force, in the order they were made (candidate keys).
    pub merges: Vec<SharedMerge>,
    pub decisions: Vec<SharedDecision>,
    pub apart: Vec<SharedApart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedEvent {
    pub at: DateTime<Utc>,
    pub who: String,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedMerge {
    pub from: String,
    pub into: String,
    pub who: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedDecision {
    pub above: String,
    pub below: String,
    pub who: String,
    pub why: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedApart {
    pub a: String,
    pub b: String,
    pub who: String,
    pub at: DateTime<Utc>,
}

/// One voter's ballot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedBallot {
    /// The voter's name, as the people file has the person the file is named by.
    pub voter: String,
    /// The voter, or a section editor on their behalf.
    pub entered_by: String,
    pub at: DateTime<Utc>,
    pub picks: Vec<Pick>,
}

/// Which poll file a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollFile<'a> {
    Poll(&'a str),
    Ballot { poll: &'a str, voter: &'a str },
}

impl<'a> PollFile<'a> {
    pub fn poll(self) -> &'a str {
        match self {
            PollFile::Poll(p) | PollFile::Ballot { poll: p, .. } => p,
        }
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

/// The poll file `path` names, if it names one.
pub fn poll_file(path: &str) -> Option<PollFile<'_>> {
    let rest = path.strip_prefix(POLLS)?.strip_prefix('/')?;
    let (poll, rest) = rest.split_once('/')?;
    if !is_id(poll) {
        return None;
    }
    if rest == "poll.json" {
        return Some(PollFile::Poll(poll));
    }
    let voter = rest.strip_prefix("ballots/")?.strip_suffix(".json")?;
    is_id(voter).then_some(PollFile::Ballot { poll, voter })
}

pub fn poll_path(poll: &str) -> String {
    format!("{POLLS}/{poll}/poll.json")
}

pub fn ballot_path(poll: &str, voter_gid: &str) -> String {
    format!("{POLLS}/{poll}/ballots/{voter_gid}.json")
}

fn write<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("a poll file serialises");
    s.push('\n');
    s
}

fn read<T: for<'de> Deserialize<'de>>(path: &str, text: &str) -> Result<T, String> {
    serde_json::from_str(text)
        .map_err(|e| format!("{path}: line {}, column {}: {e}", e.line(), e.column()))
}

pub fn write_poll(p: &SharedPoll) -> String {
    write(p)
}

pub fn write_ballot(b: &SharedBallot) -> String {
    write(b)
}

pub fn read_poll(path: &str, text: &str) -> Result<SharedPoll, String> {
    read(path, text)
}

pub fn read_ballot(path: &str, text: &str) -> Result<SharedBallot, String> {
    read(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_poll_files_name_polls() {
        let id = "01a23ad8-24b5-7306-bbf9-b19eef002340";
        assert_eq!(poll_file(&poll_path(id)), Some(PollFile::Poll(id)));
        assert_eq!(
            poll_file(&ballot_path(id, "0f3e")),
            Some(PollFile::Ballot {
                poll: id,
                voter: "0f3e"
            })
        );
        for other in [
            "polls/x/poll.json",
            "polls/0f3e/poll.yaml",
            "polls/0f3e/ballots/../people.json",
            "polls/0f3e/other/0f3e.json",
            "pieces/0f3e.md",
        ] {
            assert_eq!(poll_file(other), None, "{other}");
        }
    }

    #[test]
    fn a_bad_poll_file_is_named_by_line_and_column() {
        let e = read_ballot("polls/0f/ballots/0e.json", "{\n  \"voter\": 3\n}").unwrap_err();
        assert!(
            e.starts_with("polls/0f/ballots/0e.json: line 2, column"),
            "{e}"
        );
    }
}
