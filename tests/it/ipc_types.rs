//! The UI's TypeScript types must be what the Rust types generate today.

use std::path::Path;

/// Writes `generated` under `GALLEY_BLESS`, then checks the committed file is it.
fn committed_is(file: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
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
}

#[test]
fn ipc_types_match_the_rust_types() {
    let generated = galley::api::types::typescript();
    committed_is("ui/src/lib/backend/types.ts", &generated);
    for t in [
        "export type Piece",
        "export type Board",
        "export type ErrorCode",
        "export type View",
        "export type PieceSaveRequest",
    ] {
        assert!(generated.contains(t), "{t} is generated");
    }
}

#[test]
fn ipc_client_matches_the_declared_commands() {
    let generated = galley::api::types::typescript_client();
    committed_is("ui/src/lib/backend/client.ts", &generated);
    // Every declared command has its typed function, and the client holds the only `invoke(`.
    for name in galley::api::commands::NAMES {
        assert!(
            generated.contains(&format!("call('{name}', request)")),
            "{name} has a client function"
        );
    }
    assert!(generated.contains("pieceSave: (request: PieceSaveRequest): Promise<SaveOutcome>"));
}
