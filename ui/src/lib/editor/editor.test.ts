// The open piece against the real core (`galley serve` on a demo desk): autosave, conflicts,
// who edits what, list entries and the live preview. Fake timers drive the autosave's clock;
// the saves themselves are real requests, awaited through `editor.settled()`.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../backend/backend';
import type { Person, Piece } from '../backend/types';
import { demoDesk } from '../testing/desk';
import { EditorController } from './editor.svelte';

const NOW = '2025-11-24T12:00:00Z';

async function setup(as = 'Wren Adair') {
  const { client: backend } = await demoDesk({ now: NOW });
  const me: Person = await backend.signIn({ name: as });
  const piece: Piece = await backend.pieceNew({ kind: 'review', section: 'Film', medium: 'film', headline: 'Heat at Thirty' });
  const save = (backend.pieceSave = vi.fn(backend.pieceSave));
  const editor = new EditorController(backend, piece, me);
  return { backend, me, piece, save, editor };
}

const stored = async (backend: Backend, id: string) => backend.pieceGet({ id });

// Only the controllers' timers are faked: the requests to the core run on node's own event
// loop (its sockets use timers and immediates of their own), so they go on as they would.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('autosave', () => {
  it('saves once typing pauses, and says so', async () => {
    const { editor, save, backend, piece } = await setup();
    editor.set('body', 'Mann shoots Los Angeles at night.');
    expect(editor.saveState).toBe('unsaved');
    await vi.advanceTimersByTimeAsync(300);
    expect(save, 'not while the writer may still be typing').not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0][0].base, 'the save names the revision it started from').toBe(piece.revision);
    await editor.settled();
    expect(editor.saveState).toBe('saved');
    const after = await stored(backend, piece.id);
    expect(after.content.body).toBe('Mann shoots Los Angeles at night.');
    expect(after.revision).toBe(piece.revision + 1);
  });

  it('saves within a second of the first change even while typing never pauses', async () => {
    const { editor, save, backend, piece } = await setup();
    let text = '';
    for (let t = 0; t < 1000; t += 100) {
      text += 'word ';
      editor.set('body', text);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(save.mock.calls.length, 'at least one save in the first second').toBeGreaterThanOrEqual(1);
    await vi.advanceTimersByTimeAsync(1000);
    await editor.settled();
    expect(editor.saveState).toBe('saved');
    expect(save.mock.lastCall?.[0].content.body).toBe(text);
    expect((await stored(backend, piece.id)).content.body).toBe(text);
  });

  it('puts changes made during a save into the next one, from the new revision', async () => {
    const { editor, save, backend, piece } = await setup();
    editor.set('body', 'First.');
    await vi.advanceTimersByTimeAsync(400);
    expect(save).toHaveBeenCalledTimes(1);
    editor.set('body', 'First. Second.');
    await vi.advanceTimersByTimeAsync(1000);
    await editor.settled();
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1][0].base).toBe(piece.revision + 1);
    const after = await stored(backend, piece.id);
    expect(after.content.body).toBe('First. Second.');
    expect(after.revision).toBe(piece.revision + 2);
    expect(editor.saveState).toBe('saved');
  });

  it('saves at once when flushed (leaving the editor, closing the window)', async () => {
    const { editor, save, backend, piece } = await setup();
    editor.set('headline', 'Heat, Thirty Years On');
    expect(await editor.flush()).toBe(true);
    expect(save).toHaveBeenCalledTimes(1);
    expect(editor.dirty).toBe(false);
    expect((await stored(backend, piece.id)).content.headline).toBe('Heat, Thirty Years On');
  });
});

describe('a piece changed elsewhere', () => {
  async function conflicted() {
    const s = await setup();
    // Another window saves first.
    await s.backend.pieceSave({ id: s.piece.id, content: { ...s.piece.content, body: 'Their text.' }, base: s.piece.revision, note: null });
    s.save.mockClear();
    s.editor.set('body', 'My text.');
    await vi.advanceTimersByTimeAsync(1000);
    await s.editor.settled();
    return s;
  }

  it('stops and asks, and saves nothing more until the person chooses', async () => {
    const { editor, save, backend, piece } = await conflicted();
    expect(editor.saveState).toBe('conflict');
    expect(editor.saveError, 'the core’s own words').toBe(
      `piece ${piece.id} changed since revision ${piece.revision} (it is at revision ${piece.revision + 1} now): nothing was saved; reload it and make the change again`,
    );
    expect(save).toHaveBeenCalledTimes(1);
    editor.set('body', 'My text, typed on.');
    await vi.advanceTimersByTimeAsync(5000);
    await editor.flush();
    expect(save, 'no retry from a newer base behind the person’s back').toHaveBeenCalledTimes(1);
    expect((await stored(backend, piece.id)).content.body).toBe('Their text.');
  });

  it('"Load their version" takes their text and drops mine', async () => {
    const { editor, save } = await conflicted();
    await editor.loadTheirs();
    expect(editor.content.body).toBe('Their text.');
    expect(editor.saveState).toBe('saved');
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('"Keep mine" saves my text as the revision after theirs', async () => {
    const { editor, save, backend, piece } = await conflicted();
    await editor.keepMine();
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1][0].base, 'from their revision, as the person chose').toBe(piece.revision + 1);
    const after = await stored(backend, piece.id);
    expect(after.content.body).toBe('My text.');
    expect(after.revision).toBe(piece.revision + 2);
    expect(editor.saveState).toBe('saved');
  });
});

describe('who edits what', () => {
  it('holds a published piece’s edits for a correction instead of saving them', async () => {
    const { client: backend } = await demoDesk({ now: NOW });
    const me = await backend.signIn({ name: 'Ed Marsh' });
    const hit = (await backend.search({ query: 'hamlet barbican', limit: 1 }))[0];
    const before = await stored(backend, hit.id);
    expect(before.stage).toBe('published');
    const save = (backend.pieceSave = vi.fn(backend.pieceSave));
    const editor = new EditorController(backend, before, me);
    editor.set('dek', 'A restless production.');
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).not.toHaveBeenCalled();
    expect(editor.saveState).toBe('correction');
    await editor.saveCorrection('The dek overstated it.');
    const after = await stored(backend, hit.id);
    // The demo's Hamlet review already carries a correction of its own.
    expect(after.content.corrections.map((c) => c.note)).toEqual([...before.content.corrections.map((c) => c.note), 'The dek overstated it.']);
    expect(after.content.dek).toBe('A restless production.');
    expect(editor.saveState).toBe('saved');
  });

  it('makes a piece read-only for a writer once it is in copyedit', async () => {
    const { client: backend } = await demoDesk({ now: NOW });
    const me = await backend.signIn({ name: 'Wren Adair' });
    // The demo's The Wire review, Wren's, is past copyedit (scheduled).
    const hit = (await backend.search({ query: 'the wire', limit: 1 }))[0];
    const access = await backend.pieceAccess({ id: hit.id });
    expect(access.edit).toBe(false);
    expect(access.reason, 'the core’s own words').toBe('cannot edit: the piece is scheduled; only editors edit it, and Wren Adair is not one');
    const wire = new EditorController(backend, await stored(backend, hit.id), me, { access });
    expect(wire.piece.stage).toBe('scheduled');
    expect(wire.readonly).toBe(true);
    wire.set('body', 'Nope.');
    expect(wire.content.body).not.toBe('Nope.');
    expect(wire.dirty).toBe(false);

    // And her own piece, the moment she submits it.
    const p = await backend.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'Margins' });
    await backend.pieceSave({ id: p.id, content: { ...p.content, body: 'Text.' }, base: p.revision, note: null });
    await backend.pieceMove({ id: p.id, to: 'copyedit', note: null });
    // Not told what it may do, the controller asks the core.
    const mine = new EditorController(backend, await stored(backend, p.id), me);
    expect(mine.piece.stage).toBe('copyedit');
    await vi.waitFor(() => expect(mine.readonly).toBe(true));
    mine.set('body', 'Nope.');
    expect(mine.content.body).toBe('Text.');
    expect(mine.dirty).toBe(false);
  });
});

describe('what the core says a person may change', () => {
  it('gives a contributor the blurbs of a list that are theirs, and editors the whole piece', async () => {
    const { client: backend } = await demoDesk({ now: NOW });
    const list = (await backend.search({ query: 'best songs 1997', limit: 1 }))[0];
    await backend.signIn({ name: 'Wren Adair' });
    const wren = await backend.pieceAccess({ id: list.id });
    expect(wren.edit).toBe(false);
    const entries = (await stored(backend, list.id)).content.list!.entries;
    expect(wren.blurbs).toEqual(entries.filter((e) => e.contributor === 'Wren Adair').map((e) => e.rank));
    expect(wren.blurbs.length).toBeGreaterThan(0);
    await backend.signIn({ name: 'Sam Ortiz' });
    expect(await backend.pieceAccess({ id: list.id })).toEqual({ edit: true, blurbs: [], reason: null });
  });
});

describe('list entries', () => {
  it('renumbers ranks on add, move and remove, and saves them', async () => {
    const { client: backend } = await demoDesk({ now: NOW });
    const me = await backend.signIn({ name: 'Sam Ortiz' });
    const piece = await backend.pieceNew({ kind: 'list', section: 'Music', medium: null, headline: 'Three Songs' });
    const editor = new EditorController(backend, piece, me);
    editor.addEntry();
    editor.addEntry();
    editor.addEntry();
    editor.setEntry(0, 'title', 'Machine');
    editor.setEntry(1, 'title', 'Song 2');
    editor.setEntry(2, 'title', 'Jóga');
    const ranks = () => editor.content.list!.entries.map((e) => `${e.rank}:${e.title}`);
    expect(ranks()).toEqual(['3:Machine', '2:Song 2', '1:Jóga']);
    editor.moveEntry(2, 0);
    expect(ranks()).toEqual(['3:Jóga', '2:Machine', '1:Song 2']);
    editor.removeEntry(1);
    expect(ranks()).toEqual(['2:Jóga', '1:Song 2']);
    expect(await editor.flush()).toBe(true);
    expect((await stored(backend, piece.id)).content.list!.entries.map((e) => `${e.rank}:${e.title}`)).toEqual(['2:Jóga', '1:Song 2']);
  });
});

describe('the live preview', () => {
  it('follows typing with at most one render in flight and shows the latest text', async () => {
    vi.useRealTimers();
    const { client: backend } = await demoDesk({ now: NOW });
    const me = await backend.signIn({ name: 'Wren Adair' });
    const piece = await backend.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'Margins' });
    // Count the renders the core is asked for, and how many are in flight at once.
    const render = backend.preview;
    let inFlight = 0;
    let maxInFlight = 0;
    let typedDuringRender = 0;
    const sent: string[] = [];
    let answered = () => {};
    const nextAnswer = () => new Promise<void>((r) => (answered = r));
    backend.preview = async (request) => {
      sent.push(request.content.body);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await render(request);
      } finally {
        inFlight--;
        answered();
      }
    };
    const editor = new EditorController(backend, piece, me);
    const words = 'the preview follows typing without queueing so what is typed while a render is in flight goes in the next request and the last render shows the last text'.split(' ');
    let text = '';
    for (const word of words) {
      for (const ch of `${text ? ' ' : ''}${word}`) {
        text += ch;
        if (inFlight > 0) typedDuringRender++;
        editor.set('body', text);
        // One keystroke per turn of the event loop: the renders' answers come in between.
        await new Promise((r) => setImmediate(r));
      }
      // After each word, the render in flight answers; the next word is typed over the next one.
      if (inFlight > 0) await nextAnswer();
    }
    await vi.waitFor(() => {
      expect(inFlight).toBe(0);
      expect(editor.preview.html).toContain(text);
    });
    editor.dispose();
    expect(maxInFlight, 'never more than one render in flight').toBe(1);
    expect(typedDuringRender, 'keys were typed while a render was in flight').toBeGreaterThan(0);
    expect(sent.length, 'what was typed meanwhile went in one next request, not one per key').toBeLessThan(text.length);
    expect(sent.at(-1), 'the last request carries the last text').toBe(text);
  });
});
