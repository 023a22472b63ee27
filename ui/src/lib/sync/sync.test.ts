// The shared desk as the window sees it, against the real core: two people's desks joined from
// one shared desk (`galley server init` at a local path, its pre-receive hook running the core's
// rules), each served by `galley serve` and synced through the generated client.

import { describe, expect, it, vi } from 'vitest';
import { renameSync } from 'node:fs';
import type { Backend } from '../backend/backend';
import type { DiffRun, Person, Piece } from '../backend/types';
import { EditorController } from '../editor/editor.svelte';
import { sharedDesks } from '../testing/desk';
import { syncLabel, SyncController } from './sync.svelte';

const ED = 'Ed Marsh';
const CORA = 'Cora Lind';

async function newsroom() {
  const shared = await sharedDesks({ admin: ED, people: [{ name: CORA, roles: ['writer'] }], serve: [ED, CORA] });
  const ed = shared.desks[ED].client;
  const cora = shared.desks[CORA].client;
  // No minute's sync during a test unless it asks for one.
  const quiet = { everyMs: 3_600_000, afterSaveMs: 20 };
  return { shared, ed, cora, edSync: new SyncController(ed, quiet), coraSync: new SyncController(cora, quiet) };
}

async function draft(b: Backend, headline: string, body: string): Promise<Piece> {
  const p = await b.pieceNew({ kind: 'review', section: 'Film', medium: 'film', headline });
  const out = await b.pieceSave({ id: p.id, content: { ...p.content, body }, base: p.revision, note: null });
  return { ...p, revision: out.revision, content: { ...p.content, body } };
}

const label = (s: SyncController) => syncLabel(s.status!).text;

describe('the shared desk in the window', () => {
  it('is signed in as the desk’s own person, and says synced, changes to send, then synced again', async () => {
    const { cora, coraSync } = await newsroom();
    expect((await cora.appInfo()).actor, 'a joined desk opens as its person').toBe(CORA);
    await coraSync.start();
    expect(coraSync.status).toMatchObject({ shared: true, state: 'synced', person: CORA });
    expect(label(coraSync)).toBe('Synced');

    await draft(cora, 'Heat at Thirty', 'Mann shoots Los Angeles at night.');
    await coraSync.refresh();
    expect(coraSync.status!.state).toBe('to_send');
    expect(label(coraSync)).toBe('1 change to send');

    await coraSync.syncNow();
    expect(coraSync.error).toBeNull();
    expect(coraSync.status!.state).toBe('synced');
    expect(coraSync.last!.sent, 'the new piece and its save, a commit each').toBe(2);
    coraSync.stop();
  });

  it('takes in what the other desk sent, and the board shows it', async () => {
    const { ed, cora, edSync, coraSync } = await newsroom();
    await edSync.start();
    const p = await draft(cora, 'Heat at Thirty', 'Mann shoots Los Angeles at night.');
    await coraSync.syncNow();

    const before = edSync.received;
    await edSync.syncNow();
    expect(edSync.last!.received).toEqual(['Heat at Thirty']);
    expect(edSync.received, 'the window is told to reload').toBe(before + 1);
    const drafts = (await ed.board()).columns.find((c) => c.stage === 'draft')!;
    expect(drafts.cards.map((c) => c.headline)).toContain('Heat at Thirty');
    expect((await ed.pieceGet({ id: p.id })).content.body).toBe('Mann shoots Los Angeles at night.');
  });

  it('syncs by itself once a save settles, and every minute', async () => {
    const { ed, cora } = await newsroom();
    const coraSync = new SyncController(cora, { afterSaveMs: 30, everyMs: 3_600_000 });
    const edSync = new SyncController(ed, { afterSaveMs: 30, everyMs: 150 });
    await coraSync.start();
    await edSync.start();
    const me: Person = (await cora.appInfo()).people.find((x) => x.name === CORA)!;
    const piece = await cora.pieceNew({ kind: 'review', section: 'Music', medium: 'album', headline: 'Blue at Midnight' });
    const editor = new EditorController(cora, piece, me, { idleMs: 10, maxWaitMs: 20, onsaved: () => coraSync.changed() });
    editor.set('body', 'A record of late rooms and long horns.');

    // Nobody presses anything: the save settles, Cora's desk sends, and Ed's minute takes it in.
    await vi.waitFor(() => expect(coraSync.last?.sent ?? 0).toBeGreaterThanOrEqual(1), { timeout: 10_000, interval: 50 });
    expect(coraSync.status?.state).toBe('synced');
    await vi.waitFor(async () => expect((await ed.pieceGet({ id: piece.id })).content.body).toBe('A record of late rooms and long horns.'), {
      timeout: 10_000,
      interval: 100,
    });
    editor.dispose();
    coraSync.stop();
    edSync.stop();
  });

  it('keeps a conflict with base, mine and theirs, and a third version resolves it on both desks', async () => {
    const { ed, cora, edSync, coraSync } = await newsroom();
    const p = await draft(cora, 'Heat at Thirty', 'Mann shoots Los Angeles at night.');
    await coraSync.syncNow();
    await edSync.syncNow();
    const mine = await ed.pieceGet({ id: p.id });
    await ed.pieceSave({ id: p.id, content: { ...mine.content, body: 'Mann shoots Los Angeles at dusk.' }, base: mine.revision, note: null });
    const theirs = await cora.pieceGet({ id: p.id });
    await cora.pieceSave({ id: p.id, content: { ...theirs.content, body: 'Mann shoots Los Angeles after midnight.' }, base: theirs.revision, note: null });
    await coraSync.syncNow();
    expect(coraSync.status!.state).toBe('synced');

    await edSync.syncNow();
    expect(edSync.status!.state).toBe('conflict');
    expect(label(edSync)).toBe('A conflict to resolve');
    expect(edSync.conflicts).toHaveLength(1);
    const c = edSync.conflicts[0];
    expect(c).toMatchObject({ id: p.id, headline: 'Heat at Thirty', theirs_who: CORA });
    expect(c.base).toContain('at night.');
    expect(c.mine).toContain('at dusk.');
    expect(c.theirs).toContain('after midnight.');
    expect(c.mine_changes.filter((r: DiffRun) => r.change === 'added').map((r: DiffRun) => r.text.trim())).toContain('dusk.');
    expect(c.theirs_changes.filter((r: DiffRun) => r.change === 'added').map((r: DiffRun) => r.text.trim()).join(' ')).toContain('midnight.');
    expect((await ed.pieceGet({ id: p.id })).content.body, 'nothing is merged: Ed keeps his text meanwhile').toBe('Mann shoots Los Angeles at dusk.');

    expect(c.draft, 'a third version starts from mine, without the workflow’s keys').toContain('at dusk.');
    expect(c.draft).not.toMatch(/^(id|stage|revision|updated):/m);
    const third = c.draft.replace('Mann shoots Los Angeles at dusk.', 'Mann shoots Los Angeles from dusk until after midnight.');
    const out = await edSync.resolve(p.id, 'text', third);
    expect(out.revision).toBeGreaterThan(mine.revision);
    expect(edSync.status!.state, 'the resolution goes out at once').toBe('synced');
    expect(edSync.conflicts).toHaveLength(0);

    await coraSync.syncNow();
    expect((await cora.pieceGet({ id: p.id })).content.body).toBe('Mann shoots Los Angeles from dusk until after midnight.');
    const history = await cora.history({ id: p.id });
    expect(history.revisions.some((r) => r.who === ED && (r.note ?? '').includes('wrote a third version'))).toBe(true);
    const latest = Math.max(...history.revisions.map((r) => r.number));
    const runs = await cora.diffWords({ id: p.id, a: theirs.revision + 1, b: latest });
    const hers = runs.filter((r) => r.change !== 'added').map((r) => r.text).join('');
    expect(hers, 'Cora’s own text stays in the history').toContain('Mann shoots Los Angeles after midnight.');
  });

  it('says offline when the shared desk cannot be reached, keeps the work, and sends it when it can', async () => {
    const { shared, cora, coraSync } = await newsroom();
    await coraSync.start();
    renameSync(shared.server, `${shared.server}.away`);
    await draft(cora, 'The Long Room', 'A play about waiting.');
    await coraSync.syncNow();
    expect(coraSync.status!.state).toBe('offline');
    expect(label(coraSync)).toBe('Offline · 1 change to send');
    expect(coraSync.status!.message).toMatch(/could not be reached.*goes out at the next sync/);

    renameSync(`${shared.server}.away`, shared.server);
    await coraSync.syncNow();
    expect(coraSync.status!.state).toBe('synced');
    expect(coraSync.last!.sent).toBe(2);
    coraSync.stop();
  });
});
