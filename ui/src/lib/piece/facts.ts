// The fact box of a review, per medium (DESIGN, "The piece file"): which keys it has and what
// each holds. The form is built from this table, so a new medium is one entry here.

import type { Release, Subject } from '../backend/types';
import type { Medium } from './names';

export type FactType = 'text' | 'list' | 'int' | 'date' | 'releases';

export type FactField = { key: string; label: string; type: FactType; hint?: string };

const f = (key: string, label: string, type: FactType = 'text', hint?: string): FactField => ({ key, label, type, hint });

export const FACT_FIELDS: Record<Medium, FactField[]> = {
  film: [
    f('title', 'Title'),
    f('director', 'Director', 'list', 'comma separated'),
    f('cast', 'Cast', 'list', 'comma separated'),
    f('rated', 'Rated'),
    f('studio', 'Studio'),
    f('year', 'Year', 'int'),
    f('runtime', 'Runtime', 'int', 'minutes'),
    f('releases', 'Releases', 'releases'),
  ],
  album: [f('title', 'Title'), f('artist', 'Artist'), f('label', 'Label'), f('released', 'Released', 'date'), f('genre', 'Genre', 'list', 'comma separated')],
  book: [
    f('title', 'Title'),
    f('author', 'Author', 'list', 'comma separated'),
    f('publisher', 'Publisher'),
    f('published', 'Published', 'date'),
    f('pages', 'Pages', 'int'),
    f('isbn', 'ISBN'),
  ],
  stage: [
    f('title', 'Title'),
    f('playwright', 'Playwright'),
    f('director', 'Director'),
    f('cast', 'Cast', 'list', 'comma separated'),
    f('venue', 'Venue'),
    f('city', 'City'),
    f('opened', 'Opened', 'date'),
    f('closes', 'Closes', 'date'),
  ],
  television: [
    f('title', 'Title'),
    f('season', 'Season', 'int'),
    f('network', 'Network'),
    f('creator', 'Creator', 'list', 'comma separated'),
    f('cast', 'Cast', 'list', 'comma separated'),
    f('premiered', 'Premiered', 'date'),
  ],
  game: [
    f('title', 'Title'),
    f('developer', 'Developer'),
    f('publisher', 'Publisher'),
    f('platform', 'Platform', 'list', 'comma separated'),
    f('released', 'Released', 'date'),
  ],
};

export function factFields(s: Subject): FactField[] {
  return FACT_FIELDS[s.medium as Medium] ?? [];
}

type Loose = Record<string, unknown>;

export function getFact(s: Subject, key: string): unknown {
  return (s as unknown as Loose)[key];
}

/** A copy of `s` with `key` set; empty text becomes null, as the core keeps absent keys. */
export function withFact(s: Subject, key: string, value: string | string[] | number | null | Release[]): Subject {
  const v = typeof value === 'string' && value.trim() === '' ? null : value;
  return { ...s, [key]: v } as Subject;
}

/** Reads an integer field's text: null when empty, undefined when not a whole number. */
export function parseWhole(text: string): number | null | undefined {
  const t = text.trim();
  if (!t) return null;
  return /^\d{1,9}$/.test(t) ? Number(t) : undefined;
}

/** Reads a score: null when empty, undefined when not a number on the 0–10 scale. */
export function parseScore(text: string): number | null | undefined {
  const t = text.trim().replace(',', '.');
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}
