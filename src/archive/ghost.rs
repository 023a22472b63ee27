//! Ghost's JSON export (Ghost 4 to 6): posts and pages with their bodies in mobiledoc or
//! lexical (the editor's own documents, turned into HTML here and into Markdown by `html`; a
//! markdown card is taken as it is), tags (the first, Ghost's primary tag, is the category a
//! section is chosen for), authors and statuses (draft, scheduled, published, sent).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{ArchiveError, Post, Status, Survey};

/// A Ghost export read: its posts and pages in the file's order, and the survey of them.
pub struct Export {
    pub posts: Vec<Post>,
    pub survey: Survey,
}

fn s(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::String(x)) => x.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn date(v: &Value, k: &str) -> Option<DateTime<Utc>> {
    match v.get(k) {
        Some(Value::String(x)) => DateTime::parse_from_rfc3339(x)
            .ok()
            .map(|d| d.with_timezone(&Utc)),
        // Ghost 0.x and 1.x wrote times as milliseconds.
        Some(Value::Number(n)) => n.as_i64().and_then(DateTime::from_timestamp_millis),
        _ => None,
    }
}

/// Reads a Ghost export. A file that is not JSON names its line; one without posts says so.
pub fn read(bytes: &[u8], file: &str) -> Result<Export, ArchiveError> {
    let err = |line: Option<u64>, message: String| ArchiveError {
        file: file.to_string(),
        line,
        message,
    };
    let root: Value = serde_json::from_slice(bytes)
        .map_err(|e| err(Some(e.line() as u64), format!("not JSON: {e}")))?;
    let db = root.get("db").and_then(|d| d.get(0)).unwrap_or(&root);
    let data = db
        .get("data")
        .filter(|d| d.get("posts").is_some())
        .ok_or_else(|| err(None, "not a Ghost export: no db[0].data.posts".into()))?;
    let list = |k: &str| {
        data.get(k)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };

    let users: HashMap<String, String> = list("users")
        .iter()
        .map(|u| (s(u, "id"), s(u, "name")))
        .collect();
    let tags: HashMap<String, (String, bool)> = list("tags")
        .iter()
        .map(|t| {
            let internal = s(t, "visibility") == "internal" || s(t, "name").starts_with('#');
            (s(t, "id"), (s(t, "name"), internal))
        })
        .collect();
    let sorted = |k: &str, of: &str| {
        let mut m: HashMap<String, Vec<(i64, String)>> = HashMap::new();
        for r in list(k) {
            let order = r.get("sort_order").and_then(Value::as_i64).unwrap_or(0);
            m.entry(s(&r, "post_id"))
                .or_default()
                .push((order, s(&r, of)));
        }
        for v in m.values_mut() {
            v.sort();
        }
        m
    };
    let post_tags = sorted("posts_tags", "tag_id");
    let post_authors = sorted("posts_authors", "author_id");

    let mut survey = Survey::default();
    let mut posts = Vec::new();
    for (i, p) in list("posts").iter().enumerate() {
        let id = s(p, "id");
        let kind = s(p, "type");
        if !(kind.is_empty() || kind == "post" || kind == "page") {
            survey.other += 1;
            continue;
        }
        let (body, markdown) = body_of(p).map_err(|m| {
            err(
                None,
                format!("post {} (\u{201c}{}\u{201d}): {m}", i + 1, s(p, "title")),
            )
        })?;
        let mut authors: Vec<String> = post_authors
            .get(&id)
            .map(|v| {
                v.iter()
                    .filter_map(|(_, a)| users.get(a).cloned())
                    .collect()
            })
            .unwrap_or_default();
        if authors.is_empty() {
            if let Some(a) = users.get(&s(p, "author_id")) {
                authors.push(a.clone());
            }
        }
        let public: Vec<String> = post_tags
            .get(&id)
            .map(|v| {
                v.iter()
                    .filter_map(|(_, t)| tags.get(t))
                    .filter(|(_, internal)| !internal)
                    .map(|(n, _)| n.clone())
                    .collect()
            })
            .unwrap_or_default();
        let status = Status::of_ghost(&s(p, "status"));
        let post = Post {
            line: 0,
            id,
            page: kind == "page",
            title: s(p, "title"),
            slug: s(p, "slug"),
            body,
            markdown,
            excerpt: s(p, "custom_excerpt"),
            date: date(p, "published_at").or_else(|| {
                if status == Status::Draft {
                    None
                } else {
                    date(p, "created_at")
                }
            }),
            status,
            authors,
            categories: public.first().cloned().into_iter().collect(),
            tags: public.iter().skip(1).cloned().collect(),
            meta: Vec::new(),
            image: Some(s(p, "feature_image")).filter(|x| !x.is_empty()),
            thumbnail: None,
        };
        survey.count(&post);
        posts.push(post);
    }
    for name in users.values() {
        survey.authors.insert(name.clone(), name.clone());
    }
    Ok(Export { posts, survey })
}

/// A post's body: its markdown when it is one markdown card, otherwise HTML from its mobiledoc
/// or lexical document, otherwise the HTML Ghost rendered.
fn body_of(p: &Value) -> Result<(String, bool), String> {
    let doc = |k: &str| -> Result<Option<Value>, String> {
        match p.get(k) {
            Some(Value::String(x)) if !x.is_empty() => serde_json::from_str(x)
                .map(Some)
                .map_err(|e| format!("its {k} is not JSON: {e}")),
            _ => Ok(None),
        }
    };
    if let Some(m) = doc("mobiledoc")? {
        let cards = m
            .get("cards")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let sections = m
            .get("sections")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if sections.len() == 1 && cards.len() == 1 && cards[0][0] == "markdown" {
            let md = cards[0][1]
                .get("markdown")
                .or_else(|| {
                    cards[0][1]
                        .get("cardPayload")
                        .and_then(|c| c.get("markdown"))
                })
                .and_then(Value::as_str)
                .unwrap_or_default();
            return Ok((md.to_string(), true));
        }
        let html = mobiledoc_html(&m);
        if !html.trim().is_empty() {
            return Ok((html, false));
        }
    }
    if let Some(l) = doc("lexical")? {
        let mut html = String::new();
        if let Some(children) = l
            .get("root")
            .and_then(|r| r.get("children"))
            .and_then(Value::as_array)
        {
            for c in children {
                lexical_node(c, &mut html);
            }
        }
        if !html.trim().is_empty() {
            return Ok((html, false));
        }
    }
    Ok((s(p, "html"), false))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn card_html(name: &str, payload: &Value, out: &mut String) {
    let get = |k: &str| payload.get(k).and_then(Value::as_str).unwrap_or_default();
    match name {
        "markdown" | "card-markdown" => {
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new(get("markdown")),
            );
            out.push_str(&html);
        }
        "html" | "embed" => out.push_str(get("html")),
        "image" => {
            out.push_str(&format!(
                "<p><img src=\"{}\" alt=\"{}\"></p>",
                esc(get("src")),
                esc(get("alt"))
            ));
            if !get("caption").is_empty() {
                out.push_str(&format!("<p><em>{}</em></p>", get("caption")));
            }
        }
        "hr" | "horizontalrule" => out.push_str("<hr>"),
        "code" | "codeblock" => {
            out.push_str(&format!("<pre><code>{}</code></pre>", esc(get("code"))))
        }
        "bookmark" => {
            let url = get("url");
            let title = payload
                .get("metadata")
                .and_then(|m| m.get("title"))
                .and_then(Value::as_str)
                .unwrap_or(url);
            out.push_str(&format!(
                "<p><a href=\"{}\">{}</a></p>",
                esc(url),
                esc(title)
            ));
        }
        "gallery" => {
            for img in payload
                .get("images")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let src = img.get("src").and_then(Value::as_str).unwrap_or_default();
                out.push_str(&format!("<p><img src=\"{}\"></p>", esc(src)));
            }
        }
        _ => {}
    }
}

/// Mobiledoc 0.3: markup sections of markers, lists, images and cards, as HTML.
fn mobiledoc_html(m: &Value) -> String {
    let empty = Vec::new();
    let arr = |k: &str| m.get(k).and_then(Value::as_array).unwrap_or(&empty);
    let (markups, atoms, cards) = (arr("markups"), arr("atoms"), arr("cards"));
    let markers = |ms: &Value, out: &mut String| {
        let mut open: Vec<String> = Vec::new();
        for mk in ms.as_array().into_iter().flatten() {
            for i in mk[1].as_array().into_iter().flatten() {
                let Some(mu) = i.as_u64().and_then(|i| markups.get(i as usize)) else {
                    continue;
                };
                let tag = mu[0].as_str().unwrap_or("span").to_lowercase();
                let mut attrs = String::new();
                for pair in mu[1]
                    .as_array()
                    .map(|a| a.chunks(2).collect::<Vec<_>>())
                    .unwrap_or_default()
                {
                    if let [k, v] = pair {
                        attrs.push_str(&format!(
                            " {}=\"{}\"",
                            k.as_str().unwrap_or(""),
                            esc(v.as_str().unwrap_or(""))
                        ));
                    }
                }
                out.push_str(&format!("<{tag}{attrs}>"));
                open.push(tag);
            }
            if mk[0] == 1 {
                let atom = mk[3].as_u64().and_then(|i| atoms.get(i as usize));
                match atom {
                    Some(a) if a[0] == "soft-return" => out.push_str("<br>"),
                    Some(a) => out.push_str(&esc(a[1].as_str().unwrap_or_default())),
                    None => {}
                }
            } else {
                out.push_str(&esc(mk[3].as_str().unwrap_or_default()));
            }
            for _ in 0..mk[2].as_u64().unwrap_or(0) {
                if let Some(t) = open.pop() {
                    out.push_str(&format!("</{t}>"));
                }
            }
        }
        while let Some(t) = open.pop() {
            out.push_str(&format!("</{t}>"));
        }
    };
    let mut out = String::new();
    for sec in arr("sections") {
        match sec[0].as_u64() {
            Some(1) => {
                let tag = sec[1].as_str().unwrap_or("p").to_lowercase();
                let tag = if tag == "pull-quote" || tag == "aside" {
                    "blockquote".to_string()
                } else {
                    tag
                };
                out.push_str(&format!("<{tag}>"));
                markers(&sec[2], &mut out);
                out.push_str(&format!("</{tag}>\n"));
            }
            Some(2) => out.push_str(&format!(
                "<p><img src=\"{}\"></p>\n",
                esc(sec[1].as_str().unwrap_or_default())
            )),
            Some(3) => {
                let tag = sec[1].as_str().unwrap_or("ul").to_lowercase();
                out.push_str(&format!("<{tag}>"));
                for item in sec[2].as_array().into_iter().flatten() {
                    out.push_str("<li>");
                    markers(item, &mut out);
                    out.push_str("</li>");
                }
                out.push_str(&format!("</{tag}>\n"));
            }
            Some(10) => {
                if let Some(c) = sec[1].as_u64().and_then(|i| cards.get(i as usize)) {
                    card_html(c[0].as_str().unwrap_or_default(), &c[1], &mut out);
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
    out
}

/// A lexical node (Ghost 5 and 6) as HTML.
fn lexical_node(n: &Value, out: &mut String) {
    let kind = n.get("type").and_then(Value::as_str).unwrap_or_default();
    let kids = |out: &mut String| {
        for c in n
            .get("children")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            lexical_node(c, out);
        }
    };
    let wrap = |tag: &str, out: &mut String| {
        out.push_str(&format!("<{tag}>"));
        kids(out);
        out.push_str(&format!("</{tag}>\n"));
    };
    match kind {
        "paragraph" | "extended-paragraph" => wrap("p", out),
        "heading" | "extended-heading" => {
            let tag = n.get("tag").and_then(Value::as_str).unwrap_or("h2");
            wrap(tag, out)
        }
        "quote" | "extended-quote" | "aside" => wrap("blockquote", out),
        "list" => wrap(
            if n.get("listType").and_then(Value::as_str) == Some("number") {
                "ol"
            } else {
                "ul"
            },
            out,
        ),
        "listitem" => wrap("li", out),
        "link" | "autolink" => {
            let url = n.get("url").and_then(Value::as_str).unwrap_or_default();
            out.push_str(&format!("<a href=\"{}\">", esc(url)));
            kids(out);
            out.push_str("</a>");
        }
        "linebreak" => out.push_str("<br>"),
        "text" | "extended-text" => {
            let f = n.get("format").and_then(Value::as_u64).unwrap_or(0);
            let text = esc(n.get("text").and_then(Value::as_str).unwrap_or_default());
            let tags: Vec<&str> = [(1, "strong"), (2, "em"), (4, "s"), (16, "code")]
                .iter()
                .filter(|(bit, _)| f & bit != 0)
                .map(|(_, t)| *t)
                .collect();
            for t in &tags {
                out.push_str(&format!("<{t}>"));
            }
            out.push_str(&text);
            for t in tags.iter().rev() {
                out.push_str(&format!("</{t}>"));
            }
        }
        "" => kids(out),
        card => {
            card_html(card, n, out);
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiledoc_and_lexical_bodies_become_html() {
        let m: Value = serde_json::from_str(r#"{"version":"0.3.1","atoms":[["soft-return","",{}]],"cards":[["hr",{}]],"markups":[["a",["href","https://e.com"]],["strong"]],"sections":[[1,"h2",[[0,[],0,"Head"]]],[1,"p",[[0,[0],1,"link"],[0,[],0," and "],[0,[1],1,"bold"],[1,[],0,0],[0,[],0,"next"]]],[10,0],[3,"ul",[[[0,[],0,"one"]],[[0,[],0,"two"]]]]]}"#).unwrap();
        assert_eq!(
            mobiledoc_html(&m),
            "<h2>Head</h2>\n<p><a href=\"https://e.com\">link</a> and <strong>bold</strong><br>next</p>\n<hr>\n<ul><li>one</li><li>two</li></ul>\n"
        );
        let l: Value = serde_json::from_str(r#"{"root":{"children":[{"type":"paragraph","children":[{"type":"text","text":"Hi ","format":0},{"type":"text","text":"there","format":3},{"type":"link","url":"https://g.org","children":[{"type":"text","text":"g","format":0}]}]},{"type":"markdown","markdown":"*md*"}]}}"#).unwrap();
        let mut html = String::new();
        for c in l["root"]["children"].as_array().unwrap() {
            lexical_node(c, &mut html);
        }
        assert_eq!(html, "<p>Hi <strong><em>there</em></strong><a href=\"https://g.org\">g</a></p>\n<p><em>md</em></p>\n\n");
    }
}
