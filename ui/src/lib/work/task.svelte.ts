// Long work (an import, a site build): its progress, its result, and Cancel. The command that
// does the work carries a task number; while it runs, the task asks the core how far it has got
// (`taskProgress`) every `pollMs`. Cancel asks the core to stop (it checks between files or
// pages: an import then writes nothing, a site build keeps the pages already written) and stops
// waiting at once: whatever the call later returns is discarded, so a cancelled task never
// reports a result.

import type { Backend } from '../backend/backend';
import type { Progress } from '../backend/types';
import { codeOf, messageOf } from '../shared/errors';

export type TaskState = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/** A number for a run of long work: random, so two windows on one desk never share one. */
function newTask(): number {
  const [n] = crypto.getRandomValues(new Uint32Array(1));
  return n || 1;
}

export class LongTask<T> {
  state: TaskState = $state('idle');
  progress: Progress | null = $state(null);
  result: T | null = $state(null);
  error: string | null = $state(null);
  private task = 0;
  private run = 0;

  constructor(
    private backend: Backend,
    private pollMs = 100,
  ) {}

  /** The fraction done (all of it once done), or null while the total is not known yet. */
  get fraction(): number | null {
    if (this.state === 'done') return 1;
    const p = this.progress;
    return p && p.total > 0 ? Math.min(1, p.done / p.total) : null;
  }

  /** Runs `work`, which sends the long command with the task number it is given. */
  async start(work: (task: number) => Promise<T>): Promise<void> {
    const run = ++this.run;
    const task = (this.task = newTask());
    this.state = 'running';
    this.progress = null;
    this.result = null;
    this.error = null;
    const running = work(task);
    const following = this.follow(run, task, running);
    try {
      const result = await running;
      if (run !== this.run) return;
      this.result = result;
      this.state = 'done';
    } catch (e) {
      if (run !== this.run) return;
      this.state = codeOf(e) === 'cancelled' ? 'cancelled' : 'failed';
      this.error = messageOf(e);
    } finally {
      await following;
    }
  }

  cancel(): void {
    if (this.state !== 'running') return;
    this.run++;
    this.state = 'cancelled';
    this.error = null;
    void this.backend.taskCancel({ task: this.task }).catch(() => {});
  }

  reset(): void {
    if (this.state === 'running') this.cancel();
    this.state = 'idle';
    this.progress = null;
    this.result = null;
    this.error = null;
  }

  /** Asks how far run `run` has got until it ends (or is cancelled). */
  private async follow(run: number, task: number, running: Promise<unknown>): Promise<void> {
    const ended = running.then(
      () => true,
      () => true,
    );
    const current = () => run === this.run && this.state === 'running';
    while (current()) {
      const p = await this.backend.taskProgress({ task }).catch(() => null);
      if (!current()) return;
      if (p) this.progress = p;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([ended, new Promise((r) => (timer = setTimeout(r, this.pollMs)))]);
      clearTimeout(timer);
    }
  }
}
