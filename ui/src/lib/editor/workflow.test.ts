import { describe, expect, it } from 'vitest';
import { MockBackend } from '../backend/mock';
import { EditorController } from './editor.svelte';
import { WorkflowController } from './workflow.svelte';

const NOW = new Date('2025-11-24T12:00:00Z');

async function open(backend: MockBackend, as: string, id: string) {
  const me = await backend.signIn(as);
  const editor = new EditorController(backend, await backend.pieceGet(id), me);
  const flow = new WorkflowController(backend, editor);
  await flow.refresh();
  return { editor, flow };
}

describe('the workflow bar', () => {
  it('shows the core’s refusal, saying what is missing', async () => {
    const backend = MockBackend.demo({ now: () => NOW });
    await backend.signIn('Wren Adair');
    const p = await backend.pieceNew({ kind: 'review', section: 'Film', medium: 'film', headline: 'Heat at Thirty' });
    const { flow } = await open(backend, 'Wren Adair', p.id);
    expect(flow.offered.map((m) => m.to)).toEqual(['copyedit']);
    await flow.move(flow.offered[0], null);
    expect(flow.refusal).toBe('cannot submit: the body is empty');
    expect((await backend.pieceGet(p.id)).stage).toBe('draft');
  });

  it('saves the text before moving, then offers the next stage’s moves', async () => {
    const backend = MockBackend.demo({ now: () => NOW });
    await backend.signIn('Wren Adair');
    const p = await backend.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'Margins' });
    const { editor, flow } = await open(backend, 'Wren Adair', p.id);
    editor.set('body', 'Typed and not yet saved.');
    await flow.move(flow.offered[0], null);
    expect(flow.refusal).toBeNull();
    const stored = await backend.pieceGet(p.id);
    expect(stored.stage).toBe('copyedit');
    expect(stored.content.body).toBe('Typed and not yet saved.');
    expect(editor.piece.stage).toBe('copyedit');
    expect(editor.readonly, 'the writer reads their piece in copyedit').toBe(true);
    expect(flow.offered).toEqual([]);
  });

  it('asks for a note where the rule needs one, and schedules in a zone', async () => {
    const backend = MockBackend.demo({ now: () => NOW });
    const hit = (await backend.search('outer wilds', 1))[0];
    const cora = await open(backend, 'Cora Lind', hit.id);
    const ret = cora.flow.offered.find((m) => m.move === 'return')!;
    cora.flow.begin(ret);
    expect(cora.flow.dialog).toEqual({ kind: 'note', move: ret });
    await cora.flow.move(ret, 'Needs a verb.');
    expect((await backend.history(hit.id)).transitions.at(-1)?.note).toBe('Needs a verb.');

    await backend.signIn('Sam Ortiz');
    await backend.pieceMove(hit.id, 'copyedit', null);
    const ed = await open(backend, 'Ed Marsh', hit.id);
    const sched = ed.flow.offered.find((m) => m.needs_time)!;
    ed.flow.begin(sched);
    expect(ed.flow.dialog).toEqual({ kind: 'schedule', reschedule: false });
    await ed.flow.schedule('2025-11-25', '09:00', 'Europe/London');
    expect(ed.flow.refusal).toBeNull();
    expect(ed.flow.dialog).toBeNull();
    const stored = await backend.pieceGet(hit.id);
    expect([stored.stage, stored.scheduled_at, stored.schedule_zone]).toEqual(['scheduled', '2025-11-25T09:00:00.000Z', 'Europe/London']);
    expect(ed.flow.canReschedule).toBe(true);
  });
});
