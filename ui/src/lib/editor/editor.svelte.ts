// One open piece: the text being edited, whether it is saved, and the autosave.
//
// Autosave: a change is saved once typing pauses (`idleMs`), and never later than `maxWaitMs`
// after the first unsaved change, so every change is on disk within a second even while the
// writer types without stopping. One save at a time: changes made during a save go in the next.
// A save names the revision it started from; if the piece changed elsewhere the core refuses it
// as a conflict, and nothing more is saved until the person chooses (see `loadTheirs` and
// `keepMine`): never a silent overwrite.
//
// A published piece changes only by a correction with a note, so its edits are held until the
// workflow's Correct move saves them with one.

import { BackendError, type Backend } from '../backend/backend';
import type { Access, Content, Entry, Person, Piece } from '../backend/types';
import { codeOf, messageOf } from '../shared/errors';
import { countWords } from './codemirror/wordCount/count';
import { PreviewController } from './preview.svelte';
import { addEntry, moveEntry, removeEntry } from './entries';

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'failed' | 'conflict' | 'correction';

export const SAVE_LABELS: Record<SaveState, string> = {
  saved: 'Saved',
  saving: 'Saving…',
  unsaved: 'Unsaved',
  failed: 'Not saved',
  conflict: 'Changed elsewhere',
  correction: 'Unsaved: publish as a correction',
};

export type EditorOptions = {
  /** Save after typing pauses this long. */
  idleMs?: number;
  /** ...and at the latest this long after the first unsaved change. */
  maxWaitMs?: number;
  /** Passed to the preview (0: no debounce, one render in flight). */
  previewDelayMs?: number;
  /** Called when a save has landed and no other is under way (the shared desk syncs then). */
  onsaved?: () => void;
  /** What the person may change of the piece, as the core said (`piece_access`); asked for
   * when not given. */
  access?: Access;
};

export class EditorController {
  piece: Piece = $state() as Piece;
  content: Content = $state() as Content;
  saveState: SaveState = $state('saved');
  saveError: string | null = $state(null);
  /** Bylines or contributors the last save added to the desk as writers. */
  addedPeople: string[] = $state([]);
  readonly = $state(false);
  /** The core's word on what the person may change now, and why not. */
  access: Access = $state({ edit: true, blurbs: [], reason: null });
  /** Words in the body, kept by the body editor's word count (counted here on load). */
  bodyWords = $state(0);
  /** Bumped when the text is replaced from outside (a reload), so the body editor takes it. */
  loads = $state(0);
  readonly preview: PreviewController;

  private edits = $state(0);
  private savedEdits = $state(0);
  private idle: ReturnType<typeof setTimeout> | null = null;
  private maxWait: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<void> | null = null;
  private rerun = false;
  private idleMs: number;
  private maxWaitMs: number;
  private onsaved: () => void;
  /** Hears the content after every change and load (the copy desk's style check as it is
   * typed); set by `listen`. */
  private onedit: (content: Content) => void = () => {};
  /** The body the preview shows instead of the text (the copy desk's "with suggestions"). */
  private previewBody: (() => string) | null = null;

  constructor(
    private backend: Backend,
    piece: Piece,
    readonly person: Person,
    opts: EditorOptions = {},
  ) {
    this.idleMs = opts.idleMs ?? 400;
    this.maxWaitMs = opts.maxWaitMs ?? 900;
    this.onsaved = opts.onsaved ?? (() => {});
    if (opts.access) this.access = opts.access;
    this.preview = new PreviewController(backend, piece.id, opts.previewDelayMs ?? 0);
    this.load(piece);
    if (!opts.access) void this.fetchAccess();
  }

  /** Asks the core again what the person may change (after a move, or others' changes). */
  async fetchAccess(): Promise<void> {
    try {
      this.access = await this.backend.pieceAccess({ id: this.piece.id });
      this.readonly = !this.access.edit;
    } catch {
      // The piece stays as it was shown; a save the core refuses says why.
    }
  }

  get id(): string {
    return this.piece.id;
  }

  get dirty(): boolean {
    return this.edits !== this.savedEdits;
  }

  /** Words in the body and the list's blurbs, as the desk counts length. */
  get words(): number {
    return this.bodyWords + (this.content.list?.entries ?? []).reduce((n, e) => n + countWords(e.blurb ?? ''), 0);
  }

  /** Whether the person writes only some blurbs of this list (the core's `access.blurbs`). */
  get blurbsOnly(): boolean {
    return this.readonly && this.access.blurbs.length > 0;
  }

  /** Whether the person may write entry `rank`'s blurb: they edit the piece, or it is theirs. */
  writesBlurb(rank: number): boolean {
    return !this.readonly || this.access.blurbs.includes(rank);
  }

  /** Changes the text; everything that edits the piece comes through here. */
  update(mutate: (c: Content) => void): void {
    if (this.readonly) return;
    this.change(mutate);
  }

  /** Writes entry `index`'s blurb, or marks it handed in: for a contributor, only their own. */
  setBlurb(index: number, key: 'blurb' | 'done', value: string | boolean): void {
    const e = this.content.list?.entries[index];
    if (!e || !this.writesBlurb(e.rank)) return;
    this.change((c) => {
      const x = c.list!.entries[index];
      if (key === 'blurb') x.blurb = value as string;
      else x.done = value as boolean;
    });
  }

  /** Listens to every change from now on (one listener: the open piece's copy desk). */
  listen(onedit: (content: Content) => void): void {
    this.onedit = onedit;
  }

  /** Shows `body()` in the preview instead of the text, or (null) the text again. */
  showInPreview(body: (() => string) | null): void {
    this.previewBody = body;
    this.refreshPreview();
  }

  refreshPreview(): void {
    this.preview.request(this.forPreview($state.snapshot(this.content) as Content));
  }

  private forPreview(c: Content): Content {
    return this.previewBody ? { ...c, body: this.previewBody() } : c;
  }

  /** Replaces the body from outside the body editor (a style fix taken): the editor takes it. */
  replaceBody(text: string): void {
    if (this.readonly) return;
    this.change((c) => {
      c.body = text;
    });
    this.loads++;
  }

  private change(mutate: (c: Content) => void): void {
    mutate(this.content);
    this.edits++;
    const snap = $state.snapshot(this.content) as Content;
    this.preview.request(this.forPreview(snap));
    this.onedit(snap);
    if (this.piece.stage === 'published') {
      this.saveState = 'correction';
      return;
    }
    if (this.saveState === 'conflict') return;
    if (!this.inflight) this.saveState = 'unsaved';
    this.arm();
  }

  set<K extends keyof Content>(key: K, value: Content[K]): void {
    this.update((c) => {
      c[key] = value;
    });
  }

  // The list's entries: every change renumbers the ranks (see `entries.ts`).

  addEntry(): void {
    this.update((c) => {
      if (c.list) c.list.entries = addEntry(c.list.entries, c.list.order);
    });
  }

  removeEntry(index: number): void {
    this.update((c) => {
      if (c.list) c.list.entries = removeEntry(c.list.entries, index, c.list.order);
    });
  }

  moveEntry(from: number, to: number): void {
    const l = this.content.list;
    if (!l || to < 0 || to >= l.entries.length || from === to) return;
    this.update((c) => {
      c.list!.entries = moveEntry(c.list!.entries, from, to, c.list!.order);
    });
  }

  setEntry<K extends Exclude<keyof Entry, 'rank'>>(index: number, key: K, value: Entry[K]): void {
    this.update((c) => {
      if (c.list?.entries[index]) c.list.entries[index][key] = value;
    });
  }

  /** Saves now if anything is unsaved, and waits for it. True when nothing is left unsaved. */
  async flush(): Promise<boolean> {
    this.disarm();
    if (this.inflight) await this.inflight;
    if (this.dirty && this.autosaves()) await this.save();
    return !this.dirty;
  }

  save(): Promise<void> {
    if (this.inflight) {
      this.rerun = true;
      return this.inflight;
    }
    if (!this.dirty || !this.autosaves()) return Promise.resolve();
    const run = (async () => {
      await this.saveOnce();
      this.inflight = null;
      const again = this.rerun;
      this.rerun = false;
      if (again && this.dirty && this.autosaves()) {
        this.disarm();
        await this.save();
      } else if (this.saveState === 'saved' || this.saveState === 'unsaved') {
        this.onsaved();
      }
    })();
    this.inflight = run;
    return run;
  }

  /** The conflict dialog's "Load their version": their text replaces mine. */
  async loadTheirs(): Promise<void> {
    this.load(await this.backend.pieceGet({ id: this.piece.id }));
    await this.fetchAccess();
  }

  /** The conflict dialog's "Keep mine": my text is saved as the revision after theirs. */
  async keepMine(): Promise<void> {
    const theirs = await this.backend.pieceGet({ id: this.piece.id });
    this.piece = { ...theirs, content: this.piece.content };
    this.saveState = 'unsaved';
    this.saveError = null;
    await this.save();
  }

  /** Loads the stored piece again (after a move or a restore). Unsaved text is never dropped. */
  async reload(): Promise<void> {
    const [fresh, access] = await Promise.all([this.backend.pieceGet({ id: this.piece.id }), this.backend.pieceAccess({ id: this.piece.id })]);
    this.access = access;
    if (this.dirty) {
      this.piece = { ...fresh, content: this.piece.content };
      this.readonly = !access.edit;
    } else this.load(fresh);
  }

  /**
   * Others' changes came in (a sync): the stored piece replaces the text if it is newer and
   * nothing here is unsaved. Unsaved text is left alone; its save then meets the newer revision
   * as a conflict, and the person chooses.
   */
  async refreshIfChanged(): Promise<void> {
    if (this.dirty || this.inflight || this.saveState === 'conflict') return;
    const fresh = await this.backend.pieceGet({ id: this.piece.id });
    if (fresh.revision !== this.piece.revision && !this.dirty && !this.inflight) {
      this.load(fresh);
      await this.fetchAccess();
    }
  }

  /** A published piece's held edits, saved as a correction with `note`. */
  async saveCorrection(note: string): Promise<void> {
    const content = $state.snapshot(this.content) as Content;
    await this.backend.pieceSave({ id: this.piece.id, content, base: this.piece.revision, note });
    this.savedEdits = this.edits;
    await this.reload();
  }

  /** Resolves once no save is in flight (nor one that a save in flight will start). */
  async settled(): Promise<void> {
    while (this.inflight) await this.inflight;
  }

  dispose(): void {
    this.disarm();
  }

  private autosaves(): boolean {
    return (!this.readonly || this.blurbsOnly) && this.piece.stage !== 'published' && this.saveState !== 'conflict';
  }

  private load(p: Piece): void {
    this.disarm();
    this.piece = p;
    this.content = structuredClone(p.content);
    this.edits = 0;
    this.savedEdits = 0;
    this.saveState = 'saved';
    this.saveError = null;
    this.readonly = !this.access.edit;
    this.bodyWords = countWords(p.content.body);
    this.loads++;
    const snap = structuredClone(p.content);
    this.preview.request(this.forPreview(snap));
    this.onedit(snap);
  }

  private arm(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(this.fire, this.idleMs);
    this.maxWait ??= setTimeout(this.fire, this.maxWaitMs);
  }

  private disarm(): void {
    if (this.idle) clearTimeout(this.idle);
    if (this.maxWait) clearTimeout(this.maxWait);
    this.idle = null;
    this.maxWait = null;
  }

  private fire = (): void => {
    this.disarm();
    void this.save();
  };

  private async saveOnce(): Promise<void> {
    const sent = this.edits;
    const content = $state.snapshot(this.content) as Content;
    this.saveState = 'saving';
    try {
      const out = await this.backend.pieceSave({ id: this.piece.id, content, base: this.piece.revision, note: null });
      this.piece = { ...this.piece, revision: out.revision, content };
      this.savedEdits = sent;
      this.saveError = null;
      if (out.added_people.length) this.addedPeople = out.added_people;
      this.saveState = this.dirty ? 'unsaved' : 'saved';
    } catch (e) {
      if (e instanceof BackendError || codeOf(e)) {
        if (codeOf(e) === 'conflict') {
          this.disarm();
          this.saveState = 'conflict';
          this.saveError = messageOf(e);
          return;
        }
      }
      this.saveState = 'failed';
      this.saveError = messageOf(e);
    }
  }
}
