//! The UI's TypeScript types must be what the Rust types generate today.

use std::path::Path;

#[test]
fn ipc_types_match_the_rust_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/backend/types.ts");
    let generated = galley::api::types::typescript();
    if std::env::var_os("GALLEY_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date with the Rust types: run `GALLEY_BLESS=1 cargo test --workspace ipc_types` and commit it",
        path.display()
    );
    for t in [
        "export type Piece",
        "export type Board",
        "export type ErrorCode",
        "export type View",
    ] {
        assert!(generated.contains(t), "{t} is generated");
    }
}
