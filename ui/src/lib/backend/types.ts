// Generated from Galley's Rust types by `cargo test` (src/api/types.rs). Do not edit:
// run `GALLEY_BLESS=1 cargo test --workspace ipc_types` after changing a type.

export type Stage = "draft" | "copyedit" | "scheduled" | "published" | "spiked";

export type Move = "create" | "archive" | "submit" | "return" | "schedule" | "unschedule" | "publish" | "correct" | "spike" | "restore";

export type Role = "writer" | "copy_editor" | "editor" | "section_editor" | "admin";

export type Person = { id: number, name: string, roles: Array<Role>, 
/**
 * The sections a section editor edits (data, not code: "Music", "Film", ...).
 */
sections: Array<string>, };

export type Kind = "review" | "list" | "feature";

export type ListOrder = "countdown" | "countup";

export type Content = { kind: Kind, section: string, headline: string, dek: string, slug: string, bylines: Array<string>, tags: Array<string>, image: Image | null, review: Review | null, list: PieceList | null, 
/**
 * Correction notes of a published piece, oldest first; each is shown on the page.
 */
corrections: Array<Correction>, 
/**
 * Markdown. Line endings are `\n`.
 */
body: string, };

export type Image = { src: string, alt: string | null, caption: string | null, credit: string | null, };

export type Correction = { at: string, note: string, };

export type PieceList = { 
/**
 * What is ranked: song, album, film, book, ...
 */
item: string, order: ListOrder, page_size: number, entries: Array<Entry>, 
/**
 * How the list was made, printed under it (a poll's assembly writes it).
 */
method: string | null, 
/**
 * Every voter's ballot, for a page after the list's own; empty, no such page.
 */
ballots: Array<VoterBallot>, };

export type VoterBallot = { voter: string, picks: Array<string>, };

export type Entry = { rank: number, creator: string | null, title: string | null, contributor: string | null, blurb: string | null, link: string | null, 
/**
 * When the blurb is due (`YYYY-MM-DD`).
 */
due: string | null, 
/**
 * The contributor has handed the blurb in.
 */
done: boolean, };

export type Piece = { id: string, stage: Stage, 
/**
 * Grows by one with every saved change, moves included.
 */
revision: number, created_at: string, updated_at: string, scheduled_at: string | null, 
/**
 * The IANA zone the editor scheduled in, e.g. `Europe/London`.
 */
schedule_zone: string | null, published_at: string | null, content: Content, };

export type Review = { subject: Subject, 
/**
 * On the magazine's scale (0–10 by default).
 */
score?: number | null, };

export type Subject = { "medium": "film" } & Film | { "medium": "album" } & Album | { "medium": "book" } & Book | { "medium": "stage" } & StageShow | { "medium": "television" } & Television | { "medium": "game" } & Game;

export type Film = { title: string | null, director: Array<string>, cast: Array<string>, rated: string | null, studio: string | null, year: number | null, 
/**
 * Minutes.
 */
runtime: number | null, releases: Array<Release>, };

export type Release = { region: string, date: string, note: string | null, };

export type Album = { title: string | null, artist: string | null, label: string | null, released: string | null, genre: Array<string>, };

export type Book = { title: string | null, author: Array<string>, publisher: string | null, published: string | null, pages: number | null, isbn: string | null, };

export type StageShow = { title: string | null, playwright: string | null, director: string | null, cast: Array<string>, venue: string | null, city: string | null, opened: string | null, closes: string | null, };

export type Television = { title: string | null, season: number | null, network: string | null, creator: Array<string>, cast: Array<string>, premiered: string | null, };

export type Game = { title: string | null, developer: string | null, publisher: string | null, platform: Array<string>, released: string | null, };

export type Error = { code: ErrorCode, message: string, };

export type ErrorCode = "bad_input" | "not_found" | "ambiguous" | "refused" | "conflict" | "incompatible" | "storage" | "cancelled" | "render" | "offline";

export type Board = { columns: Array<Column>, };

export type Column = { stage: Stage, 
/**
 * Pieces in this stage; the column shows at most [`COLUMN_LIMIT`], the most relevant first.
 */
total: number, cards: Array<Card>, };

export type Card = { id: string, short_id: string, kind: Kind, section: string, headline: string, bylines: Array<string>, word_count: number, scheduled_at: string | null, schedule_zone: string | null, published_at: string | null, updated_at: string, };

export type Hit = { id: string, kind: Kind, section: string, stage: Stage, headline: string, 
/**
 * The best-matching passage, split into plain and highlighted runs.
 */
snippet: Array<Run>, 
/**
 * BM25: lower is better.
 */
score: number, };

export type Run = { text: string, hit: boolean, };

export type PieceView = { word_count: number, id: string, stage: Stage, 
/**
 * Grows by one with every saved change, moves included.
 */
revision: number, created_at: string, updated_at: string, scheduled_at: string | null, 
/**
 * The IANA zone the editor scheduled in, e.g. `Europe/London`.
 */
schedule_zone: string | null, published_at: string | null, content: Content, };

export type SaveOutcome = { id: string, revision: number, 
/**
 * False when the text was the same as the stored piece's: no revision was written.
 */
changed: boolean, added_people: Array<string>, };

export type MoveOutcome = { id: string, move: Move, from: Stage, to: Stage, revision: number, };

export type ScheduleOutcome = { id: string, scheduled_at: string, zone: string, 
/**
 * The wall-clock time in the zone, as the editor gave it.
 */
local: string, 
/**
 * Said when the time was ambiguous and the earlier one was taken.
 */
notice: string | null, revision: number, };

export type History = { revisions: Array<RevisionRow>, transitions: Array<TransitionRow>, };

export type RevisionRow = { number: number, stage: Stage, why: string, note: string | null, 
/**
 * `None` for the scheduler.
 */
who: string | null, at: string, };

export type TransitionRow = { from: Stage | null, to: Stage, move: Move, who: string | null, at: string, note: string | null, revision: number, };

export type ImportReport = { pieces: Array<Imported>, 
/**
 * Bylines and contributors who were not people of the desk, added as writers.
 */
added_people: Array<string>, 
/**
 * Things the importer did that the user should know about.
 */
notices: Array<string>, };

export type Imported = { file: string, id: string, headline: string, };

export type DueReport = { published: Array<Published>, 
/**
 * Due pieces left scheduled because they no longer meet the rules (an editor emptied the
 * dek after scheduling, say), with the refusal.
 */
held: Array<Held>, };

export type Published = { id: string, headline: string, published_at: string, };

export type Held = { id: string, headline: string, reason: string, };

export type OfferedMove = { move: Move, to: Stage, 
/**
 * The rule asks for a note (returning, spiking, restoring, correcting).
 */
needs_note: boolean, 
/**
 * The move needs a time and zone: the schedule dialog.
 */
needs_time: boolean, };

export type Access = { 
/**
 * May edit its content (a published piece by a correction).
 */
edit: boolean, 
/**
 * Otherwise, the ranks of the list entries whose blurbs they write.
 */
blurbs: Array<number>, 
/**
 * Why they may not edit it, in the core's words; null when they may.
 */
reason: string | null, };

export type CalendarItem = { id: string, headline: string, section: string, kind: Kind, stage: Stage, at: string, zone: string | null, };

export type DiffRun = { change: DiffChange, text: string, };

export type DiffChange = "same" | "added" | "removed";

export type View = { "view": "article" } | { "view": "teaser" } | { "view": "front" } | { "view": "list", "page": number };

export type Width = "desktop" | "tablet" | "phone";

export type BuildReport = { 
/**
 * HTML pages written (articles, list pages, front and section pages).
 */
pages: number, 
/**
 * All files written, feed, sitemap and stylesheet included.
 */
files: number, bytes: number, seconds: number, };

export type Shown = { html: string, 
/**
 * The error of this render, if it failed; `html` is then the last good render (marked) or
 * a page that says what went wrong.
 */
error: string | null, };

export type Progress = { phase: Phase, done: number, total: number, };

export type Phase = "reading" | "writing" | "rendering";

export type SyncStatus = { shared: boolean, url: string | null, 
/**
 * Whose desk this is on the shared desk.
 */
person: string | null, 
/**
 * `synced`, `to_send`, `offline`, `conflict` or `refused` (`not_shared` for a desk of its own).
 */
state: string, 
/**
 * Pieces with changes still to send.
 */
to_send: number, conflicts: number, 
/**
 * What the last sync said: the server's refusal, or why it could not be reached.
 */
message: string | null, synced_at: string | null, 
/**
 * The pieces whose changes are still to send.
 */
waiting: Array<PieceRef>, };

export type PieceRef = { id: string, headline: string, };

export type SyncReport = { 
/**
 * Headlines of the pieces others changed that this desk took in.
 */
received: Array<string>, 
/**
 * Changes this desk sent (a revision of a piece, the people, the settings).
 */
sent: number, 
/**
 * Pieces changed here and on the shared desk: kept, not merged.
 */
conflicts: Array<ConflictSummary>, notices: Array<string>, };

export type ConflictSummary = { id: string, headline: string, theirs_who: string | null, };

export type ConflictView = { id: string, headline: string, base: string | null, mine: string, theirs: string, theirs_who: string | null, theirs_revision: number, 
/**
 * Base to mine, and base to theirs, word by word.
 */
mine_changes: Array<DiffRun>, theirs_changes: Array<DiffRun>, 
/**
 * Mine as a plain piece file (its content only, without the workflow's keys, which a
 * resolution takes from the shared desk): where a third version starts.
 */
draft: string, };

export type KeepChoice = "mine" | "theirs" | "text";

export type Scheme = { "kind": "points", points: Array<number>, } | { "kind": "borda" } | { "kind": "mentions" } | { "kind": "split", total: number, min: number, max: number, } | { "kind": "metacritic" };

export type TieBreak = "points" | "mentions" | "firsts";

export type Rules = { scheme: Scheme, 
/**
 * The scheme in words, as the methodology line says it.
 */
described: string, ballot_size: number | null, 
/**
 * Points for each pick of an unranked ballot.
 */
unranked_weight: number, tie_breaks: Array<TieBreak>, 
/**
 * Only works of these years count (first, last).
 */
eligible: [number, number] | null, };

export type PollEvent = { at: string, who: string, 
/**
 * `open`, `close` or `reopen`.
 */
what: string, };

export type Poll = { id: string, 
/**
 * The list piece it belongs to.
 */
list: string, headline: string, subject: string, rules: Rules, open: boolean, closes_at: string | null, ballots: number, events: Array<PollEvent>, };

export type BallotPick = { creator: string, title: string, rank: number | null, points: number | null, year: number | null, };

export type BallotRow = { voter: string, entered_by: string, picks: Array<BallotPick>, };

export type Placed = { place: number, 
/**
 * Shares its place with a neighbour (`=12`) until the chain or an editor decides.
 */
tied: boolean, 
/**
 * How the poll's commands name it: `Creator|Title` (the title alone without a creator).
 */
name: string, creator: string, title: string, 
/**
 * The other spellings counted as this work.
 */
merged_spellings: Array<string>, points: number, mentions: number, 
/**
 * Votes at each rank: first places, second places, ...
 */
by_rank: Array<number>, voters: Array<string>, 
/**
 * What put it above the next: a rule of the chain, an editor's decision, or null.
 */
above_next: string | null, };

export type Tally = { ballots: number, 
/**
 * Every counted pick's points together.
 */
total_points: number, candidates: Array<Placed>, 
/**
 * Picks not counted, and why.
 */
notices: Array<string>, };

export type BallotImport = { ballots: number, picks: number, 
/**
 * Voters who were not people of the desk, added as writers.
 */
added_people: Array<string>, };

export type PollRights = { 
/**
 * Run it: settings, closing, imports, merges, decisions, assembly, blurbs.
 */
run: string | null, 
/**
 * Enter or change their own ballot.
 */
vote: string | null, };

export type MergeView = { 
/**
 * The merged spelling as `unmerge_candidates` takes it (`Creator|Title`).
 */
from: string, 
/**
 * The work it is counted as, spelled as the tally spells it.
 */
into: string, who: string, at: string, };

export type DecisionView = { above: string, below: string, who: string, why: string, };

export type CandidateRef = { creator: string, title: string, place: number, mentions: number, };

export type DuplicatePair = { a: CandidateRef, b: CandidateRef, why: string, };

export type BlurbProgress = { 
/**
 * Ranks with no contributor yet.
 */
unassigned: Array<number>, 
/**
 * Per contributor: the ranks assigned without a blurb yet, those with one, and those
 * handed in.
 */
contributors: Array<ContributorBlurbs>, };

export type ContributorBlurbs = { name: string, assigned: Array<number>, drafted: Array<number>, done: Array<number>, 
/**
 * The earliest due date of those not handed in.
 */
next_due: string | null, };

export type MyBlurb = { list: string, headline: string, rank: number, creator: string | null, title: string | null, due: string | null, 
/**
 * Past its due date (in the publication's zone) and not handed in.
 */
late: boolean, 
/**
 * It has text.
 */
drafted: boolean, done: boolean, 
/**
 * The list is still open to blurbs (a draft or in copyedit).
 */
writable: boolean, };

export type BlurbSuggestion = { rank: number, name: string, };

export type MarkStatus = "anchored" | "moved" | "orphaned";

export type QueryView = { id: string, field: string, quote: string, prefix: string, suffix: string, start: number, end: number, status: MarkStatus, open: boolean, messages: Array<MessageView>, events: Array<QueryEventView>, };

export type MessageView = { id: string, author: string, at: string, text: string, };

export type QueryEventView = { resolved: boolean, by: string, at: string, };

export type SuggestionView = { id: string, field: string, author: string, at: string, 
/**
 * `insertion`, `deletion` or `replacement`.
 */
what: string, quote: string, insert: string, start: number, end: number, 
/**
 * The house-style rule whose fix it is, when it came from one.
 */
via: string | null, 
/**
 * Its words changed since it was made: it cannot be accepted.
 */
stale: boolean, 
/**
 * `open`, `accepted` or `rejected`.
 */
state: string, decided_by: string | null, };

export type MarksView = { revision: number, queries: Array<QueryView>, suggestions: Array<SuggestionView>, may_query: boolean, may_suggest: boolean, may_decide: boolean, 
/**
 * The body with every open suggestion that can be accepted accepted: what the preview
 * shows when asked for the piece with its suggestions.
 */
accepted: string, 
/**
 * The body with the open suggestions of the person asking accepted: their proposal, the
 * text they edit in suggesting mode.
 */
mine: string, };

export type FindingView = { rule: string, message: string, field: string, start: number, end: number, quote: string, fix: string | null, };

export type FieldDiff = { field: string, runs: Array<DiffRun>, };

export type SinceSubmitted = { from: number, to: number, 
/**
 * Who submitted, and who returned it (when it came back).
 */
submitted_by: string | null, returned_by: string | null, 
/**
 * Only the fields that changed.
 */
fields: Array<FieldDiff>, };

export type Source = "wordpress" | "ghost";

export type ArchiveSurvey = { posts: number, pages: number, attachments: number, 
/**
 * Posts and pages in the trash: skipped.
 */
trashed: number, 
/**
 * Items of other types (menu items, custom post types, revisions): skipped.
 */
other: number, 
/**
 * Categories (WordPress) or primary tags (Ghost) with how many posts and pages have each.
 */
categories: Array<ArchiveCategory>, };

export type ArchiveCategory = { name: string, count: number, };

export type ArchiveOptions = { 
/**
 * Category (WordPress) or primary tag (Ghost) → the desk's section. A category not named
 * here becomes a section of its own name.
 */
sections: { [key in string]: string }, 
/**
 * The section of posts with no category; "Archive" when empty.
 */
default_section: string, 
/**
 * Custom field → fact-box field (`review.director`) or `dek`.
 */
meta: { [key in string]: string }, 
/**
 * When set, each post (not page) becomes a review of this medium (`film`, `album`, ...).
 */
review: string | null, };

export type ArchiveReport = { survey: ArchiveSurvey, pieces: Array<Imported>, published: number, scheduled: number, copyedit: number, drafts: number, added_people: Array<string>, notices: Array<string>, };

export type DraftsStatus = { dir: string | null, conflicts: Array<DraftConflict>, errors: Array<DraftError>, changed: Array<string>, 
/**
 * What the last pass did, a line each.
 */
activity: Array<string>, };

export type DraftConflict = { file: string, id: string, headline: string, 
/**
 * The revision the file was written from, and the piece's now.
 */
file_revision: number, desk_revision: number, 
/**
 * The file as it is in the folder.
 */
file_text: string, 
/**
 * The piece as the desk has it, as a piece file.
 */
desk_text: string, };

export type DraftError = { file: string, line: number | null, key: string | null, message: string, };

export type KeepDraft = "file" | "desk";

// The commands' requests and responses (src/api/commands.rs).

export type AppInfoRequest = Record<symbol, never>;

export type AppInfo = { db_path: string, zone: string, people: Array<Person>, actor: string | null, pieces: number, };

export type AboutRequest = Record<symbol, never>;

export type About = { version: string, desk_path: string, 
/**
 * Where this host writes its log, if it writes one.
 */
log_path: string | null, };

export type SignInRequest = { name: string, };

export type PersonAddRequest = { name: string, roles: Array<Role>, sections: Array<string>, };

export type DemoSeedRequest = Record<symbol, never>;

export type BoardRequest = Record<symbol, never>;

export type SearchRequest = { query: string, limit: number, };

export type PieceGetRequest = { id: string, };

export type NewPiece = { kind: Kind, section: string, 
/**
 * For a review: film, album, book, stage, television or game.
 */
medium: string | null, headline: string, };

export type PieceSaveRequest = { id: string, content: Content, base: number, note: string | null, };

export type PreviewRequest = { id: string, content: Content, view: View, width: Width, };

export type MovesOfferedRequest = { id: string, };

export type PieceAccessRequest = { id: string, };

export type PieceMoveRequest = { id: string, to: Stage, note: string | null, };

export type PieceScheduleRequest = { id: string, wall: string, zone: string, };

export type CalendarRequest = { from: string, to: string, };

export type HistoryRequest = { id: string, };

export type DiffWordsRequest = { id: string, a: number, b: number, };

export type RestoreRevisionRequest = { id: string, number: number, base: number, };

export type PublishDueRequest = { at: string | null, };

export type ImportFilesRequest = { paths: Array<string>, task: number, };

export type SiteBuildRequest = { out: string, task: number, };

export type ArchiveSurveyRequest = { source: Source, path: string, };

export type ArchiveImportRequest = { source: Source, path: string, options: ArchiveOptions, task: number, };

export type CalendarExportRequest = { path: string, from: string, to: string, };

export type DraftsFolderRequest = { dir: string | null, };

export type DraftsPollRequest = Record<symbol, never>;

export type DraftsResolveRequest = { id: string, 
/**
 * The conflict's file, as the conflict names it.
 */
file: string | null, keep: KeepDraft, };

export type SyncStatusRequest = Record<symbol, never>;

export type SyncRequest = Record<symbol, never>;

export type SyncDone = { report: SyncReport | null, status: SyncStatus, };

export type ConflictsRequest = Record<symbol, never>;

export type ResolveConflictRequest = { id: string, keep: KeepChoice, 
/**
 * The third version, as a piece file (front matter and body).
 */
text: string | null, };

export type DiscardUnsentRequest = { id: string, };

export type TaskProgressRequest = { task: number, };

export type TaskCancelRequest = { task: number, };

export type PollGetRequest = { list: string, };

export type PollPanel = { poll: Poll | null, 
/**
 * With a poll: what the person signed in may do with it.
 */
rights: PollRights | null, 
/**
 * Without one: null if they may open it, else why not.
 */
may_open: string | null, 
/**
 * Their own ballot, if they have entered one.
 */
my_ballot: Array<BallotPick> | null, };

export type PollOpenRequest = { list: string, 
/**
 * What is voted on: song, album, film, ...
 */
subject: string, scheme: Scheme, ballot_size: number | null, 
/**
 * Points for each pick of an unranked ballot (default 1).
 */
unranked_weight: number | null, 
/**
 * The chain, first rule first (points is put first if it is missing).
 */
tie_breaks: Array<TieBreak>, 
/**
 * Only works of these years count (first, last).
 */
eligible: [number, number] | null, closes: string | null, };

export type PollSetOpenRequest = { poll: string, open: boolean, };

export type BallotPutRequest = { poll: string, 
/**
 * A person of the desk; the person signed in for their own ballot.
 */
voter: string, picks: Array<BallotPick>, };

export type BallotsImportRequest = { poll: string, path: string, 
/**
 * `voter=COL,title=COL[,creator=COL,rank=COL,points=COL,year=COL]`, COL a header or a
 * column's number from 1.
 */
columns: string, };

export type PollBallotsRequest = { poll: string, };

export type PollResultsRequest = { poll: string, compare: Scheme | null, };

export type PollResults = { tally: Tally, 
/**
 * The same ballots under the scheme asked to compare with.
 */
compare: Tally | null, merges: Array<MergeView>, decisions: Array<DecisionView>, duplicates: Array<DuplicatePair>, };

export type PollMergeRequest = { poll: string, into: string, from: string, };

export type PollUnmergeRequest = { poll: string, from: string, };

export type PollKeepApartRequest = { poll: string, a: string, b: string, };

export type PollDecideRequest = { poll: string, above: string, below: string, why: string, };

export type PollAssembleRequest = { poll: string, top: number, 
/**
 * A page of every voter's ballot after the list's own.
 */
ballots: boolean, };

export type BlurbAssignRequest = { poll: string, rank: number, person: string | null, due: string | null, };

export type BlurbBoardRequest = { poll: string, };

export type BlurbBoard = { progress: BlurbProgress, suggestions: Array<BlurbSuggestion>, };

export type MyBlurbsRequest = Record<symbol, never>;

export type MarksGetRequest = { id: string, };

export type QueryAddRequest = { id: string, field: string, start: number, end: number, text: string, };

export type QueryReplyRequest = { id: string, query: string, text: string, };

export type QueryResolveRequest = { id: string, query: string, resolved: boolean, };

export type QueryReattachRequest = { id: string, query: string, start: number, end: number, };

export type SuggestRequest = { id: string, field: string, text: string, via: string | null, };

export type SuggestionDecideRequest = { id: string, suggestion: string | null, all_of: string | null, accept: boolean, };

export type StyleCheckRequest = { id: string, content: Content | null, };

export type FindingSetAsideRequest = { id: string, rule: string, field: string, quote: string, };

export type StyleSheetGetRequest = Record<symbol, never>;

export type StyleSheetSetRequest = { text: string, };

export type SinceSubmittedRequest = { id: string, };

export type QueriesAtRequest = { id: string, number: number, };
