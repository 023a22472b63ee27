//! Link and image addresses: only web, mail and relative addresses pass. A `javascript:`,
//! `data:` or other scheme in a Markdown link or image loses the link (its text stays).

use pulldown_cmark::{Event, Tag, TagEnd};

const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Is `url` a web, mail or relative address?
pub fn is_safe(url: &str) -> bool {
    // Browsers ignore control characters and spaces inside a scheme (`java\tscript:`), so we do too.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned.as_bytes()[i] == b':' => SAFE_SCHEMES.contains(&&cleaned[..i]),
        _ => true,
    }
}

pub fn neutralize(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut dropped: Vec<bool> = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        match &e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let bad = !is_safe(dest_url);
                dropped.push(bad);
                if bad {
                    continue;
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) if dropped.pop().unwrap_or(false) => {
                continue;
            }
            _ => {}
        }
        out.push(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        for ok in [
            "https://x.org",
            "/film/heat/",
            "#notes",
            "mailto:ed@x.org",
            "page.html",
            "a/b:c",
        ] {
            assert!(is_safe(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "java\tscript:x",
            " javascript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(!is_safe(bad), "{bad}");
        }
    }
}
