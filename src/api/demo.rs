//! The demo desk: a small magazine with pieces in every stage, for a first look at Galley.
//! The pieces are our own writing (with real titles, names and dates), embedded in the binary.

use chrono::{DateTime, Duration, Utc};

use super::{Desk, ImportMode, Result};
use crate::domain::{Role, Stage};
use crate::store;

const PUBLISHED: &[(&str, &str)] = &[
    ("heat.md", include_str!("../../demo/heat.md")),
    ("homogenic.md", include_str!("../../demo/homogenic.md")),
    ("hamlet.md", include_str!("../../demo/hamlet.md")),
];

const DRAFTS: &[(&str, &str)] = &[
    ("ishiguro.md", include_str!("../../demo/ishiguro.md")),
    ("the-wire.md", include_str!("../../demo/the-wire.md")),
    ("outer-wilds.md", include_str!("../../demo/outer-wilds.md")),
    ("remains.md", include_str!("../../demo/remains.md")),
    ("songs-1997.md", include_str!("../../demo/songs-1997.md")),
    ("past-lives.md", include_str!("../../demo/past-lives.md")),
    ("cassettes.md", include_str!("../../demo/cassettes.md")),
];

impl Desk {
    /// Fills an empty desk with the demo magazine. Does nothing to a desk that has pieces.
    /// Returns whether it seeded anything.
    pub fn seed_demo(&mut self, now: DateTime<Utc>) -> Result<bool> {
        if store::piece_count(&self.conn)? > 0 {
            return Ok(false);
        }
        let people: [(&str, &[Role], &[&str]); 4] = [
            ("Ed Marsh", &[Role::Editor, Role::Admin], &[]),
            ("Cora Lind", &[Role::CopyEditor], &[]),
            ("Wren Adair", &[Role::Writer], &[]),
            (
                "Sam Ortiz",
                &[Role::SectionEditor, Role::Writer],
                &["Music"],
            ),
        ];
        for (name, roles, sections) in people {
            if store::person_by_name(&self.conn, name)?.is_none() {
                let sections: Vec<String> = sections.iter().map(|s| s.to_string()).collect();
                let tx = store::write(&mut self.conn)?;
                store::add_person(&tx, name, roles, &sections, now)?;
                tx.commit()?;
            }
        }
        let tx = store::write(&mut self.conn)?;
        store::set_setting(&tx, "site_name", "The Galley Review")?;
        store::set_setting(&tx, "footer", "\u{a9} The Galley Review. Reviews, lists and features.\nA demo desk: every piece here was written for Galley.")?;
        tx.commit()?;
        let files = |set: &[(&str, &str)]| {
            set.iter()
                .map(|(n, t)| (format!("demo/{n}"), t.as_bytes().to_vec()))
                .collect()
        };
        self.import("Ed Marsh", files(PUBLISHED), ImportMode::Archive, now)?;
        let drafts = self.import("Ed Marsh", files(DRAFTS), ImportMode::Drafts, now)?;
        let id = |file: &str| {
            drafts
                .pieces
                .iter()
                .find(|p| p.file.ends_with(file))
                .map(|p| p.id.clone())
                .unwrap_or_default()
        };
        let zone = self.zone()?;
        let day =
            |d: i64, hm: &str| format!("{} {hm}", (now + Duration::days(d)).format("%Y-%m-%d"));

        // Two pieces on the calendar, one with the copy desk, one killed; the rest are drafts.
        for (file, writer) in [
            ("ishiguro.md", "Wren Adair"),
            ("the-wire.md", "Wren Adair"),
            ("outer-wilds.md", "Sam Ortiz"),
        ] {
            self.move_piece(writer, &id(file), Stage::Copyedit, None, now)?;
        }
        self.schedule(
            "Ed Marsh",
            &id("ishiguro.md"),
            &day(1, "09:00"),
            Some(&zone),
            now,
        )?;
        self.schedule(
            "Ed Marsh",
            &id("the-wire.md"),
            &day(3, "18:00"),
            Some(&zone),
            now,
        )?;
        self.move_piece(
            "Ed Marsh",
            &id("cassettes.md"),
            Stage::Spiked,
            Some("We ran a tape story in the spring."),
            now,
        )?;
        Ok(true)
    }
}
