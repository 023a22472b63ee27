// The generated client over `galley serve`: the transport, the core's error codes and its own
// words for refusals, on the demo desk. (The rules themselves are the core's, tested there;
// these check that the UI gets them as the core says them.)

import { describe, expect, it } from 'vitest';
import { demoDesk, refusal, serveDesk } from '../testing/desk';
import { BackendError, client, httpTransport } from './client';

const NOW = '2025-11-24T12:00:00Z';

async function deskAs(name: string) {
  return (await demoDesk({ now: NOW, as: name })).client;
}

describe('the client over galley serve', () => {
  it('needs the host’s token', async () => {
    const { url, client: good } = await serveDesk();
    const e = await refusal(client(httpTransport(url, 'not-the-token')).appInfo());
    expect(e).toBeInstanceOf(BackendError);
    expect([e.code, e.message]).toEqual(['refused', "this desk's host needs its token: send `Authorization: Bearer TOKEN`"]);
    expect((await good.appInfo()).pieces).toBe(0);
  });

  it('seeds pieces in every stage, with two on the calendar', async () => {
    const m = await deskAs('Ed Marsh');
    const board = await m.board();
    expect(board.columns.map((c) => c.stage)).toEqual(['draft', 'copyedit', 'scheduled', 'published', 'spiked']);
    for (const c of board.columns) expect(c.total, `${c.stage} has pieces`).toBeGreaterThan(0);
    const cal = await m.calendar({ from: '2025-11-01T00:00:00Z', to: '2025-12-01T00:00:00Z' });
    expect(cal.filter((i) => i.stage === 'scheduled').map((i) => i.at)).toEqual(['2025-11-25T09:00:00Z', '2025-11-27T18:00:00Z']);
  });

  it('refuses a save from a stale revision as a conflict and keeps the stored text', async () => {
    const m = await deskAs('Wren Adair');
    const p = await m.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'On Margins' });
    const first = await m.pieceSave({ id: p.id, content: { ...p.content, body: 'Mine.' }, base: p.revision, note: null });
    expect(first.revision).toBe(2);
    const e = await refusal(m.pieceSave({ id: p.id, content: { ...p.content, body: 'Theirs.' }, base: p.revision, note: null }));
    expect(e.code).toBe('conflict');
    expect(e.message).toBe(`piece ${p.id} changed since revision 1 (it is at revision 2 now): nothing was saved; reload it and make the change again`);
    expect((await m.pieceGet({ id: p.id })).content.body).toBe('Mine.');
  });

  it('says everything a submission lacks', async () => {
    const m = await deskAs('Wren Adair');
    const p = await m.pieceNew({ kind: 'review', section: 'Film', medium: 'film', headline: 'Heat' });
    const e = await refusal(m.pieceMove({ id: p.id, to: 'copyedit', note: null }));
    expect(e.code).toBe('refused');
    expect(e.message).toBe('cannot submit: the body is empty');
  });

  it("offers a writer only their own piece's submit, and a copy editor return and not schedule", async () => {
    const m = await deskAs('Wren Adair');
    const p = await m.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'On Margins' });
    await m.pieceSave({ id: p.id, content: { ...p.content, body: 'Text.' }, base: 1, note: null });
    expect((await m.movesOffered({ id: p.id })).map((o) => o.move)).toEqual(['submit']);
    await m.pieceMove({ id: p.id, to: 'copyedit', note: null });
    await m.signIn({ name: 'Cora Lind' });
    expect((await m.movesOffered({ id: p.id })).map((o) => o.move)).toEqual(['return']);
    const e = await refusal(m.pieceSchedule({ id: p.id, wall: '2025-11-26 09:00', zone: 'Europe/London' }));
    expect(e.message).toBe('cannot schedule: Cora Lind is not an editor of Books');
  });

  it('schedules a wall time in a zone and publishes it when due', async () => {
    const m = await deskAs('Ed Marsh');
    const hit = (await m.search({ query: 'outer wilds', limit: 5 }))[0];
    const p = await m.pieceGet({ id: hit.id });
    const out = await m.pieceSchedule({ id: p.id, wall: '2025-11-26 09:00', zone: 'Europe/London' });
    expect(out.scheduled_at).toBe('2025-11-26T09:00:00Z');
    expect([out.local, out.zone]).toEqual(['2025-11-26 09:00', 'Europe/London']);
    const due = await m.publishDue({ at: '2025-11-26T10:00:00Z' });
    expect(due.published.map((x) => x.id)).toContain(p.id);
    expect((await m.pieceGet({ id: p.id })).stage).toBe('published');
  });

  it('refuses to schedule in the past, naming the time', async () => {
    const m = await deskAs('Ed Marsh');
    const hit = (await m.search({ query: 'outer wilds', limit: 5 }))[0];
    const e = await refusal(m.pieceSchedule({ id: hit.id, wall: '2025-11-20 09:00', zone: 'Europe/London' }));
    expect(e.message).toBe('cannot schedule: the publication time 2025-11-20 09:00 Europe/London is in the past');
  });

  it('changes a published piece only by a correction with a note', async () => {
    const m = await deskAs('Ed Marsh');
    const hit = (await m.search({ query: 'hamlet barbican', limit: 5 }))[0];
    const p = await m.pieceGet({ id: hit.id });
    const changed = { ...p.content, body: p.content.body + '\n\nOne more line.' };
    const e = await refusal(m.pieceSave({ id: p.id, content: changed, base: p.revision, note: null }));
    expect([e.code, e.message]).toEqual(['refused', 'cannot edit: a published piece changes only by a correction; give a correction note, which is shown on the page']);
    const out = await m.pieceSave({ id: p.id, content: changed, base: p.revision, note: 'Added a line.' });
    const after = await m.pieceGet({ id: p.id });
    expect(after.revision).toBe(out.revision);
    expect(after.content.corrections.map((c) => c.note)).toEqual([...p.content.corrections.map((c) => c.note), 'Added a line.']);
  });

  it('finds pieces by their fact box and marks the hits in the snippet', async () => {
    const m = await deskAs('Ed Marsh');
    const hits = await m.search({ query: 'mann', limit: 10 });
    expect(hits[0].headline).toContain('Heat');
    expect(hits[0].snippet.some((r) => r.hit && /mann/i.test(r.text))).toBe(true);
  });

  it('diffs two revisions word by word and restores an old one as a new revision', async () => {
    const m = await deskAs('Wren Adair');
    const p = await m.pieceNew({ kind: 'feature', section: 'Books', medium: null, headline: 'On Margins' });
    await m.pieceSave({ id: p.id, content: { ...p.content, body: 'The quick fox.' }, base: 1, note: null });
    await m.pieceSave({ id: p.id, content: { ...p.content, body: 'The slow fox.' }, base: 2, note: null });
    const runs = await m.diffWords({ id: p.id, a: 2, b: 3 });
    expect(runs.filter((r) => r.change !== 'same')).toEqual([
      { change: 'removed', text: 'quick' },
      { change: 'added', text: 'slow' },
    ]);
    const out = await m.restoreRevision({ id: p.id, number: 2, base: 3 });
    expect(out.revision).toBe(4);
    expect((await m.pieceGet({ id: p.id })).content.body).toBe('The quick fox.');
    expect((await m.history({ id: p.id })).revisions.at(-1)?.note).toBe('restored revision 2');
  });
});
