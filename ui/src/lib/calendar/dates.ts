// The calendar's days: a month as six whole weeks from Monday (so the days either side of the
// month are there to drop on), a week from Monday, and the instants that bound them in a zone.

import { addDays, instantToWall, wallToInstant, weekdayMon0 } from '../shared/time';

export type CalendarMode = 'month' | 'week';

export function monthGrid(anchor: string): string[] {
  const first = `${anchor.slice(0, 7)}-01`;
  const start = addDays(first, -weekdayMon0(first));
  return Array.from({ length: 42 }, (_, i) => addDays(start, i));
}

export function weekDays(anchor: string): string[] {
  const start = addDays(anchor, -weekdayMon0(anchor));
  return Array.from({ length: 7 }, (_, i) => addDays(start, i));
}

export function daysOf(mode: CalendarMode, anchor: string): string[] {
  return mode === 'month' ? monthGrid(anchor) : weekDays(anchor);
}

/** The anchor a step back or forward: a month or a week. */
export function step(mode: CalendarMode, anchor: string, by: number): string {
  if (mode === 'week') return addDays(anchor, 7 * by);
  const [y, m] = anchor.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/** RFC 3339 instants from the first day's midnight to the midnight after the last, in `zone`. */
export function rangeOf(days: readonly string[], zone: string): { from: string; to: string } {
  return {
    from: wallToInstant(days[0], '00:00', zone).toISOString(),
    to: wallToInstant(addDays(days[days.length - 1], 1), '00:00', zone).toISOString(),
  };
}

/** The day an instant falls on in `zone`. */
export function dayOf(instant: string, zone: string): string {
  return instantToWall(instant, zone).date;
}
