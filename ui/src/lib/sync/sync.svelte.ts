// The shared desk as the window sees it: where this desk stands (synced, changes to send,
// offline, a conflict, refused), the conflicts to resolve, and the syncing itself, which runs
// by itself once a save settles and every minute. What a sync may do is the core's to decide;
// this only says when to ask, and shows the answer.

import type { Backend } from '../backend/backend';
import type { ConflictView, SaveOutcome, SyncReport, SyncStatus } from '../backend/types';
import { messageOf } from '../shared/errors';

export type SyncOptions = {
  /** Sync this long after the last save settles (saves come in bursts while someone types). */
  afterSaveMs?: number;
  /** ...and every so often anyway, to take in what others sent. */
  everyMs?: number;
};

export type SyncTone = 'ok' | 'pending' | 'offline' | 'problem';

/** The top bar's words for where the desk stands. */
export function syncLabel(s: SyncStatus): { text: string; tone: SyncTone } {
  const changes = (n: number) => `${n} ${n === 1 ? 'change' : 'changes'} to send`;
  switch (s.state) {
    case 'synced':
      return { text: 'Synced', tone: 'ok' };
    case 'to_send':
      return { text: changes(Number(s.to_send)), tone: 'pending' };
    case 'offline':
      return { text: Number(s.to_send) > 0 ? `Offline · ${changes(Number(s.to_send))}` : 'Offline', tone: 'offline' };
    case 'conflict':
      return { text: Number(s.conflicts) === 1 ? 'A conflict to resolve' : `${s.conflicts} conflicts to resolve`, tone: 'problem' };
    case 'refused':
      return { text: 'Refused by the shared desk', tone: 'problem' };
    default:
      return { text: 'Not shared', tone: 'ok' };
  }
}

export class SyncController {
  status: SyncStatus | null = $state(null);
  syncing = $state(false);
  /** What the last sync that finished did. */
  last: SyncReport | null = $state(null);
  /** A failure of the desk itself (not offline or refused: those are in `status`). */
  error: string | null = $state(null);
  conflicts: ConflictView[] = $state([]);
  /** Bumped whenever a sync took in others' changes, so open views reload. */
  received = $state(0);

  private afterSaveMs: number;
  private everyMs: number;
  private soonTimer: ReturnType<typeof setTimeout> | null = null;
  private everyTimer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private backend: Backend,
    opts: SyncOptions = {},
  ) {
    this.afterSaveMs = opts.afterSaveMs ?? 1500;
    this.everyMs = opts.everyMs ?? 60_000;
  }

  get shared(): boolean {
    return this.status?.shared ?? false;
  }

  /** Reads where the desk stands; on a shared desk, syncs now and then every `everyMs`. */
  async start(): Promise<void> {
    await this.refresh();
    if (!this.shared) return;
    this.everyTimer ??= setInterval(() => void this.syncNow(), this.everyMs);
    await this.syncNow();
  }

  stop(): void {
    if (this.soonTimer) clearTimeout(this.soonTimer);
    if (this.everyTimer) clearInterval(this.everyTimer);
    this.soonTimer = null;
    this.everyTimer = null;
  }

  /** Where the desk stands now (after a save, say: one more change to send). */
  async refresh(): Promise<void> {
    try {
      this.status = await this.backend.syncStatus();
      if (Number(this.status.conflicts) > 0) this.conflicts = await this.backend.conflicts();
      else this.conflicts = [];
      this.error = null;
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** A save or a move settled: show it as a change to send, and sync once things are quiet. */
  changed(): void {
    if (!this.shared) return;
    void this.refresh();
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null;
      void this.syncNow();
    }, this.afterSaveMs);
  }

  /** Syncs now; a sync asked for while one runs is run once more after it. */
  syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async () => {
      do {
        this.again = false;
        await this.once();
      } while (this.again);
      this.running = null;
    })();
    this.running = run;
    return run;
  }

  /** Keeps `keep` of conflict `id` (a third version's piece file in `text`), then sends it. */
  async resolve(id: string, keep: 'mine' | 'theirs' | 'text', text: string | null = null): Promise<SaveOutcome> {
    const out = await this.backend.resolveConflict({ id, keep, text });
    this.received++;
    await this.refresh();
    await this.syncNow();
    return out;
  }

  /** Drops this desk's unsent changes to piece `id` (the shared desk refused them), then syncs. */
  async discard(id: string): Promise<SaveOutcome> {
    const out = await this.backend.discardUnsent({ id });
    this.received++;
    await this.refresh();
    await this.syncNow();
    return out;
  }

  /** Resolves once no sync is running. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async once(): Promise<void> {
    this.syncing = true;
    try {
      const done = await this.backend.sync();
      this.status = done.status;
      if (done.report) {
        this.last = done.report;
        if (done.report.received.length) this.received++;
      }
      this.conflicts = Number(done.status.conflicts) > 0 ? await this.backend.conflicts() : [];
      this.error = null;
    } catch (e) {
      this.error = messageOf(e);
    } finally {
      this.syncing = false;
    }
  }
}
