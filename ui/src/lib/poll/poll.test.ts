// A list's poll through the window's controller, against the real core (`galley serve` on a
// demo desk): who may open it, a spreadsheet imported, spellings merged and unmerged, a tie
// decided with its reason, ballots one's own and no one else's, the top assembled, blurbs
// assigned with a due date, and a contributor writing only their own from the list's editor.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend';
import { EditorController } from '../editor/editor.svelte';
import { demoDesk, refusal } from '../testing/desk';
import { PollController } from './poll.svelte';

const NOW = '2026-12-01T12:00:00Z';
const BALLOTS = [
  'critic,rank,artist,song',
  'Ann Vo,1,Kendrick Lamar,Alright',
  'Ann Vo,2,Grimes,FLESH WITHOUT BLOOD',
  'Bo Lind,1,Grimes,Flesh Without Blood',
  'Bo Lind,2,kendrick lamar,Alright!',
  'Bo Lind,3,Sufjan Stevens,Should Have Known Better',
  'Cy Park,1,Sufjan Stevens,Should Have Known Better (Remix)',
].join('\n');

async function setup() {
  const desk = await demoDesk({ now: NOW, as: 'Sam Ortiz' });
  const sam = desk.client;
  const list = await sam.pieceNew({ kind: 'list', section: 'Music', medium: null, headline: 'The Best Songs of 2026' });
  const file = join(desk.dir, 'ballots.csv');
  writeFileSync(file, BALLOTS);
  return { desk, sam, list, file };
}

const as = async (b: Backend, name: string) => {
  await b.signIn({ name });
  return b;
};

describe('a poll in the window', () => {
  it('opens for the section editor and tells a writer why not', async () => {
    const { sam, list } = await setup();
    const poll = new PollController(sam, list.id);
    await poll.load();
    expect(poll.panel?.may_open).toBeNull();
    await as(sam, 'Wren Adair');
    await poll.load();
    expect(poll.panel?.may_open).toBe('cannot open a poll: Wren Adair is not an editor of Music or a section editor of it');
    await as(sam, 'Sam Ortiz');
    await poll.open({ subject: 'song', scheme: { kind: 'points', points: [3, 2, 1] }, ballot_size: 3, unranked_weight: null, tie_breaks: ['mentions', 'firsts'], eligible: null, closes: null });
    expect(poll.error).toBeNull();
    expect(poll.poll?.rules.described).toBe('3 points for a first place down to 1 for a 3rd');
    expect(poll.poll?.rules.tie_breaks, 'points first, then the chain asked for').toEqual(['points', 'mentions', 'firsts']);
    expect(poll.poll?.events.map((e) => [e.what, e.who])).toEqual([['open', 'Sam Ortiz']]);
    expect(poll.mayRun).toBe(true);
  });

  it('imports a spreadsheet, merges what the section editor says is one work and undoes it, and decides a tie with its reason', async () => {
    const { sam, list, file } = await setup();
    const poll = new PollController(sam, list.id);
    await poll.open({ subject: 'song', scheme: { kind: 'points', points: [3, 2, 1] }, ballot_size: 3, unranked_weight: null, tie_breaks: ['mentions', 'firsts'], eligible: null, closes: null });

    await poll.importBallots(file, 'voter=critic,rank=rank,creator=artist,title=song');
    expect(poll.error).toBeNull();
    expect(poll.notice).toBe('3 ballots and 6 picks imported. Added to the desk as writers: Ann Vo, Bo Lind, Cy Park.');
    const r = poll.results!;
    // "kendrick lamar, Alright!" and "FLESH WITHOUT BLOOD" fold into their works by themselves,
    // spelled as the better-styled ballot spells them.
    expect(r.tally.candidates.map((c) => [c.place, c.tied, c.name, c.points])).toEqual([
      [1, true, 'Grimes|Flesh Without Blood', 5],
      [1, true, 'Kendrick Lamar|Alright', 5],
      [3, false, 'Sufjan Stevens|Should Have Known Better (Remix)', 3],
      [4, false, 'Sufjan Stevens|Should Have Known Better', 1],
    ]);
    expect(r.tally.candidates.map((c) => c.merged_spellings)).toEqual([['Grimes, “FLESH WITHOUT BLOOD”'], ['kendrick lamar, “Alright!”'], [], []]);
    expect(r.duplicates.map((d) => [d.a.title, d.b.title])).toEqual([['Should Have Known Better (Remix)', 'Should Have Known Better']]);

    await poll.merge('Sufjan Stevens|Should Have Known Better', 'Sufjan Stevens|Should Have Known Better (Remix)');
    expect(poll.error).toBeNull();
    expect(poll.results!.tally.candidates.find((c) => c.title === 'Should Have Known Better')?.points).toBe(4);
    expect(poll.results!.merges.map((m) => [m.from, m.into, m.who])).toEqual([
      ['Sufjan Stevens|Should Have Known Better (Remix)', 'Sufjan Stevens, “Should Have Known Better”', 'Sam Ortiz'],
    ]);
    expect(poll.results!.duplicates).toEqual([]);
    await poll.unmerge('Sufjan Stevens|Should Have Known Better (Remix)');
    expect(poll.results!.tally.candidates).toHaveLength(4);
    expect(poll.results!.merges).toEqual([]);
    await poll.merge('Sufjan Stevens|Should Have Known Better', 'Sufjan Stevens|Should Have Known Better (Remix)');

    // The tie at the top: level on points, mentions and every rank, so an editor decides.
    await poll.decide('Kendrick Lamar|Alright', 'Grimes|Flesh Without Blood', '');
    expect(poll.error).toBe('a decision keeps its reason: say why');
    await poll.decide('Kendrick Lamar|Alright', 'Grimes|Flesh Without Blood', 'the first ballot in named it first');
    const t = poll.results!.tally.candidates;
    expect(t.slice(0, 2).map((c) => [c.place, c.tied, c.title])).toEqual([
      [1, false, 'Alright'],
      [2, false, 'Flesh Without Blood'],
    ]);
    expect(t[0].above_next).toBe('decided by Sam Ortiz: the first ballot in named it first');
    expect(poll.results!.decisions.map((d) => [d.above, d.below, d.who, d.why])).toEqual([
      ['Kendrick Lamar, “Alright”', 'Grimes, “Flesh Without Blood”', 'Sam Ortiz', 'the first ballot in named it first'],
    ]);

    // Borda beside the poll's own scheme, on the same ballots.
    await poll.compareWith({ kind: 'borda' });
    expect(poll.results!.compare?.candidates.map((c) => c.title)).toHaveLength(3);
  });

  it('takes a contributor’s own ballot and refuses anyone else’s', async () => {
    const { sam, list } = await setup();
    const poll = new PollController(sam, list.id);
    await poll.open({ subject: 'song', scheme: { kind: 'mentions' }, ballot_size: 3, unranked_weight: null, tie_breaks: [], eligible: null, closes: null });
    await as(sam, 'Wren Adair');
    await poll.load();
    expect(poll.panel?.rights).toEqual({ run: 'cannot run the poll: Wren Adair is not an editor of Music or a section editor of it', vote: null });
    await poll.putBallot('Wren Adair', [{ creator: 'Mitski', title: 'My Love Mine All Mine', year: '' }, { creator: '', title: '', year: '' }], true);
    expect(poll.error).toBeNull();
    expect(poll.panel?.my_ballot).toEqual([{ creator: 'Mitski', title: 'My Love Mine All Mine', rank: 1, points: null, year: null }]);
    const e = await refusal(sam.ballotPut({ poll: poll.poll!.id, voter: 'Cora Lind', picks: [] }));
    expect(e.message).toBe("cannot change Cora Lind's ballot: a ballot is its voter's own, and Wren Adair is not Cora Lind");
    // Sam enters Cora's on her behalf, recorded as his.
    await as(sam, 'Sam Ortiz');
    await poll.putBallot('Cora Lind', [{ creator: 'Mitski', title: 'My Love Mine All Mine', year: '' }], false);
    await poll.show('ballots');
    expect(poll.ballots.map((b) => [b.voter, b.entered_by])).toEqual([
      ['Cora Lind', 'Sam Ortiz'],
      ['Wren Adair', 'Wren Adair'],
    ]);
    await poll.setOpen(false);
    expect(poll.poll?.open).toBe(false);
    await as(sam, 'Wren Adair');
    await poll.load();
    expect(poll.panel?.rights?.vote).toBe("cannot change Wren Adair's ballot: the poll is closed");
  });

  it('assembles the top, assigns the blurbs with a due date, and a contributor writes only hers', async () => {
    const { sam, list, file } = await setup();
    let reloads = 0;
    const poll = new PollController(sam, list.id, { flush: async () => true, reload: async () => void reloads++ });
    await poll.open({ subject: 'song', scheme: { kind: 'points', points: [3, 2, 1] }, ballot_size: 3, unranked_weight: null, tie_breaks: ['mentions', 'firsts'], eligible: null, closes: null });
    await poll.importBallots(file, 'voter=critic,rank=rank,creator=artist,title=song');
    await poll.assemble(2);
    expect(poll.error).toBe('cannot assemble the list: decide these ties first: =1 Grimes, “Flesh Without Blood” and Kendrick Lamar, “Alright”');
    await poll.decide('Grimes|Flesh Without Blood', 'Kendrick Lamar|Alright', 'Grimes’s was the earlier single');
    await poll.assemble(2);
    expect(poll.error).toBeNull();
    expect(reloads, 'the list’s editor reloads what the assembly wrote').toBe(1);
    const assembled = (await sam.pieceGet({ id: list.id })).content.list!;
    expect(assembled.entries.map((e) => [e.rank, e.title])).toEqual([
      [2, 'Alright'],
      [1, 'Flesh Without Blood'],
    ]);
    expect(assembled.method).toBe('3 ballots; 3 points for a first place down to 1 for a 3rd');

    await poll.show('blurbs');
    expect(poll.board?.suggestions).toEqual([
      { rank: 1, name: 'Bo Lind' },
      { rank: 2, name: 'Ann Vo' },
    ]);
    await poll.assign(1, 'Bo Lind', '2026-12-10');
    await poll.assign(2, 'Wren Adair', '2026-12-12');
    expect(poll.notice).toBe('Entry 2’s blurb is Wren Adair’s, due 2026-12-12.');
    expect(poll.board?.progress.unassigned).toEqual([]);
    expect(poll.board?.progress.contributors.map((c) => [c.name, c.assigned, c.next_due])).toEqual([
      ['Bo Lind', [1], '2026-12-10'],
      ['Wren Adair', [2], '2026-12-12'],
    ]);

    // Wren, from "my blurbs", in the list's editor: her blurb and its mark, nothing else.
    const wren = await as(sam, 'Wren Adair');
    expect((await wren.myBlurbs()).filter((b) => b.list === list.id).map((b) => [b.headline, b.rank, b.title, b.due, b.writable])).toEqual([['The Best Songs of 2026', 2, 'Alright', '2026-12-12', true]]);
    const me = await wren.signIn({ name: 'Wren Adair' });
    const piece = await wren.pieceGet({ id: list.id });
    const access = await wren.pieceAccess({ id: list.id });
    const editor = new EditorController(wren, piece, me, { access });
    expect([editor.readonly, editor.blurbsOnly, editor.writesBlurb(2), editor.writesBlurb(1)]).toEqual([true, true, true, false]);
    const [hers, bos] = [0, 1];
    editor.setBlurb(hers, 'blurb', 'A chant that became a march.');
    editor.setBlurb(hers, 'done', true);
    editor.setBlurb(bos, 'blurb', 'Not hers to write.');
    editor.update((c) => (c.headline = 'Not hers either'));
    expect(await editor.flush()).toBe(true);
    const stored = (await wren.pieceGet({ id: list.id })).content;
    expect(stored.headline).toBe('The Best Songs of 2026');
    expect(stored.list!.entries.map((e) => [e.rank, e.blurb, e.done])).toEqual([
      [2, 'A chant that became a march.', true],
      [1, null, false],
    ]);
    await as(sam, 'Sam Ortiz');
    await poll.show('blurbs');
    expect(poll.board?.progress.contributors.map((c) => [c.name, c.assigned, c.drafted, c.done])).toEqual([
      ['Bo Lind', [1], [], []],
      ['Wren Adair', [], [], [2]],
    ]);
    editor.dispose();
  });
});
