//! WordPress's export format, WXR 1.0 to 1.2: read as a stream of XML events (`read`), so a
//! large export is never whole in memory, and written (`Writer`) so that WordPress's own
//! importer takes a desk back.
//!
//! The reader resolves namespaces (an element is WordPress's by its namespace, whatever its
//! prefix: a `wp:` bound to another address is not WordPress's), and refuses what is not well
//! formed XML with the line: an unclosed or mismatched tag, `]]>` outside a CDATA section, a name
//! that is not an XML name, an undefined entity, bytes that are not UTF-8.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read, Write};

use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::events::{BytesCData, BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

use super::{ArchiveError, Attachment, Post, Status, Survey};

/// WordPress's namespace, `http://` or (as some exports write it) `https://`.
const WP: &[u8] = b"://wordpress.org/export/";
const CONTENT: &[u8] = b"http://purl.org/rss/1.0/modules/content/";
const DC: &[u8] = b"http://purl.org/dc/elements/1.1/";

/// What a WXR file holds, one thing at a time.
#[derive(Debug, Clone)]
pub enum Item {
    /// An author of the channel: login and display name.
    Author {
        login: String,
        name: String,
    },
    Post(Post),
    Attachment {
        id: String,
        file: Attachment,
    },
    /// An item of another type (menu items, custom post types): skipped.
    Other {
        post_type: String,
    },
}

/// A reader that counts the lines it hands on, keeping the last newlines' places, so that an
/// event's byte position turns into its line without the file being read twice.
struct Lines<R> {
    inner: R,
    consumed: u64,
    newlines: u64,
    recent: VecDeque<u64>,
}

const RECENT: usize = 512;

impl<R: BufRead> Lines<R> {
    fn line_at(&self, pos: u64) -> u64 {
        if pos >= self.consumed {
            return self.newlines + 1;
        }
        let after = self.recent.iter().rev().take_while(|&&n| n >= pos).count() as u64;
        self.newlines - after + 1
    }
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if amt > 0 {
            if let Ok(buf) = self.inner.fill_buf() {
                for (i, b) in buf[..amt.min(buf.len())].iter().enumerate() {
                    if *b == b'\n' {
                        self.newlines += 1;
                        if self.recent.len() == RECENT {
                            self.recent.pop_front();
                        }
                        self.recent.push_back(self.consumed + i as u64);
                    }
                }
            }
            self.consumed += amt as u64;
        }
        self.inner.consume(amt);
    }
}

/// Whose an element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    None,
    Wp,
    Content,
    Excerpt,
    Dc,
    Other,
}

fn ns_of(r: &ResolveResult) -> Ns {
    match r {
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Bound(Namespace(uri)) => {
            let wp = uri
                .strip_prefix(b"http")
                .map(|r| r.strip_prefix(b"s").unwrap_or(r))
                .is_some_and(|r| r.starts_with(WP));
            if wp {
                if uri.ends_with(b"/excerpt/") {
                    Ns::Excerpt
                } else {
                    Ns::Wp
                }
            } else if *uri == CONTENT {
                Ns::Content
            } else if *uri == DC {
                Ns::Dc
            } else {
                Ns::Other
            }
        }
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

/// Is `name` a qualified name of XML with namespaces: one name, or a prefix and a name, each
/// starting with a letter or `_` and going on with letters, digits, `-`, `.` and `_`?
fn xml_name(name: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(name) else {
        return false;
    };
    let nc = |part: &str| {
        let mut chars = part.chars();
        let first = |c: char| c.is_alphabetic() || c == '_' || (!c.is_ascii() && c != '\u{b7}');
        match chars.next() {
            Some(c) if first(c) => {}
            _ => return false,
        }
        chars.all(|c| first(c) || c.is_ascii_digit() || c == '-' || c == '.' || c == '\u{b7}')
    };
    let parts: Vec<&str> = s.split(':').collect();
    parts.len() <= 2 && parts.iter().all(|p| nc(p))
}

/// The item being read.
#[derive(Default)]
struct Draft {
    line: u64,
    id: String,
    post_type: Option<String>,
    title: String,
    slug: String,
    body: String,
    excerpt: String,
    status: String,
    date_gmt: String,
    date_local: String,
    pub_date: String,
    creator: Vec<String>,
    categories: Vec<String>,
    tags: Vec<String>,
    meta: Vec<(String, String)>,
    meta_key: Option<String>,
    attachment_url: String,
}

fn wp_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() || s.starts_with("0000") {
        return None;
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|d| d.and_utc())
}

impl Draft {
    fn finish(self) -> Item {
        let post_type = self.post_type.unwrap_or_else(|| "post".to_string());
        let meta_value = |k: &str| {
            self.meta
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        };
        match post_type.as_str() {
            "attachment" => {
                let alt = meta_value("_wp_attachment_image_alt").filter(|a| !a.trim().is_empty());
                let caption = Some(self.excerpt.trim().to_string()).filter(|c| !c.is_empty());
                Item::Attachment {
                    id: self.id,
                    file: Attachment {
                        url: self.attachment_url.trim().to_string(),
                        caption,
                        alt,
                    },
                }
            }
            "post" | "page" => {
                let thumbnail = meta_value("_thumbnail_id").filter(|t| !t.trim().is_empty());
                // The GMT date first; WordPress writes 0000-00-00 there for drafts, and old
                // exports leave it out: then the RSS date, then the site's local time.
                let date = wp_date(&self.date_gmt)
                    .or_else(|| {
                        DateTime::parse_from_rfc2822(self.pub_date.trim())
                            .ok()
                            .map(|d| d.with_timezone(&Utc))
                    })
                    .or_else(|| wp_date(&self.date_local));
                Item::Post(Post {
                    line: self.line,
                    id: self.id,
                    page: post_type == "page",
                    title: self.title,
                    slug: self.slug.trim().to_string(),
                    body: self.body,
                    markdown: false,
                    excerpt: self.excerpt,
                    status: Status::of_wordpress(&self.status),
                    date,
                    authors: self.creator,
                    categories: self.categories,
                    tags: self.tags,
                    meta: self.meta,
                    image: None,
                    thumbnail,
                })
            }
            _ => Item::Other { post_type },
        }
    }
}

/// Where the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum In {
    /// `<rss>`.
    Root,
    Channel,
    Author,
    Item,
    Meta,
    /// Inside something whose content is not read (a comment, an unknown element).
    Skip,
}

/// Reads a WXR file, handing `each` every author, post, page and attachment in the file's
/// order; `each` answers whether to go on. A file that is not well formed XML, or not a WXR
/// file, is an error naming the line.
pub fn read<R: BufRead>(
    input: R,
    file: &str,
    each: &mut dyn FnMut(Item) -> Result<bool, ArchiveError>,
) -> Result<(), ArchiveError> {
    let mut reader = NsReader::from_reader(Lines {
        inner: input,
        consumed: 0,
        newlines: 0,
        recent: VecDeque::with_capacity(RECENT),
    });
    let config = reader.config_mut();
    config.check_end_names = true;
    config.check_comments = true;
    config.expand_empty_elements = false;
    let err = |line: u64, message: String| ArchiveError {
        file: file.to_string(),
        line: Some(line),
        message,
    };

    let mut buf = Vec::new();
    // The open elements: namespace and local name.
    let mut open: Vec<(Ns, Vec<u8>)> = Vec::new();
    let mut state: Vec<In> = vec![];
    let mut text = String::new();
    let mut draft = Draft::default();
    let mut author = (String::new(), String::new());
    let mut category_domain: Option<String> = None;
    let mut saw_channel = false;
    let mut saw_root = false;
    loop {
        let at = reader.buffer_position();
        let ev = reader.read_resolved_event_into(&mut buf);
        let (ns, ev) = match ev {
            Ok((res, ev)) => (ns_of(&res), ev),
            Err(e) => {
                let pos = reader.error_position().max(at);
                let line = reader.get_ref().line_at(pos);
                return Err(err(line, format!("not well-formed XML: {e}")));
            }
        };
        let line_here = || reader.get_ref().line_at(at);
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                if !xml_name(e.name().as_ref()) {
                    return Err(err(
                        line_here(),
                        format!(
                            "not well-formed XML: `{}` is not an element name",
                            String::from_utf8_lossy(e.name().as_ref())
                        ),
                    ));
                }
                let mut domain = None;
                for a in e.attributes() {
                    let a = a.map_err(|x| err(line_here(), format!("not well-formed XML: {x}")))?;
                    if !xml_name(a.key.as_ref()) {
                        return Err(err(
                            line_here(),
                            format!(
                                "not well-formed XML: `{}` is not an attribute name",
                                String::from_utf8_lossy(a.key.as_ref())
                            ),
                        ));
                    }
                    if a.key.as_ref() == b"domain" {
                        domain = Some(String::from_utf8_lossy(&a.value).into_owned());
                    }
                }
                let local = e.local_name().as_ref().to_vec();
                text.clear();
                let here = state.last().copied();
                if here.is_none() && saw_root {
                    return Err(err(
                        line_here(),
                        "not well-formed XML: an element after the document's element".into(),
                    ));
                }
                let next = match (here, ns, local.as_slice()) {
                    (None, Ns::None, b"rss") => {
                        saw_root = true;
                        In::Root
                    }
                    (None, _, _) => {
                        return Err(err(
                            line_here(),
                            format!(
                                "not a WordPress export: the file starts with <{}>, not <rss>",
                                String::from_utf8_lossy(e.name().as_ref())
                            ),
                        ));
                    }
                    (Some(In::Root), Ns::None, b"channel") => {
                        saw_channel = true;
                        In::Channel
                    }
                    (Some(In::Channel), Ns::None, b"item") => {
                        draft = Draft {
                            line: line_here(),
                            ..Draft::default()
                        };
                        In::Item
                    }
                    (Some(In::Channel), Ns::Wp, b"author") => {
                        author = (String::new(), String::new());
                        In::Author
                    }
                    (Some(In::Item), Ns::Wp, b"postmeta") => {
                        draft.meta_key = None;
                        In::Meta
                    }
                    (Some(In::Item), Ns::Wp, b"comment") => In::Skip,
                    (Some(In::Item), Ns::None, b"category") => {
                        category_domain = domain;
                        In::Item
                    }
                    (Some(s @ (In::Item | In::Author | In::Meta)), _, _) => s,
                    (Some(_), _, _) => In::Skip,
                };
                if !empty {
                    open.push((ns, local));
                    state.push(next);
                } else if next == In::Item && here == Some(In::Channel) {
                    if !each(draft_take(&mut draft).finish())? {
                        return Ok(());
                    }
                }
            }
            Event::End(_) => {
                let Some((ns, local)) = open.pop() else {
                    return Err(err(
                        line_here(),
                        "not well-formed XML: an end tag with no start".into(),
                    ));
                };
                let inside = state.pop();
                let parent = state.last().copied();
                let value = std::mem::take(&mut text);
                match (inside, parent, ns, local.as_slice()) {
                    (Some(In::Item), Some(In::Channel), Ns::None, b"item") => {
                        if !each(draft_take(&mut draft).finish())? {
                            return Ok(());
                        }
                    }
                    (Some(In::Author), Some(In::Channel), Ns::Wp, b"author") => {
                        let (login, name) = std::mem::take(&mut author);
                        if !login.trim().is_empty() {
                            let name = if name.trim().is_empty() {
                                login.clone()
                            } else {
                                name
                            };
                            each(Item::Author {
                                login: login.trim().to_string(),
                                name: name.trim().to_string(),
                            })?;
                        }
                    }
                    (Some(In::Author), Some(In::Author), Ns::Wp, b"author_login") => {
                        author.0 = value
                    }
                    (Some(In::Author), Some(In::Author), Ns::Wp, b"author_display_name") => {
                        author.1 = value
                    }
                    (Some(In::Meta), Some(In::Meta), Ns::Wp, b"meta_key") => {
                        draft.meta_key = Some(value)
                    }
                    (Some(In::Meta), Some(In::Meta), Ns::Wp, b"meta_value") => {
                        if let Some(k) = draft.meta_key.take() {
                            draft.meta.push((k, value));
                        }
                    }
                    (Some(In::Item), Some(In::Item), ns, name) => match (ns, name) {
                        (Ns::None, b"title") => draft.title = value,
                        (Ns::None, b"pubDate") => draft.pub_date = value,
                        (Ns::Dc, b"creator") => {
                            if !value.trim().is_empty() {
                                draft.creator.push(value.trim().to_string())
                            }
                        }
                        (Ns::Content, b"encoded") => draft.body = value,
                        (Ns::Excerpt, b"encoded") => draft.excerpt = value,
                        (Ns::Wp, b"post_id") => draft.id = value.trim().to_string(),
                        (Ns::Wp, b"post_date_gmt") => draft.date_gmt = value,
                        (Ns::Wp, b"post_date") => draft.date_local = value,
                        (Ns::Wp, b"post_name") => draft.slug = value,
                        (Ns::Wp, b"status") => draft.status = value,
                        (Ns::Wp, b"post_type") => draft.post_type = Some(value.trim().to_string()),
                        (Ns::Wp, b"attachment_url") => draft.attachment_url = value,
                        (Ns::None, b"category") => {
                            let name = value.trim().to_string();
                            if !name.is_empty() {
                                match category_domain.take().as_deref() {
                                    Some("post_tag") => push_new(&mut draft.tags, name),
                                    Some("category") | None => {
                                        push_new(&mut draft.categories, name)
                                    }
                                    Some(_) => {}
                                }
                            }
                        }
                        _ => {}
                    },
                    _ => {}
                }
            }
            Event::Text(t) => {
                if !open.is_empty() {
                    text_of(&t, &mut text).map_err(|m| err(line_here(), m))?;
                } else if !t.iter().all(u8::is_ascii_whitespace) {
                    return Err(err(
                        line_here(),
                        "not well-formed XML: text outside the document's element".into(),
                    ));
                }
            }
            Event::CData(c) => {
                if open.is_empty() {
                    return Err(err(
                        line_here(),
                        "not well-formed XML: text outside the document's element".into(),
                    ));
                }
                text.push_str(&cdata_of(&c).map_err(|m| err(line_here(), m))?);
            }
            Event::GeneralRef(r) => {
                if open.is_empty() {
                    return Err(err(
                        line_here(),
                        "not well-formed XML: text outside the document's element".into(),
                    ));
                }
                let s = if let Some(c) = r
                    .resolve_char_ref()
                    .map_err(|e| err(line_here(), format!("not well-formed XML: {e}")))?
                {
                    c.to_string()
                } else {
                    let name = r
                        .decode()
                        .map_err(|e| err(line_here(), format!("not UTF-8: {e}")))?;
                    match name.as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => {
                            return Err(err(
                                line_here(),
                                format!(
                                    "not well-formed XML: the entity `&{other};` is not defined"
                                ),
                            ))
                        }
                    }
                };
                text.push_str(&s);
            }
            Event::Eof => {
                if let Some((_, name)) = open.last() {
                    return Err(err(
                        reader.get_ref().newlines + 1,
                        format!(
                            "not well-formed XML: the file ends inside <{}>",
                            String::from_utf8_lossy(name)
                        ),
                    ));
                }
                if !saw_channel {
                    return Err(err(1, "not a WordPress export: no <rss><channel>".into()));
                }
                return Ok(());
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
        buf.clear();
    }
}

fn draft_take(d: &mut Draft) -> Draft {
    std::mem::take(d)
}

fn push_new(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

fn text_of(t: &BytesText, out: &mut String) -> Result<(), String> {
    let raw: &[u8] = t;
    if raw.windows(3).any(|w| w == b"]]>") {
        return Err("not well-formed XML: `]]>` outside a CDATA section".into());
    }
    let s = t.decode().map_err(|e| format!("not UTF-8: {e}"))?;
    out.push_str(&s);
    Ok(())
}

fn cdata_of(c: &BytesCData) -> Result<String, String> {
    c.decode()
        .map(|s| s.into_owned())
        .map_err(|e| format!("not UTF-8: {e}"))
}

/// The survey of a WXR file: a full pass that checks it is well formed and counts what it holds.
pub fn survey<R: BufRead>(input: R, file: &str) -> Result<Survey, ArchiveError> {
    let mut s = Survey::default();
    read(input, file, &mut |item| {
        match item {
            Item::Author { login, name } => {
                s.authors.insert(login, name);
            }
            Item::Post(p) => s.count(&p),
            Item::Attachment { id, file } => {
                s.attachments += 1;
                s.files.insert(id, file);
            }
            Item::Other { .. } => s.other += 1,
        }
        Ok(true)
    })?;
    Ok(s)
}

/// `s` without the characters XML 1.0 does not allow (control characters but tab, newline and
/// carriage return; U+FFFE and U+FFFF): a vertical tab pasted from a word processor would make
/// the file one no XML reader takes.
fn xml_chars(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
    };
    if s.chars().any(bad) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !bad(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A WXR 1.2 file written element by element, as WordPress writes one.
pub struct Writer<W: Write> {
    out: quick_xml::Writer<W>,
}

/// A piece as the WXR writer takes it.
pub struct ExportPost<'a> {
    pub id: u64,
    pub title: &'a str,
    pub slug: &'a str,
    /// The body as HTML.
    pub html: &'a str,
    pub excerpt: &'a str,
    /// WordPress's status: `publish`, `future`, `pending` or `draft`.
    pub status: &'a str,
    pub date: Option<DateTime<Utc>>,
    pub author: &'a str,
    pub category: &'a str,
    pub tags: &'a [String],
    pub meta: Vec<(String, String)>,
}

impl<W: Write> Writer<W> {
    pub fn start(out: W, title: &str, link: &str) -> io::Result<Self> {
        let mut w = Writer {
            out: quick_xml::Writer::new_with_indent(out, b'\t', 1),
        };
        w.out
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut rss = BytesStart::new("rss");
        rss.push_attribute(("version", "2.0"));
        rss.push_attribute(("xmlns:excerpt", "http://wordpress.org/export/1.2/excerpt/"));
        rss.push_attribute(("xmlns:content", "http://purl.org/rss/1.0/modules/content/"));
        rss.push_attribute(("xmlns:wfw", "http://wellformedweb.org/CommentAPI/"));
        rss.push_attribute(("xmlns:dc", "http://purl.org/dc/elements/1.1/"));
        rss.push_attribute(("xmlns:wp", "http://wordpress.org/export/1.2/"));
        w.out.write_event(Event::Start(rss))?;
        w.out
            .write_event(Event::Start(BytesStart::new("channel")))?;
        w.text("title", title)?;
        w.text("link", link)?;
        w.text("description", "")?;
        w.text("language", "en")?;
        w.text("wp:wxr_version", "1.2")?;
        w.text("wp:base_site_url", link)?;
        w.text("wp:base_blog_url", link)?;
        Ok(w)
    }

    fn text(&mut self, name: &str, value: &str) -> io::Result<()> {
        let value = xml_chars(value);
        self.out
            .create_element(name)
            .write_text_content(BytesText::new(&value))?;
        Ok(())
    }

    /// CDATA as WordPress writes it: a `]]>` inside is split over two sections.
    fn cdata(&mut self, name: &str, value: &str) -> io::Result<()> {
        let value = xml_chars(value);
        let value: &str = &value;
        self.out.write_event(Event::Start(BytesStart::new(name)))?;
        let mut parts = value.split("]]>").peekable();
        while let Some(p) = parts.next() {
            let piece = if parts.peek().is_some() {
                format!("{p}]]")
            } else {
                p.to_string()
            };
            let rest = if parts.peek().is_some() { ">" } else { "" };
            self.out
                .write_event(Event::CData(BytesCData::new(piece.as_str())))?;
            if !rest.is_empty() {
                self.out.write_event(Event::CData(BytesCData::new(">")))?;
            }
        }
        self.out.write_event(Event::End(BytesEnd::new(name)))?;
        Ok(())
    }

    pub fn author(&mut self, id: u64, login: &str, name: &str) -> io::Result<()> {
        self.out
            .write_event(Event::Start(BytesStart::new("wp:author")))?;
        self.text("wp:author_id", &id.to_string())?;
        self.cdata("wp:author_login", login)?;
        self.cdata("wp:author_email", "")?;
        self.cdata("wp:author_display_name", name)?;
        self.out
            .write_event(Event::End(BytesEnd::new("wp:author")))?;
        Ok(())
    }

    pub fn category(&mut self, id: u64, nicename: &str, name: &str) -> io::Result<()> {
        self.out
            .write_event(Event::Start(BytesStart::new("wp:category")))?;
        self.text("wp:term_id", &id.to_string())?;
        self.cdata("wp:category_nicename", nicename)?;
        self.cdata("wp:category_parent", "")?;
        self.cdata("wp:cat_name", name)?;
        self.out
            .write_event(Event::End(BytesEnd::new("wp:category")))?;
        Ok(())
    }

    pub fn post(&mut self, p: &ExportPost) -> io::Result<()> {
        self.out
            .write_event(Event::Start(BytesStart::new("item")))?;
        self.text("title", p.title)?;
        let gmt = p
            .date
            .map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|| "0000-00-00 00:00:00".into());
        if let Some(d) = p.date {
            self.text("pubDate", &d.to_rfc2822())?;
        }
        self.cdata("dc:creator", p.author)?;
        self.cdata("content:encoded", p.html)?;
        self.cdata("excerpt:encoded", p.excerpt)?;
        self.text("wp:post_id", &p.id.to_string())?;
        self.cdata("wp:post_date", &gmt)?;
        self.cdata("wp:post_date_gmt", &gmt)?;
        self.cdata("wp:comment_status", "closed")?;
        self.cdata("wp:ping_status", "closed")?;
        self.cdata("wp:post_name", p.slug)?;
        self.cdata("wp:status", p.status)?;
        self.text("wp:post_parent", "0")?;
        self.text("wp:menu_order", "0")?;
        self.cdata("wp:post_type", "post")?;
        self.cdata("wp:post_password", "")?;
        self.text("wp:is_sticky", "0")?;
        let mut cat = |kind: &str, name: &str| -> io::Result<()> {
            let mut e = BytesStart::new("category");
            e.push_attribute(("domain", kind));
            e.push_attribute(("nicename", crate::domain::slugify(name).as_str()));
            self.out.write_event(Event::Start(e))?;
            self.out.write_event(Event::CData(BytesCData::new(
                xml_chars(name).replace("]]>", "]] >"),
            )))?;
            self.out
                .write_event(Event::End(BytesEnd::new("category")))?;
            Ok(())
        };
        if !p.category.is_empty() {
            cat("category", p.category)?;
        }
        for t in p.tags {
            cat("post_tag", t)?;
        }
        for (k, v) in &p.meta {
            self.out
                .write_event(Event::Start(BytesStart::new("wp:postmeta")))?;
            self.cdata("wp:meta_key", k)?;
            self.cdata("wp:meta_value", v)?;
            self.out
                .write_event(Event::End(BytesEnd::new("wp:postmeta")))?;
        }
        self.out.write_event(Event::End(BytesEnd::new("item")))?;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_event(Event::End(BytesEnd::new("channel")))?;
        self.out.write_event(Event::End(BytesEnd::new("rss")))?;
        let mut w = self.out.into_inner();
        w.write_all(b"\n")?;
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(xml: &str) -> Result<Vec<Item>, ArchiveError> {
        let mut v = Vec::new();
        read(xml.as_bytes(), "t.xml", &mut |i| {
            v.push(i);
            Ok(true)
        })?;
        Ok(v)
    }

    const HEAD: &str = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n";

    #[test]
    fn a_post_is_read_with_its_fields_entities_and_cdata() {
        let xml = format!(
            "{HEAD}<item><title>Caf&#233; &amp; Co</title><dc:creator>ann</dc:creator>\
             <content:encoded><![CDATA[<p>Hi</p>]]></content:encoded><wp:post_id>7</wp:post_id>\
             <wp:post_date_gmt>2020-01-02 03:04:05</wp:post_date_gmt><wp:post_name>cafe</wp:post_name>\
             <wp:status>future</wp:status><wp:post_type>post</wp:post_type>\
             <category domain=\"category\" nicename=\"film\"><![CDATA[Film]]></category>\
             <category domain=\"post_tag\" nicename=\"x\">Noir</category>\
             <wp:postmeta><wp:meta_key>director</wp:meta_key><wp:meta_value>Agnès Varda</wp:meta_value></wp:postmeta>\
             </item></channel></rss>"
        );
        let v = items(&xml).unwrap();
        let Item::Post(p) = &v[0] else {
            panic!("{v:?}")
        };
        assert_eq!(p.title, "Café & Co");
        assert_eq!(p.body, "<p>Hi</p>");
        assert_eq!(p.status, Status::Scheduled);
        assert_eq!(p.date.unwrap().to_rfc3339(), "2020-01-02T03:04:05+00:00");
        assert_eq!(p.categories, ["Film"]);
        assert_eq!(p.tags, ["Noir"]);
        assert_eq!(
            p.meta,
            [("director".to_string(), "Agnès Varda".to_string())]
        );
        assert_eq!(p.authors, ["ann"]);
        assert_eq!(p.line, 4);
    }

    #[test]
    fn a_wp_prefix_bound_elsewhere_is_not_wordpress() {
        let xml = format!(
            "{HEAD}<item xmlns:wp=\"http://example.com/fake/\"><title>T</title><wp:post_type>page</wp:post_type></item></channel></rss>"
        );
        let v = items(&xml).unwrap();
        assert!(matches!(&v[0], Item::Post(p) if !p.page));
    }

    #[test]
    fn what_is_not_well_formed_is_refused_with_its_line() {
        let cases = [
            (
                format!("{HEAD}<item>\n<title>x</titl>\n</item></channel></rss>"),
                5,
            ),
            (format!("{HEAD}<item>\n<title>x</title>\n"), 6),
            (
                format!("{HEAD}<item>\n<title><![CDATA[a]]> b]]></title></item></channel></rss>"),
                5,
            ),
            (
                format!("{HEAD}<item xmlns:1x=\"u\">\n</item></channel></rss>"),
                4,
            ),
            (
                format!("{HEAD}<item>\n<title>&nbsp;</title></item></channel></rss>"),
                5,
            ),
        ];
        for (xml, line) in cases {
            let e = items(&xml).unwrap_err();
            assert_eq!(e.line, Some(line), "{e}");
            assert!(e.message.starts_with("not well-formed XML"), "{e}");
        }
        let twice = format!("{HEAD}</channel></rss>\n<rss version=\"2.0\"><channel/></rss>");
        assert_eq!(items(&twice).unwrap_err().line, Some(5));
        let after = format!("{HEAD}</channel></rss>\n<![CDATA[x]]>");
        assert_eq!(items(&after).unwrap_err().line, Some(5));
        let e = items("<html><body/></html>").unwrap_err();
        assert!(e.message.contains("not a WordPress export"), "{e}");
    }

    #[test]
    fn what_the_writer_writes_the_reader_reads() {
        let mut w = Writer::start(Vec::new(), "Desk", "https://example.com").unwrap();
        w.author(1, "wren", "Wren Ames").unwrap();
        w.post(&ExportPost {
            id: 1,
            title: "A <b> & c",
            slug: "a-b-c",
            html: "<p>odd ]]> text</p>",
            excerpt: "",
            status: "draft",
            date: None,
            author: "wren",
            category: "Film",
            tags: &["One".to_string()],
            meta: vec![("review.director".into(), "Jane Campion".into())],
        })
        .unwrap();
        let bytes = w.finish().unwrap();
        let v = items(std::str::from_utf8(&bytes).unwrap()).unwrap();
        assert!(
            matches!(&v[0], Item::Author { login, name } if login == "wren" && name == "Wren Ames")
        );
        let Item::Post(p) = &v[1] else { panic!() };
        assert_eq!(p.title, "A <b> & c");
        assert_eq!(p.body, "<p>odd ]]> text</p>");
        assert_eq!(p.status, Status::Draft);
        assert_eq!(p.date, None);
        assert_eq!(p.categories, ["Film"]);
        assert_eq!(p.tags, ["One"]);
    }
}
