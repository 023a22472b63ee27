//! Heading anchors: every heading gets an `id` from its text, unique within the page, so a
//! section of a long piece can be linked to.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::domain::slugify;

pub fn add(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { id: None, .. }) = &events[i] else {
            continue;
        };
        let mut text = String::new();
        for e in &events[i + 1..] {
            match e {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
        }
        let base = match slugify(&text) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        };
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        let anchor = if *n == 1 { base } else { format!("{base}-{n}") };
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
            *id = Some(CowStr::from(anchor));
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use super::super::super::markdown::body;

    #[test]
    fn headings_get_unique_ids() {
        let b = body(
            "## The Cast\n\n## The Cast\n\n### Björk's *Homogenic*\n",
            false,
        );
        assert!(
            b.html.contains("<h2 id=\"the-cast\">") && b.html.contains("<h2 id=\"the-cast-2\">"),
            "{}",
            b.html
        );
        assert!(
            b.html.contains("<h3 id=\"bjorks-homogenic\">"),
            "{}",
            b.html
        );
    }
}
