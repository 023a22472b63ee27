//! One candidate per work: the key two spellings of a pick share when they differ only in case,
//! accents, punctuation, straight or curly quotes, spacing or a leading "The".

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The words of `s` as a key compares them: lower case, accents and punctuation gone, one space
/// between words, a leading "the" dropped.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.nfkd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'ß' => {
                out.push_str("ss");
                space = false;
                continue;
            }
            'æ' | 'Æ' => {
                out.push_str("ae");
                space = false;
                continue;
            }
            'ø' | 'Ø' => 'o',
            'ł' | 'Ł' => 'l',
            'đ' | 'Đ' => 'd',
            '&' => {
                if !space {
                    out.push(' ');
                }
                out.push_str("and ");
                space = true;
                continue;
            }
            c => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if (c.is_whitespace() || is_separator(c)) && !space {
            out.push(' ');
            space = true;
        }
        // Other punctuation (quotes of every kind, apostrophes, dots, commas) is dropped,
        // so "Don't" and "Dont", "M.A.S.H." and "MASH" meet.
    }
    let trimmed = out.trim_end();
    let folded = trimmed.strip_prefix("the ").unwrap_or(trimmed);
    folded.to_string()
}

/// Punctuation that separates words rather than sitting inside one.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '‐'
            | '‑'
            | '‒'
            | '–'
            | '—'
            | '/'
            | '\\'
            | ':'
            | ';'
            | '|'
            | '_'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | ','
            | '+'
            | '…'
            | '⁄'
    )
}

/// The key of a pick: its creator's and title's folded words. Picks with one key are one
/// candidate.
pub fn key(creator: &str, title: &str) -> String {
    format!("{}\u{1f}{}", fold(creator), fold(title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_work_meet() {
        assert_eq!(key("Beyoncé", "Formation"), key("BEYONCE", "formation"));
        assert_eq!(
            key("", "L’avventura"),
            key("", "L'avventura"),
            "curly and straight apostrophes"
        );
        assert_eq!(key("", "The Third Man"), key("", "Third Man"));
        assert_eq!(key("", "  Citizen   Kane "), key("", "Citizen Kane"));
        assert_eq!(key("", "“Heroes”"), key("", "\"Heroes\""));
        assert_eq!(key("", "M.A.S.H."), key("", "MASH"));
        assert_eq!(
            key("Simon & Garfunkel", "x"),
            key("Simon and Garfunkel", "x")
        );
        assert_eq!(fold("Mehmet Açar"), "mehmet acar");
        assert_eq!(fold("Andrzej Żuławski"), "andrzej zulawski");
    }

    #[test]
    fn different_works_stay_apart() {
        assert_ne!(
            key("", "Theremin"),
            key("", "Remin"),
            "only a whole leading word The goes"
        );
        assert_ne!(key("Prince", "1999"), key("Prince", "1998"));
        assert_ne!(key("A", "Song"), key("B", "Song"), "the creator counts");
        assert_eq!(fold("The"), "the", "a title that is only The keeps it");
    }
}

/// Two candidates that may be one work, and why they look it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LikelyPair {
    /// Indices into the candidates given.
    pub a: usize,
    pub b: usize,
    pub why: String,
}

/// A title without what versions add to it: a bracketed or parenthesised tag (`(Remix)`,
/// `[Remastered]`, `(feat. X)`) or a dash and what follows (`- Radio Edit`), folded.
fn core_title(title: &str) -> String {
    let mut t = String::new();
    let mut depth = 0;
    for c in title.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = (depth - 1).max(0),
            _ if depth == 0 => t.push(c),
            _ => {}
        }
    }
    let t = t
        .split(" - ")
        .next()
        .unwrap_or("")
        .split(" \u{2013} ")
        .next()
        .unwrap_or("")
        .to_string();
    let lower = t.to_lowercase();
    let cut = [" feat. ", " feat ", " ft. ", " featuring "]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .unwrap_or(t.len());
    fold(&t[..cut.min(t.len())])
}

/// The people a creator names: split at `feat.`, `ft.`, `featuring`, `&`, `and`, `with`, `x`,
/// commas and slashes, each folded.
fn creator_names(creator: &str) -> Vec<String> {
    let folded = fold(creator);
    let mut names = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for w in folded.split(' ') {
        if matches!(w, "feat" | "ft" | "featuring" | "and" | "with" | "x" | "vs") {
            if !cur.is_empty() {
                names.push(cur.join(" "));
                cur.clear();
            }
        } else if !w.is_empty() {
            cur.push(w);
        }
    }
    if !cur.is_empty() {
        names.push(cur.join(" "));
    }
    names
}

/// The featured names a title carries (`Song (feat. X & Y)`).
fn featured_in(title: &str) -> Vec<String> {
    let lower = title.to_lowercase();
    let Some(at) = [
        " (feat. ",
        " (feat ",
        " (ft. ",
        " feat. ",
        " ft. ",
        " (featuring ",
    ]
    .iter()
    .filter_map(|m| lower.find(m).map(|i| i + m.len()))
    .min() else {
        return vec![];
    };
    creator_names(title[at..].trim_end_matches(')'))
}

/// The edit distance of two strings, by characters.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j + 1] + 1)
                .min(cur[j] + 1)
                .min(prev[j] + usize::from(ca != cb));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Pairs of candidates (creator, title) that may be one work, never merged here: the same
/// title but for a version's tag; a featured artist written in the title on one and in the
/// creator on the other; the same title by creators who share a name; titles a typing slip
/// apart by the same creator.
pub fn likely_duplicates(candidates: &[(String, String)]) -> Vec<LikelyPair> {
    use std::collections::BTreeMap;
    let mut out: Vec<LikelyPair> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut push = |a: usize, b: usize, why: String, out: &mut Vec<LikelyPair>| {
        let (a, b) = (a.min(b), a.max(b));
        if a != b && seen.insert((a, b)) {
            out.push(LikelyPair { a, b, why });
        }
    };
    let info: Vec<(String, Vec<String>, String)> = candidates
        .iter()
        .map(|(c, t)| {
            let mut people = creator_names(c);
            people.extend(featured_in(t));
            (core_title(t), people, fold(t))
        })
        .collect();
    // The same core title: a tag, a featured artist, or overlapping creators.
    let mut by_core: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (core, _, _)) in info.iter().enumerate() {
        if !core.is_empty() {
            by_core.entry(core.as_str()).or_default().push(i);
        }
    }
    for group in by_core.values().filter(|g| g.len() > 1) {
        for (x, &i) in group.iter().enumerate() {
            for &j in &group[x + 1..] {
                let (pi, pj) = (&info[i].1, &info[j].1);
                let share = pi.iter().any(|p| pj.contains(p));
                if !(share || pi.is_empty() || pj.is_empty()) {
                    continue;
                }
                let why = if info[i].2 != info[j].2 {
                    if featured_in(&candidates[i].1).len() + featured_in(&candidates[j].1).len() > 0
                    {
                        "a featured artist written in the title on one and not the other"
                    } else {
                        "the same title but for a version's tag"
                    }
                } else {
                    "the same title by creators who share a name"
                };
                push(i, j, why.to_string(), &mut out);
            }
        }
    }
    // A typing slip: the same creator, titles one or two letters apart.
    let mut by_creator: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (c, _)) in candidates.iter().enumerate() {
        by_creator.entry(fold(c)).or_default().push(i);
    }
    for (creator, group) in by_creator.iter().filter(|(_, g)| g.len() > 1) {
        if creator.is_empty() && group.len() > 2_000 {
            continue;
        }
        for (x, &i) in group.iter().enumerate() {
            for &j in &group[x + 1..] {
                let (a, b) = (&info[i].2, &info[j].2);
                let longest = a.chars().count().max(b.chars().count());
                if longest < 4 || a.chars().count().abs_diff(b.chars().count()) > 2 {
                    continue;
                }
                // Numbers are not typing slips: "1999" and "1998" are two works.
                let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
                if digits(a) != digits(b) {
                    continue;
                }
                let d = distance(a, b);
                if d > 0 && d <= if longest >= 12 { 2 } else { 1 } {
                    push(
                        i,
                        j,
                        format!(
                            "the titles are {d} letter{} apart",
                            if d == 1 { "" } else { "s" }
                        ),
                        &mut out,
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod duplicate_tests {
    use super::*;

    fn pairs(c: &[(&str, &str)]) -> Vec<(usize, usize, String)> {
        let owned: Vec<(String, String)> = c
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        likely_duplicates(&owned)
            .into_iter()
            .map(|p| (p.a, p.b, p.why))
            .collect()
    }

    #[test]
    fn versions_features_and_slips_are_offered() {
        let found = pairs(&[
            ("Drake", "Hotline Bling"),
            ("Drake", "Hotline Bling (Remix)"),
            ("Kendrick Lamar", "Alright"),
            ("Rihanna feat. Drake", "Work"),
            ("Rihanna", "Work (feat. Drake)"),
            ("Courtney Barnett", "Pedestrian at Best"),
            ("Courtney Barnett", "Pedestrain at Best"),
            ("Beach House", "Space Song"),
            ("Beach House & Friend", "Space Song"),
        ]);
        assert!(
            found.contains(&(0, 1, "the same title but for a version's tag".into())),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(a, b, w)| (*a, *b) == (3, 4) && w.contains("featured")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(a, b, w)| (*a, *b) == (5, 6) && w.contains("2 letters apart")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|(a, b, _)| (*a, *b) == (7, 8)),
            "{found:?}"
        );
        assert!(
            !found.iter().any(|(a, b, _)| *a == 2 || *b == 2),
            "Alright has no double: {found:?}"
        );
    }

    #[test]
    fn different_works_by_different_people_are_left_alone() {
        let found = pairs(&[
            ("Prince", "1999"),
            ("Prince", "1998"),
            ("Adele", "Hello"),
            ("Lionel Richie", "Hello"),
        ]);
        assert!(
            found.is_empty(),
            "short titles a digit apart, and one title by two artists: {found:?}"
        );
    }
}
