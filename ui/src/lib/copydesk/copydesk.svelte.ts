// The copy desk of one open piece: its queries and suggested changes as the core keeps them,
// the house style's findings as the text is typed, and suggesting mode.
//
// Every rule (who may ask, suggest or decide; what a suggestion is; where a query sits after a
// save) is the core's: this asks, shows the answer, and offers only what `marks.may_*` allows.
// Every change of marks is a revision, so each starts by saving the text (`flush`) and ends by
// taking the piece back (`reload`), which keeps the editor's base revision true.
//
// Suggesting mode: the body editor shows the person's proposal (the body with their own open
// suggestions accepted, `marks.mine`) and what they type changes the proposal, not the piece.
// Once typing pauses, the proposal goes to the core (`suggest`), which turns its differences
// from the body into their suggestions.

import type { Backend } from '../backend/backend';
import type { Content, FindingView, MarksView, QueryView, SinceSubmitted, SuggestionView } from '../backend/types';
import type { EditorController } from '../editor/editor.svelte';
import type { DrawnMark } from '../editor/codemirror/marks/extension';
import { messageOf } from '../shared/errors';
import { toChars, toUnits } from './offsets';

export type CopyDeskOptions = {
  /** Send the proposal this long after typing pauses. */
  proposeMs?: number;
  /** Check the house style this long after typing pauses. */
  checkMs?: number;
};

export class CopyDeskController {
  marks: MarksView | null = $state(null);
  findings: FindingView[] = $state([]);
  since: SinceSubmitted | null = $state(null);
  suggesting = $state(false);
  /** The proposal typed in suggesting mode. */
  proposal = $state('');
  /** Bumped when the body editor should take its text again (entering or leaving a mode). */
  loads = $state(0);
  /** Whether the preview shows the piece with every suggestion accepted. */
  withSuggestions = $state(false);
  /** The mark whose card is shown: a query `qN`, a suggestion `sN`, a finding `fN`. */
  picked: string | null = $state(null);
  error: string | null = $state(null);
  busy = $state(false);
  /** A proposal is waiting to be sent, or on its way. */
  proposing = $state(false);
  /** The words selected in the body (the editor's units), for a query. */
  selection: { from: number; to: number; text: string } | null = $state(null);
  /** The text the findings were found in. */
  private findingsText = $state('');

  private proposeTimer: ReturnType<typeof setTimeout> | null = null;
  private proposeInflight: Promise<void> | null = null;
  private checkTimer: ReturnType<typeof setTimeout> | null = null;
  private checked = 0;
  private latest: Content | null = null;
  private proposeMs: number;
  private checkMs: number;

  constructor(
    private backend: Backend,
    readonly editor: EditorController,
    opts: CopyDeskOptions = {},
  ) {
    this.proposeMs = opts.proposeMs ?? 600;
    this.checkMs = opts.checkMs ?? 250;
    editor.listen((c) => this.typed(c));
  }

  get id(): string {
    return this.editor.id;
  }

  get openQueries(): QueryView[] {
    return (this.marks?.queries ?? []).filter((q) => q.open && q.status !== 'orphaned');
  }

  /** Open queries whose words are gone: shown in the tray with their quote, to reattach. */
  get orphans(): QueryView[] {
    return (this.marks?.queries ?? []).filter((q) => q.open && q.status === 'orphaned');
  }

  get resolved(): QueryView[] {
    return (this.marks?.queries ?? []).filter((q) => !q.open);
  }

  get openSuggestions(): SuggestionView[] {
    return (this.marks?.suggestions ?? []).filter((s) => s.state === 'open');
  }

  /** Who has open suggestions, for "accept all of …". */
  get suggesters(): string[] {
    return [...new Set(this.openSuggestions.map((s) => s.author))];
  }

  async load(): Promise<void> {
    try {
      const [marks, since] = await Promise.all([this.backend.marksGet({ id: this.id }), this.backend.sinceSubmitted({ id: this.id })]);
      this.marks = marks;
      this.since = since;
      if (this.withSuggestions) this.editor.refreshPreview();
      this.error = null;
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** The text in the body editor now: the proposal in suggesting mode, else the body. */
  get shown(): string {
    return this.suggesting ? this.proposal : this.editor.content.body;
  }

  // ---- what is drawn in the body ----------------------------------------------------------

  /**
   * The marks to draw, in the editor's units of the text it shows; null while the text has
   * moved on since the core placed them (the editor then maps the ones drawn through each
   * edit, until the next save or proposal brings them back placed anew).
   */
  drawn(): DrawnMark[] | null {
    const m = this.marks;
    if (!m) return [];
    const text = this.shown;
    const placed = this.suggesting ? m.mine === this.proposal : this.editor.piece.content.body === this.editor.content.body;
    if (!placed) return null;
    const out: DrawnMark[] = [];
    // In suggesting mode the text is the proposal: a place in the body moves by what the
    // person's own suggestions before it put in or took out.
    const own = this.suggesting ? m.suggestions.filter((s) => s.state === 'open' && !s.stale && s.field === 'body' && s.author === this.editor.person.name).sort((a, b) => a.start - b.start) : [];
    const shift = (p: number) => own.filter((s) => s.end <= p && !(s.start === s.end && s.start === p)).reduce((d, s) => d + [...s.insert].length - (s.end - s.start), 0);
    const at = (p: number) => toUnits(text, p + shift(p));
    for (const q of m.queries) {
      if (!q.open || q.status === 'orphaned' || q.field !== 'body') continue;
      out.push({ id: q.id, kind: q.status === 'moved' ? 'moved' : 'query', from: at(q.start), to: at(q.end), title: q.messages[0]?.text });
    }
    for (const s of m.suggestions) {
      if (s.state !== 'open' || s.stale || s.field !== 'body') continue;
      const title = `${s.author}: ${describe(s)}`;
      if (own.includes(s)) {
        const p = s.start + shift(s.start);
        const from = toUnits(text, p);
        if (s.quote) out.push({ id: s.id, kind: 'deleted', from, to: from, text: s.quote, title });
        if (s.insert) out.push({ id: s.id, kind: 'inserted', from, to: toUnits(text, p + [...s.insert].length), title });
      } else {
        if (s.quote) out.push({ id: s.id, kind: 'deleted', from: at(s.start), to: at(s.end), title });
        if (s.insert) out.push({ id: s.id, kind: 'inserted', from: at(s.end), to: at(s.end), text: s.insert, title });
      }
    }
    this.findings.forEach((f, i) => {
      if (f.field === 'body' && this.findingsText === text) out.push({ id: `f${i}`, kind: 'finding', from: toUnits(text, f.start), to: toUnits(text, f.end), title: f.message });
    });
    return out;
  }

  pick(id: string | null): void {
    this.picked = id;
  }

  // ---- the house style, as it is typed ---------------------------------------------------

  /** The editor's content changed (or loaded): check it once typing pauses. */
  private typed(c: Content): void {
    this.latest = c;
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => void this.check(), this.checkMs);
  }

  /** Checks the text as it is now (the proposal, in suggesting mode); a late answer is dropped. */
  async check(): Promise<void> {
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.checkTimer = null;
    const base = this.latest ?? ($state.snapshot(this.editor.content) as Content);
    const content = this.suggesting ? { ...base, body: this.proposal } : base;
    const asked = ++this.checked;
    try {
      const found = await this.backend.styleCheck({ id: this.id, content });
      if (asked === this.checked) {
        this.findingsText = content.body;
        this.findings = found;
      }
    } catch {
      // A check that fails leaves the last findings; the next keystroke asks again.
    }
  }

  /** Takes a finding's fix: in suggesting mode as a suggestion credited to the house style. */
  async fix(f: FindingView): Promise<void> {
    if (f.fix === null || f.field !== 'body') return;
    const text = this.shown;
    const fixed = text.slice(0, toUnits(text, f.start)) + f.fix + text.slice(toUnits(text, f.end));
    if (this.suggesting) {
      await this.sendProposal();
      this.proposal = fixed;
      this.loads++;
      await this.sendProposal(f.rule);
    } else {
      this.editor.replaceBody(fixed);
    }
    this.findings = this.findings.filter((x) => x !== f);
    void this.check();
  }

  async setAside(f: FindingView): Promise<void> {
    await this.write(() => this.backend.findingSetAside({ id: this.id, rule: f.rule, field: f.field, quote: f.quote }));
    this.findings = this.findings.filter((x) => x !== f);
  }

  // ---- queries ----------------------------------------------------------------------------

  /** Asks a query on the words selected in the body (`from`..`to` in the editor's units). */
  async ask(from: number, to: number, text: string): Promise<boolean> {
    const body = this.shown;
    if (this.suggesting) await this.leaveSuggesting();
    const [start, end] = [toChars(body, from), toChars(body, to)];
    const q = await this.write(() => this.backend.queryAdd({ id: this.id, field: 'body', start, end, text }));
    if (q) this.picked = q.id;
    return !!q;
  }

  reply(query: string, text: string): Promise<unknown> {
    return this.write(() => this.backend.queryReply({ id: this.id, query, text }));
  }

  resolve(query: string, resolved: boolean): Promise<unknown> {
    return this.write(() => this.backend.queryResolve({ id: this.id, query, resolved }));
  }

  /** Puts a query on the words selected (an orphan from the tray, or one that moved). */
  reattach(query: string, from: number, to: number): Promise<unknown> {
    const body = this.shown;
    return this.write(() => this.backend.queryReattach({ id: this.id, query, start: toChars(body, from), end: toChars(body, to) }));
  }

  // ---- suggestions ------------------------------------------------------------------------

  decide(suggestion: string, accept: boolean): Promise<unknown> {
    return this.write(() => this.backend.suggestionDecide({ id: this.id, suggestion, all_of: null, accept }));
  }

  decideAllOf(person: string, accept: boolean): Promise<unknown> {
    return this.write(() => this.backend.suggestionDecide({ id: this.id, suggestion: null, all_of: person, accept }));
  }

  async enterSuggesting(): Promise<void> {
    if (this.suggesting || !this.marks?.may_suggest) return;
    await this.editor.flush();
    await this.load();
    this.proposal = this.marks?.mine ?? this.editor.content.body;
    this.suggesting = true;
    this.loads++;
    void this.check();
  }

  async leaveSuggesting(): Promise<void> {
    if (!this.suggesting) return;
    await this.sendProposal();
    this.suggesting = false;
    this.loads++;
    void this.check();
  }

  /** What is typed in suggesting mode. */
  propose(text: string): void {
    this.proposal = text;
    this.proposing = true;
    if (this.proposeTimer) clearTimeout(this.proposeTimer);
    this.proposeTimer = setTimeout(() => void this.sendProposal(), this.proposeMs);
    this.typed({ ...($state.snapshot(this.editor.content) as Content), body: text });
  }

  /** Sends the proposal now, and waits for it. */
  async sendProposal(via: string | null = null): Promise<void> {
    if (this.proposeTimer) clearTimeout(this.proposeTimer);
    this.proposeTimer = null;
    while (this.proposeInflight) await this.proposeInflight;
    if (!this.suggesting) return;
    const text = this.proposal;
    if (this.marks && text === this.marks.mine && via === null) {
      this.proposing = false;
      return;
    }
    this.proposeInflight = (async () => {
      try {
        await this.editor.flush();
        this.marks = await this.backend.suggest({ id: this.id, field: 'body', text, via });
        await this.editor.reload();
        if (this.withSuggestions) this.editor.refreshPreview();
        this.error = null;
      } catch (e) {
        this.error = messageOf(e);
      } finally {
        this.proposeInflight = null;
        this.proposing = this.proposal !== text;
      }
    })();
    await this.proposeInflight;
  }

  /** Shows the piece in the preview with every suggestion accepted, or as it stands. */
  showWithSuggestions(on: boolean): void {
    this.withSuggestions = on;
    this.editor.showInPreview(on ? () => this.marks?.accepted ?? this.editor.content.body : null);
  }

  dispose(): void {
    if (this.checkTimer) clearTimeout(this.checkTimer);
    if (this.proposeTimer) clearTimeout(this.proposeTimer);
  }

  /** One change of marks: the text saved first, the piece and its marks taken back after. */
  private async write<T>(change: () => Promise<T>): Promise<T | null> {
    this.busy = true;
    this.error = null;
    try {
      if (!(await this.editor.flush())) throw new Error('The latest changes are not saved yet; resolve that first.');
      const out = await change();
      await this.editor.reload();
      await this.load();
      if (this.suggesting && this.marks) {
        this.proposal = this.marks.mine;
        this.loads++;
      }
      return out;
    } catch (e) {
      this.error = messageOf(e);
      return null;
    } finally {
      this.busy = false;
    }
  }
}

/** A suggestion in words: "insert “Michael ”", "delete “very”", "“as if it were” → “like”". */
export function describe(s: SuggestionView): string {
  const q = (t: string) => `“${t.trim() || t}”`;
  if (!s.quote) return `insert ${q(s.insert)}`;
  if (!s.insert) return `delete ${q(s.quote)}`;
  return `${q(s.quote)} → ${q(s.insert)}`;
}
