//! An archive's HTML body into the desk's Markdown: WordPress's shortcodes first (`[caption]`
//! becomes the lead image with its caption and credit when it opens the post, a figure
//! elsewhere; `[gallery]`, `[embed]`, `[audio]` and `[video]` become images and links), then its
//! blank-line paragraphs into `<p>`s (as WordPress's `wpautop` shows them), then htmd, a
//! maintained HTML-to-Markdown converter (turndown's rules), for the rest.

use std::collections::BTreeMap;

use super::Attachment;
use crate::domain::Image;

/// Shortcodes turned into HTML; any other bracketed text is left as the writer typed it.
const SHORTCODES: [&str; 8] = [
    "caption",
    "wp_caption",
    "gallery",
    "embed",
    "audio",
    "video",
    "youtube",
    "playlist",
];

pub struct Converter {
    md: htmd::HtmlToMarkdown,
}

impl Default for Converter {
    fn default() -> Self {
        Self::new()
    }
}

impl Converter {
    pub fn new() -> Self {
        Converter {
            md: htmd::HtmlToMarkdown::builder()
                .skip_tags(vec!["script", "style", "iframe", "object", "form"])
                // A line break as a backslash: trailing spaces do not survive editors.
                .options(htmd::options::Options {
                    br_style: htmd::options::BrStyle::Backslash,
                    ..Default::default()
                })
                .build(),
        }
    }

    /// HTML into Markdown.
    pub fn html(&self, html: &str) -> String {
        let md = self.md.convert(html).unwrap_or_else(|_| html.to_string());
        tidy(&md)
    }

    /// A WordPress body into Markdown, with the lead image a `[caption]` opening it gives.
    pub fn wordpress(
        &self,
        body: &str,
        files: &BTreeMap<String, Attachment>,
    ) -> (String, Option<Image>) {
        let (html, lead) = shortcodes(body, files);
        (self.html(&autop(&html)), lead)
    }
}

/// Blank lines and trailing spaces as the desk keeps them: at most one blank line, `\n` endings.
fn tidy(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut blank = 0;
    for line in md.replace("\r\n", "\n").lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The tags that start a block: a chunk starting with one is not wrapped in `<p>`.
const BLOCKS: [&str; 21] = [
    "<p",
    "<div",
    "<h1",
    "<h2",
    "<h3",
    "<h4",
    "<h5",
    "<h6",
    "<ul",
    "<ol",
    "<li",
    "<blockquote",
    "<figure",
    "<table",
    "<pre",
    "<hr",
    "<dl",
    "<section",
    "<address",
    "<!--",
    "<iframe",
];

/// WordPress keeps paragraphs as blank lines in the stored HTML and adds the `<p>`s when it
/// shows a post; the same here, with a single newline inside a paragraph a line break.
pub fn autop(html: &str) -> String {
    let text = html.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len() + 64);
    for chunk in text.split("\n\n") {
        let c = chunk.trim();
        if c.is_empty() {
            continue;
        }
        let lower = c.get(..12.min(c.len())).unwrap_or(c).to_ascii_lowercase();
        if BLOCKS.iter().any(|b| lower.starts_with(b)) {
            out.push_str(c);
        } else {
            out.push_str("<p>");
            out.push_str(&c.replace('\n', "<br>"));
            out.push_str("</p>");
        }
        out.push_str("\n\n");
    }
    out
}

/// One shortcode found in a body: where it is, its name, attributes and enclosed content.
struct Found<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    attrs: Vec<(String, String)>,
    inner: Option<&'a str>,
}

fn attrs_of(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let key_end = rest.find(['=', ' ']).unwrap_or(rest.len());
        let key = rest[..key_end].trim().to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            let (value, after) = match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &r[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let e = r.find(' ').unwrap_or(r.len());
                    (&r[..e], &r[e..])
                }
            };
            out.push((key, value.to_string()));
            rest = after.trim_start();
        } else if !key.is_empty() {
            out.push((key, String::new()));
        } else {
            break;
        }
    }
    out
}

/// The next known shortcode in `s` from `from`.
fn next_shortcode(s: &str, from: usize) -> Option<Found<'_>> {
    let mut at = from;
    while let Some(i) = s[at..].find('[') {
        let start = at + i;
        let rest = &s[start + 1..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        at = start + 1;
        if !SHORTCODES.contains(&name) {
            continue;
        }
        let Some(close) = rest.find(']') else {
            continue;
        };
        let open_end = start + 1 + close + 1;
        let attrs = attrs_of(&rest[name_len..close].trim_end_matches('/'));
        let end_tag = format!("[/{name}]");
        let (end, inner) = match s[open_end..].find(&end_tag) {
            Some(j) => (
                open_end + j + end_tag.len(),
                Some(&s[open_end..open_end + j]),
            ),
            None => (open_end, None),
        };
        return Some(Found {
            start,
            end,
            name,
            attrs,
            inner,
        });
    }
    None
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty())
}

/// The value of `name="..."` in an HTML tag.
fn tag_attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let offset = tag.len() - rest.len() + 1;
        let r = tag[offset..].trim_start();
        let q = r.chars().next()?;
        return if q == '"' || q == '\'' {
            let body = &r[1..];
            Some(unentity(&body[..body.find(q)?]))
        } else {
            Some(r.split([' ', '>', '/']).next()?.to_string())
        };
    }
    None
}

/// Text with its HTML entities decoded (`&#8217;`, `&amp;`, `&hellip;`), trimmed: a title, an
/// excerpt, an attribute's value.
pub fn unentity(s: &str) -> String {
    if !s.contains('&') {
        return s.trim().to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = if let Some(n) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(n, 16).ok().and_then(char::from_u32)
            } else if let Some(n) = name.strip_prefix('#') {
                n.parse().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "hellip" => Some('\u{2026}'),
                    "mdash" => Some('\u{2014}'),
                    "ndash" => Some('\u{2013}'),
                    "rsquo" => Some('\u{2019}'),
                    "lsquo" => Some('\u{2018}'),
                    "rdquo" => Some('\u{201d}'),
                    "ldquo" => Some('\u{201c}'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Text without its tags.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let opens = c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/' || *n == '!');
        match c {
            '<' if opens => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unentity(out.trim())
}

/// A caption's credit, when it ends with one (`Photo: Jane Doe`, `(Credit: AP)`, `© Jane Doe`).
pub fn split_credit(caption: &str) -> (String, Option<String>) {
    let c = caption.trim();
    let trimmed = c.trim_end_matches(')');
    for mark in [
        "Photo: ",
        "Photograph: ",
        "Credit: ",
        "Photo by ",
        "Image: ",
        "\u{a9} ",
    ] {
        if let Some(i) = trimmed.rfind(mark) {
            let credit = trimmed[i + mark.len()..]
                .trim()
                .trim_end_matches('.')
                .to_string();
            let before = trimmed[..i]
                .trim_end()
                .trim_end_matches(['(', '|', '\u{2014}', '-', '/'])
                .trim_end()
                .to_string();
            if !credit.is_empty() {
                return (before, Some(credit));
            }
        }
    }
    (c.to_string(), None)
}

/// The image of a `[caption]`: its address, alt text, caption and credit.
fn caption_image(f: &Found) -> Option<Image> {
    let inner = f.inner?;
    let img_at = inner.to_ascii_lowercase().find("<img")?;
    let img_end = img_at + inner[img_at..].find('>')? + 1;
    let img = &inner[img_at..img_end];
    let src = tag_attr(img, "src")?;
    let alt = tag_attr(img, "alt").filter(|a| !a.trim().is_empty());
    // The caption is the attribute (older WordPress) or the text after the image.
    let after = &inner[img_end..];
    let after = after.find("</a>").map(|i| &after[i + 4..]).unwrap_or(after);
    let text = strip_tags(after);
    let caption = attr(&f.attrs, "caption").map(unentity).unwrap_or(text);
    let (caption, credit) = split_credit(&caption);
    Some(Image {
        src,
        alt,
        caption: Some(caption).filter(|c| !c.is_empty()),
        credit,
    })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn figure(img: &Image) -> String {
    let mut cap = img.caption.clone().unwrap_or_default();
    if let Some(c) = &img.credit {
        if !cap.is_empty() {
            cap.push_str(" ");
        }
        cap.push_str(&format!("({c})"));
    }
    let alt = img.alt.as_deref().unwrap_or(&cap);
    let mut out = format!(
        "\n\n<p><img src=\"{}\" alt=\"{}\"></p>\n\n",
        escape(&img.src),
        escape(alt)
    );
    if !cap.is_empty() {
        out.push_str(&format!("<p><em>{}</em></p>\n\n", escape(&cap)));
    }
    out
}

/// The body with its known shortcodes turned into HTML, and the lead image when a `[caption]`
/// opens the post.
pub fn shortcodes(body: &str, files: &BTreeMap<String, Attachment>) -> (String, Option<Image>) {
    let mut out = String::with_capacity(body.len());
    let mut lead = None;
    let mut at = 0;
    while let Some(f) = next_shortcode(body, at) {
        out.push_str(&body[at..f.start]);
        let opens = out.trim().is_empty();
        match f.name {
            "caption" | "wp_caption" => match caption_image(&f) {
                Some(img) if opens && lead.is_none() => lead = Some(img),
                Some(img) => out.push_str(&figure(&img)),
                None => out.push_str(f.inner.unwrap_or_default()),
            },
            "gallery" => {
                for id in attr(&f.attrs, "ids").unwrap_or_default().split(',') {
                    if let Some(a) = files.get(id.trim()) {
                        let (caption, credit) = match &a.caption {
                            Some(c) => split_credit(c),
                            None => (String::new(), None),
                        };
                        out.push_str(&figure(&Image {
                            src: a.url.clone(),
                            alt: a.alt.clone(),
                            caption: Some(caption).filter(|c| !c.is_empty()),
                            credit,
                        }));
                    }
                }
            }
            _ => {
                // embed, audio, video, youtube, playlist: a link to what was embedded.
                let url = f
                    .inner
                    .map(|s| s.trim().to_string())
                    .filter(|s| s.starts_with("http"))
                    .or_else(|| {
                        ["src", "mp3", "mp4", "url"]
                            .iter()
                            .find_map(|k| attr(&f.attrs, k).map(str::to_string))
                    })
                    .or_else(|| {
                        f.attrs
                            .first()
                            .filter(|(k, v)| v.is_empty() && k.starts_with("http"))
                            .map(|(k, _)| k.clone())
                    });
                if let Some(u) = url {
                    out.push_str(&format!(
                        "\n\n<p><a href=\"{0}\">{0}</a></p>\n\n",
                        escape(&u)
                    ));
                }
            }
        }
        at = f.end;
    }
    out.push_str(&body[at..]);
    (out, lead)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caption_that_opens_the_post_is_its_lead_image_with_caption_and_credit() {
        let body = "[caption id=\"attachment_9\" align=\"alignnone\" width=\"450\"]<a href=\"x\"><img src=\"https://example.com/a.jpg\" alt=\"A poster\" /></a> The poster. Photo: Jane Doe[/caption]Watched it.\n\nTwice.";
        let c = Converter::new();
        let (md, lead) = c.wordpress(body, &BTreeMap::new());
        let lead = lead.unwrap();
        assert_eq!(lead.src, "https://example.com/a.jpg");
        assert_eq!(lead.alt.as_deref(), Some("A poster"));
        assert_eq!(lead.caption.as_deref(), Some("The poster."));
        assert_eq!(lead.credit.as_deref(), Some("Jane Doe"));
        assert_eq!(md, "Watched it.\n\nTwice.\n");
    }

    #[test]
    fn a_caption_inside_the_text_is_a_figure_and_unknown_brackets_stay() {
        let body = "Tom Berenger [Sniper] is in it.\n\n[caption caption=\"Old style\"]<img src=\"https://e.com/b.png\">[/caption]";
        let (md, lead) = Converter::new().wordpress(body, &BTreeMap::new());
        assert!(lead.is_none());
        assert!(
            md.contains("Tom Berenger \\[Sniper\\] is in it.")
                || md.contains("Tom Berenger [Sniper] is in it."),
            "{md}"
        );
        assert!(md.contains("![Old style](https://e.com/b.png)"), "{md}");
        assert!(
            md.contains("*Old style*") || md.contains("_Old style_"),
            "{md}"
        );
    }

    #[test]
    fn paragraphs_are_blank_lines_as_wordpress_shows_them() {
        let md = Converter::new().html(&autop(
            "One\nline two\n\n<strong>Bold</strong> start\n\n<h2>Head</h2>",
        ));
        assert!(
            md.starts_with("One\\\nline two\n\n**Bold** start\n\n## Head"),
            "{md}"
        );
    }
}
