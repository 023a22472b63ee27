// The drafts folder in the window: the folder the person keeps in step with the desk, and what
// the core's last pass left standing (conflicts with both versions, files that do not parse).
// While a folder is kept, the window asks the core every `pollMs` to run a pass if the folder's
// files or the desk changed (`drafts_poll`): the core decides what is saved, written or in
// conflict; this only shows it, and counts the pieces a pass changed so an open one reloads.

import type { Backend } from '../backend/backend';
import type { DraftsStatus, KeepDraft } from '../backend/types';
import { messageOf } from '../shared/errors';

export class DraftsController {
  status: DraftsStatus | null = $state(null);
  error: string | null = $state(null);
  /** Bumped when a pass changed pieces (the open piece reloads). */
  received = $state(0);
  private timer: ReturnType<typeof setInterval> | null = null;
  private polling = false;
  /** Bumped when the folder changes: an answer to an earlier folder's poll is dropped. */
  private generation = 0;

  constructor(
    private backend: Backend,
    private pollMs = 400,
  ) {}

  get dir(): string | null {
    return this.status?.dir ?? null;
  }

  /** Conflicts and errors standing. */
  get open(): number {
    return (this.status?.conflicts.length ?? 0) + (this.status?.errors.length ?? 0);
  }

  private take(s: DraftsStatus) {
    this.status = s;
    this.error = null;
    if (s.changed.length) this.received++;
  }

  /** Where this window remembers a person's folder on a desk, for the next start. */
  private memo: string | null = null;

  /** Takes up the folder `person` kept on this desk the last time, if any. */
  async resume(desk: string, person: string): Promise<void> {
    this.memo = `galley.drafts:${desk}:${person}`;
    const dir = globalThis.localStorage?.getItem(this.memo) ?? null;
    this.stop();
    this.generation++;
    this.status = null;
    if (dir) await this.keep(dir);
  }

  async keep(dir: string | null): Promise<void> {
    const generation = ++this.generation;
    try {
      const s = await this.backend.draftsFolder({ dir });
      if (generation !== this.generation) return;
      this.take(s);
      if (this.memo) {
        if (dir) globalThis.localStorage?.setItem(this.memo, dir);
        else globalThis.localStorage?.removeItem(this.memo);
      }
      this.stop();
      if (dir) this.timer = setInterval(() => void this.poll(), this.pollMs);
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    const generation = this.generation;
    try {
      const s = await this.backend.draftsPoll({});
      if (generation === this.generation) this.take(s);
    } catch (e) {
      this.error = messageOf(e);
    } finally {
      this.polling = false;
    }
  }

  async resolve(id: string, file: string, keep: KeepDraft): Promise<void> {
    try {
      this.take(await this.backend.draftsResolve({ id, file, keep }));
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
