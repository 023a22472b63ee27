//! A preview that never goes blank: it keeps the last good render of each view, and when a
//! template breaks it shows that render with the error (file, line, message) above it.

use std::collections::HashMap;

use super::{RenderError, Theme};

pub struct Preview {
    theme: Theme,
    last_good: HashMap<String, String>,
}

/// What the preview shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Shown {
    pub html: String,
    /// The error of this render, if it failed; `html` is then the last good render (marked) or
    /// a page that says what went wrong.
    pub error: Option<String>,
}

impl Preview {
    pub fn new(theme: Theme) -> Preview {
        Preview {
            theme,
            last_good: HashMap::new(),
        }
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// A new theme (the folder changed); the last good renders stay for a broken one to fall back on.
    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
    }

    /// Renders view `key` with `render`, falling back as described above.
    pub fn show(
        &mut self,
        key: &str,
        render: impl FnOnce(&Theme) -> Result<String, RenderError>,
    ) -> Shown {
        match render(&self.theme) {
            Ok(html) => {
                self.last_good.insert(key.to_string(), html.clone());
                Shown { html, error: None }
            }
            Err(e) => {
                let message = e.to_string();
                let html = match self.last_good.get(key) {
                    Some(good) => with_banner(good, &message),
                    None => error_page(&message),
                };
                Shown {
                    html,
                    error: Some(message),
                }
            }
        }
    }
}

fn banner(message: &str) -> String {
    format!(
        "<p class=\"preview-error\" role=\"alert\" style=\"position:sticky;top:0;margin:0;padding:.75rem 1rem;background:#fff3cd;border-bottom:2px solid #c9a227;font:14px/1.4 sans-serif;white-space:pre-wrap\">The theme has an error; showing the last good preview.\n{}</p>",
        super::escape(message)
    )
}

fn with_banner(html: &str, message: &str) -> String {
    // Right after the opening <body ...> tag, so it shows first.
    match html
        .find("<body")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
    {
        Some(at) => format!("{}{}{}", &html[..at], banner(message), &html[at..]),
        None => format!("{}{html}", banner(message)),
    }
}

fn error_page(message: &str) -> String {
    format!("<!doctype html><html><head><meta charset=\"utf-8\"><title>Preview error</title></head><body>{}</body></html>", banner(message).replace("showing the last good preview", "nothing rendered yet"))
}
