//! The safe list for raw HTML in bodies: no script, no style, no frames, no event handlers, no
//! `javascript:` or `data:` addresses. Run only on bodies that hold raw HTML: Markdown alone
//! cannot produce anything unsafe once `passes::links` has checked its addresses.

use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        // Headings keep their anchors, the passes' asides and footnotes keep their classes.
        b.add_generic_attributes(["class", "id"])
            .add_tags([
                "aside",
                "figure",
                "figcaption",
                "details",
                "summary",
                "section",
            ])
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .link_rel(None);
        b
    })
}

pub fn clean(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::super::markdown::body;

    /// Payloads in the spirit of OWASP's XSS filter evasion cheat sheet.
    const PAYLOADS: &[&str] = &[
        "<script>alert('XSS')</script>",
        "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
        "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
        "<IMG SRC=# onmouseover=\"alert('xxs')\">",
        "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
        "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
        "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
        "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
        "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
        "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
        "<iframe src=https://xss.example/scriptlet.html <",
        "<svg/onload=alert('XSS')>",
        "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
        "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
        "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
        "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
        "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://xss.example/scriptlet.html\"></OBJECT>",
        "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=\">click</a>",
        "<form action=\"javascript:alert(1)\"><button>go</button></form>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "![x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ];

    #[test]
    fn known_xss_payloads_are_stripped() {
        for p in PAYLOADS {
            let md = format!("Before.\n\n{p}\n\nAfter *this*.\n");
            let html = body(&md, true).html;
            // Only real tags can do harm: an escaped `&lt;script&gt;` is text on the page.
            let lower = html.to_ascii_lowercase();
            for tag in lower
                .split('<')
                .skip(1)
                .map(|t| t.split('>').next().unwrap_or(""))
            {
                let name = tag
                    .trim_start_matches('/')
                    .split(|c: char| c.is_whitespace() || c == '/')
                    .next()
                    .unwrap_or("");
                for banned in [
                    "script", "iframe", "style", "object", "embed", "form", "meta", "link", "svg",
                    "math", "base",
                ] {
                    assert_ne!(name, banned, "{p}\n  left a <{banned}> in: {html}");
                }
                for scheme in ["javascript:", "data:", "vbscript:"] {
                    assert!(
                        !tag.contains(scheme),
                        "{p}\n  left `{scheme}` in a tag: {html}"
                    );
                }
                assert!(
                    !tag.split_whitespace().skip(1).any(|a| a.starts_with("on")),
                    "{p}\n  left an on* handler in: {html}"
                );
            }
            // The text after a payload survives; as Markdown where the payload closed its HTML
            // block (pulldown-cmark ends a `<script>` block only at a lowercase `</script>`).
            assert!(
                html.contains("After"),
                "{p}\n  the rest of the body survives: {html}"
            );
        }
    }

    #[test]
    fn safe_html_passes() {
        let html = body("<figure><img src=\"/a.jpg\" alt=\"A\"><figcaption>Cap</figcaption></figure>\n\nText <sup>1</sup>\n", false).html;
        assert!(
            html.contains(
                "<figure><img src=\"/a.jpg\" alt=\"A\"><figcaption>Cap</figcaption></figure>"
            ),
            "{html}"
        );
        assert!(html.contains("<sup>1</sup>"), "{html}");
    }
}
