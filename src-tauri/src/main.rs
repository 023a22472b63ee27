//! Galley's desktop shell. It opens the desk's session, serves the declared commands through
//! one handler (`commands.rs`), and registers the two plugins it needs (one instance per desk,
//! remembered window), and nothing else.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod log;

use std::path::PathBuf;
use std::sync::Arc;

use galley::api::Session;
use tauri::Manager;

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

/// The name of this desk's one window, so that starting Galley again on the same desk brings
/// its window forward while another desk (a second person's, a test's) opens a window of its
/// own. The desk's absolute path, hashed (FNV-1a: stable across builds) into a D-Bus name part.
fn instance_id(db: &std::path::Path) -> String {
    let path = std::fs::canonicalize(db)
        .or_else(|_| std::path::absolute(db))
        .unwrap_or_else(|_| db.to_path_buf());
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path.as_os_str().as_encoded_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("org.galley.desk.d{h:016x}")
}

fn main() {
    #[cfg(target_os = "linux")]
    paint_directly_without_gpu();
    let log_path = log::path().filter(|p| log::start(p));
    let db_path = desk_path();
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        desk = %db_path.display(),
        "galley-desktop starts"
    );
    let actor = std::env::var("GALLEY_AS").ok();
    let instance = instance_id(&db_path);
    let session = match Session::open(&db_path, actor, log_path) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("error: {}", e.message);
            std::process::exit(2);
        }
    };
    // Harper's linters are built by the first style check, not here: built at start, they took
    // the two cores from the window and added about 400 ms and 150 MB to a cold start
    // (e2e/perf.sh cold).
    tauri::Builder::default()
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .callback(|app, _args, _cwd| {
                    if let Some(w) = app.get_webview_window("main") {
                        let _ = w.unminimize();
                        let _ = w.set_focus();
                    }
                })
                .dbus_id(instance)
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .manage(session)
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("the Galley window could not start");
}
