//! The teaser cut: everything before `<!--more-->`, else the first paragraph.
//!
//! The marker itself never reaches the page.

use pulldown_cmark::{Event, Tag, TagEnd};

pub fn is_marker(html: &str) -> bool {
    html.trim() == "<!--more-->"
}

/// The body without the marker, and (when asked) the teaser's events with every tag closed.
pub fn cut(events: Vec<Event<'_>>, want: bool) -> (Vec<Event<'_>>, Option<Vec<Event<'_>>>) {
    let marker = events
        .iter()
        .position(|e| matches!(e, Event::Html(h) | Event::InlineHtml(h) if is_marker(h)));
    // A footnote's note is not on the card, so its reference goes too.
    let teaser = want.then(|| {
        let t = match marker {
            Some(i) => closed(&events[..i]),
            None => first_paragraph(&events),
        };
        t.into_iter()
            .filter(|e| !matches!(e, Event::FootnoteReference(_)))
            .collect()
    });
    let body = match marker {
        Some(_) => events
            .into_iter()
            .filter(|e| !matches!(e, Event::Html(h) | Event::InlineHtml(h) if is_marker(h)))
            .collect(),
        None => events,
    };
    (body, teaser)
}

/// `events` with the tags still open at its end closed, innermost first.
fn closed<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    let mut out = events.to_vec();
    let mut open: Vec<TagEnd> = Vec::new();
    for e in events {
        match e {
            Event::Start(t) => open.push(t.to_end()),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
    }
    out.extend(open.into_iter().rev().map(Event::End));
    out
}

fn first_paragraph<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    let mut depth = 0usize;
    let mut start = None;
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                start = Some(i);
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Paragraph) if depth == 1 && start.is_some() => {
                return events[start.unwrap_or(0)..=i].to_vec();
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::super::markdown::body;

    #[test]
    fn marker_cuts_and_vanishes() {
        let b = body("One.\n\nTwo.\n\n<!--more-->\n\nThree.\n", true);
        assert_eq!(b.teaser_html, "<p>One.</p>\n<p>Two.</p>\n");
        assert!(!b.html.contains("more"), "{}", b.html);
        assert!(b.html.contains("Three."));
    }

    #[test]
    fn without_marker_the_first_paragraph() {
        let b = body("## Heading\n\nFirst *para*.\n\nSecond.\n", true);
        assert_eq!(b.teaser_html, "<p>First <em>para</em>.</p>\n");
    }

    #[test]
    fn an_inline_marker_closes_open_tags() {
        let b = body("Start of *it <!--more--> rest*.\n", true);
        assert_eq!(b.teaser_html, "<p>Start of <em>it </em></p>\n");
    }
}
