// The Backend in memory: for tests and for running the UI in a plain browser. It keeps the
// core's rules where the UI can see them (roles and permissions, the move table and what each
// move needs, stale saves as conflicts, corrections on published pieces, the scheduler) and
// simplifies the rest: search ranks by weighted word hits instead of BM25, the preview is plain
// HTML rather than the house theme, imports cannot read files, and a site build writes nothing.

import { BackendError, type AppInfo, type Backend } from './backend';
import type {
  Board,
  BuildReport,
  CalendarItem,
  Card,
  Content,
  DiffRun,
  DueReport,
  Entry,
  ErrorCode,
  Hit,
  History,
  ImportReport,
  Kind,
  Move,
  MoveOutcome,
  NewPiece,
  OfferedMove,
  Person,
  Piece,
  Progress,
  RevisionRow,
  Role,
  SaveOutcome,
  ScheduleOutcome,
  Shown,
  Stage,
  Subject,
  TransitionRow,
  View,
  Width,
} from './types';
import { isDate, isTime, isValidZone, wallToInstant, instantToWall } from '../shared/time';
import { contentWords, diffWords, pieceFileText, queryTerms, scoreContent, slugify, snippet } from './mock/text';
import { renderPreview } from './mock/render';
import { DEMO_DRAFTS, DEMO_PEOPLE, DEMO_PUBLISHED } from './mock/demo';

const STAGES: Stage[] = ['draft', 'copyedit', 'scheduled', 'published', 'spiked'];
const USER_MOVES: Move[] = ['submit', 'return', 'schedule', 'unschedule', 'publish', 'correct', 'spike', 'restore'];
const MEDIA = ['film', 'album', 'book', 'stage', 'television', 'game'];
const COLUMN_LIMIT = 200;

/** The move table of DESIGN's workflow: where `mv` takes a piece from `from`, if anywhere. */
function target(mv: Move, from: Stage): Stage | null {
  switch (`${from}:${mv}`) {
    case 'draft:submit':
      return 'copyedit';
    case 'copyedit:return':
      return 'draft';
    case 'copyedit:schedule':
      return 'scheduled';
    case 'scheduled:unschedule':
      return 'copyedit';
    case 'scheduled:publish':
      return 'published';
    case 'published:correct':
      return 'published';
    case 'draft:spike':
    case 'copyedit:spike':
    case 'scheduled:spike':
      return 'spiked';
    case 'spiked:restore':
      return 'draft';
    default:
      return null;
  }
}

function fail(code: ErrorCode, message: string): never {
  throw new BackendError(code, message);
}

function emptySubject(medium: string): Subject | null {
  switch (medium) {
    case 'film':
      return { medium, title: null, director: [], cast: [], rated: null, studio: null, year: null, runtime: null, releases: [] };
    case 'album':
      return { medium, title: null, artist: null, label: null, released: null, genre: [] };
    case 'book':
      return { medium, title: null, author: [], publisher: null, published: null, pages: null, isbn: null };
    case 'stage':
      return { medium, title: null, playwright: null, director: null, cast: [], venue: null, city: null, opened: null, closes: null };
    case 'television':
      return { medium, title: null, season: null, network: null, creator: [], cast: [], premiered: null };
    case 'game':
      return { medium, title: null, developer: null, publisher: null, platform: [], released: null };
    default:
      return null;
  }
}

/** What the core's `Content::tidy` does: `\n` line endings, trimmed names, no empty ones. */
function tidy(c: Content): Content {
  const names = (v: string[]) => v.map((n) => n.trim()).filter(Boolean);
  const lf = (s: string) => s.replace(/\r\n?/g, '\n');
  return {
    ...c,
    body: lf(c.body),
    section: c.section.trim(),
    slug: c.slug.trim(),
    bylines: names(c.bylines),
    tags: names(c.tags),
    list: c.list && {
      ...c.list,
      entries: c.list.entries.map((e) => ({ ...e, blurb: e.blurb === null ? null : lf(e.blurb), contributor: e.contributor?.trim() || null })),
    },
  };
}

/** What even a draft must be (the core's `Content::check`). */
function checkContent(c: Content): void {
  const bad = (k: string, m: string) => fail('bad_input', `${k}: ${m}`);
  if (!c.section) bad('section', 'the section is empty');
  if (c.kind === 'review' && !c.review) bad('review', 'a review needs a fact box with its medium');
  if (c.kind === 'list' && !c.list) bad('list', 'a list needs its entries block');
  if (c.kind !== 'review' && c.review) bad('review', 'only a review has a fact box');
  if (c.kind !== 'list' && c.list) bad('list', 'only a list has entries');
  const score = c.review?.score;
  if (score != null && !(score >= 0 && score <= 10)) bad('review.score', "the score is off the magazine's scale of 0 to 10");
  if (c.list && c.list.page_size < 1) bad('list.page_size', 'a page holds at least one entry');
  for (const r of c.review?.subject.medium === 'film' ? c.review.subject.releases : []) {
    if (!isDate(r.date)) bad('review.releases', `\`${r.date}\` is not a date (YYYY-MM-DD)`);
  }
}

/** A list is complete when every entry has creator, title, blurb and contributor, and its ranks run 1..N. */
function listProblems(entries: Entry[]): string[] {
  const out: string[] = [];
  if (entries.length === 0) out.push('the list has no entries');
  for (const e of entries) {
    const lacks = (['creator', 'title', 'blurb', 'contributor'] as const).filter((k) => !e[k]?.trim());
    if (lacks.length) out.push(`list entry ${e.rank} has no ${lacks.join(', no ')}`);
  }
  const ranks = entries.map((e) => e.rank).sort((a, b) => a - b);
  const n = ranks.length;
  const repeated = [...new Set(ranks.filter((r, i) => i > 0 && ranks[i - 1] === r))];
  if (repeated.length) out.push(`rank ${repeated.join(', ')} appears more than once`);
  const gaps = Array.from({ length: n }, (_, i) => i + 1).filter((r) => !ranks.includes(r));
  const beyond = ranks.filter((r) => r === 0 || r > n);
  if (gaps.length || beyond.length) {
    const why = [gaps.length ? `missing ${gaps.join(', ')}` : '', beyond.length ? `${beyond.join(', ')} out of range` : ''].filter(Boolean);
    out.push(`the ranks of ${n} entries should run 1 to ${n}: ${why.join('; ')}`);
  }
  return out;
}

function sameContent(a: Content, b: Content): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function editsSection(p: Person, section: string): boolean {
  return (
    p.roles.includes('editor') ||
    p.roles.includes('admin') ||
    (p.roles.includes('section_editor') && p.sections.some((s) => s.toLowerCase() === section.toLowerCase()))
  );
}

type Stored = {
  piece: Piece;
  revisions: { row: RevisionRow; piece: Piece }[];
  transitions: TransitionRow[];
};

type Input = { note: string | null; at: [string, string] | null };

export type MockOptions = {
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** The publication's zone. */
  zone?: string;
  /** Each call waits this long first, as IPC would (0: answers on the next microtask). */
  latencyMs?: number;
  /** Each step of an import or site build waits this long, so progress and Cancel can be seen. */
  stepMs?: number;
};

export class MockBackend implements Backend {
  private people: Person[] = [];
  private pieces = new Map<string, Stored>();
  private actor: string | null = null;
  private zone: string;
  private now: () => Date;
  private latencyMs: number;
  private stepMs: number;
  private cancelled = new Set<number>();
  private idCounter = 0;
  private settings = new Map<string, string>();

  constructor(opts: MockOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.zone = opts.zone ?? 'Europe/London';
    this.latencyMs = opts.latencyMs ?? 0;
    this.stepMs = opts.stepMs ?? 0;
  }

  /** A mock holding the demo desk, with nobody signed in. */
  static demo(opts: MockOptions = {}): MockBackend {
    const m = new MockBackend(opts);
    m.seed();
    return m;
  }

  /** Puts people on the desk directly, as a setup script would (no permission asked). */
  addPeople(people: [string, Role[], string[]?][]): this {
    for (const [name, roles, sections = []] of people) if (!this.findPerson(name)) this.addPersonNow(name, roles, sections);
    return this;
  }

  // --- plumbing ---

  private async io<T>(f: () => T): Promise<T> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    else await Promise.resolve();
    return structuredClone(f());
  }

  private nowIso(): string {
    return this.now().toISOString();
  }

  private newId(): string {
    const ms = this.now().getTime().toString(16).padStart(12, '0');
    const n = (this.idCounter++).toString(16).padStart(6, '0');
    const r = Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
    const hex = `${ms}7${n.slice(0, 3)}8${n.slice(3)}${r}${'0'.repeat(32)}`.slice(0, 32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }

  private findPerson(name: string): Person | undefined {
    const key = name.trim().toLowerCase();
    return this.people.find((p) => p.name.toLowerCase() === key);
  }

  private person(name: string): Person {
    return this.findPerson(name) ?? fail('not_found', `no person named \`${name.trim()}\` on this desk (see \`galley person list\`)`);
  }

  private me(): Person {
    if (!this.actor) fail('bad_input', 'choose who you are first');
    return this.person(this.actor);
  }

  private addPersonNow(name: string, roles: Role[], sections: string[]): Person {
    const p: Person = { id: this.people.length + 1, name, roles: [...roles], sections: [...sections] };
    this.people.push(p);
    return p;
  }

  private resolve(prefix: string): Stored {
    const exact = this.pieces.get(prefix);
    if (exact) return exact;
    const ids = [...this.pieces.keys()].filter((id) => id.startsWith(prefix));
    if (ids.length === 0 || !prefix) fail('not_found', `no piece with id \`${prefix}\``);
    if (ids.length > 1) fail('ambiguous', `\`${prefix}\` starts the ids of several pieces (${ids.slice(0, 3).join(', ')}, ...): give more of it`);
    return this.pieces.get(ids[0])!;
  }

  private isByline(p: Person, piece: Piece): boolean {
    return piece.content.bylines.some((b) => b.toLowerCase() === p.name.toLowerCase());
  }

  private slugHolder(slug: string, except: string): [string, Stage] | null {
    for (const s of this.pieces.values()) {
      const p = s.piece;
      if (p.id !== except && p.content.slug === slug && (p.stage === 'scheduled' || p.stage === 'published')) return [p.content.headline, p.stage];
    }
    return null;
  }

  /** Adds bylines and list contributors who are not people of the desk, as writers. */
  private addUnknownPeople(c: Content, added: string[]): void {
    const names = [...(c.list?.entries ?? []).map((e) => e.contributor ?? ''), ...c.bylines].filter(Boolean);
    for (const n of names) {
      if (!this.findPerson(n)) {
        this.addPersonNow(n, ['writer'], []);
        added.push(n);
      }
    }
  }

  private record(s: Stored, who: Person | null, why: string, note: string | null): void {
    s.revisions.push({
      row: { number: s.piece.revision, stage: s.piece.stage, why, note, who: who?.name ?? null, at: s.piece.updated_at },
      piece: structuredClone(s.piece),
    });
  }

  // --- the workflow (the core's `workflow.rs`) ---

  private permitted(mv: Move, actor: Person | null, piece: Piece): string | null {
    const section = piece.content.section;
    if (!actor) return mv === 'publish' ? null : `the scheduler only publishes; it cannot ${mv}`;
    const editor = editsSection(actor, section);
    const ok =
      mv === 'submit' ? this.isByline(actor, piece) || editor : mv === 'return' ? actor.roles.includes('copy_editor') || editor : mv === 'create' || mv === 'archive' ? false : editor;
    if (ok) return null;
    if (mv === 'submit') return `${actor.name} is neither a byline of this piece nor an editor of ${section}`;
    if (mv === 'return') return `${actor.name} is neither a copy editor nor an editor of ${section}`;
    return `${actor.name} is not an editor of ${section}`;
  }

  private missing(mv: Move, piece: Piece, input: Input): string[] {
    const out: string[] = [];
    const c = piece.content;
    const blank = (s: string | null | undefined) => !s || !s.trim();
    const ready = () => {
      if (blank(c.headline)) out.push('the headline is empty');
      if (c.bylines.length === 0) out.push('the piece has no byline');
      if (blank(c.body)) out.push(c.kind === 'list' ? "the list's intro is empty" : 'the body is empty');
    };
    switch (mv) {
      case 'submit':
        ready();
        break;
      case 'return':
      case 'spike':
      case 'restore':
      case 'correct':
        if (blank(input.note))
          out.push(mv === 'return' ? 'a note to the writer is needed' : mv === 'correct' ? 'a correction note is needed; it is shown on the page' : `a note saying why is needed to ${mv}`);
        break;
      case 'schedule':
      case 'publish': {
        ready();
        if (blank(c.dek)) out.push('the dek is empty');
        if (blank(c.slug)) out.push('the slug is empty');
        else {
          const taken = this.slugHolder(c.slug, piece.id);
          if (taken) out.push(`the slug \`${c.slug}\` is taken by the ${taken[1]} piece “${taken[0]}”`);
        }
        if (c.review) {
          if (blank(c.review.subject.title)) out.push(`the ${c.review.subject.medium} fact box has no title`);
        } else if (c.kind === 'review') out.push('the review has no fact box');
        if (c.list) out.push(...listProblems(c.list.entries));
        if (mv === 'schedule') {
          if (!input.at) out.push('a publication time and its zone are needed');
          else if (Date.parse(input.at[0]) <= this.now().getTime()) {
            const w = instantToWall(input.at[0], input.at[1]);
            out.push(`the publication time ${w.date} ${w.time} ${input.at[1]} is in the past`);
          }
        }
        break;
      }
    }
    return out;
  }

  private check(mv: Move, actor: Person | null, piece: Piece, input: Input, action: string = mv): Stage {
    const to = target(mv, piece.stage);
    if (!to) {
      const why = piece.stage === 'published' && mv === 'spike' ? 'a published piece is changed only by a correction' : `the piece is ${piece.stage}, and ${action} does not start from ${piece.stage}`;
      fail('refused', `cannot ${action}: ${why}`);
    }
    const no = this.permitted(mv, actor, piece);
    if (no) fail('refused', `cannot ${action}: ${no}`);
    const lacks = this.missing(mv, piece, input);
    if (lacks.length) fail('refused', `cannot ${action}: ${lacks.join('; ')}`);
    return to;
  }

  /** The choke point: checks the move, then writes the stage, the revision and the transition. */
  private apply(s: Stored, mv: Move, actor: Person | null, input: Input): Piece {
    const piece = s.piece;
    const to = this.check(mv, actor, piece, input);
    const now = this.nowIso();
    const next: Piece = structuredClone(piece);
    next.stage = to;
    next.revision = piece.revision + 1;
    next.updated_at = now;
    const note = input.note?.trim() || null;
    if (mv === 'schedule') {
      next.scheduled_at = input.at![0];
      next.schedule_zone = input.at![1];
    } else if (mv === 'unschedule' || mv === 'spike') {
      next.scheduled_at = null;
      next.schedule_zone = null;
    } else if (mv === 'publish') {
      next.published_at = actor ? now : (piece.scheduled_at ?? now);
      next.scheduled_at = null;
      next.schedule_zone = null;
    } else if (mv === 'correct') {
      next.content.corrections.push({ at: now, note: note ?? '' });
    }
    s.piece = next;
    this.record(s, actor, 'transition', note);
    s.transitions.push({ from: piece.stage, to, move: mv, who: actor?.name ?? null, at: now, note, revision: next.revision });
    return next;
  }

  private mayEdit(p: Person, piece: Piece): void {
    const editor = editsSection(p, piece.content.section);
    const ok = piece.stage === 'draft' ? this.isByline(p, piece) || editor : piece.stage === 'copyedit' ? p.roles.includes('copy_editor') || editor : editor;
    if (ok) return;
    const who = piece.stage === 'draft' ? 'its bylines and editors' : piece.stage === 'copyedit' ? 'copy editors and editors' : 'editors';
    fail('refused', `cannot edit: the piece is ${piece.stage}; only ${who} edit it, and ${p.name} is not one`);
  }

  private saveNow(p: Person, s: Stored, raw: Content, base: number, noteIn: string | null): SaveOutcome {
    const current = s.piece;
    this.mayEdit(p, current);
    const content = tidy(structuredClone(raw));
    checkContent(content);
    if (!content.slug) content.slug = current.content.slug;
    content.corrections = structuredClone(current.content.corrections);
    if (base !== current.revision)
      fail('conflict', `piece ${current.id} changed since revision ${base} (it is at revision ${current.revision} now): nothing was saved; reload it and make the change again`);
    if (sameContent(content, current.content)) return { id: current.id, revision: current.revision, changed: false, added_people: [] };
    if (content.slug !== current.content.slug && (current.stage === 'scheduled' || current.stage === 'published')) {
      const taken = this.slugHolder(content.slug, current.id);
      if (taken) fail('refused', `cannot edit: the slug \`${content.slug}\` is taken by the ${taken[1]} piece “${taken[0]}”`);
    }
    const note = noteIn?.trim() || null;
    if (current.stage === 'published' && !note)
      fail('refused', 'cannot edit: a published piece changes only by a correction; give a correction note, which is shown on the page');
    const added: string[] = [];
    this.addUnknownPeople(content, added);
    if (current.stage === 'published') {
      s.piece = { ...current, content };
      const next = this.apply(s, 'correct', p, { note, at: null });
      return { id: next.id, revision: next.revision, changed: true, added_people: added };
    }
    s.piece = { ...structuredClone(current), content, revision: base + 1, updated_at: this.nowIso() };
    this.record(s, p, 'edit', note);
    return { id: current.id, revision: s.piece.revision, changed: true, added_people: added };
  }

  private insert(content: Content, stage: Stage, who: Person, why: string, note: string | null, mv: Move, publishedAt: string | null = null): Stored {
    const now = this.nowIso();
    const piece: Piece = {
      id: this.newId(),
      stage,
      revision: 1,
      created_at: now,
      updated_at: now,
      scheduled_at: null,
      schedule_zone: null,
      published_at: publishedAt,
      content,
    };
    const s: Stored = { piece, revisions: [], transitions: [] };
    this.pieces.set(piece.id, s);
    this.record(s, who, why, note);
    s.transitions.push({ from: null, to: stage, move: mv, who: who.name, at: now, note: mv === 'create' ? null : note, revision: 1 });
    return s;
  }

  private scheduleNow(p: Person, s: Stored, wall: string, zone: string): ScheduleOutcome {
    const no = this.permitted('schedule', p, s.piece);
    if (no) fail('refused', `cannot schedule: ${no}`);
    const m = /^\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})\s*$/.exec(wall);
    const time = m ? m[2].padStart(5, '0') : '';
    if (!m || !isDate(m[1]) || !isTime(time)) fail('bad_input', `cannot read the time \`${wall}\`: give it as YYYY-MM-DD HH:MM`);
    if (!isValidZone(zone)) fail('bad_input', `unknown time zone \`${zone}\`: give an IANA zone such as Europe/London`);
    const at = wallToInstant(m[1], time, zone).toISOString();
    const input: Input = { note: null, at: [at, zone] };
    let next: Piece;
    if (s.piece.stage === 'scheduled') {
      this.check('schedule', p, { ...s.piece, stage: 'copyedit' }, input, 'reschedule');
      next = { ...structuredClone(s.piece), scheduled_at: at, schedule_zone: zone, revision: s.piece.revision + 1, updated_at: this.nowIso() };
      s.piece = next;
      this.record(s, p, 'edit', `rescheduled for ${at}`);
    } else {
      next = this.apply(s, 'schedule', p, input);
    }
    return { id: next.id, scheduled_at: at, zone, local: `${m[1]} ${time}`, notice: null, revision: next.revision };
  }

  private async steps(task: number, total: number, phase: Progress['phase'], onProgress?: (p: Progress) => void, message = 'cancelled'): Promise<void> {
    for (let i = 0; i <= total; i++) {
      if (this.cancelled.has(task)) {
        this.cancelled.delete(task);
        fail('cancelled', message);
      }
      onProgress?.({ phase, done: i, total });
      if (i < total && this.stepMs > 0) await new Promise((r) => setTimeout(r, this.stepMs));
    }
  }

  /** Fills the desk with the demo magazine (see `mock/demo.ts`). */
  private seed(): boolean {
    if (this.pieces.size > 0) return false;
    for (const [name, roles, sections] of DEMO_PEOPLE) if (!this.findPerson(name)) this.addPersonNow(name, roles, sections);
    this.settings.set('site_name', 'The Galley Review');
    const ed = this.person('Ed Marsh');
    const now = this.now().getTime();
    for (const d of DEMO_PUBLISHED) {
      const c = { ...structuredClone(d.content), slug: d.content.slug || slugify(d.content.headline) };
      const at = new Date(now - (d.publishedDaysAgo ?? 1) * 864e5).toISOString();
      this.insert(c, 'published', ed, 'import', `imported from demo/${d.file}`, 'archive', at);
    }
    const ids = new Map<string, Stored>();
    for (const d of DEMO_DRAFTS) {
      const c = { ...structuredClone(d.content), slug: d.content.slug || slugify(d.content.headline) };
      ids.set(d.file, this.insert(c, 'draft', ed, 'import', `imported from demo/${d.file}`, 'create'));
    }
    const move = (who: string, file: string, mv: Move, note: string | null = null) => this.apply(ids.get(file)!, mv, this.person(who), { note, at: null });
    move('Wren Adair', 'ishiguro.md', 'submit');
    move('Wren Adair', 'the-wire.md', 'submit');
    move('Sam Ortiz', 'outer-wilds.md', 'submit');
    const day = (d: number, hm: string) => `${instantToWall(new Date(now + d * 864e5), this.zone).date} ${hm}`;
    this.scheduleNow(ed, ids.get('ishiguro.md')!, day(1, '09:00'), this.zone);
    this.scheduleNow(ed, ids.get('the-wire.md')!, day(3, '18:00'), this.zone);
    move('Ed Marsh', 'cassettes.md', 'spike', 'We ran a tape story in the spring.');
    return true;
  }

  // --- the Backend ---

  appInfo(): Promise<AppInfo> {
    return this.io(() => ({ db_path: '(in memory: the browser demo desk)', zone: this.zone, people: this.people, actor: this.actor, pieces: this.pieces.size }));
  }

  signIn(name: string): Promise<Person> {
    return this.io(() => {
      const p = this.person(name);
      this.actor = p.name;
      return p;
    });
  }

  personAdd(name: string, roles: Role[], sections: string[]): Promise<Person> {
    return this.io(() => {
      const n = name.trim();
      if (!n || /\p{Cc}/u.test(n)) fail('bad_input', "a person's name must be some printable text");
      if (roles.length === 0) fail('bad_input', 'give at least one role (writer, copy_editor, editor, section_editor, admin)');
      if (roles.includes('section_editor') && sections.length === 0) fail('bad_input', 'a section editor needs the sections they edit');
      if (this.people.length > 0) {
        if (!this.actor) fail('bad_input', 'who is adding this person? sign in as an editor or admin first');
        const a = this.person(this.actor);
        const may = a.roles.includes('admin') || (a.roles.includes('editor') && !roles.includes('admin'));
        if (!may) fail('refused', `cannot add a person: ${a.name} is not an admin${roles.includes('admin') ? '' : ' or an editor'}`);
      }
      if (this.findPerson(n)) fail('bad_input', `there is already a person named \`${n}\``);
      return this.addPersonNow(n, roles, sections);
    });
  }

  demoSeed(): Promise<boolean> {
    return this.io(() => this.seed());
  }

  board(): Promise<Board> {
    return this.io(() => ({
      columns: STAGES.map((stage) => {
        const all = [...this.pieces.values()].map((s) => s.piece).filter((p) => p.stage === stage);
        const key = (p: Piece) => (stage === 'scheduled' ? p.scheduled_at : stage === 'published' ? p.published_at : p.updated_at) ?? '';
        all.sort((a, b) => (stage === 'scheduled' ? key(a).localeCompare(key(b)) : key(b).localeCompare(key(a))));
        const cards = all.slice(0, COLUMN_LIMIT).map(
          (p): Card => ({
            id: p.id,
            short_id: p.id.slice(0, 8),
            kind: p.content.kind,
            section: p.content.section,
            headline: p.content.headline,
            bylines: p.content.bylines,
            word_count: contentWords(p.content),
            scheduled_at: p.scheduled_at,
            schedule_zone: p.schedule_zone,
            published_at: p.published_at,
            updated_at: p.updated_at,
          }),
        );
        return { stage, total: all.length, cards };
      }),
    }));
  }

  search(query: string, limit: number): Promise<Hit[]> {
    return this.io(() => {
      const terms = queryTerms(query);
      if (!terms.prefix) return [];
      return [...this.pieces.values()]
        .map(({ piece }) => ({ piece, score: scoreContent(piece.content, terms) }))
        .filter((h) => h.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit)
        .map(({ piece, score }) => ({
          id: piece.id,
          kind: piece.content.kind,
          section: piece.content.section,
          stage: piece.stage,
          headline: piece.content.headline,
          snippet: snippet(piece.content, terms),
          score: -score,
        }));
    });
  }

  pieceGet(id: string): Promise<Piece> {
    return this.io(() => this.resolve(id).piece);
  }

  pieceNew(spec: NewPiece): Promise<Piece> {
    return this.io(() => {
      const p = this.me();
      let review: Content['review'] = null;
      if (spec.kind === 'review') {
        if (!spec.medium) fail('bad_input', 'a review needs its medium');
        const subject = emptySubject(spec.medium);
        if (!subject) fail('bad_input', `unknown medium \`${spec.medium}\` (media: ${MEDIA.join(', ')})`);
        review = { subject, score: null };
      }
      const content = tidy({
        kind: spec.kind,
        section: spec.section,
        headline: spec.headline,
        dek: '',
        slug: slugify(spec.headline),
        bylines: [p.name],
        tags: [],
        image: null,
        review,
        list: spec.kind === 'list' ? { item: 'song', order: 'countdown', page_size: 10, entries: [] } : null,
        corrections: [],
        body: '',
      });
      checkContent(content);
      return this.insert(content, 'draft', p, 'edit', 'new piece', 'create').piece;
    });
  }

  pieceSave(id: string, content: Content, base: number, note: string | null): Promise<SaveOutcome> {
    return this.io(() => this.saveNow(this.me(), this.resolve(id), content, base, note));
  }

  preview(id: string, content: Content, view: View, width: Width): Promise<Shown> {
    return this.io(() => {
      const s = this.resolve(id);
      const published = [...this.pieces.values()].map((x) => x.piece).filter((p) => p.stage === 'published');
      try {
        return { html: renderPreview(s.piece, tidy(structuredClone(content)), view, width, published), error: null };
      } catch (e) {
        fail('bad_input', (e as Error).message);
      }
    });
  }

  movesOffered(id: string): Promise<OfferedMove[]> {
    return this.io(() => {
      const p = this.me();
      const piece = this.resolve(id).piece;
      return USER_MOVES.filter((mv) => target(mv, piece.stage) && this.permitted(mv, p, piece) === null).map((mv) => ({
        move: mv,
        to: target(mv, piece.stage)!,
        needs_note: mv === 'return' || mv === 'correct' || mv === 'spike' || mv === 'restore',
        needs_time: mv === 'schedule',
      }));
    });
  }

  pieceMove(id: string, to: Stage, note: string | null): Promise<MoveOutcome> {
    return this.io(() => {
      const p = this.me();
      const s = this.resolve(id);
      const from = s.piece.stage;
      const mv = USER_MOVES.find((m) => target(m, from) === to);
      if (!mv) {
        const offered = USER_MOVES.map((m) => target(m, from)).filter(Boolean);
        fail('refused', `cannot move: a ${from} piece cannot go to ${to} (from ${from} it goes to ${offered.join(', ')})`);
      }
      if (mv === 'schedule') fail('bad_input', 'scheduling needs a time: use the schedule dialog');
      const next = this.apply(s, mv, p, { note, at: null });
      return { id: next.id, move: mv, from, to: next.stage, revision: next.revision };
    });
  }

  pieceSchedule(id: string, wall: string, zone: string): Promise<ScheduleOutcome> {
    return this.io(() => this.scheduleNow(this.me(), this.resolve(id), wall, zone));
  }

  calendar(from: string, to: string): Promise<CalendarItem[]> {
    return this.io(() => {
      const a = Date.parse(from);
      const b = Date.parse(to);
      return [...this.pieces.values()]
        .map((s) => s.piece)
        .flatMap((p): CalendarItem[] => {
          const at = p.stage === 'scheduled' ? p.scheduled_at : p.stage === 'published' ? p.published_at : null;
          if (!at || Date.parse(at) < a || Date.parse(at) >= b) return [];
          return [{ id: p.id, headline: p.content.headline, section: p.content.section, kind: p.content.kind as Kind, stage: p.stage, at, zone: p.schedule_zone }];
        })
        .sort((x, y) => x.at.localeCompare(y.at));
    });
  }

  history(id: string): Promise<History> {
    return this.io(() => {
      const s = this.resolve(id);
      return { revisions: s.revisions.map((r) => r.row), transitions: s.transitions };
    });
  }

  diffWords(id: string, a: number, b: number): Promise<DiffRun[]> {
    return this.io(() => {
      const s = this.resolve(id);
      const text = (n: number) => {
        const r = s.revisions.find((x) => x.row.number === n) ?? fail('not_found', `piece ${s.piece.id} has no revision ${n}`);
        return pieceFileText(r.piece.content);
      };
      return diffWords(text(a), text(b));
    });
  }

  restoreRevision(id: string, number: number, base: number): Promise<SaveOutcome> {
    return this.io(() => {
      const s = this.resolve(id);
      const old = s.revisions.find((x) => x.row.number === number) ?? fail('not_found', `piece ${s.piece.id} has no revision ${number}`);
      return this.saveNow(this.me(), s, old.piece.content, base, `restored revision ${number}`);
    });
  }

  publishDue(at: string | null): Promise<DueReport> {
    return this.io(() => {
      const now = at ? Date.parse(at) : this.now().getTime();
      const report: DueReport = { published: [], held: [] };
      const due = [...this.pieces.values()].filter((s) => s.piece.stage === 'scheduled' && Date.parse(s.piece.scheduled_at!) <= now);
      for (const s of due) {
        try {
          const next = this.apply(s, 'publish', null, { note: null, at: null });
          report.published.push({ id: next.id, headline: next.content.headline, published_at: next.published_at! });
        } catch (e) {
          report.held.push({ id: s.piece.id, headline: s.piece.content.headline, reason: (e as Error).message });
        }
      }
      return report;
    });
  }

  /** A browser cannot hand file paths to the desk: each path becomes a stand-in draft. */
  async importFiles(paths: string[], task = 0, onProgress?: (p: Progress) => void): Promise<ImportReport> {
    const p = await this.io(() => this.me());
    const files = paths.map((x) => x.trim()).filter(Boolean);
    await this.steps(task, files.length, 'reading', onProgress, 'cancelled: nothing was imported');
    await this.steps(task, files.length, 'writing', onProgress, 'cancelled: nothing was imported');
    return this.io(() => {
      const report: ImportReport = { pieces: [], added_people: [], notices: ['the browser demo desk cannot read files: each path became an empty draft feature'] };
      for (const file of files) {
        const name = file.split(/[\\/]/).at(-1)!.replace(/\.md$/, '');
        const headline = name.replace(/[-_]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
        const content = tidy({ kind: 'feature', section: 'Features', headline, dek: '', slug: slugify(headline), bylines: [p.name], tags: [], image: null, review: null, list: null, corrections: [], body: '' });
        const s = this.insert(content, 'draft', p, 'import', `imported from ${file}`, 'create');
        report.pieces.push({ file, id: s.piece.id, headline });
      }
      return report;
    });
  }

  /** Counts what a build would write; writes nothing. */
  async siteBuild(out: string, task = 0, onProgress?: (p: Progress) => void): Promise<BuildReport> {
    if (!out.trim()) fail('bad_input', 'give the folder to write the site to');
    const published = [...this.pieces.values()].filter((s) => s.piece.stage === 'published');
    const sections = new Set(published.map((s) => s.piece.content.section));
    const pages = published.length + sections.size + 1;
    const started = Date.now();
    await this.steps(task, pages, 'rendering', onProgress, 'cancelled: the pages written so far stay in the folder');
    return this.io(() => ({ pages, files: pages + 3, bytes: pages * 14_000, seconds: (Date.now() - started) / 1000 }));
  }

  cancelTask(task: number): Promise<void> {
    this.cancelled.add(task);
    return this.io(() => undefined);
  }
}
