//! House style, knowing the fact box. The style sheet ([`StyleSheet`], YAML an editor keeps in
//! the desk's settings) says the house's substitutions, capitalisations, how numbers and the
//! titles of works are written per medium, the words it accepts and its dialect. [`check`]
//! reads a piece's text against it and against the piece's own fact box (every name spelled as
//! there, near misses flagged; the work's title spelled and styled as the house styles it; a
//! year that disagrees), then runs Harper's grammar and spelling in the house's dialect, with
//! the fact box's names and the house's words in its dictionary.
//!
//! Every finding has its rule, a message, its place (characters of one field) and, where there
//! is one, a fix. Findings a person set aside for the piece are left out.

use std::collections::{BTreeMap, HashMap};
use std::sync::{mpsc, Arc, Mutex, OnceLock};

use harper_core::linting::{Lint, LintGroup, LintKind, Suggestion as Fix};
use harper_core::parsers::{Markdown, MarkdownOptions, PlainEnglish};
use harper_core::spell::{
    suggest_correct_spelling, Dictionary, FstDictionary, MergedDictionary, MutableDictionary,
};
use harper_core::{Dialect, DictWordMetadata, Document};
use serde::Deserialize;

use crate::domain::{Content, Marks, Subject};

/// How the house writes the titles of works of one medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TitleStyle {
    Italic,
    Quotes,
    Plain,
}

/// The house's style sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleSheet {
    pub dialect: String,
    /// `e-mail` → `email`, matched as whole words in any case.
    pub substitutions: Vec<(String, String)>,
    /// Words the house writes with these capitals (`YouTube`, `internet`).
    pub capitals: Vec<String>,
    /// One to nine in words.
    pub small_numbers_in_words: bool,
    /// Per medium (`film`, `album`, `book`, `stage`, `television`, `game`, and `song` for a
    /// list's entries).
    pub titles: BTreeMap<String, TitleStyle>,
    /// Words the house accepts that a dictionary does not know.
    pub words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSheet {
    #[serde(default)]
    dialect: Option<String>,
    #[serde(default)]
    substitutions: BTreeMap<String, String>,
    #[serde(default)]
    capitals: Vec<String>,
    #[serde(default)]
    numbers: Option<String>,
    #[serde(default)]
    titles: BTreeMap<String, TitleStyle>,
    #[serde(default)]
    words: Vec<String>,
}

/// The sheet a new desk starts with, as an editor would write it.
pub const DEFAULT_SHEET: &str = "\
# The house style sheet. Galley checks every piece against it and its fact box.
dialect: british        # american, british, canadian, australian or indian
numbers: words-to-nine  # one to nine in words, 10 and up in figures; or figures
titles:                 # how the titles of works are set: italic, quotes or plain
  film: italic
  album: italic
  book: italic
  stage: italic
  television: italic
  game: italic
  song: quotes
substitutions:          # written as the house writes it
  e-mail: email
  web site: website
  per cent: percent
capitals:               # capitalised as here wherever they appear
  - internet
  - YouTube
words:                  # accepted though a dictionary does not know them
  - Britpop
";

const DIALECTS: [&str; 5] = ["american", "british", "canadian", "australian", "indian"];
const MEDIA: [&str; 7] = [
    "film",
    "album",
    "book",
    "stage",
    "television",
    "game",
    "song",
];

/// Why a style sheet was refused: the line (1-based, when known), the key and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetError {
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl StyleSheet {
    pub fn parse(text: &str) -> Result<StyleSheet, SheetError> {
        let empty = text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        let raw: RawSheet = if empty {
            serde_yaml_ng::from_str("{}").expect("an empty sheet reads")
        } else {
            serde_yaml_ng::from_str(text).map_err(|e| SheetError {
                line: e.location().map(|l| l.line()),
                key: None,
                message: e.to_string().split(" at line ").next().unwrap_or("").into(),
            })?
        };
        let line_of = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(&format!("{key}:")))
                .map(|i| i + 1)
        };
        let fail = |key: &str, message: String| SheetError {
            line: line_of(key),
            key: Some(key.into()),
            message,
        };
        let dialect = raw
            .dialect
            .unwrap_or_else(|| "american".into())
            .to_lowercase();
        if !DIALECTS.contains(&dialect.as_str()) {
            return Err(fail(
                "dialect",
                format!(
                    "`{dialect}` is not a dialect Galley checks ({})",
                    DIALECTS.join(", ")
                ),
            ));
        }
        let small_numbers_in_words = match raw.numbers.as_deref().map(str::trim) {
            None | Some("words-to-nine") => true,
            Some("figures") => false,
            Some(other) => {
                return Err(fail(
                    "numbers",
                    format!("`{other}` is not a numbers rule (words-to-nine or figures)"),
                ))
            }
        };
        if let Some(m) = raw.titles.keys().find(|m| !MEDIA.contains(&m.as_str())) {
            return Err(fail(
                m,
                format!("`{m}` is not a medium ({})", MEDIA.join(", ")),
            ));
        }
        if let Some((k, _)) = raw
            .substitutions
            .iter()
            .find(|(k, v)| k.trim().is_empty() || v.trim() == k.trim())
        {
            return Err(fail(
                "substitutions",
                format!("the substitution of `{k}` needs a different word to write"),
            ));
        }
        Ok(StyleSheet {
            dialect,
            substitutions: raw
                .substitutions
                .into_iter()
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .collect(),
            capitals: raw
                .capitals
                .into_iter()
                .map(|c| c.trim().to_string())
                .collect(),
            small_numbers_in_words,
            titles: raw.titles,
            words: raw
                .words
                .into_iter()
                .map(|w| w.trim().to_string())
                .collect(),
        })
    }

    fn harper_dialect(&self) -> Dialect {
        match self.dialect.as_str() {
            "british" => Dialect::British,
            "canadian" => Dialect::Canadian,
            "australian" => Dialect::Australian,
            "indian" => Dialect::Indian,
            _ => Dialect::American,
        }
    }
}

impl Default for StyleSheet {
    fn default() -> StyleSheet {
        StyleSheet::parse(DEFAULT_SHEET).expect("the default sheet reads")
    }
}

/// One finding: `rule` (`house.substitution`, `facts.name`, `grammar.SpellCheck`, ...), what
/// is wrong, where (characters `[start, end)` of `field`) and the text that would fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub message: String,
    pub field: String,
    pub start: usize,
    pub end: usize,
    pub quote: String,
    pub fix: Option<String>,
}

/// The findings on `content`'s body, headline, dek and blurbs, less those set aside in
/// `marks`, in the order they appear.
pub fn check(sheet: &StyleSheet, content: &Content, marks: &Marks) -> Vec<Finding> {
    let facts = FactBox::of(content);
    let mut fields = vec![
        ("headline".to_string(), content.headline.clone()),
        ("dek".to_string(), content.dek.clone()),
        ("body".to_string(), content.body.clone()),
    ];
    if let Some(l) = &content.list {
        fields.extend(
            l.entries
                .iter()
                .filter_map(|e| Some((format!("blurb.{}", e.rank), e.blurb.clone()?))),
        );
    }
    let mut out = Vec::new();
    for (field, text) in &fields {
        if text.trim().is_empty() {
            continue;
        }
        let t = Text::new(text, field == "body" || field.starts_with("blurb."));
        let mut found = Vec::new();
        house(sheet, &t, &mut found);
        facts.check(sheet, &t, &mut found);
        grammar(sheet, &facts, &t, &mut found);
        found.sort_by_key(|f| (f.start, f.end));
        // One finding per place: the house's and the fact box's come before Harper's.
        let mut kept: Vec<Finding> = Vec::new();
        for f in found {
            if kept
                .iter()
                .any(|k| k.start < f.end && f.start < k.end && f.rule.starts_with("grammar."))
            {
                continue;
            }
            kept.push(f);
        }
        out.extend(kept.into_iter().map(|mut f| {
            f.field = field.clone();
            f
        }));
    }
    out.retain(|f| {
        !marks
            .set_aside
            .iter()
            .any(|s| s.rule == f.rule && s.quote == f.quote && s.field == f.field)
    });
    out
}

/// A field's text as characters, with what is not prose (code, link addresses, HTML tags)
/// masked out, and its words.
struct Text {
    chars: Vec<char>,
    prose: Vec<bool>,
    words: Vec<(usize, usize)>,
    markdown: bool,
}

impl Text {
    fn new(text: &str, markdown: bool) -> Text {
        let chars: Vec<char> = text.chars().collect();
        let mut prose = vec![true; chars.len()];
        if markdown {
            mask(&chars, &mut prose);
        }
        let mut words = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_alphanumeric() && prose[i] {
                let s = i;
                while i < chars.len() && chars[i].is_alphanumeric() && prose[i] {
                    i += 1;
                }
                words.push((s, i));
            } else {
                i += 1;
            }
        }
        Text {
            chars,
            prose,
            words,
            markdown,
        }
    }

    fn get(&self, s: usize, e: usize) -> String {
        self.chars[s..e].iter().collect()
    }

    fn word_edge(&self, p: usize) -> bool {
        p == 0
            || p >= self.chars.len()
            || !self.chars[p].is_alphanumeric()
            || !self.chars[p - 1].is_alphanumeric()
    }

    /// Where `needle` is, in any case, as whole words in prose.
    fn find(&self, needle: &str) -> Vec<(usize, usize)> {
        let n: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
        if n.is_empty() || n.len() > self.chars.len() {
            return vec![];
        }
        let lower: Vec<char> = self
            .chars
            .iter()
            .map(|c| c.to_lowercase().next().unwrap_or(*c))
            .collect();
        (0..=lower.len() - n.len())
            .filter(|&i| lower[i..i + n.len()] == n[..])
            .filter(|&i| self.word_edge(i) && self.word_edge(i + n.len()))
            .filter(|&i| self.prose[i..i + n.len()].iter().all(|p| *p))
            .map(|i| (i, i + n.len()))
            .collect()
    }

    /// Whether position `p` starts a sentence (only spaces, quotes or markup since the last
    /// full stop, or the start of a paragraph).
    fn sentence_start(&self, p: usize) -> bool {
        let mut i = p;
        while i > 0 {
            let c = self.chars[i - 1];
            if matches!(c, '.' | '!' | '?' | '\n') {
                return true;
            }
            if !(c.is_whitespace()
                || matches!(
                    c,
                    '*' | '_' | '"' | '\u{201c}' | '\u{2018}' | '#' | '>' | '('
                ))
            {
                return false;
            }
            i -= 1;
        }
        true
    }

    /// The sentence around `p`, as a range.
    fn sentence(&self, p: usize) -> (usize, usize) {
        let stop = |c: char| matches!(c, '.' | '!' | '?' | '\n');
        let mut s = p;
        while s > 0 && !stop(self.chars[s - 1]) {
            s -= 1;
        }
        let mut e = p;
        while e < self.chars.len() && !stop(self.chars[e]) {
            e += 1;
        }
        (s, e)
    }
}

/// Masks inline code, fenced code, link addresses and HTML tags or comments.
fn mask(c: &[char], prose: &mut [bool]) {
    let mut i = 0;
    let mut line_start = true;
    let mut fenced = false;
    while i < c.len() {
        if line_start
            && (c[i..].starts_with(&['`', '`', '`']) || c[i..].starts_with(&['~', '~', '~']))
        {
            fenced = !fenced;
        }
        if fenced {
            prose[i] = false;
            line_start = c[i] == '\n';
            i += 1;
            continue;
        }
        let close = |from: usize, end: char| {
            (from..c.len()).find(|&j| c[j] == end || (c[j] == '\n' && end != '>'))
        };
        let skip_to = match c[i] {
            '`' => close(i + 1, '`'),
            '<' => close(i + 1, '>'),
            ']' if c.get(i + 1) == Some(&'(') => close(i + 2, ')'),
            _ => None,
        };
        if let Some(j) = skip_to {
            for p in prose.iter_mut().take(j + 1).skip(i) {
                *p = false;
            }
            i = j + 1;
            line_start = false;
            continue;
        }
        line_start = c[i] == '\n';
        i += 1;
    }
}

fn finding(
    rule: &str,
    t: &Text,
    s: usize,
    e: usize,
    message: String,
    fix: Option<String>,
) -> Finding {
    Finding {
        rule: rule.into(),
        message,
        field: String::new(),
        start: s,
        end: e,
        quote: t.get(s, e),
        fix,
    }
}

/// `to` with its first letter raised when `like` starts with a capital.
fn match_case(like: &str, to: &str) -> String {
    if like.chars().next().is_some_and(char::is_uppercase) {
        let mut c = to.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        to.to_string()
    }
}

fn house(sheet: &StyleSheet, t: &Text, out: &mut Vec<Finding>) {
    for (from, to) in &sheet.substitutions {
        for (s, e) in t.find(from) {
            let here = t.get(s, e);
            let fix = match_case(&here, to);
            out.push(finding(
                "house.substitution",
                t,
                s,
                e,
                format!("the house writes \u{201c}{to}\u{201d}, not \u{201c}{from}\u{201d}"),
                Some(fix),
            ));
        }
    }
    for word in &sheet.capitals {
        for (s, e) in t.find(word) {
            let here = t.get(s, e);
            let ok = here == *word || (t.sentence_start(s) && here == match_case("A", word));
            if !ok {
                out.push(finding(
                    "house.capitals",
                    t,
                    s,
                    e,
                    format!("the house writes \u{201c}{word}\u{201d}"),
                    Some(word.clone()),
                ));
            }
        }
    }
    if sheet.small_numbers_in_words {
        const WORDS: [&str; 10] = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ];
        for &(s, e) in &t.words {
            if e - s != 1 || !t.chars[s].is_ascii_digit() || t.chars[s] == '0' {
                continue;
            }
            let near = |p: Option<usize>| p.and_then(|p| t.chars.get(p)).copied();
            let numeric = |c: Option<char>| {
                c.is_some_and(|c| ".,:/%$£€#×x".contains(c) || c.is_ascii_digit())
            };
            if numeric(near(s.checked_sub(1))) || numeric(near(Some(e))) {
                continue;
            }
            let n = t.chars[s].to_digit(10).expect("a digit") as usize;
            let fix = if t.sentence_start(s) {
                match_case("A", WORDS[n])
            } else {
                WORDS[n].to_string()
            };
            out.push(finding(
                "house.numbers",
                t,
                s,
                e,
                "the house writes one to nine in words".into(),
                Some(fix),
            ));
        }
    }
}

/// What the fact box says: its names with their roles, the work's title, medium and years.
struct FactBox {
    names: Vec<(String, String)>,
    title: Option<String>,
    medium: Option<&'static str>,
    years: Vec<i32>,
}

impl FactBox {
    fn of(content: &Content) -> FactBox {
        let mut names = Vec::new();
        let mut years = Vec::new();
        let mut add = |role: &str, v: &[String]| {
            names.extend(
                v.iter()
                    .filter(|n| !n.trim().is_empty())
                    .map(|n| (role.to_string(), n.trim().to_string())),
            )
        };
        let one = |o: &Option<String>| o.iter().cloned().collect::<Vec<_>>();
        let (title, medium) = match content.review.as_ref().map(|r| &r.subject) {
            None => (None, None),
            Some(s) => {
                match s {
                    Subject::Film(f) => {
                        add("director", &f.director);
                        add("cast", &f.cast);
                        years.extend(f.year);
                        years.extend(f.releases.iter().map(|r| chrono::Datelike::year(&r.date)));
                    }
                    Subject::Album(a) => {
                        add("artist", &one(&a.artist));
                        years.extend(a.released.map(|d| chrono::Datelike::year(&d)));
                    }
                    Subject::Book(b) => {
                        add("author", &b.author);
                        years.extend(b.published.map(|d| chrono::Datelike::year(&d)));
                    }
                    Subject::Stage(st) => {
                        add("playwright", &one(&st.playwright));
                        add("director", &one(&st.director));
                        add("cast", &st.cast);
                        years.extend(st.opened.map(|d| chrono::Datelike::year(&d)));
                    }
                    Subject::Television(tv) => {
                        add("creator", &tv.creator);
                        add("cast", &tv.cast);
                        years.extend(tv.premiered.map(|d| chrono::Datelike::year(&d)));
                    }
                    Subject::Game(g) => {
                        add("developer", &one(&g.developer));
                        years.extend(g.released.map(|d| chrono::Datelike::year(&d)));
                    }
                }
                (
                    s.title()
                        .map(str::to_string)
                        .filter(|t| !t.trim().is_empty()),
                    Some(s.medium()),
                )
            }
        };
        FactBox {
            names,
            title,
            medium,
            years,
        }
    }

    /// The words of the fact box's names and title, for the dictionary.
    fn words(&self) -> Vec<String> {
        self.names
            .iter()
            .map(|(_, n)| n.as_str())
            .chain(self.title.as_deref())
            .flat_map(|n| {
                n.split(|c: char| !c.is_alphanumeric() && c != '\'')
                    .map(str::to_string)
            })
            .filter(|w| !w.is_empty())
            .collect()
    }

    fn check(&self, sheet: &StyleSheet, t: &Text, out: &mut Vec<Finding>) {
        self.names_in(t, out);
        if let (Some(title), Some(medium)) = (&self.title, self.medium) {
            self.title_in(sheet, title, medium, t, out);
        }
    }

    fn names_in(&self, t: &Text, out: &mut Vec<Finding>) {
        let dict = FstDictionary::curated();
        let known: Vec<String> = self.words();
        for &(s, e) in &t.words {
            let w = t.get(s, e);
            if w.chars().count() < 4 || !w.chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            if known.iter().any(|k| *k == w) {
                continue;
            }
            for (role, name) in &self.names {
                let Some(part) = name.split_whitespace().find(|p| {
                    let p = p.trim_matches(|c: char| !c.is_alphanumeric());
                    p.chars().count() >= 4 && near_miss(&w, p)
                }) else {
                    continue;
                };
                let part = part.trim_matches(|c: char| !c.is_alphanumeric());
                let capital = w.chars().next().is_some_and(char::is_uppercase);
                let lower_same = w.to_lowercase() == part.to_lowercase();
                // A common word a letter away from a name ("Many" and Mann) is not a miss.
                if !lower_same && (!capital || dict.contains_exact_word_str(&w.to_lowercase())) {
                    continue;
                }
                out.push(finding(
                    "facts.name",
                    t,
                    s,
                    e,
                    format!("the fact box spells the {role} \u{201c}{name}\u{201d}"),
                    Some(part.to_string()),
                ));
                break;
            }
        }
    }

    fn title_in(
        &self,
        sheet: &StyleSheet,
        title: &str,
        medium: &str,
        t: &Text,
        out: &mut Vec<Finding>,
    ) {
        let style = sheet
            .titles
            .get(medium)
            .copied()
            .unwrap_or(TitleStyle::Plain);
        for (s, e) in t.find(title) {
            let here = t.get(s, e);
            if !here.chars().next().is_some_and(char::is_uppercase) {
                continue; // "the heat of the night" is not Heat
            }
            if here != title {
                out.push(finding(
                    "facts.title",
                    t,
                    s,
                    e,
                    format!("the fact box spells the title \u{201c}{title}\u{201d}"),
                    Some(title.to_string()),
                ));
                continue;
            }
            let before = s.checked_sub(1).map(|p| t.chars[p]);
            let after = t.chars.get(e).copied();
            let (ok, fix, how) = match style {
                TitleStyle::Plain => (true, String::new(), ""),
                TitleStyle::Italic => (
                    !t.markdown
                        || (matches!(before, Some('*' | '_')) && matches!(after, Some('*' | '_'))),
                    format!("*{title}*"),
                    "in italics",
                ),
                TitleStyle::Quotes => (
                    matches!(
                        (before, after),
                        (Some('\u{201c}'), Some('\u{201d}')) | (Some('"'), Some('"'))
                    ),
                    format!("\u{201c}{title}\u{201d}"),
                    "in quotation marks",
                ),
            };
            if !ok {
                out.push(finding(
                    "house.title",
                    t,
                    s,
                    e,
                    format!("the house sets a {medium}'s title {how}"),
                    Some(fix),
                ));
            }
        }
        // A year beside the title that the fact box does not give.
        if self.years.is_empty() {
            return;
        }
        let sentences: Vec<(usize, usize)> = t
            .find(title)
            .into_iter()
            .map(|(s, _)| t.sentence(s))
            .collect();
        for &(s, e) in &t.words {
            if e - s != 4 || !sentences.iter().any(|&(a, b)| s >= a && e <= b) {
                continue;
            }
            let Ok(y) = t.get(s, e).parse::<i32>() else {
                continue;
            };
            if !(1800..=2100).contains(&y) || self.years.contains(&y) {
                continue;
            }
            let first = *self.years.iter().min().expect("not empty");
            out.push(finding(
                "facts.year",
                t,
                s,
                e,
                format!("the fact box dates the {medium} {first}"),
                Some(first.to_string()),
            ));
        }
    }
}

/// Whether `w` is a name part misspelled: not the same, but a letter or two away (one for
/// short names), starting with the same letter.
fn near_miss(w: &str, part: &str) -> bool {
    if w == part {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) = (
        w.chars().flat_map(char::to_lowercase).collect(),
        part.chars().flat_map(char::to_lowercase).collect(),
    );
    if a == b {
        return true; // "scorsese" for Scorsese
    }
    if a.first() != b.first() {
        return false;
    }
    let limit = if b.len() <= 6 { 1 } else { 2 };
    a.len().abs_diff(b.len()) <= limit && distance(&a, &b) <= limit
}

/// Edit distance with transpositions (optimal string alignment).
fn distance(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=m {
        d[0][j] = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[n][m]
}

/// Harper's linters for one dialect and the house's words, owned by one worker of [`POOL`].
struct Harper {
    key: String,
    dict: Arc<MergedDictionary>,
    dialect: Dialect,
    /// Harper's curated rules but its own spell check, which looks ever further for a
    /// suggestion: a name such as `Palahniuk's` cost it most of a second. Spelling is
    /// [`Harper::spelling`] instead.
    group: LintGroup,
    /// A misspelled word to its suggestions.
    suggested: HashMap<Vec<char>, Vec<Vec<char>>>,
}

impl Harper {
    fn new(
        Linters {
            key,
            dialect,
            words,
        }: Linters,
    ) -> Harper {
        let mut mine = MutableDictionary::new();
        for w in &words {
            mine.append_word_str(w, DictWordMetadata::default());
        }
        let mut dict = MergedDictionary::new();
        dict.add_dictionary(FstDictionary::curated());
        dict.add_dictionary(Arc::new(mine));
        let dict = Arc::new(dict);
        let mut group = LintGroup::new_curated(dict.clone(), dialect);
        group.config.set_rule_enabled(SPELLING, false);
        Harper {
            key,
            dict,
            dialect,
            group,
            suggested: HashMap::new(),
        }
    }

    /// Harper's lints of a text, with their rules.
    fn lint(&mut self, source: &str, markdown: bool) -> Vec<(String, Lint)> {
        let doc = if markdown {
            Document::new(
                source,
                &Markdown::new(MarkdownOptions::default()),
                self.dict.as_ref(),
            )
        } else {
            Document::new(source, &PlainEnglish, self.dict.as_ref())
        };
        let mut out: Vec<(String, Lint)> = self
            .group
            .organized_lints(&doc)
            .into_iter()
            .flat_map(|(rule, lints)| lints.into_iter().map(move |l| (rule.clone(), l)))
            .collect();
        out.extend(
            self.spelling(&doc)
                .into_iter()
                .map(|l| (SPELLING.to_string(), l)),
        );
        out
    }

    /// Words the dictionary does not know in the house's dialect, each with up to three
    /// suggestions no more than [`SPELL_REACH`] edits away (further ones are rarely the word
    /// meant, and looking for them is what takes the time).
    fn spelling(&mut self, doc: &Document) -> Vec<Lint> {
        let mut out = Vec::new();
        let tokens = doc.get_tokens();
        for (i, token) in tokens.iter().enumerate() {
            let Some(meta) = token.kind.as_word() else {
                continue;
            };
            let word = doc.get_span_content(&token.span);
            let lower: Vec<char> = word.iter().flat_map(|c| c.to_lowercase()).collect();
            if meta
                .as_ref()
                .is_some_and(|m| m.dialects.is_dialect_enabled(self.dialect))
                && (self.dict.contains_exact_word(word) || self.dict.contains_exact_word(&lower))
            {
                continue;
            }
            // "film(s)": the plural in brackets is not a word of its own.
            let bracketed = |k: usize| tokens.get(k).map(|t| doc.get_span_content(&t.span));
            if lower == ['s']
                && i > 0
                && bracketed(i - 1) == Some(&['('][..])
                && bracketed(i + 1) == Some(&[')'][..])
            {
                continue;
            }
            if laughter(&lower) {
                continue;
            }
            if !self.suggested.contains_key(word) {
                let mut found = Vec::new();
                for reach in 2..=SPELL_REACH {
                    found = suggest_correct_spelling(word, 200, reach, self.dict.as_ref())
                        .into_iter()
                        .filter(|v| {
                            self.dict
                                .get_word_metadata(v)
                                .is_some_and(|m| m.dialects.is_dialect_enabled(self.dialect))
                        })
                        .take(3)
                        .map(|v| {
                            let mut v = v.to_vec();
                            // A capitalised word is offered capitalised words, unless the
                            // suggestion has capitals of its own (`macOS`).
                            if word.first().is_some_and(|c| c.is_uppercase())
                                && v.iter().skip(1).all(|c| !c.is_uppercase())
                            {
                                if let Some(f) = v.first_mut() {
                                    *f = f.to_uppercase().next().unwrap_or(*f);
                                }
                            }
                            v
                        })
                        .collect();
                    if !found.is_empty() {
                        break;
                    }
                }
                self.suggested.insert(word.to_vec(), found);
            }
            let found = &self.suggested[word];
            let shown: String = word.iter().collect();
            let message = match found.as_slice() {
                [] => format!("`{shown}` is not in the dictionary."),
                [one] => format!("Did you mean `{}`?", one.iter().collect::<String>()),
                _ => format!("Did you mean to spell `{shown}` this way?"),
            };
            out.push(Lint {
                span: token.span,
                lint_kind: LintKind::Spelling,
                suggestions: found.iter().map(|f| Fix::ReplaceWith(f.clone())).collect(),
                message,
                priority: 63,
            });
        }
        out
    }
}

/// The rule of a spelling finding (Harper's name for it).
const SPELLING: &str = "SpellCheck";

/// How many edits away a spelling suggestion may be.
const SPELL_REACH: u8 = 3;

/// `haha`, `hehe`, `lol`: laughter, not misspelling.
fn laughter(w: &[char]) -> bool {
    let s: String = w.iter().collect();
    s == "lol"
        || s == "lmao"
        || (s.len() >= 4 && s.as_bytes().chunks(2).all(|p| p == b"ha" || p == b"he"))
}

/// How many paragraphs' lints are kept before the oldest check's are let go.
const SEEN: usize = 4096;

/// The lints of one paragraph, with their rules; spans counted from the paragraph's start.
type Lints = Vec<(String, Lint)>;

/// Which linters a check wants: the house's dialect and words (`key` names both).
#[derive(Clone)]
struct Linters {
    key: String,
    dialect: Dialect,
    words: Vec<String>,
}

impl Linters {
    fn of(sheet: &StyleSheet) -> Linters {
        let mut words: Vec<String> = sheet.words.iter().chain(&sheet.capitals).cloned().collect();
        words.sort();
        words.dedup();
        Linters {
            key: format!("{}|{}", sheet.dialect, words.join("|")),
            dialect: sheet.harper_dialect(),
            words,
        }
    }
}

/// Paragraphs for a worker to lint, and where to send their lints.
struct Job {
    linters: Linters,
    markdown: bool,
    texts: Vec<String>,
    reply: mpsc::Sender<Vec<(String, Lints)>>,
}

/// Harper's workers, one a core (up to four), started by the first check: each builds its own
/// linters once (the slow part) and keeps them, and the paragraphs of a review not read before
/// are shared among them.
struct Pool {
    workers: Vec<mpsc::Sender<Job>>,
}

impl Pool {
    fn start() -> Pool {
        let n = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let workers = (0..n)
            .map(|k| {
                let (tx, rx) = mpsc::channel::<Job>();
                std::thread::Builder::new()
                    .name(format!("harper-{k}"))
                    .spawn(move || work(rx))
                    .expect("a thread for Harper");
                tx
            })
            .collect();
        Pool { workers }
    }

    /// Lints `texts` on the workers, the longest first to the least loaded, and waits for all.
    fn lint(&self, linters: &Linters, markdown: bool, texts: Vec<String>) -> Vec<(String, Lints)> {
        let mut share: Vec<(usize, Vec<String>)> = vec![(0, Vec::new()); self.workers.len()];
        let mut texts = texts;
        texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
        for t in texts {
            let least = share
                .iter_mut()
                .min_by_key(|(load, _)| *load)
                .expect("one worker at least");
            least.0 += t.len();
            least.1.push(t);
        }
        let (reply, answers) = mpsc::channel();
        let mut asked = 0;
        for (worker, (_, texts)) in self.workers.iter().zip(share) {
            if texts.is_empty() {
                continue;
            }
            let sent = worker.send(Job {
                linters: linters.clone(),
                markdown,
                texts,
                reply: reply.clone(),
            });
            asked += usize::from(sent.is_ok());
        }
        drop(reply);
        answers.iter().take(asked).flatten().collect()
    }
}

/// A worker: lints what it is sent, keeping its linters while the house's words stay the same.
fn work(jobs: mpsc::Receiver<Job>) {
    let mut harper: Option<Harper> = None;
    for job in jobs {
        if harper.as_ref().is_none_or(|h| h.key != job.linters.key) {
            harper = Some(Harper::new(job.linters));
        }
        let h = harper.as_mut().expect("built above");
        if h.suggested.len() > SEEN {
            h.suggested.clear();
        }
        let lints = job
            .texts
            .into_iter()
            .map(|t| {
                let l = h.lint(&t, job.markdown);
                (t, l)
            })
            .collect();
        // The asker may have given up; nothing to do then.
        let _ = job.reply.send(lints);
    }
}

static POOL: OnceLock<Pool> = OnceLock::new();

/// Every paragraph's lints for the house's words and dialect (the key), kept between checks.
static SEEN_LINTS: Mutex<(String, BTreeMap<String, Lints>)> =
    Mutex::new((String::new(), BTreeMap::new()));

/// The paragraphs of a text (split at blank lines), as character ranges.
fn paragraphs(c: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    let mut i = 0;
    while i + 1 < c.len() {
        if c[i] == '\n' && c[i + 1] == '\n' {
            if i > s {
                out.push((s, i));
            }
            while i < c.len() && c[i] == '\n' {
                i += 1;
            }
            s = i;
        } else {
            i += 1;
        }
    }
    if s < c.len() {
        out.push((s, c.len()));
    }
    out
}

fn grammar(sheet: &StyleSheet, facts: &FactBox, t: &Text, out: &mut Vec<Finding>) {
    // The fact box's names are words of this piece only: they are let through here, so
    // that Harper's linters and what they made of each paragraph serve every piece.
    let mut words: Vec<String> = sheet.words.iter().chain(&sheet.capitals).cloned().collect();
    words.extend(facts.words());
    let linters = Linters::of(sheet);
    let blocks = paragraphs(&t.chars);
    let texts: Vec<String> = blocks
        .iter()
        .map(|&(b, e)| t.chars[b..e].iter().collect())
        .collect();
    {
        let mut seen = SEEN_LINTS.lock().unwrap_or_else(|e| e.into_inner());
        if seen.0 != linters.key || seen.1.len() + blocks.len() > SEEN {
            *seen = (linters.key.clone(), BTreeMap::new());
        }
        let mut new: Vec<String> = texts
            .iter()
            .filter(|t| !seen.1.contains_key(*t))
            .cloned()
            .collect();
        new.sort();
        new.dedup();
        if !new.is_empty() {
            let lints = POOL
                .get_or_init(Pool::start)
                .lint(&linters, t.markdown, new);
            seen.1.extend(lints);
        }
        let harper = &*seen;
        for (&(b, be), source) in blocks.iter().zip(&texts) {
            // A paragraph whose worker failed has no lints; it is linted again next time.
            for (rule, l) in harper.1.get(source).into_iter().flatten() {
                let (s, e) = (b + l.span.start, (b + l.span.end).min(be));
                if s >= e || !t.prose[s..e].iter().all(|p| *p) {
                    continue;
                }
                let here = t.get(s, e);
                // A name of the fact box or a house word with its possessive is a word too.
                let bare = here.trim_end_matches("'s").trim_end_matches("\u{2019}s");
                if rule == SPELLING && words.iter().any(|w| w == bare) {
                    continue;
                }
                let fix = l.suggestions.first().map(|f| match f {
                    Fix::ReplaceWith(c) => c.iter().collect(),
                    Fix::InsertAfter(c) => format!("{here}{}", c.iter().collect::<String>()),
                    Fix::Remove => String::new(),
                });
                out.push(finding(
                    &format!("grammar.{rule}"),
                    t,
                    s,
                    e,
                    l.message.clone(),
                    fix,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Film, Kind, Review};

    fn film(body: &str) -> Content {
        Content {
            kind: Kind::Review,
            section: "Film".into(),
            headline: "Goodfellas at Thirty".into(),
            dek: String::new(),
            slug: String::new(),
            bylines: vec![],
            tags: vec![],
            image: None,
            review: Some(Review {
                subject: Subject::Film(Film {
                    title: Some("Goodfellas".into()),
                    director: vec!["Martin Scorsese".into()],
                    cast: vec!["Ray Liotta".into(), "Lorraine Bracco".into()],
                    year: Some(1990),
                    ..Film::default()
                }),
                score: None,
            }),
            list: None,
            corrections: vec![],
            body: body.into(),
        }
    }

    #[test]
    fn spelling_in_the_house_s_dialect_with_near_suggestions_only() {
        // The default sheet is British: "colour" is a word, "color" is not.
        let r = rules(
            "The colour is right, the color is wrong, and a Scorcese (s) needs accomodation.\n",
        );
        let spelt = |w: &str| {
            r.iter()
                .find(|(rule, q, _)| rule == "grammar.SpellCheck" && q == w)
                .cloned()
        };
        assert!(spelt("colour").is_none(), "{r:?}");
        assert_eq!(
            spelt("color").and_then(|f| f.2).as_deref(),
            Some("colour"),
            "{r:?}"
        );
        assert_eq!(
            spelt("accomodation").and_then(|f| f.2).as_deref(),
            Some("accommodation"),
            "{r:?}"
        );
        assert!(spelt("s").is_none(), "a plural in brackets: {r:?}");
        // A name the dictionary has nothing near is flagged with no fix, rather than with
        // a word four edits away.
        let r = rules("Chuck Palahniuk's first novel came out in 1996.\n");
        let f = r
            .iter()
            .find(|(rule, q, _)| rule == "grammar.SpellCheck" && q == "Palahniuk's")
            .expect("the name is flagged");
        assert!(f.2.is_none(), "{f:?}");
    }

    fn rules(body: &str) -> Vec<(String, String, Option<String>)> {
        check(&StyleSheet::default(), &film(body), &Marks::default())
            .into_iter()
            .filter(|f| f.field == "body")
            .map(|f| (f.rule, f.quote, f.fix))
            .collect()
    }

    #[test]
    fn the_fact_box_s_names_title_and_year_are_checked_in_the_body() {
        let r = rules("In *Goodfellas* Scorcese lets Liota narrate. Goodfellas opened in 1991.\n");
        let has = |rule: &str, quote: &str, fix: &str| {
            r.iter()
                .any(|(a, b, c)| a == rule && b == quote && c.as_deref() == Some(fix))
        };
        assert!(has("facts.name", "Scorcese", "Scorsese"), "{r:?}");
        assert!(has("facts.name", "Liota", "Liotta"), "{r:?}");
        assert!(
            has("house.title", "Goodfellas", "*Goodfellas*"),
            "the second one is not in italics: {r:?}"
        );
        assert!(has("facts.year", "1991", "1990"), "{r:?}");
        assert!(!r.iter().any(|(_, q, _)| q == "Scorsese"), "{r:?}");
    }

    #[test]
    fn a_name_spelled_right_and_common_words_near_it_are_not_findings() {
        let r = rules(
            "Martin Scorsese made *Goodfellas* in 1990, and Ray Liotta is in it. Many rays.\n",
        );
        assert!(
            !r.iter()
                .any(|(rule, _, _)| rule.starts_with("facts.") || rule.starts_with("house.")),
            "{r:?}"
        );
    }

    #[test]
    fn the_house_s_substitutions_capitals_and_numbers() {
        let r =
            rules("Send an E-mail about the Internet. It runs 3 hours, not 10, and `3` is code.\n");
        let has = |rule: &str, quote: &str, fix: &str| {
            r.iter()
                .any(|(a, b, c)| a == rule && b == quote && c.as_deref() == Some(fix))
        };
        assert!(has("house.substitution", "E-mail", "Email"), "{r:?}");
        assert!(has("house.capitals", "Internet", "internet"), "{r:?}");
        assert!(has("house.numbers", "3", "three"), "{r:?}");
        assert_eq!(
            r.iter()
                .filter(|(rule, _, _)| rule == "house.numbers")
                .count(),
            1,
            "10 and code are left: {r:?}"
        );
    }

    #[test]
    fn harper_checks_grammar_and_spelling_with_the_fact_box_in_its_dictionary() {
        let r = rules("This is an test of Bracco's work.\n");
        assert!(
            r.iter()
                .any(|(rule, q, _)| rule.starts_with("grammar.") && q.contains("an")),
            "{r:?}"
        );
        assert!(
            !r.iter().any(|(_, q, _)| q.contains("Bracco")),
            "a fact-box name is a word: {r:?}"
        );
    }

    #[test]
    fn a_sheet_with_a_bad_key_is_refused_with_its_line() {
        let e = StyleSheet::parse("dialect: british\nnumbers: roman\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("numbers")));
        let e = StyleSheet::parse("dialect: british\ncolours: [red]\n").unwrap_err();
        assert!(e.message.contains("colours"), "{e:?}");
    }
}
