//! Markdown → events → passes → HTML, for bodies, blurbs and one-line fields.

use pulldown_cmark::{html, CowStr, Event, Options, Parser};

use super::passes;
use super::sanitize;

fn options() -> Options {
    Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
}

/// A body rendered: the whole of it and its teaser excerpt, both sanitized.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub html: String,
    pub teaser_html: String,
}

/// Renders a body. `teaser` asks for the teaser excerpt too.
pub fn body(markdown: &str, teaser: bool) -> Body {
    let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    // Raw HTML written by the user is what the sanitizer is for; the passes' own markup is not.
    let raw_html = events.iter().any(
        |e| matches!(e, Event::Html(h) | Event::InlineHtml(h) if !passes::teaser::is_marker(h)),
    );
    let events = passes::links::neutralize(events);
    let (events, teaser_events) = passes::teaser::cut(events, teaser);
    let events = passes::anchors::add(passes::pull_quote::mark(events));
    let finish = |events: Vec<Event>| {
        let mut out = String::with_capacity(markdown.len() + markdown.len() / 4);
        html::push_html(&mut out, events.into_iter());
        if raw_html {
            sanitize::clean(&out)
        } else {
            out
        }
    };
    let teaser_html = teaser_events
        .map(|t| finish(passes::pull_quote::mark(t)))
        .unwrap_or_default();
    Body {
        html: finish(events),
        teaser_html,
    }
}

/// A one-line field (headline, dek, caption) with house typography and inline Markdown, and no
/// raw HTML: tags typed into a headline are shown as text.
pub fn inline(text: &str) -> String {
    let events = Parser::new_ext(text, options())
        .filter(|e| {
            !matches!(
                e,
                Event::Start(pulldown_cmark::Tag::Paragraph)
                    | Event::End(pulldown_cmark::TagEnd::Paragraph)
            )
        })
        .map(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            Event::SoftBreak | Event::HardBreak => Event::Text(CowStr::Borrowed(" ")),
            e => e,
        })
        .collect();
    let events = passes::links::neutralize(events);
    let mut out = String::with_capacity(text.len() + 16);
    html::push_html(&mut out, events.into_iter());
    out.trim_end().to_string()
}

/// The visible text of some HTML: tags dropped, the common entities decoded. For descriptions
/// and feeds, not for display.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_punctuation_footnotes_tables_strikethrough() {
        let b = body("\"Quoted\" -- it's ~~gone~~.[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: A note.\n", false);
        assert!(
            b.html
                .contains("\u{201c}Quoted\u{201d} \u{2013} it\u{2019}s"),
            "{}",
            b.html
        );
        assert!(b.html.contains("<del>gone</del>"), "{}", b.html);
        assert!(
            b.html.contains("<table>") && b.html.contains("footnote-definition"),
            "{}",
            b.html
        );
    }

    #[test]
    fn inline_fields_show_tags_as_text() {
        assert_eq!(
            inline("Soul Searching: 'Never Let Me Go'"),
            "Soul Searching: \u{2018}Never Let Me Go\u{2019}"
        );
        assert_eq!(
            inline("<b>bold</b> *em*"),
            "&lt;b&gt;bold&lt;/b&gt; <em>em</em>"
        );
    }
}
