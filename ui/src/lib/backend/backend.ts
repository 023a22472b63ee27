// The one interface the UI uses to reach the desk. `tauri.ts` implements it over Tauri's IPC
// (and is the only importer of @tauri-apps/*); `mock.ts` implements it in memory for tests and
// for running the UI in a plain browser.

import type {
  AppInfo,
  Board,
  BuildReport,
  CalendarItem,
  Content,
  DiffRun,
  DueReport,
  Hit,
  History,
  ImportReport,
  MoveOutcome,
  NewPiece,
  OfferedMove,
  Person,
  Progress,
  Piece,
  Role,
  SaveOutcome,
  ScheduleOutcome,
  Shown,
  Stage,
  View,
  Width,
} from './types';

export type * from './types';

export type { AppInfo } from './types';
export { BackendError } from './client';

export interface Backend {
  appInfo(): Promise<AppInfo>;
  signIn(name: string): Promise<Person>;
  personAdd(name: string, roles: Role[], sections: string[]): Promise<Person>;
  demoSeed(): Promise<boolean>;
  board(): Promise<Board>;
  search(query: string, limit: number): Promise<Hit[]>;
  pieceGet(id: string): Promise<Piece>;
  pieceNew(spec: NewPiece): Promise<Piece>;
  /** Saves `content` as the revision after `base`; a stale base fails with code `conflict`. */
  pieceSave(id: string, content: Content, base: number, note: string | null): Promise<SaveOutcome>;
  /** Renders unsaved content; a broken theme gives the last good page with `error` set. */
  preview(id: string, content: Content, view: View, width: Width): Promise<Shown>;
  movesOffered(id: string): Promise<OfferedMove[]>;
  pieceMove(id: string, to: Stage, note: string | null): Promise<MoveOutcome>;
  /** `wall` is `YYYY-MM-DD HH:MM` in `zone` (an IANA zone). */
  pieceSchedule(id: string, wall: string, zone: string): Promise<ScheduleOutcome>;
  /** RFC 3339 instants. */
  calendar(from: string, to: string): Promise<CalendarItem[]>;
  history(id: string): Promise<History>;
  diffWords(id: string, a: number, b: number): Promise<DiffRun[]>;
  restoreRevision(id: string, number: number, base: number): Promise<SaveOutcome>;
  publishDue(at: string | null): Promise<DueReport>;
  /** Long work: `onProgress` hears how far it has got; `cancelTask(task)` stops it (an
   *  import then writes nothing; a site build leaves the pages written so far). */
  importFiles(paths: string[], task?: number, onProgress?: (p: Progress) => void): Promise<ImportReport>;
  siteBuild(out: string, task?: number, onProgress?: (p: Progress) => void): Promise<BuildReport>;
  cancelTask(task: number): Promise<void>;
}
