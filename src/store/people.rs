//! Rows of people: adding one (names unique without case) and finding them by name or id.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{time_text, Result};
use crate::domain::{Person, PersonId, Role};

/// Adds a person with a new global id; the name must be new to the desk (names compare
/// without case).
pub fn add_person(
    tx: &Transaction,
    name: &str,
    roles: &[Role],
    sections: &[String],
    now: DateTime<Utc>,
) -> Result<Person> {
    let gid = uuid::Uuid::new_v4().to_string();
    insert_person(tx, &gid, name, roles, sections, now)
}

fn insert_person(
    tx: &Transaction,
    gid: &str,
    name: &str,
    roles: &[Role],
    sections: &[String],
    now: DateTime<Utc>,
) -> Result<Person> {
    tx.execute(
        "INSERT INTO person (name, created_at) VALUES (?1, ?2)",
        params![name, time_text(now)],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO person_gid (person_id, gid) VALUES (?1, ?2)",
        params![id, gid],
    )?;
    write_roles(tx, id, roles, sections)?;
    Ok(person_by_id(tx, id)?.expect("the person was just written"))
}

fn write_roles(tx: &Transaction, id: PersonId, roles: &[Role], sections: &[String]) -> Result<()> {
    for r in roles {
        tx.execute(
            "INSERT OR IGNORE INTO person_role (person_id, role) VALUES (?1, ?2)",
            params![id, r.as_str()],
        )?;
    }
    for s in sections {
        tx.execute(
            "INSERT OR IGNORE INTO person_section (person_id, section) VALUES (?1, ?2)",
            params![id, s],
        )?;
    }
    Ok(())
}

/// Makes the desk's person with global id `gid` the one given (name, roles, sections), adding
/// them if the desk does not know them: how a shared desk's list of people arrives.
pub fn replace_person(
    tx: &Transaction,
    gid: &str,
    name: &str,
    roles: &[Role],
    sections: &[String],
    now: DateTime<Utc>,
) -> Result<Person> {
    let id: Option<PersonId> = tx
        .query_row(
            "SELECT person_id FROM person_gid WHERE gid = ?1",
            [gid],
            |r| r.get(0),
        )
        .optional()?;
    let Some(id) = id else {
        return insert_person(tx, gid, name, roles, sections, now);
    };
    tx.execute(
        "UPDATE person SET name = ?2 WHERE id = ?1",
        params![id, name],
    )?;
    tx.execute("DELETE FROM person_role WHERE person_id = ?1", [id])?;
    tx.execute("DELETE FROM person_section WHERE person_id = ?1", [id])?;
    write_roles(tx, id, roles, sections)?;
    Ok(person_by_id(tx, id)?.expect("the person was just written"))
}

pub fn person_by_name(conn: &Connection, name: &str) -> Result<Option<Person>> {
    let id: Option<PersonId> = conn
        .query_row(
            "SELECT id FROM person WHERE name = ?1",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => person_by_id(conn, id),
        None => Ok(None),
    }
}

/// The person whose global id (the shared desk's) is `gid`.
pub fn person_by_gid(conn: &Connection, gid: &str) -> Result<Option<Person>> {
    let id: Option<PersonId> = conn
        .query_row(
            "SELECT person_id FROM person_gid WHERE gid = ?1",
            [gid],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => person_by_id(conn, id),
        None => Ok(None),
    }
}

pub fn person_by_id(conn: &Connection, id: PersonId) -> Result<Option<Person>> {
    let row: Option<(String, Option<String>)> = conn
        .prepare_cached(
            "SELECT name, gid FROM person LEFT JOIN person_gid ON person_gid.person_id = person.id
             WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((name, gid)) = row else {
        return Ok(None);
    };
    let mut st =
        conn.prepare_cached("SELECT role FROM person_role WHERE person_id = ?1 ORDER BY role")?;
    let mut roles: Vec<Role> = st
        .query_map([id], |r| r.get::<_, String>(0))?
        .filter_map(|r| r.ok().and_then(|s| Role::parse(&s)))
        .collect();
    roles.sort();
    let mut st = conn.prepare_cached(
        "SELECT section FROM person_section WHERE person_id = ?1 ORDER BY section",
    )?;
    let sections = st
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(Some(Person {
        id,
        gid: gid.unwrap_or_default(),
        name,
        roles,
        sections,
    }))
}

pub fn all_people(conn: &Connection) -> Result<Vec<Person>> {
    let mut st = conn.prepare("SELECT id FROM person ORDER BY name")?;
    let ids = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<PersonId>>>()?;
    ids.into_iter()
        .map(|id| Ok(person_by_id(conn, id)?.expect("listed just now")))
        .collect()
}

/// The names of the given people, in their order.
pub fn person_names(conn: &Connection, ids: &[PersonId]) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached("SELECT name FROM person WHERE id = ?1")?;
    ids.iter()
        .map(|id| Ok(st.query_row([id], |r| r.get(0))?))
        .collect()
}
