import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockBackend } from '../backend/mock';
import type { Hit } from '../backend/types';
import { BoardController } from './board.svelte';

afterEach(() => vi.useRealTimers());

describe('the desk', () => {
  it('filters to my pieces, a section and a kind', async () => {
    const backend = MockBackend.demo();
    const me = await backend.signIn('Sam Ortiz');
    const desk = new BoardController(backend, () => me);
    await desk.load();
    const shown = () => desk.board!.columns.flatMap((c) => c.cards.filter((k) => desk.shows(k)).map((k) => k.headline));
    desk.mine = true;
    expect(shown().every((h) => ['Björk, \'Homogenic\'', 'How Ishiguro Writes Memory', 'Outer Wilds and the 22-Minute Universe', 'The 12 Best Songs of 1997', 'Why Cassettes Came Back'].includes(h))).toBe(true);
    desk.kind = 'list';
    expect(shown()).toEqual(['The 12 Best Songs of 1997']);
    desk.clearFilters();
    desk.section = 'Stage';
    expect(shown()).toEqual(['Hamlet at the Barbican']);
  });

  it('never lets a late search answer replace a newer one', async () => {
    vi.useFakeTimers();
    const backend = MockBackend.demo();
    const answers: ((h: Hit[]) => void)[] = [];
    vi.spyOn(backend, 'search').mockImplementation(() => new Promise<Hit[]>((r) => answers.push(r)));
    const desk = new BoardController(backend, () => null, 10);
    desk.setQuery('he');
    await vi.advanceTimersByTimeAsync(20);
    desk.setQuery('heat');
    await vi.advanceTimersByTimeAsync(20);
    const hit = (headline: string): Hit => ({ id: headline, headline, kind: 'review', section: 'Film', stage: 'draft', snippet: [], score: -1 });
    answers[1]([hit('newer')]);
    await vi.advanceTimersByTimeAsync(0);
    answers[0]([hit('older')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(desk.hits.map((h) => h.headline)).toEqual(['newer']);
  });
});
