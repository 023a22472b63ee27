//! The copy desk, pure: anchors that follow their words through edits (`anchor`), suggested
//! changes as hunks of a field's text (`suggest`), and the re-anchoring of a piece's marks when its content changes ([`follow`]).
//!
//! Not here: who may query, suggest or accept (the workflow), the desk or the clock.

pub mod anchor;
pub mod critic;
pub mod style;
pub mod suggest;

use crate::domain::{AnchorStatus, Content, Marks};

/// Carries every open mark of `marks` from `old` content to `new`: queries keep, move to or
/// lose their words (anchored, moved, orphaned); a suggestion that is not on its words any
/// more is stale.
pub fn follow(old: &Content, new: &Content, marks: &mut Marks) {
    let mut fields: Vec<(String, anchor::Follow)> = Vec::new();
    let change = |fields: &mut Vec<(String, anchor::Follow)>, field: &str| -> Option<usize> {
        if let Some(i) = fields.iter().position(|(f, _)| f == field) {
            return Some(i);
        }
        let (o, n) = (
            old.field_text(field)?,
            new.field_text(field).unwrap_or_default(),
        );
        fields.push((field.to_string(), anchor::Follow::new(&o, &n)));
        Some(fields.len() - 1)
    };
    for q in marks.queries.iter_mut() {
        let Some(i) = change(&mut fields, &q.field) else {
            continue;
        };
        let (a, st) = fields[i].1.anchor(&q.anchor, q.status);
        q.anchor = a;
        q.status = st;
    }
    for s in marks
        .suggestions
        .iter_mut()
        .filter(|s| s.decision.is_none() && !s.stale)
    {
        let Some(i) = change(&mut fields, &s.field) else {
            continue;
        };
        let f = &fields[i].1;
        if f.unchanged() {
            continue;
        }
        if s.anchor.quote.is_empty() {
            // An insertion sits between two characters; it holds while the words on each
            // side of it do.
            let (probe, before) = insertion_probe(&s.anchor);
            let (a, st) = f.anchor(&probe, AnchorStatus::Anchored);
            if st == AnchorStatus::Anchored && a.quote == probe.quote {
                s.anchor.start = a.start + before;
                s.anchor.end = s.anchor.start;
            } else {
                s.stale = true;
            }
        } else {
            let (a, st) = f.anchor(&s.anchor, AnchorStatus::Anchored);
            s.anchor = a;
            s.stale = st != AnchorStatus::Anchored;
        }
    }
}

/// The characters on each side of an insertion's point, as an anchor to follow, and how many
/// of them come before the point.
fn insertion_probe(a: &crate::domain::Anchor) -> (crate::domain::Anchor, usize) {
    const SIDE: usize = 8;
    let before: Vec<char> = a.prefix.chars().collect();
    let before: String = before[before.len().saturating_sub(SIDE)..].iter().collect();
    let after: String = a.suffix.chars().take(SIDE).collect();
    let b = before.chars().count();
    let probe = crate::domain::Anchor {
        start: a.start - b.min(a.start),
        end: a.start + after.chars().count(),
        quote: format!("{before}{after}"),
        prefix: String::new(),
        suffix: String::new(),
    };
    (probe, b)
}

/// `s` on one line, cut to `n` characters with an ellipsis when longer: how a message quotes a
/// passage.
pub fn short(s: &str, n: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        flat
    } else {
        format!(
            "{}\u{2026}",
            flat.chars().take(n).collect::<String>().trim_end()
        )
    }
}
