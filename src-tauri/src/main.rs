//! Galley's desktop shell. It opens the desk, registers the commands and the two plugins it
//! needs (one instance, remembered window), and nothing else: every command is a one-line
//! adapter into `galley::api` (see `commands.rs`).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::path::PathBuf;
use std::sync::Mutex;

use galley::api::Desk;
use galley::render::preview::Preview;
use tauri::Manager;

/// What the window works with: the desk, who is at it, and the live preview's last good pages.
pub struct Session {
    pub desk: Mutex<Desk>,
    /// A second, read-only use of the same desk file for the live preview (see `commands.rs`).
    pub reader: Mutex<Desk>,
    pub actor: Mutex<Option<String>>,
    pub preview: Mutex<Preview>,
    pub db_path: PathBuf,
    /// Long work under way, by the UI's task number: cleared to cancel.
    pub tasks: Mutex<std::collections::HashMap<u32, std::sync::Arc<std::sync::atomic::AtomicBool>>>,
}

/// The desk file: `GALLEY_DB`, else the OS data folder, as for the CLI.
fn desk_path() -> PathBuf {
    std::env::var_os("GALLEY_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            directories::ProjectDirs::from("", "", "galley")
                .map(|d| d.data_dir().join("desk.galley"))
                .unwrap_or_else(|| PathBuf::from("desk.galley"))
        })
}

/// WebKitGTK composites the page through OpenGL. Where there is no GPU (no DRM render node: a
/// virtual machine, a remote session, Xvfb) that GL is Mesa's software rasteriser, and each
/// update of the page, the live preview's included, then costs several frames (measured with
/// `e2e/perf.sh` on one build: keystroke to preview p50 107 ms with it, 25 ms painting
/// directly). So paint directly there. A `WEBKIT_DISABLE_COMPOSITING_MODE` the user set is left as it is.
#[cfg(target_os = "linux")]
fn paint_directly_without_gpu() {
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_some() {
        return;
    }
    let gpu = std::fs::read_dir("/dev/dri")
        .map(|dir| {
            dir.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false);
    if !gpu {
        // Before any thread starts, so no one reads the environment meanwhile.
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

fn main() {
    #[cfg(target_os = "linux")]
    paint_directly_without_gpu();
    let db_path = desk_path();
    let opened = Desk::init(&db_path).and_then(|desk| Ok((desk, Desk::open(&db_path)?)));
    let (desk, reader) = match opened {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}", e.message);
            std::process::exit(2);
        }
    };
    let theme = desk
        .theme()
        .unwrap_or_else(|_| galley::render::Theme::embedded());
    let session = Session {
        desk: Mutex::new(desk),
        reader: Mutex::new(reader),
        actor: Mutex::new(
            std::env::var("GALLEY_AS")
                .ok()
                .filter(|a| !a.trim().is_empty()),
        ),
        preview: Mutex::new(Preview::new(theme)),
        db_path,
        tasks: Mutex::new(Default::default()),
    };
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .manage(session)
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("the Galley window could not start");
}
