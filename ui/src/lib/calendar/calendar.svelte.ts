// The calendar: scheduled and published pieces by day in the publication's zone, a month or a
// week at a time; an editor drags a scheduled piece to another day, keeping its time of day.

import type { Backend } from '../backend/backend';
import type { CalendarItem } from '../backend/types';
import { messageOf } from '../shared/errors';
import { instantToWall, todayIn } from '../shared/time';
import { dayOf, daysOf, rangeOf, step, type CalendarMode } from './dates';

export class CalendarController {
  mode: CalendarMode = $state('month');
  anchor: string = $state('');
  items: CalendarItem[] = $state([]);
  refusal: string | null = $state(null);
  notice: string | null = $state(null);
  loading = $state(false);
  days: string[] = $derived(daysOf(this.mode, this.anchor));
  private asked = 0;

  constructor(
    private backend: Backend,
    readonly zone: string,
    now: Date = new Date(),
  ) {
    this.anchor = todayIn(zone, now);
  }

  get today(): string {
    return todayIn(this.zone);
  }

  itemsOn(date: string): CalendarItem[] {
    return this.items.filter((i) => dayOf(i.at, this.zone) === date);
  }

  async load(): Promise<void> {
    const asked = ++this.asked;
    this.loading = true;
    try {
      const { from, to } = rangeOf(this.days, this.zone);
      const items = await this.backend.calendar({ from, to });
      if (asked === this.asked) this.items = items;
    } catch (e) {
      if (asked === this.asked) this.refusal = messageOf(e);
    } finally {
      if (asked === this.asked) this.loading = false;
    }
  }

  setMode(mode: CalendarMode): void {
    this.mode = mode;
    void this.load();
  }

  go(by: number): void {
    this.anchor = step(this.mode, this.anchor, by);
    void this.load();
  }

  goToday(): void {
    this.anchor = this.today;
    void this.load();
  }

  /** Reschedules `item` to `date` at the same wall time in the zone it was scheduled in. */
  async moveTo(item: CalendarItem, date: string): Promise<void> {
    this.refusal = null;
    this.notice = null;
    if (item.stage !== 'scheduled') {
      this.refusal = 'Only scheduled pieces move on the calendar; a published piece keeps its date.';
      return;
    }
    const zone = item.zone ?? this.zone;
    const { date: from, time } = instantToWall(item.at, zone);
    if (from === date) return;
    try {
      const out = await this.backend.pieceSchedule({ id: item.id, wall: `${date} ${time}`, zone });
      this.notice = `“${item.headline}” now goes out ${out.local} (${out.zone}).`;
    } catch (e) {
      this.refusal = messageOf(e);
    }
    await this.load();
  }
}
