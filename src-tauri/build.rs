//! Tauri embeds `ui/dist`, so it must exist when the shell compiles. When the UI has not been
//! built yet (a plain `cargo test --workspace` on a fresh clone), a page that says so stands in;
//! `./run` and `./test` build the real UI first.

fn main() {
    let dist = std::path::Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(dist).expect("ui/dist can be created");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>Galley</title><p>The UI is not built: run <code>npm --prefix ui run build</code> (or <code>./run</code>), then build the app again.</p>\n",
        )
        .expect("ui/dist/index.html can be written");
    }
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::build()
}
