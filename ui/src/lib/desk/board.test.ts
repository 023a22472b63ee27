import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Hit, SearchRequest } from '../backend/types';
import { demoDesk } from '../testing/desk';
import { BoardController } from './board.svelte';

afterEach(() => vi.useRealTimers());

describe('the desk', () => {
  it('filters to my pieces, a section and a kind', async () => {
    const { client: backend } = await demoDesk();
    const me = await backend.signIn({ name: 'Sam Ortiz' });
    const desk = new BoardController(backend, () => me);
    await desk.load();
    expect(desk.error).toBeNull();
    const shown = () => desk.board!.columns.flatMap((c) => c.cards.filter((k) => desk.shows(k)).map((k) => k.headline));
    expect(shown().length, 'the whole demo desk').toBe(10);
    desk.mine = true;
    expect(desk.filtering).toBe(true);
    expect(shown().sort()).toEqual(['Björk, \'Homogenic\'', 'How Ishiguro Writes Memory', 'Outer Wilds and the 22-Minute Universe', 'The 12 Best Songs of 1997', 'Why Cassettes Came Back']);
    desk.kind = 'list';
    expect(shown()).toEqual(['The 12 Best Songs of 1997']);
    desk.clearFilters();
    expect(desk.filtering).toBe(false);
    desk.section = 'Stage';
    expect(shown()).toEqual(['Hamlet at the Barbican']);
    expect(desk.sections).toEqual(['Books', 'Film', 'Games', 'Music', 'Stage', 'Television']);
  });

  it('never lets a late search answer replace a newer one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { client: backend } = await demoDesk();
    // The core answers every search; the test decides when each answer reaches the desk.
    const search = backend.search;
    const held: { query: string; release: () => Promise<void> }[] = [];
    backend.search = (request: SearchRequest) => {
      const answer = search(request);
      return new Promise<Hit[]>((resolve, reject) => held.push({ query: request.query, release: () => answer.then(resolve, reject).then(() => {}) }));
    };
    const desk = new BoardController(backend, () => null, 10);
    desk.setQuery('he');
    await vi.advanceTimersByTimeAsync(20);
    desk.setQuery('heat');
    await vi.advanceTimersByTimeAsync(20);
    expect(held.map((h) => h.query)).toEqual(['he', 'heat']);
    const heat = (await search({ query: 'heat', limit: 20 })).map((h) => h.headline);
    const he = (await search({ query: 'he', limit: 20 })).map((h) => h.headline);
    expect(he, 'the two queries find different pieces').not.toEqual(heat);
    await held[1].release();
    await vi.waitFor(() => expect(desk.searched).toBe(true));
    expect(desk.hits.map((h) => h.headline)).toEqual(heat);
    await held[0].release();
    await vi.advanceTimersByTimeAsync(0);
    expect(desk.hits.map((h) => h.headline)).toEqual(heat);
    expect(desk.query).toBe('heat');
  });
});
