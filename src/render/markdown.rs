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

/// The teaser excerpt alone. Only the start of the body is parsed: up to `<!--more-->`, else
/// up to the end of its first paragraph, so a card costs the same for a long piece as a short one.
pub fn teaser(markdown: &str) -> String {
    body(teaser_source(markdown), true).teaser_html
}

/// The part of `markdown` the teaser comes from. Falls back to the whole body where a prefix
/// could read differently (reference links, footnotes, code fences open across the cut).
fn teaser_source(markdown: &str) -> &str {
    let risky = |head: &str, rest: &str| {
        head.contains("][")
            || head.contains("[^")
            || head.contains("```")
            || head.contains("~~~")
            || rest.contains("]:")
    };
    if let Some(i) = markdown.find("<!--more-->") {
        return if risky(&markdown[..i], &markdown[i..]) {
            markdown
        } else {
            &markdown[..i]
        };
    }
    let mut offset = 0;
    let mut seen_text = false;
    for line in markdown.split_inclusive('\n') {
        let t = line.trim();
        if t.is_empty() && seen_text {
            let head = &markdown[..offset];
            return if risky(head, &markdown[offset..]) {
                markdown
            } else {
                head
            };
        }
        // Headings, quotes, lists, tables and HTML come before the first paragraph or are not one.
        let block = t.starts_with(['#', '>', '-', '*', '+', '|', '<', '`', '~'])
            || t.split_once(". ")
                .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()));
        if !t.is_empty() && !block {
            seen_text = true;
        }
        offset += line.len();
    }
    markdown
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
    fn the_teaser_reads_only_the_start_but_matches_the_whole() {
        for md in [
            "# Title\n\nFirst *para* here.\nStill first.\n\nSecond.\n",
            "> quote\n\n- list\n\n1. one\n\nThe para.\n\nNext.\n",
            "Uses a [ref][r].\n\nMore.\n\n[r]: https://x.org\n",
            "Note.[^1]\n\n[^1]: Foot.\n",
            "Only one paragraph, no blank line",
        ] {
            assert_eq!(teaser(md), body(md, true).teaser_html, "{md:?}");
        }
        assert_eq!(teaser_source("One.\n\nTwo.\n"), "One.\n");
        assert_eq!(
            teaser("Short <!--more--> rest.\n"),
            "<p>Short</p>\n",
            "an inline cut ends the paragraph"
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
