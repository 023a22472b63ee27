//! Writing a piece file: deterministic bytes (keys in a fixed order, empty ones left out), so
//! export, import and export again give the same file.

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::domain::{Content, Piece, Subject};

/// Writes a piece file. Keys come in a fixed order and empty ones are left out, so one piece
/// always gives the same bytes; strings are quoted only where YAML would read them otherwise.
pub fn write(content: &Content, published: Option<DateTime<Utc>>) -> String {
    write_file(content, None, published)
}

/// Writes a shared desk's piece file: the content with the piece's workflow state (`id`,
/// `stage` and `revision` first; `created`, `updated`, `scheduled`, `zone` and `published`
/// last), so the file alone says where the piece stands.
pub fn write_piece(piece: &Piece) -> String {
    write_file(&piece.content, Some(piece), piece.published_at)
}

fn write_file(
    content: &Content,
    state: Option<&Piece>,
    published: Option<DateTime<Utc>>,
) -> String {
    use chrono::SubsecRound;
    // A shared desk's times are the store's: microseconds, so a piece reads back as stored.
    let stored = |t: DateTime<Utc>| {
        if state.is_some() {
            t.trunc_subsecs(6)
        } else {
            t
        }
    };
    let published = published.map(stored);
    let mut y = Yaml::default();
    if let Some(p) = state {
        y.raw(0, "id", &p.id);
        y.raw(0, "stage", p.stage.as_str());
        y.raw(0, "revision", &p.revision.to_string());
    }
    y.scalar(0, "kind", content.kind.as_str());
    y.scalar(0, "section", &content.section);
    y.scalar(0, "headline", &content.headline);
    y.opt(
        0,
        "dek",
        Some(content.dek.as_str()).filter(|d| !d.is_empty()),
    );
    y.opt(
        0,
        "slug",
        Some(content.slug.as_str()).filter(|s| !s.is_empty()),
    );
    y.flow_list(0, "bylines", &content.bylines);
    y.flow_list(0, "tags", &content.tags);
    if let Some(img) = &content.image {
        y.key(0, "image");
        y.scalar(2, "src", &img.src);
        y.opt(2, "alt", img.alt.as_deref());
        y.opt(2, "caption", img.caption.as_deref());
        y.opt(2, "credit", img.credit.as_deref());
    }
    if let Some(r) = &content.review {
        y.key(0, "review");
        y.scalar(2, "medium", r.subject.medium());
        subject(&mut y, &r.subject);
        if let Some(s) = r.score {
            y.raw(2, "score", &s.to_string());
        }
    }
    if let Some(l) = &content.list {
        y.key(0, "list");
        y.scalar(2, "item", &l.item);
        y.raw(2, "order", l.order.as_str());
        y.raw(2, "page_size", &l.page_size.to_string());
        y.opt(2, "method", l.method.as_deref());
        if !l.entries.is_empty() {
            y.key(2, "entries");
        }
        for e in &l.entries {
            y.out.push_str("    - ");
            y.raw(0, "rank", &e.rank.to_string());
            y.opt(6, "creator", e.creator.as_deref());
            y.opt(6, "title", e.title.as_deref());
            y.opt(6, "contributor", e.contributor.as_deref());
            y.opt(6, "link", e.link.as_deref());
            if let Some(d) = e.due {
                y.raw(6, "due", &d.format("%Y-%m-%d").to_string());
            }
            if e.done {
                y.raw(6, "done", "true");
            }
            y.opt(6, "blurb", e.blurb.as_deref());
        }
        if !l.ballots.is_empty() {
            y.key(2, "ballots");
        }
        for b in &l.ballots {
            y.out.push_str("    - ");
            y.scalar(0, "voter", &b.voter);
            y.flow_list(6, "picks", &b.picks);
        }
    }
    if !content.corrections.is_empty() {
        y.key(0, "corrections");
        for c in &content.corrections {
            y.out.push_str("  - ");
            y.raw(0, "at", &time(c.at));
            y.scalar(4, "note", &c.note);
        }
    }
    if let Some(p) = state.filter(|p| !p.marks.is_empty()) {
        // The marks as serde writes them: their types fix the order of every key.
        y.key(0, "marks");
        let text = serde_yaml_ng::to_string(&p.marks).expect("marks serialize");
        for line in text.lines() {
            y.out.push_str("  ");
            y.out.push_str(line);
            y.out.push('\n');
        }
    }
    if let Some(p) = state {
        y.raw(0, "created", &time(stored(p.created_at)));
        y.raw(0, "updated", &time(stored(p.updated_at)));
        if let (Some(at), Some(zone)) = (p.scheduled_at, &p.schedule_zone) {
            y.raw(0, "scheduled", &time(stored(at)));
            y.scalar(0, "zone", zone);
        }
    }
    if let Some(p) = published {
        y.raw(0, "published", &time(p));
    }
    format!("---\n{}---\n{}", y.out, content.body)
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn subject(y: &mut Yaml, s: &Subject) {
    let date = |d: &Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    match s {
        Subject::Film(f) => {
            y.opt(2, "title", f.title.as_deref());
            y.flow_list(2, "director", &f.director);
            y.flow_list(2, "cast", &f.cast);
            y.opt(2, "rated", f.rated.as_deref());
            y.opt(2, "studio", f.studio.as_deref());
            y.opt_raw(2, "year", f.year.map(|v| v.to_string()));
            y.opt_raw(2, "runtime", f.runtime.map(|v| v.to_string()));
            if !f.releases.is_empty() {
                y.key(2, "releases");
                for r in &f.releases {
                    let mut m = format!("{{region: {}, date: {}", flow(&r.region), r.date);
                    if let Some(n) = &r.note {
                        let _ = write!(m, ", note: {}", flow(n));
                    }
                    let _ = writeln!(y.out, "    - {m}}}");
                }
            }
        }
        Subject::Album(a) => {
            y.opt(2, "title", a.title.as_deref());
            y.opt(2, "artist", a.artist.as_deref());
            y.opt(2, "label", a.label.as_deref());
            y.opt_raw(2, "released", date(&a.released));
            y.flow_list(2, "genre", &a.genre);
        }
        Subject::Book(b) => {
            y.opt(2, "title", b.title.as_deref());
            y.flow_list(2, "author", &b.author);
            y.opt(2, "publisher", b.publisher.as_deref());
            y.opt_raw(2, "published", date(&b.published));
            y.opt_raw(2, "pages", b.pages.map(|v| v.to_string()));
            y.opt(2, "isbn", b.isbn.as_deref());
        }
        Subject::Stage(s) => {
            y.opt(2, "title", s.title.as_deref());
            y.opt(2, "playwright", s.playwright.as_deref());
            y.opt(2, "director", s.director.as_deref());
            y.flow_list(2, "cast", &s.cast);
            y.opt(2, "venue", s.venue.as_deref());
            y.opt(2, "city", s.city.as_deref());
            y.opt_raw(2, "opened", date(&s.opened));
            y.opt_raw(2, "closes", date(&s.closes));
        }
        Subject::Television(t) => {
            y.opt(2, "title", t.title.as_deref());
            y.opt_raw(2, "season", t.season.map(|v| v.to_string()));
            y.opt(2, "network", t.network.as_deref());
            y.flow_list(2, "creator", &t.creator);
            y.flow_list(2, "cast", &t.cast);
            y.opt_raw(2, "premiered", date(&t.premiered));
        }
        Subject::Game(g) => {
            y.opt(2, "title", g.title.as_deref());
            y.opt(2, "developer", g.developer.as_deref());
            y.opt(2, "publisher", g.publisher.as_deref());
            y.flow_list(2, "platform", &g.platform);
            y.opt_raw(2, "released", date(&g.released));
        }
    }
}

/// A small block-style YAML writer: just the shapes the piece file uses.
#[derive(Default)]
struct Yaml {
    out: String,
}

impl Yaml {
    fn pad(&mut self, indent: usize) {
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    fn key(&mut self, indent: usize, key: &str) {
        self.pad(indent);
        let _ = writeln!(self.out, "{key}:");
    }

    fn raw(&mut self, indent: usize, key: &str, value: &str) {
        self.pad(indent);
        let _ = writeln!(self.out, "{key}: {value}");
    }

    fn opt_raw(&mut self, indent: usize, key: &str, value: Option<String>) {
        if let Some(v) = value {
            self.raw(indent, key, &v);
        }
    }

    fn opt(&mut self, indent: usize, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.scalar(indent, key, v);
        }
    }

    /// A string value: plain, a literal block for multi-line text, or double-quoted.
    fn scalar(&mut self, indent: usize, key: &str, value: &str) {
        self.pad(indent);
        if let Some(block) = literal_block(value, indent + 2) {
            let _ = write!(self.out, "{key}: {block}");
        } else {
            let _ = writeln!(self.out, "{key}: {}", block_scalar(value));
        }
    }

    fn flow_list(&mut self, indent: usize, key: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        let list: Vec<String> = items.iter().map(|s| flow(s)).collect();
        self.pad(indent);
        let _ = writeln!(self.out, "{key}: [{}]", list.join(", "));
    }
}

/// Characters YAML reads as line breaks or cannot carry unescaped.
fn needs_escape(c: char) -> bool {
    let printable = matches!(c, '\t' | '\x20'..='\x7e' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    !printable || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Multi-line text as `|`, `|-` or `|+`, when YAML will give back exactly the same string.
fn literal_block(s: &str, indent: usize) -> Option<String> {
    if !s.contains('\n') || s.chars().any(|c| c != '\n' && needs_escape(c)) || s.contains('\t') {
        return None;
    }
    let body = s.trim_end_matches('\n');
    if body.is_empty() {
        return None;
    }
    // Indentation is detected from the first non-empty line, so it must not start with a space;
    // lines of spaces alone would be read as blank.
    let first = body.lines().find(|l| !l.is_empty())?;
    if first.starts_with(' ') || body.lines().any(|l| !l.is_empty() && l.trim().is_empty()) {
        return None;
    }
    let trailing = s.len() - body.len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let mut out = format!("|{chomp}\n");
    for line in body.split('\n') {
        if !line.is_empty() {
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(line);
        }
        out.push('\n');
    }
    // `|+` keeps the blank lines after the text; the first newline is already written.
    for _ in 1..trailing {
        out.push('\n');
    }
    Some(out)
}

fn block_scalar(s: &str) -> String {
    if is_plain(s, false) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// A scalar inside `[...]` or `{...}`, where commas and brackets end a plain scalar.
fn flow(s: &str) -> String {
    if is_plain(s, true) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn is_plain(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || s.chars().any(needs_escape) || s.contains(['\n', '\t']) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    // libyaml (YAML 1.1) also refuses a `:` anywhere inside a plain scalar in `[...]`.
    if in_flow && s.contains([',', '[', ']', '{', '}', ':']) {
        return false;
    }
    // Let the YAML reader itself say whether it would read the text back as this string and
    // not as a number, a boolean or null.
    matches!(serde_yaml_ng::from_str::<serde_yaml_ng::Value>(s), Ok(serde_yaml_ng::Value::String(v)) if v == s)
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if needs_escape(c) && (c as u32) <= 0xffff => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\U{:08X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Content, Kind};
    use proptest::prelude::*;

    fn feature(headline: String, dek: String, body: String, tags: Vec<String>) -> Content {
        Content {
            kind: Kind::Feature,
            section: "Books".into(),
            headline,
            dek,
            slug: "s".into(),
            bylines: vec!["A. Writer".into()],
            tags,
            image: None,
            review: None,
            list: None,
            corrections: vec![],
            body,
        }
    }

    fn round_trip(c: &Content) {
        let text = write(c, None);
        let back = super::super::parse("rt.md", text.as_bytes())
            .unwrap_or_else(|e| panic!("what write wrote must read back: {e}\n{text}"));
        assert_eq!(&back.content, c, "the piece read back differs\n{text}");
        assert_eq!(
            write(&back.content, None),
            text,
            "writing it again must give the same bytes"
        );
    }

    #[test]
    fn awkward_strings_survive() {
        for s in [
            "yes",
            "null",
            "~",
            "1917",
            "0x1F",
            "- dash",
            "a: b",
            "a #b",
            "\"quoted\"",
            "it's",
            "trailing ",
            "Björk",
            "tab\there",
            "nel\u{85}x",
            "line\u{2028}sep",
            "\u{feff}bom",
            "[x]",
            "{x}",
            "a, b",
            "#hash",
            "@at",
            "`tick`",
        ] {
            round_trip(&feature(
                s.into(),
                format!("{s}\nsecond line\n"),
                format!("{s}\n"),
                vec![s.trim().to_string()],
            ));
        }
    }

    fn name() -> impl Strategy<Value = String> {
        "[^\r\n]{1,16}"
            .prop_map(|s| s.trim().to_string())
            .prop_filter("names are not blank", |s| !s.is_empty())
    }

    proptest! {
        /// Fact boxes, list entries, images and bodies of any text survive a write and a read.
        #[test]
        fn any_piece_round_trips(
            title in "[^\r]{0,30}", artist in "[^\r]{0,30}", genres in proptest::collection::vec(name(), 0..3),
            score in proptest::option::of(0u8..=100), blurb in "[^\r]{0,60}", who in name(),
            caption in "[^\r]{0,30}", body in "[^\r]{0,200}",
        ) {
            use crate::domain::{Album, Entry, Image, ListOrder, PieceList, Review, Subject};
            let mut album = feature("An Album".into(), "".into(), body.clone(), vec![]);
            album.kind = Kind::Review;
            album.image = Some(Image { src: "a.jpg".into(), alt: None, caption: Some(caption), credit: None });
            album.review = Some(Review {
                subject: Subject::Album(Album { title: Some(title.clone()), artist: Some(artist), genre: genres, ..Album::default() }),
                score: score.map(|s| f64::from(s) / 10.0),
            });
            round_trip(&album);
            let mut list = feature("A List".into(), "".into(), body, vec![]);
            list.kind = Kind::List;
            list.list = Some(PieceList {
                item: "song".into(),
                order: ListOrder::Countup,
                page_size: 3,
                method: None,
                entries: vec![Entry { rank: 1, creator: Some(who.clone()), title: Some(title.clone()), contributor: Some(who.clone()), blurb: Some(blurb), link: None, due: Some(chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap()), done: true }],
                ballots: vec![crate::domain::VoterBallot { voter: who.clone(), picks: vec![format!("{}, \u{201c}{}\u{201d}", who, title)] }],
            });
            round_trip(&list);
        }

        #[test]
        fn any_text_round_trips(h in "[^\r]{1,40}", d in "[^\r]{0,80}", t in proptest::collection::vec("[^\r\n]{1,12}", 0..3)) {
            // Headlines and tags are trimmed on the way in, as a writer would expect.
            let h = h.trim().to_string();
            prop_assume!(!h.is_empty());
            let t: Vec<String> = t.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            round_trip(&feature(h, d, "Body\n".into(), t));
        }
    }
}
