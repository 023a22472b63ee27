// The copy desk against the real core (`galley serve` on a demo desk): a query on selected
// words, suggesting mode turning what is typed into suggestions, the house style's findings
// with a fix taken as a suggestion, and the writer deciding them once the piece is back.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../backend/backend';
import type { Content, Person, Piece } from '../backend/types';
import { EditorController } from '../editor/editor.svelte';
import { demoDesk } from '../testing/desk';
import { CopyDeskController } from './copydesk.svelte';

const NOW = '2025-11-24T12:00:00Z';
// An emoji before the words: the core counts it as one character, the editor as two units.
const BODY = 'Mann 🎬 shoots Los Angeles at night as if it were a sea.\n\nScorcese never made a film this patient, and the e-mail scene is the best in it.\n';

async function piece(backend: Backend): Promise<Piece> {
  await backend.signIn({ name: 'Wren Adair' });
  const p = await backend.pieceNew({ kind: 'review', section: 'Film', medium: 'film', headline: 'Heat at Thirty' });
  const content: Content = structuredClone(p.content);
  content.body = BODY;
  content.review = { subject: { medium: 'film', title: 'Heat', director: ['Martin Scorsese'], cast: [], rated: null, studio: null, year: 1995, runtime: null, releases: [] }, score: 8 };
  await backend.pieceSave({ id: p.id, content, base: p.revision, note: null });
  await backend.pieceMove({ id: p.id, to: 'copyedit', note: null });
  return backend.pieceGet({ id: p.id });
}

async function open(backend: Backend, id: string, name: string) {
  const me: Person = await backend.signIn({ name });
  const p = await backend.pieceGet({ id });
  const editor = new EditorController(backend, p, me, { access: await backend.pieceAccess({ id }) });
  const desk = new CopyDeskController(backend, editor, { checkMs: 0, proposeMs: 50 });
  await desk.load();
  return { editor, desk };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the copy desk', () => {
  it('queries selected words, suggests, fixes a name from the fact box, and the writer decides', async () => {
    const { client: backend } = await demoDesk({ now: NOW });
    const id = (await piece(backend)).id;

    // Cora selects "as if it were a sea" (in the editor's units) and asks.
    const { desk } = await open(backend, id, 'Cora Lind');
    expect(desk.marks?.may_query && desk.marks.may_suggest).toBe(true);
    const from = BODY.indexOf('as if it were a sea');
    expect(await desk.ask(from, from + 'as if it were a sea'.length, 'A sea, or the sea?')).toBe(true);
    const q = desk.marks!.queries[0];
    expect([q.quote, q.status, q.open]).toEqual(['as if it were a sea', 'anchored', true]);
    const drawnQuery = desk.drawn()!.find((m) => m.id === q.id)!;
    expect(BODY.slice(drawnQuery.from, drawnQuery.to), 'drawn on its words, past the emoji').toBe('as if it were a sea');

    // The style check flags the director's name as the fact box spells it.
    await desk.check();
    const name = desk.findings.find((f) => f.rule === 'facts.name')!;
    expect([name.quote, name.fix]).toEqual(['Scorcese', 'Scorsese']);

    // Suggesting: two changes typed, then the name's fix taken, credited to the house style.
    await desk.enterSuggesting();
    expect(desk.proposal).toBe(BODY);
    desk.propose(desk.proposal.replace('Mann 🎬', 'Michael Mann 🎬').replace('e-mail scene', 'diner scene'));
    await vi.advanceTimersByTimeAsync(60);
    await desk.sendProposal();
    expect(desk.marks!.suggestions.map((s) => [s.quote, s.insert])).toEqual([
      ['', 'Michael '],
      ['e-mail', 'diner'],
    ]);
    await desk.check();
    const again = desk.findings.find((f) => f.rule === 'facts.name')!;
    await desk.fix(again);
    const viaHouse = desk.marks!.suggestions.find((s) => s.insert === 'Scorsese')!;
    expect([viaHouse.quote, viaHouse.via, viaHouse.author]).toEqual(['Scorcese', 'facts.name', 'Cora Lind']);
    expect((await backend.pieceGet({ id })).content.body, 'suggestions leave the text as it is').toBe(BODY);
    // In the proposal, each insertion is drawn on the words it puts in.
    const shown = desk.proposal;
    for (const s of desk.marks!.suggestions) {
      const ins = desk.drawn()!.find((m) => m.id === s.id && m.kind === 'inserted')!;
      expect(shown.slice(ins.from, ins.to)).toBe(s.insert);
    }
    expect(desk.marks!.accepted).toBe(BODY.replace('Mann 🎬', 'Michael Mann 🎬').replace('e-mail', 'diner').replace('Scorcese', 'Scorsese'));
    await desk.leaveSuggesting();
    expect(desk.marks!.may_decide, 'in copyedit the copy editor decides too').toBe(true);
    await backend.pieceMove({ id, to: 'draft', note: 'Three suggestions and a query' });

    // Wren, with the piece back: answers the query, accepts two, rejects one.
    const w = await open(backend, id, 'Wren Adair');
    expect(w.desk.marks!.may_decide).toBe(true);
    expect(w.desk.since?.returned_by).toBe('Cora Lind');
    await w.desk.reply(q.id, 'The Pacific: Mann shot from the hills.');
    await w.desk.resolve(q.id, true);
    const [s1, s2, s3] = w.desk.marks!.suggestions;
    await w.desk.decide(s1.id, true);
    await w.desk.decide(s3.id, true);
    await w.desk.decide(s2.id, false);
    const body = (await backend.pieceGet({ id })).content.body;
    expect(body).toBe(BODY.replace('Mann 🎬', 'Michael Mann 🎬').replace('Scorcese', 'Scorsese'));
    expect(w.editor.content.body, 'the editor has the accepted text').toBe(body);
    expect(w.desk.openSuggestions).toEqual([]);
    expect(w.desk.resolved.map((r) => r.messages.length)).toEqual([2]);
    const notes = (await backend.history({ id })).revisions.map((r) => r.note ?? '');
    expect(notes.filter((n) => n.startsWith('accepted Cora Lind'))).toHaveLength(2);
    // The first style check in a process builds Harper's linters: seconds in a debug build.
  }, 60_000);

  it('is refused what the core refuses: the writer cannot decide while it is in copyedit', async () => {
    const { client: backend } = await demoDesk({ now: NOW });
    const id = (await piece(backend)).id;
    const { desk } = await open(backend, id, 'Cora Lind');
    await desk.enterSuggesting();
    desk.propose(BODY.replace('night', 'dusk'));
    await desk.sendProposal();
    const w = await open(backend, id, 'Wren Adair');
    expect(w.desk.marks!.may_decide).toBe(false);
    await w.desk.decide(w.desk.marks!.suggestions[0].id, true);
    expect(w.desk.error).toMatch(/copyedit|copy desk|may not/i);
    expect((await backend.pieceGet({ id })).content.body).toBe(BODY);
  });
});
