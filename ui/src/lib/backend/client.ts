// The typed client of Galley's declared commands (src/api/commands.rs), generated with the types
// by `cargo test` (src/api/types.rs). Do not edit: run
// `GALLEY_BLESS=1 cargo test --workspace ipc_types` after changing a command.
//
// Two transports carry the same commands: Tauri's IPC inside the desktop app, and `galley serve`
// (JSON over HTTP on 127.0.0.1 with a bearer token) in a browser and in the UI's tests.

import { invoke } from '@tauri-apps/api/core';
import type * as T from './types';
import type { About, AboutRequest, Access, AppInfo, AppInfoRequest, ArchiveImportRequest, ArchiveReport, ArchiveSurvey, ArchiveSurveyRequest, BallotImport, BallotPutRequest, BallotRow, BallotsImportRequest, BlurbAssignRequest, BlurbBoard, BlurbBoardRequest, Board, BoardRequest, BuildReport, CalendarExportRequest, CalendarItem, CalendarRequest, ConflictView, ConflictsRequest, DemoSeedRequest, DiffRun, DiffWordsRequest, DiscardUnsentRequest, DraftsFolderRequest, DraftsPollRequest, DraftsResolveRequest, DraftsStatus, DueReport, FindingSetAsideRequest, FindingView, History, HistoryRequest, Hit, ImportFilesRequest, ImportReport, MarksGetRequest, MarksView, MoveOutcome, MovesOfferedRequest, MyBlurb, MyBlurbsRequest, NewPiece, OfferedMove, Person, PersonAddRequest, Piece, PieceAccessRequest, PieceGetRequest, PieceMoveRequest, PieceSaveRequest, PieceScheduleRequest, Poll, PollAssembleRequest, PollBallotsRequest, PollDecideRequest, PollGetRequest, PollKeepApartRequest, PollMergeRequest, PollOpenRequest, PollPanel, PollResults, PollResultsRequest, PollSetOpenRequest, PollUnmergeRequest, PreviewRequest, Progress, PublishDueRequest, QueriesAtRequest, QueryAddRequest, QueryReattachRequest, QueryReplyRequest, QueryResolveRequest, QueryView, ResolveConflictRequest, RestoreRevisionRequest, SaveOutcome, ScheduleOutcome, SearchRequest, Shown, SignInRequest, SinceSubmitted, SinceSubmittedRequest, SiteBuildRequest, StyleCheckRequest, StyleSheetGetRequest, StyleSheetSetRequest, SuggestRequest, SuggestionDecideRequest, SyncDone, SyncRequest, SyncStatus, SyncStatusRequest, TaskCancelRequest, TaskProgressRequest } from './types';

/** An error from the desk: branch on `code`, show `message`. */
export class BackendError extends Error {
  constructor(
    public code: T.ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Carries one command and its request to a host, and brings back its response. */
export type Transport = (command: string, request: unknown) => Promise<unknown>;

function asBackendError(e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  const err = e as { code?: T.ErrorCode; message?: string } | null;
  if (err && typeof err === 'object' && typeof err.code === 'string' && typeof err.message === 'string')
    return new BackendError(err.code, err.message);
  return new BackendError('storage', err && typeof err === 'object' && typeof err.message === 'string' ? err.message : String(e));
}

/** The desktop app's transport: Tauri's IPC. */
export const tauriTransport: Transport = async (command, request) => {
  try {
    return await invoke(command, request as Record<string, unknown>);
  } catch (e) {
    throw asBackendError(e);
  }
};

/** `galley serve`'s transport: `POST {base}/api/COMMAND` with the request as the JSON body. */
export function httpTransport(base: string, token: string): Transport {
  const root = base.replace(/\/$/, '');
  return async (command, request) => {
    let res: Response;
    try {
      res = await fetch(`${root}/api/${command}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(request ?? {}),
      });
    } catch (e) {
      throw new BackendError('storage', `cannot reach the desk at ${root}: ${String(e)}`);
    }
    const text = await res.text();
    const body = text ? JSON.parse(text) : null;
    if (!res.ok) throw asBackendError(body ?? { code: 'storage', message: `${res.status} ${res.statusText}` });
    return body;
  };
}

/** The commands, typed, over `call`. */
export function client(call: Transport) {
  return {
    /**
     * What the window needs to start: the desk, its people, who is signed in.
     */
    appInfo: (request: AppInfoRequest = {}): Promise<AppInfo> => call('app_info', request) as Promise<AppInfo>,
    /**
     * Which Galley this is and where its desk and log are: for a bug report.
     */
    about: (request: AboutRequest = {}): Promise<About> => call('about', request) as Promise<About>,
    /**
     * Signs in as a person of the desk; every change after is made as them.
     */
    signIn: (request: SignInRequest): Promise<Person> => call('sign_in', request) as Promise<Person>,
    /**
     * Adds a person (anyone may add the first; then editors and admins).
     */
    personAdd: (request: PersonAddRequest): Promise<Person> => call('person_add', request) as Promise<Person>,
    /**
     * Fills an empty desk with the demo magazine; false if it had pieces.
     */
    demoSeed: (request: DemoSeedRequest = {}): Promise<boolean> => call('demo_seed', request) as Promise<boolean>,
    /**
     * A column per stage.
     */
    board: (request: BoardRequest = {}): Promise<Board> => call('board', request) as Promise<Board>,
    /**
     * Full-text search, best first.
     */
    search: (request: SearchRequest): Promise<Array<Hit>> => call('search', request) as Promise<Array<Hit>>,
    pieceGet: (request: PieceGetRequest): Promise<Piece> => call('piece_get', request) as Promise<Piece>,
    /**
     * Starts a draft with the person signed in as its byline.
     */
    pieceNew: (request: NewPiece): Promise<Piece> => call('piece_new', request) as Promise<Piece>,
    /**
     * Saves `content` as the revision after `base`; a stale base is a `conflict`.
     */
    pieceSave: (request: PieceSaveRequest): Promise<SaveOutcome> => call('piece_save', request) as Promise<SaveOutcome>,
    /**
     * Renders unsaved content; a broken theme gives the last good page with `error` set.
     */
    preview: (request: PreviewRequest): Promise<Shown> => call('preview', request) as Promise<Shown>,
    /**
     * The moves the person signed in may make on the piece now.
     */
    movesOffered: (request: MovesOfferedRequest): Promise<Array<OfferedMove>> => call('moves_offered', request) as Promise<Array<OfferedMove>>,
    /**
     * Whether the person signed in may edit the piece now, and if not, why (and which
     * blurbs of a list are theirs to write).
     */
    pieceAccess: (request: PieceAccessRequest): Promise<Access> => call('piece_access', request) as Promise<Access>,
    pieceMove: (request: PieceMoveRequest): Promise<MoveOutcome> => call('piece_move', request) as Promise<MoveOutcome>,
    /**
     * `wall` is `YYYY-MM-DD HH:MM` in `zone` (an IANA zone).
     */
    pieceSchedule: (request: PieceScheduleRequest): Promise<ScheduleOutcome> => call('piece_schedule', request) as Promise<ScheduleOutcome>,
    /**
     * Scheduled and published pieces between two instants.
     */
    calendar: (request: CalendarRequest): Promise<Array<CalendarItem>> => call('calendar', request) as Promise<Array<CalendarItem>>,
    history: (request: HistoryRequest): Promise<History> => call('history', request) as Promise<History>,
    diffWords: (request: DiffWordsRequest): Promise<Array<DiffRun>> => call('diff_words', request) as Promise<Array<DiffRun>>,
    restoreRevision: (request: RestoreRevisionRequest): Promise<SaveOutcome> => call('restore_revision', request) as Promise<SaveOutcome>,
    /**
     * Publishes what is due at `at` (default: now).
     */
    publishDue: (request: PublishDueRequest): Promise<DueReport> => call('publish_due', request) as Promise<DueReport>,
    /**
     * Long work: imports piece files as drafts; `task_progress` tells how far it got,
     * `task_cancel` stops it (and nothing is imported).
     */
    importFiles: (request: ImportFilesRequest): Promise<ImportReport> => call('import_files', request) as Promise<ImportReport>,
    /**
     * Long work: writes the whole site into `out`.
     */
    siteBuild: (request: SiteBuildRequest): Promise<BuildReport> => call('site_build', request) as Promise<BuildReport>,
    /**
     * A first pass over a WordPress or Ghost export: what it holds and the categories
     * to map to sections. A file that is not well formed is refused by line.
     */
    archiveSurvey: (request: ArchiveSurveyRequest): Promise<ArchiveSurvey> => call('archive_survey', request) as Promise<ArchiveSurvey>,
    /**
     * Long work: imports a WordPress or Ghost export, every post at the stage its
     * status says (`task_progress`, `task_cancel`; cancelled, nothing is imported).
     */
    archiveImport: (request: ArchiveImportRequest): Promise<ArchiveReport> => call('archive_import', request) as Promise<ArchiveReport>,
    /**
     * Writes the scheduled and published pieces between two instants to `path` as an
     * iCalendar file; answers how many events it holds.
     */
    calendarExport: (request: CalendarExportRequest): Promise<number> => call('calendar_export', request) as Promise<number>,
    /**
     * Keeps folder `dir` and the desk in step for the person signed in (null stops).
     */
    draftsFolder: (request: DraftsFolderRequest): Promise<DraftsStatus> => call('drafts_folder', request) as Promise<DraftsStatus>,
    /**
     * A pass of the drafts folder when its files or the desk changed; what stands.
     */
    draftsPoll: (request: DraftsPollRequest = {}): Promise<DraftsStatus> => call('drafts_poll', request) as Promise<DraftsStatus>,
    /**
     * Settles a conflict of the drafts folder: the file's version or the desk's.
     */
    draftsResolve: (request: DraftsResolveRequest): Promise<DraftsStatus> => call('drafts_resolve', request) as Promise<DraftsStatus>,
    /**
     * Where this desk stands with its shared desk (`not_shared` for a desk of its own).
     */
    syncStatus: (request: SyncStatusRequest = {}): Promise<SyncStatus> => call('sync_status', request) as Promise<SyncStatus>,
    /**
     * Takes in what others sent and sends this desk's changes. Offline or refused is
     * an answer (no `report`, the status says why), not an error.
     */
    sync: (request: SyncRequest = {}): Promise<SyncDone> => call('sync', request) as Promise<SyncDone>,
    /**
     * Pieces changed here and on the shared desk, each with base, mine and theirs.
     */
    conflicts: (request: ConflictsRequest = {}): Promise<Array<ConflictView>> => call('conflicts', request) as Promise<Array<ConflictView>>,
    /**
     * Keeps mine, theirs, or a third text (a piece file) as a new revision.
     */
    resolveConflict: (request: ResolveConflictRequest): Promise<SaveOutcome> => call('resolve_conflict', request) as Promise<SaveOutcome>,
    /**
     * Drops this desk's unsent changes to a piece the shared desk refused: it takes the
     * shared desk's version as a new revision (the dropped ones stay in its history).
     */
    discardUnsent: (request: DiscardUnsentRequest): Promise<SaveOutcome> => call('discard_unsent', request) as Promise<SaveOutcome>,
    /**
     * How far long work has got; null once it has ended.
     */
    taskProgress: (request: TaskProgressRequest): Promise<Progress | null> => call('task_progress', request) as Promise<Progress | null>,
    /**
     * Stops long work.
     */
    taskCancel: (request: TaskCancelRequest): Promise<null> => call('task_cancel', request) as Promise<null>,
    /**
     * A list's poll if it has one, what the person signed in may do with it, and their
     * own ballot; or, for a list without one, whether they may open it.
     */
    pollGet: (request: PollGetRequest): Promise<PollPanel> => call('poll_get', request) as Promise<PollPanel>,
    /**
     * Opens a list's poll (its section editors and editors). `closes` is
     * `YYYY-MM-DD HH:MM` in the publication's zone.
     */
    pollOpen: (request: PollOpenRequest): Promise<Poll> => call('poll_open', request) as Promise<Poll>,
    /**
     * Closes a poll to ballots, or reopens it; recorded with who and when.
     */
    pollSetOpen: (request: PollSetOpenRequest): Promise<Poll> => call('poll_set_open', request) as Promise<Poll>,
    /**
     * Writes a voter's ballot: one's own while the poll is open, or, for a section
     * editor, a voter's on their behalf (recorded as such).
     */
    ballotPut: (request: BallotPutRequest): Promise<null> => call('ballot_put', request) as Promise<null>,
    /**
     * Imports a spreadsheet of ballots (CSV or TSV): all its rows or none, a bad one
     * named by line and column. `columns` as the CLI's `--columns`.
     */
    ballotsImport: (request: BallotsImportRequest): Promise<BallotImport> => call('ballots_import', request) as Promise<BallotImport>,
    /**
     * Every ballot, with who entered it.
     */
    pollBallots: (request: PollBallotsRequest): Promise<Array<BallotRow>> => call('poll_ballots', request) as Promise<Array<BallotRow>>,
    /**
     * The count, the merges and decisions in force and the likely duplicates;
     * `compare` counts the same ballots under another scheme too.
     */
    pollResults: (request: PollResultsRequest): Promise<PollResults> => call('poll_results', request) as Promise<PollResults>,
    /**
     * Counts candidate `from` as `into` (each a place or `Creator|Title`).
     */
    pollMerge: (request: PollMergeRequest): Promise<null> => call('poll_merge', request) as Promise<null>,
    /**
     * Undoes the merge of spelling `from` (`Creator|Title`).
     */
    pollUnmerge: (request: PollUnmergeRequest): Promise<null> => call('poll_unmerge', request) as Promise<null>,
    /**
     * Two candidates are two works: not offered as duplicates again.
     */
    pollKeepApart: (request: PollKeepApartRequest): Promise<null> => call('poll_keep_apart', request) as Promise<null>,
    /**
     * Decides a tie the rules leave: `above` before `below`, for the reason given.
     */
    pollDecide: (request: PollDecideRequest): Promise<null> => call('poll_decide', request) as Promise<null>,
    /**
     * Makes the top `top` candidates the list's entries; blurbs already written stay.
     */
    pollAssemble: (request: PollAssembleRequest): Promise<SaveOutcome> => call('poll_assemble', request) as Promise<SaveOutcome>,
    /**
     * Gives an entry's blurb to a person (default: the one suggested), due on `due`
     * (`YYYY-MM-DD`); answers with the person's name.
     */
    blurbAssign: (request: BlurbAssignRequest): Promise<string> => call('blurb_assign', request) as Promise<string>,
    /**
     * The blurbs of the poll's list per contributor, and who is suggested for the rest.
     */
    blurbBoard: (request: BlurbBoardRequest): Promise<BlurbBoard> => call('blurb_board', request) as Promise<BlurbBoard>,
    /**
     * The blurbs given to the person signed in, on every list.
     */
    myBlurbs: (request: MyBlurbsRequest = {}): Promise<Array<MyBlurb>> => call('my_blurbs', request) as Promise<Array<MyBlurb>>,
    /**
     * A piece's queries and suggestions, what the person signed in may do with them,
     * and the body with every suggestion accepted.
     */
    marksGet: (request: MarksGetRequest): Promise<MarksView> => call('marks_get', request) as Promise<MarksView>,
    /**
     * Asks a query on characters `start`..`end` of `field` (`body`, `headline`, `dek`,
     * `review.KEY`, `blurb.RANK`).
     */
    queryAdd: (request: QueryAddRequest): Promise<QueryView> => call('query_add', request) as Promise<QueryView>,
    queryReply: (request: QueryReplyRequest): Promise<QueryView> => call('query_reply', request) as Promise<QueryView>,
    /**
     * Resolves (`resolved`) or reopens a query.
     */
    queryResolve: (request: QueryResolveRequest): Promise<QueryView> => call('query_resolve', request) as Promise<QueryView>,
    /**
     * Puts a query (an orphaned one, or one that moved) on characters `start`..`end`.
     */
    queryReattach: (request: QueryReattachRequest): Promise<QueryView> => call('query_reattach', request) as Promise<QueryView>,
    /**
     * The differences of `text` from `field` become the suggestions of the person
     * signed in there (their earlier open ones on it are replaced); `via` credits a
     * house-style rule.
     */
    suggest: (request: SuggestRequest): Promise<MarksView> => call('suggest', request) as Promise<MarksView>,
    /**
     * Accepts or rejects one suggestion, or every open one of `all_of`.
     */
    suggestionDecide: (request: SuggestionDecideRequest): Promise<MarksView> => call('suggestion_decide', request) as Promise<MarksView>,
    /**
     * House-style findings on the piece, or on `content` as it is being typed.
     */
    styleCheck: (request: StyleCheckRequest): Promise<Array<FindingView>> => call('style_check', request) as Promise<Array<FindingView>>,
    /**
     * Sets a finding aside for this piece.
     */
    findingSetAside: (request: FindingSetAsideRequest): Promise<MarksView> => call('finding_set_aside', request) as Promise<MarksView>,
    /**
     * The style sheet (YAML) as the desk has it.
     */
    styleSheetGet: (request: StyleSheetGetRequest = {}): Promise<string> => call('style_sheet_get', request) as Promise<string>,
    /**
     * Replaces the style sheet (editors); a bad sheet is refused with its line.
     */
    styleSheetSet: (request: StyleSheetSetRequest): Promise<null> => call('style_sheet_set', request) as Promise<null>,
    /**
     * The word diff since the piece was submitted to the copy desk (null if never).
     */
    sinceSubmitted: (request: SinceSubmittedRequest): Promise<SinceSubmitted | null> => call('since_submitted', request) as Promise<SinceSubmitted | null>,
    /**
     * The queries as they stood at one revision.
     */
    queriesAt: (request: QueriesAtRequest): Promise<Array<QueryView>> => call('queries_at', request) as Promise<Array<QueryView>>,
  };
}

export type Client = ReturnType<typeof client>;

/** Every declared command's name. */
export const COMMANDS = ['app_info', 'about', 'sign_in', 'person_add', 'demo_seed', 'board', 'search', 'piece_get', 'piece_new', 'piece_save', 'preview', 'moves_offered', 'piece_access', 'piece_move', 'piece_schedule', 'calendar', 'history', 'diff_words', 'restore_revision', 'publish_due', 'import_files', 'site_build', 'archive_survey', 'archive_import', 'calendar_export', 'drafts_folder', 'drafts_poll', 'drafts_resolve', 'sync_status', 'sync', 'conflicts', 'resolve_conflict', 'discard_unsent', 'task_progress', 'task_cancel', 'poll_get', 'poll_open', 'poll_set_open', 'ballot_put', 'ballots_import', 'poll_ballots', 'poll_results', 'poll_merge', 'poll_unmerge', 'poll_keep_apart', 'poll_decide', 'poll_assemble', 'blurb_assign', 'blurb_board', 'my_blurbs', 'marks_get', 'query_add', 'query_reply', 'query_resolve', 'query_reattach', 'suggest', 'suggestion_decide', 'style_check', 'finding_set_aside', 'style_sheet_get', 'style_sheet_set', 'since_submitted', 'queries_at'] as const;
