import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MockBackend } from '../backend/mock';
import type { Person, Piece } from '../backend/types';
import { EditorController } from './editor.svelte';

const NOW = new Date('2025-11-24T12:00:00Z');

async function setup(as = 'Wren Adair') {
  const backend = MockBackend.demo({ now: () => NOW });
  const me: Person = await backend.signIn(as);
  const piece: Piece = await backend.pieceNew({ kind: 'review', section: 'Film', medium: 'film', headline: 'Heat at Thirty' });
  const save = vi.spyOn(backend, 'pieceSave');
  const editor = new EditorController(backend, piece, me);
  return { backend, me, piece, save, editor };
}

beforeEach(() => {
  vi.useFakeTimers();
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
    expect(save.mock.calls[0][2], 'the save names the revision it started from').toBe(piece.revision);
    expect(editor.saveState).toBe('saved');
    expect((await backend.pieceGet(piece.id)).content.body).toBe('Mann shoots Los Angeles at night.');
  });

  it('saves within a second of the first change even while typing never pauses', async () => {
    const { editor, save } = await setup();
    let text = '';
    for (let t = 0; t < 1000; t += 100) {
      text += 'word ';
      editor.set('body', text);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(save.mock.calls.length, 'at least one save in the first second').toBeGreaterThanOrEqual(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(editor.saveState).toBe('saved');
    expect(save.mock.lastCall?.[1].body).toBe(text);
  });

  it('puts changes made during a save into the next one, from the new revision', async () => {
    const { editor, save, backend, piece } = await setup();
    editor.set('body', 'First.');
    await vi.advanceTimersByTimeAsync(400);
    editor.set('body', 'First. Second.');
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1][2]).toBe(piece.revision + 1);
    expect((await backend.pieceGet(piece.id)).content.body).toBe('First. Second.');
    expect(editor.saveState).toBe('saved');
  });

  it('saves at once when flushed (leaving the editor, closing the window)', async () => {
    const { editor, save } = await setup();
    editor.set('headline', 'Heat, Thirty Years On');
    expect(await editor.flush()).toBe(true);
    expect(save).toHaveBeenCalledTimes(1);
    expect(editor.dirty).toBe(false);
  });
});

describe('a piece changed elsewhere', () => {
  async function conflicted() {
    const s = await setup();
    // Another window saves first.
    await s.backend.pieceSave(s.piece.id, { ...s.piece.content, body: 'Their text.' }, s.piece.revision, null);
    s.save.mockClear();
    s.editor.set('body', 'My text.');
    await vi.advanceTimersByTimeAsync(1000);
    return s;
  }

  it('stops and asks, and saves nothing more until the person chooses', async () => {
    const { editor, save, backend, piece } = await conflicted();
    expect(editor.saveState).toBe('conflict');
    expect(save).toHaveBeenCalledTimes(1);
    editor.set('body', 'My text, typed on.');
    await vi.advanceTimersByTimeAsync(5000);
    await editor.flush();
    expect(save, 'no retry from a newer base behind the person’s back').toHaveBeenCalledTimes(1);
    expect((await backend.pieceGet(piece.id)).content.body).toBe('Their text.');
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
    expect(save.mock.calls[1][2], 'from their revision, as the person chose').toBe(piece.revision + 1);
    const stored = await backend.pieceGet(piece.id);
    expect(stored.content.body).toBe('My text.');
    expect(stored.revision).toBe(piece.revision + 2);
    expect(editor.saveState).toBe('saved');
  });
});

describe('who edits what', () => {
  it('holds a published piece’s edits for a correction instead of saving them', async () => {
    const backend = MockBackend.demo({ now: () => NOW });
    const me = await backend.signIn('Ed Marsh');
    const hit = (await backend.search('hamlet barbican', 1))[0];
    const save = vi.spyOn(backend, 'pieceSave');
    const editor = new EditorController(backend, await backend.pieceGet(hit.id), me);
    editor.set('dek', 'A restless production.');
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).not.toHaveBeenCalled();
    expect(editor.saveState).toBe('correction');
    await editor.saveCorrection('The dek overstated it.');
    expect((await backend.pieceGet(hit.id)).content.corrections.map((c) => c.note)).toEqual(['The dek overstated it.']);
    expect(editor.saveState).toBe('saved');
  });

  it('makes a piece read-only for a writer once it is in copyedit', async () => {
    const backend = MockBackend.demo({ now: () => NOW });
    const me = await backend.signIn('Wren Adair');
    const hit = (await backend.search('the wire', 1))[0];
    const editor = new EditorController(backend, await backend.pieceGet(hit.id), me);
    expect(editor.readonly).toBe(true);
    editor.set('body', 'Nope.');
    expect(editor.content.body).not.toBe('Nope.');
    expect(editor.dirty).toBe(false);
  });
});

describe('list entries', () => {
  it('renumbers ranks on add, move and remove, and saves them', async () => {
    const backend = MockBackend.demo({ now: () => NOW });
    const me = await backend.signIn('Sam Ortiz');
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
    await editor.flush();
    expect((await backend.pieceGet(piece.id)).content.list!.entries.map((e) => e.rank)).toEqual([2, 1]);
  });
});

describe('the live preview', () => {
  it('follows typing with one render in flight and shows the latest text', async () => {
    vi.useRealTimers();
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const backend = MockBackend.demo({ now: () => NOW, latencyMs: 30 });
    const me = await backend.signIn('Wren Adair');
    const piece = await backend.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'Margins' });
    const preview = vi.spyOn(backend, 'preview');
    const editor = new EditorController(backend, piece, me);
    for (const word of ['one', 'one two', 'one two three', 'one two three four']) {
      editor.set('body', word);
      await sleep(5);
    }
    await sleep(200);
    editor.dispose();
    expect(preview.mock.calls.length, 'typing during a render is coalesced into one more').toBeLessThanOrEqual(3);
    expect(editor.preview.html).toContain('one two three four');
  });
});
