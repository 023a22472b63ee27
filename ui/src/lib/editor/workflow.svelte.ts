// The workflow bar of an open piece: the moves the core offers this person, the dialogs some
// moves need (a note, a time), and the core's refusal when a move is refused. The text is saved
// before every move, since the core moves the stored piece.

import type { Backend } from '../backend/backend';
import type { OfferedMove } from '../backend/types';
import { messageOf } from '../shared/errors';
import { stageLabel } from '../piece/names';
import type { EditorController } from './editor.svelte';

export type WorkflowDialog = { kind: 'note'; move: OfferedMove } | { kind: 'schedule'; reschedule: boolean } | null;

const UNSAVED = 'The latest changes are not saved yet, so the piece was not moved. Resolve the save first (see the save state), then try again.';

export class WorkflowController {
  offered: OfferedMove[] = $state([]);
  refusal: string | null = $state(null);
  notice: string | null = $state(null);
  busy = $state(false);
  dialog: WorkflowDialog = $state(null);

  constructor(
    private backend: Backend,
    private editor: EditorController,
    /** Told after every move, so the history and the desk can refresh. */
    private moved: () => void = () => {},
  ) {}

  /** A scheduled piece can be given another time by whoever may unschedule it (an editor). */
  get canReschedule(): boolean {
    return this.editor.piece.stage === 'scheduled' && this.offered.some((m) => m.move === 'unschedule');
  }

  async refresh(): Promise<void> {
    try {
      this.offered = await this.backend.movesOffered({ id: this.editor.id });
    } catch (e) {
      this.offered = [];
      this.refusal = messageOf(e);
    }
  }

  /** A move's button: straight through, or its dialog first. */
  begin(m: OfferedMove): void {
    this.refusal = null;
    this.notice = null;
    if (m.needs_time) this.dialog = { kind: 'schedule', reschedule: false };
    else if (m.needs_note) this.dialog = { kind: 'note', move: m };
    else void this.move(m, null);
  }

  beginReschedule(): void {
    this.refusal = null;
    this.notice = null;
    this.dialog = { kind: 'schedule', reschedule: true };
  }

  close(): void {
    this.dialog = null;
    this.refusal = null;
  }

  async move(m: OfferedMove, note: string | null): Promise<void> {
    await this.run(async () => {
      if (m.move === 'correct' && this.editor.dirty) {
        await this.editor.saveCorrection(note ?? '');
      } else {
        if (!(await this.editor.flush())) throw new Error(UNSAVED);
        await this.backend.pieceMove({ id: this.editor.id, to: m.to, note });
      }
      return m.move === 'correct' ? 'Correction published.' : `Moved to ${stageLabel(m.to)}.`;
    });
  }

  /** Schedules (or reschedules) for `date` `time` in `zone`. */
  async schedule(date: string, time: string, zone: string): Promise<void> {
    await this.run(async () => {
      if (!(await this.editor.flush())) throw new Error(UNSAVED);
      const out = await this.backend.pieceSchedule({ id: this.editor.id, wall: `${date} ${time}`, zone: zone.trim() });
      return `Scheduled for ${out.local} (${out.zone}).${out.notice ? ` ${out.notice}` : ''}`;
    });
  }

  private async run(work: () => Promise<string>): Promise<void> {
    this.busy = true;
    this.refusal = null;
    try {
      const notice = await work();
      this.dialog = null;
      this.notice = notice;
      await this.editor.reload();
      await this.refresh();
      this.moved();
    } catch (e) {
      this.refusal = messageOf(e);
    } finally {
      this.busy = false;
    }
  }
}
