//! The TypeScript types of everything that crosses to the desktop UI, generated from the Rust
//! types (ts-rs). `ui/src/lib/backend/types.ts` holds the output; a test fails when it drifts.

use ts_rs::{Config, TS};

use super::*;
use crate::domain::*;
use crate::render::preview::Shown;
use crate::render::site::BuildReport;
use crate::render::{TemplateError, View, Width};
use crate::schedule::{Held, Published};
use crate::search::Run;
use crate::store::{RevisionRow, TransitionRow};

macro_rules! declare {
    ($cfg:expr, $($t:ty),* $(,)?) => {{
        let mut out = Vec::new();
        $( out.push(format!("export {}", <$t as TS>::decl($cfg))); )*
        out
    }};
}

/// The generated file's text.
pub fn typescript() -> String {
    // JSON numbers: the desk's integers (revisions, ids of people) stay far below 2^53.
    let cfg = Config::new().with_large_int("number");
    let decls = declare!(
        &cfg,
        Stage,
        Move,
        Role,
        Person,
        Kind,
        ListOrder,
        Content,
        Image,
        Correction,
        PieceList,
        Entry,
        Piece,
        Review,
        Subject,
        Film,
        Release,
        Album,
        Book,
        StageShow,
        Television,
        Game,
        Error,
        ErrorCode,
        Board,
        Column,
        Card,
        Hit,
        Run,
        PieceView,
        SaveOutcome,
        MoveOutcome,
        ScheduleOutcome,
        History,
        RevisionRow,
        TransitionRow,
        ImportReport,
        Imported,
        DueReport,
        Published,
        Held,
        OfferedMove,
        CalendarItem,
        DiffRun,
        DiffChange,
        NewPiece,
        View,
        Width,
        BuildReport,
        TemplateError,
        Shown,
        Progress,
        Phase,
    );
    format!(
        "// Generated from Galley's Rust types by `cargo test` (src/api/types.rs). Do not edit:\n// run `GALLEY_BLESS=1 cargo test --workspace ipc_types` after changing a type.\n\n{}\n",
        decls.join("\n\n")
    )
}
