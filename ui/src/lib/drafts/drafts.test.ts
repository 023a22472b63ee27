import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveDesk } from '../testing/desk';
import { DraftsController } from './drafts.svelte';

const PIECE = '---\nkind: feature\nsection: Film\nheadline: Close-Up\nbylines: [Wren]\n---\nKiarostami films a real trial.\n';

async function wrensDesk() {
  const desk = await serveDesk();
  await desk.client.personAdd({ name: 'Ed', roles: ['editor'], sections: [] });
  await desk.client.signIn({ name: 'Ed' });
  await desk.client.personAdd({ name: 'Wren', roles: ['writer'], sections: [] });
  await desk.client.signIn({ name: 'Wren' });
  const file = join(desk.dir, 'close-up.md');
  writeFileSync(file, PIECE);
  const r = await desk.client.importFiles({ paths: [file], task: 1 });
  const folder = join(desk.dir, 'drafts');
  mkdirSync(folder);
  return { ...desk, id: r.pieces[0].id, folder };
}

/** Polls until `ok` holds (the core's watcher settles a save in a fraction of a second). */
async function until(drafts: DraftsController, ok: () => boolean) {
  for (let i = 0; i < 100 && !ok(); i++) {
    await new Promise((r) => setTimeout(r, 50));
    await drafts.poll();
  }
  expect(ok()).toBe(true);
}

describe('the drafts folder', () => {
  it("keeps the folder in step: a save becomes a revision, a stale file a conflict to settle, a broken one an error", async () => {
    const { client: backend, id, folder } = await wrensDesk();
    const drafts = new DraftsController(backend, 60_000);
    await drafts.keep(folder);
    expect(drafts.dir).toBe(folder);
    const file = join(folder, 'close-up.md');
    expect(existsSync(file)).toBe(true);

    writeFileSync(file, readFileSync(file, 'utf8').replace('a real trial', 'a real trial, and restages it'));
    await until(drafts, () => drafts.received > 0);
    expect(drafts.status?.changed).toEqual([id]);
    const piece = await backend.pieceGet({ id });
    expect(piece.revision).toBe(2);
    expect(piece.content.body).toContain('restages it');

    // The desk moves on; the file is written back. A stale copy saved over it is a conflict.
    const stale = readFileSync(file, 'utf8');
    await backend.pieceSave({ id, base: 2, note: null, content: { ...piece.content, dek: 'A film about a film.' } });
    await until(drafts, () => readFileSync(file, 'utf8').includes('revision: 3\n'));
    writeFileSync(file, stale.replace('restages it', 'restages it all'));
    await until(drafts, () => (drafts.status?.conflicts.length ?? 0) === 1);
    expect(drafts.open).toBe(1);
    expect(drafts.status?.conflicts[0].desk_text).toContain('A film about a film.');
    await drafts.resolve(id, drafts.status!.conflicts[0].file, 'desk');
    expect(drafts.status?.conflicts).toEqual([]);
    expect(readFileSync(file, 'utf8')).toContain('dek: A film about a film.');

    writeFileSync(file, 'not front matter at all');
    await until(drafts, () => (drafts.status?.errors.length ?? 0) === 1);
    expect(drafts.status?.errors[0].file).toBe(file);
    expect((await backend.pieceGet({ id })).revision).toBe(3);

    await drafts.keep(null);
    expect(drafts.dir).toBeNull();
  });
});
