//! Polls on a shared desk, the desk's side: each poll of the store written as its files
//! (`shared::poll_files`), the files others sent taken into the store, and the three-way choice
//! a sync makes for each file: what only the shared desk changed is taken in, what only this
//! desk changed goes out, and a file changed on both sides to different ends is refused by
//! name, never merged by guessing.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, Transaction};

use super::{Error, ErrorCode, Result};
use crate::shared::git::{CatFile, Git};
use crate::shared::poll_files::{self as pf, PollFile};
use crate::store;

/// A poll file's path and text.
pub(crate) type PollFiles = BTreeMap<String, String>;

fn storage(what: String) -> Error {
    Error::new(ErrorCode::Storage, what)
}

/// Every poll of the desk as its shared files.
pub(crate) fn poll_files(conn: &Connection) -> Result<PollFiles> {
    let mut out = PollFiles::new();
    for id in store::all_poll_ids(conn)? {
        let p = store::poll(conn, &id)?.ok_or_else(|| storage(format!("poll {id} went")))?;
        let rules = serde_json::from_str(&p.rules)
            .map_err(|e| storage(format!("poll {id}'s rules: {e}")))?;
        let poll = pf::SharedPoll {
            id: p.id.clone(),
            list: p.list.clone(),
            subject: p.subject.clone(),
            rules,
            closes_at: p.closes_at,
            open: p.open,
            created_at: p.created_at,
            events: store::poll_events(conn, &id)?
                .into_iter()
                .map(|e| pf::SharedEvent {
                    at: e.at,
                    who: e.who,
                    what: e.what,
                })
                .collect(),
            merges: store::merges(conn, &id)?
                .into_iter()
                .map(|m| pf::SharedMerge {
                    from: m.from_key,
                    into: m.into_key,
                    who: m.who,
                    at: m.at,
                })
                .collect(),
            decisions: store::decisions(conn, &id)?
                .into_iter()
                .map(|d| pf::SharedDecision {
                    above: d.above,
                    below: d.below,
                    who: d.who,
                    why: d.why,
                    at: d.at,
                })
                .collect(),
            apart: store::apart_rows(conn, &id)?
                .into_iter()
                .map(|(a, b, who, at)| pf::SharedApart { a, b, who, at })
                .collect(),
        };
        out.insert(pf::poll_path(&id), pf::write_poll(&poll));
        for b in store::ballots(conn, &id)? {
            let voter = store::person_by_name(conn, &b.voter)?
                .ok_or_else(|| storage(format!("{}'s ballot has no person", b.voter)))?;
            let picks = serde_json::from_str(&b.picks)
                .map_err(|e| storage(format!("{}'s ballot: {e}", b.voter)))?;
            let ballot = pf::SharedBallot {
                voter: b.voter,
                entered_by: b.entered_by,
                at: b.updated_at,
                picks,
            };
            out.insert(pf::ballot_path(&id, &voter.gid), pf::write_ballot(&ballot));
        }
    }
    Ok(out)
}

/// The poll files of the shared desk at `rev`.
pub(crate) fn poll_files_at(git: &Git, cat: &mut CatFile, rev: &str) -> Result<PollFiles> {
    let mut out = PollFiles::new();
    for (path, blob) in git.files(rev, pf::POLLS)? {
        if pf::poll_file(&path).is_none() {
            continue;
        }
        let bytes = cat.blob(&blob)?.unwrap_or_default();
        out.insert(path, String::from_utf8_lossy(&bytes).into_owned());
    }
    Ok(out)
}

fn person_id(tx: &Transaction, name: &str, path: &str) -> Result<crate::domain::PersonId> {
    Ok(store::person_by_name(tx, name)?
        .ok_or_else(|| Error::bad_input(format!("{path}: {name} is not a person of this desk")))?
        .id)
}

/// Takes the shared desk's version of poll files into the store (`None`: the file is gone):
/// each poll's own file before its ballots, which need the poll.
pub(crate) fn take_in(tx: &Transaction, files: &BTreeMap<String, Option<String>>) -> Result<()> {
    let polls_first = files
        .iter()
        .filter(|(p, _)| matches!(pf::poll_file(p), Some(PollFile::Poll(_))))
        .chain(
            files
                .iter()
                .filter(|(p, _)| matches!(pf::poll_file(p), Some(PollFile::Ballot { .. }))),
        );
    for (path, text) in polls_first {
        match (pf::poll_file(path), text) {
            (Some(PollFile::Poll(_)), None) => {
                return Err(Error::bad_input(format!(
                    "{path} is gone from the shared desk; a poll is never deleted"
                )))
            }
            (Some(PollFile::Poll(id)), Some(text)) => {
                let p = pf::read_poll(path, text).map_err(Error::bad_input)?;
                if p.id != id {
                    return Err(Error::bad_input(format!(
                        "{path}: its id is {}, not the {id} its folder says",
                        p.id
                    )));
                }
                let row = store::PollRow {
                    id: p.id.clone(),
                    list: p.list.clone(),
                    subject: p.subject.clone(),
                    rules: serde_json::to_string(&p.rules).expect("rules serialise"),
                    closes_at: p.closes_at,
                    open: p.open,
                    created_at: p.created_at,
                };
                if !store::replace_poll(tx, &row)? {
                    return Err(Error::bad_input(format!(
                        "{path}: its list {} is not on the desk",
                        p.list
                    )));
                }
                for e in &p.events {
                    let who = person_id(tx, &e.who, path)?;
                    store::add_poll_event(tx, &p.id, who, &e.what, e.at)?;
                }
                for m in &p.merges {
                    let who = person_id(tx, &m.who, path)?;
                    store::add_merge(tx, &p.id, &m.from, &m.into, who, m.at)?;
                }
                for d in &p.decisions {
                    let who = person_id(tx, &d.who, path)?;
                    store::add_decision(tx, &p.id, &d.above, &d.below, who, &d.why, d.at)?;
                }
                for a in &p.apart {
                    let who = person_id(tx, &a.who, path)?;
                    store::add_apart(tx, &p.id, &a.a, &a.b, who, a.at)?;
                }
            }
            (Some(PollFile::Ballot { poll, voter }), None) => {
                if let Some(v) = store::person_by_gid(tx, voter)? {
                    store::delete_ballot(tx, poll, v.id)?;
                }
            }
            (Some(PollFile::Ballot { poll, .. }), Some(text)) => {
                let b = pf::read_ballot(path, text).map_err(Error::bad_input)?;
                let voter = person_id(tx, &b.voter, path)?;
                let by = person_id(tx, &b.entered_by, path)?;
                let picks = serde_json::to_string(&b.picks).expect("picks serialise");
                store::put_ballot(tx, poll, voter, by, &picks, b.at)?;
            }
            (None, _) => {}
        }
    }
    Ok(())
}

/// How a poll file is named to a person: "Ann Vo's ballot in the poll of “…”" or "the poll
/// of “…”".
fn describe(conn: &Connection, path: &str, text: Option<&str>) -> String {
    let poll = pf::poll_file(path)
        .map(|f| f.poll().to_string())
        .unwrap_or_default();
    let headline = store::poll(conn, &poll)
        .ok()
        .flatten()
        .and_then(|p| store::load_piece(conn, &p.list).ok().flatten())
        .map(|l| format!("the poll of \u{201c}{}\u{201d}", l.content.headline))
        .unwrap_or_else(|| format!("poll {poll}"));
    match (pf::poll_file(path), text) {
        (Some(PollFile::Ballot { .. }), Some(t)) => match pf::read_ballot(path, t) {
            Ok(b) => format!("{}'s ballot in {headline}", b.voter),
            Err(_) => format!("a ballot in {headline}"),
        },
        (Some(PollFile::Ballot { .. }), None) => format!("a ballot in {headline}"),
        _ => headline,
    }
}

/// The three-way choice for each poll file between the last synced state (`base`), this
/// desk's (`mine`) and the shared desk's (`theirs`): the files to take in, and what the
/// person is told. What only the shared desk changed comes in; what only this desk changed
/// stays, to go out. A file both sides changed to different ends is not merged: the shared
/// desk's is taken, and the person is told whose change of theirs did not go out.
pub(crate) fn to_take_in(
    conn: &Connection,
    base: &PollFiles,
    mine: &PollFiles,
    theirs: &PollFiles,
) -> (BTreeMap<String, Option<String>>, Vec<String>) {
    let paths: BTreeSet<&String> = base
        .keys()
        .chain(mine.keys())
        .chain(theirs.keys())
        .collect();
    let mut take = BTreeMap::new();
    let mut told = Vec::new();
    for path in paths {
        let (b, m, t) = (base.get(path), mine.get(path), theirs.get(path));
        if m == t || t == b {
            // The same on both sides, or only this desk changed it (it goes out).
            continue;
        }
        if m != b {
            told.push(format!(
                "{} changed here and on the shared desk since the last sync: the shared desk's is kept and yours was not sent; make your change again if it still stands",
                describe(conn, path, m.map(String::as_str))
            ));
        }
        take.insert(path.clone(), t.cloned());
    }
    (take, told)
}

/// Holds back what this desk would send that the shared desk would refuse, judged by the
/// hook's own check (`poll_files::check_change`) against the shared desk's files: such a change
/// is undone here (the shared desk's version taken, or a poll or ballot it does not have taken
/// off), and the person is told why, so that it does not block every sync after.
pub(crate) fn hold_back(
    tx: &Transaction,
    person: &crate::domain::Person,
    theirs: &PollFiles,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<String>> {
    let mut told = Vec::new();
    let parse_poll = |files: &PollFiles, id: &str| {
        files
            .get(&pf::poll_path(id))
            .and_then(|t| pf::read_poll(&pf::poll_path(id), t).ok())
    };
    // The polls' own files first: a ballot is judged against its poll as it will stand.
    for ballots in [false, true] {
        let mine = poll_files(tx)?;
        for (path, text) in &mine {
            let Some(f) = pf::poll_file(path) else {
                continue;
            };
            if matches!(f, PollFile::Ballot { .. }) != ballots || theirs.get(path) == Some(text) {
                continue;
            }
            let stood = parse_poll(theirs, f.poll());
            let after = parse_poll(&mine, f.poll());
            let Some(list_id) = after.as_ref().or(stood.as_ref()).map(|p| p.list.clone()) else {
                continue;
            };
            let Some(list) = store::load_piece(tx, &list_id)? else {
                continue;
            };
            let voter = match f {
                PollFile::Ballot { voter, .. } => store::person_by_gid(tx, voter)?.map(|p| p.name),
                PollFile::Poll(_) => None,
            };
            let list_has_other_poll = stood.is_none()
                && theirs.iter().any(|(p, t)| {
                    matches!(pf::poll_file(p), Some(PollFile::Poll(id)) if id != f.poll())
                        && pf::read_poll(p, t).is_ok_and(|o| o.list == list_id)
                });
            let change = pf::PollChange {
                path,
                file: f,
                stood: stood.as_ref(),
                after: after.as_ref(),
                text: Some(text),
                voter: voter.as_deref(),
                list_has_other_poll,
            };
            let Err(why) = pf::check_change(person, &list, &change, now) else {
                continue;
            };
            let what = describe(tx, path, Some(text));
            match (theirs.get(path), f) {
                (Some(t), _) => take_in(tx, &BTreeMap::from([(path.clone(), Some(t.clone()))]))?,
                (None, PollFile::Ballot { poll, .. }) => {
                    if let Some(v) = voter
                        .as_deref()
                        .and_then(|v| store::person_by_name(tx, v).ok().flatten())
                    {
                        store::delete_ballot(tx, poll, v.id)?;
                    }
                }
                (None, PollFile::Poll(id)) => store::delete_poll(tx, id)?,
            }
            told.push(format!(
                "{what} was not sent, and is as the shared desk has it: {why}"
            ));
        }
    }
    Ok(told)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> PollFiles {
        pairs
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn each_file_goes_the_way_only_one_side_changed_it() {
        let base = files(&[("polls/a/poll.json", "1"), ("polls/a/ballots/b.json", "1")]);
        let mine = files(&[
            ("polls/a/poll.json", "1"),
            ("polls/a/ballots/b.json", "2"),
            ("polls/a/ballots/c.json", "1"),
        ]);
        let theirs = files(&[
            ("polls/a/poll.json", "3"),
            ("polls/a/ballots/b.json", "1"),
            ("polls/a/ballots/d.json", "1"),
        ]);
        let conn = Connection::open_in_memory().unwrap();
        let (take, told) = to_take_in(&conn, &base, &mine, &theirs);
        assert!(told.is_empty(), "{told:?}");
        assert_eq!(
            take.into_iter().collect::<Vec<_>>(),
            vec![
                ("polls/a/ballots/d.json".to_string(), Some("1".to_string())),
                ("polls/a/poll.json".to_string(), Some("3".to_string())),
            ],
            "theirs where only they changed; mine stays where only I did"
        );
    }

    #[test]
    fn a_file_both_sides_changed_differently_keeps_theirs_and_says_so() {
        let conn = Connection::open_in_memory().unwrap();
        let base = files(&[("polls/a/ballots/b.json", "1")]);
        let mine = files(&[("polls/a/ballots/b.json", "2")]);
        let theirs = files(&[("polls/a/ballots/b.json", "3")]);
        let (take, told) = to_take_in(&conn, &base, &mine, &theirs);
        assert_eq!(
            take.into_iter().collect::<Vec<_>>(),
            vec![("polls/a/ballots/b.json".to_string(), Some("3".to_string()))]
        );
        assert_eq!(told.len(), 1);
        assert!(told[0].contains("yours was not sent"), "{told:?}");
        let same = files(&[("polls/a/ballots/b.json", "2")]);
        let (take, told) = to_take_in(&conn, &base, &mine, &same);
        assert!(
            take.is_empty() && told.is_empty(),
            "the same change on both sides is no conflict"
        );
    }
}
