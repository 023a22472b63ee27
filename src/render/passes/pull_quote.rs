//! Pull quotes. The house syntax is a quote inside a quote:
//!
//! ```markdown
//! >> No recent film has found a more striking balance.
//! ```
//!
//! which renders as `<aside class="pull-quote">…</aside>`. Anywhere else (a feed reader, a
//! plain Markdown viewer) it still reads as a quotation.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

pub fn mark(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Some(end) = pull_quote_at(&events, i) {
            out.push(Event::Html(CowStr::Borrowed(
                "<aside class=\"pull-quote\">\n",
            )));
            out.extend_from_slice(&events[i + 2..end - 1]);
            out.push(Event::Html(CowStr::Borrowed("</aside>\n")));
            i = end + 1;
        } else {
            out.push(events[i].clone());
            i += 1;
        }
    }
    out
}

/// If a quote that holds exactly one quote starts at `i`, the index of the outer quote's end.
fn pull_quote_at(events: &[Event], i: usize) -> Option<usize> {
    if !matches!(events.get(i), Some(Event::Start(Tag::BlockQuote(None))))
        || !matches!(events.get(i + 1), Some(Event::Start(Tag::BlockQuote(None))))
    {
        return None;
    }
    let mut depth = 0usize;
    for (j, e) in events.iter().enumerate().skip(i + 1) {
        match e {
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                depth -= 1;
                if depth == 0 {
                    // The inner quote closed: the outer must close right after it.
                    return matches!(
                        events.get(j + 1),
                        Some(Event::End(TagEnd::BlockQuote(None)))
                    )
                    .then_some(j + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::super::markdown::body;

    #[test]
    fn a_quote_in_a_quote_is_pulled() {
        let b = body("Text.\n\n>> Pulled *line*.\n\nMore.\n", false);
        assert!(
            b.html
                .contains("<aside class=\"pull-quote\">\n<p>Pulled <em>line</em>.</p>\n</aside>"),
            "{}",
            b.html
        );
        let plain = body("> Just a quote.\n", false);
        assert!(plain.html.contains("<blockquote>") && !plain.html.contains("pull-quote"));
    }
}
