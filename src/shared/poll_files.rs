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

use crate::domain::{Person, Piece};
use crate::poll::{Pick, Rules};
use crate::workflow;

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

/// A change to one poll file, as the server's hook (and a desk, before it sends) judges it.
#[derive(Debug, Clone, Copy)]
pub struct PollChange<'a> {
    pub path: &'a str,
    pub file: PollFile<'a>,
    /// The poll's own file before the change; none for a poll the change makes.
    pub stood: Option<&'a SharedPoll>,
    /// The poll's own file after it (a ballot's poll, when the same change makes it).
    pub after: Option<&'a SharedPoll>,
    /// The changed file's new text; none if the change deletes it.
    pub text: Option<&'a str>,
    /// For a ballot file: the name of the person it is named for, if the desk has them.
    pub voter: Option<&'a str>,
    /// Another poll already belongs to the list.
    pub list_has_other_poll: bool,
}

const EVENTS: [&str; 3] = ["open", "close", "reopen"];

/// Whether `person` may make change `c` to a poll of `list` at `now`, in the workflow's words:
/// a poll's own file only by the list's section editors and editors (its history only added
/// to, by them); a ballot by its voter, or a section editor on their behalf, while the poll
/// takes ballots, checked against the poll's rules; every file as Galley writes it, so every
/// desk takes it in and writes it back the same.
pub fn check_change(
    person: &Person,
    list: &Piece,
    c: &PollChange,
    now: DateTime<Utc>,
) -> Result<(), String> {
    let name = person.name.as_str();
    let headline = list.content.headline.as_str();
    let refused = |r: workflow::Refusal| {
        format!(
            "{name} may not {}: {} (the poll of \u{201c}{headline}\u{201d})",
            r.action,
            r.problems.join("; ")
        )
    };
    let as_written = |again: String, text: &str| {
        if again == text {
            Ok(())
        } else {
            Err(format!(
                "{}: not as Galley writes it; change polls through Galley",
                c.path
            ))
        }
    };
    match c.file {
        PollFile::Poll(id) => {
            let Some(text) = c.text else {
                return Err(format!("{name} may not delete the poll of \u{201c}{headline}\u{201d}: a poll is never deleted"));
            };
            let after = read_poll(c.path, text)?;
            as_written(write_poll(&after), text)?;
            if after.id != id {
                return Err(format!(
                    "{}: its id is {}, not the {id} its folder says",
                    c.path, after.id
                ));
            }
            if list.content.kind != crate::domain::Kind::List {
                return Err(format!(
                    "{}: a poll belongs to a list piece, and \u{201c}{headline}\u{201d} is a {}",
                    c.path,
                    list.content.kind.as_str()
                ));
            }
            if let Some(e) = after
                .events
                .iter()
                .find(|e| !EVENTS.contains(&e.what.as_str()))
            {
                return Err(format!(
                    "{}: `{}` is not an event of a poll (open, close, reopen)",
                    c.path, e.what
                ));
            }
            if after.apart.iter().any(|a| a.a > a.b) {
                return Err(format!(
                    "{}: a pair kept apart is written smaller key first",
                    c.path
                ));
            }
            let old: &[SharedEvent] = c.stood.map(|s| s.events.as_slice()).unwrap_or(&[]);
            let kept = after.events.len() >= old.len() && after.events[..old.len()] == *old;
            if !kept || after.events[old.len()..].iter().any(|e| e.who != name) {
                return Err(format!(
                    "{}: a poll's openings and closings are only added to, each by whoever made it",
                    c.path
                ));
            }
            let action = match c.stood {
                None if c.list_has_other_poll => {
                    return Err(format!("{name} may not open a poll: \u{201c}{headline}\u{201d} has its poll already"));
                }
                None => "open a poll",
                Some(b) if b.list != after.list || b.created_at != after.created_at => {
                    return Err(format!(
                        "{}: a poll stays with its list, and keeps when it was opened",
                        c.path
                    ));
                }
                Some(b) if b.open && !after.open => "close the poll",
                Some(b) if !b.open && after.open => "reopen the poll",
                Some(_) => "change the poll's rules, merges or decisions",
            };
            workflow::may_run_poll(person, list, action).map_err(refused)
        }
        PollFile::Ballot { voter: gid, .. } => {
            let Some(poll) = c.stood.or(c.after) else {
                return Err(format!("{}: there is no such poll on the desk", c.path));
            };
            let Some(voter) = c.voter else {
                return Err(format!(
                    "{}: no person of the desk has the id {gid}",
                    c.path
                ));
            };
            if let Some(text) = c.text {
                let b = read_ballot(c.path, text)?;
                as_written(write_ballot(&b), text)?;
                if b.voter != voter {
                    return Err(format!(
                        "{}: the ballot says it is {}'s, but the file is {voter}'s",
                        c.path, b.voter
                    ));
                }
                if b.entered_by != name {
                    return Err(format!("{}: a ballot records who entered it, and {name} is entering this one, not {}", c.path, b.entered_by));
                }
                let ballot = crate::poll::Ballot {
                    voter: b.voter.clone(),
                    picks: b.picks.clone(),
                };
                crate::poll::tally(
                    &poll.rules,
                    std::slice::from_ref(&ballot),
                    &Default::default(),
                    &[],
                )
                .map_err(|e| format!("{}: {e}", c.path))?;
            }
            let open = workflow::poll_takes_ballots(poll.open, poll.closes_at, now);
            workflow::may_enter_ballot(person, voter, list, open).map_err(refused)
        }
    }
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

    fn person(name: &str, roles: &[crate::domain::Role], sections: &[&str]) -> Person {
        Person {
            id: 1,
            gid: "0a".into(),
            name: name.into(),
            roles: roles.to_vec(),
            sections: sections.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn list() -> Piece {
        let t = DateTime::UNIX_EPOCH;
        Piece {
            id: "0c".into(),
            marks: Default::default(),
            stage: crate::domain::Stage::Draft,
            revision: 1,
            created_at: t,
            updated_at: t,
            scheduled_at: None,
            schedule_zone: None,
            published_at: None,
            content: crate::domain::Content {
                kind: crate::domain::Kind::List,
                section: "Music".into(),
                headline: "Songs".into(),
                dek: "".into(),
                slug: "songs".into(),
                bylines: vec![],
                tags: vec![],
                image: None,
                review: None,
                list: None,
                corrections: vec![],
                body: "".into(),
            },
        }
    }

    fn poll(open: bool) -> SharedPoll {
        let t = DateTime::UNIX_EPOCH;
        SharedPoll {
            id: "0b".into(),
            list: "0c".into(),
            subject: "song".into(),
            rules: Rules {
                ballot_size: Some(2),
                ..Rules::default()
            },
            closes_at: None,
            open,
            created_at: t,
            events: vec![SharedEvent {
                at: t,
                who: "Sam".into(),
                what: "open".into(),
            }],
            merges: vec![],
            decisions: vec![],
            apart: vec![],
        }
    }

    fn ballot(voter: &str, by: &str, picks: usize) -> String {
        write_ballot(&SharedBallot {
            voter: voter.into(),
            entered_by: by.into(),
            at: DateTime::UNIX_EPOCH,
            picks: (0..picks)
                .map(|i| Pick {
                    creator: "A".into(),
                    title: format!("T{i}"),
                    rank: Some(i as u32 + 1),
                    points: None,
                    year: None,
                })
                .collect(),
        })
    }

    #[test]
    fn a_change_to_a_poll_file_is_judged_by_the_workflow() {
        use crate::domain::Role;
        let sam = person("Sam", &[Role::SectionEditor], &["Music"]);
        let ann = person("Ann", &[Role::Writer], &[]);
        let (open, closed) = (poll(true), poll(false));
        let now = DateTime::UNIX_EPOCH;
        let path = ballot_path("0b", "0a");
        let mine = ballot("Ann", "Ann", 2);
        let change =
            |stood: &'static SharedPoll, text: &'static str, voter: &'static str| PollChange {
                path: Box::leak(path.clone().into_boxed_str()),
                file: PollFile::Ballot {
                    poll: "0b",
                    voter: "0a",
                },
                stood: Some(stood),
                after: Some(stood),
                text: Some(text),
                voter: Some(voter),
                list_has_other_poll: false,
            };
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let open: &'static SharedPoll = Box::leak(Box::new(open));
        let closed: &'static SharedPoll = Box::leak(Box::new(closed));
        let list = list();
        // Her own, while open: yes. Closed, or someone else's, or too long, or misattributed: no.
        assert_eq!(
            check_change(&ann, &list, &change(open, leak(mine.clone()), "Ann"), now),
            Ok(())
        );
        let e =
            check_change(&ann, &list, &change(closed, leak(mine.clone()), "Ann"), now).unwrap_err();
        assert!(e.ends_with("may not change Ann's ballot: the poll is closed (the poll of \u{201c}Songs\u{201d})"), "{e}");
        let e = check_change(
            &ann,
            &list,
            &change(open, leak(ballot("Bo", "Ann", 1)), "Bo"),
            now,
        )
        .unwrap_err();
        assert!(
            e.contains("a ballot is its voter's own, and Ann is not Bo"),
            "{e}"
        );
        let e = check_change(
            &ann,
            &list,
            &change(open, leak(ballot("Ann", "Ann", 3)), "Ann"),
            now,
        )
        .unwrap_err();
        assert!(e.starts_with(&path) && e.contains("3 picks"), "{e}");
        let e = check_change(
            &ann,
            &list,
            &change(open, leak(ballot("Ann", "Sam", 1)), "Ann"),
            now,
        )
        .unwrap_err();
        assert!(e.contains("a ballot records who entered it"), "{e}");
        let e = check_change(
            &ann,
            &list,
            &change(open, leak(mine.replace("  ", "\t")), "Ann"),
            now,
        )
        .unwrap_err();
        assert!(e.contains("not as Galley writes it"), "{e}");
        // On her behalf, the section editor may.
        assert_eq!(
            check_change(
                &sam,
                &list,
                &change(open, leak(ballot("Ann", "Sam", 1)), "Ann"),
                now
            ),
            Ok(())
        );

        // The poll's own file: its runners close it; its history is only added to.
        let mut shut = (*open).clone();
        shut.open = false;
        shut.events.push(SharedEvent {
            at: now,
            who: "Sam".into(),
            what: "close".into(),
        });
        let shut_text = write_poll(&shut);
        let poll_change =
            |stood: Option<&'static SharedPoll>, text: &'static str, other: bool| PollChange {
                path: "polls/0b/poll.json",
                file: PollFile::Poll("0b"),
                stood,
                after: None,
                text: Some(text),
                voter: None,
                list_has_other_poll: other,
            };
        assert_eq!(
            check_change(
                &sam,
                &list,
                &poll_change(Some(open), leak(shut_text.clone()), false),
                now
            ),
            Ok(())
        );
        let mut by_ann = shut.clone();
        by_ann.events[1].who = "Ann".into();
        let e = check_change(
            &ann,
            &list,
            &poll_change(Some(open), leak(write_poll(&by_ann)), false),
            now,
        )
        .unwrap_err();
        assert!(
            e.starts_with("Ann may not close the poll: Ann is not an editor of Music"),
            "{e}"
        );
        let mut rewritten = shut.clone();
        rewritten.events[0].who = "Ed".into();
        let e = check_change(
            &sam,
            &list,
            &poll_change(Some(open), leak(write_poll(&rewritten)), false),
            now,
        )
        .unwrap_err();
        assert!(e.contains("only added to"), "{e}");
        let e = check_change(
            &sam,
            &list,
            &poll_change(None, leak(write_poll(open)), true),
            now,
        )
        .unwrap_err();
        assert!(e.contains("has its poll already"), "{e}");
        let mut deleted = poll_change(Some(open), "", false);
        deleted.text = None;
        assert!(check_change(&sam, &list, &deleted, now)
            .unwrap_err()
            .contains("a poll is never deleted"));
    }
}
