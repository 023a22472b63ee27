//! Full-text search over the desk: headline, dek, body, the fact box's names and titles, and
//! list entries, ranked by BM25 with a highlighted snippet.
//!
//! The index (`piece_fts`, FTS5) is keyed by `piece.seq` and rewritten by the store in the same
//! transaction as every save, so it never lags the pieces. A user's query is never passed to FTS5
//! as syntax: each word becomes a quoted phrase, and the last also matches as a prefix, so any
//! text typed in a search box is a valid query.
//!
//! Chinese and Japanese are written without spaces between words, and FTS5's tokenizer splits
//! only at spaces and punctuation; so the index holds each of their characters as a word of its
//! own (`spaced`), and a query's run of them becomes the phrase of those characters in order.
//! Snippets come back without the spaces added.

use std::borrow::Cow;

use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use crate::domain::{Content, Kind, Stage};

/// Weights of the indexed columns: a word in the headline counts ten times one in the body.
const RANK: &str = "bm25(piece_fts, 10.0, 4.0, 1.0, 5.0, 2.0)";

/// Snippet highlight markers as they come out of SQLite; replaced before anything leaves here.
const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';

/// Writes `content` into the index under `seq`, replacing what was there.
pub fn index(tx: &Transaction, seq: i64, content: &Content) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM piece_fts WHERE rowid = ?1")?
        .execute([seq])?;
    let mut facts: Vec<String> = content.bylines.clone();
    facts.extend(content.tags.iter().cloned());
    if let Some(r) = &content.review {
        facts.push(r.subject.search_text());
    }
    let entries = content
        .list
        .iter()
        .flat_map(|l| &l.entries)
        .map(|e| {
            [&e.creator, &e.title, &e.contributor, &e.blurb]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let facts = facts.join(" · ");
    tx.prepare_cached("INSERT INTO piece_fts (rowid, headline, dek, body, facts, entries) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![
            seq,
            spaced(&content.headline),
            spaced(&content.dek),
            spaced(&content.body),
            spaced(&facts),
            spaced(&entries)
        ])?;
    Ok(())
}

/// Rebuilds the whole index from the pieces table (used by the migration that adds it).
pub fn reindex_all(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM piece_fts", [])?;
    let rows: Vec<(i64, String)> = tx
        .prepare("SELECT seq, content FROM piece")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (seq, json) in rows {
        let content: Content = serde_json::from_str(&json).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?;
        index(tx, seq, &content)?;
    }
    Ok(())
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub kind: Kind,
    pub section: String,
    pub stage: Stage,
    pub headline: String,
    /// The best-matching passage, split into plain and highlighted runs.
    pub snippet: Vec<Run>,
    /// BM25: lower is better.
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub text: String,
    pub hit: bool,
}

impl Hit {
    /// The snippet with highlighted runs between `open` and `close`.
    pub fn snippet_marked(&self, open: &str, close: &str) -> String {
        self.snippet
            .iter()
            .map(|r| {
                if r.hit {
                    format!("{open}{}{close}", r.text)
                } else {
                    r.text.clone()
                }
            })
            .collect()
    }
}

/// Tidies the index after a bulk import: merges its newest small segments, a bounded amount of
/// work (`merge` with a page budget) rather than `optimize`, which rewrites the whole index and
/// so made each batch of an archive import slower than the one before.
pub fn tidy_after_bulk_import(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO piece_fts (piece_fts, rank) VALUES ('merge', ?1)",
        [MERGE_PAGES],
    )?;
    Ok(())
}

/// The page budget for [`tidy_after_bulk_import`]: about 8 MB of index written at most.
const MERGE_PAGES: i64 = 2000;

/// A character of a script written without spaces between words: Han (Chinese characters,
/// Japanese kanji), hiragana, katakana and their marks.
fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' // hiragana, katakana
        | '\u{3400}'..='\u{4dbf}' // Han extension A
        | '\u{4e00}'..='\u{9fff}' // Han
        | '\u{f900}'..='\u{faff}' // Han compatibility
        | '\u{31f0}'..='\u{31ff}' // katakana extensions
        | '\u{ff66}'..='\u{ff9f}' // half-width katakana
        | '\u{20000}'..='\u{2fa1f}' // Han extensions B and on
    )
}

/// `text` with a space on each side of every character of a script written without spaces.
pub fn spaced(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unspaced) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if unspaced(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The spaces [`spaced`] added between two such characters taken out again (the highlight
/// markers between them kept).
fn unspace(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let neighbour = |mut i: isize, step: isize| loop {
        i += step;
        match chars.get(i as usize) {
            Some(&c) if c == OPEN || c == CLOSE => continue,
            Some(&' ') if i >= 0 => continue,
            Some(&c) if i >= 0 => return Some(c),
            _ => return None,
        }
    };
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = neighbour(i as isize, -1);
            let after = neighbour(i as isize, 1);
            if before.is_some_and(unspaced) || after.is_some_and(unspaced) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// The FTS5 query for what a person typed, or `None` when it holds no word to look for.
pub fn fts_query(typed: &str) -> Option<String> {
    let typed = spaced(typed);
    // A run of characters written without spaces is one phrase of those characters.
    let mut groups: Vec<String> = Vec::new();
    let mut run = false;
    for w in typed.split_whitespace() {
        let cjk = w.chars().count() == 1 && w.chars().all(unspaced);
        match groups.last_mut() {
            Some(g) if cjk && run => {
                g.push(' ');
                g.push_str(w);
            }
            _ => groups.push(w.to_string()),
        }
        run = cjk;
    }
    let words: Vec<&str> = groups
        .iter()
        .map(String::as_str)
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let last = words.len().checked_sub(1)?;
    Some(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let phrase = format!("\"{}\"", w.replace('"', "\"\""));
                if i == last {
                    format!("{phrase}*")
                } else {
                    phrase
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The best `limit` pieces for `typed`, best first.
pub fn search(conn: &Connection, typed: &str, limit: usize) -> rusqlite::Result<Vec<Hit>> {
    let Some(q) = fts_query(typed) else {
        return Ok(Vec::new());
    };
    // Rank first, then make snippets for the few results only: a snippet costs more than a rank.
    let top: Vec<(i64, f64)> = conn
        .prepare_cached(&format!(
            "SELECT rowid, {RANK} FROM piece_fts WHERE piece_fts MATCH ?1 ORDER BY 2 LIMIT ?2"
        ))?
        .query_map(params![q, limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut snippet = conn.prepare_cached(
        "SELECT snippet(piece_fts, -1, char(2), char(3), '…', 18) FROM piece_fts WHERE piece_fts MATCH ?1 AND rowid = ?2",
    )?;
    let mut meta =
        conn.prepare_cached("SELECT id, kind, section, stage, headline FROM piece WHERE seq = ?1")?;
    let mut hits = Vec::with_capacity(top.len());
    for (seq, score) in top {
        let text: String = snippet.query_row(params![q, seq], |r| r.get(0))?;
        let (id, kind, section, stage, headline): (String, String, String, String, String) =
            meta.query_row([seq], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?;
        hits.push(Hit {
            id,
            kind: Kind::parse(&kind).unwrap_or(Kind::Feature),
            section,
            stage: Stage::parse(&stage).unwrap_or(Stage::Draft),
            headline,
            snippet: runs(&unspace(&text)),
            score,
        });
    }
    Ok(hits)
}

fn runs(marked: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut hit = false;
    for c in marked.chars() {
        if c == OPEN || c == CLOSE {
            if !cur.is_empty() {
                out.push(Run {
                    text: std::mem::take(&mut cur),
                    hit,
                });
            }
            hit = c == OPEN;
        } else {
            cur.push(if c == '\n' { ' ' } else { c });
        }
    }
    if !cur.is_empty() {
        out.push(Run { text: cur, hit });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_is_never_fts_syntax() {
        assert_eq!(fts_query("never let"), Some("\"never\" \"let\"*".into()));
        assert_eq!(fts_query("a\"b OR"), Some("\"a\"\"b\" \"OR\"*".into()));
        assert_eq!(
            fts_query("  ** -- "),
            None,
            "punctuation alone looks for nothing"
        );
    }

    #[test]
    fn runs_split_on_markers() {
        let r = runs("the \u{2}Horrors\u{3} and");
        assert_eq!(r.len(), 3);
        assert!(r[1].hit && r[1].text == "Horrors");
    }
}
