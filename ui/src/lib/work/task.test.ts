import { describe, expect, it, vi } from 'vitest';
import { MockBackend } from '../backend/mock';
import type { ImportReport } from '../backend/types';
import { LongTask } from './task.svelte';

describe('long work', () => {
  it('reports progress and the result', async () => {
    const backend = new MockBackend();
    await backend.personAdd('Ed', ['editor'], []);
    await backend.signIn('Ed');
    const task = new LongTask<ImportReport>(backend);
    const seen: number[] = [];
    await task.start((id, onProgress) =>
      backend.importFiles(['a.md', 'b.md'], id, (p) => {
        onProgress(p);
        seen.push(p.done);
      }),
    );
    expect(task.state).toBe('done');
    expect(task.result?.pieces.length).toBe(2);
    expect(seen.length).toBeGreaterThan(0);
    expect(task.fraction).toBe(1);
  });

  it('stops waiting at Cancel, asks the core to stop, and never shows a late result', async () => {
    const backend = new MockBackend();
    const cancel = vi.spyOn(backend, 'cancelTask');
    const task = new LongTask<string>(backend);
    let finish: (v: string) => void = () => {};
    const running = task.start(() => new Promise<string>((r) => (finish = r)));
    expect(task.state).toBe('running');
    task.cancel();
    expect(task.state).toBe('cancelled');
    expect(cancel).toHaveBeenCalledTimes(1);
    finish('late');
    await running;
    expect(task.state).toBe('cancelled');
    expect(task.result).toBeNull();
  });
});
