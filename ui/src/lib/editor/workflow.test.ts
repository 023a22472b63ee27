import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend';
import { demoDesk } from '../testing/desk';
import { EditorController } from './editor.svelte';
import { WorkflowController } from './workflow.svelte';

const NOW = '2025-11-24T12:00:00Z';

async function open(backend: Backend, as: string, id: string) {
  const me = await backend.signIn({ name: as });
  const editor = new EditorController(backend, await backend.pieceGet({ id }), me);
  const flow = new WorkflowController(backend, editor);
  await flow.refresh();
  return { editor, flow };
}

describe('the workflow bar', () => {
  it('shows the core’s refusal, saying what is missing', async () => {
    const { client: backend } = await demoDesk({ now: NOW, as: 'Wren Adair' });
    const p = await backend.pieceNew({ kind: 'review', section: 'Film', medium: 'film', headline: 'Heat at Thirty' });
    const { flow } = await open(backend, 'Wren Adair', p.id);
    expect(flow.offered.map((m) => m.to)).toEqual(['copyedit']);
    await flow.move(flow.offered[0], null);
    expect(flow.refusal).toBe('cannot submit: the body is empty');
    expect((await backend.pieceGet({ id: p.id })).stage).toBe('draft');
  });

  it('saves the text before moving, then offers the next stage’s moves', async () => {
    const { client: backend } = await demoDesk({ now: NOW, as: 'Wren Adair' });
    const p = await backend.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'Margins' });
    const { editor, flow } = await open(backend, 'Wren Adair', p.id);
    editor.set('body', 'Typed and not yet saved.');
    await flow.move(flow.offered[0], null);
    expect(flow.refusal).toBeNull();
    expect(flow.notice).toBe('Moved to Copyedit.');
    const stored = await backend.pieceGet({ id: p.id });
    expect(stored.stage).toBe('copyedit');
    expect(stored.content.body).toBe('Typed and not yet saved.');
    expect(editor.piece.stage).toBe('copyedit');
    expect(editor.readonly, 'the writer reads their piece in copyedit').toBe(true);
    expect(flow.offered).toEqual([]);
  });

  it('asks for a note where the rule needs one, and schedules in a zone', async () => {
    const { client: backend } = await demoDesk({ now: NOW });
    const hit = (await backend.search({ query: 'outer wilds', limit: 1 }))[0];
    const cora = await open(backend, 'Cora Lind', hit.id);
    const ret = cora.flow.offered.find((m) => m.move === 'return')!;
    cora.flow.begin(ret);
    expect(cora.flow.dialog).toEqual({ kind: 'note', move: ret });
    await cora.flow.move(ret, 'Needs a verb.');
    expect(cora.flow.refusal).toBeNull();
    expect((await backend.history({ id: hit.id })).transitions.at(-1)).toMatchObject({ move: 'return', to: 'draft', who: 'Cora Lind', note: 'Needs a verb.' });

    await backend.signIn({ name: 'Sam Ortiz' });
    await backend.pieceMove({ id: hit.id, to: 'copyedit', note: null });
    const ed = await open(backend, 'Ed Marsh', hit.id);
    const sched = ed.flow.offered.find((m) => m.needs_time)!;
    ed.flow.begin(sched);
    expect(ed.flow.dialog).toEqual({ kind: 'schedule', reschedule: false });
    await ed.flow.schedule('2025-11-25', '09:00', 'Europe/London');
    expect(ed.flow.refusal).toBeNull();
    expect(ed.flow.dialog).toBeNull();
    const stored = await backend.pieceGet({ id: hit.id });
    expect([stored.stage, stored.scheduled_at, stored.schedule_zone]).toEqual(['scheduled', '2025-11-25T09:00:00Z', 'Europe/London']);
    expect(ed.flow.canReschedule).toBe(true);
  });
});
