//! The preview engine and the published site: one renderer, so what was approved is what goes out.
//!
//! The stages, in order:
//!
//! 1. **Fields and body → events.** pulldown-cmark with smart punctuation, footnotes, tables and
//!    strikethrough ([`markdown`]). One-line fields (headline, dek, captions) take inline Markdown
//!    and never raw HTML.
//! 2. **Passes**, one module each under [`passes`]: link and image addresses checked
//!    (`links`), the teaser cut at `<!--more-->` or after the first paragraph (`teaser`), pull
//!    quotes (`pull_quote`), heading anchors (`anchors`).
//! 3. **HTML, sanitized.** Raw HTML written in a body passes only through the safe list in
//!    [`sanitize`].
//! 4. **House templates** ([`theme`]): minijinja templates and CSS embedded in the binary, a theme
//!    folder overriding them file by file; the page context is built here from the piece.
//! 5. **Structured data** ([`jsonld`]) in the page head.
//!
//! Views: the article page (for lists, page N of M), the teaser card, the front page with the
//! piece in place, and section pages; each at desktop, tablet or phone width. [`site`] writes
//! the static site; [`preview`] keeps the last good render when a template breaks; [`watch`]
//! reports theme-folder changes.
//!
//! Not here: the desk's storage and the clock. Callers hand in pieces and settings.

pub mod jsonld;
pub mod markdown;
pub mod passes;
pub mod preview;
pub mod sanitize;
pub mod site;
pub mod theme;
pub mod watch;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

pub use theme::{TemplateError, Theme};

use crate::domain::{slugify, Entry, Kind, ListOrder, Piece, PieceList, Subject};

/// What to show of a piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase", tag = "view", content = "page")]
pub enum View {
    /// The article page; for a list, its first page.
    Article,
    /// The front-page teaser card alone.
    Teaser,
    /// The front page with this piece in place, newest first.
    Front,
    /// Page N (from 1) of a list.
    List(u32),
}

/// The preview's width switch. The page is the same; the class lets the theme adapt, as a
/// narrow screen would through its media queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Width {
    Desktop,
    Tablet,
    Phone,
}

impl Width {
    pub const ALL: [Width; 3] = [Width::Desktop, Width::Tablet, Width::Phone];

    pub fn as_str(self) -> &'static str {
        match self {
            Width::Desktop => "desktop",
            Width::Tablet => "tablet",
            Width::Phone => "phone",
        }
    }

    /// The pixel width the preview frame gives each.
    pub fn pixels(self) -> u32 {
        match self {
            Width::Desktop => 1200,
            Width::Tablet => 768,
            Width::Phone => 390,
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("the list has {pages} page(s); there is no page {page}")]
    NoSuchPage { page: u32, pages: u32 },
    #[error("only a list has list pages")]
    NotAList,
}

/// The desk's settings that the pages show.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub name: String,
    /// The published site's address, ending in `/`: canonical links, the feed, the sitemap.
    pub url: String,
    pub links: Vec<Link>,
    pub footer: Vec<String>,
    #[serde(skip)]
    pub zone: Tz,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
}

/// How a page is put together for where it will be seen.
#[derive(Debug, Clone)]
pub struct PageOptions {
    pub width: Width,
    /// The CSS inside the page (the preview, which loads nothing) or linked as `style.css`.
    pub inline_css: bool,
    /// The relative way to the site's root from this page, e.g. `../../`.
    pub root: String,
}

impl PageOptions {
    pub fn preview(width: Width) -> PageOptions {
        PageOptions {
            width,
            inline_css: true,
            root: String::new(),
        }
    }
}

/// Where a piece lives in the site, relative to the root: `film/soul-searching/`.
pub fn piece_path(piece: &Piece) -> String {
    format!(
        "{}/{}/",
        section_path(&piece.content.section),
        piece.content.slug
    )
}

pub fn section_path(section: &str) -> String {
    match slugify(section) {
        s if s.is_empty() => "section".to_string(),
        s => s,
    }
}

/// The path of page `n` of a list (page 1 is the piece's own path).
pub fn list_page_path(piece: &Piece, n: u32) -> String {
    if n <= 1 {
        piece_path(piece)
    } else {
        format!("{}{n}/", piece_path(piece))
    }
}

fn depth_root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

// ---- the contexts the templates see ----

#[derive(Serialize)]
struct PageMeta<'a> {
    title: String,
    description: String,
    canonical: Option<String>,
    jsonld: Option<String>,
    css_inline: Option<&'a str>,
    width: &'static str,
    root: &'a str,
    kind: &'static str,
    chrome: bool,
    /// The site's links, relative ones made relative to this page.
    nav: Vec<Link>,
}

#[derive(Serialize)]
struct PieceCtx {
    kind: &'static str,
    headline_html: String,
    dek_html: String,
    section: String,
    section_href: String,
    bylines: String,
    date: Option<String>,
    date_iso: Option<String>,
    body_html: String,
    image: Option<ImageCtx>,
    facts: Option<FactsCtx>,
    score: Option<String>,
    corrections: Vec<CorrectionCtx>,
}

#[derive(Serialize)]
struct ImageCtx {
    src: String,
    alt: String,
    caption: Option<String>,
    credit: Option<String>,
}

#[derive(Serialize)]
struct CorrectionCtx {
    date: String,
    note_html: String,
}

/// The fact box: the title, then one `Label: value` line per known field.
#[derive(Debug, Serialize)]
pub struct FactsCtx {
    pub medium: &'static str,
    pub title: Option<String>,
    pub lines: Vec<FactLine>,
}

#[derive(Debug, Serialize)]
pub struct FactLine {
    pub label: String,
    pub value: String,
}

#[derive(Serialize)]
struct ListCtx {
    page: u32,
    pages: u32,
    entries: Vec<EntryCtx>,
    prev_href: Option<String>,
    next_href: Option<String>,
    page_links: Vec<PageLink>,
    /// How the list was made, under its last page's entries.
    method: Option<String>,
    /// On the ballots page (after the entries' pages): every voter's ballot.
    ballots: Vec<BallotCtx>,
}

#[derive(Serialize)]
struct BallotCtx {
    voter: String,
    picks: Vec<String>,
}

#[derive(Serialize)]
struct EntryCtx {
    rank: u32,
    heading_html: String,
    blurb_html: String,
    contributor: Option<String>,
    link: Option<String>,
}

#[derive(Serialize)]
struct PageLink {
    n: u32,
    href: String,
    current: bool,
}

/// A teaser card: what the front and section pages show of a piece.
#[derive(Debug, Clone, Serialize)]
pub struct TeaserCtx {
    pub kind: &'static str,
    pub noun: &'static str,
    pub section: String,
    pub headline_html: String,
    pub dek_html: String,
    pub excerpt_html: String,
    pub href: String,
    pub byline: String,
    pub score: Option<String>,
    /// For feeds and sorting; not shown by the default theme.
    pub headline: String,
    pub date_iso: Option<String>,
    pub authors: Vec<String>,
}

fn kind_name(k: Kind) -> &'static str {
    k.as_str()
}

fn score_text(s: f64) -> String {
    if s.fract() == 0.0 {
        format!("{} / 10", s as i64)
    } else {
        format!("{s} / 10")
    }
}

fn human_date(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone).format("%B %-d, %Y").to_string()
}

/// The time a reader sees on the piece: published, else when it is scheduled to be.
fn shown_time(p: &Piece) -> Option<DateTime<Utc>> {
    p.published_at.or(p.scheduled_at)
}

pub fn facts(subject: &Subject) -> FactsCtx {
    let mut lines = Vec::new();
    let mut line = |label: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            lines.push(FactLine {
                label: label.to_string(),
                value: v,
            });
        }
    };
    let names = |v: &[String]| (!v.is_empty()).then(|| v.join(", "));
    let many = |v: &[String], one: &str, more: &str| {
        if v.len() > 1 {
            more.to_string()
        } else {
            one.to_string()
        }
    };
    let date = |d: &Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    match subject {
        Subject::Film(f) => {
            line(
                &many(&f.director, "Director", "Directors"),
                names(&f.director),
            );
            line("Cast", names(&f.cast));
            line("Rated", f.rated.clone());
            line("Studio", f.studio.clone());
            line("Year", f.year.map(|y| y.to_string()));
            line("Runtime", f.runtime.map(|m| format!("{m} minutes")));
            for r in &f.releases {
                let note = r
                    .note
                    .as_ref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                line(
                    &format!("{} date", r.region),
                    Some(format!("{}{note}", r.date)),
                );
            }
        }
        Subject::Album(a) => {
            line("Artist", a.artist.clone());
            line("Label", a.label.clone());
            line("Released", date(&a.released));
            line(&many(&a.genre, "Genre", "Genres"), names(&a.genre));
        }
        Subject::Book(b) => {
            line(&many(&b.author, "Author", "Authors"), names(&b.author));
            line("Publisher", b.publisher.clone());
            line("Published", date(&b.published));
            line("Pages", b.pages.map(|p| p.to_string()));
            line("ISBN", b.isbn.clone());
        }
        Subject::Stage(s) => {
            line("Playwright", s.playwright.clone());
            line("Director", s.director.clone());
            line("Cast", names(&s.cast));
            let venue = match (&s.venue, &s.city) {
                (Some(v), Some(c)) => Some(format!("{v}, {c}")),
                (v, c) => v.clone().or(c.clone()),
            };
            line("Venue", venue);
            line("Opened", date(&s.opened));
            line("Closes", date(&s.closes));
        }
        Subject::Television(t) => {
            line("Season", t.season.map(|s| s.to_string()));
            line("Network", t.network.clone());
            line(&many(&t.creator, "Creator", "Creators"), names(&t.creator));
            line("Cast", names(&t.cast));
            line("Premiered", date(&t.premiered));
        }
        Subject::Game(g) => {
            line("Developer", g.developer.clone());
            line("Publisher", g.publisher.clone());
            line(
                &many(&g.platform, "Platform", "Platforms"),
                names(&g.platform),
            );
            line("Released", date(&g.released));
        }
    }
    FactsCtx {
        medium: subject.medium(),
        title: subject.title().map(str::to_string),
        lines,
    }
}

/// Entries in the order they are printed: a countdown from N to 1, or 1 to N.
pub fn printed_order(list: &PieceList) -> Vec<&Entry> {
    let mut entries: Vec<&Entry> = list.entries.iter().collect();
    match list.order {
        ListOrder::Countdown => entries.sort_by_key(|e| std::cmp::Reverse(e.rank)),
        ListOrder::Countup => entries.sort_by_key(|a| a.rank),
    }
    entries
}

/// The pages of a list: its entries' pages, then a page of the voters' ballots if it has them.
pub fn page_count(list: &PieceList) -> u32 {
    entry_pages(list) + u32::from(!list.ballots.is_empty())
}

fn entry_pages(list: &PieceList) -> u32 {
    (list.entries.len() as u32)
        .div_ceil(list.page_size.max(1))
        .max(1)
}

/// `70. The Horrors - “Machine”`: songs in quotes, longer works in italics.
fn entry_heading(item: &str, e: &Entry) -> String {
    let title = e.title.as_deref().map(markdown::inline).unwrap_or_default();
    let title = match item {
        "song" | "track" | "single" => format!("\u{201c}{title}\u{201d}"),
        _ if title.is_empty() => title,
        _ => format!("<cite>{title}</cite>"),
    };
    let creator = e
        .creator
        .as_deref()
        .map(markdown::inline)
        .unwrap_or_default();
    let sep = if creator.is_empty() || title.is_empty() {
        ""
    } else {
        " - "
    };
    format!(
        "<span class=\"rank\">{}.</span> {creator}{sep}{title}",
        e.rank
    )
}

fn entry_ctx(item: &str, e: &Entry) -> EntryCtx {
    EntryCtx {
        rank: e.rank,
        heading_html: entry_heading(item, e),
        blurb_html: e
            .blurb
            .as_deref()
            .map(|b| markdown::body(b, false).html)
            .unwrap_or_default(),
        contributor: e.contributor.clone(),
        link: e.link.clone().filter(|l| passes::links::is_safe(l)),
    }
}

fn piece_ctx(piece: &Piece, site: &SiteInfo, root: &str, body_html: String) -> PieceCtx {
    let c = &piece.content;
    let t = shown_time(piece);
    PieceCtx {
        kind: kind_name(c.kind),
        headline_html: markdown::inline(&c.headline),
        dek_html: markdown::inline(&c.dek),
        section: c.section.clone(),
        section_href: format!("{root}{}/index.html", section_path(&c.section)),
        bylines: c.bylines.join(" and "),
        date: t.map(|t| human_date(t, site.zone)),
        date_iso: t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        body_html,
        image: c
            .image
            .as_ref()
            .filter(|i| passes::links::is_safe(&i.src))
            .map(|i| ImageCtx {
                src: i.src.clone(),
                alt: i.alt.clone().unwrap_or_default(),
                caption: i.caption.clone(),
                credit: i.credit.clone(),
            }),
        facts: c.review.as_ref().map(|r| facts(&r.subject)),
        score: c.review.as_ref().and_then(|r| r.score).map(score_text),
        corrections: c
            .corrections
            .iter()
            .map(|k| CorrectionCtx {
                date: human_date(k.at, site.zone),
                note_html: markdown::inline(&k.note),
            })
            .collect(),
    }
}

fn description(piece: &Piece) -> String {
    markdown::plain_text(&markdown::inline(&piece.content.dek))
}

#[allow(clippy::too_many_arguments)]
fn meta<'a>(
    site: &SiteInfo,
    title: &str,
    desc: String,
    canonical: Option<String>,
    jsonld: Option<String>,
    theme: &'a Theme,
    opts: &'a PageOptions,
    kind: &'static str,
    chrome: bool,
) -> PageMeta<'a> {
    let absolute = |h: &str| {
        h.contains("://") || h.starts_with('/') || h.starts_with('#') || h.starts_with("mailto:")
    };
    PageMeta {
        nav: site
            .links
            .iter()
            .map(|l| Link {
                label: l.label.clone(),
                href: if absolute(&l.href) {
                    l.href.clone()
                } else {
                    format!("{}{}", opts.root, l.href)
                },
            })
            .collect(),
        title: markdown::plain_text(&markdown::inline(title)),
        description: desc,
        canonical,
        jsonld,
        css_inline: opts.inline_css.then(|| theme.css()),
        width: opts.width.as_str(),
        root: &opts.root,
        kind,
        chrome,
    }
}

/// The article page; a list's article page is its first page.
pub fn article(
    theme: &Theme,
    site: &SiteInfo,
    piece: &Piece,
    opts: &PageOptions,
) -> Result<String, RenderError> {
    if piece.content.list.is_some() {
        return list_page(theme, site, piece, 1, opts);
    }
    let body = markdown::body(&piece.content.body, false);
    let url = format!("{}{}", site.url, piece_path(piece));
    let ld = jsonld::for_piece(piece, &site.name, Some(&url), &[]);
    let m = meta(
        site,
        &piece.content.headline,
        description(piece),
        Some(url),
        Some(ld),
        theme,
        opts,
        "article-page",
        true,
    );
    let ctx = minijinja::context! { site => site, page => m, piece => piece_ctx(piece, site, &opts.root, body.html) };
    Ok(theme.render("article.html", ctx)?)
}

/// Page `n` (from 1) of a list.
pub fn list_page(
    theme: &Theme,
    site: &SiteInfo,
    piece: &Piece,
    n: u32,
    opts: &PageOptions,
) -> Result<String, RenderError> {
    let list = piece.content.list.as_ref().ok_or(RenderError::NotAList)?;
    let pages = page_count(list);
    if n == 0 || n > pages {
        return Err(RenderError::NoSuchPage { page: n, pages });
    }
    let size = list.page_size.max(1) as usize;
    let printed = printed_order(list);
    let on_page: Vec<&Entry> = printed
        .iter()
        .skip((n as usize - 1) * size)
        .take(size)
        .copied()
        .collect();
    let href = |k: u32| format!("{}{}index.html", opts.root, list_page_path(piece, k));
    let ctx_list = ListCtx {
        page: n,
        pages,
        entries: on_page.iter().map(|e| entry_ctx(&list.item, e)).collect(),
        prev_href: (n > 1).then(|| href(n - 1)),
        next_href: (n < pages).then(|| href(n + 1)),
        method: list.method.clone().filter(|_| n == entry_pages(list)),
        ballots: if n > entry_pages(list) {
            list.ballots
                .iter()
                .map(|b| BallotCtx {
                    voter: b.voter.clone(),
                    picks: b.picks.clone(),
                })
                .collect()
        } else {
            vec![]
        },
        page_links: (1..=pages)
            .map(|k| PageLink {
                n: k,
                href: href(k),
                current: k == n,
            })
            .collect(),
    };
    let body_html = if n == 1 {
        markdown::body(&piece.content.body, false).html
    } else {
        String::new()
    };
    let url = format!("{}{}", site.url, list_page_path(piece, n));
    let ld = jsonld::for_piece(piece, &site.name, Some(&url), &on_page);
    let title = if n == 1 {
        piece.content.headline.clone()
    } else if n > entry_pages(list) {
        format!("{}: the ballots", piece.content.headline)
    } else {
        format!("{} (page {n} of {pages})", piece.content.headline)
    };
    let m = meta(
        site,
        &title,
        description(piece),
        Some(url),
        Some(ld),
        theme,
        opts,
        "list-page",
        true,
    );
    let ctx = minijinja::context! {
        site => site, page => m, piece => piece_ctx(piece, site, &opts.root, body_html), list => ctx_list
    };
    Ok(theme.render("list.html", ctx)?)
}

/// The teaser card of `piece`, with links relative to `root`.
pub fn teaser(piece: &Piece, site: &SiteInfo, root: &str) -> TeaserCtx {
    let c = &piece.content;
    let mut excerpt = markdown::teaser(&c.body);
    if let Some(l) = &c.list {
        if let Some(first) = printed_order(l).first() {
            let e = entry_ctx(&l.item, first);
            let by = e
                .contributor
                .map(|c| format!("<p class=\"contributor\">- {}</p>", escape(&c)))
                .unwrap_or_default();
            excerpt.push_str(&format!(
                "<h3 class=\"entry-heading\">{}</h3>{}{by}",
                e.heading_html, e.blurb_html
            ));
        }
    }
    let t = shown_time(piece);
    let date = t.map(|t| human_date(t, site.zone));
    let byline = match (c.bylines.is_empty(), date) {
        (false, Some(d)) => format!("By {} · {d}", c.bylines.join(" and ")),
        (false, None) => format!("By {}", c.bylines.join(" and ")),
        (true, Some(d)) => d,
        (true, None) => String::new(),
    };
    TeaserCtx {
        kind: kind_name(c.kind),
        noun: match c.kind {
            Kind::Review => "review",
            Kind::List => "list",
            Kind::Feature => "feature",
        },
        section: c.section.clone(),
        headline_html: markdown::inline(&c.headline),
        dek_html: markdown::inline(&c.dek),
        excerpt_html: excerpt,
        href: format!("{root}{}index.html", piece_path(piece)),
        byline,
        score: c.review.as_ref().and_then(|r| r.score).map(score_text),
        headline: c.headline.clone(),
        date_iso: t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        authors: c.bylines.clone(),
    }
}

/// Text made safe for HTML and XML, in content and in quoted attributes: the one escaping the
/// renderer uses, in the theme's templates (see `theme.rs`) and in the markup it writes itself.
/// Addresses keep their slashes (minijinja's own escaping also escapes `/`).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The teaser card alone, in a bare page with the theme's CSS.
pub fn teaser_page(
    theme: &Theme,
    site: &SiteInfo,
    piece: &Piece,
    opts: &PageOptions,
) -> Result<String, RenderError> {
    let m = meta(
        site,
        &piece.content.headline,
        description(piece),
        None,
        None,
        theme,
        opts,
        "teaser-page",
        false,
    );
    let ctx =
        minijinja::context! { site => site, page => m, teaser => teaser(piece, site, &opts.root) };
    Ok(theme.render("teaser.html", ctx)?)
}

/// The front page (no heading) or a section page (its name as heading) from teaser cards.
pub fn front(
    theme: &Theme,
    site: &SiteInfo,
    heading: Option<&str>,
    teasers: &[TeaserCtx],
    opts: &PageOptions,
) -> Result<String, RenderError> {
    let title = heading.unwrap_or(&site.name).to_string();
    let canonical = match heading {
        Some(h) => format!("{}{}/", site.url, section_path(h)),
        None => site.url.clone(),
    };
    let m = meta(
        site,
        &title,
        String::new(),
        Some(canonical),
        None,
        theme,
        opts,
        if heading.is_some() {
            "section-page"
        } else {
            "front-page"
        },
        true,
    );
    let ctx =
        minijinja::context! { site => site, page => m, heading => heading, teasers => teasers };
    Ok(theme.render("front.html", ctx)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_makes_text_safe_in_content_and_quoted_attributes() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>Tom & Jerry</a> https://example.com/a/b"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt; https://example.com/a/b"
        );
    }

    #[test]
    fn list_pages_count_up() {
        let mut l = PieceList {
            method: None,
            ballots: vec![],
            item: "song".into(),
            order: ListOrder::Countdown,
            page_size: 10,
            entries: vec![],
        };
        assert_eq!(page_count(&l), 1, "an empty list still has its first page");
        l.entries = (1..=70)
            .map(|rank| Entry {
                rank,
                ..Entry::default()
            })
            .collect();
        assert_eq!(page_count(&l), 7);
        assert_eq!(
            printed_order(&l)[0].rank,
            70,
            "a countdown prints its last rank first"
        );
    }

    #[test]
    fn entry_headings_follow_house_style() {
        let e = Entry {
            rank: 70,
            creator: Some("The Horrors".into()),
            title: Some("Machine".into()),
            ..Entry::default()
        };
        assert_eq!(
            entry_heading("song", &e),
            "<span class=\"rank\">70.</span> The Horrors - \u{201c}Machine\u{201d}"
        );
        assert_eq!(
            entry_heading("album", &e),
            "<span class=\"rank\">70.</span> The Horrors - <cite>Machine</cite>"
        );
    }
}
