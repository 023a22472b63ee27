//! The command surface: every command a host serves, declared once in [`with_commands!`] with
//! its name, its request and its response. From that one list come the dispatch both hosts use
//! ([`call`]: the Tauri shell's handler and `galley serve`), the list of names, and the typed
//! TypeScript client (`typescript_client`, committed as `ui/src/lib/backend/client.ts`).
//!
//! Adding a command is three things: a line in the list, its request type, and its
//! `impl Handle`. A declared command without its implementation fails to compile, and so does
//! an implementation whose result is not the declared response.
//!
//! Each handler is one line into [`Desk`](super::Desk) or the [`Session`]: it resolves who is
//! signed in and converts (a request's [`wire`](super::wire) types into the core's before the
//! call, the core's answer into its wire type after); the rules live below. Not here: the clock (`now` is handed in by the
//! host) or anything about a transport.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::*;
use crate::domain::Role;

/// Calls `$then!` with the declared list: `name(Request) -> Response;` per command, each with
/// its doc. The TypeScript client's function is the name in camelCase.
#[macro_export]
macro_rules! with_commands {
    ($then:path) => {
        $then! {
            /// What the window needs to start: the desk, its people, who is signed in.
            app_info(AppInfoRequest) -> AppInfo;
            /// Which Galley this is and where its desk and log are: for a bug report.
            about(AboutRequest) -> About;
            /// Signs in as a person of the desk; every change after is made as them.
            sign_in(SignInRequest) -> wire::Person;
            /// Adds a person (anyone may add the first; then editors and admins).
            person_add(PersonAddRequest) -> wire::Person;
            /// Fills an empty desk with the demo magazine; false if it had pieces.
            demo_seed(DemoSeedRequest) -> bool;
            /// A column per stage.
            board(BoardRequest) -> Board;
            /// Full-text search, best first.
            search(SearchRequest) -> Vec<wire::Hit>;
            piece_get(PieceGetRequest) -> wire::Piece;
            /// Starts a draft with the person signed in as its byline.
            piece_new(NewPiece) -> wire::Piece;
            /// Saves `content` as the revision after `base`; a stale base is a `conflict`.
            piece_save(PieceSaveRequest) -> SaveOutcome;
            /// Renders unsaved content; a broken theme gives the last good page with `error` set.
            preview(PreviewRequest) -> wire::Shown;
            /// The moves the person signed in may make on the piece now.
            moves_offered(MovesOfferedRequest) -> Vec<OfferedMove>;
            /// Whether the person signed in may edit the piece now, and if not, why (and which
            /// blurbs of a list are theirs to write).
            piece_access(PieceAccessRequest) -> Access;
            piece_move(PieceMoveRequest) -> MoveOutcome;
            /// `wall` is `YYYY-MM-DD HH:MM` in `zone` (an IANA zone).
            piece_schedule(PieceScheduleRequest) -> ScheduleOutcome;
            /// Scheduled and published pieces between two instants.
            calendar(CalendarRequest) -> Vec<CalendarItem>;
            history(HistoryRequest) -> History;
            diff_words(DiffWordsRequest) -> Vec<DiffRun>;
            restore_revision(RestoreRevisionRequest) -> SaveOutcome;
            /// Publishes what is due at `at` (default: now).
            publish_due(PublishDueRequest) -> wire::DueReport;
            /// Long work: imports piece files as drafts; `task_progress` tells how far it got,
            /// `task_cancel` stops it (and nothing is imported).
            import_files(ImportFilesRequest) -> ImportReport;
            /// Long work: writes the whole site into `out`.
            site_build(SiteBuildRequest) -> wire::BuildReport;
            /// A first pass over a WordPress or Ghost export: what it holds and the categories
            /// to map to sections. A file that is not well formed is refused by line.
            archive_survey(ArchiveSurveyRequest) -> crate::archive::Survey;
            /// Long work: imports a WordPress or Ghost export, every post at the stage its
            /// status says (`task_progress`, `task_cancel`; cancelled, nothing is imported).
            archive_import(ArchiveImportRequest) -> ArchiveReport;
            /// Writes the scheduled and published pieces between two instants to `path` as an
            /// iCalendar file; answers how many events it holds.
            calendar_export(CalendarExportRequest) -> usize;
            /// Keeps folder `dir` and the desk in step for the person signed in (null stops).
            drafts_folder(DraftsFolderRequest) -> DraftsStatus;
            /// A pass of the drafts folder when its files or the desk changed; what stands.
            drafts_poll(DraftsPollRequest) -> DraftsStatus;
            /// Settles a conflict of the drafts folder: the file's version or the desk's.
            drafts_resolve(DraftsResolveRequest) -> DraftsStatus;
            /// Where this desk stands with its shared desk (`not_shared` for a desk of its own).
            sync_status(SyncStatusRequest) -> SyncStatus;
            /// Takes in what others sent and sends this desk's changes. Offline or refused is
            /// an answer (no `report`, the status says why), not an error.
            sync(SyncRequest) -> SyncDone;
            /// Pieces changed here and on the shared desk, each with base, mine and theirs.
            conflicts(ConflictsRequest) -> Vec<ConflictView>;
            /// Keeps mine, theirs, or a third text (a piece file) as a new revision.
            resolve_conflict(ResolveConflictRequest) -> SaveOutcome;
            /// Drops this desk's unsent changes to a piece the shared desk refused: it takes the
            /// shared desk's version as a new revision (the dropped ones stay in its history).
            discard_unsent(DiscardUnsentRequest) -> SaveOutcome;
            /// How far long work has got; null once it has ended.
            task_progress(TaskProgressRequest) -> Option<Progress>;
            /// Stops long work.
            task_cancel(TaskCancelRequest) -> ();
            /// A list's poll if it has one, what the person signed in may do with it, and their
            /// own ballot; or, for a list without one, whether they may open it.
            poll_get(PollGetRequest) -> PollPanel;
            /// Opens a list's poll (its section editors and editors). `closes` is
            /// `YYYY-MM-DD HH:MM` in the publication's zone.
            poll_open(PollOpenRequest) -> wire::Poll;
            /// Closes a poll to ballots, or reopens it; recorded with who and when.
            poll_set_open(PollSetOpenRequest) -> wire::Poll;
            /// Writes a voter's ballot: one's own while the poll is open, or, for a section
            /// editor, a voter's on their behalf (recorded as such).
            ballot_put(BallotPutRequest) -> ();
            /// Imports a spreadsheet of ballots (CSV or TSV): all its rows or none, a bad one
            /// named by line and column. `columns` as the CLI's `--columns`.
            ballots_import(BallotsImportRequest) -> BallotImport;
            /// Every ballot, with who entered it.
            poll_ballots(PollBallotsRequest) -> Vec<wire::BallotRow>;
            /// The count, the merges and decisions in force and the likely duplicates;
            /// `compare` counts the same ballots under another scheme too.
            poll_results(PollResultsRequest) -> PollResults;
            /// Counts candidate `from` as `into` (each a place or `Creator|Title`).
            poll_merge(PollMergeRequest) -> ();
            /// Undoes the merge of spelling `from` (`Creator|Title`).
            poll_unmerge(PollUnmergeRequest) -> ();
            /// Two candidates are two works: not offered as duplicates again.
            poll_keep_apart(PollKeepApartRequest) -> ();
            /// Decides a tie the rules leave: `above` before `below`, for the reason given.
            poll_decide(PollDecideRequest) -> ();
            /// Makes the top `top` candidates the list's entries; blurbs already written stay.
            poll_assemble(PollAssembleRequest) -> SaveOutcome;
            /// Gives an entry's blurb to a person (default: the one suggested), due on `due`
            /// (`YYYY-MM-DD`); answers with the person's name.
            blurb_assign(BlurbAssignRequest) -> String;
            /// The blurbs of the poll's list per contributor, and who is suggested for the rest.
            blurb_board(BlurbBoardRequest) -> BlurbBoard;
            /// The blurbs given to the person signed in, on every list.
            my_blurbs(MyBlurbsRequest) -> Vec<MyBlurb>;
            /// A piece's queries and suggestions, what the person signed in may do with them,
            /// and the body with every suggestion accepted.
            marks_get(MarksGetRequest) -> MarksView;
            /// Asks a query on characters `start`..`end` of `field` (`body`, `headline`, `dek`,
            /// `review.KEY`, `blurb.RANK`).
            query_add(QueryAddRequest) -> QueryView;
            query_reply(QueryReplyRequest) -> QueryView;
            /// Resolves (`resolved`) or reopens a query.
            query_resolve(QueryResolveRequest) -> QueryView;
            /// Puts a query (an orphaned one, or one that moved) on characters `start`..`end`.
            query_reattach(QueryReattachRequest) -> QueryView;
            /// The differences of `text` from `field` become the suggestions of the person
            /// signed in there (their earlier open ones on it are replaced); `via` credits a
            /// house-style rule.
            suggest(SuggestRequest) -> MarksView;
            /// Accepts or rejects one suggestion, or every open one of `all_of`.
            suggestion_decide(SuggestionDecideRequest) -> MarksView;
            /// House-style findings on the piece, or on `content` as it is being typed.
            style_check(StyleCheckRequest) -> Vec<FindingView>;
            /// Sets a finding aside for this piece.
            finding_set_aside(FindingSetAsideRequest) -> MarksView;
            /// The style sheet (YAML) as the desk has it.
            style_sheet_get(StyleSheetGetRequest) -> String;
            /// Replaces the style sheet (editors); a bad sheet is refused with its line.
            style_sheet_set(StyleSheetSetRequest) -> ();
            /// The word diff since the piece was submitted to the copy desk (null if never).
            since_submitted(SinceSubmittedRequest) -> Option<SinceSubmitted>;
            /// The queries as they stood at one revision.
            queries_at(QueriesAtRequest) -> Vec<QueryView>;
        }
    };
}

/// What a host hands every call besides its request.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub now: DateTime<Utc>,
}

/// A declared command: its name and response (written by [`with_commands!`]).
pub trait Declared: DeserializeOwned + TS {
    const NAME: &'static str;
    type Response: Serialize + TS;
}

/// A command's implementation.
pub trait Handle: Declared {
    /// Whether the host should run it on the caller's own thread: only the live preview,
    /// which reads through its own connection and answers soonest there.
    const ON_CALLER_THREAD: bool = false;
    /// Whether it is called many times a second (the live preview on each keystroke, progress
    /// polled during long work): its calls are logged at debug level, so the log file is not
    /// written on every keystroke on the window's thread.
    const FREQUENT: bool = false;
    fn run(self, s: &Session, cx: Context) -> Result<Self::Response>;
}

fn run<C: Handle>(s: &Session, body: &serde_json::Value, cx: Context) -> Result<serde_json::Value> {
    // Read from the borrowed JSON: the preview's request (the whole piece) is never copied.
    let request: C = C::deserialize(body)
        .map_err(|e| Error::bad_input(format!("the request of `{}` is not right: {e}", C::NAME)))?;
    let span = tracing::info_span!("command", name = C::NAME);
    let _in = span.enter();
    let started = std::time::Instant::now();
    let out = request.run(s, cx);
    let ms = started.elapsed().as_secs_f64() * 1e3;
    // Names, codes and times only: a refusal's words may quote a piece, so they stay out,
    // except where the desk itself failed (a file, a schema), which a bug report needs.
    match &out {
        Ok(_) if C::FREQUENT => tracing::debug!(ms, "done"),
        Ok(_) => tracing::info!(ms, "done"),
        Err(e) if matches!(e.code, ErrorCode::Storage | ErrorCode::Incompatible) => {
            tracing::warn!(ms, code = ?e.code, "failed: {}", e.message)
        }
        Err(e) => tracing::info!(ms, code = ?e.code, "not done"),
    }
    let out = out?;
    serde_json::to_value(out)
        .map_err(|e| Error::new(ErrorCode::Storage, format!("cannot encode the answer: {e}")))
}

macro_rules! dispatch {
    ($( $(#[doc = $doc:literal])* $name:ident($req:ty) -> $resp:ty; )*) => {
        $( impl Declared for $req {
            const NAME: &'static str = stringify!($name);
            type Response = $resp;
        } )*

        /// Every declared command's name.
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// Runs command `name` with its request as JSON; `None` when no command has that name.
        pub fn call(
            s: &Session,
            name: &str,
            request: &serde_json::Value,
            cx: Context,
        ) -> Option<Result<serde_json::Value>> {
            match name {
                $( stringify!($name) => Some(run::<$req>(s, request, cx)), )*
                _ => None,
            }
        }

        /// Whether command `name` runs on the caller's thread (see [`Handle::ON_CALLER_THREAD`]).
        pub fn on_caller_thread(name: &str) -> bool {
            match name {
                $( stringify!($name) => <$req as Handle>::ON_CALLER_THREAD, )*
                _ => false,
            }
        }

        /// The TypeScript declarations of the requests and the client's functions.
        pub(crate) fn typescript_parts(cfg: &ts_rs::Config) -> (Vec<String>, Vec<String>) {
            let mut decls = Vec::new();
            let mut fns = Vec::new();
            $(
                push_decl::<$req>(cfg, &mut decls);
                push_decl::<$resp>(cfg, &mut decls);
                fns.push(client_fn::<$req>(cfg, &[$($doc),*]));
            )*
            (decls, fns)
        }
    };
}

with_commands!(dispatch);

/// A request's or response's declaration, once, if it is a named type of its own (not a list,
/// an option or a primitive, whose parts are declared by name elsewhere).
fn push_decl<R: TS>(cfg: &ts_rs::Config, decls: &mut Vec<String>) {
    if R::output_path().is_none() {
        return;
    }
    let decl = format!("export {}", R::decl(cfg));
    if !decls.contains(&decl) {
        decls.push(decl);
    }
}

fn client_fn<C: Declared>(cfg: &ts_rs::Config, doc: &[&str]) -> String {
    let camel: String = C::NAME
        .split('_')
        .enumerate()
        .map(|(i, w)| {
            if i == 0 {
                w.to_string()
            } else {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect();
    let req = C::name(cfg);
    // A request with no fields may be left out.
    let empty = serde_json::from_str::<C>("{}").is_ok() && C::decl(cfg).contains("never");
    let param = if empty {
        format!("request: {req} = {{}}")
    } else {
        format!("request: {req}")
    };
    let doc = if doc.is_empty() {
        String::new()
    } else {
        let lines: Vec<String> = doc.iter().map(|l| format!("     *{l}")).collect();
        format!("    /**\n{}\n     */\n", lines.join("\n"))
    };
    format!(
        "{doc}    {camel}: ({param}): Promise<{resp}> => call('{name}', request) as Promise<{resp}>,",
        resp = <C::Response as TS>::name(cfg),
        name = C::NAME,
    )
}

// ---- the requests --------------------------------------------------------------------------

macro_rules! no_fields {
    ($($t:ident),*) => {$(
        #[derive(Debug, Clone, Default, Deserialize, TS)]
        #[serde(deny_unknown_fields)]
        pub struct $t {}
    )*};
}

no_fields!(
    AppInfoRequest,
    AboutRequest,
    DemoSeedRequest,
    BoardRequest,
    SyncStatusRequest,
    SyncRequest,
    ConflictsRequest,
    MyBlurbsRequest
);

/// A request that names one poll: its id, a prefix of it, or its list's id.
macro_rules! poll_only {
    ($($t:ident),*) => {$(
        #[derive(Debug, Clone, Deserialize, TS)]
        #[serde(deny_unknown_fields)]
        pub struct $t {
            pub poll: String,
        }
    )*};
}

poll_only!(PollBallotsRequest, BlurbBoardRequest);

/// Names a list piece.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PollGetRequest {
    pub list: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PollOpenRequest {
    pub list: String,
    /// What is voted on: song, album, film, ...
    pub subject: String,
    pub scheme: wire::Scheme,
    pub ballot_size: Option<usize>,
    /// Points for each pick of an unranked ballot (default 1).
    pub unranked_weight: Option<f64>,
    /// The chain, first rule first (points is put first if it is missing).
    pub tie_breaks: Vec<wire::TieBreak>,
    /// Only works of these years count (first, last).
    pub eligible: Option<(i32, i32)>,
    pub closes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PollSetOpenRequest {
    pub poll: String,
    pub open: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BallotPutRequest {
    pub poll: String,
    /// A person of the desk; the person signed in for their own ballot.
    pub voter: String,
    pub picks: Vec<wire::BallotPick>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BallotsImportRequest {
    pub poll: String,
    pub path: String,
    /// `voter=COL,title=COL[,creator=COL,rank=COL,points=COL,year=COL]`, COL a header or a
    /// column's number from 1.
    pub columns: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PollResultsRequest {
    pub poll: String,
    pub compare: Option<wire::Scheme>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PollMergeRequest {
    pub poll: String,
    pub into: String,
    pub from: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PollUnmergeRequest {
    pub poll: String,
    pub from: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PollKeepApartRequest {
    pub poll: String,
    pub a: String,
    pub b: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PollDecideRequest {
    pub poll: String,
    pub above: String,
    pub below: String,
    pub why: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PollAssembleRequest {
    pub poll: String,
    pub top: usize,
    /// A page of every voter's ballot after the list's own.
    #[serde(default)]
    pub ballots: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BlurbAssignRequest {
    pub poll: String,
    pub rank: u32,
    pub person: Option<String>,
    pub due: Option<NaiveDate>,
}

/// A list's poll as the window shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PollPanel {
    pub poll: Option<wire::Poll>,
    /// With a poll: what the person signed in may do with it.
    pub rights: Option<PollRights>,
    /// Without one: null if they may open it, else why not.
    pub may_open: Option<String>,
    /// Their own ballot, if they have entered one.
    pub my_ballot: Option<Vec<wire::BallotPick>>,
}

/// The count and what shapes it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PollResults {
    pub tally: wire::Tally,
    /// The same ballots under the scheme asked to compare with.
    pub compare: Option<wire::Tally>,
    pub merges: Vec<MergeView>,
    pub decisions: Vec<DecisionView>,
    pub duplicates: Vec<DuplicatePair>,
}

/// Who should write a blurb: the entry's rank and the person suggested.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BlurbSuggestion {
    pub rank: u32,
    pub name: String,
}

/// The blurbs of a poll's list: where each stands, and suggestions for those unassigned.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BlurbBoard {
    pub progress: BlurbProgress,
    pub suggestions: Vec<BlurbSuggestion>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PersonAddRequest {
    pub name: String,
    pub roles: Vec<wire::Role>,
    pub sections: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SearchRequest {
    pub query: String,
    pub limit: usize,
}

/// A request that names one piece (any unique prefix of its id).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PieceGetRequest {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MovesOfferedRequest {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PieceAccessRequest {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct HistoryRequest {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PieceSaveRequest {
    pub id: String,
    pub content: wire::Content,
    pub base: i64,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub id: String,
    pub content: wire::Content,
    pub view: wire::View,
    pub width: wire::Width,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PieceMoveRequest {
    pub id: String,
    pub to: wire::Stage,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PieceScheduleRequest {
    pub id: String,
    pub wall: String,
    pub zone: String,
}

/// RFC 3339 instants.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CalendarRequest {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DiffWordsRequest {
    pub id: String,
    pub a: i64,
    pub b: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RestoreRevisionRequest {
    pub id: String,
    pub number: i64,
    pub base: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PublishDueRequest {
    pub at: Option<DateTime<Utc>>,
}

/// `task` is the caller's number for this work, for `task_progress` and `task_cancel`.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ImportFilesRequest {
    pub paths: Vec<String>,
    pub task: u32,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ArchiveSurveyRequest {
    pub source: crate::archive::Source,
    pub path: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ArchiveImportRequest {
    pub source: crate::archive::Source,
    pub path: String,
    pub options: ArchiveOptions,
    pub task: u32,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CalendarExportRequest {
    pub path: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DraftsFolderRequest {
    pub dir: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DraftsPollRequest {}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DraftsResolveRequest {
    pub id: String,
    /// The conflict's file, as the conflict names it.
    pub file: Option<String>,
    pub keep: KeepDraft,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SiteBuildRequest {
    pub out: String,
    pub task: u32,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TaskProgressRequest {
    pub task: u32,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TaskCancelRequest {
    pub task: u32,
}

/// Which version of a conflicted piece to keep; `text` needs the request's `text`.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeepChoice {
    Mine,
    Theirs,
    Text,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ResolveConflictRequest {
    pub id: String,
    pub keep: KeepChoice,
    /// The third version, as a piece file (front matter and body).
    pub text: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DiscardUnsentRequest {
    pub id: String,
}

/// A sync's end: what it did, if it finished, and where the desk stands now.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncDone {
    pub report: Option<SyncReport>,
    pub status: SyncStatus,
}

/// What the window needs to start.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub db_path: String,
    pub zone: String,
    pub people: Vec<wire::Person>,
    pub actor: Option<String>,
    pub pieces: i64,
}

/// Which Galley this is, and where it keeps the desk and the log.
#[derive(Debug, Clone, Serialize, TS)]
pub struct About {
    pub version: String,
    pub desk_path: String,
    /// Where this host writes its log, if it writes one.
    pub log_path: Option<String>,
}

// ---- the implementations -------------------------------------------------------------------

impl Handle for AppInfoRequest {
    fn run(self, s: &Session, _: Context) -> Result<AppInfo> {
        let desk = s.desk();
        Ok(AppInfo {
            db_path: s.db_path().display().to_string(),
            zone: desk.zone()?,
            people: desk.people()?.into_iter().map(Into::into).collect(),
            actor: s.signed_in(),
            pieces: desk.piece_count()?,
        })
    }
}

impl Handle for AboutRequest {
    fn run(self, s: &Session, _: Context) -> Result<About> {
        Ok(About {
            version: env!("CARGO_PKG_VERSION").to_string(),
            desk_path: s.db_path().display().to_string(),
            log_path: s.log_path().map(|p| p.display().to_string()),
        })
    }
}

impl Handle for SignInRequest {
    fn run(self, s: &Session, _: Context) -> Result<wire::Person> {
        let person = s.desk().person(&self.name)?;
        s.sign_in(person.name.clone());
        Ok(person.into())
    }
}

impl Handle for PersonAddRequest {
    fn run(self, s: &Session, cx: Context) -> Result<wire::Person> {
        let actor = s.signed_in();
        let roles: Vec<Role> = self.roles.into_iter().map(Into::into).collect();
        let person =
            s.desk()
                .add_person(actor.as_deref(), &self.name, &roles, &self.sections, cx.now)?;
        Ok(person.into())
    }
}

impl Handle for DemoSeedRequest {
    fn run(self, s: &Session, cx: Context) -> Result<bool> {
        s.desk().seed_demo(cx.now)
    }
}

impl Handle for BoardRequest {
    fn run(self, s: &Session, _: Context) -> Result<Board> {
        s.desk().board()
    }
}

impl Handle for SearchRequest {
    fn run(self, s: &Session, _: Context) -> Result<Vec<wire::Hit>> {
        let hits = s.desk().search(&self.query, self.limit)?;
        Ok(hits.into_iter().map(Into::into).collect())
    }
}

impl Handle for PieceGetRequest {
    fn run(self, s: &Session, _: Context) -> Result<wire::Piece> {
        Ok(s.desk().piece(&self.id)?.into())
    }
}

impl Handle for NewPiece {
    fn run(self, s: &Session, cx: Context) -> Result<wire::Piece> {
        Ok(s.desk().new_piece(&s.actor()?, self, cx.now)?.into())
    }
}

impl Handle for PieceSaveRequest {
    fn run(self, s: &Session, cx: Context) -> Result<SaveOutcome> {
        let actor = s.actor()?;
        s.desk().save(
            &actor,
            &self.id,
            self.content.into(),
            Some(self.base),
            self.note.as_deref(),
            cx.now,
        )
    }
}

impl Handle for PreviewRequest {
    const ON_CALLER_THREAD: bool = true;
    const FREQUENT: bool = true;
    fn run(self, s: &Session, _: Context) -> Result<wire::Shown> {
        let shown = s.reader().preview_content(
            &mut s.preview(),
            &self.id,
            self.content.into(),
            self.view.into(),
            self.width.into(),
        )?;
        Ok(shown.into())
    }
}

impl Handle for MovesOfferedRequest {
    fn run(self, s: &Session, _: Context) -> Result<Vec<OfferedMove>> {
        s.desk().offered_moves(&s.actor()?, &self.id)
    }
}

impl Handle for PieceAccessRequest {
    fn run(self, s: &Session, _: Context) -> Result<Access> {
        s.desk().access(&s.actor()?, &self.id)
    }
}

impl Handle for PieceMoveRequest {
    fn run(self, s: &Session, cx: Context) -> Result<MoveOutcome> {
        let actor = s.actor()?;
        s.desk().move_piece(
            &actor,
            &self.id,
            self.to.into(),
            self.note.as_deref(),
            cx.now,
        )
    }
}

impl Handle for PieceScheduleRequest {
    fn run(self, s: &Session, cx: Context) -> Result<ScheduleOutcome> {
        let actor = s.actor()?;
        s.desk()
            .schedule(&actor, &self.id, &self.wall, Some(&self.zone), cx.now)
    }
}

impl Handle for CalendarRequest {
    fn run(self, s: &Session, _: Context) -> Result<Vec<CalendarItem>> {
        s.desk().calendar(self.from, self.to)
    }
}

impl Handle for HistoryRequest {
    fn run(self, s: &Session, _: Context) -> Result<History> {
        s.desk().history(&self.id)
    }
}

impl Handle for DiffWordsRequest {
    fn run(self, s: &Session, _: Context) -> Result<Vec<DiffRun>> {
        s.desk().diff_words(&self.id, self.a, self.b)
    }
}

impl Handle for RestoreRevisionRequest {
    fn run(self, s: &Session, cx: Context) -> Result<SaveOutcome> {
        let actor = s.actor()?;
        s.desk()
            .restore_revision(&actor, &self.id, self.number, self.base, cx.now)
    }
}

impl Handle for PublishDueRequest {
    fn run(self, s: &Session, cx: Context) -> Result<wire::DueReport> {
        Ok(s.desk().publish_due(self.at.unwrap_or(cx.now))?.into())
    }
}

impl Handle for ImportFilesRequest {
    fn run(self, s: &Session, cx: Context) -> Result<ImportReport> {
        let actor = s.actor()?;
        let task = s.start_task(self.task);
        let paths: Vec<&Path> = self.paths.iter().map(Path::new).collect();
        let result =
            s.desk()
                .import_paths_with(&actor, &paths, ImportMode::Drafts, cx.now, &mut |p| {
                    task.report(p)
                });
        s.end_task(self.task);
        result
    }
}

impl Handle for ArchiveSurveyRequest {
    fn run(self, s: &Session, _: Context) -> Result<crate::archive::Survey> {
        s.desk().archive_survey(self.source, Path::new(&self.path))
    }
}

impl Handle for ArchiveImportRequest {
    fn run(self, s: &Session, cx: Context) -> Result<ArchiveReport> {
        let actor = s.actor()?;
        let task = s.start_task(self.task);
        let result = s.desk().import_archive(
            &actor,
            self.source,
            Path::new(&self.path),
            &self.options,
            cx.now,
            &mut |p| task.report(p),
        );
        s.end_task(self.task);
        result
    }
}

impl Handle for CalendarExportRequest {
    fn run(self, s: &Session, cx: Context) -> Result<usize> {
        let text = s.desk().calendar_ics(self.from, self.to, cx.now)?;
        std::fs::write(&self.path, &text)
            .map_err(|e| Error::bad_input(format!("{}: {e}", self.path)))?;
        Ok(text.matches("BEGIN:VEVENT").count())
    }
}

impl Handle for DraftsFolderRequest {
    fn run(self, s: &Session, cx: Context) -> Result<DraftsStatus> {
        s.drafts_folder(self.dir.as_deref().map(Path::new), cx.now)
    }
}

impl Handle for DraftsPollRequest {
    fn run(self, s: &Session, cx: Context) -> Result<DraftsStatus> {
        s.drafts_poll(cx.now)
    }
}

impl Handle for DraftsResolveRequest {
    fn run(self, s: &Session, cx: Context) -> Result<DraftsStatus> {
        s.drafts_resolve(&self.id, self.file.as_deref(), self.keep, cx.now)
    }
}

impl Handle for SiteBuildRequest {
    fn run(self, s: &Session, _: Context) -> Result<wire::BuildReport> {
        let task = s.start_task(self.task);
        let result = s
            .desk()
            .build_site_with(Path::new(&self.out), None, &mut |p| task.report(p));
        s.end_task(self.task);
        Ok(result?.into())
    }
}

impl Handle for SyncStatusRequest {
    fn run(self, s: &Session, _: Context) -> Result<SyncStatus> {
        s.desk().sync_status()
    }
}

impl Handle for SyncRequest {
    fn run(self, s: &Session, cx: Context) -> Result<SyncDone> {
        let report = match s.sync(cx.now) {
            Ok(r) => Some(r),
            // Recorded on the desk: the status says why.
            Err(e) if matches!(e.code, ErrorCode::Offline | ErrorCode::Refused) => None,
            Err(e) => return Err(e),
        };
        let status = s.desk().sync_status()?;
        Ok(SyncDone { report, status })
    }
}

impl Handle for ConflictsRequest {
    fn run(self, s: &Session, _: Context) -> Result<Vec<ConflictView>> {
        s.desk().conflicts()
    }
}

impl Handle for ResolveConflictRequest {
    fn run(self, s: &Session, cx: Context) -> Result<SaveOutcome> {
        let keep = match (self.keep, self.text) {
            (KeepChoice::Mine, _) => Keep::Mine,
            (KeepChoice::Theirs, _) => Keep::Theirs,
            (KeepChoice::Text, Some(t)) => Keep::Text(t),
            (KeepChoice::Text, None) => {
                return Err(Error::bad_input("keeping a third version needs its text"))
            }
        };
        s.desk()
            .resolve_conflict(&s.actor()?, &self.id, keep, cx.now)
    }
}

impl Handle for DiscardUnsentRequest {
    fn run(self, s: &Session, cx: Context) -> Result<SaveOutcome> {
        s.desk().discard_unsent(&s.actor()?, &self.id, cx.now)
    }
}

impl Handle for TaskProgressRequest {
    const FREQUENT: bool = true;
    fn run(self, s: &Session, _: Context) -> Result<Option<Progress>> {
        Ok(s.task_progress(self.task))
    }
}

impl Handle for TaskCancelRequest {
    fn run(self, s: &Session, _: Context) -> Result<()> {
        s.cancel_task(self.task);
        Ok(())
    }
}

impl Handle for PollGetRequest {
    fn run(self, s: &Session, cx: Context) -> Result<PollPanel> {
        let desk = s.desk();
        let actor = s.actor()?;
        let view = match desk.poll_view(&self.list) {
            Ok(v) => v,
            Err(e) if e.code == ErrorCode::NotFound => {
                return Ok(PollPanel {
                    poll: None,
                    rights: None,
                    may_open: desk.may_open_poll(&actor, &self.list)?,
                    my_ballot: None,
                })
            }
            Err(e) => return Err(e),
        };
        let my_ballot = desk
            .poll_ballots(&view.id)?
            .into_iter()
            .find(|(b, _)| b.voter.eq_ignore_ascii_case(&actor))
            .map(|(b, _)| b.picks.into_iter().map(Into::into).collect());
        Ok(PollPanel {
            rights: Some(desk.poll_rights(&actor, &view.id, cx.now)?),
            poll: Some(view.into()),
            may_open: None,
            my_ballot,
        })
    }
}

impl Handle for PollOpenRequest {
    fn run(self, s: &Session, cx: Context) -> Result<wire::Poll> {
        let mut desk = s.desk();
        let actor = s.actor()?;
        let mut tie_breaks: Vec<crate::poll::TieBreak> =
            self.tie_breaks.into_iter().map(Into::into).collect();
        if !tie_breaks.contains(&crate::poll::TieBreak::Points) {
            tie_breaks.insert(0, crate::poll::TieBreak::Points);
        }
        let closes_at = self
            .closes
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(|w| desk.closing_time(w))
            .transpose()?;
        let settings = PollSettings {
            subject: self.subject,
            rules: crate::poll::Rules {
                scheme: self.scheme.into(),
                ballot_size: self.ballot_size,
                unranked_weight: self
                    .unranked_weight
                    .map(|w| (w * crate::poll::CENTS as f64).round() as i64)
                    .unwrap_or(crate::poll::CENTS),
                tie_breaks,
                eligible: self.eligible,
            },
            closes_at,
        };
        Ok(desk.open_poll(&actor, &self.list, settings, cx.now)?.into())
    }
}

impl Handle for PollSetOpenRequest {
    fn run(self, s: &Session, cx: Context) -> Result<wire::Poll> {
        let actor = s.actor()?;
        Ok(s.desk()
            .set_poll_open(&actor, &self.poll, self.open, cx.now)?
            .into())
    }
}

impl Handle for BallotPutRequest {
    fn run(self, s: &Session, cx: Context) -> Result<()> {
        let actor = s.actor()?;
        let picks = self.picks.into_iter().map(Into::into).collect();
        s.desk()
            .put_ballot(&actor, &self.poll, &self.voter, picks, cx.now)
    }
}

impl Handle for BallotsImportRequest {
    fn run(self, s: &Session, cx: Context) -> Result<BallotImport> {
        let actor = s.actor()?;
        let columns = Columns::parse(&self.columns)?;
        s.desk()
            .import_ballots(&actor, &self.poll, Path::new(&self.path), &columns, cx.now)
    }
}

impl Handle for PollBallotsRequest {
    fn run(self, s: &Session, _: Context) -> Result<Vec<wire::BallotRow>> {
        Ok(s.desk()
            .poll_ballots(&self.poll)?
            .into_iter()
            .map(|(b, entered_by)| wire::BallotRow {
                voter: b.voter,
                entered_by,
                picks: b.picks.into_iter().map(Into::into).collect(),
            })
            .collect())
    }
}

impl Handle for PollResultsRequest {
    fn run(self, s: &Session, _: Context) -> Result<PollResults> {
        let desk = s.desk();
        let compare = match self.compare {
            Some(scheme) => Some(desk.tally_poll_as(&self.poll, Some(scheme.into()))?.into()),
            None => None,
        };
        Ok(PollResults {
            tally: desk.tally_poll(&self.poll)?.into(),
            compare,
            merges: desk.poll_merge_list(&self.poll)?,
            decisions: desk.poll_decision_list(&self.poll)?,
            duplicates: desk.poll_duplicates(&self.poll)?,
        })
    }
}

impl Handle for PollMergeRequest {
    fn run(self, s: &Session, cx: Context) -> Result<()> {
        let actor = s.actor()?;
        s.desk()
            .merge_candidates(&actor, &self.poll, &self.into, &self.from, cx.now)?;
        Ok(())
    }
}

impl Handle for PollUnmergeRequest {
    fn run(self, s: &Session, cx: Context) -> Result<()> {
        let actor = s.actor()?;
        s.desk()
            .unmerge_candidates(&actor, &self.poll, &self.from, cx.now)?;
        Ok(())
    }
}

impl Handle for PollKeepApartRequest {
    fn run(self, s: &Session, cx: Context) -> Result<()> {
        let actor = s.actor()?;
        s.desk()
            .keep_apart(&actor, &self.poll, &self.a, &self.b, cx.now)
    }
}

impl Handle for PollDecideRequest {
    fn run(self, s: &Session, cx: Context) -> Result<()> {
        let actor = s.actor()?;
        s.desk().decide_tie(
            &actor,
            &self.poll,
            &self.above,
            &self.below,
            &self.why,
            cx.now,
        )?;
        Ok(())
    }
}

impl Handle for PollAssembleRequest {
    fn run(self, s: &Session, cx: Context) -> Result<SaveOutcome> {
        let actor = s.actor()?;
        s.desk()
            .assemble_poll(&actor, &self.poll, self.top, self.ballots, cx.now)
    }
}

impl Handle for BlurbAssignRequest {
    fn run(self, s: &Session, cx: Context) -> Result<String> {
        let actor = s.actor()?;
        let (_, name) = s.desk().assign_blurb(
            &actor,
            &self.poll,
            self.rank,
            self.person
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty()),
            self.due,
            cx.now,
        )?;
        Ok(name)
    }
}

impl Handle for BlurbBoardRequest {
    fn run(self, s: &Session, _: Context) -> Result<BlurbBoard> {
        let desk = s.desk();
        Ok(BlurbBoard {
            progress: desk.blurb_progress(&self.poll)?,
            suggestions: desk
                .suggest_blurbers(&self.poll)?
                .into_iter()
                .map(|(rank, name)| BlurbSuggestion { rank, name })
                .collect(),
        })
    }
}

impl Handle for MyBlurbsRequest {
    fn run(self, s: &Session, cx: Context) -> Result<Vec<MyBlurb>> {
        s.desk().my_blurbs(&s.actor()?, cx.now)
    }
}

// ---- the copy desk --------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MarksGetRequest {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct QueryAddRequest {
    pub id: String,
    pub field: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct QueryReplyRequest {
    pub id: String,
    pub query: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct QueryResolveRequest {
    pub id: String,
    pub query: String,
    pub resolved: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct QueryReattachRequest {
    pub id: String,
    pub query: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SuggestRequest {
    pub id: String,
    pub field: String,
    pub text: String,
    pub via: Option<String>,
}

/// `suggestion` names one; `all_of` a person whose open suggestions are all decided.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SuggestionDecideRequest {
    pub id: String,
    pub suggestion: Option<String>,
    pub all_of: Option<String>,
    pub accept: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct StyleCheckRequest {
    pub id: String,
    pub content: Option<wire::Content>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FindingSetAsideRequest {
    pub id: String,
    pub rule: String,
    pub field: String,
    pub quote: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct StyleSheetGetRequest {}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct StyleSheetSetRequest {
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SinceSubmittedRequest {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct QueriesAtRequest {
    pub id: String,
    pub number: i64,
}

impl Handle for MarksGetRequest {
    fn run(self, s: &Session, _: Context) -> Result<MarksView> {
        s.desk().marks(&s.actor()?, &self.id)
    }
}

impl Handle for QueryAddRequest {
    fn run(self, s: &Session, cx: Context) -> Result<QueryView> {
        let actor = s.actor()?;
        s.desk().query_add(
            &actor,
            &self.id,
            &self.field,
            Passage::Range(self.start, self.end),
            &self.text,
            cx.now,
        )
    }
}

impl Handle for QueryReplyRequest {
    fn run(self, s: &Session, cx: Context) -> Result<QueryView> {
        let actor = s.actor()?;
        s.desk()
            .query_reply(&actor, &self.id, &self.query, &self.text, cx.now)
    }
}

impl Handle for QueryResolveRequest {
    fn run(self, s: &Session, cx: Context) -> Result<QueryView> {
        let actor = s.actor()?;
        s.desk()
            .query_resolve(&actor, &self.id, &self.query, self.resolved, cx.now)
    }
}

impl Handle for QueryReattachRequest {
    fn run(self, s: &Session, cx: Context) -> Result<QueryView> {
        let actor = s.actor()?;
        s.desk().query_reattach(
            &actor,
            &self.id,
            &self.query,
            Passage::Range(self.start, self.end),
            cx.now,
        )
    }
}

impl Handle for SuggestRequest {
    fn run(self, s: &Session, cx: Context) -> Result<MarksView> {
        let actor = s.actor()?;
        s.desk().suggest_via(
            &actor,
            &self.id,
            &self.field,
            &self.text,
            self.via.as_deref(),
            cx.now,
        )
    }
}

impl Handle for SuggestionDecideRequest {
    fn run(self, s: &Session, cx: Context) -> Result<MarksView> {
        let actor = s.actor()?;
        let which = match (self.suggestion, self.all_of) {
            (Some(one), None) => Which::One(one),
            (None, Some(name)) => Which::AllOf(name),
            _ => {
                return Err(Error::bad_input(
                    "name one suggestion, or the person whose suggestions to decide",
                ))
            }
        };
        s.desk()
            .decide(&actor, &self.id, which, self.accept, cx.now)
    }
}

impl Handle for StyleCheckRequest {
    /// Off the window's thread and outside the desk's lock: a review not read before takes
    /// Harper a while, and neither typing nor the preview waits for it.
    const FREQUENT: bool = true;
    fn run(self, s: &Session, _: Context) -> Result<Vec<FindingView>> {
        let (sheet, piece) = s.reader().style_inputs(&self.id)?;
        let content = self.content.map(Into::into);
        Ok(crate::copydesk::style::check(
            &sheet,
            content.as_ref().unwrap_or(&piece.content),
            &piece.marks,
        )
        .into_iter()
        .map(FindingView::from)
        .collect())
    }
}

impl Handle for FindingSetAsideRequest {
    fn run(self, s: &Session, cx: Context) -> Result<MarksView> {
        let actor = s.actor()?;
        s.desk().set_aside(
            &actor,
            &self.id,
            &self.rule,
            &self.field,
            &self.quote,
            cx.now,
        )
    }
}

impl Handle for StyleSheetGetRequest {
    fn run(self, s: &Session, _: Context) -> Result<String> {
        s.desk().style_sheet_text()
    }
}

impl Handle for StyleSheetSetRequest {
    fn run(self, s: &Session, _: Context) -> Result<()> {
        let actor = s.actor()?;
        s.desk().set_setting(&actor, "style", &self.text)
    }
}

impl Handle for SinceSubmittedRequest {
    fn run(self, s: &Session, _: Context) -> Result<Option<SinceSubmitted>> {
        s.desk().since_submitted(&self.id)
    }
}

impl Handle for QueriesAtRequest {
    fn run(self, s: &Session, _: Context) -> Result<Vec<QueryView>> {
        s.desk().queries_at(&self.id, self.number)
    }
}
