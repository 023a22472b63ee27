//! Previews and the published site, through the one renderer.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::{Desk, Error, ErrorCode, Result};
use crate::domain::Piece;
use crate::render::site::{self, BuildReport, Scope};
use crate::render::{
    self, Link, PageOptions, RenderError, SiteInfo, TemplateError, Theme, View, Width,
};
use crate::store;

/// How many published pieces the front-page preview shows around the piece.
const FRONT_PREVIEW: usize = 20;

impl From<RenderError> for Error {
    fn from(e: RenderError) -> Self {
        let code = match e {
            RenderError::Template(_) => ErrorCode::Render,
            RenderError::NoSuchPage { .. } | RenderError::NotAList => ErrorCode::BadInput,
        };
        Error::new(code, e.to_string())
    }
}

impl From<TemplateError> for Error {
    fn from(e: TemplateError) -> Self {
        Error::new(ErrorCode::Render, e.to_string())
    }
}

impl From<site::SiteError> for Error {
    fn from(e: site::SiteError) -> Self {
        let code = match &e {
            site::SiteError::Io { .. } => ErrorCode::BadInput,
            site::SiteError::Render { .. } | site::SiteError::Page { .. } => ErrorCode::Render,
            site::SiteError::Store(_) => ErrorCode::Storage,
            site::SiteError::Cancelled => ErrorCode::Cancelled,
        };
        Error::new(code, e.to_string())
    }
}

impl Desk {
    /// The site's settings: `site_name`, `site_url`, `site_links` (one `Label | address` a
    /// line; by default a link per section that has published pieces), `footer` (lines), `zone`.
    pub fn site_info(&self) -> Result<SiteInfo> {
        // Read for every preview, so kept until the desk changes: by this connection (its
        // change count) or by another process (SQLite's data_version).
        let key = store::change_counter(&self.conn)?;
        if let Some((k, info)) = self.site_cache.borrow().as_ref() {
            if *k == key {
                return Ok(info.clone());
            }
        }
        let info = self.read_site_info()?;
        *self.site_cache.borrow_mut() = Some((key, info.clone()));
        Ok(info)
    }

    fn read_site_info(&self) -> Result<SiteInfo> {
        let get = |k: &str| -> Result<Option<String>> {
            Ok(store::setting(&self.conn, k)?.filter(|v| !v.trim().is_empty()))
        };
        let mut url = get("site_url")?.unwrap_or_else(|| "https://magazine.example/".into());
        if !url.ends_with('/') {
            url.push('/');
        }
        let links = match get("site_links")? {
            Some(text) => text
                .lines()
                .filter_map(|l| l.split_once('|'))
                .map(|(label, href)| Link {
                    label: label.trim().into(),
                    href: href.trim().into(),
                })
                .collect(),
            None => store::published_sections(&self.conn)?
                .into_iter()
                .map(|s| Link {
                    href: format!("{}/index.html", render::section_path(&s)),
                    label: s,
                })
                .collect(),
        };
        let name = get("site_name")?.unwrap_or_else(|| "Galley".into());
        let footer = match get("footer")? {
            Some(f) => f.lines().map(str::to_string).collect(),
            None => vec![format!("\u{a9} {name}. All rights reserved.")],
        };
        let zone = crate::schedule::parse_zone(&self.zone()?)?;
        Ok(SiteInfo {
            name,
            url,
            links,
            footer,
            zone,
        })
    }

    /// The house theme, with the `theme_dir` setting's folder over it.
    pub fn theme(&self) -> Result<Theme> {
        match store::setting(&self.conn, "theme_dir")?.filter(|d| !d.trim().is_empty()) {
            Some(dir) => Ok(Theme::with_folder(Path::new(dir.trim()))?),
            None => Ok(Theme::embedded()),
        }
    }

    /// Renders `piece` (saved or not: the live preview passes what is being typed) as `view`.
    pub fn render_piece(
        &self,
        theme: &Theme,
        piece: &Piece,
        view: View,
        width: Width,
    ) -> Result<String> {
        let site = self.site_info()?;
        let opts = PageOptions::preview(width);
        Ok(match view {
            View::Article => render::article(theme, &site, piece, &opts)?,
            View::List(n) => render::list_page(theme, &site, piece, n, &opts)?,
            View::Teaser => render::teaser_page(theme, &site, piece, &opts)?,
            View::Front => {
                let mut teasers = vec![render::teaser(piece, &site, "")];
                store::each_published(&self.conn, Some(FRONT_PREVIEW + 1), |p| {
                    if p.id != piece.id && teasers.len() <= FRONT_PREVIEW {
                        teasers.push(render::teaser(&p, &site, ""));
                    }
                    Ok::<(), Error>(())
                })?;
                render::front(theme, &site, None, &teasers, &opts)?
            }
        })
    }

    /// The live preview: `content` (as typed, not yet saved) in place of the stored piece's,
    /// through `preview`, which keeps the last good page if the theme breaks.
    pub fn preview_content(
        &self,
        preview: &mut crate::render::preview::Preview,
        id: &str,
        content: crate::domain::Content,
        view: View,
        width: Width,
    ) -> Result<crate::render::preview::Shown> {
        let mut piece = self.piece(id)?;
        piece.content = content;
        piece.content.tidy();
        let key = format!("{}:{view:?}:{width:?}", piece.id);
        Ok(preview.show(&key, |theme| {
            self.render_piece(theme, &piece, view, width).map_err(|e| {
                RenderError::Template(TemplateError {
                    file: String::new(),
                    line: None,
                    message: e.message,
                })
            })
        }))
    }

    /// The preview of a stored piece with the desk's theme.
    pub fn preview(&self, id: &str, view: View, width: Width) -> Result<String> {
        let piece = self.piece(id)?;
        self.render_piece(&self.theme()?, &piece, view, width)
    }

    /// Writes the whole site (or, with `only`, those pieces' pages and the shared pages).
    pub fn build_site(&self, out: &Path, only: Option<&[String]>) -> Result<BuildReport> {
        self.build_site_with(out, only, &mut |_| true)
    }

    /// [`Desk::build_site`] for the app: `progress` hears how far it has got and answers
    /// whether to go on.
    pub fn build_site_with(
        &self,
        out: &Path,
        only: Option<&[String]>,
        progress: &mut dyn FnMut(super::Progress) -> bool,
    ) -> Result<BuildReport> {
        let theme = self.theme()?;
        let site = self.site_info()?;
        let scope = only.map_or(Scope::All, Scope::Pieces);
        let mut tell = |done, total| {
            progress(super::Progress {
                phase: super::Phase::Rendering,
                done,
                total,
            })
        };
        let total = store::published_count(&self.conn)?;
        let mut build = site::Build::new(&theme, &site, out, scope, total);
        store::each_published(&self.conn, None, |p| build.add(p, &mut tell))?;
        Ok(build.finish()?)
    }

    /// Publishes what is due and, given a site folder, writes the new pages and refreshes the
    /// front page, section pages, feed and sitemap. The publishing stands even if the site
    /// cannot be written: the build's own result says so, and `site build` writes it again.
    pub fn publish_due_to_site(
        &mut self,
        now: DateTime<Utc>,
        site_dir: Option<&Path>,
    ) -> Result<(super::DueReport, Option<Result<BuildReport>>)> {
        let report = self.publish_due(now)?;
        let built = match site_dir {
            Some(dir) if !report.published.is_empty() => {
                let ids: Vec<String> = report.published.iter().map(|p| p.id.clone()).collect();
                Some(self.build_site(dir, Some(&ids)))
            }
            _ => None,
        };
        Ok((report, built))
    }
}
