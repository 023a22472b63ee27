import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Backend } from '../backend/backend';
import type { BuildReport, ImportReport, Progress } from '../backend/types';
import { demoDesk, serveDesk } from '../testing/desk';
import { LongTask } from './task.svelte';

/** Writes `n` piece files into `dir` and returns their paths. */
function pieceFiles(dir: string, n: number): string[] {
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: n }, (_, i) => {
    const path = join(dir, `piece-${i + 1}.md`);
    writeFileSync(path, `---\nkind: feature\nsection: Books\nheadline: "Piece ${i + 1}"\nbylines: [Ed]\n---\nText of piece ${i + 1}.\n`);
    return path;
  });
}

async function editorsDesk() {
  const desk = await serveDesk();
  await desk.client.personAdd({ name: 'Ed', roles: ['editor'], sections: [] });
  await desk.client.signIn({ name: 'Ed' });
  return desk;
}

/** Every progress the core answered while the task asked. */
function watchProgress(backend: Backend): Progress[] {
  const seen: Progress[] = [];
  const ask = backend.taskProgress;
  backend.taskProgress = async (request) => {
    const p = await ask(request);
    if (p) seen.push(p);
    return p;
  };
  return seen;
}

describe('long work', () => {
  it('reports progress and the result', async () => {
    const { client: backend, dir } = await editorsDesk();
    const paths = pieceFiles(join(dir, 'in'), 300);
    const seen = watchProgress(backend);
    const task = new LongTask<ImportReport>(backend, 5);
    await task.start((id) => backend.importFiles({ paths, task: id }));
    expect(task.error).toBeNull();
    expect(task.state).toBe('done');
    expect(task.result?.pieces.length).toBe(300);
    expect(seen.length, 'the task asked how far the import had got, and the core said').toBeGreaterThan(0);
    for (const p of seen) expect(p.total).toBe(300);
    expect(task.progress).toEqual(seen.at(-1));
    expect(task.fraction).toBe(1);
    expect((await backend.appInfo()).pieces).toBe(300);
  });

  it('builds the site, each request carrying its task number', async () => {
    const { client: backend, dir } = await demoDesk({ as: 'Ed Marsh' });
    const build = (backend.siteBuild = vi.fn(backend.siteBuild));
    const ask = (backend.taskProgress = vi.fn(backend.taskProgress));
    const task = new LongTask<BuildReport>(backend, 5);
    const out = join(dir, 'site');
    await task.start((id) => backend.siteBuild({ out, task: id }));
    expect(task.state).toBe('done');
    expect(task.result?.pages).toBeGreaterThanOrEqual(3);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const number = build.mock.calls[0][0].task;
    expect(number).toBeGreaterThan(0);
    expect(ask).toHaveBeenCalled();
    expect(ask.mock.calls.every(([r]) => r.task === number)).toBe(true);
  });

  it('stops waiting at Cancel, asks the core to stop, and never shows a late result', async () => {
    const { client: backend } = await serveDesk();
    const cancel = (backend.taskCancel = vi.fn(backend.taskCancel));
    const task = new LongTask<string>(backend, 5);
    let given = 0;
    let finish: (v: string) => void = () => {};
    const running = task.start((id) => {
      given = id;
      return new Promise<string>((r) => (finish = r));
    });
    expect(task.state).toBe('running');
    task.cancel();
    expect(task.state).toBe('cancelled');
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(cancel).toHaveBeenCalledWith({ task: given });
    finish('late');
    await running;
    expect(task.state).toBe('cancelled');
    expect(task.result).toBeNull();
  });

  it('cancels an import in the core, which then writes nothing', async () => {
    const { client: backend, dir } = await editorsDesk();
    const paths = pieceFiles(join(dir, 'in'), 1500);
    const task = new LongTask<ImportReport>(backend, 5);
    let importing: Promise<ImportReport> | null = null;
    const running = task.start((id) => (importing = backend.importFiles({ paths, task: id })));
    // Cancel once the core says the import is under way.
    await vi.waitFor(() => expect(task.progress).not.toBeNull(), { interval: 5, timeout: 5000 });
    task.cancel();
    expect(task.state).toBe('cancelled');
    await running;
    await expect(importing).rejects.toMatchObject({ code: 'cancelled', message: 'cancelled: nothing was imported' });
    expect(task.state).toBe('cancelled');
    expect(task.result).toBeNull();
    expect((await backend.appInfo()).pieces).toBe(0);
  });
});
