import { describe, expect, it } from 'vitest';
import { MockBackend } from '../backend/mock';
import { EditorController } from '../editor/editor.svelte';
import { HistoryController } from './history.svelte';

describe('history', () => {
  it('compares the last two revisions and restores an older one as a new revision', async () => {
    const backend = MockBackend.demo();
    const me = await backend.signIn('Wren Adair');
    const p = await backend.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'Margins' });
    await backend.pieceSave(p.id, { ...p.content, body: 'The quick fox.' }, 1, null);
    await backend.pieceSave(p.id, { ...p.content, body: 'The slow fox.' }, 2, null);
    const editor = new EditorController(backend, await backend.pieceGet(p.id), me);
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
    expect([history.from, history.to]).toEqual([2, 3]);
    expect(history.runs?.filter((r) => r.change !== 'same')).toEqual([
      { change: 'removed', text: 'quick' },
      { change: 'added', text: 'slow' },
    ]);
    await history.restore(2);
    expect(history.error).toBeNull();
    expect(editor.content.body).toBe('The quick fox.');
    expect(history.newestFirst[0]).toMatchObject({ number: 4, note: 'restored revision 2' });
  });
});
