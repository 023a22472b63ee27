import { describe, expect, it } from 'vitest';
import { BackendError } from './backend';
import { MockBackend } from './mock';

const NOW = new Date('2025-11-24T12:00:00Z');

async function deskAs(name: string) {
  const m = MockBackend.demo({ now: () => NOW });
  await m.signIn(name);
  return m;
}

async function refusal(p: Promise<unknown>): Promise<BackendError> {
  try {
    await p;
  } catch (e) {
    return e as BackendError;
  }
  throw new Error('expected a refusal');
}

describe('the in-memory desk', () => {
  it('seeds pieces in every stage, with two on the calendar', async () => {
    const m = await deskAs('Ed Marsh');
    const board = await m.board();
    for (const c of board.columns) expect(c.total, `${c.stage} has pieces`).toBeGreaterThan(0);
    const cal = await m.calendar('2025-11-01T00:00:00Z', '2025-12-01T00:00:00Z');
    expect(cal.filter((i) => i.stage === 'scheduled').map((i) => i.at)).toEqual(['2025-11-25T09:00:00.000Z', '2025-11-27T18:00:00.000Z']);
  });

  it('refuses a save from a stale revision as a conflict and keeps the stored text', async () => {
    const m = await deskAs('Wren Adair');
    const p = await m.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'On Margins' });
    const first = await m.pieceSave(p.id, { ...p.content, body: 'Mine.' }, p.revision, null);
    expect(first.revision).toBe(2);
    const e = await refusal(m.pieceSave(p.id, { ...p.content, body: 'Theirs.' }, p.revision, null));
    expect(e.code).toBe('conflict');
    expect((await m.pieceGet(p.id)).content.body).toBe('Mine.');
  });

  it('says everything a submission lacks', async () => {
    const m = await deskAs('Wren Adair');
    const p = await m.pieceNew({ kind: 'review', section: 'Film', medium: 'film', headline: 'Heat' });
    const e = await refusal(m.pieceMove(p.id, 'copyedit', null));
    expect(e.code).toBe('refused');
    expect(e.message).toBe('cannot submit: the body is empty');
  });

  it("offers a writer only their own piece's submit, and a copy editor return and not schedule", async () => {
    const m = await deskAs('Wren Adair');
    const p = await m.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'On Margins' });
    await m.pieceSave(p.id, { ...p.content, body: 'Text.' }, 1, null);
    expect((await m.movesOffered(p.id)).map((o) => o.move)).toEqual(['submit']);
    await m.pieceMove(p.id, 'copyedit', null);
    await m.signIn('Cora Lind');
    expect((await m.movesOffered(p.id)).map((o) => o.move)).toEqual(['return']);
    const e = await refusal(m.pieceSchedule(p.id, '2025-11-26 09:00', 'Europe/London'));
    expect(e.message).toBe('cannot schedule: Cora Lind is not an editor of Books');
  });

  it('schedules a wall time in a zone and publishes it when due', async () => {
    const m = await deskAs('Ed Marsh');
    const hit = (await m.search('outer wilds', 5))[0];
    const p = await m.pieceGet(hit.id);
    const out = await m.pieceSchedule(p.id, '2025-11-26 09:00', 'Europe/London');
    expect(out.scheduled_at).toBe('2025-11-26T09:00:00.000Z');
    const due = await m.publishDue('2025-11-26T10:00:00Z');
    expect(due.published.map((x) => x.id)).toContain(p.id);
    expect((await m.pieceGet(p.id)).stage).toBe('published');
  });

  it('refuses to schedule in the past, naming the time', async () => {
    const m = await deskAs('Ed Marsh');
    const hit = (await m.search('outer wilds', 5))[0];
    const e = await refusal(m.pieceSchedule(hit.id, '2025-11-20 09:00', 'Europe/London'));
    expect(e.message).toBe('cannot schedule: the publication time 2025-11-20 09:00 Europe/London is in the past');
  });

  it('changes a published piece only by a correction with a note', async () => {
    const m = await deskAs('Ed Marsh');
    const hit = (await m.search('hamlet barbican', 5))[0];
    const p = await m.pieceGet(hit.id);
    const changed = { ...p.content, body: p.content.body + '\n\nOne more line.' };
    expect((await refusal(m.pieceSave(p.id, changed, p.revision, null))).code).toBe('refused');
    const out = await m.pieceSave(p.id, changed, p.revision, 'Added a line.');
    const after = await m.pieceGet(p.id);
    expect(after.revision).toBe(out.revision);
    expect(after.content.corrections.map((c) => c.note)).toEqual(['Added a line.']);
  });

  it('finds pieces by their fact box and marks the hits in the snippet', async () => {
    const m = await deskAs('Ed Marsh');
    const hits = await m.search('mann', 10);
    expect(hits[0].headline).toContain('Heat');
    expect(hits[0].snippet.some((r) => r.hit && /mann/i.test(r.text))).toBe(true);
  });

  it('diffs two revisions word by word and restores an old one as a new revision', async () => {
    const m = await deskAs('Wren Adair');
    const p = await m.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'On Margins' });
    await m.pieceSave(p.id, { ...p.content, body: 'The quick fox.' }, 1, null);
    await m.pieceSave(p.id, { ...p.content, body: 'The slow fox.' }, 2, null);
    const runs = await m.diffWords(p.id, 2, 3);
    expect(runs.filter((r) => r.change !== 'same')).toEqual([
      { change: 'removed', text: 'quick' },
      { change: 'added', text: 'slow' },
    ]);
    const out = await m.restoreRevision(p.id, 2, 3);
    expect(out.revision).toBe(4);
    expect((await m.pieceGet(p.id)).content.body).toBe('The quick fox.');
    expect((await m.history(p.id)).revisions.at(-1)?.note).toBe('restored revision 2');
  });

  it('stops a cancelled import before writing anything', async () => {
    const m = new MockBackend({ now: () => NOW, stepMs: 1 });
    await m.personAdd('Ed', ['editor'], []);
    await m.signIn('Ed');
    const run = m.importFiles(['a.md', 'b.md', 'c.md'], 7);
    await m.cancelTask(7);
    const e = await refusal(run);
    expect(e.code).toBe('cancelled');
    expect((await m.appInfo()).pieces).toBe(0);
  });
});
