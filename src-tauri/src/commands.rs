//! The commands the UI calls. Each is a one-line adapter into `galley::api`: it takes the
//! session's lock, reads the clock (the shell is an edge), and passes the error through as
//! `{code, message}`. No rules live here.
//!
//! Commands run off the window's thread (`async`), so a save waiting on the disk never holds up
//! input or painting. The live preview is the exception: it runs on the window's thread, which
//! answers soonest, and reads through its own connection, so it never waits for a save either.

use chrono::{DateTime, Utc};
use galley::api::{
    Board, CalendarItem, DiffRun, DueReport, Error, ErrorCode, History, Hit, ImportMode,
    ImportReport, MoveOutcome, NewPiece, OfferedMove, SaveOutcome, ScheduleOutcome,
};
use galley::domain::{Content, Person, Piece, Role, Stage};
use galley::render::preview::Shown;
use galley::render::site::BuildReport;
use galley::render::{View, Width};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use galley::api::Progress;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use crate::Session;

type Result<T> = std::result::Result<T, Error>;

fn now() -> DateTime<Utc> {
    Utc::now()
}

impl Session {
    /// A running task's "go on" flag; `cancel_task` clears it.
    fn start_task(&self, task: u32) -> Arc<AtomicBool> {
        let go = Arc::new(AtomicBool::new(true));
        self.tasks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(task, go.clone());
        go
    }

    fn end_task(&self, task: u32) {
        self.tasks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&task);
    }

    fn cancel_task(&self, task: u32) {
        if let Some(go) = self
            .tasks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&task)
        {
            go.store(false, Ordering::Relaxed);
        }
    }

    fn desk(&self) -> std::sync::MutexGuard<'_, galley::api::Desk> {
        self.desk.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The live preview's own connection: it only reads, so a save committing on the desk's
    /// connection never holds up a keystroke's preview.
    fn reader(&self) -> std::sync::MutexGuard<'_, galley::api::Desk> {
        self.reader.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The person at the desk; every change is made as them.
    fn actor(&self) -> Result<String> {
        self.actor
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| Error::new(ErrorCode::BadInput, "choose who you are first"))
    }
}

/// What the window needs to start: the desk file, its people, and who is signed in.
#[derive(Serialize)]
pub struct AppInfo {
    db_path: String,
    zone: String,
    people: Vec<Person>,
    actor: Option<String>,
    pieces: i64,
}

#[tauri::command(async)]
fn app_info(s: State<Session>) -> Result<AppInfo> {
    let desk = s.desk();
    Ok(AppInfo {
        db_path: s.db_path.display().to_string(),
        zone: desk.zone()?,
        people: desk.people()?,
        actor: s.actor.lock().unwrap_or_else(|p| p.into_inner()).clone(),
        pieces: desk.board()?.columns.iter().map(|c| c.total as i64).sum(),
    })
}

#[tauri::command(async)]
fn sign_in(s: State<Session>, name: String) -> Result<Person> {
    let person = s.desk().person(&name)?;
    *s.actor.lock().unwrap_or_else(|p| p.into_inner()) = Some(person.name.clone());
    Ok(person)
}

#[tauri::command(async)]
fn person_add(
    s: State<Session>,
    name: String,
    roles: Vec<Role>,
    sections: Vec<String>,
) -> Result<Person> {
    let actor = s.actor.lock().unwrap_or_else(|p| p.into_inner()).clone();
    s.desk()
        .add_person(actor.as_deref(), &name, &roles, &sections, now())
}

#[tauri::command(async)]
fn demo_seed(s: State<Session>) -> Result<bool> {
    s.desk().seed_demo(now())
}

#[tauri::command(async)]
fn board(s: State<Session>) -> Result<Board> {
    s.desk().board()
}

#[tauri::command(async)]
fn search(s: State<Session>, query: String, limit: usize) -> Result<Vec<Hit>> {
    s.desk().search(&query, limit)
}

#[tauri::command(async)]
fn piece_get(s: State<Session>, id: String) -> Result<Piece> {
    s.desk().piece(&id)
}

#[tauri::command(async)]
fn piece_new(s: State<Session>, new: NewPiece) -> Result<Piece> {
    s.desk().new_piece(&s.actor()?, new, now())
}

#[tauri::command(async)]
fn piece_save(
    s: State<Session>,
    id: String,
    content: Content,
    base: i64,
    note: Option<String>,
) -> Result<SaveOutcome> {
    s.desk().save(
        &s.actor()?,
        &id,
        content,
        Some(base),
        note.as_deref(),
        now(),
    )
}

#[tauri::command]
fn preview(
    s: State<Session>,
    id: String,
    content: Content,
    view: View,
    width: Width,
) -> Result<Shown> {
    s.reader().preview_content(
        &mut s.preview.lock().unwrap_or_else(|p| p.into_inner()),
        &id,
        content,
        view,
        width,
    )
}

#[tauri::command(async)]
fn moves_offered(s: State<Session>, id: String) -> Result<Vec<OfferedMove>> {
    s.desk().offered_moves(&s.actor()?, &id)
}

#[tauri::command(async)]
fn piece_move(
    s: State<Session>,
    id: String,
    to: Stage,
    note: Option<String>,
) -> Result<MoveOutcome> {
    s.desk()
        .move_piece(&s.actor()?, &id, to, note.as_deref(), now())
}

#[tauri::command(async)]
fn piece_schedule(
    s: State<Session>,
    id: String,
    wall: String,
    zone: String,
) -> Result<ScheduleOutcome> {
    s.desk()
        .schedule(&s.actor()?, &id, &wall, Some(&zone), now())
}

#[tauri::command(async)]
fn calendar(
    s: State<Session>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<CalendarItem>> {
    s.desk().calendar(from, to)
}

#[tauri::command(async)]
fn history(s: State<Session>, id: String) -> Result<History> {
    s.desk().history(&id)
}

#[tauri::command(async)]
fn diff_words(s: State<Session>, id: String, a: i64, b: i64) -> Result<Vec<DiffRun>> {
    s.desk().diff_words(&id, a, b)
}

#[tauri::command(async)]
fn restore_revision(s: State<Session>, id: String, number: i64, base: i64) -> Result<SaveOutcome> {
    s.desk()
        .restore_revision(&s.actor()?, &id, number, base, now())
}

#[tauri::command(async)]
fn publish_due(s: State<Session>, at: Option<DateTime<Utc>>) -> Result<DueReport> {
    s.desk().publish_due(at.unwrap_or_else(now))
}

/// Long work runs off the main thread, reports on `on_progress`, and stops when `task_cancel`
/// names its task.
#[tauri::command(async)]
fn import_files(
    s: State<'_, Session>,
    paths: Vec<String>,
    task: u32,
    on_progress: Channel<Progress>,
) -> Result<ImportReport> {
    let go = s.start_task(task);
    let paths: Vec<&std::path::Path> = paths.iter().map(std::path::Path::new).collect();
    let mut tell = |p: Progress| on_progress.send(p).is_ok() && go.load(Ordering::Relaxed);
    let result =
        s.desk()
            .import_paths_with(&s.actor()?, &paths, ImportMode::Drafts, now(), &mut tell);
    s.end_task(task);
    result
}

#[tauri::command(async)]
fn site_build(
    s: State<'_, Session>,
    out: String,
    task: u32,
    on_progress: Channel<Progress>,
) -> Result<BuildReport> {
    let go = s.start_task(task);
    let mut tell = |p: Progress| on_progress.send(p).is_ok() && go.load(Ordering::Relaxed);
    let result = s
        .desk()
        .build_site_with(std::path::Path::new(&out), None, &mut tell);
    s.end_task(task);
    result
}

#[tauri::command]
fn task_cancel(s: State<Session>, task: u32) {
    s.cancel_task(task)
}

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info,
        sign_in,
        person_add,
        demo_seed,
        board,
        search,
        piece_get,
        piece_new,
        piece_save,
        preview,
        moves_offered,
        piece_move,
        piece_schedule,
        calendar,
        history,
        diff_words,
        restore_revision,
        publish_due,
        import_files,
        site_build,
        task_cancel,
    ]
}
