//! The house theme: minijinja templates and CSS embedded in the binary, overridden file by file
//! by a theme folder (the desk's `theme_dir` setting).
//!
//! A folder file named like an embedded one replaces it; nothing else in the folder is read.
//! A template that fails gives a [`TemplateError`] naming the file and line.

use std::path::{Path, PathBuf};

use minijinja::Environment;
use serde::Serialize;

/// The embedded theme, file by file.
pub const FILES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../theme/base.html")),
    ("macros.html", include_str!("../../theme/macros.html")),
    ("article.html", include_str!("../../theme/article.html")),
    ("list.html", include_str!("../../theme/list.html")),
    ("teaser.html", include_str!("../../theme/teaser.html")),
    ("front.html", include_str!("../../theme/front.html")),
    ("feed.xml", include_str!("../../theme/feed.xml")),
    ("style.css", include_str!("../../theme/style.css")),
];

/// A template that would not load or render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct TemplateError {
    /// The theme file: a path in the theme folder, or `(built-in) NAME`.
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

pub struct Theme {
    env: Environment<'static>,
    folder: Option<PathBuf>,
    css: String,
}

impl Theme {
    /// The embedded theme alone.
    pub fn embedded() -> Theme {
        Theme::build(None)
    }

    /// The embedded theme with `folder`'s files over it. A missing folder is an error: a setting
    /// that names one should not be ignored quietly.
    pub fn with_folder(folder: &Path) -> Result<Theme, TemplateError> {
        if !folder.is_dir() {
            return Err(TemplateError {
                file: folder.display().to_string(),
                line: None,
                message: "the theme folder does not exist".into(),
            });
        }
        Ok(Theme::build(Some(folder.to_path_buf())))
    }

    fn build(folder: Option<PathBuf>) -> Theme {
        let mut env = Environment::new();
        let dir = folder.clone();
        env.set_loader(move |name| {
            if let Some(text) = dir
                .as_ref()
                .and_then(|d| std::fs::read_to_string(d.join(name)).ok())
            {
                return Ok(Some(text));
            }
            Ok(FILES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.to_string()))
        });
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xml") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        // HTML escaping as the house needs it (`render::escape`): addresses keep their slashes.
        env.set_formatter(|out, state, value| {
            if state.auto_escape() == minijinja::AutoEscape::None
                || value.is_safe()
                || value.is_undefined()
                || value.is_none()
            {
                return minijinja::escape_formatter(out, state, value);
            }
            let escaped = super::escape(&value.to_string());
            out.write_str(&escaped).map_err(|e| {
                minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string())
            })
        });
        let css = folder
            .as_ref()
            .and_then(|d| std::fs::read_to_string(d.join("style.css")).ok())
            .unwrap_or_else(|| {
                FILES
                    .iter()
                    .find(|(n, _)| *n == "style.css")
                    .map(|(_, t)| t.to_string())
                    .unwrap_or_default()
            });
        Theme { env, folder, css }
    }

    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    pub fn css(&self) -> &str {
        &self.css
    }

    /// Renders template `name` with `ctx`.
    pub fn render<S: Serialize>(&self, name: &str, ctx: S) -> Result<String, TemplateError> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| self.error(name, &e))?;
        tmpl.render(ctx).map_err(|e| self.error(name, &e))
    }

    /// Says where an error is: the innermost template named by minijinja, in the folder if the
    /// folder has that file.
    fn error(&self, name: &str, e: &minijinja::Error) -> TemplateError {
        let file_name = e.name().unwrap_or(name);
        let file = match &self.folder {
            Some(d) if d.join(file_name).is_file() => d.join(file_name).display().to_string(),
            _ => format!("(built-in) {file_name}"),
        };
        let message = match e.detail() {
            Some(d) => format!("{}: {d}", e.kind()),
            None => e.kind().to_string(),
        };
        TemplateError {
            file,
            line: e.line(),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_file_overrides_its_namesake_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("teaser.html"), "custom {{ x }}").unwrap();
        std::fs::write(dir.path().join("style.css"), "body{}").unwrap();
        let t = Theme::with_folder(dir.path()).unwrap();
        assert_eq!(
            t.render("teaser.html", minijinja::context! { x => "<b>" })
                .unwrap(),
            "custom &lt;b&gt;"
        );
        assert_eq!(t.css(), "body{}");
        assert!(Theme::with_folder(&dir.path().join("nope")).is_err());
    }

    #[test]
    fn a_broken_template_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("front.html"),
            "line one\nline two\n{% if %}\n",
        )
        .unwrap();
        let e = Theme::with_folder(dir.path())
            .unwrap()
            .render("front.html", minijinja::context! {})
            .unwrap_err();
        assert!(
            e.file.ends_with("front.html") && !e.file.starts_with("(built-in)"),
            "{e}"
        );
        assert_eq!(e.line, Some(3), "{e}");
    }
}
