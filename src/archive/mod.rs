//! Archives in and out, pure: a WordPress export (WXR 1.0 to 1.2, read as a stream of XML
//! events by `wxr`) and a Ghost export (`ghost`) read into [`Post`]s, their HTML bodies turned
//! into Markdown (`html`); a desk's pieces written as WXR (`wxr::Writer`) and the calendar as
//! ICS (`ics`). What a post becomes on the desk (section, stage, people) is decided in
//! `api::archive`; nothing here reads the desk or the clock.

pub mod ghost;
pub mod html;
pub mod ics;
pub mod wxr;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Where an archive comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Wordpress,
    Ghost,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Wordpress => "WordPress export",
            Source::Ghost => "Ghost export",
        })
    }
}

/// A post's status in the archive, in the archive's own words mapped to what they mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// `publish` (WordPress), `published` or `sent` (Ghost): out, at its date.
    Published,
    /// `future` (WordPress), `scheduled` (Ghost).
    Scheduled,
    /// `pending` (WordPress): waiting for review, the copy desk's.
    Pending,
    /// `draft`, `auto-draft`, `private` and anything else not out.
    Draft,
    /// `trash`: skipped and counted.
    Trash,
}

impl Status {
    pub fn of_wordpress(s: &str) -> Status {
        match s.trim() {
            "publish" => Status::Published,
            "future" => Status::Scheduled,
            "pending" => Status::Pending,
            "trash" => Status::Trash,
            _ => Status::Draft,
        }
    }

    pub fn of_ghost(s: &str) -> Status {
        match s.trim() {
            "published" | "sent" => Status::Published,
            "scheduled" => Status::Scheduled,
            _ => Status::Draft,
        }
    }
}

/// A post or a page of an archive, as the archive has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// The line of the file where the post starts (WXR), for messages; 0 when unknown.
    pub line: u64,
    pub id: String,
    pub page: bool,
    pub title: String,
    pub slug: String,
    /// The body: HTML (WordPress's, with its shortcodes and blank-line paragraphs) unless
    /// `markdown` says it is Markdown already.
    pub body: String,
    pub markdown: bool,
    pub excerpt: String,
    pub status: Status,
    /// The publication (or scheduled) time in UTC, when the archive gives one.
    pub date: Option<DateTime<Utc>>,
    /// Author logins or names, as the archive names them ([`Survey::authors`] maps them).
    pub authors: Vec<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub meta: Vec<(String, String)>,
    /// The post's featured image address, when the archive gives one.
    pub image: Option<String>,
    /// WordPress's `_thumbnail_id`: the attachment that is the post's featured image.
    pub thumbnail: Option<String>,
}

/// What a first pass over an archive finds: the counts the file gives, the categories and
/// authors to map, and the attachments posts refer to. A file that is not well formed fails
/// here, before anything is written.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
#[ts(rename = "ArchiveSurvey")]
pub struct Survey {
    pub posts: usize,
    pub pages: usize,
    pub attachments: usize,
    /// Posts and pages in the trash: skipped.
    pub trashed: usize,
    /// Items of other types (menu items, custom post types, revisions): skipped.
    pub other: usize,
    /// Categories (WordPress) or primary tags (Ghost) with how many posts and pages have each.
    pub categories: Vec<ArchiveCategory>,
    /// Each author's login and the name the desk will know them by.
    #[ts(skip)]
    #[serde(skip)]
    pub authors: BTreeMap<String, String>,
    /// Attachment id → its address and caption.
    #[ts(skip)]
    #[serde(skip)]
    pub files: BTreeMap<String, Attachment>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ArchiveCategory {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Attachment {
    pub url: String,
    pub caption: Option<String>,
    pub alt: Option<String>,
}

impl Survey {
    fn count_category(&mut self, name: &str) {
        match self.categories.iter_mut().find(|c| c.name == name) {
            Some(c) => c.count += 1,
            None => self.categories.push(ArchiveCategory {
                name: name.to_string(),
                count: 1,
            }),
        }
    }

    /// Counts a post or a page into the survey.
    fn count(&mut self, p: &Post) {
        if p.status == Status::Trash {
            self.trashed += 1;
            return;
        }
        if p.page {
            self.pages += 1;
        } else {
            self.posts += 1;
        }
        for c in &p.categories {
            self.count_category(c);
        }
    }
}

/// A file that cannot be read as an archive: its name, the line, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveError {
    pub file: String,
    pub line: Option<u64>,
    pub message: String,
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ArchiveError {}
