//! People of the desk and their roles, with what a role lets a person edit.

use serde::{Deserialize, Serialize};

use super::PersonId;

/// What a person may do on the desk. A person may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Writer,
    CopyEditor,
    Editor,
    SectionEditor,
    Admin,
}

const ROLES: &[(Role, &str)] = &[
    (Role::Writer, "writer"),
    (Role::CopyEditor, "copy_editor"),
    (Role::Editor, "editor"),
    (Role::SectionEditor, "section_editor"),
    (Role::Admin, "admin"),
];

impl Role {
    pub fn as_str(self) -> &'static str {
        ROLES
            .iter()
            .find(|(r, _)| *r == self)
            .map(|(_, n)| *n)
            .unwrap_or("writer")
    }

    /// Accepts `copy_editor` and `copy-editor` alike.
    pub fn parse(s: &str) -> Option<Role> {
        super::parse_name(ROLES, &s.trim().to_ascii_lowercase().replace('-', "_"))
    }

    pub fn names() -> String {
        super::names(ROLES)
    }
}

/// A person of the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The desk's own number for the person (its row).
    pub id: PersonId,
    /// The person's global id (a UUID), the same on every desk that shares one.
    pub gid: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// The sections a section editor edits (data, not code: "Music", "Film", ...).
    pub sections: Vec<String>,
}

impl Person {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Editors and admins edit every section; a section editor edits their own sections.
    pub fn edits_section(&self, section: &str) -> bool {
        self.has(Role::Editor)
            || self.has(Role::Admin)
            || (self.has(Role::SectionEditor)
                && self
                    .sections
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(section)))
    }

    pub fn is_copy_editor(&self) -> bool {
        self.has(Role::CopyEditor)
    }

    /// Whether a new person with this name, these roles and sections would be valid: a
    /// printable name, at least one role, and a section editor's sections. Says what is wrong.
    pub fn check_new(name: &str, roles: &[Role], sections: &[String]) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err("a person's name must be some printable text".into());
        }
        if roles.is_empty() {
            return Err(format!("give at least one role ({})", Role::names()));
        }
        if roles.contains(&Role::SectionEditor) && sections.iter().all(|s| s.trim().is_empty()) {
            return Err("a section editor needs the sections they edit".into());
        }
        Ok(())
    }
}
