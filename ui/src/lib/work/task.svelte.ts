// Long work (an import, a site build): its progress, its result, and Cancel. Cancel asks the
// core to stop (it checks between files or pages: an import then writes nothing, a site build
// keeps the pages already written) and stops waiting at once: whatever the call later returns
// is discarded, so a cancelled task never reports a result.

import type { Backend } from '../backend/backend';
import type { Progress } from '../backend/types';
import { codeOf, messageOf } from '../shared/errors';

export type TaskState = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

let nextTask = 1;

export class LongTask<T> {
  state: TaskState = $state('idle');
  progress: Progress | null = $state(null);
  result: T | null = $state(null);
  error: string | null = $state(null);
  private task = 0;
  private run = 0;

  constructor(private backend: Backend) {}

  /** The fraction done, or null while the total is not known yet. */
  get fraction(): number | null {
    const p = this.progress;
    return p && p.total > 0 ? Math.min(1, p.done / p.total) : null;
  }

  async start(work: (task: number, onProgress: (p: Progress) => void) => Promise<T>): Promise<void> {
    const run = ++this.run;
    this.task = nextTask++;
    this.state = 'running';
    this.progress = null;
    this.result = null;
    this.error = null;
    try {
      const result = await work(this.task, (p) => {
        if (run === this.run) this.progress = p;
      });
      if (run !== this.run) return;
      this.result = result;
      this.state = 'done';
    } catch (e) {
      if (run !== this.run) return;
      this.state = codeOf(e) === 'cancelled' ? 'cancelled' : 'failed';
      this.error = messageOf(e);
    }
  }

  cancel(): void {
    if (this.state !== 'running') return;
    this.run++;
    this.state = 'cancelled';
    this.error = null;
    void this.backend.cancelTask(this.task).catch(() => {});
  }

  reset(): void {
    if (this.state === 'running') this.cancel();
    this.state = 'idle';
    this.progress = null;
    this.result = null;
    this.error = null;
  }
}
