// A piece's history: its revisions (who, when, why, in which stage, with what note), a word
// diff between any two, and restoring one as a new revision (nothing in between is lost).

import type { Backend } from '../backend/backend';
import type { DiffRun, QueryView, RevisionRow, TransitionRow } from '../backend/types';
import { messageOf } from '../shared/errors';

export type Restorer = {
  readonly id: string;
  /** The revision the restore starts from (the piece as the editor has it). */
  readonly base: number;
  /** Saves unsaved text first; false if it could not. */
  flush(): Promise<boolean>;
  reload(): Promise<void>;
};

export class HistoryController {
  revisions: RevisionRow[] = $state([]);
  transitions: TransitionRow[] = $state([]);
  /** The older and newer revision compared. */
  from: number | null = $state(null);
  to: number | null = $state(null);
  runs: DiffRun[] | null = $state(null);
  /** The queries as they stood at the newer revision compared: where each one sat then. */
  queries: QueryView[] = $state([]);
  error: string | null = $state(null);
  busy = $state(false);
  notice: string | null = $state(null);
  private asked = 0;

  constructor(
    private backend: Backend,
    private piece: Restorer,
  ) {}

  /** Newest first, as people read a history. */
  get newestFirst(): RevisionRow[] {
    return [...this.revisions].reverse();
  }

  async load(): Promise<void> {
    try {
      const h = await this.backend.history({ id: this.piece.id });
      this.revisions = h.revisions;
      this.transitions = h.transitions;
      const n = h.revisions.length;
      if (this.to === null || !h.revisions.some((r) => r.number === this.to)) {
        this.to = n ? h.revisions[n - 1].number : null;
        this.from = n > 1 ? h.revisions[n - 2].number : this.to;
      }
      this.error = null;
      await this.compare();
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** The transition that wrote revision `n`, if a move did. */
  transitionOf(n: number): TransitionRow | undefined {
    return this.transitions.find((t) => t.revision === n);
  }

  choose(which: 'from' | 'to', n: number): void {
    this[which] = n;
    void this.compare();
  }

  async compare(): Promise<void> {
    if (this.from === null || this.to === null) {
      this.runs = null;
      return;
    }
    const asked = ++this.asked;
    try {
      const [runs, queries] = await Promise.all([this.backend.diffWords({ id: this.piece.id, a: this.from, b: this.to }), this.backend.queriesAt({ id: this.piece.id, number: this.to })]);
      if (asked === this.asked) {
        this.runs = runs;
        this.queries = queries;
      }
    } catch (e) {
      if (asked === this.asked) this.error = messageOf(e);
    }
  }

  async restore(n: number): Promise<void> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      if (!(await this.piece.flush())) throw new Error('The latest changes are not saved yet; resolve that first, then restore.');
      const out = await this.backend.restoreRevision({ id: this.piece.id, number: n, base: this.piece.base });
      await this.piece.reload();
      this.notice = out.changed ? `Revision ${n} restored as revision ${out.revision}.` : `Revision ${n} is the same as the current text: nothing to restore.`;
      this.to = null;
      await this.load();
    } catch (e) {
      this.error = messageOf(e);
    } finally {
      this.busy = false;
    }
  }
}
