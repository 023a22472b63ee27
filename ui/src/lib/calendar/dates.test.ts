import { describe, expect, it } from 'vitest';
import { addDays } from '../shared/time';
import { dayOf, monthGrid, rangeOf, step, weekDays } from './dates';

describe('calendar days', () => {
  it('lays a month out as six weeks from Monday', () => {
    const days = monthGrid('2025-11-24');
    expect(days.length).toBe(42);
    expect(days[0]).toBe('2025-10-27');
    expect(days).toContain('2025-11-30');
  });

  it('always holds the day after any day of the month, so tomorrow is on the page', () => {
    for (const month of ['2025-02-14', '2025-03-31', '2026-08-31', '2027-02-28']) {
      const days = monthGrid(month);
      const last = `${month.slice(0, 7)}-${String(new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 0)).getUTCDate()).padStart(2, '0')}`;
      expect(days, month).toContain(addDays(last, 1));
    }
  });

  it('starts a week on Monday', () => {
    expect(weekDays('2025-11-27')).toEqual(['2025-11-24', '2025-11-25', '2025-11-26', '2025-11-27', '2025-11-28', '2025-11-29', '2025-11-30']);
  });

  it('steps by months and weeks', () => {
    expect(step('month', '2025-12-15', 1)).toBe('2026-01-01');
    expect(step('week', '2025-12-29', 1)).toBe('2026-01-05');
  });

  it('bounds the days in the publication’s zone', () => {
    expect(rangeOf(['2025-07-01', '2025-07-02'], 'Europe/London')).toEqual({ from: '2025-06-30T23:00:00.000Z', to: '2025-07-02T23:00:00.000Z' });
    expect(dayOf('2025-06-30T23:30:00Z', 'Europe/London')).toBe('2025-07-01');
  });
});
