import { describe, expect, it } from 'vitest';
import { EditorController } from '../editor/editor.svelte';
import { demoDesk } from '../testing/desk';
import { HistoryController } from './history.svelte';

describe('history', () => {
  it('compares the last two revisions and restores an older one as a new revision', async () => {
    const { client: backend } = await demoDesk();
    const me = await backend.signIn({ name: 'Wren Adair' });
    const p = await backend.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'Margins' });
    await backend.pieceSave({ id: p.id, content: { ...p.content, body: 'The quick fox.' }, base: 1, note: null });
    await backend.pieceSave({ id: p.id, content: { ...p.content, body: 'The slow fox.' }, base: 2, note: null });
    const editor = new EditorController(backend, await backend.pieceGet({ id: p.id }), me);
    const history = new HistoryController(backend, {
      get id() {
        return editor.id;
      },
      get base() {
        return editor.piece.revision;
      },
      flush: () => editor.flush(),
      reload: () => editor.reload(),
    });
    await history.load();
    expect(history.error).toBeNull();
    expect(history.newestFirst.map((r) => r.number)).toEqual([3, 2, 1]);
    expect([history.from, history.to]).toEqual([2, 3]);
    expect(history.runs?.filter((r) => r.change !== 'same')).toEqual([
      { change: 'removed', text: 'quick' },
      { change: 'added', text: 'slow' },
    ]);
    await history.restore(2);
    expect(history.error).toBeNull();
    expect(history.notice).toBe('Revision 2 restored as revision 4.');
    expect(editor.content.body).toBe('The quick fox.');
    expect(editor.piece.revision).toBe(4);
    expect(history.newestFirst[0]).toMatchObject({ number: 4, note: 'restored revision 2', who: 'Wren Adair' });
    expect((await backend.pieceGet({ id: p.id })).content.body).toBe('The quick fox.');
  });
});
