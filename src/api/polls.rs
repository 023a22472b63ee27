//! Year-end polls on the desk: opening a list's poll, ballots entered by their voters or
//! imported from a spreadsheet by a section editor, the tally, merging two candidates and
//! deciding a tie. The rules of who may do what are `workflow`'s; the count is `poll`'s.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{Desk, Error, ErrorCode, Result};
use crate::domain::{Kind, Role};
use crate::poll::{self, csv, names, Ballot, Decision, Pick, Rules, Tally};
use crate::store;
use crate::workflow;

/// How a poll is set up when it opens.
#[derive(Debug, Clone)]
pub struct PollSettings {
    /// What is voted on: song, album, film...
    pub subject: String,
    pub rules: Rules,
    pub closes_at: Option<DateTime<Utc>>,
}

/// A poll as a person reads it.
#[derive(Debug, Clone, Serialize)]
pub struct PollView {
    pub id: String,
    /// The list piece it belongs to.
    pub list: String,
    pub headline: String,
    pub subject: String,
    pub rules: Rules,
    pub open: bool,
    pub closes_at: Option<DateTime<Utc>>,
    pub ballots: usize,
    /// Opened, closed, reopened: when and by whom.
    pub events: Vec<(DateTime<Utc>, String, String)>,
}

/// What an import of ballots did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BallotImport {
    pub ballots: usize,
    pub picks: usize,
    /// Voters who were not people of the desk, added as writers.
    pub added_people: Vec<String>,
}

/// Which spreadsheet column holds what (`voter=Critic,rank=2,creator=Artist,title=Song`): a
/// header's text or a column's number from 1.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    voter: Option<String>,
    title: Option<String>,
    creator: Option<String>,
    rank: Option<String>,
    points: Option<String>,
    year: Option<String>,
}

impl Columns {
    pub fn parse(spec: &str) -> Result<Columns> {
        let mut c = Columns::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((field, col)) = part.split_once('=') else {
                return Err(Error::bad_input(format!(
                    "columns: `{part}` is not FIELD=COLUMN (fields: voter, title, creator, rank, points, year)"
                )));
            };
            let col = Some(col.trim().to_string());
            match field.trim() {
                "voter" => c.voter = col,
                "title" => c.title = col,
                "creator" => c.creator = col,
                "rank" => c.rank = col,
                "points" => c.points = col,
                "year" => c.year = col,
                other => {
                    return Err(Error::bad_input(format!(
                        "columns: there is no field `{other}` (fields: voter, title, creator, rank, points, year)"
                    )))
                }
            }
        }
        if c.voter.is_none() || c.title.is_none() {
            return Err(Error::bad_input(
                "columns: name at least the voter's and the title's (voter=COLUMN,title=COLUMN)",
            ));
        }
        Ok(c)
    }
}

fn bad(e: workflow::Refusal) -> Error {
    e.into()
}

impl Desk {
    fn poll_row(&self, id: &str) -> Result<store::PollRow> {
        if let Some(p) = store::poll(&self.conn, id)? {
            return Ok(p);
        }
        let ids = store::poll_ids(&self.conn, id.trim())?;
        match ids.as_slice() {
            [one] => Ok(store::poll(&self.conn, one)?.expect("listed just now")),
            [] => {
                // A list's id (or a prefix of it) names its poll too.
                let list = self.resolve(id)?;
                store::poll(&self.conn, &list)?
                    .ok_or_else(|| Error::not_found(format!("no poll with id `{id}`")))
            }
            _ => Err(Error::new(
                ErrorCode::Ambiguous,
                format!("`{id}` starts the ids of several polls: give more of it"),
            )),
        }
    }

    /// The poll, its list, and the person acting, who must run the list's poll to `action`.
    fn poll_to_run(
        &self,
        actor: &str,
        id: &str,
        action: &str,
    ) -> Result<(crate::domain::Person, store::PollRow, crate::domain::Piece)> {
        let person = self.person(actor)?;
        let p = self.poll_row(id)?;
        let list = self.piece(&p.list)?;
        workflow::may_run_poll(&person, &list, action).map_err(bad)?;
        Ok((person, p, list))
    }

    /// The merges in force: each merged key to the key it was merged into.
    fn poll_merges(&self, poll: &str) -> Result<BTreeMap<String, String>> {
        Ok(store::merges(&self.conn, poll)?
            .into_iter()
            .map(|m| (m.from_key, m.into_key))
            .collect())
    }

    fn rules_of(p: &store::PollRow) -> Result<Rules> {
        serde_json::from_str(&p.rules)
            .map_err(|e| Error::new(ErrorCode::Storage, format!("poll {}'s rules: {e}", p.id)))
    }

    /// Opens the poll of list piece `list` (its section editors and editors).
    pub fn open_poll(
        &mut self,
        actor: &str,
        list: &str,
        settings: PollSettings,
        now: DateTime<Utc>,
    ) -> Result<PollView> {
        let person = self.person(actor)?;
        let piece = self.piece(list)?;
        if piece.content.kind != Kind::List {
            return Err(Error::bad_input(format!(
                "a poll belongs to a list piece; \u{201c}{}\u{201d} is a {}",
                piece.content.headline,
                piece.content.kind.as_str()
            )));
        }
        workflow::may_run_poll(&person, &piece, "open a poll").map_err(bad)?;
        if store::poll(&self.conn, &piece.id)?.is_some() {
            return Err(Error::bad_input(format!(
                "\u{201c}{}\u{201d} has its poll already",
                piece.content.headline
            )));
        }
        if settings.subject.trim().is_empty() {
            return Err(Error::bad_input(
                "say what the poll votes on (song, album, film, ...)",
            ));
        }
        check_rules(&settings.rules)?;
        let id = uuid::Uuid::now_v7().to_string();
        let tx = store::write(&mut self.conn)?;
        store::insert_poll(
            &tx,
            &store::PollRow {
                id: id.clone(),
                list: piece.id.clone(),
                subject: settings.subject.trim().to_string(),
                rules: serde_json::to_string(&settings.rules).expect("rules serialise"),
                closes_at: settings.closes_at,
                open: true,
                created_at: now,
            },
        )?;
        store::add_poll_event(&tx, &id, person.id, "open", now)?;
        tx.commit()?;
        self.poll_view(&id)
    }

    pub fn poll_view(&self, id: &str) -> Result<PollView> {
        let p = self.poll_row(id)?;
        let list = self.piece(&p.list)?;
        Ok(PollView {
            rules: Desk::rules_of(&p)?,
            ballots: store::ballots(&self.conn, &p.id)?.len(),
            events: store::poll_events(&self.conn, &p.id)?
                .into_iter()
                .map(|e| (e.at, e.who, e.what))
                .collect(),
            id: p.id,
            list: p.list,
            headline: list.content.headline,
            subject: p.subject,
            open: p.open,
            closes_at: p.closes_at,
        })
    }

    /// Closes or reopens a poll; each is recorded with who and when.
    pub fn set_poll_open(
        &mut self,
        actor: &str,
        id: &str,
        open: bool,
        now: DateTime<Utc>,
    ) -> Result<PollView> {
        let what = if open { "reopen" } else { "close" };
        let (person, p, _) = self.poll_to_run(actor, id, &format!("{what} the poll"))?;
        if p.open == open {
            return Err(Error::bad_input(format!(
                "the poll is {} already",
                if open { "open" } else { "closed" }
            )));
        }
        let tx = store::write(&mut self.conn)?;
        store::set_poll_open(&tx, &p.id, open)?;
        store::add_poll_event(&tx, &p.id, person.id, what, now)?;
        tx.commit()?;
        self.poll_view(&p.id)
    }

    /// A closing time written `YYYY-MM-DD HH:MM` in the publication's zone.
    pub fn closing_time(&self, wall: &str) -> Result<DateTime<Utc>> {
        Ok(crate::schedule::resolve(wall, &self.zone()?)?.at)
    }

    /// Whether `actor` may open a poll on list `list`: `None` if they may, else why not.
    pub fn may_open_poll(&self, actor: &str, list: &str) -> Result<Option<String>> {
        let person = self.person(actor)?;
        let piece = self.piece(list)?;
        if piece.content.kind != Kind::List {
            return Ok(Some(format!(
                "a poll belongs to a list piece, and this is a {}",
                piece.content.kind.as_str()
            )));
        }
        Ok(workflow::may_run_poll(&person, &piece, "open a poll")
            .err()
            .map(|r| r.to_string()))
    }

    fn takes_ballots(p: &store::PollRow, now: DateTime<Utc>) -> bool {
        workflow::poll_takes_ballots(p.open, p.closes_at, now)
    }

    /// Writes `voter`'s ballot (theirs to change while the poll is open; a section editor may
    /// enter one on their behalf, recorded as such).
    pub fn put_ballot(
        &mut self,
        actor: &str,
        poll_id: &str,
        voter: &str,
        picks: Vec<Pick>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let person = self.person(actor)?;
        let p = self.poll_row(poll_id)?;
        let list = self.piece(&p.list)?;
        let voter_person = store::person_by_name(&self.conn, voter.trim())?
            .ok_or_else(|| Error::not_found(format!("no person named `{}`", voter.trim())))?;
        workflow::may_enter_ballot(
            &person,
            &voter_person.name,
            &list,
            Desk::takes_ballots(&p, now),
        )
        .map_err(bad)?;
        let ballot = Ballot {
            voter: voter_person.name.clone(),
            picks,
        };
        let rules = Desk::rules_of(&p)?;
        poll::tally(&rules, std::slice::from_ref(&ballot), &BTreeMap::new(), &[])
            .map_err(|e| Error::bad_input(e.to_string()))?;
        let tx = store::write(&mut self.conn)?;
        store::put_ballot(
            &tx,
            &p.id,
            voter_person.id,
            person.id,
            &serde_json::to_string(&ballot.picks).expect("picks serialise"),
            now,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Imports a spreadsheet of ballots (CSV or TSV; the first row names the columns): every
    /// row checked before anything is written, a bad one named by line and column; voters who
    /// are not people of the desk are added as writers. A voter's ballot replaces the one they
    /// had.
    pub fn import_ballots(
        &mut self,
        actor: &str,
        poll_id: &str,
        file: &Path,
        columns: &Columns,
        now: DateTime<Utc>,
    ) -> Result<BallotImport> {
        let (person, p, _) = self.poll_to_run(actor, poll_id, "import ballots")?;
        if !Desk::takes_ballots(&p, now) {
            return Err(Error::new(
                ErrorCode::Refused,
                "cannot import ballots: the poll is closed (reopen it first)",
            ));
        }
        let shown = file.display().to_string();
        let text = std::fs::read_to_string(file)
            .map_err(|e| Error::bad_input(format!("cannot read {shown}: {e}")))?;
        let rows = csv::parse(&text, csv::sniff(&text))
            .map_err(|e| Error::bad_input(format!("{shown}: {e}")))?;
        let Some((head, body)) = rows.split_first() else {
            return Err(Error::bad_input(format!("{shown} is empty")));
        };
        let find = |want: &Option<String>, field: &str| -> Result<Option<usize>> {
            let Some(w) = want else { return Ok(None) };
            if let Ok(n) = w.parse::<usize>() {
                if n >= 1 && n <= head.fields.len() {
                    return Ok(Some(n - 1));
                }
            }
            head.fields
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(w.trim()))
                .map(Some)
                .ok_or_else(|| {
                    Error::bad_input(format!(
                        "{shown}: no column `{w}` for the {field} (the first row has: {})",
                        head.fields.join(", ")
                    ))
                })
        };
        let c_voter = find(&columns.voter, "voter")?.expect("required");
        let c_title = find(&columns.title, "title")?.expect("required");
        let c_creator = find(&columns.creator, "creator")?;
        let c_rank = find(&columns.rank, "rank")?;
        let c_points = find(&columns.points, "points")?;
        let c_year = find(&columns.year, "year")?;
        let mut by_voter: Vec<(String, usize, Vec<Pick>)> = Vec::new();
        let mut picks = 0;
        for row in body {
            let cell = |c: usize| row.fields.get(c).map(|s| s.trim()).unwrap_or("");
            let at = |c: usize, why: String| {
                Error::bad_input(format!(
                    "{shown}: line {}, column {}: {why}",
                    row.line,
                    c + 1
                ))
            };
            let voter = cell(c_voter);
            if voter.is_empty() {
                return Err(at(c_voter, "the voter is empty".into()));
            }
            let title = cell(c_title);
            if title.is_empty() {
                return Err(at(c_title, "the title is empty".into()));
            }
            let number = |c: Option<usize>, what: &str| -> Result<Option<u32>> {
                match c.map(cell).filter(|s| !s.is_empty()) {
                    None => Ok(None),
                    Some(s) => s
                        .trim_start_matches('#')
                        .trim_end_matches('.')
                        .parse::<u32>()
                        .map(Some)
                        .map_err(|_| at(c.expect("some"), format!("`{s}` is not a {what}"))),
                }
            };
            let rank = number(c_rank, "rank")?;
            if rank == Some(0) {
                return Err(at(c_rank.expect("some"), "ranks start at 1".into()));
            }
            let points = number(c_points, "number of points")?;
            let year = number(c_year, "year")?.map(|y| y as i32);
            let pick = Pick {
                creator: c_creator.map(cell).unwrap_or("").to_string(),
                title: title.to_string(),
                rank,
                points,
                year,
            };
            match by_voter
                .iter_mut()
                .find(|(v, _, _)| v.eq_ignore_ascii_case(voter))
            {
                Some((_, _, ps)) => ps.push(pick),
                None => by_voter.push((voter.to_string(), row.line, vec![pick])),
            }
            picks += 1;
        }
        let rules = Desk::rules_of(&p)?;
        for (voter, line, ps) in &by_voter {
            let mut ps = ps.clone();
            ps.sort_by_key(|p| p.rank.unwrap_or(u32::MAX));
            let b = Ballot {
                voter: voter.clone(),
                picks: ps,
            };
            poll::tally(&rules, std::slice::from_ref(&b), &BTreeMap::new(), &[])
                .map_err(|e| Error::bad_input(format!("{shown}: line {line}: {e}")))?;
        }
        // On a shared desk only its admin adds people: voters new to it are refused before
        // anything is written, by name.
        let new_voters: Vec<&str> = by_voter
            .iter()
            .map(|(v, _, _)| v.as_str())
            .filter(|v| {
                store::person_by_name(&self.conn, v)
                    .ok()
                    .flatten()
                    .is_none()
            })
            .collect();
        if !new_voters.is_empty() && self.shared()?.is_some() {
            workflow::may_change_shared_files(&person, "the desk's people").map_err(|r| {
                Error::new(
                    ErrorCode::Refused,
                    format!(
                        "{shown}: nothing imported: {} new to the shared desk, and only its admin adds people ({r})",
                        if new_voters.len() == 1 {
                            format!("{} is", new_voters[0])
                        } else {
                            format!("{} are", new_voters.join(", "))
                        }
                    ),
                )
            })?;
        }
        let tx = store::write(&mut self.conn)?;
        let mut added = Vec::new();
        for (voter, _, ps) in &mut by_voter {
            ps.sort_by_key(|p| p.rank.unwrap_or(u32::MAX));
            let v = match store::person_by_name(&tx, voter)? {
                Some(v) => v,
                None => {
                    added.push(voter.clone());
                    store::add_person(&tx, voter, &[Role::Writer], &[], now)?
                }
            };
            store::put_ballot(
                &tx,
                &p.id,
                v.id,
                person.id,
                &serde_json::to_string(ps).expect("picks serialise"),
                now,
            )?;
        }
        tx.commit()?;
        Ok(BallotImport {
            ballots: by_voter.len(),
            picks,
            added_people: added,
        })
    }

    /// The poll's ballots as the count takes them.
    pub fn poll_ballots(&self, id: &str) -> Result<Vec<(Ballot, String)>> {
        let p = self.poll_row(id)?;
        store::ballots(&self.conn, &p.id)?
            .into_iter()
            .map(|b| {
                let picks: Vec<Pick> = serde_json::from_str(&b.picks).map_err(|e| {
                    Error::new(ErrorCode::Storage, format!("{}'s ballot: {e}", b.voter))
                })?;
                Ok((
                    Ballot {
                        voter: b.voter,
                        picks,
                    },
                    b.entered_by,
                ))
            })
            .collect()
    }

    /// The count, with the merges and decisions in force.
    pub fn tally_poll(&self, id: &str) -> Result<Tally> {
        self.tally_poll_as(id, None)
    }

    /// The count of the same ballots under another scheme (`None`: the poll's own), to show
    /// side by side with the poll's.
    pub fn tally_poll_as(&self, id: &str, scheme: Option<poll::Scheme>) -> Result<Tally> {
        let p = self.poll_row(id)?;
        let mut rules = Desk::rules_of(&p)?;
        if let Some(s) = scheme {
            check_rules(&Rules {
                scheme: s.clone(),
                ..rules.clone()
            })?;
            rules.scheme = s;
        }
        let ballots: Vec<Ballot> = self
            .poll_ballots(&p.id)?
            .into_iter()
            .map(|(b, _)| b)
            .collect();
        let merges = self.poll_merges(&p.id)?;
        let decisions: Vec<Decision> = store::decisions(&self.conn, &p.id)?
            .into_iter()
            .map(|d| Decision {
                above: d.above,
                below: d.below,
                who: d.who,
                why: d.why,
            })
            .collect();
        poll::tally(&rules, &ballots, &merges, &decisions)
            .map_err(|e| Error::bad_input(e.to_string()))
    }

    /// The candidate `which` names in the current tally: its place (`12`, if no other shares
    /// it) or `Creator|Title` (a title alone for works without a creator).
    fn candidate_key(tally: &Tally, which: &str) -> Result<String> {
        let which = which.trim();
        if let Ok(place) = which.trim_start_matches('=').parse::<usize>() {
            let at: Vec<_> = tally
                .candidates
                .iter()
                .filter(|c| c.place == place)
                .collect();
            return match at.as_slice() {
                [one] => Ok(one.candidate.key.clone()),
                [] => Err(Error::not_found(format!("no candidate at place {place}"))),
                _ => Err(Error::new(
                    ErrorCode::Ambiguous,
                    format!(
                        "{} candidates share place {place}; name one as CREATOR|TITLE",
                        at.len()
                    ),
                )),
            };
        }
        let (creator, title) = which.split_once('|').unwrap_or(("", which));
        let key = names::key(creator, title);
        tally
            .candidates
            .iter()
            .find(|c| c.candidate.key == key)
            .map(|c| c.candidate.key.clone())
            .ok_or_else(|| Error::not_found(format!("no candidate `{which}` in the poll")))
    }

    /// Counts candidate `from` as `into` (one work spelled two ways); recorded, and undone by
    /// `unmerge_candidates`.
    pub fn merge_candidates(
        &mut self,
        actor: &str,
        id: &str,
        into: &str,
        from: &str,
        now: DateTime<Utc>,
    ) -> Result<Tally> {
        let (person, p, _) = self.poll_to_run(actor, id, "merge candidates")?;
        let t = self.tally_poll(&p.id)?;
        let (a, b) = (
            Desk::candidate_key(&t, into)?,
            Desk::candidate_key(&t, from)?,
        );
        if a == b {
            return Err(Error::bad_input("those are one candidate already"));
        }
        let tx = store::write(&mut self.conn)?;
        store::add_merge(&tx, &p.id, &b, &a, person.id, now)?;
        tx.commit()?;
        self.tally_poll(&p.id)
    }

    /// Undoes the merge of a spelling: `from` is the spelling as it was merged
    /// (`Creator|Title`).
    pub fn unmerge_candidates(
        &mut self,
        actor: &str,
        id: &str,
        from: &str,
        now: DateTime<Utc>,
    ) -> Result<Tally> {
        let (_, p, _) = self.poll_to_run(actor, id, "undo a merge")?;
        let (creator, title) = from.trim().split_once('|').unwrap_or(("", from.trim()));
        let key = names::key(creator, title);
        let tx = store::write(&mut self.conn)?;
        if !store::undo_merge(&tx, &p.id, &key, now)? {
            return Err(Error::not_found(format!(
                "`{from}` was not merged into anything"
            )));
        }
        tx.commit()?;
        self.tally_poll(&p.id)
    }

    /// Decides a tie the chain leaves: `above` goes before `below`, for the reason given.
    pub fn decide_tie(
        &mut self,
        actor: &str,
        id: &str,
        above: &str,
        below: &str,
        why: &str,
        now: DateTime<Utc>,
    ) -> Result<Tally> {
        let (person, p, _) = self.poll_to_run(actor, id, "decide a tie")?;
        if why.trim().is_empty() {
            return Err(Error::bad_input("a decision keeps its reason: say why"));
        }
        let t = self.tally_poll(&p.id)?;
        let (a, b) = (
            Desk::candidate_key(&t, above)?,
            Desk::candidate_key(&t, below)?,
        );
        let place = |k: &str| {
            t.candidates
                .iter()
                .find(|c| c.candidate.key == k)
                .map(|c| c.place)
        };
        if a == b || place(&a) != place(&b) {
            return Err(Error::bad_input(
                "only candidates who share a place are decided; the tie-break rules place these already",
            ));
        }
        let tx = store::write(&mut self.conn)?;
        store::add_decision(&tx, &p.id, &a, &b, person.id, why.trim(), now)?;
        tx.commit()?;
        self.tally_poll(&p.id)
    }
}

/// A merge in force: the spelling counted as another candidate, who merged it and when.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MergeView {
    /// The merged spelling as `unmerge_candidates` takes it (`Creator|Title`).
    pub from: String,
    /// The work it is counted as, spelled as the tally spells it.
    pub into: String,
    pub who: String,
    pub at: DateTime<Utc>,
}

/// A tie an editor decided.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DecisionView {
    pub above: String,
    pub below: String,
    pub who: String,
    pub why: String,
}

/// What the person acting may do with a poll: `None` where they may, else the core's reason.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PollRights {
    /// Run it: settings, closing, imports, merges, decisions, assembly, blurbs.
    pub run: Option<String>,
    /// Enter or change their own ballot.
    pub vote: Option<String>,
}

impl Desk {
    /// The merges in force, each with a spelling a ballot used.
    pub fn poll_merge_list(&self, id: &str) -> Result<Vec<MergeView>> {
        let p = self.poll_row(id)?;
        let rows = store::merges(&self.conn, &p.id)?;
        if rows.is_empty() {
            return Ok(vec![]);
        }
        let ballots = self.poll_ballots(&p.id)?;
        let spelling_of = |key: &str| {
            ballots
                .iter()
                .flat_map(|(b, _)| &b.picks)
                .find(|pk| names::key(&pk.creator, &pk.title) == key)
                .map(|pk| (pk.creator.trim().to_string(), pk.title.trim().to_string()))
        };
        let t = self.tally_poll(&p.id)?;
        let merges = self.poll_merges(&p.id)?;
        Ok(rows
            .into_iter()
            .map(|m| {
                let (c, ti) = spelling_of(&m.from_key).unwrap_or_default();
                let end = poll::merged_key(&merges, m.into_key.clone());
                let into = t
                    .candidates
                    .iter()
                    .find(|c| c.candidate.key == end)
                    .map(|c| spelled(&c.candidate))
                    .unwrap_or_else(|| end.clone());
                MergeView {
                    from: if c.is_empty() {
                        ti
                    } else {
                        format!("{c}|{ti}")
                    },
                    into,
                    who: m.who,
                    at: m.at,
                }
            })
            .collect())
    }

    /// The ties editors decided, spelled as the tally spells the candidates.
    pub fn poll_decision_list(&self, id: &str) -> Result<Vec<DecisionView>> {
        let p = self.poll_row(id)?;
        let t = self.tally_poll(&p.id)?;
        let name = |k: &str| {
            t.candidates
                .iter()
                .find(|c| c.candidate.key == k)
                .map(|c| spelled(&c.candidate))
                .unwrap_or_else(|| k.to_string())
        };
        Ok(store::decisions(&self.conn, &p.id)?
            .into_iter()
            .map(|d| DecisionView {
                above: name(&d.above),
                below: name(&d.below),
                who: d.who,
                why: d.why,
            })
            .collect())
    }

    /// What `actor` may do with poll `id` at `now`, in the workflow's words.
    pub fn poll_rights(&self, actor: &str, id: &str, now: DateTime<Utc>) -> Result<PollRights> {
        let person = self.person(actor)?;
        let p = self.poll_row(id)?;
        let list = self.piece(&p.list)?;
        let why = |r: std::result::Result<(), workflow::Refusal>| r.err().map(|e| e.to_string());
        Ok(PollRights {
            run: why(workflow::may_run_poll(&person, &list, "run the poll")),
            vote: why(workflow::may_enter_ballot(
                &person,
                &person.name,
                &list,
                Desk::takes_ballots(&p, now),
            )),
        })
    }
}

/// One side of a likely duplicate.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CandidateRef {
    pub creator: String,
    pub title: String,
    pub place: usize,
    pub mentions: u32,
}

/// Two candidates that may be one work, for an editor to merge or keep apart.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DuplicatePair {
    pub a: CandidateRef,
    pub b: CandidateRef,
    pub why: String,
}

impl Desk {
    /// Candidates that may be one work, beyond the spellings that fold to one (those are one
    /// candidate already): never merged here, only offered; pairs kept apart are not offered
    /// again.
    pub fn poll_duplicates(&self, id: &str) -> Result<Vec<DuplicatePair>> {
        let p = self.poll_row(id)?;
        let t = self.tally_poll(&p.id)?;
        let apart = store::apart(&self.conn, &p.id)?;
        let list: Vec<(String, String)> = t
            .candidates
            .iter()
            .map(|c| (c.candidate.creator.clone(), c.candidate.title.clone()))
            .collect();
        let side = |i: usize| {
            let c = &t.candidates[i];
            CandidateRef {
                creator: c.candidate.creator.clone(),
                title: c.candidate.title.clone(),
                place: c.place,
                mentions: c.candidate.mentions,
            }
        };
        Ok(names::likely_duplicates(&list)
            .into_iter()
            .filter(|d| {
                let (a, b) = (
                    &t.candidates[d.a].candidate.key,
                    &t.candidates[d.b].candidate.key,
                );
                let pair = if a <= b {
                    (a.clone(), b.clone())
                } else {
                    (b.clone(), a.clone())
                };
                !apart.contains(&pair)
            })
            .map(|d| DuplicatePair {
                a: side(d.a),
                b: side(d.b),
                why: d.why,
            })
            .collect())
    }

    /// Records that two candidates are two works, so they are not offered as duplicates again.
    pub fn keep_apart(
        &mut self,
        actor: &str,
        id: &str,
        a: &str,
        b: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let (person, p, _) = self.poll_to_run(actor, id, "keep candidates apart")?;
        let t = self.tally_poll(&p.id)?;
        let (ka, kb) = (Desk::candidate_key(&t, a)?, Desk::candidate_key(&t, b)?);
        if ka == kb {
            return Err(Error::bad_input("those are one candidate"));
        }
        let tx = store::write(&mut self.conn)?;
        store::add_apart(&tx, &p.id, &ka, &kb, person.id, now)?;
        tx.commit()?;
        Ok(())
    }
}

/// Where the blurbs of an assembled list stand, per contributor.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BlurbProgress {
    /// Ranks with no contributor yet.
    pub unassigned: Vec<u32>,
    /// Per contributor: the ranks assigned without a blurb yet, those with one, and those
    /// handed in.
    pub contributors: Vec<ContributorBlurbs>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ContributorBlurbs {
    pub name: String,
    pub assigned: Vec<u32>,
    pub drafted: Vec<u32>,
    pub done: Vec<u32>,
    /// The earliest due date of those not handed in.
    pub next_due: Option<NaiveDate>,
}

/// A blurb given to the person asking, on one of the desk's lists.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MyBlurb {
    pub list: String,
    pub headline: String,
    pub rank: u32,
    pub creator: Option<String>,
    pub title: Option<String>,
    pub due: Option<NaiveDate>,
    /// Past its due date (in the publication's zone) and not handed in.
    pub late: bool,
    /// It has text.
    pub drafted: bool,
    pub done: bool,
    /// The list is still open to blurbs (a draft or in copyedit).
    pub writable: bool,
}

impl Desk {
    /// Makes the top `top` candidates the list's entries (rank, creator, title), as a new
    /// revision of the list. Entries that stay keep their contributor, blurb and link; a tie
    /// inside the top is refused until an editor decides it. With `ballots`, every voter's
    /// ballot goes on a page after the list's (without, any such page is taken off).
    pub fn assemble_poll(
        &mut self,
        actor: &str,
        id: &str,
        top: usize,
        ballots: bool,
        now: DateTime<Utc>,
    ) -> Result<super::SaveOutcome> {
        let (_, p, list) = self.poll_to_run(actor, id, "assemble the list")?;
        if top == 0 {
            return Err(Error::bad_input("assemble at least one entry"));
        }
        let t = self.tally_poll(&p.id)?;
        if t.candidates.len() < top {
            return Err(Error::bad_input(format!(
                "the poll has {} candidates, fewer than the {top} asked for",
                t.candidates.len()
            )));
        }
        let chosen = &t.candidates[..top];
        let level: Vec<String> = chosen
            .windows(2)
            .filter(|w| w[0].place == w[1].place)
            .map(|w| {
                format!(
                    "={} {} and {}",
                    w[0].place,
                    spelled(&w[0].candidate),
                    spelled(&w[1].candidate)
                )
            })
            .collect();
        let cut_level = t
            .candidates
            .get(top)
            .is_some_and(|n| n.place == chosen[top - 1].place);
        if !level.is_empty() || cut_level {
            let mut why = level;
            if cut_level {
                why.push(format!(
                    "place {} goes past the top {top}: {} is level with {}",
                    chosen[top - 1].place,
                    spelled(&t.candidates[top].candidate),
                    spelled(&chosen[top - 1].candidate)
                ));
            }
            return Err(Error::new(
                ErrorCode::Refused,
                format!(
                    "cannot assemble the list: decide these ties first: {}",
                    why.join("; ")
                ),
            ));
        }
        let merges = self.poll_merges(&p.id)?;
        let canonical = |k: String| poll::merged_key(&merges, k);
        let mut content = list.content.clone();
        let old = content
            .list
            .as_ref()
            .map(|l| l.entries.clone())
            .unwrap_or_default();
        let old_by_key: BTreeMap<String, &crate::domain::Entry> = old
            .iter()
            .map(|e| {
                (
                    canonical(names::key(
                        e.creator.as_deref().unwrap_or(""),
                        e.title.as_deref().unwrap_or(""),
                    )),
                    e,
                )
            })
            .collect();
        let entries: Vec<crate::domain::Entry> = chosen
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let kept = old_by_key.get(&c.candidate.key);
                crate::domain::Entry {
                    rank: i as u32 + 1,
                    creator: Some(c.candidate.creator.clone()).filter(|s| !s.is_empty()),
                    title: Some(c.candidate.title.clone()),
                    contributor: kept.and_then(|e| e.contributor.clone()),
                    blurb: kept.and_then(|e| e.blurb.clone()),
                    link: kept.and_then(|e| e.link.clone()),
                    due: kept.and_then(|e| e.due),
                    done: kept.is_some_and(|e| e.done),
                }
            })
            .collect();
        let l = content
            .list
            .get_or_insert_with(|| crate::domain::PieceList {
                item: p.subject.clone(),
                order: crate::domain::ListOrder::Countdown,
                page_size: crate::domain::PieceList::DEFAULT_PAGE_SIZE,
                entries: vec![],
                method: None,
                ballots: vec![],
            });
        l.entries = entries;
        l.ballots = if ballots {
            let mut all: Vec<crate::domain::VoterBallot> = self
                .poll_ballots(&p.id)?
                .into_iter()
                .map(|(b, _)| {
                    let mut picks = b.picks;
                    picks.sort_by_key(|pk| pk.rank.unwrap_or(u32::MAX));
                    crate::domain::VoterBallot {
                        voter: b.voter,
                        picks: picks
                            .iter()
                            .map(|pk| poll::spelled(&pk.creator, &pk.title))
                            .collect(),
                    }
                })
                .collect();
            all.sort_by_key(|b| names::fold(&b.voter));
            all
        } else {
            vec![]
        };
        // Kept in reading order, as the list's editor keeps them (a countdown reads N to 1).
        if l.order == crate::domain::ListOrder::Countdown {
            l.entries.reverse();
        }
        l.method = Some(format!(
            "{} {}; {}",
            t.ballots,
            if t.ballots == 1 { "ballot" } else { "ballots" },
            Desk::rules_of(&p)?.scheme.describe()
        ));
        let note = format!("the top {top} of the poll ({} ballots)", t.ballots);
        self.save(
            actor,
            &list.id,
            content,
            Some(list.revision),
            Some(&note),
            now,
        )
    }

    /// Who should write the blurb of each entry without a contributor: a voter who ranked it
    /// highest, among them the one with the fewest blurbs so far. (rank, name)
    pub fn suggest_blurbers(&self, id: &str) -> Result<Vec<(u32, String)>> {
        let p = self.poll_row(id)?;
        let list = self.piece(&p.list)?;
        let mut entries = list.content.list.map(|l| l.entries).unwrap_or_default();
        // From the top down: the first places get their suggestions first.
        entries.sort_by_key(|e| e.rank);
        let ballots: Vec<Ballot> = self
            .poll_ballots(&p.id)?
            .into_iter()
            .map(|(b, _)| b)
            .collect();
        let t = self.tally_poll(&p.id)?;
        let mut load: BTreeMap<String, usize> = BTreeMap::new();
        for e in &entries {
            if let Some(c) = &e.contributor {
                *load.entry(c.clone()).or_default() += 1;
            }
        }
        let merges = self.poll_merges(&p.id)?;
        let canonical = |k: String| poll::merged_key(&merges, k);
        let mut out = Vec::new();
        for e in entries.iter().filter(|e| e.contributor.is_none()) {
            let key = canonical(names::key(
                e.creator.as_deref().unwrap_or(""),
                e.title.as_deref().unwrap_or(""),
            ));
            let Some(c) = t.candidates.iter().find(|c| c.candidate.key == key) else {
                continue;
            };
            // Each voter's rank for it (an unranked pick after every ranked one).
            let mut voters: Vec<(u32, usize, String)> = ballots
                .iter()
                .filter(|b| c.candidate.voters.contains(&b.voter))
                .map(|b| {
                    let pick = b
                        .picks
                        .iter()
                        .find(|p| canonical(names::key(&p.creator, &p.title)) == key);
                    let rank = pick.and_then(|p| p.rank).unwrap_or(u32::MAX - 1);
                    (
                        rank,
                        load.get(&b.voter).copied().unwrap_or(0),
                        b.voter.clone(),
                    )
                })
                .collect();
            voters.sort();
            if let Some((_, _, name)) = voters.into_iter().next() {
                *load.entry(name.clone()).or_default() += 1;
                out.push((e.rank, name));
            }
        }
        Ok(out)
    }

    /// Gives entry `rank`'s blurb to `person` (a person of the desk), due on `due`, as a new
    /// revision of the list; with no person, to the one `suggest_blurbers` names.
    pub fn assign_blurb(
        &mut self,
        actor: &str,
        id: &str,
        rank: u32,
        person: Option<&str>,
        due: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<(super::SaveOutcome, String)> {
        let (_, p, list) = self.poll_to_run(actor, id, "assign blurbs")?;
        let name = match person {
            Some(n) => store::person_by_name(&self.conn, n.trim())?
                .ok_or_else(|| Error::not_found(format!("no person named `{}`", n.trim())))?
                .name,
            None => self
                .suggest_blurbers(&p.id)?
                .into_iter()
                .find(|(r, _)| *r == rank)
                .map(|(_, n)| n)
                .ok_or_else(|| {
                    Error::bad_input(format!(
                        "no one to suggest for entry {rank}: it has a contributor, or none of its voters is known; name one"
                    ))
                })?,
        };
        let mut content = list.content.clone();
        let entry = content
            .list
            .as_mut()
            .and_then(|l| l.entries.iter_mut().find(|e| e.rank == rank))
            .ok_or_else(|| Error::not_found(format!("the list has no entry {rank}")))?;
        if entry.contributor.as_deref() != Some(name.as_str()) {
            // A blurb handed in by someone else is not this person's handed-in blurb.
            entry.done = false;
        }
        entry.contributor = Some(name.clone());
        entry.due = due;
        let note = match due {
            Some(d) => format!("entry {rank}'s blurb to {name}, due {d}"),
            None => format!("entry {rank}'s blurb to {name}"),
        };
        let out = self.save(
            actor,
            &list.id,
            content,
            Some(list.revision),
            Some(&note),
            now,
        )?;
        Ok((out, name))
    }

    /// The blurbs of the poll's list: unassigned entries, and each contributor's assigned and
    /// drafted ones.
    pub fn blurb_progress(&self, id: &str) -> Result<BlurbProgress> {
        let p = self.poll_row(id)?;
        let list = self.piece(&p.list)?;
        let mut unassigned = Vec::new();
        let mut by: BTreeMap<String, ContributorBlurbs> = BTreeMap::new();
        let mut entries = list.content.list.map(|l| l.entries).unwrap_or_default();
        entries.sort_by_key(|e| e.rank);
        for e in entries {
            match &e.contributor {
                None => unassigned.push(e.rank),
                Some(c) => {
                    let row = by.entry(c.clone()).or_insert_with(|| ContributorBlurbs {
                        name: c.clone(),
                        assigned: vec![],
                        drafted: vec![],
                        done: vec![],
                        next_due: None,
                    });
                    let written = e.blurb.as_deref().is_some_and(|b| !b.trim().is_empty());
                    match (written, e.done) {
                        (true, true) => row.done.push(e.rank),
                        (true, false) => row.drafted.push(e.rank),
                        (false, _) => row.assigned.push(e.rank),
                    }
                    if !(written && e.done) {
                        if let Some(d) = e.due {
                            row.next_due = Some(row.next_due.map_or(d, |n| n.min(d)));
                        }
                    }
                }
            }
        }
        Ok(BlurbProgress {
            unassigned,
            contributors: by.into_values().collect(),
        })
    }
}

impl Desk {
    /// Every blurb given to `actor` on the desk's lists (spiked ones left out), by list, then
    /// rank.
    pub fn my_blurbs(&self, actor: &str, now: DateTime<Utc>) -> Result<Vec<MyBlurb>> {
        let person = self.person(actor)?;
        let zone = crate::schedule::parse_zone(&self.zone()?)?;
        let today = now.with_timezone(&zone).date_naive();
        let mut out = Vec::new();
        for id in store::list_piece_ids(&self.conn)? {
            let Some(list) = store::load_piece(&self.conn, &id)? else {
                continue;
            };
            if list.stage == crate::domain::Stage::Spiked {
                continue;
            }
            let writable = workflow::blurbs_of(&person, &list);
            let Some(l) = &list.content.list else {
                continue;
            };
            for e in &l.entries {
                let mine = e
                    .contributor
                    .as_deref()
                    .is_some_and(|c| c.trim().eq_ignore_ascii_case(person.name.trim()));
                if !mine {
                    continue;
                }
                out.push(MyBlurb {
                    list: list.id.clone(),
                    headline: list.content.headline.clone(),
                    rank: e.rank,
                    creator: e.creator.clone(),
                    title: e.title.clone(),
                    due: e.due,
                    late: !e.done && e.due.is_some_and(|d| d < today),
                    drafted: e.blurb.as_deref().is_some_and(|b| !b.trim().is_empty()),
                    done: e.done,
                    writable: writable.contains(&e.rank),
                });
            }
        }
        out.sort_by(|a, b| a.list.cmp(&b.list).then(a.rank.cmp(&b.rank)));
        Ok(out)
    }
}

fn spelled(c: &poll::Candidate) -> String {
    poll::spelled(&c.creator, &c.title)
}

fn check_rules(r: &Rules) -> Result<()> {
    match &r.scheme {
        poll::Scheme::Points { points } if points.is_empty() => {
            return Err(Error::bad_input(
                "points: give the points for each rank (10,8,6,4,2)",
            ))
        }
        poll::Scheme::Split { total, min, max } if min > max || *max > *total => {
            return Err(Error::bad_input(format!(
                "split: each pick's {min} to {max} must fit within {total}"
            )))
        }
        _ => {}
    }
    if r.tie_breaks.is_empty() {
        return Err(Error::bad_input(
            "give at least one tie-break (points, mentions, firsts)",
        ));
    }
    if let Some((a, b)) = r.eligible {
        if a > b {
            return Err(Error::bad_input(format!("eligible: {a} is after {b}")));
        }
    }
    Ok(())
}
