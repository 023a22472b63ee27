// A list's poll in the window: the poll and what the person may do with it (the core's answer,
// `poll_get`), the results with another scheme beside them, the ballots, and the blurbs. Every
// change goes to the core, which refuses what the person may not do; after each one the parts
// shown are read again, so what the window shows is what the desk holds.

import type { Backend } from '../backend/backend';
import type { BallotImport, BallotPick, BallotRow, BlurbBoard, PollPanel, PollResults, Scheme } from '../backend/types';
import { messageOf } from '../shared/errors';

export type PollTab = 'results' | 'ballots' | 'blurbs';

/** One row of a ballot being written: the fields as typed. */
export type PickDraft = { creator: string; title: string; year: string };

export class PollController {
  panel: PollPanel | null = $state(null);
  results: PollResults | null = $state(null);
  ballots: BallotRow[] = $state([]);
  board: BlurbBoard | null = $state(null);
  /** The desk's people by name: voters and contributors (read again after an import adds some). */
  people: string[] = $state([]);
  /** Another scheme counted beside the poll's own. */
  compare: Scheme | null = $state(null);
  tab: PollTab = $state('results');
  error: string | null = $state(null);
  notice: string | null = $state(null);
  busy = $state(false);

  constructor(
    private backend: Backend,
    /** The list piece. */
    readonly list: string,
    /** The list's editor: saved before a change to the list (an assembly, an assignment),
     * reloaded after it; `changed` hears of every change (a shared desk sends it soon). */
    private editor: { flush(): Promise<boolean>; reload(): Promise<void>; changed?: () => void } = { flush: async () => true, reload: async () => {} },
  ) {}

  get poll() {
    return this.panel?.poll ?? null;
  }

  get mayRun(): boolean {
    return !!this.panel?.rights && this.panel.rights.run === null;
  }

  async load(): Promise<void> {
    try {
      [this.panel] = await Promise.all([this.backend.pollGet({ list: this.list }), this.readPeople()]);
      this.error = null;
      if (this.poll) await this.refresh();
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  private async readPeople(): Promise<void> {
    this.people = (await this.backend.appInfo()).people.map((p) => p.name);
  }

  /** Reads again the part shown. */
  async refresh(): Promise<void> {
    const poll = this.poll;
    if (!poll) return;
    try {
      if (this.tab === 'results') this.results = await this.backend.pollResults({ poll: poll.id, compare: this.compare });
      else if (this.tab === 'ballots') {
        // The results too: a ballot picks from what others have named.
        [this.ballots, this.results] = await Promise.all([this.backend.pollBallots({ poll: poll.id }), this.backend.pollResults({ poll: poll.id, compare: null })]);
      }
      else this.board = await this.backend.blurbBoard({ poll: poll.id });
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  async show(tab: PollTab): Promise<void> {
    this.tab = tab;
    await this.refresh();
  }

  async compareWith(s: Scheme | null): Promise<void> {
    this.compare = s;
    await this.refresh();
  }

  /** Runs a change; on success says `done` and reads the poll again, on refusal keeps the core's words. */
  private async act<T>(what: () => Promise<T>, done: (r: T) => string | null, listChanged = false): Promise<T | undefined> {
    this.busy = true;
    this.notice = null;
    try {
      if (listChanged && !(await this.editor.flush())) throw new Error('the list has changes that could not be saved: save them first');
      const r = await what();
      this.error = null;
      if (listChanged) await this.editor.reload();
      [this.panel] = await Promise.all([this.backend.pollGet({ list: this.list }), this.readPeople()]);
      await this.refresh();
      // Said once what is shown is the desk's again.
      this.notice = done(r);
      this.editor.changed?.();
      return r;
    } catch (e) {
      this.error = messageOf(e);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  open(req: Omit<Parameters<Backend['pollOpen']>[0], 'list'>) {
    return this.act(
      () => this.backend.pollOpen({ ...req, list: this.list }),
      () => 'The poll is open.',
    );
  }

  setOpen(open: boolean) {
    const poll = this.poll!;
    return this.act(
      () => this.backend.pollSetOpen({ poll: poll.id, open }),
      () => (open ? 'The poll is open again.' : 'The poll is closed to ballots.'),
    );
  }

  importBallots(path: string, columns: string) {
    const poll = this.poll!;
    return this.act(
      () => this.backend.ballotsImport({ poll: poll.id, path, columns }),
      (r: BallotImport) =>
        `${r.ballots} ${r.ballots === 1 ? 'ballot' : 'ballots'} and ${r.picks} picks imported.` +
        (r.added_people.length ? ` Added to the desk as writers: ${r.added_people.join(', ')}.` : ''),
    );
  }

  /** Writes a ballot: ranked from the order of `picks` when `ranked`. */
  putBallot(voter: string, picks: PickDraft[], ranked: boolean) {
    const poll = this.poll!;
    const rows: BallotPick[] = picks
      .filter((p) => p.title.trim())
      .map((p, i) => ({
        creator: p.creator.trim(),
        title: p.title.trim(),
        rank: ranked ? i + 1 : null,
        points: null,
        year: p.year.trim() ? Number(p.year.trim()) : null,
      }));
    return this.act(
      () => this.backend.ballotPut({ poll: poll.id, voter, picks: rows }),
      () => `${voter}’s ballot is in: ${rows.length} ${rows.length === 1 ? 'pick' : 'picks'}.`,
    );
  }

  merge(into: string, from: string) {
    const poll = this.poll!;
    return this.act(
      () => this.backend.pollMerge({ poll: poll.id, into, from }),
      () => `Counted as one: ${from.replace('|', ', ')} into ${into.replace('|', ', ')}.`,
    );
  }

  unmerge(from: string) {
    const poll = this.poll!;
    return this.act(
      () => this.backend.pollUnmerge({ poll: poll.id, from }),
      () => `${from.replace('|', ', ')} counts on its own again.`,
    );
  }

  keepApart(a: string, b: string) {
    const poll = this.poll!;
    return this.act(
      () => this.backend.pollKeepApart({ poll: poll.id, a, b }),
      () => 'Kept apart: they are two works, and not offered as one again.',
    );
  }

  decide(above: string, below: string, why: string) {
    const poll = this.poll!;
    return this.act(
      () => this.backend.pollDecide({ poll: poll.id, above, below, why }),
      () => 'The tie is decided; the reason is kept with the poll.',
    );
  }

  assemble(top: number, ballots = false) {
    const poll = this.poll!;
    return this.act(
      () => this.backend.pollAssemble({ poll: poll.id, top, ballots }),
      (o) => `The top ${top} are the list’s entries${ballots ? ', with a page of every ballot' : ''} (revision ${o.revision}).`,
      true,
    );
  }

  assign(rank: number, person: string | null, due: string | null) {
    const poll = this.poll!;
    return this.act(
      () => this.backend.blurbAssign({ poll: poll.id, rank, person, due }),
      (name) => `Entry ${rank}’s blurb is ${name}’s${due ? `, due ${due}` : ''}.`,
      true,
    );
  }
}
