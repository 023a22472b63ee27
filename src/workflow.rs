//! The editorial workflow (DESIGN, "Workflow"): who may move a piece from which stage to which,
//! what the move needs, and the one place where a stage changes.
//!
//! Every move goes through [`apply`], which checks in a fixed order (the move table, then the
//! person's permission, then the piece's requirements) and only then writes the new stage, its
//! revision and its transition row in the caller's transaction. A refusal names the move and
//! everything that is missing, so a writer can fix it all at once.
//!
//! Not here: reading the clock (`now` is an argument) and resolving names or ids.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use crate::domain::{Correction, Kind, Move, Person, PersonId, Piece, Role, Stage};
use crate::store::{self, StoreError, Why};

mod marks;
pub use marks::{check_marks, may_decide, may_query, may_suggest};

/// Who makes a move: a person of the desk, or the scheduler publishing what is due.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    Person(&'a Person),
    Scheduler,
}

impl Actor<'_> {
    fn id(&self) -> Option<PersonId> {
        match self {
            Actor::Person(p) => Some(p.id),
            Actor::Scheduler => None,
        }
    }
}

/// Which check refused a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// The move does not start from the piece's stage.
    Table,
    /// The person may not make this move on this piece.
    Permission,
    /// The piece lacks something the move needs.
    Requirement,
}

/// A refused move or edit: `cannot schedule: the dek is empty; list entry 64 has no blurb`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot {action}: {}", problems.join("; "))]
pub struct Refusal {
    pub action: String,
    pub rule: Rule,
    pub problems: Vec<String>,
}

impl Refusal {
    fn new(action: &str, rule: Rule, problems: Vec<String>) -> Refusal {
        Refusal {
            action: action.to_string(),
            rule,
            problems,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for WorkflowError {
    fn from(e: rusqlite::Error) -> Self {
        WorkflowError::Store(StoreError::Sql(e))
    }
}

/// What a move needs besides the piece: the note and, for scheduling, the instant and its zone.
#[derive(Debug, Clone, Default)]
pub struct MoveInput<'a> {
    pub note: Option<&'a str>,
    pub at: Option<(DateTime<Utc>, &'a str)>,
}

/// Facts about the desk that the rules read; gathered from the store by [`apply`].
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub is_byline: bool,
    /// Another scheduled or published piece with this piece's slug: its headline and stage.
    pub slug_taken_by: Option<(String, Stage)>,
}

/// May `actor` make `mv` on `piece`? Says why not.
pub fn permitted(mv: Move, actor: Actor, piece: &Piece, facts: &Facts) -> Result<(), String> {
    let section = &piece.content.section;
    let p = match actor {
        Actor::Scheduler if mv == Move::Publish => return Ok(()),
        Actor::Scheduler => return Err(format!("the scheduler only publishes; it cannot {mv}")),
        Actor::Person(p) => p,
    };
    let editor = p.edits_section(section);
    let ok = match mv {
        Move::Submit => facts.is_byline || editor,
        Move::Return => p.is_copy_editor() || editor,
        Move::Schedule
        | Move::Unschedule
        | Move::Publish
        | Move::Correct
        | Move::Spike
        | Move::Restore => editor,
        Move::Create | Move::Archive => false,
    };
    if ok {
        return Ok(());
    }
    Err(match mv {
        Move::Submit => format!(
            "{} is neither a byline of this piece nor an editor of {section}",
            p.name
        ),
        Move::Return => format!(
            "{} is neither a copy editor nor an editor of {section}",
            p.name
        ),
        Move::Create | Move::Archive => format!("{mv} is how a piece enters the desk, not a move"),
        _ => format!("{} is not an editor of {section}", p.name),
    })
}

/// What `piece` lacks for `mv`; empty when nothing is missing.
pub fn missing(
    mv: Move,
    piece: &Piece,
    facts: &Facts,
    input: &MoveInput,
    now: DateTime<Utc>,
) -> Vec<String> {
    let mut out = Vec::new();
    let c = &piece.content;
    let blank = |s: &str| s.trim().is_empty();
    let needs_ready = |out: &mut Vec<String>| {
        if blank(&c.headline) {
            out.push("the headline is empty".to_string());
        }
        if c.bylines.is_empty() {
            out.push("the piece has no byline".to_string());
        }
        if blank(&c.body) {
            out.push(
                if c.kind == Kind::List {
                    "the list's intro is empty"
                } else {
                    "the body is empty"
                }
                .to_string(),
            );
        }
    };
    match mv {
        Move::Submit => needs_ready(&mut out),
        Move::Return | Move::Spike | Move::Restore | Move::Correct => {
            if input.note.is_none_or(blank) {
                out.push(match mv {
                    Move::Return => "a note to the writer is needed".to_string(),
                    Move::Correct => {
                        "a correction note is needed; it is shown on the page".to_string()
                    }
                    _ => format!("a note saying why is needed to {mv}"),
                });
            }
        }
        Move::Schedule | Move::Publish => {
            needs_ready(&mut out);
            if blank(&c.dek) {
                out.push("the dek is empty".to_string());
            }
            if blank(&c.slug) {
                out.push("the slug is empty".to_string());
            } else if let Some((headline, stage)) = &facts.slug_taken_by {
                out.push(format!(
                    "the slug `{}` is taken by the {stage} piece \u{201c}{headline}\u{201d}",
                    c.slug
                ));
            }
            if let Some(r) = &c.review {
                if r.subject.title().is_none_or(blank) {
                    out.push(format!("the {} fact box has no title", r.subject.medium()));
                }
            } else if c.kind == Kind::Review {
                out.push("the review has no fact box".to_string());
            }
            if let Some(l) = &c.list {
                out.extend(list_problems(l));
            }
            if mv == Move::Schedule {
                for q in piece.marks.open_queries() {
                    out.push(format!(
                        "the query on \u{201c}{}\u{201d} ({}: {}) is open",
                        crate::copydesk::short(&q.anchor.quote, 60),
                        q.asker(),
                        crate::copydesk::short(
                            q.messages.first().map_or("", |m| m.text.as_str()),
                            80
                        )
                    ));
                }
                match input.at {
                    None => out.push("a publication time and its zone are needed".to_string()),
                    Some((at, zone)) if at <= now => {
                        let local = zone
                            .parse::<chrono_tz::Tz>()
                            .map(|tz| at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
                            .unwrap_or_else(|_| at.format("%Y-%m-%d %H:%M").to_string());
                        out.push(format!(
                            "the publication time {local} {zone} is in the past"
                        ))
                    }
                    Some(_) => {}
                }
            }
        }
        Move::Unschedule | Move::Create | Move::Archive => {}
    }
    out
}

/// A list is complete when every entry has creator, title, blurb and contributor, and its ranks
/// run 1..N with no gaps or repeats.
fn list_problems(l: &crate::domain::PieceList) -> Vec<String> {
    let mut out = Vec::new();
    if l.entries.is_empty() {
        out.push("the list has no entries".to_string());
    }
    let mut ranks: Vec<u32> = l.entries.iter().map(|e| e.rank).collect();
    ranks.sort_unstable();
    for e in &l.entries {
        let lacks: Vec<&str> = [
            ("creator", &e.creator),
            ("title", &e.title),
            ("blurb", &e.blurb),
            ("contributor", &e.contributor),
        ]
        .into_iter()
        .filter(|(_, v)| v.as_deref().is_none_or(|s| s.trim().is_empty()))
        .map(|(k, _)| k)
        .collect();
        if !lacks.is_empty() {
            out.push(format!(
                "list entry {} has no {}",
                e.rank,
                lacks.join(", no ")
            ));
        }
    }
    let n = ranks.len() as u32;
    let repeated: Vec<String> = ranks
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0].to_string())
        .collect::<Vec<_>>();
    if !repeated.is_empty() {
        let mut r = repeated;
        r.dedup();
        out.push(format!("rank {} appears more than once", r.join(", ")));
    }
    let gaps: Vec<String> = (1..=n)
        .filter(|r| ranks.binary_search(r).is_err())
        .map(|r| r.to_string())
        .collect();
    let beyond: Vec<String> = ranks
        .iter()
        .filter(|r| **r == 0 || **r > n)
        .map(|r| r.to_string())
        .collect();
    if !gaps.is_empty() || !beyond.is_empty() {
        let mut why = Vec::new();
        if !gaps.is_empty() {
            why.push(format!("missing {}", gaps.join(", ")));
        }
        if !beyond.is_empty() {
            why.push(format!("{} out of range", beyond.join(", ")));
        }
        out.push(format!(
            "the ranks of {n} entries should run 1 to {n}: {}",
            why.join("; ")
        ));
    }
    out
}

/// The whole check, in order: the table, permission, requirements. Gives the stage the move
/// leads to.
pub fn check(
    mv: Move,
    actor: Actor,
    piece: &Piece,
    facts: &Facts,
    input: &MoveInput,
    now: DateTime<Utc>,
) -> Result<Stage, Refusal> {
    let action = mv.as_str();
    let to = mv.target(piece.stage).ok_or_else(|| {
        let why = match (piece.stage, mv) {
            (Stage::Published, Move::Spike) => {
                "a published piece is changed only by a correction".to_string()
            }
            (from, _) => format!("the piece is {from}, and {action} does not start from {from}"),
        };
        Refusal::new(action, Rule::Table, vec![why])
    })?;
    permitted(mv, actor, piece, facts)
        .map_err(|why| Refusal::new(action, Rule::Permission, vec![why]))?;
    let lacks = missing(mv, piece, facts, input, now);
    if !lacks.is_empty() {
        return Err(Refusal::new(action, Rule::Requirement, lacks));
    }
    Ok(to)
}

/// The moves `actor` may try on `piece` now: the table and permission, not requirements, so a
/// button can be offered and its refusal explained.
pub fn offered_moves(actor: Actor, piece: &Piece, facts: &Facts) -> Vec<Move> {
    Move::USER_MOVES
        .into_iter()
        .filter(|m| m.target(piece.stage).is_some() && permitted(*m, actor, piece, facts).is_ok())
        .collect()
}

/// May `person` change the piece's content in its stage? In draft its bylines and editors; in
/// copyedit copy editors and editors; after that, and when spiked, editors only.
pub fn may_edit(person: &Person, piece: &Piece, facts: &Facts) -> Result<(), Refusal> {
    let editor = person.edits_section(&piece.content.section);
    let ok = match piece.stage {
        Stage::Draft => facts.is_byline || editor,
        Stage::Copyedit => person.is_copy_editor() || editor,
        Stage::Scheduled | Stage::Published | Stage::Spiked => editor,
    };
    if ok {
        return Ok(());
    }
    let who = match piece.stage {
        Stage::Draft => "its bylines and editors",
        Stage::Copyedit => "copy editors and editors",
        _ => "editors",
    };
    Err(Refusal::new(
        "edit",
        Rule::Permission,
        vec![format!(
            "the piece is {}; only {who} edit it, and {} is not one",
            piece.stage, person.name
        )],
    ))
}

/// The ranks of a list's entries whose blurbs `person` writes now: those given to them, while
/// the list is a draft or in copyedit.
pub fn blurbs_of(person: &Person, piece: &Piece) -> Vec<u32> {
    if !matches!(piece.stage, Stage::Draft | Stage::Copyedit) {
        return vec![];
    }
    piece
        .content
        .list
        .as_ref()
        .map(|l| {
            l.entries
                .iter()
                .filter(|e| {
                    e.contributor
                        .as_deref()
                        .is_some_and(|c| c.trim().eq_ignore_ascii_case(person.name.trim()))
                })
                .map(|e| e.rank)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `person` may make `before`'s content into `after`: anyone who edits the piece
/// (`may_edit`), or a contributor writing only the blurbs given to them (`may_write_blurbs`).
pub fn may_change_content(
    person: &Person,
    before: &Piece,
    facts: &Facts,
    after: &crate::domain::Content,
) -> Result<(), Refusal> {
    let Err(refusal) = may_edit(person, before, facts) else {
        return Ok(());
    };
    if blurbs_of(person, before).is_empty() {
        return Err(refusal);
    }
    may_write_blurbs(person, before, after)
}

/// A contributor writes the blurbs of a list's entries given to them (and marks them handed
/// in), and nothing else of the list, while it is a draft or in copyedit: `after` may differ
/// from the piece only there.
pub fn may_write_blurbs(
    person: &Person,
    piece: &Piece,
    after: &crate::domain::Content,
) -> Result<(), Refusal> {
    let refuse = |why: String| Err(Refusal::new("edit", Rule::Permission, vec![why]));
    if !matches!(piece.stage, Stage::Draft | Stage::Copyedit) {
        return refuse(format!(
            "the list is {}; blurbs are written before it is scheduled",
            piece.stage
        ));
    }
    let (Some(before_list), Some(after_list)) = (&piece.content.list, &after.list) else {
        return refuse(format!(
            "{} may write only the blurbs given to them, and this is not a list",
            person.name
        ));
    };
    let without_blurbs = |c: &crate::domain::Content| {
        let mut c = c.clone();
        if let Some(l) = c.list.as_mut() {
            for e in &mut l.entries {
                e.blurb = None;
                e.done = false;
            }
        }
        c
    };
    if without_blurbs(&piece.content) != without_blurbs(after) {
        return refuse(format!(
            "{} may write only the blurbs given to them, not the rest of the list",
            person.name
        ));
    }
    let mine = blurbs_of(person, piece);
    for (b, a) in before_list.entries.iter().zip(&after_list.entries) {
        if (b.blurb != a.blurb || b.done != a.done) && !mine.contains(&b.rank) {
            return refuse(format!(
                "entry {}'s blurb is {}'s to write, not {}'s",
                b.rank,
                b.contributor.as_deref().unwrap_or("no one yet"),
                person.name
            ));
        }
    }
    Ok(())
}

/// Who changes the desk's settings: editors and admins.
pub fn may_change_settings(person: &Person) -> Result<(), Refusal> {
    if person.has(Role::Admin) || person.has(Role::Editor) {
        return Ok(());
    }
    Err(Refusal::new(
        "change settings",
        Rule::Permission,
        vec![format!("{} is not an editor or admin", person.name)],
    ))
}

/// Who adds a person with `roles`: editors and admins, and only admins make admins. (On a desk
/// with nobody yet, the first person is added by no one; the caller knows that case.)
pub fn may_add_person(actor: &Person, roles: &[Role]) -> Result<(), Refusal> {
    let makes_admin = roles.contains(&Role::Admin);
    if actor.has(Role::Admin) || (actor.has(Role::Editor) && !makes_admin) {
        return Ok(());
    }
    Err(Refusal::new(
        "add a person",
        Rule::Permission,
        vec![format!(
            "{} is not an admin{}",
            actor.name,
            if makes_admin { "" } else { " or an editor" }
        )],
    ))
}

/// Who changes a person's roles and sections: editors and admins, and only admins touch an
/// admin (making one, or changing one); the desk never loses its last admin.
pub fn may_change_person(
    actor: &Person,
    person: &Person,
    roles: &[Role],
    admins_after: usize,
) -> Result<(), Refusal> {
    let touches_admin = roles.contains(&Role::Admin) || person.has(Role::Admin);
    let mut problems = Vec::new();
    if !(actor.has(Role::Admin) || (actor.has(Role::Editor) && !touches_admin)) {
        problems.push(format!(
            "{} is not an admin{}",
            actor.name,
            if touches_admin { "" } else { " or an editor" }
        ));
    }
    if person.has(Role::Admin) && admins_after == 0 {
        problems.push(format!(
            "{} is the desk's last admin, and a desk keeps one",
            person.name
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Refusal::new(
        &format!("change {}'s roles", person.name),
        Rule::Permission,
        problems,
    ))
}

/// Who runs a list's poll (opens, closes and reopens it, merges candidates, decides ties,
/// imports ballots, enters one for a contributor): the list's section editors and editors.
pub fn may_run_poll(person: &Person, list: &Piece, action: &str) -> Result<(), Refusal> {
    if person.edits_section(&list.content.section) {
        return Ok(());
    }
    Err(Refusal::new(
        action,
        Rule::Permission,
        vec![format!(
            "{} is not an editor of {} or a section editor of it",
            person.name, list.content.section
        )],
    ))
}

/// Whether a poll takes ballots at `now`: open, and not past its closing time.
pub fn poll_takes_ballots(
    open: bool,
    closes_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    open && closes_at.is_none_or(|c| now < c)
}

/// Who writes `voter`'s ballot: the voter themself while the poll is open; the list's section
/// editors and editors on a voter's behalf, also only while it is open.
pub fn may_enter_ballot(
    actor: &Person,
    voter: &str,
    list: &Piece,
    open: bool,
) -> Result<(), Refusal> {
    let mut problems = Vec::new();
    if !open {
        problems.push("the poll is closed".to_string());
    }
    let own = actor.name.trim().eq_ignore_ascii_case(voter.trim());
    if !own && !actor.edits_section(&list.content.section) {
        problems.push(format!(
            "a ballot is its voter's own, and {} is not {voter}",
            actor.name
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Refusal::new(
        &format!("change {voter}'s ballot"),
        Rule::Permission,
        problems,
    ))
}

/// Who imports: anyone brings in drafts; only editors and admins bring in an archive, whose
/// pieces land as published.
pub fn may_import(person: &Person, archive: bool) -> Result<(), Refusal> {
    if !archive || person.has(Role::Editor) || person.has(Role::Admin) {
        return Ok(());
    }
    Err(Refusal::new(
        "import an archive",
        Rule::Permission,
        vec![format!("{} is not an editor or admin", person.name)],
    ))
}

/// The move of the table that takes a piece from `from` to `to`. Scheduling is a move too, but
/// it needs a time: see [`Move::Schedule`] and the schedule call.
pub fn move_to(from: Stage, to: Stage) -> Result<Move, Refusal> {
    Move::between(from, to).ok_or_else(|| {
        let offered: Vec<String> = Move::USER_MOVES
            .into_iter()
            .filter_map(|m| m.target(from).map(|t| t.to_string()))
            .collect();
        Refusal::new(
            "move",
            Rule::Table,
            vec![format!(
                "a {from} piece cannot go to {to} (from {from} it goes to {})",
                offered.join(", ")
            )],
        )
    })
}

/// What an edit of `current` to `content` needs besides permission ([`may_edit`]): a piece that
/// is going out, or is out, keeps a slug no other such piece has (`slug_taken_by` is the other
/// scheduled or published piece with the new slug, if any); a published piece changes only by
/// a correction, with its note.
pub fn check_edit(
    current: &Piece,
    content: &crate::domain::Content,
    slug_taken_by: Option<(String, Stage)>,
    note: Option<&str>,
) -> Result<(), Refusal> {
    let out = matches!(current.stage, Stage::Scheduled | Stage::Published);
    if out && content.slug != current.content.slug {
        if let Some((headline, stage)) = slug_taken_by {
            return Err(Refusal::new(
                "edit",
                Rule::Requirement,
                vec![format!(
                    "the slug `{}` is taken by the {stage} piece \u{201c}{headline}\u{201d}",
                    content.slug
                )],
            ));
        }
    }
    if current.stage == Stage::Published && note.is_none_or(|n| n.trim().is_empty()) {
        return Err(Refusal::new(
            "edit",
            Rule::Requirement,
            vec!["a published piece changes only by a correction; give a correction note, which is shown on the page".into()],
        ));
    }
    Ok(())
}

/// A new time for a scheduled piece: the rules of scheduling (permission and requirements, as if
/// from copyedit), but no change of stage, so an edit revision and no transition row.
pub fn reschedule(
    tx: &Transaction,
    piece: &Piece,
    person: &Person,
    input: &MoveInput,
    now: DateTime<Utc>,
) -> Result<Piece, WorkflowError> {
    let actor = Actor::Person(person);
    let facts = facts(tx, piece, actor)?;
    let as_copy = Piece {
        stage: Stage::Copyedit,
        ..piece.clone()
    };
    check(Move::Schedule, actor, &as_copy, &facts, input, now).map_err(|mut r| {
        r.action = "reschedule".into();
        r
    })?;
    let Some((at, zone)) = input.at else {
        return Err(Refusal::new(
            "reschedule",
            Rule::Requirement,
            vec!["a publication time and its zone are needed".into()],
        )
        .into());
    };
    let mut next = piece.clone();
    next.scheduled_at = Some(at);
    next.schedule_zone = Some(zone.to_string());
    next.revision += 1;
    next.updated_at = now;
    let note = format!("rescheduled for {}", store::time_text(at));
    store::save_piece(
        tx,
        &next,
        piece.revision,
        None,
        Some(person.id),
        Why::Edit,
        Some(&note),
    )?;
    Ok(next)
}

/// Gathers the facts the rules read.
pub fn facts(
    conn: &rusqlite::Connection,
    piece: &Piece,
    actor: Actor,
) -> Result<Facts, StoreError> {
    let is_byline = match actor.id() {
        Some(id) => store::bylines_include(conn, &piece.id, id)?,
        None => false,
    };
    let slug_taken_by =
        store::slug_holder(conn, &piece.content.slug, &piece.id)?.map(|(_, h, s)| (h, s));
    Ok(Facts {
        is_byline,
        slug_taken_by,
    })
}

/// The piece after `mv` (already checked) takes it to `to`: the stage, the next revision, and
/// the workflow facts the move sets (the schedule, the publication time, the correction).
fn next_state(
    piece: &Piece,
    mv: Move,
    to: Stage,
    actor: Actor,
    input: &MoveInput,
    now: DateTime<Utc>,
) -> Piece {
    let mut next = piece.clone();
    next.stage = to;
    next.revision = piece.revision + 1;
    next.updated_at = now;
    let note = input.note.map(str::trim).filter(|n| !n.is_empty());
    match mv {
        Move::Schedule => {
            if let Some((at, zone)) = input.at {
                next.scheduled_at = Some(at);
                next.schedule_zone = Some(zone.to_string());
            }
        }
        Move::Unschedule | Move::Spike => {
            next.scheduled_at = None;
            next.schedule_zone = None;
        }
        Move::Publish => {
            // The scheduler dates the piece at its scheduled time, even when it catches up late;
            // "publish now" dates it now. Either way the schedule is done with.
            next.published_at = Some(match actor {
                Actor::Scheduler => piece.scheduled_at.unwrap_or(now),
                Actor::Person(_) => now,
            });
            next.scheduled_at = None;
            next.schedule_zone = None;
        }
        Move::Correct => next.content.corrections.push(Correction {
            at: now,
            note: note.unwrap_or("").to_string(),
        }),
        Move::Submit | Move::Return | Move::Restore | Move::Create | Move::Archive => {}
    }
    next
}

/// The choke point: checks `mv` and, if allowed, writes the new stage, the next revision and
/// the transition row in `tx`. Returns the piece as saved.
pub fn apply(
    tx: &Transaction,
    piece: &Piece,
    mv: Move,
    actor: Actor,
    input: &MoveInput,
    now: DateTime<Utc>,
) -> Result<Piece, WorkflowError> {
    let facts = facts(tx, piece, actor)?;
    let to = match check(mv, actor, piece, &facts, input, now) {
        Ok(to) => to,
        Err(r) => {
            tracing::debug!(piece = %piece.id, %mv, rule = ?r.rule, "move refused");
            return Err(r.into());
        }
    };
    tracing::debug!(piece = %piece.id, %mv, from = %piece.stage, %to, "move");
    let next = next_state(piece, mv, to, actor, input, now);
    let note = input.note.map(str::trim).filter(|n| !n.is_empty());
    store::save_piece(
        tx,
        &next,
        piece.revision,
        None,
        actor.id(),
        Why::Transition,
        note,
    )?;
    store::insert_transition(
        tx,
        &next.id,
        Some(piece.stage),
        to,
        mv,
        actor.id(),
        now,
        note,
        next.revision,
    )?;
    Ok(next)
}

/// What a change of one piece between two states of the shared desk was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Edited,
    Moved(Move),
    Rescheduled,
    /// Only the copy desk's queries and suggestions changed.
    Marked,
}

/// How far a person's clock may run ahead of the server's before a time they set is refused.
const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(10);

/// May `actor` turn `before` (the piece as the shared desk has it; `None` for a new piece) into
/// `after`? The same rules as on a desk, read from two states of a piece: the shared desk's
/// hook asks this of every piece every pushed commit changes. A change is one edit, one move or
/// one new time for a scheduled piece; the revision grows; the workflow facts are the ones the
/// move sets. `facts` are about `before` (bylines, and who else holds `after`'s slug); `note`
/// is the change's note (the commit's).
pub fn check_change(
    actor: Actor,
    before: Option<&Piece>,
    after: &Piece,
    facts: &Facts,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Change, Refusal> {
    let headline = &after.content.headline;
    let refuse =
        |action: String, rule: Rule, why: String| Err(Refusal::new(&action, rule, vec![why]));
    if let Err((key, why)) = after.content.check() {
        return refuse(
            format!("save \u{201c}{headline}\u{201d}"),
            Rule::Requirement,
            format!("{key}: {why}"),
        );
    }
    let Some(before) = before else {
        let create = format!("add \u{201c}{headline}\u{201d}");
        let person = match actor {
            Actor::Person(p) => p,
            Actor::Scheduler => {
                return refuse(
                    create,
                    Rule::Permission,
                    "the scheduler only publishes".into(),
                )
            }
        };
        return match after.stage {
            Stage::Draft => Ok(Change::Created),
            Stage::Published => {
                may_import(person, true)
                    .map(|_| Change::Created)
                    .map_err(|mut r| {
                        r.action = create;
                        r
                    })
            }
            s => refuse(
                create,
                Rule::Table,
                format!("a new piece starts as a draft, not {s}"),
            ),
        };
    };
    if after.revision <= before.revision {
        return refuse(
            format!("save \u{201c}{headline}\u{201d}"),
            Rule::Requirement,
            format!(
                "revisions only grow: the shared desk has revision {}, and this change says {}",
                before.revision, after.revision
            ),
        );
    }
    if after.created_at != before.created_at {
        return refuse(
            format!("save \u{201c}{headline}\u{201d}"),
            Rule::Requirement,
            "a piece's `created` time never changes".into(),
        );
    }
    let input = MoveInput {
        note,
        at: after.scheduled_at.zip(after.schedule_zone.as_deref()),
    };
    if after.stage != before.stage {
        let action = format!(
            "move \u{201c}{headline}\u{201d} from {} to {}",
            before.stage, after.stage
        );
        let mv = move_to(before.stage, after.stage).map_err(|mut r| {
            r.action = action.clone();
            r
        })?;
        if after.content != before.content || after.marks != before.marks {
            return refuse(
                action,
                Rule::Requirement,
                "a move changes only the stage; make the edit and the move separately".into(),
            );
        }
        check(mv, actor, before, facts, &input, now).map_err(|mut r| {
            r.action = action.clone();
            r
        })?;
        if matches!(actor, Actor::Scheduler) && before.scheduled_at.is_none_or(|at| at > now) {
            return refuse(
                action,
                Rule::Requirement,
                format!("\u{201c}{headline}\u{201d} is not due yet"),
            );
        }
        let to = mv.target(before.stage).expect("checked by the table");
        let expected = next_state(before, mv, to, actor, &input, now);
        let published_ok = match (actor, after.published_at, expected.published_at) {
            (Actor::Scheduler, a, e) => a == e,
            (Actor::Person(_), Some(a), Some(_)) => a <= now + CLOCK_SKEW && a >= before.updated_at,
            (_, a, e) => a.is_some() == e.is_some(),
        };
        if after.scheduled_at != expected.scheduled_at
            || after.schedule_zone != expected.schedule_zone
            || !published_ok
        {
            return refuse(action, Rule::Requirement, format!("the {mv} sets the schedule and publication times as the desk does; this change sets them otherwise"));
        }
        return Ok(Change::Moved(mv));
    }
    let action = format!("edit \u{201c}{headline}\u{201d}");
    if after.published_at != before.published_at {
        return refuse(
            action,
            Rule::Requirement,
            "the publication time is set by publishing, not by an edit".into(),
        );
    }
    let schedule_changed =
        after.scheduled_at != before.scheduled_at || after.schedule_zone != before.schedule_zone;
    if schedule_changed {
        if before.stage != Stage::Scheduled {
            return refuse(
                action,
                Rule::Requirement,
                "only scheduling sets a publication time".into(),
            );
        }
        if after.content != before.content || after.marks != before.marks {
            return refuse(
                action,
                Rule::Requirement,
                "a new time changes only the schedule; make the edit separately".into(),
            );
        }
        let as_copy = Piece {
            stage: Stage::Copyedit,
            ..before.clone()
        };
        check(Move::Schedule, actor, &as_copy, facts, &input, now).map_err(|mut r| {
            r.action = format!("reschedule \u{201c}{headline}\u{201d}");
            r
        })?;
        return Ok(Change::Rescheduled);
    }
    let person = match actor {
        Actor::Person(p) => p,
        Actor::Scheduler => {
            return refuse(
                action,
                Rule::Permission,
                "the scheduler only publishes".into(),
            )
        }
    };
    let content_changed = after.content != before.content;
    check_marks(person, before, &after.marks, content_changed, facts).map_err(|mut r| {
        r.action = format!("{} of \u{201c}{headline}\u{201d}", r.action);
        r
    })?;
    if !content_changed && after.marks != before.marks {
        return Ok(Change::Marked);
    }
    may_change_content(person, before, facts, &after.content).map_err(|mut r| {
        r.action = action.clone();
        r
    })?;
    let slug_taken = facts.slug_taken_by.clone();
    if before.stage == Stage::Published {
        let (old, new) = (&before.content.corrections, &after.content.corrections);
        let appended = new.len() == old.len() + 1 && new[..old.len()] == old[..];
        if !appended {
            return refuse(action, Rule::Requirement, "a published piece changes only by a correction, whose note is added to the piece's corrections".into());
        }
        let note = new.last().map(|c| c.note.as_str());
        check_edit(before, &after.content, slug_taken, note).map_err(|mut r| {
            r.action = action.clone();
            r
        })?;
        return Ok(Change::Moved(Move::Correct));
    }
    if after.content.corrections != before.content.corrections {
        return refuse(
            action,
            Rule::Requirement,
            "corrections are added only to a published piece".into(),
        );
    }
    check_edit(before, &after.content, slug_taken, note).map_err(|mut r| {
        r.action = action;
        r
    })?;
    Ok(Change::Edited)
}

/// Who changes a shared desk's people and settings: its admins.
pub fn may_change_shared_files(person: &Person, what: &str) -> Result<(), Refusal> {
    if person.has(Role::Admin) {
        return Ok(());
    }
    Err(Refusal::new(
        &format!("change {what}"),
        Rule::Permission,
        vec![format!(
            "{} is not an admin of the shared desk",
            person.name
        )],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Content, Entry, ListOrder, PieceList};

    fn person(roles: &[Role], sections: &[&str]) -> Person {
        Person {
            id: 1,
            gid: "p".into(),
            name: "Pat".into(),
            roles: roles.to_vec(),
            sections: sections.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn list_piece(stage: Stage) -> Piece {
        let entry = |rank: u32, blurb: Option<&str>| Entry {
            rank,
            creator: Some("The Horrors".into()),
            title: Some("Machine".into()),
            contributor: Some("T. K.".into()),
            blurb: blurb.map(str::to_string),
            ..Entry::default()
        };
        let t = DateTime::UNIX_EPOCH;
        Piece {
            id: "p".into(),
            stage,
            marks: Default::default(),
            revision: 3,
            created_at: t,
            updated_at: t,
            scheduled_at: None,
            schedule_zone: None,
            published_at: None,
            content: Content {
                kind: Kind::List,
                section: "Music".into(),
                headline: "The Best Songs".into(),
                dek: "".into(),
                slug: "best-songs".into(),
                bylines: vec!["Pat".into()],
                tags: vec![],
                image: None,
                review: None,
                list: Some(PieceList {
                    method: None,
                    ballots: vec![],
                    item: "song".into(),
                    order: ListOrder::Countdown,
                    page_size: 10,
                    entries: vec![entry(2, Some("Loud.")), entry(1, None)],
                }),
                corrections: vec![],
                body: "Intro.".into(),
            },
        }
    }

    #[test]
    fn refusal_lists_everything_missing() {
        let p = list_piece(Stage::Copyedit);
        let ed = person(&[Role::Editor], &[]);
        let now = DateTime::UNIX_EPOCH;
        let later = now + chrono::Duration::days(1);
        let input = MoveInput {
            note: None,
            at: Some((later, "Europe/London")),
        };
        let err = check(
            Move::Schedule,
            Actor::Person(&ed),
            &p,
            &Facts::default(),
            &input,
            now,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot schedule: the dek is empty; list entry 1 has no blurb"
        );
        assert_eq!(err.rule, Rule::Requirement);
    }

    #[test]
    fn permission_comes_before_requirements() {
        let p = list_piece(Stage::Copyedit);
        let other_section = person(&[Role::SectionEditor], &["Film"]);
        let err = check(
            Move::Schedule,
            Actor::Person(&other_section),
            &p,
            &Facts::default(),
            &MoveInput::default(),
            DateTime::UNIX_EPOCH,
        )
        .unwrap_err();
        assert_eq!(err.rule, Rule::Permission, "{err}");
        assert!(err.to_string().contains("not an editor of Music"), "{err}");
        let own = person(&[Role::SectionEditor], &["music"]);
        let err = check(
            Move::Schedule,
            Actor::Person(&own),
            &p,
            &Facts::default(),
            &MoveInput::default(),
            DateTime::UNIX_EPOCH,
        )
        .unwrap_err();
        assert_eq!(
            err.rule,
            Rule::Requirement,
            "a section editor schedules in their own section: {err}"
        );
    }

    #[test]
    fn ranks_must_run_one_to_n() {
        let mut p = list_piece(Stage::Copyedit);
        let l = p.content.list.as_mut().unwrap();
        l.entries[1].rank = 2;
        l.entries.push(Entry {
            rank: 4,
            ..l.entries[0].clone()
        });
        let probs = list_problems(p.content.list.as_ref().unwrap());
        assert!(
            probs.iter().any(|s| s == "rank 2 appears more than once"),
            "{probs:?}"
        );
        assert!(
            probs
                .iter()
                .any(|s| s
                    == "the ranks of 3 entries should run 1 to 3: missing 1, 3; 4 out of range"),
            "{probs:?}"
        );
    }

    #[test]
    fn who_may_edit() {
        let p = list_piece(Stage::Copyedit);
        let writer = person(&[Role::Writer], &[]);
        let byline = Facts {
            is_byline: true,
            ..Facts::default()
        };
        assert!(
            may_edit(&writer, &p, &byline).is_err(),
            "in copyedit the writer reads, the copy desk edits"
        );
        assert!(may_edit(&person(&[Role::CopyEditor], &[]), &p, &Facts::default()).is_ok());
        let draft = list_piece(Stage::Draft);
        assert!(may_edit(&writer, &draft, &byline).is_ok());
        assert!(
            may_edit(&writer, &draft, &Facts::default()).is_err(),
            "a writer edits only their own drafts"
        );
    }
}
