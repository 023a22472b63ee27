//! Full-text search over the desk: headline, dek, body, the fact box's names and titles, and
//! list entries, ranked by BM25 with a highlighted snippet.
//!
//! The index (`piece_fts`, FTS5) is keyed by `piece.seq` and rewritten by the store in the same
//! transaction as every save, so it never lags the pieces. A user's query is never passed to FTS5
//! as syntax: each word becomes a quoted phrase, and the last also matches as a prefix, so any
//! text typed in a search box is a valid query.

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
    tx.prepare_cached("INSERT INTO piece_fts (rowid, headline, dek, body, facts, entries) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![seq, content.headline, content.dek, content.body, facts.join(" · "), entries])?;
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

/// The FTS5 query for what a person typed, or `None` when it holds no word to look for.
pub fn fts_query(typed: &str) -> Option<String> {
    let words: Vec<&str> = typed
        .split_whitespace()
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
            snippet: runs(&text),
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
