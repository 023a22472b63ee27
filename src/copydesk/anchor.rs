//! Anchors that follow their words: an anchor is made from a selection (the quote, 32
//! characters on each side, the place), and when the text changes it is carried through the
//! change by [`Follow`], in this order:
//!
//! 1. the quoted words all survive, side by side: the anchor moves with them (`anchored`);
//! 2. else the exact quote where the change put new text, nearest the old place: `anchored`
//!    when the words around it agree with the old context, otherwise `moved`;
//! 3. else the text that took the quote's place, when it is close to the quote: `moved`, for a
//!    person to check;
//! 4. otherwise `orphaned`.
//!
//! The change is found by diffing the old text against the new (common ends first, then the
//! middle word by word, with patience diffing), so every step only considers text that is new or was the quote's own:
//! an anchor never lands on words that were elsewhere in the old text.

use similar::{Algorithm, DiffOp};

use crate::domain::{Anchor, AnchorStatus};

/// Characters of context kept on each side of a quote.
pub const CONTEXT: usize = 32;

/// How close the text that replaced a quote must be to it to count as the same passage.
const CLOSE: f32 = 0.7;

/// An anchor on `chars[start..end]` of `text`, with its context. Offsets count characters.
pub fn anchor_at(text: &str, start: usize, end: usize) -> Option<Anchor> {
    let chars: Vec<char> = text.chars().collect();
    (start <= end && end <= chars.len()).then(|| make(&chars, start, end))
}

fn make(chars: &[char], start: usize, end: usize) -> Anchor {
    Anchor {
        start,
        end,
        quote: chars[start..end].iter().collect(),
        prefix: chars[start.saturating_sub(CONTEXT)..start].iter().collect(),
        suffix: chars[end..(end + CONTEXT).min(chars.len())]
            .iter()
            .collect(),
    }
}

/// Where `quote` is in `text`, as character ranges.
pub fn occurrences(text: &str, quote: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let q: Vec<char> = quote.chars().collect();
    find_all(&chars, &q)
}

fn find_all(hay: &[char], needle: &[char]) -> Vec<(usize, usize)> {
    if needle.is_empty() || needle.len() > hay.len() {
        return vec![];
    }
    (0..=hay.len() - needle.len())
        .filter(|&i| hay[i] == needle[0] && hay[i..i + needle.len()] == *needle)
        .map(|i| (i, i + needle.len()))
        .collect()
}

/// One step of the change, in characters: old `[os, oe)` became new `[ns, ne)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Op {
    equal: bool,
    os: usize,
    oe: usize,
    ns: usize,
    ne: usize,
}

/// A change from one text to another, ready to carry anchors through.
pub struct Follow {
    new: Vec<char>,
    ops: Vec<Op>,
}

impl Follow {
    pub fn new(old: &str, new: &str) -> Follow {
        let old: Vec<char> = old.chars().collect();
        let new: Vec<char> = new.chars().collect();
        let ops = diff(&old, &new);
        Follow { new, ops }
    }

    /// True when the texts are the same.
    pub fn unchanged(&self) -> bool {
        self.ops.iter().all(|o| o.equal)
    }

    /// Carries `a` through the change. An orphaned anchor stays orphaned: only a person
    /// reattaches it.
    pub fn anchor(&self, a: &Anchor, status: AnchorStatus) -> (Anchor, AnchorStatus) {
        if status == AnchorStatus::Orphaned || self.unchanged() {
            return (a.clone(), status);
        }
        let (s, e) = (a.start, a.end);
        // 1. Every quoted character kept, with nothing put between them.
        if let Some((ns, ne)) = self.kept(s, e) {
            let mut out = make(&self.new, ns, ne);
            if out.quote == a.quote {
                return (out, status);
            }
            // The quote was a moved one's stand-in; keep what it quoted.
            out.quote = a.quote.clone();
            return (out, AnchorStatus::Moved);
        }
        let near = self.map_point(s);
        // 2. The exact quote in new text (or in what is left of the quote's own).
        let q: Vec<char> = a.quote.chars().collect();
        let best = find_all(&self.new, &q)
            .into_iter()
            .filter(|&(cs, ce)| self.only_new_or_own(cs, ce, s, e))
            .min_by_key(|&(cs, _)| cs.abs_diff(near));
        if let Some((cs, ce)) = best {
            let out = make(&self.new, cs, ce);
            let agrees = context_agrees(&a.prefix, &out.prefix, true)
                || context_agrees(&a.suffix, &out.suffix, false);
            let st = if agrees {
                AnchorStatus::Anchored
            } else {
                AnchorStatus::Moved
            };
            return (out, st);
        }
        // 3. The text that took the quote's place, if it is close to the quote.
        let (rs, re) = self.region(s, e);
        let region: String = self.new[rs..re].iter().collect();
        if !region.trim().is_empty() && close(&a.quote, &region) {
            let mut out = make(&self.new, rs, re);
            out.quote = a.quote.clone();
            return (out, AnchorStatus::Moved);
        }
        // 4. Gone. The place is where the quote was, for the tray's sake.
        let mut out = a.clone();
        out.start = near;
        out.end = near;
        (out, AnchorStatus::Orphaned)
    }

    /// The new range of old `[s, e)` when all of it was kept and stayed together.
    fn kept(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        if s == e {
            return None;
        }
        let mut range: Option<(usize, usize)> = None;
        for o in &self.ops {
            let inside_insert = !o.equal && o.os == o.oe && o.os > s && o.os < e;
            let overlaps = o.os < e && o.oe > s;
            if inside_insert || (overlaps && !o.equal) {
                return None;
            }
            if overlaps {
                let ns = o.ns + (s.max(o.os) - o.os);
                let ne = o.ns + (e.min(o.oe) - o.os);
                range = Some(match range {
                    None => (ns, ne),
                    Some((a, _)) => (a, ne),
                });
            }
        }
        range
    }

    /// Where old position `p` is in the new text.
    fn map_point(&self, p: usize) -> usize {
        for o in &self.ops {
            if p < o.oe || (p == o.oe && o.os == o.oe) {
                return if o.equal { o.ns + (p - o.os) } else { o.ns };
            }
        }
        self.new.len()
    }

    /// Whether new `[cs, ce)` holds only inserted text and text that was old `[s, e)`.
    fn only_new_or_own(&self, cs: usize, ce: usize, s: usize, e: usize) -> bool {
        self.ops
            .iter()
            .filter(|o| o.equal && o.ns < ce && o.ne > cs)
            .all(|o| {
                let from = o.os + (cs.max(o.ns) - o.ns);
                let to = o.os + (ce.min(o.ne) - o.ns);
                from >= s && to <= e
            })
    }

    /// The new text that stands where old `[s, e)` stood: what was kept of it, and what was
    /// put inside it or in place of its deleted parts.
    fn region(&self, s: usize, e: usize) -> (usize, usize) {
        let mut lo: Option<usize> = None;
        let mut hi = 0;
        for (i, o) in self.ops.iter().enumerate() {
            let touches = if o.os == o.oe {
                // An insertion: inside the quote, or in place of a deleted part at its edge.
                let replaces = |j: Option<usize>| {
                    j.and_then(|j| self.ops.get(j))
                        .is_some_and(|d| !d.equal && d.oe > d.os && d.os < e && d.oe > s)
                };
                (o.os > s && o.os < e)
                    || ((o.os == s || o.os == e)
                        && (replaces(i.checked_sub(1)) || replaces(Some(i + 1))))
            } else {
                o.os < e && o.oe > s
            };
            if touches {
                let (ns, ne) = if o.equal {
                    (o.ns + (s.max(o.os) - o.os), o.ns + (e.min(o.oe) - o.os))
                } else {
                    (o.ns, o.ne)
                };
                lo = Some(lo.map_or(ns, |l: usize| l.min(ns)));
                hi = hi.max(ne);
            }
        }
        match lo {
            Some(lo) => (lo, hi.max(lo)),
            None => {
                let p = self.map_point(s);
                (p, p)
            }
        }
    }
}

/// Whether the context next to a found quote agrees with the old: the 8 characters nearest
/// the quote (or all of it, when there is less).
fn context_agrees(old: &str, new: &str, before: bool) -> bool {
    let take = |s: &str| -> String {
        let c: Vec<char> = s.chars().collect();
        let n = c.len().min(8);
        if before {
            c[c.len() - n..].iter().collect()
        } else {
            c[..n].iter().collect()
        }
    };
    let (o, n) = (take(old), take(new));
    !o.trim().is_empty() && o == n
}

fn close(quote: &str, region: &str) -> bool {
    similar::TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_chars(quote, region)
        .ratio()
        >= CLOSE
}

/// The change from `old` to `new` as steps in characters: the common ends, then the middle
/// diffed by words (runs of letters and digits, runs of spaces, single other characters).
fn diff(old: &[char], new: &[char]) -> Vec<Op> {
    // Inside a word on either side (`p` between two letters or digits of `v`).
    let mid_word = |v: &[char], p: usize| {
        p > 0 && p < v.len() && v[p].is_alphanumeric() && v[p - 1].is_alphanumeric()
    };
    // The common ends stop at a word's edge, so a changed word is diffed as a whole.
    let mut pre = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    while pre > 0 && (mid_word(old, pre) || mid_word(new, pre)) {
        pre -= 1;
    }
    let max_suf = old.len().min(new.len()) - pre;
    let mut suf = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suf)
        .take_while(|(a, b)| a == b)
        .count();
    while suf > 0 && (mid_word(old, old.len() - suf) || mid_word(new, new.len() - suf)) {
        suf -= 1;
    }
    let mut ops = Vec::new();
    if pre > 0 {
        ops.push(Op {
            equal: true,
            os: 0,
            oe: pre,
            ns: 0,
            ne: pre,
        });
    }
    let (om, nm) = (&old[pre..old.len() - suf], &new[pre..new.len() - suf]);
    if !om.is_empty() || !nm.is_empty() {
        let (ot, nt) = (tokens(om), tokens(nm));
        let (ow, nw): (Vec<&[char]>, Vec<&[char]>) = (
            ot.iter().map(|&(a, b)| &om[a..b]).collect(),
            nt.iter().map(|&(a, b)| &nm[a..b]).collect(),
        );
        // Patience first matches the words that occur once on each side, so a surviving word
        // is matched to itself and not traded for a run of spaces.
        for op in similar::capture_diff_slices(Algorithm::Patience, &ow, &nw) {
            let (o, n) = (op.old_range(), op.new_range());
            let span = |t: &[(usize, usize)], r: std::ops::Range<usize>, len: usize| {
                if r.is_empty() {
                    let at = t.get(r.start).map_or(len, |x| x.0);
                    (at, at)
                } else {
                    (t[r.start].0, t[r.end - 1].1)
                }
            };
            let (os, oe) = span(&ot, o, om.len());
            let (ns, ne) = span(&nt, n, nm.len());
            let (os, oe, ns, ne) = (os + pre, oe + pre, ns + pre, ne + pre);
            match op {
                DiffOp::Equal { .. } => ops.push(Op {
                    equal: true,
                    os,
                    oe,
                    ns,
                    ne,
                }),
                DiffOp::Delete { .. } => ops.push(Op {
                    equal: false,
                    os,
                    oe,
                    ns,
                    ne: ns,
                }),
                DiffOp::Insert { .. } => ops.push(Op {
                    equal: false,
                    os,
                    oe: os,
                    ns,
                    ne,
                }),
                DiffOp::Replace { .. } => {
                    ops.push(Op {
                        equal: false,
                        os,
                        oe,
                        ns,
                        ne: ns,
                    });
                    ops.push(Op {
                        equal: false,
                        os: oe,
                        oe,
                        ns,
                        ne,
                    });
                }
            }
        }
    }
    if suf > 0 {
        ops.push(Op {
            equal: true,
            os: old.len() - suf,
            oe: old.len(),
            ns: new.len() - suf,
            ne: new.len(),
        });
    }
    ops
}

/// Word tokens of `chars` as ranges: runs of letters and digits, runs of spaces, and every
/// other character alone.
pub(crate) fn tokens(chars: &[char]) -> Vec<(usize, usize)> {
    let class = |c: char| {
        if c.is_alphanumeric() {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let k = class(chars[i]);
        let mut j = i + 1;
        if k != 2 {
            while j < chars.len() && class(chars[j]) == k {
                j += 1;
            }
        }
        out.push((i, j));
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn follow(old: &str, new: &str, quote: &str) -> (Anchor, AnchorStatus) {
        let (s, e) = occurrences(old, quote)[0];
        let a = anchor_at(old, s, e).unwrap();
        Follow::new(old, new).anchor(&a, AnchorStatus::Anchored)
    }

    fn text(new: &str, a: &Anchor) -> String {
        new.chars().skip(a.start).take(a.end - a.start).collect()
    }

    #[test]
    fn an_anchor_keeps_its_context_and_place_in_characters() {
        let a = anchor_at("Björk’s Homogenic is cold.", 8, 17).unwrap();
        assert_eq!(a.quote, "Homogenic");
        assert_eq!(a.prefix, "Björk’s ");
        assert_eq!(a.suffix, " is cold.");
    }

    #[test]
    fn an_edit_elsewhere_moves_the_anchor_with_its_words() {
        let old = "The film opens on a ferry. Scorsese holds the shot for a minute.";
        let new = "The long film opens slowly on a ferry. Scorsese holds the shot for a minute.";
        let (a, st) = follow(old, new, "holds the shot");
        assert_eq!(st, AnchorStatus::Anchored);
        assert_eq!(text(new, &a), "holds the shot");
    }

    #[test]
    fn deleted_words_orphan_the_anchor_even_when_the_words_appear_elsewhere() {
        let old = "He holds the shot. Later she holds the shot too.";
        let new = "He waits. Later she holds the shot too.";
        let (a, st) = follow(old, new, "holds the shot");
        assert_eq!(
            st,
            AnchorStatus::Orphaned,
            "the other “holds the shot” is not the quoted words: {a:?}"
        );
    }

    #[test]
    fn a_retyped_word_is_a_close_match_to_check() {
        let old = "A film by Martin Scorcese, and a long one.";
        let new = "A film by Martin Scorsese, and a long one.";
        let (a, st) = follow(old, new, "Martin Scorcese");
        assert_eq!(st, AnchorStatus::Moved);
        assert_eq!(text(new, &a), "Martin Scorsese");
        assert_eq!(
            a.quote, "Martin Scorcese",
            "the quote stays what was asked about"
        );
    }

    #[test]
    fn a_paragraph_cut_and_pasted_takes_its_query_along() {
        let old = "First paragraph here.\n\nSecond one, with the quoted words.\n\nThird.";
        let new = "Second one, with the quoted words.\n\nFirst paragraph here.\n\nThird.";
        let (a, st) = follow(old, new, "the quoted words");
        assert_eq!(text(new, &a), "the quoted words");
        assert_ne!(st, AnchorStatus::Orphaned);
    }

    #[test]
    fn a_word_put_inside_the_quote_asks_for_a_check() {
        let old = "The cast is uniformly excellent here.";
        let new = "The cast is uniformly and quietly excellent here.";
        let (a, st) = follow(old, new, "uniformly excellent");
        assert_eq!(st, AnchorStatus::Moved);
        assert_eq!(text(new, &a), "uniformly and quietly excellent");
    }
}
