// The list-entry editor's arithmetic: entries are kept in reading order (a countdown reads N
// down to 1), and every add, remove or move renumbers the ranks so they run 1..N without gaps.

import type { Entry, ListOrder } from '../backend/types';

/** Ranks from position: a countdown's first entry is N, a count-up's is 1. */
export function renumber(entries: readonly Entry[], order: ListOrder): Entry[] {
  const n = entries.length;
  return entries.map((e, i) => ({ ...e, rank: order === 'countdown' ? n - i : i + 1 }));
}

/** Entries in reading order, for a list whose array order is not (an imported file, say). */
export function readingOrder(entries: readonly Entry[], order: ListOrder): Entry[] {
  return [...entries].sort((a, b) => (order === 'countdown' ? b.rank - a.rank : a.rank - b.rank));
}

export function moveEntry(entries: readonly Entry[], from: number, to: number, order: ListOrder): Entry[] {
  if (from === to || from < 0 || from >= entries.length) return renumber(entries, order);
  const next = [...entries];
  const [e] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(to, next.length)), 0, e);
  return renumber(next, order);
}

export function addEntry(entries: readonly Entry[], order: ListOrder): Entry[] {
  return renumber([...entries, { rank: 0, creator: null, title: null, contributor: null, blurb: null, link: null, due: null, done: false }], order);
}

export function removeEntry(entries: readonly Entry[], index: number, order: ListOrder): Entry[] {
  return renumber(
    entries.filter((_, i) => i !== index),
    order,
  );
}

/** Whether the ranks already run 1..N in reading order (nothing for the editor to fix). */
export function ranksInOrder(entries: readonly Entry[], order: ListOrder): boolean {
  return renumber(entries, order).every((e, i) => e.rank === entries[i].rank);
}

/** Pages of `size` entries: what the preview's "list page N" can show. */
export function pageCount(entries: number, size: number): number {
  return Math.max(1, Math.ceil(entries / Math.max(1, size)));
}
