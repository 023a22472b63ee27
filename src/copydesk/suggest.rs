//! Suggested changes, pure: a proposed text's differences from a field's text as hunks (word by
//! word, neighbouring changes joined into one), and applying one suggestion to a text only
//! when it is still on its words.

use similar::{Algorithm, DiffOp};

use super::anchor::tokens;
use crate::domain::Anchor;

/// One change: characters `[start, end)` of the old text become `insert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub start: usize,
    pub end: usize,
    pub insert: String,
}

/// The changes that turn `old` into `new`, word by word. Changes with only a space or nothing
/// between them are one change, as a person would make it.
pub fn hunks(old: &str, new: &str) -> Vec<Hunk> {
    let (o, n): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    let (ot, nt) = (tokens(&o), tokens(&n));
    let ow: Vec<&[char]> = ot.iter().map(|&(a, b)| &o[a..b]).collect();
    let nw: Vec<&[char]> = nt.iter().map(|&(a, b)| &n[a..b]).collect();
    let at = |t: &[(usize, usize)], i: usize, len: usize| t.get(i).map_or(len, |x| x.0);
    let mut out: Vec<(usize, usize, usize, usize)> = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Myers, &ow, &nw) {
        if let DiffOp::Equal { .. } = op {
            continue;
        }
        let (or, nr) = (op.old_range(), op.new_range());
        let (os, oe) = (at(&ot, or.start, o.len()), at(&ot, or.end, o.len()));
        let (ns, ne) = (at(&nt, nr.start, n.len()), at(&nt, nr.end, n.len()));
        if let Some(last) = out.last_mut() {
            let gap: String = o[last.1..os].iter().collect();
            let gap_new: String = n[last.3..ns].iter().collect();
            if gap == gap_new && gap.chars().count() <= 1 && gap.trim().is_empty() {
                last.1 = oe;
                last.3 = ne;
                continue;
            }
        }
        out.push((os, oe, ns, ne));
    }
    out.into_iter()
        .map(|(mut os, mut oe, mut ns, mut ne)| {
            // The diff may put a shared space inside a change; a change starts and ends at
            // what differs.
            while os < oe && ns < ne && o[os] == n[ns] && o[os].is_whitespace() {
                os += 1;
                ns += 1;
            }
            while os < oe && ns < ne && o[oe - 1] == n[ne - 1] && o[oe - 1].is_whitespace() {
                oe -= 1;
                ne -= 1;
            }
            Hunk {
                start: os,
                end: oe,
                insert: n[ns..ne].iter().collect(),
            }
        })
        .collect()
}

/// `text` with the anchored words replaced by `insert`, or `None` when the anchor is not on
/// its words (the quote, and for an insertion the characters on each side, no longer there).
pub fn apply(text: &str, anchor: &Anchor, insert: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    if anchor.end > chars.len() || anchor.start > anchor.end {
        return None;
    }
    let here: String = chars[anchor.start..anchor.end].iter().collect();
    if here != anchor.quote {
        return None;
    }
    let side = 8;
    let before: String = chars[anchor.start.saturating_sub(side)..anchor.start]
        .iter()
        .collect();
    let after: String = chars[anchor.end..(anchor.end + side).min(chars.len())]
        .iter()
        .collect();
    if !anchor.prefix.ends_with(&before) || !anchor.suffix.starts_with(&after) {
        return None;
    }
    let mut out: String = chars[..anchor.start].iter().collect();
    out.push_str(insert);
    out.extend(&chars[anchor.end..]);
    Some(out)
}

/// `text` with every hunk applied (the hunks in order, on `text`'s own positions).
pub fn apply_hunks(text: &str, hunks: &[Hunk]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for h in hunks {
        out.extend(&chars[at..h.start]);
        out.push_str(&h.insert);
        at = h.end;
    }
    out.extend(&chars[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copydesk::anchor::anchor_at;

    #[test]
    fn neighbouring_changes_are_one_suggestion() {
        let old = "The very big film by Martin Scorcese opens in 1990.";
        let new = "The big film by Martin Scorsese opens in 1990!";
        let h = hunks(old, new);
        assert_eq!(h.len(), 3, "{h:?}");
        assert_eq!(&old[h[0].start..h[0].end], "very ");
        assert_eq!(h[1].insert, "Scorsese");
        assert_eq!(h[2].insert, "!");
        assert_eq!(apply_hunks(old, &h), new);
        let joined = hunks("a b c d", "a x y d");
        assert_eq!(joined.len(), 1, "“b c” → “x y” is one change: {joined:?}");
    }

    #[test]
    fn a_suggestion_applies_only_on_its_words() {
        let text = "A film by Martin Scorcese.";
        let a = anchor_at(text, 17, 25).unwrap();
        assert_eq!(
            apply(text, &a, "Scorsese").as_deref(),
            Some("A film by Martin Scorsese.")
        );
        assert_eq!(apply("A film by Martin Scorcesi.", &a, "Scorsese"), None);
        assert_eq!(
            apply("A film by Marvin Scorcese.", &a, "Scorsese"),
            None,
            "its context changed"
        );
    }
}
