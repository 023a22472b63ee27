//! The published site: one page per piece (lists page by page), the front page, a page per
//! section, an Atom feed and a sitemap, written into a folder that any web server (or a browser
//! opening the files) can serve. Links are relative, so the folder works wherever it is put.
//!
//! The build is handed the published pieces one at a time ([`Build`]) and renders their pages in
//! parallel, a batch at a time, so a large desk is never held in memory at once. It never reads
//! the desk: the caller hands it the pieces.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use super::{
    article, depth_root, front, list_page, list_page_path, page_count, piece_path, section_path,
    teaser, PageOptions, RenderError, SiteInfo, TeaserCtx, Theme, Width,
};
use crate::domain::Piece;
use crate::store::StoreError;

/// How many teasers the front page and each section page show.
pub const TEASERS: usize = 30;
/// How many entries the feed carries.
pub const FEED_ENTRIES: usize = 20;
const BATCH: usize = 256;

/// What a build wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildReport {
    /// HTML pages written (articles, list pages, front and section pages).
    pub pages: usize,
    /// All files written, feed, sitemap and stylesheet included.
    pub files: usize,
    pub bytes: u64,
    pub seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("piece {id} (\u{201c}{headline}\u{201d}) did not render: {source}")]
    Render {
        id: String,
        headline: String,
        source: RenderError,
    },
    #[error("the site's {page} did not render: {source}")]
    Page { page: String, source: RenderError },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cancelled: the site folder holds the pages written so far")]
    Cancelled,
}

/// Which article pages to write. Front, section pages, feed and sitemap are always rewritten.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    All,
    Pieces(&'a [String]),
}

struct Writer {
    out: PathBuf,
    files: usize,
    bytes: u64,
}

impl Writer {
    fn write(&mut self, rel: &str, text: &str) -> Result<(), SiteError> {
        let (files, bytes) = write_file(&self.out, rel, text)?;
        self.files += files;
        self.bytes += bytes;
        Ok(())
    }
}

fn write_file(out: &Path, rel: &str, text: &str) -> Result<(usize, u64), SiteError> {
    let path = out.join(rel);
    let io = |source| SiteError::Io {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::write(&path, text).map_err(io)?;
    Ok((1, text.len() as u64))
}

/// The pages of one piece: (path relative to the site root, HTML).
fn piece_pages(
    theme: &Theme,
    site: &SiteInfo,
    p: &Piece,
) -> Result<Vec<(String, String)>, SiteError> {
    let fail = |source| SiteError::Render {
        id: p.id.clone(),
        headline: p.content.headline.clone(),
        source,
    };
    let opts = |path: &str| PageOptions {
        width: Width::Desktop,
        inline_css: false,
        root: depth_root(path),
    };
    match &p.content.list {
        Some(l) => (1..=page_count(l))
            .map(|n| {
                let path = list_page_path(p, n);
                list_page(theme, site, p, n, &opts(&path))
                    .map(|h| (format!("{path}index.html"), h))
                    .map_err(fail)
            })
            .collect(),
        None => {
            let path = piece_path(p);
            Ok(vec![(
                format!("{path}index.html"),
                article(theme, site, p, &opts(&path)).map_err(fail)?,
            )])
        }
    }
}

/// Renders and writes a batch of pieces on every core.
fn write_batch(
    theme: &Theme,
    site: &SiteInfo,
    out: &Path,
    batch: &[Piece],
) -> Result<(usize, usize, u64), SiteError> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(batch.len().max(1));
    let chunk = batch.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = batch
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || -> Result<(usize, usize, u64), SiteError> {
                    let (mut pages, mut files, mut bytes) = (0, 0, 0);
                    for p in part {
                        for (rel, html) in piece_pages(theme, site, p)? {
                            let (f, b) = write_file(out, &rel, &html)?;
                            pages += 1;
                            files += f;
                            bytes += b;
                        }
                    }
                    Ok((pages, files, bytes))
                })
            })
            .collect();
        let mut total = (0, 0, 0);
        for h in handles {
            let (p, f, b) = h.join().expect("a render thread panicked")?;
            total = (total.0 + p, total.1 + f, total.2 + b);
        }
        Ok(total)
    })
}

#[derive(Serialize)]
struct FeedEntry {
    headline: String,
    url: String,
    date_iso: String,
    authors: Vec<String>,
    summary_html: String,
}

/// A build of the site, handed the published pieces one at a time, newest first (so a large
/// desk is never held in memory at once); [`Build::finish`] writes the front page, section
/// pages, feed, sitemap and stylesheet. The renderer never reads the desk itself.
pub struct Build<'a> {
    theme: &'a Theme,
    site: &'a SiteInfo,
    out: &'a Path,
    scope: Scope<'a>,
    total: usize,
    seen: usize,
    started: Instant,
    w: Writer,
    pages: usize,
    front_teasers: Vec<TeaserCtx>,
    sections: BTreeMap<String, Vec<TeaserCtx>>,
    sitemap: String,
    batch: Vec<Piece>,
}

impl<'a> Build<'a> {
    /// A build into `out` of `total` published pieces (for progress).
    pub fn new(
        theme: &'a Theme,
        site: &'a SiteInfo,
        out: &'a Path,
        scope: Scope<'a>,
        total: usize,
    ) -> Build<'a> {
        let mut sitemap = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        sitemap.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            super::escape(&site.url)
        ));
        Build {
            theme,
            site,
            out,
            scope,
            total,
            seen: 0,
            started: Instant::now(),
            w: Writer {
                out: out.to_path_buf(),
                files: 0,
                bytes: 0,
            },
            pages: 0,
            front_teasers: Vec::new(),
            sections: BTreeMap::new(),
            sitemap,
            batch: Vec::with_capacity(BATCH),
        }
    }

    /// Takes the next published piece (newest first). After each batch of pages it tells
    /// `progress` (pieces done, pieces in all), which answers whether to go on.
    pub fn add(
        &mut self,
        p: Piece,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Result<(), SiteError> {
        let site = self.site;
        let lastmod = p.updated_at.format("%Y-%m-%d");
        let n = p.content.list.as_ref().map_or(1, page_count);
        for k in 1..=n {
            let loc = format!("{}{}", site.url, list_page_path(&p, k));
            self.sitemap.push_str(&format!(
                "  <url><loc>{}</loc><lastmod>{lastmod}</lastmod></url>\n",
                super::escape(&loc)
            ));
        }
        let in_section = self.sections.entry(p.content.section.clone()).or_default();
        if in_section.len() < TEASERS || self.front_teasers.len() < TEASERS {
            let t = teaser(&p, site, "");
            if in_section.len() < TEASERS {
                in_section.push(t.clone());
            }
            if self.front_teasers.len() < TEASERS {
                self.front_teasers.push(t);
            }
        }
        let wanted = match self.scope {
            Scope::All => true,
            Scope::Pieces(ids) => ids.contains(&p.id),
        };
        if wanted {
            self.batch.push(p);
        }
        self.seen += 1;
        if self.batch.len() >= BATCH {
            self.flush()?;
            if !progress(self.seen, self.total) {
                return Err(SiteError::Cancelled);
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SiteError> {
        let (pg, f, b) = write_batch(self.theme, self.site, self.out, &self.batch)?;
        self.pages += pg;
        self.w.files += f;
        self.w.bytes += b;
        self.batch.clear();
        Ok(())
    }

    /// Writes the rest: the last batch, the front page, section pages, sitemap, feed and CSS.
    pub fn finish(mut self) -> Result<BuildReport, SiteError> {
        self.flush()?;
        let Build {
            theme,
            site,
            mut w,
            mut pages,
            front_teasers,
            sections,
            mut sitemap,
            started,
            ..
        } = self;
        fn page_err(page: &'static str) -> impl Fn(RenderError) -> SiteError {
            move |source| SiteError::Page {
                page: page.to_string(),
                source,
            }
        }
        let root_opts = PageOptions {
            width: Width::Desktop,
            inline_css: false,
            root: String::new(),
        };
        w.write(
            "index.html",
            &front(theme, site, None, &front_teasers, &root_opts)
                .map_err(page_err("front page"))?,
        )?;
        pages += 1;
        let section_opts = PageOptions {
            root: "../".into(),
            ..root_opts.clone()
        };
        for (name, teasers) in &sections {
            let moved: Vec<TeaserCtx> = teasers
                .iter()
                .map(|t| TeaserCtx {
                    href: format!("../{}", t.href),
                    ..t.clone()
                })
                .collect();
            let html = front(theme, site, Some(name), &moved, &section_opts)
                .map_err(page_err("section page"))?;
            w.write(&format!("{}/index.html", section_path(name)), &html)?;
            pages += 1;
            sitemap.push_str(&format!(
                "  <url><loc>{}{}/</loc></url>\n",
                super::escape(&site.url),
                section_path(name)
            ));
        }
        sitemap.push_str("</urlset>\n");
        w.write("sitemap.xml", &sitemap)?;

        let entries: Vec<FeedEntry> = front_teasers
            .iter()
            .take(FEED_ENTRIES)
            .map(|t| FeedEntry {
                headline: t.headline.clone(),
                url: format!("{}{}", site.url, t.href.trim_end_matches("index.html")),
                date_iso: t.date_iso.clone().unwrap_or_default(),
                authors: t.authors.clone(),
                summary_html: format!("<p>{}</p>{}", t.dek_html, t.excerpt_html),
            })
            .collect();
        let updated = entries
            .first()
            .map(|e| e.date_iso.clone())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let feed = theme
            .render(
                "feed.xml",
                minijinja::context! { site => site, entries => entries, updated => updated },
            )
            .map_err(|e| SiteError::Page {
                page: "feed".into(),
                source: e.into(),
            })?;
        w.write("feed.xml", &feed)?;
        w.write("style.css", theme.css())?;
        Ok(BuildReport {
            pages,
            files: w.files,
            bytes: w.bytes,
            seconds: started.elapsed().as_secs_f64(),
        })
    }
}
