//! The shared desk's files: where each lives in the repository, and the people and settings
//! files (YAML, written deterministically, read with errors that name the file, line and key).
//! Pieces are piece files with their workflow keys (`piece_file::write_piece`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::{Person, Role};
use crate::piece_file::FileError;

/// The folder of piece files, one per piece, named by its id.
pub const PIECES: &str = "pieces";
pub const PEOPLE: &str = "people.yaml";
pub const SETTINGS: &str = "settings.yaml";
/// Says what the repository is, and in which format.
pub const DESK: &str = "desk.yaml";
pub const DESK_TEXT: &str =
    "# A Galley shared desk. Change it through Galley: the server checks every push.\nformat: 1\n";

/// The settings that travel with a shared desk. The rest (the site folder, the theme folder)
/// belong to one machine.
pub const SHARED_SETTINGS: &[&str] = &["zone", "site_name", "footer"];

pub fn piece_path(id: &str) -> String {
    format!("{PIECES}/{id}.md")
}

/// The piece id a path names, if it is a piece file's path.
pub fn piece_id(path: &str) -> Option<&str> {
    let id = path
        .strip_prefix(PIECES)?
        .strip_prefix('/')?
        .strip_suffix(".md")?;
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-')).then_some(id)
}

/// A person as the shared desk lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedPerson {
    pub id: String,
    pub name: String,
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<String>,
}

impl SharedPerson {
    pub fn roles(&self) -> Vec<Role> {
        self.roles.iter().filter_map(|r| Role::parse(r)).collect()
    }
}

impl From<&Person> for SharedPerson {
    fn from(p: &Person) -> SharedPerson {
        SharedPerson {
            id: p.gid.clone(),
            name: p.name.clone(),
            roles: p.roles.iter().map(|r| r.as_str().to_string()).collect(),
            sections: p.sections.clone(),
        }
    }
}

fn fail(file: &str, line: Option<usize>, key: Option<String>, message: String) -> FileError {
    FileError {
        file: file.to_string(),
        line,
        key,
        message,
    }
}

/// Writes the people file: sorted by global id, so one desk always gives the same bytes.
pub fn write_people(people: &[SharedPerson]) -> String {
    let mut sorted: Vec<&SharedPerson> = people.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = String::from("# The desk's people. Only an admin changes this file.\n");
    for p in sorted {
        out.push_str(&format!("- id: {}\n  name: {}\n", p.id, quoted(&p.name)));
        out.push_str(&format!("  roles: [{}]\n", p.roles.join(", ")));
        if !p.sections.is_empty() {
            let s: Vec<String> = p.sections.iter().map(|s| quoted(s)).collect();
            out.push_str(&format!("  sections: [{}]\n", s.join(", ")));
        }
    }
    out
}

/// A YAML double-quoted string: always quoted, so no name is read as something else.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

/// Reads the people file, checking what makes it unusable: an unknown role, a repeated id or
/// name, a name that is not printable text, a section editor without sections.
pub fn read_people(file: &str, text: &str) -> Result<Vec<SharedPerson>, FileError> {
    let people: Vec<SharedPerson> = if text
        .trim()
        .lines()
        .all(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
    {
        Vec::new()
    } else {
        serde_yaml_ng::from_str(text).map_err(|e| {
            fail(
                file,
                e.location().map(|l| l.line()),
                None,
                e.to_string()
                    .split(" at line ")
                    .next()
                    .unwrap_or("")
                    .to_string(),
            )
        })?
    };
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
    let mut ids = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    for (i, p) in people.iter().enumerate() {
        let at = line_of(&format!("id: {}", p.id));
        if p.id.trim().is_empty() || !p.id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(fail(
                file,
                at,
                Some(format!("[{i}].id")),
                format!("`{}` is not a person's global id (a UUID)", p.id),
            ));
        }
        if !ids.insert(p.id.clone()) {
            return Err(fail(
                file,
                at,
                Some(format!("[{i}].id")),
                format!("the id {} is given twice", p.id),
            ));
        }
        if !names.insert(p.name.trim().to_lowercase()) {
            return Err(fail(
                file,
                at,
                Some(format!("[{i}].name")),
                format!("two people are named `{}`", p.name),
            ));
        }
        for r in &p.roles {
            if Role::parse(r).is_none() {
                return Err(fail(
                    file,
                    at,
                    Some(format!("[{i}].roles")),
                    format!("unknown role `{r}` (roles: {})", Role::names()),
                ));
            }
        }
        Person::check_new(&p.name, &p.roles(), &p.sections)
            .map_err(|m| fail(file, at, Some(format!("[{i}]")), format!("{}: {m}", p.name)))?;
    }
    Ok(people)
}

/// Writes the settings file: the shared settings in name order.
pub fn write_settings(settings: &BTreeMap<String, String>) -> String {
    let mut out = String::from("# The desk's settings. Only an admin changes this file.\n");
    for (k, v) in settings {
        if SHARED_SETTINGS.contains(&k.as_str()) {
            out.push_str(&format!("{k}: {}\n", quoted(v)));
        }
    }
    out
}

pub fn read_settings(file: &str, text: &str) -> Result<BTreeMap<String, String>, FileError> {
    let map: BTreeMap<String, String> = if text
        .trim()
        .lines()
        .all(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
    {
        BTreeMap::new()
    } else {
        serde_yaml_ng::from_str(text).map_err(|e| {
            fail(
                file,
                e.location().map(|l| l.line()),
                None,
                e.to_string()
                    .split(" at line ")
                    .next()
                    .unwrap_or("")
                    .to_string(),
            )
        })?
    };
    for (k, v) in &map {
        let at = text
            .lines()
            .position(|l| l.starts_with(&format!("{k}:")))
            .map(|i| i + 1);
        if !SHARED_SETTINGS.contains(&k.as_str()) {
            return Err(fail(
                file,
                at,
                Some(k.clone()),
                format!(
                    "unknown setting `{k}` (settings: {})",
                    SHARED_SETTINGS.join(", ")
                ),
            ));
        }
        if k == "zone" && v.parse::<chrono_tz::Tz>().is_err() {
            return Err(fail(
                file,
                at,
                Some(k.clone()),
                format!("`{v}` is not an IANA time zone such as Europe/London"),
            ));
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_round_trip_and_bad_ones_are_named() {
        let p = vec![SharedPerson {
            id: "0b0c0d0e-0000-4000-8000-000000000001".into(),
            name: "Cora \"CL\" Lee".into(),
            roles: vec!["section_editor".into()],
            sections: vec!["Music".into()],
        }];
        let text = write_people(&p);
        assert_eq!(read_people("people.yaml", &text).unwrap(), p);
        let bad = text.replace("section_editor", "boss");
        let e = read_people("people.yaml", &bad).unwrap_err();
        assert!(e.to_string().contains("unknown role `boss`"), "{e}");
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn settings_refuse_what_is_not_shared() {
        let e = read_settings("settings.yaml", "zone: \"Mars/Olympus\"\n").unwrap_err();
        assert!(e.to_string().contains("not an IANA time zone"), "{e}");
        let e = read_settings("settings.yaml", "site_dir: /tmp\n").unwrap_err();
        assert!(e.to_string().contains("unknown setting `site_dir`"), "{e}");
    }

    #[test]
    fn only_piece_files_name_pieces() {
        assert_eq!(piece_id("pieces/0190-ab.md"), Some("0190-ab"));
        assert_eq!(piece_id("pieces/../x.md"), None);
        assert_eq!(piece_id("people.yaml"), None);
    }
}
