// @vitest-environment jsdom
// The sync panel and the conflict view, mounted over two real desks of one shared desk: a
// conflict shown side by side, resolved by a click, and the kept text on the other desk.

import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sharedDesks } from '../testing/desk';
import { SyncController } from './sync.svelte';
import SyncBadge from './SyncBadge.svelte';
import SyncPanel from './SyncPanel.svelte';

afterEach(() => {
  document.body.innerHTML = '';
});

const $ = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);

async function until(id: string): Promise<HTMLElement> {
  let el: HTMLElement | null = null;
  await vi.waitFor(
    () => {
      flushSync();
      el = $(id);
      expect(el, id).not.toBeNull();
    },
    { timeout: 10_000 },
  );
  return el!;
}

describe('the sync panel', () => {
  it('shows a conflict’s two sides word by word, and keeping mine sends it to the other desk', async () => {
    const { desks } = await sharedDesks({ admin: 'Ed Marsh', people: [{ name: 'Cora Lind', roles: ['writer'] }], serve: ['Ed Marsh', 'Cora Lind'] });
    const ed = desks['Ed Marsh'].client;
    const cora = desks['Cora Lind'].client;
    const quiet = { everyMs: 3_600_000 };
    const edSync = new SyncController(ed, quiet);
    const coraSync = new SyncController(cora, quiet);

    const p = await cora.pieceNew({ kind: 'review', section: 'Books', medium: 'book', headline: 'The Salt Road' });
    const body = 'A novel of the coast, told in winters.';
    await cora.pieceSave({ id: p.id, content: { ...p.content, body }, base: p.revision, note: null });
    await coraSync.syncNow();
    await edSync.syncNow();
    const e = await ed.pieceGet({ id: p.id });
    await ed.pieceSave({ id: p.id, content: { ...e.content, body: 'A novel of the coast, told in three winters.' }, base: e.revision, note: null });
    const c = await cora.pieceGet({ id: p.id });
    await cora.pieceSave({ id: p.id, content: { ...c.content, body: 'A novel of the coast, told in long winters.' }, base: c.revision, note: null });
    await coraSync.syncNow();
    await edSync.syncNow();

    const badge = mount(SyncBadge, { target: document.body, props: { sync: edSync, onopen: () => {} } });
    flushSync();
    expect($('sync-badge')!.dataset.state).toBe('conflict');
    expect($('sync-label')!.textContent).toBe('A conflict to resolve');
    unmount(badge);

    const panel = mount(SyncPanel, { target: document.body, props: { open: true, sync: edSync, onclose: () => {} } });
    const list = await until('sync-conflicts');
    expect(list.textContent).toContain('The Salt Road');
    expect(list.textContent).toContain('changed by Cora Lind too');
    $('sync-resolve')!.click();

    const view = await until('sync-conflict');
    const added = (id: string) => [...$(id)!.querySelectorAll('ins')].map((e) => e.textContent!.trim());
    expect(added('sync-mine'), 'only the words changed, not the revision number or the times').toEqual(['three']);
    expect(added('sync-theirs')).toEqual(['long']);
    expect(view.textContent).toContain('Keep Cora Lind’s');
    $('sync-keep-mine')!.click();

    await vi.waitFor(
      () => {
        flushSync();
        expect($('sync-conflict')).toBeNull();
        expect(edSync.status?.state).toBe('synced');
      },
      { timeout: 10_000 },
    );
    expect($('sync-panel-state')!.textContent).toMatch(/^Synced/);
    unmount(panel);

    await coraSync.syncNow();
    expect((await cora.pieceGet({ id: p.id })).content.body).toBe('A novel of the coast, told in three winters.');
  });

  it('names a refused change and drops it on request, back to the shared desk’s version', async () => {
    const W = 'A. Writer';
    const C = 'Cora Lee';
    const shared = await sharedDesks({
      admin: 'Ed Marsh',
      people: [
        { name: W, roles: ['writer'] },
        { name: C, roles: ['copy_editor'] },
      ],
      serve: ['Ed Marsh', W, C],
    });
    const writer = shared.desks[W].client;
    const cora = shared.desks[C].client;
    const quiet = { everyMs: 3_600_000 };
    const writerSync = new SyncController(writer, quiet);
    const coraSync = new SyncController(cora, quiet);
    const p = await writer.pieceNew({ kind: 'review', section: 'Stage', medium: 'stage', headline: 'The Long Room' });
    await writer.pieceSave({ id: p.id, content: { ...p.content, body: 'A play about waiting.' }, base: p.revision, note: null });
    await writer.pieceMove({ id: p.id, to: 'copyedit', note: null });
    await writerSync.syncNow();
    await coraSync.syncNow();

    // Cora returns it; meanwhile the admin makes her a writer on the shared desk.
    await cora.pieceMove({ id: p.id, to: 'draft', note: 'Who is waiting, and for what?' });
    const ed = shared.desks['Ed Marsh'].db;
    shared.galley(['--db', ed, '--as', 'Ed Marsh', 'person', 'set', C, '--role', 'writer']);
    shared.galley(['--db', ed, '--as', 'Ed Marsh', 'sync']);
    await coraSync.syncNow();
    expect(coraSync.status?.state).toBe('refused');

    const panel = mount(SyncPanel, { target: document.body, props: { open: true, sync: coraSync, onclose: () => {} } });
    const message = await until('sync-message');
    expect(message.textContent).toContain('Cora Lee may not');
    expect($('sync-waiting')!.textContent).toContain('The Long Room');
    $('sync-drop')!.click();
    flushSync();
    (await until('sync-drop-confirm')).click();
    await vi.waitFor(
      () => {
        flushSync();
        expect(coraSync.status?.state).toBe('synced');
      },
      { timeout: 10_000 },
    );
    expect($('sync-waiting')).toBeNull();
    unmount(panel);
    expect((await cora.pieceGet({ id: p.id })).stage, 'the shared desk’s version is back').toBe('copyedit');
    const notes = (await cora.history({ id: p.id })).revisions.map((r) => r.note ?? '');
    expect(notes, 'what was dropped stays in the history').toContain('Who is waiting, and for what?');
  });
});
