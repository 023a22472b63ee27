import { describe, expect, it } from 'vitest';
import { describeSchedule } from './schedule';

describe('the schedule dialog’s times', () => {
  it('shows a London morning as the New York user’s small hours', () => {
    const t = describeSchedule('2025-11-25', '09:00', 'Europe/London', 'America/New_York', new Date('2025-11-24T12:00:00Z'));
    expect(t.ok && t.publication).toBe('Tue 25 Nov 2025, 09:00 GMT (Europe/London)');
    // The zone's short name comes from the system's locale data (EST or GMT-5).
    expect(t.ok && t.local).toMatch(/^Tue 25 Nov 2025, 04:00 \S+ your time \(America\/New_York\)$/);
    expect(t.ok && t.past).toBe(false);
  });

  it('crosses the date line for a user in Tokyo', () => {
    const t = describeSchedule('2025-07-01', '18:00', 'Europe/London', 'Asia/Tokyo');
    expect(t.ok && t.local).toMatch(/^Wed 2 Jul 2025, 02:00 \S+ your time \(Asia\/Tokyo\)$/);
  });

  it('says when the time has passed', () => {
    const t = describeSchedule('2025-11-20', '09:00', 'Europe/London', 'Europe/London', new Date('2025-11-24T12:00:00Z'));
    expect(t.ok && t.past).toBe(true);
    expect(t.ok && t.sameZone).toBe(true);
  });

  it('names what is wrong instead of guessing', () => {
    expect(describeSchedule('', '09:00', 'Europe/London', 'UTC')).toEqual({ ok: false, problem: 'Choose a date.' });
    const t = describeSchedule('2025-11-25', '09:00', 'Europe/Londn', 'UTC');
    expect(!t.ok && t.problem).toMatch(/not a time zone/);
  });
});
