//! CriticMarkup (criticmarkup.com), the plain-text spelling of suggestions and comments:
//! `{++added++}`, `{--deleted--}`, `{~~old~>new~~}`, `{==highlighted==}{>>comment<<}` and a
//! bare `{>>comment<<}`. [`write`] spells a field's open marks; [`read`] takes a marked text
//! apart into the text as it stands and its marks. A mark never spans paragraphs: one that does
//! is refused with its line.

use crate::domain::{Query, Suggestion};

/// A mark read from CriticMarkup, on the text as it stands (positions in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// `[start, end)` becomes `insert` (empty `start..end` for an insertion).
    Change {
        start: usize,
        end: usize,
        insert: String,
    },
    /// A comment on `[start, end)`: the highlighted words, or the word before a bare comment.
    Comment {
        start: usize,
        end: usize,
        text: String,
    },
}

/// A refused file: the line (1-based) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriticError {
    pub line: usize,
    pub message: String,
}

/// `text` with the open, fresh `suggestions` and open `queries` of one field spelled in
/// CriticMarkup. Marks that overlap one already written are left out and counted in the
/// second value.
pub fn write(text: &str, suggestions: &[&Suggestion], queries: &[&Query]) -> (String, usize) {
    enum Out<'a> {
        S(&'a Suggestion),
        Q(&'a Query),
    }
    let mut all: Vec<(usize, usize, Out)> = suggestions
        .iter()
        .map(|s| (s.anchor.start, s.anchor.end, Out::S(s)))
        .chain(
            queries
                .iter()
                .map(|q| (q.anchor.start, q.anchor.end, Out::Q(q))),
        )
        .collect();
    all.sort_by_key(|(s, e, _)| (*s, *e));
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    let mut skipped = 0;
    for (s, e, m) in all {
        if s < at || e > chars.len() {
            skipped += 1;
            continue;
        }
        out.extend(&chars[at..s]);
        let quote: String = chars[s..e].iter().collect();
        match m {
            Out::S(sg) => match (quote.is_empty(), sg.insert.is_empty()) {
                (true, _) => out.push_str(&format!("{{++{}++}}", sg.insert)),
                (false, true) => out.push_str(&format!("{{--{quote}--}}")),
                (false, false) => out.push_str(&format!("{{~~{quote}~>{}~~}}", sg.insert)),
            },
            Out::Q(q) => {
                let thread: Vec<String> = q
                    .messages
                    .iter()
                    .map(|m| format!("{}: {}", m.author, m.text.replace('\n', " ")))
                    .collect();
                out.push_str(&format!("{{=={quote}==}}{{>>{}<<}}", thread.join(" / ")));
            }
        }
        at = e;
    }
    out.extend(&chars[at.min(chars.len())..]);
    (out, skipped)
}

/// Takes a CriticMarkup text apart: the text as it stands (deletions and the old side of a
/// substitution kept, additions left out) and the marks on it.
pub fn read(marked: &str) -> Result<(String, Vec<Mark>), CriticError> {
    let src: Vec<char> = marked.chars().collect();
    let mut base = String::with_capacity(marked.len());
    let mut n = 0usize; // characters of `base`
    let mut marks = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let mut last_word: (usize, usize) = (0, 0);
    let mut pending_highlight: Option<(usize, usize)> = None;
    let opens = [
        ("{++", "++}"),
        ("{--", "--}"),
        ("{~~", "~~}"),
        ("{==", "==}"),
        ("{>>", "<<}"),
    ];
    let starts = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| src.get(i + k) == Some(&c))
    };
    while i < src.len() {
        let open = opens.iter().find(|(o, _)| starts(i, o));
        let Some((o, close)) = open else {
            let c = src[i];
            if c == '\n' {
                line += 1;
            }
            base.push(c);
            n += 1;
            if c.is_alphanumeric() {
                if last_word.1 != n - 1 {
                    last_word = (n - 1, n);
                } else {
                    last_word.1 = n;
                }
            }
            if !c.is_whitespace() {
                pending_highlight = None;
            }
            i += 1;
            continue;
        };
        let from = i + 3;
        let end = (from..src.len().saturating_sub(2))
            .find(|&j| starts(j, close))
            .ok_or_else(|| CriticError {
                line,
                message: format!("`{o}` is not closed by `{close}`"),
            })?;
        let inner: String = src[from..end].iter().collect();
        if inner.contains("\n\n") {
            return Err(CriticError {
                line,
                message: format!(
                    "the mark `{o}…{close}` spans paragraphs; a mark stays within one"
                ),
            });
        }
        let here = n;
        match *o {
            "{++" => marks.push(Mark::Change {
                start: here,
                end: here,
                insert: inner.clone(),
            }),
            "{--" | "{==" => {
                base.push_str(&inner);
                n += inner.chars().count();
                if *o == "{--" {
                    marks.push(Mark::Change {
                        start: here,
                        end: n,
                        insert: String::new(),
                    });
                } else {
                    pending_highlight = Some((here, n));
                }
            }
            "{~~" => {
                let Some((old, new)) = inner.split_once("~>") else {
                    return Err(CriticError {
                        line,
                        message: "a substitution `{~~old~>new~~}` needs its `~>`".into(),
                    });
                };
                base.push_str(old);
                n += old.chars().count();
                marks.push(Mark::Change {
                    start: here,
                    end: n,
                    insert: new.to_string(),
                });
            }
            _ => {
                let (start, end) = pending_highlight.take().unwrap_or(last_word);
                if start == end {
                    return Err(CriticError {
                        line,
                        message: "a comment needs words before it, or highlighted with `{==…==}`"
                            .into(),
                    });
                }
                marks.push(Mark::Comment {
                    start,
                    end,
                    text: inner.trim().to_string(),
                });
            }
        }
        line += inner.matches('\n').count();
        i = end + 3;
    }
    Ok((base, marks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_mark_reads_back_onto_the_text_as_it_stands() {
        let (base, marks) = read(
            "A film by {~~Martin Scorcese~>Martin Scorsese~~}, {--very --}long{++ and slow++}. {==Is it?==}{>>Check the runtime<<}",
        )
        .unwrap();
        assert_eq!(base, "A film by Martin Scorcese, very long. Is it?");
        assert_eq!(
            marks,
            vec![
                Mark::Change {
                    start: 10,
                    end: 25,
                    insert: "Martin Scorsese".into()
                },
                Mark::Change {
                    start: 27,
                    end: 32,
                    insert: "".into()
                },
                Mark::Change {
                    start: 36,
                    end: 36,
                    insert: " and slow".into()
                },
                Mark::Comment {
                    start: 38,
                    end: 44,
                    text: "Check the runtime".into()
                },
            ]
        );
    }

    #[test]
    fn a_mark_across_paragraphs_or_unclosed_is_refused_with_its_line() {
        let e = read("One.\n\nTwo {--gone\n\nstill--} three.").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("spans paragraphs"), "{e:?}");
        let e = read("One.\nTwo {++never closed.").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("not closed"), "{e:?}");
    }

    #[test]
    fn a_bare_comment_sits_on_the_word_before_it() {
        let (base, marks) = read("The year was 1997{>>1998?<<} then.").unwrap();
        assert_eq!(base, "The year was 1997 then.");
        assert_eq!(
            marks,
            vec![Mark::Comment {
                start: 13,
                end: 17,
                text: "1998?".into()
            }]
        );
    }
}
