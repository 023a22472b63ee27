import { describe, expect, it } from 'vitest';
import type { Entry } from '../backend/types';
import { addEntry, moveEntry, removeEntry, pageCount } from './entries';

const e = (rank: number, title: string): Entry => ({ rank, title, creator: 'A', contributor: 'B', blurb: 'C', link: null, due: null, done: false });
const titles = (xs: Entry[]) => xs.map((x) => `${x.rank}:${x.title}`);

describe('list entries', () => {
  const countdown = [e(3, 'Machine'), e(2, 'Song 2'), e(1, 'Jóga')];

  it('renumbers a countdown after a move, so the top of the page is still N', () => {
    expect(titles(moveEntry(countdown, 2, 0, 'countdown'))).toEqual(['3:Jóga', '2:Machine', '1:Song 2']);
  });

  it('renumbers a count-up from 1', () => {
    const up = [e(1, 'a'), e(2, 'b'), e(3, 'c')];
    expect(titles(moveEntry(up, 0, 2, 'countup'))).toEqual(['1:b', '2:c', '3:a']);
  });

  it('keeps ranks 1..N without gaps after a removal and an addition', () => {
    const removed = removeEntry(countdown, 1, 'countdown');
    expect(titles(removed)).toEqual(['2:Machine', '1:Jóga']);
    const added = addEntry(removed, 'countdown');
    expect(added.map((x) => x.rank)).toEqual([3, 2, 1]);
    expect(added[2].title).toBeNull();
  });

  it('ignores a move past either end', () => {
    expect(titles(moveEntry(countdown, 0, -1, 'countdown'))).toEqual(titles(countdown));
    expect(titles(moveEntry(countdown, 2, 9, 'countdown'))).toEqual(titles(countdown));
  });

  it('counts list pages', () => {
    expect(pageCount(0, 10)).toBe(1);
    expect(pageCount(12, 5)).toBe(3);
  });
});
