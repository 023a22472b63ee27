//! The TypeScript types of everything that crosses to the desktop UI, generated (ts-rs) from the
//! api's own types and the [`wire`](super::wire) types of the core's, never from the core's
//! types themselves. `ui/src/lib/backend/types.ts` holds the output; a test fails when it drifts.

use ts_rs::{Config, TS};

use super::*;

macro_rules! declare {
    ($cfg:expr, $($t:ty),* $(,)?) => {{
        let mut out = Vec::new();
        $( out.push(format!("export {}", <$t as TS>::decl($cfg))); )*
        out
    }};
}

/// The generated file's text.
pub fn typescript() -> String {
    let cfg = config();
    let decls = declare!(
        &cfg,
        wire::Stage,
        wire::Move,
        wire::Role,
        wire::Person,
        wire::Kind,
        wire::ListOrder,
        wire::Content,
        wire::Image,
        wire::Correction,
        wire::PieceList,
        wire::VoterBallot,
        wire::Entry,
        wire::Piece,
        wire::Review,
        wire::Subject,
        wire::Film,
        wire::Release,
        wire::Album,
        wire::Book,
        wire::StageShow,
        wire::Television,
        wire::Game,
        Error,
        ErrorCode,
        Board,
        Column,
        Card,
        wire::Hit,
        wire::Run,
        PieceView,
        SaveOutcome,
        MoveOutcome,
        ScheduleOutcome,
        History,
        wire::RevisionRow,
        wire::TransitionRow,
        ImportReport,
        Imported,
        wire::DueReport,
        wire::Published,
        wire::Held,
        OfferedMove,
        Access,
        CalendarItem,
        DiffRun,
        DiffChange,
        wire::View,
        wire::Width,
        wire::BuildReport,
        wire::Shown,
        Progress,
        Phase,
        SyncStatus,
        PieceRef,
        SyncReport,
        ConflictSummary,
        ConflictView,
        super::commands::KeepChoice,
        wire::Scheme,
        wire::TieBreak,
        wire::Rules,
        wire::PollEvent,
        wire::Poll,
        wire::BallotPick,
        wire::BallotRow,
        wire::Placed,
        wire::Tally,
        BallotImport,
        PollRights,
        MergeView,
        DecisionView,
        CandidateRef,
        DuplicatePair,
        BlurbProgress,
        ContributorBlurbs,
        MyBlurb,
        super::commands::BlurbSuggestion,
        MarkStatus,
        QueryView,
        MessageView,
        QueryEventView,
        SuggestionView,
        MarksView,
        FindingView,
        FieldDiff,
        SinceSubmitted,
        crate::archive::Source,
        crate::archive::Survey,
        crate::archive::ArchiveCategory,
        super::ArchiveOptions,
        super::ArchiveReport,
        super::DraftsStatus,
        super::DraftConflict,
        super::DraftError,
        super::KeepDraft,
    );
    // The commands' own requests and responses, less those declared above already.
    let (mut requests, _) = super::commands::typescript_parts(&cfg);
    requests.retain(|d| !decls.contains(d));
    format!(
        "// Generated from Galley's Rust types by `cargo test` (src/api/types.rs). Do not edit:\n// run `GALLEY_BLESS=1 cargo test --workspace ipc_types` after changing a type.\n\n{}\n\n// The commands' requests and responses (src/api/commands.rs).\n\n{}\n",
        decls.join("\n\n"),
        requests.join("\n\n")
    )
}

/// The typed client of the declared commands: `ui/src/lib/backend/client.ts`.
pub fn typescript_client() -> String {
    let cfg = config();
    let (_, fns) = super::commands::typescript_parts(&cfg);
    let names: Vec<String> = super::commands::NAMES
        .iter()
        .map(|n| format!("'{n}'"))
        .collect();
    // The types the functions name, imported by name.
    let mut used: Vec<String> = fns
        .iter()
        .flat_map(|f| {
            let sig = f
                .lines()
                .last()
                .and_then(|l| l.split("=> call(").next())
                .unwrap_or("");
            sig.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
                .filter(|w| !matches!(*w, "Array" | "Promise" | "Record"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    used.sort();
    used.dedup();
    let prelude = include_str!("client_prelude.ts").replace(
        "/*IMPORTS*/",
        &format!("import type {{ {} }} from './types';", used.join(", ")),
    );
    format!(
        "{}{}\n  }};\n}}\n\nexport type Client = ReturnType<typeof client>;\n\n/** Every declared command's name. */\nexport const COMMANDS = [{}] as const;\n",
        prelude,
        fns.join("\n"),
        names.join(", ")
    )
}

fn config() -> Config {
    // JSON numbers: the desk's integers (revisions, ids of people) stay far below 2^53.
    Config::new().with_large_int("number")
}
