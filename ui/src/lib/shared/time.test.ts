import { describe, expect, it } from 'vitest';
import { addDays, formatInstant, instantToWall, isDate, wallToInstant, weekdayMon0 } from './time';

describe('wall times in zones', () => {
  it('reads a London summer time as BST, an hour ahead of UTC', () => {
    expect(wallToInstant('2025-07-01', '09:00', 'Europe/London').toISOString()).toBe('2025-07-01T08:00:00.000Z');
  });

  it('reads a London winter time as GMT', () => {
    expect(wallToInstant('2025-12-01', '09:00', 'Europe/London').toISOString()).toBe('2025-12-01T09:00:00.000Z');
  });

  it('takes the earlier instant when the clocks go back and the wall time happens twice', () => {
    // 26 Oct 2025, 01:30 in London is first BST (00:30Z), then GMT (01:30Z).
    expect(wallToInstant('2025-10-26', '01:30', 'Europe/London').toISOString()).toBe('2025-10-26T00:30:00.000Z');
  });

  it('lands after the gap when the clocks go forward', () => {
    // 30 Mar 2025, 01:30 never happens in London: the clocks jump from 01:00 GMT to 02:00 BST.
    expect(wallToInstant('2025-03-30', '01:30', 'Europe/London').toISOString()).toBe('2025-03-30T01:30:00.000Z');
  });

  it('gives the wall time back in another zone', () => {
    const at = wallToInstant('2025-11-25', '09:00', 'Europe/London');
    expect(instantToWall(at, 'America/New_York')).toEqual({ date: '2025-11-25', time: '04:00' });
    expect(instantToWall(at, 'Asia/Tokyo')).toEqual({ date: '2025-11-25', time: '18:00' });
  });

  it('refuses a zone that does not exist', () => {
    expect(() => wallToInstant('2025-11-25', '09:00', 'Mars/Olympus')).toThrow(/time zone/);
  });
});

describe('calendar dates', () => {
  it('moves across months and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });

  it('counts weekdays from Monday', () => {
    expect(weekdayMon0('2025-11-24')).toBe(0);
    expect(weekdayMon0('2025-11-30')).toBe(6);
  });

  it('checks dates strictly', () => {
    expect(isDate('2025-02-29')).toBe(false);
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2024-2-9')).toBe(false);
  });

  it('formats an instant with its zone name', () => {
    expect(formatInstant('2025-11-25T09:00:00Z', 'Europe/London')).toBe('Tue 25 Nov 2025, 09:00 GMT');
  });
});
