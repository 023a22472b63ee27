// The desk: a column per stage, filters (mine, section, kind) and the search box.

import type { Backend } from '../backend/backend';
import type { Board, Card, Hit, Kind, Person } from '../backend/types';
import { messageOf } from '../shared/errors';

export const SEARCH_LIMIT = 20;

export class BoardController {
  board: Board | null = $state(null);
  error: string | null = $state(null);
  mine = $state(false);
  section = $state('');
  kind: Kind | '' = $state('');
  query = $state('');
  hits: Hit[] = $state([]);
  searched = $state(false);
  private asked = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private backend: Backend,
    private me: () => Person | null,
    private searchDelayMs = 120,
  ) {}

  /** The sections on the desk, for the filter. */
  get sections(): string[] {
    const all = new Set<string>();
    for (const c of this.board?.columns ?? []) for (const card of c.cards) all.add(card.section);
    return [...all].sort((a, b) => a.localeCompare(b));
  }

  shows(card: Card): boolean {
    const me = this.me();
    if (this.mine && (!me || !card.bylines.some((b) => b.toLowerCase() === me.name.toLowerCase()))) return false;
    if (this.section && card.section !== this.section) return false;
    if (this.kind && card.kind !== this.kind) return false;
    return true;
  }

  get filtering(): boolean {
    return this.mine || !!this.section || !!this.kind;
  }

  clearFilters(): void {
    this.mine = false;
    this.section = '';
    this.kind = '';
  }

  async load(): Promise<void> {
    try {
      this.board = await this.backend.board();
      this.error = null;
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** The search box: results follow typing, and a late answer never replaces a newer one. */
  setQuery(q: string): void {
    this.query = q;
    if (this.timer) clearTimeout(this.timer);
    if (!q.trim()) {
      this.asked++;
      this.hits = [];
      this.searched = false;
      return;
    }
    this.timer = setTimeout(() => void this.search(q), this.searchDelayMs);
  }

  private async search(q: string): Promise<void> {
    const asked = ++this.asked;
    try {
      const hits = await this.backend.search({ query: q, limit: SEARCH_LIMIT });
      if (asked !== this.asked) return;
      this.hits = hits;
      this.searched = true;
      this.error = null;
    } catch (e) {
      if (asked === this.asked) this.error = messageOf(e);
    }
  }
}
