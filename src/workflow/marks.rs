//! Who takes part in the copy desk and what a change of a piece's marks may be: the one check
//! ([`check_marks`]) that the desk runs on every change of queries and suggestions and the
//! shared desk's hook runs on every pushed piece.

use crate::domain::{Marks, Person, Piece, Stage};

use super::{may_edit, Facts, Refusal, Rule};

fn refuse(action: &str, why: String) -> Refusal {
    Refusal::new(action, Rule::Permission, vec![why])
}

/// Who asks, answers, resolves and reopens queries: the piece's bylines, copy editors and the
/// editors of its section, at any stage but spiked.
pub fn may_query(person: &Person, piece: &Piece, facts: &Facts) -> Result<(), Refusal> {
    if piece.stage == Stage::Spiked {
        return Err(refuse(
            "query",
            "the piece is spiked; restore it first".into(),
        ));
    }
    if facts.is_byline || person.is_copy_editor() || person.edits_section(&piece.content.section) {
        return Ok(());
    }
    Err(refuse(
        "query",
        format!(
            "{} is neither a byline of this piece, a copy editor nor an editor of {}",
            person.name, piece.content.section
        ),
    ))
}

/// Who suggests changes: copy editors and editors, and anyone who may edit the piece at its
/// stage, until it is published.
pub fn may_suggest(person: &Person, piece: &Piece, facts: &Facts) -> Result<(), Refusal> {
    if matches!(piece.stage, Stage::Published | Stage::Spiked) {
        return Err(refuse(
            "suggest",
            format!(
                "the piece is {}; suggestions are made before it goes out",
                piece.stage
            ),
        ));
    }
    if person.is_copy_editor()
        || person.edits_section(&piece.content.section)
        || may_edit(person, piece, facts).is_ok()
    {
        return Ok(());
    }
    Err(refuse(
        "suggest",
        format!(
            "{} is neither a copy editor nor an editor of {}, and does not edit the piece while it is {}",
            person.name, piece.content.section, piece.stage
        ),
    ))
}

/// Who accepts or rejects a suggestion: whoever may edit the piece at its stage (the writer
/// when it is back with them in draft, copy editors in copyedit, editors at any stage).
pub fn may_decide(person: &Person, piece: &Piece, facts: &Facts) -> Result<(), Refusal> {
    may_edit(person, piece, facts).map_err(|mut r| {
        r.action = "accept or reject a suggestion".into();
        r
    })
}

/// May `person` turn the marks of `before` into `after`? `content_changed` says whether the
/// same change edits the piece's content, which re-anchors marks. Each person adds and changes
/// only their own messages and suggestions; resolving and reopening are added to a query's
/// events, never rewritten; nothing is deleted but one's own undecided suggestion; a decision
/// is made once, by someone who may edit the piece at its stage.
pub fn check_marks(
    person: &Person,
    before: &Piece,
    after: &Marks,
    content_changed: bool,
    facts: &Facts,
) -> Result<(), Refusal> {
    let old = &before.marks;
    if old == after {
        return Ok(());
    }
    let me = person.name.as_str();
    let same = |a: &str| a.trim().eq_ignore_ascii_case(me.trim());
    for q in &old.queries {
        if !after.queries.iter().any(|n| n.id == q.id) {
            return Err(refuse(
                "change the queries",
                format!(
                    "the query on \u{201c}{}\u{201d} is gone; a query is resolved, never deleted",
                    q.anchor.quote
                ),
            ));
        }
    }
    for q in &after.queries {
        let action = format!("change the query on \u{201c}{}\u{201d}", q.anchor.quote);
        let Some(o) = old.queries.iter().find(|o| o.id == q.id) else {
            may_query(person, before, facts)?;
            if q.messages.len() != 1 || !same(&q.messages[0].author) || !q.events.is_empty() {
                return Err(refuse(
                    &action,
                    format!("a new query is one message, by the person who asks it ({me})"),
                ));
            }
            continue;
        };
        if q.field != o.field {
            return Err(refuse(&action, "a query stays in its field".into()));
        }
        if q.messages.len() < o.messages.len() {
            return Err(refuse(&action, "a message of the thread is gone".into()));
        }
        for (n, m) in q.messages.iter().zip(&o.messages) {
            if n.id != m.id || n.author != m.author || n.at != m.at {
                return Err(refuse(
                    &action,
                    "the thread's messages are only added to".into(),
                ));
            }
            if n.text != m.text && !same(&m.author) {
                return Err(refuse(
                    &action,
                    format!(
                        "{me} may change only their own messages, not {}'s",
                        m.author
                    ),
                ));
            }
        }
        let added_messages = &q.messages[o.messages.len()..];
        if q.events.len() < o.events.len() || q.events[..o.events.len()] != o.events[..] {
            return Err(refuse(
                &action,
                "resolving and reopening are only added to".into(),
            ));
        }
        let added_events = &q.events[o.events.len()..];
        let reattached = q.anchor != o.anchor || q.status != o.status;
        if !added_messages.is_empty()
            || !added_events.is_empty()
            || (reattached && !content_changed)
        {
            may_query(person, before, facts).map_err(|mut r| {
                r.action = action.clone();
                r
            })?;
        }
        if let Some(m) = added_messages.iter().find(|m| !same(&m.author)) {
            return Err(refuse(
                &action,
                format!(
                    "{me} may add only their own replies, not one by {}",
                    m.author
                ),
            ));
        }
        let mut open = o.is_open();
        for e in added_events {
            if !same(&e.by) {
                return Err(refuse(
                    &action,
                    format!(
                        "{me} may resolve or reopen only as themself, not as {}",
                        e.by
                    ),
                ));
            }
            if e.resolved != open {
                return Err(refuse(
                    &action,
                    format!(
                        "the query is already {}",
                        if open { "open" } else { "resolved" }
                    ),
                ));
            }
            open = !e.resolved;
        }
    }
    for a in after
        .set_aside
        .iter()
        .filter(|a| !old.set_aside.contains(a))
    {
        may_query(person, before, facts)?;
        if !same(&a.by) {
            return Err(refuse(
                "set a style finding aside",
                format!(
                    "{me} may set findings aside only as themself, not as {}",
                    a.by
                ),
            ));
        }
    }
    if let Some(a) = old
        .set_aside
        .iter()
        .find(|a| !after.set_aside.contains(a) && !same(&a.by))
    {
        return Err(refuse(
            "bring back a style finding",
            format!(
                "{} set aside \u{201c}{}\u{201d}; only they bring it back",
                a.by, a.quote
            ),
        ));
    }
    for s in &old.suggestions {
        if !after.suggestions.iter().any(|n| n.id == s.id)
            && (!same(&s.author) || s.decision.is_some())
        {
            return Err(refuse(
                "change the suggestions",
                format!(
                    "{}'s suggestion on \u{201c}{}\u{201d} is gone; only its author withdraws a suggestion, and only before it is decided",
                    s.author, s.anchor.quote
                ),
            ));
        }
    }
    for s in &after.suggestions {
        let action = format!(
            "change the suggestion on \u{201c}{}\u{201d}",
            s.anchor.quote
        );
        let Some(o) = old.suggestions.iter().find(|o| o.id == s.id) else {
            may_suggest(person, before, facts)?;
            if !same(&s.author) || s.decision.is_some() {
                return Err(refuse(
                    &action,
                    format!("a new suggestion is {me}'s own, and undecided"),
                ));
            }
            continue;
        };
        if s.field != o.field || s.author != o.author {
            return Err(refuse(
                &action,
                "a suggestion keeps its field and author".into(),
            ));
        }
        if (s.insert != o.insert || s.at != o.at) && !same(&o.author) {
            return Err(refuse(
                &action,
                format!(
                    "{me} may change only their own suggestions, not {}'s",
                    o.author
                ),
            ));
        }
        if (s.anchor != o.anchor || s.stale != o.stale) && !content_changed && !same(&o.author) {
            return Err(refuse(
                &action,
                "a suggestion moves only with an edit of its text".into(),
            ));
        }
        match (&o.decision, &s.decision) {
            (None, None) => {}
            (Some(a), Some(b)) if a == b => {}
            (None, Some(d)) => {
                may_decide(person, before, facts)?;
                if !same(&d.by) {
                    return Err(refuse(
                        &action,
                        format!("{me} may decide only as themself, not as {}", d.by),
                    ));
                }
                if d.accepted && !content_changed {
                    return Err(refuse(
                        &action,
                        "accepting a suggestion makes its change to the text".into(),
                    ));
                }
            }
            _ => {
                return Err(refuse(
                    &action,
                    "a suggestion is decided once, and that stands".into(),
                ))
            }
        }
    }
    Ok(())
}
