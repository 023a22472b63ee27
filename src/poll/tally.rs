//! The count: each ballot's picks turned into points by the scheme, picks of one work gathered
//! into one candidate, and the candidates placed by the tie-break chain. Points are kept in
//! hundredths, as integers, so that no order of adding ballots changes a total or a place.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::names;

/// Points are counted in hundredths of a point.
pub const CENTS: i64 = 100;

/// How a ballot's picks become points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Scheme {
    /// Points by rank: the first number for a first place, the second for a second, and so
    /// on; picks ranked past the list get none (`10,8,6,4,2`; `10,9,...,1`).
    Points { points: Vec<u32> },
    /// Borda: n points for a first place down to 1 for the nth, n the ballot's length.
    Borda,
    /// One point a pick, whatever its rank.
    Mentions,
    /// Each voter shares `total` points among their picks, each pick given between `min` and
    /// `max` (Pazz & Jop: 100 points, 5 to 30 a pick).
    Split { total: u32, min: u32, max: u32 },
    /// Metacritic's year-end lists: 3 points for a first place, 2 for a second, 1 for any other
    /// pick.
    Metacritic,
}

impl Scheme {
    /// A line for the page: how the points were given.
    pub fn describe(&self) -> String {
        match self {
            Scheme::Points { points } => match points.as_slice() {
                [] => "no points".into(),
                [one] => format!("{one} points a pick"),
                [first, .., last] => format!(
                    "{first} points for a first place down to {last} for a {}",
                    ordinal(points.len())
                ),
            },
            Scheme::Borda => {
                "Borda count: n points for a first place down to one for the last".into()
            }
            Scheme::Mentions => "one point for every mention".into(),
            Scheme::Split { total, min, max } => {
                format!("each voter shared {total} points, {min} to {max} a pick")
            }
            Scheme::Metacritic => {
                "three points for a first place, two for a second, one for any other".into()
            }
        }
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// One rule of the tie-break chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// More points.
    Points,
    /// More ballots naming it.
    Mentions,
    /// More first places, then more second places, and so on down the ballot.
    Firsts,
}

impl TieBreak {
    pub fn parse(s: &str) -> Option<TieBreak> {
        match s.trim() {
            "points" => Some(TieBreak::Points),
            "mentions" => Some(TieBreak::Mentions),
            "firsts" | "ranks" => Some(TieBreak::Firsts),
            _ => None,
        }
    }
}

/// How a poll counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub scheme: Scheme,
    /// The most picks a ballot may have.
    pub ballot_size: Option<usize>,
    /// What each pick of an unranked ballot is worth, in hundredths of a point.
    pub unranked_weight: i64,
    /// Applied in order; when all of them leave two candidates level, they share a place until
    /// an editor decides.
    pub tie_breaks: Vec<TieBreak>,
    /// The years a work must come out in to count (inclusive); a pick outside is shown, not
    /// counted. A pick without a year counts.
    #[serde(default)]
    pub eligible: Option<(i32, i32)>,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            scheme: Scheme::Mentions,
            ballot_size: None,
            unranked_weight: CENTS,
            tie_breaks: vec![TieBreak::Points, TieBreak::Mentions, TieBreak::Firsts],
            eligible: None,
        }
    }
}

/// One pick on a ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pick {
    pub creator: String,
    pub title: String,
    /// 1 for a first place; picks sharing a place share a rank. `None` on an unranked ballot.
    pub rank: Option<u32>,
    /// The points the voter gave it, under a split scheme.
    #[serde(default)]
    pub points: Option<u32>,
    /// When the work came out, where the poll has an eligibility window.
    #[serde(default)]
    pub year: Option<i32>,
}

/// One voter's ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    pub voter: String,
    pub picks: Vec<Pick>,
}

impl Ballot {
    fn ranked(&self) -> bool {
        self.picks.iter().any(|p| p.rank.is_some())
    }
}

/// An editor's decision between two candidates the chain leaves level: `above` goes first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub above: String,
    pub below: String,
    pub who: String,
    pub why: String,
}

/// A ballot the count cannot take, named by its voter and pick.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{voter}'s ballot{}: {why}", pick.map(|p| format!(", pick {p}")).unwrap_or_default())]
pub struct BallotError {
    pub voter: String,
    /// 1-based.
    pub pick: Option<usize>,
    pub why: String,
}

/// A candidate: every pick of one work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The folded creator and title all its picks share (`names::key`).
    pub key: String,
    /// The spelling most ballots used.
    pub creator: String,
    pub title: String,
    /// Every other spelling counted here.
    pub merged_spellings: Vec<String>,
    /// In hundredths of a point.
    pub points: i64,
    pub mentions: u32,
    /// Votes at each rank: first places, second places, ...
    pub by_rank: Vec<u32>,
    /// Who named it, in name order.
    pub voters: Vec<String>,
}

/// A candidate in its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placed {
    pub place: usize,
    /// Shares its place with a neighbour (`=12`).
    pub tied: bool,
    pub candidate: std::sync::Arc<Candidate>,
    /// What put it above the next candidate: a rule of the chain, an editor's decision, or
    /// nothing (they share a place).
    pub above_next: Option<String>,
}

/// The count of a poll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub ballots: usize,
    /// Every counted pick's points together, in hundredths.
    pub total_points: i64,
    pub candidates: Vec<Placed>,
    /// Picks not counted, and why (the same work twice on one ballot).
    pub notices: Vec<String>,
}

/// Each pick's points on one ballot, in hundredths; checks the ballot against the rules.
fn ballot_points(rules: &Rules, b: &Ballot) -> Result<Vec<i64>, BallotError> {
    let err = |pick: Option<usize>, why: String| BallotError {
        voter: b.voter.clone(),
        pick,
        why,
    };
    if b.voter.trim().is_empty() {
        return Err(err(None, "a ballot needs its voter's name".into()));
    }
    if let Some(max) = rules.ballot_size {
        if b.picks.len() > max {
            return Err(err(
                None,
                format!("it has {} picks; a ballot has at most {max}", b.picks.len()),
            ));
        }
    }
    let ranked = b.ranked();
    for (i, p) in b.picks.iter().enumerate() {
        if p.title.trim().is_empty() {
            return Err(err(Some(i + 1), "a pick needs its title".into()));
        }
        match p.rank {
            Some(0) => return Err(err(Some(i + 1), "ranks start at 1".into())),
            None if ranked => {
                return Err(err(
                    Some(i + 1),
                    "the ballot ranks its other picks, but not this one".into(),
                ))
            }
            _ => {}
        }
    }
    let n = rules.ballot_size.unwrap_or(b.picks.len()).max(1) as i64;
    let by_rank = |rank: u32| -> i64 {
        let r = rank as i64;
        match &rules.scheme {
            Scheme::Points { points } => points
                .get(rank as usize - 1)
                .map(|p| *p as i64 * CENTS)
                .unwrap_or(0),
            Scheme::Borda => (n - r + 1).max(0) * CENTS,
            Scheme::Mentions => CENTS,
            Scheme::Metacritic => match rank {
                1 => 3 * CENTS,
                2 => 2 * CENTS,
                _ => CENTS,
            },
            Scheme::Split { .. } => 0,
        }
    };
    if let Scheme::Split { total, min, max } = &rules.scheme {
        let mut sum = 0;
        for (i, p) in b.picks.iter().enumerate() {
            let Some(given) = p.points else {
                return Err(err(
                    Some(i + 1),
                    format!("each pick is given its share of the {total} points"),
                ));
            };
            if given < *min || given > *max {
                return Err(err(
                    Some(i + 1),
                    format!("{given} points; a pick is given {min} to {max}"),
                ));
            }
            sum += given;
        }
        if sum != *total {
            return Err(err(
                None,
                format!("its picks add up to {sum} points, not {total}"),
            ));
        }
        return Ok(b
            .picks
            .iter()
            .map(|p| p.points.unwrap_or(0) as i64 * CENTS)
            .collect());
    }
    Ok(b.picks
        .iter()
        .map(|p| match p.rank {
            Some(r) => by_rank(r),
            None => match rules.scheme {
                Scheme::Mentions => CENTS,
                _ => rules.unranked_weight,
            },
        })
        .collect())
}

/// Counts `ballots` under `rules`. `merges` joins candidates an editor found to be one work
/// (each key to the key it was merged into); `decisions` orders candidates the chain leaves
/// level. The same ballots in any order give the same tally.
pub fn tally(
    rules: &Rules,
    ballots: &[Ballot],
    merges: &BTreeMap<String, String>,
    decisions: &[Decision],
) -> Result<Tally, BallotError> {
    let mut count = Count::new(rules.clone(), merges.clone());
    for b in ballots {
        if count.ballots.contains_key(b.voter.trim()) {
            return Err(BallotError {
                voter: b.voter.trim().to_string(),
                pick: None,
                why: "there are two ballots from this voter; a voter has one".into(),
            });
        }
        count.put(b)?;
    }
    Ok(count.tally(decisions))
}

/// What one ballot adds to its candidates, kept so that a changed ballot is taken out again.
#[derive(Debug, Clone)]
struct Counted {
    /// (candidate key, spelling, points, rank)
    picks: Vec<(std::sync::Arc<str>, Spelling, i64, Option<u32>)>,
    notices: Vec<String>,
}

/// A creator and title as a ballot spelled them (trimmed).
type Spelling = (std::sync::Arc<str>, std::sync::Arc<str>);

#[derive(Debug, Clone, Default)]
struct Acc {
    spellings: BTreeMap<Spelling, u32>,
    points: i64,
    mentions: u32,
    by_rank: Vec<u32>,
    voters: BTreeSet<std::sync::Arc<str>>,
}

/// A running count: ballots put in, replaced or taken out one at a time, each change touching
/// only that ballot's candidates; `tally` places them. What `tally` gives for a set of ballots
/// does not depend on the order they were put in.
#[derive(Debug, Clone)]
pub struct Count {
    rules: Rules,
    merges: BTreeMap<String, String>,
    /// Each spelling's key, folded once: by creator, then title.
    keys: std::collections::HashMap<String, std::collections::HashMap<String, std::sync::Arc<str>>>,
    ballots: std::collections::HashMap<String, Counted>,
    acc: std::collections::HashMap<std::sync::Arc<str>, Acc>,
    /// Each candidate as last built, and the keys changed since.
    built: std::collections::HashMap<std::sync::Arc<str>, std::sync::Arc<Candidate>>,
    dirty: std::collections::HashSet<std::sync::Arc<str>>,
    total: i64,
}

impl Count {
    pub fn new(rules: Rules, merges: BTreeMap<String, String>) -> Count {
        Count {
            rules,
            merges,
            keys: Default::default(),
            ballots: Default::default(),
            acc: Default::default(),
            built: Default::default(),
            dirty: Default::default(),
            total: 0,
        }
    }

    fn canonical(&self, k: String) -> String {
        merged_key(&self.merges, k)
    }

    fn key_of(&mut self, creator: &str, title: &str) -> std::sync::Arc<str> {
        if let Some(k) = self.keys.get(creator).and_then(|m| m.get(title)) {
            return k.clone();
        }
        let k: std::sync::Arc<str> = self.canonical(names::key(creator, title)).into();
        self.keys
            .entry(creator.to_string())
            .or_default()
            .insert(title.to_string(), k.clone());
        k
    }

    /// Puts `b` in the count, in place of the voter's earlier ballot if there was one. A
    /// ballot the rules refuse changes nothing.
    pub fn put(&mut self, b: &Ballot) -> Result<(), BallotError> {
        let points = ballot_points(&self.rules, b)?;
        let voter: std::sync::Arc<str> = b.voter.trim().into();
        let mut counted = Counted {
            picks: Vec::with_capacity(b.picks.len()),
            notices: Vec::new(),
        };
        let mut on_ballot = BTreeSet::new();
        for (p, pts) in b.picks.iter().zip(points) {
            if let (Some((from, to)), Some(y)) = (self.rules.eligible, p.year) {
                if y < from || y > to {
                    counted.notices.push(format!(
                        "{voter}'s pick {} came out in {y}, outside {}; it is not counted",
                        spelled(&p.creator, &p.title),
                        if from == to {
                            from.to_string()
                        } else {
                            format!("{from}\u{2013}{to}")
                        }
                    ));
                    continue;
                }
            }
            let key = self.key_of(&p.creator, &p.title);
            if !on_ballot.insert(key.clone()) {
                counted.notices.push(format!(
                    "{voter}'s ballot names {} twice; it is counted once",
                    spelled(&p.creator, &p.title)
                ));
                continue;
            }
            let spelling: Spelling = (p.creator.trim().into(), p.title.trim().into());
            counted.picks.push((key, spelling, pts, p.rank));
        }
        self.take_out(&voter);
        for (key, spelling, pts, rank) in &counted.picks {
            self.dirty.insert(key.clone());
            let a = self.acc.entry(key.clone()).or_default();
            *a.spellings.entry(spelling.clone()).or_default() += 1;
            a.points += pts;
            a.mentions += 1;
            if let Some(r) = rank {
                let r = *r as usize;
                if a.by_rank.len() < r {
                    a.by_rank.resize(r, 0);
                }
                a.by_rank[r - 1] += 1;
            }
            a.voters.insert(voter.clone());
            self.total += pts;
        }
        self.ballots.insert(voter.to_string(), counted);
        Ok(())
    }

    /// Takes a voter's ballot out of the count; false if they had none.
    pub fn take_out(&mut self, voter: &str) -> bool {
        let Some(old) = self.ballots.remove(voter.trim()) else {
            return false;
        };
        for (key, spelling, pts, rank) in old.picks {
            self.dirty.insert(key.clone());
            let Some(a) = self.acc.get_mut(&key) else {
                continue;
            };
            if let Some(n) = a.spellings.get_mut(&spelling) {
                *n -= 1;
                if *n == 0 {
                    a.spellings.remove(&spelling);
                }
            }
            a.points -= pts;
            a.mentions -= 1;
            if let Some(r) = rank {
                a.by_rank[r as usize - 1] -= 1;
                while a.by_rank.last() == Some(&0) {
                    a.by_rank.pop();
                }
            }
            a.voters.remove(voter.trim());
            self.total -= pts;
            if a.mentions == 0 {
                self.acc.remove(&key);
            }
        }
        true
    }

    /// The candidates in their places. Only the candidates whose ballots changed since the
    /// last call are built again.
    pub fn tally(&mut self, decisions: &[Decision]) -> Tally {
        for key in std::mem::take(&mut self.dirty) {
            match self.acc.get(&key) {
                Some(a) => {
                    let merged_into = self.merges.values().any(|into| **into == *key);
                    self.built.insert(
                        key.clone(),
                        std::sync::Arc::new(candidate(&key, a, merged_into)),
                    );
                }
                None => {
                    self.built.remove(&key);
                }
            }
        }
        let rules = &self.rules;
        let mut notices: Vec<String> = self
            .ballots
            .values()
            .flat_map(|c| c.notices.iter().cloned())
            .collect();
        notices.sort();
        let mut cands: Vec<std::sync::Arc<Candidate>> = self.built.values().cloned().collect();
        let chain = |a: &Candidate, b: &Candidate| -> Option<TieBreak> {
            rules
                .tie_breaks
                .iter()
                .copied()
                .find(|t| compare(*t, a, b) != Ordering::Equal)
        };
        let decided = |a: &Candidate, b: &Candidate| -> Option<&Decision> {
            decisions.iter().find(|d| {
                (d.above == a.key && d.below == b.key) || (d.above == b.key && d.below == a.key)
            })
        };
        // Best first by the chain; candidates it leaves level in key order, then an editor's
        // decisions move the one decided above up (a stable pass, so nothing else moves).
        cands.sort_by(|a, b| {
            rules
                .tie_breaks
                .iter()
                .map(|t| compare(*t, a, b))
                .find(|o| *o != Ordering::Equal)
                .unwrap_or(Ordering::Equal)
                .reverse()
                .then_with(|| a.key.cmp(&b.key))
        });
        let mut i = 0;
        while i + 1 < cands.len() {
            let (a, b) = (&cands[i], &cands[i + 1]);
            if chain(a, b).is_none() {
                if let Some(d) = decided(a, b) {
                    if d.above == b.key {
                        cands.swap(i, i + 1);
                        i = i.saturating_sub(1);
                        continue;
                    }
                }
            }
            i += 1;
        }
        let reasons: Vec<Option<String>> = (0..cands.len())
            .map(|i| {
                let (c, n) = (&cands[i], cands.get(i + 1)?);
                match chain(c, n) {
                    Some(t) => Some(rule_name(t, c, n)),
                    None => decided(c, n).map(|d| format!("decided by {}: {}", d.who, d.why)),
                }
            })
            .collect();
        let mut placed: Vec<Placed> = Vec::with_capacity(cands.len());
        for (i, (c, above_next)) in cands.into_iter().zip(reasons).enumerate() {
            let level_with_previous = i > 0 && placed[i - 1].above_next.is_none();
            let place = if level_with_previous {
                placed[i - 1].place
            } else {
                i + 1
            };
            if level_with_previous {
                placed[i - 1].tied = true;
            }
            placed.push(Placed {
                place,
                tied: level_with_previous,
                candidate: c,
                above_next,
            });
        }
        Tally {
            ballots: self.ballots.len(),
            total_points: self.total,
            candidates: placed,
            notices,
        }
    }
}

fn candidate(key: &str, a: &Acc, merged_into: bool) -> Candidate {
    // A spelling of the work merged into (its own key) before any merged into it, when
    // something was: an editor who counts B as A means it to read as A. Then the spelling most
    // ballots used; among equals, the fullest: accents kept, then names that start with a
    // capital and do not shout (not `kendrick lamar`, not `ALRIGHT`), then the most small
    // letters (`at`, not `At`, inside a title), then the first in order. Each spelling is
    // weighed once.
    let styled = |s: &str| {
        let mut letters = s.chars().filter(|ch| ch.is_alphabetic());
        let Some(first) = letters.next() else {
            return true;
        };
        let (mut rest, mut small) = (0, false);
        for ch in letters {
            rest += 1;
            small |= ch.is_lowercase();
        }
        first.is_uppercase() && (rest < 3 || small)
    };
    let weigh = |(c, t): &Spelling, n: u32| {
        let (mut accents, mut small) = (0, 0);
        for ch in c.chars().chain(t.chars()) {
            accents += usize::from(!ch.is_ascii());
            small += usize::from(ch.is_lowercase());
        }
        (
            merged_into && names::key(c, t) == key,
            n,
            accents,
            styled(c) && styled(t),
            small,
        )
    };
    let best = if a.spellings.len() == 1 {
        a.spellings.keys().next().cloned()
    } else {
        a.spellings
            .iter()
            .map(|(s, n)| (weigh(s, *n), s))
            .max_by(|(wx, x), (wy, y)| wx.cmp(wy).then_with(|| y.cmp(x)))
            .map(|(_, s)| s.clone())
    }
    .expect("a candidate has a pick");
    let merged_spellings = a
        .spellings
        .keys()
        .filter(|s| **s != best)
        .map(|(c, t)| spelled(c, t))
        .collect();
    Candidate {
        key: key.to_string(),
        creator: best.0.to_string(),
        title: best.1.to_string(),
        merged_spellings,
        points: a.points,
        mentions: a.mentions,
        by_rank: a.by_rank.clone(),
        voters: a.voters.iter().map(|v| v.to_string()).collect(),
    }
}

fn compare(t: TieBreak, a: &Candidate, b: &Candidate) -> Ordering {
    match t {
        TieBreak::Points => a.points.cmp(&b.points),
        TieBreak::Mentions => a.mentions.cmp(&b.mentions),
        TieBreak::Firsts => {
            let n = a.by_rank.len().max(b.by_rank.len());
            (0..n)
                .map(|r| {
                    let x = a.by_rank.get(r).copied().unwrap_or(0);
                    let y = b.by_rank.get(r).copied().unwrap_or(0);
                    x.cmp(&y)
                })
                .find(|o| *o != Ordering::Equal)
                .unwrap_or(Ordering::Equal)
        }
    }
}

/// The words for the rule that put `a` above `b`.
fn rule_name(t: TieBreak, a: &Candidate, b: &Candidate) -> String {
    match t {
        TieBreak::Points => "more points".into(),
        TieBreak::Mentions => "more mentions".into(),
        TieBreak::Firsts => {
            let n = a.by_rank.len().max(b.by_rank.len());
            let r = (0..n)
                .find(|r| {
                    a.by_rank.get(*r).copied().unwrap_or(0)
                        != b.by_rank.get(*r).copied().unwrap_or(0)
                })
                .unwrap_or(0);
            format!("more {}-place votes", ordinal(r + 1))
        }
    }
}

/// The key `k` counts as: merges followed to their end (a merge of a merge), never round a loop.
pub fn merged_key(merges: &BTreeMap<String, String>, mut k: String) -> String {
    let mut seen = BTreeSet::new();
    while let Some(next) = merges.get(&k) {
        if !seen.insert(k.clone()) {
            break;
        }
        k = next.clone();
    }
    k
}

/// A work as a sentence names it: `Creator, “Title”`, or `“Title”` alone.
pub fn spelled(creator: &str, title: &str) -> String {
    if creator.trim().is_empty() {
        format!("\u{201c}{}\u{201d}", title.trim())
    } else {
        format!("{}, \u{201c}{}\u{201d}", creator.trim(), title.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(voter: &str, picks: &[(&str, &str)]) -> Ballot {
        Ballot {
            voter: voter.into(),
            picks: picks
                .iter()
                .enumerate()
                .map(|(i, (c, t))| Pick {
                    creator: c.to_string(),
                    title: t.to_string(),
                    rank: Some(i as u32 + 1),
                    points: None,
                    year: None,
                })
                .collect(),
        }
    }

    fn points(p: &[u32]) -> Rules {
        Rules {
            scheme: Scheme::Points { points: p.to_vec() },
            ..Rules::default()
        }
    }

    #[test]
    fn points_per_rank_place_the_candidates_and_spellings_merge() {
        let ballots = vec![
            ranked(
                "Ann",
                &[("Beyoncé", "Formation"), ("Kendrick Lamar", "Alright")],
            ),
            ranked(
                "Bo",
                &[("Kendrick Lamar", "Alright"), ("BEYONCE", "formation")],
            ),
            ranked("Cy", &[("Beyonce", "Formation")]),
        ];
        let t = tally(&points(&[10, 8]), &ballots, &BTreeMap::new(), &[]).unwrap();
        let first = &t.candidates[0];
        assert_eq!(first.place, 1);
        assert_eq!(first.candidate.title, "Formation");
        assert_eq!(first.candidate.points, 28 * CENTS);
        assert_eq!(first.candidate.mentions, 3);
        assert_eq!(first.candidate.by_rank, vec![2, 1]);
        assert_eq!(
            first.candidate.merged_spellings.len(),
            2,
            "{:?}",
            first.candidate
        );
        assert_eq!(first.above_next.as_deref(), Some("more points"));
        assert_eq!(t.candidates[1].candidate.points, 18 * CENTS);
        assert_eq!(t.total_points, 46 * CENTS);
    }

    #[test]
    fn a_work_is_spelled_as_the_best_styled_ballot_spells_it() {
        // One ballot each: the capitals a name takes win over all small letters and all
        // capitals; accents win over none; small words stay small.
        let ballots = vec![
            ranked(
                "Ann",
                &[("kendrick lamar", "alright"), ("Beyonce", "Formation")],
            ),
            ranked(
                "Bo",
                &[("KENDRICK LAMAR", "ALRIGHT"), ("Beyoncé", "Formation")],
            ),
            ranked("Bea", &[("Kendrick Lamar", "Alright")]),
            ranked("Cy", &[("Courtney Barnett", "Pedestrian At Best")]),
            ranked("Di", &[("Courtney Barnett", "Pedestrian at Best")]),
        ];
        let t = tally(&points(&[2, 1]), &ballots, &BTreeMap::new(), &[]).unwrap();
        let spelled: Vec<String> = t
            .candidates
            .iter()
            .map(|c| format!("{}|{}", c.candidate.creator, c.candidate.title))
            .collect();
        assert!(
            spelled.contains(&"Kendrick Lamar|Alright".to_string()),
            "{spelled:?}"
        );
        assert!(
            spelled.contains(&"Beyoncé|Formation".to_string()),
            "{spelled:?}"
        );
        assert!(
            spelled.contains(&"Courtney Barnett|Pedestrian at Best".to_string()),
            "{spelled:?}"
        );
    }

    #[test]
    fn ties_go_down_the_chain_then_share_a_place_until_decided() {
        // All three have 16 points (10+6, 6+10, 8+8) and two mentions; A and C each have a
        // first place, B none; A and C are level on everything.
        let ballots = vec![
            ranked("v1", &[("", "A"), ("", "B"), ("", "C")]),
            ranked("v2", &[("", "C"), ("", "B"), ("", "A")]),
        ];
        let r = points(&[10, 8, 6]);
        let t = tally(&r, &ballots, &BTreeMap::new(), &[]).unwrap();
        let titles: Vec<&str> = t
            .candidates
            .iter()
            .map(|c| c.candidate.title.as_str())
            .collect();
        assert_eq!(titles, ["A", "C", "B"]);
        assert_eq!(
            t.candidates[0].above_next, None,
            "A and C are level on everything"
        );
        assert!(t.candidates[0].tied && t.candidates[1].tied);
        assert_eq!((t.candidates[0].place, t.candidates[1].place), (1, 1));
        assert_eq!(
            t.candidates[1].above_next.as_deref(),
            Some("more 1st-place votes")
        );
        assert_eq!(
            t.candidates[2].place, 3,
            "the place after a shared one is skipped"
        );

        let c = names::key("", "C");
        let a = names::key("", "A");
        let d = Decision {
            above: c.clone(),
            below: a.clone(),
            who: "Ed Marsh".into(),
            why: "the older record".into(),
        };
        let t = tally(&r, &ballots, &BTreeMap::new(), &[d]).unwrap();
        assert_eq!(t.candidates[0].candidate.title, "C");
        assert_eq!(t.candidates[0].place, 1);
        assert!(!t.candidates[0].tied);
        assert_eq!(
            t.candidates[0].above_next.as_deref(),
            Some("decided by Ed Marsh: the older record")
        );
        assert_eq!(t.candidates[1].place, 2);
    }

    #[test]
    fn schemes_give_their_points() {
        let b = vec![ranked("v", &[("", "A"), ("", "B"), ("", "C"), ("", "D")])];
        let pts = |s: Scheme| -> Vec<i64> {
            let r = Rules {
                scheme: s,
                ..Rules::default()
            };
            let t = tally(&r, &b, &BTreeMap::new(), &[]).unwrap();
            let mut by: Vec<(String, i64)> = t
                .candidates
                .iter()
                .map(|c| (c.candidate.title.clone(), c.candidate.points / CENTS))
                .collect();
            by.sort();
            by.into_iter().map(|(_, p)| p).collect()
        };
        assert_eq!(pts(Scheme::Borda), [4, 3, 2, 1]);
        assert_eq!(pts(Scheme::Mentions), [1, 1, 1, 1]);
        assert_eq!(pts(Scheme::Metacritic), [3, 2, 1, 1]);
        assert_eq!(
            pts(Scheme::Points {
                points: vec![10, 8]
            }),
            [10, 8, 0, 0]
        );
    }

    #[test]
    fn a_split_ballot_must_add_up_within_its_bounds() {
        let r = Rules {
            scheme: Scheme::Split {
                total: 100,
                min: 5,
                max: 30,
            },
            ..Rules::default()
        };
        let split = |ps: &[u32]| Ballot {
            voter: "Robert Christgau".into(),
            picks: ps
                .iter()
                .enumerate()
                .map(|(i, p)| Pick {
                    creator: String::new(),
                    title: format!("Record {i}"),
                    rank: None,
                    points: Some(*p),
                    year: None,
                })
                .collect(),
        };
        let t = tally(&r, &[split(&[30, 30, 20, 10, 5, 5])], &BTreeMap::new(), &[]).unwrap();
        assert_eq!(t.total_points, 100 * CENTS);
        let e = tally(&r, &[split(&[30, 30, 30, 5])], &BTreeMap::new(), &[]).unwrap_err();
        assert!(
            e.to_string().contains("add up to 95 points, not 100"),
            "{e}"
        );
        let e = tally(&r, &[split(&[35, 30, 30, 5])], &BTreeMap::new(), &[]).unwrap_err();
        assert_eq!(e.pick, Some(1));
        assert!(e.to_string().contains("5 to 30"), "{e}");
    }

    #[test]
    fn a_merge_joins_two_candidates_and_the_tally_follows() {
        let ballots = vec![
            ranked("v1", &[("Drake", "Hotline Bling")]),
            ranked("v2", &[("Drake", "Hotline Bling (Remix)")]),
        ];
        let r = points(&[10]);
        assert_eq!(
            tally(&r, &ballots, &BTreeMap::new(), &[])
                .unwrap()
                .candidates
                .len(),
            2
        );
        let mut m = BTreeMap::new();
        m.insert(
            names::key("Drake", "Hotline Bling (Remix)"),
            names::key("Drake", "Hotline Bling"),
        );
        let t = tally(&r, &ballots, &m, &[]).unwrap();
        assert_eq!(t.candidates.len(), 1);
        assert_eq!(t.candidates[0].candidate.points, 20 * CENTS);
        assert_eq!(t.candidates[0].candidate.voters, ["v1", "v2"]);
    }

    #[test]
    fn an_ineligible_pick_is_shown_and_not_counted() {
        let mut r = points(&[10, 8]);
        r.eligible = Some((2017, 2017));
        let mut b = ranked("Ann", &[("Kendrick Lamar", "DNA."), ("Prince", "1999")]);
        b.picks[0].year = Some(2017);
        b.picks[1].year = Some(1982);
        let t = tally(&r, &[b], &BTreeMap::new(), &[]).unwrap();
        assert_eq!(t.candidates.len(), 1);
        assert_eq!(t.candidates[0].candidate.title, "DNA.");
        assert_eq!(
            t.notices,
            ["Ann's pick Prince, \u{201c}1999\u{201d} came out in 1982, outside 2017; it is not counted"]
        );
    }

    #[test]
    fn a_voter_has_one_ballot() {
        let r = points(&[10]);
        let e = tally(
            &r,
            &[ranked("Ann", &[("", "A")]), ranked("Ann ", &[("", "B")])],
            &BTreeMap::new(),
            &[],
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Ann's ballot: there are two ballots from this voter; a voter has one"
        );
        // A running count takes the second as her new ballot.
        let mut c = Count::new(r, BTreeMap::new());
        c.put(&ranked("Ann", &[("", "A")])).unwrap();
        c.put(&ranked("Ann", &[("", "B")])).unwrap();
        let t = c.tally(&[]);
        assert_eq!(t.ballots, 1);
        assert_eq!(t.candidates.len(), 1);
        assert_eq!(t.candidates[0].candidate.title, "B");
    }

    #[test]
    fn bad_ballots_are_named() {
        let mut r = points(&[10, 8]);
        r.ballot_size = Some(2);
        let e = tally(
            &r,
            &[ranked("Ann", &[("", "A"), ("", "B"), ("", "C")])],
            &BTreeMap::new(),
            &[],
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Ann's ballot: it has 3 picks; a ballot has at most 2"
        );
        let mut b = ranked("Bo", &[("", "A"), ("", "B")]);
        b.picks[1].rank = None;
        let e = tally(&r, &[b], &BTreeMap::new(), &[]).unwrap_err();
        assert_eq!(e.pick, Some(2));
    }
}
