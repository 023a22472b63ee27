import { describe, expect, it } from 'vitest';
import { demoDesk } from '../testing/desk';
import { CalendarController } from './calendar.svelte';

// The demo desk schedules its two pieces from the day it is made: tomorrow 09:00 and in three
// days 18:00, in the desk's zone (Europe/London).
const NOW = '2025-11-24T12:00:00Z';

describe('the calendar', () => {
  it('puts scheduled pieces on their day in the publication’s zone', async () => {
    const { client: backend } = await demoDesk({ now: NOW });
    const cal = new CalendarController(backend, 'Europe/London', new Date(NOW));
    await cal.load();
    expect(cal.refusal).toBeNull();
    expect(cal.itemsOn('2025-11-25').map((i) => i.headline)).toEqual(['How Ishiguro Writes Memory']);
    expect(cal.itemsOn('2025-11-27').map((i) => [i.headline, i.at])).toEqual([['The Wire, Season Four: School Days', '2025-11-27T18:00:00Z']]);
    cal.setMode('week');
    expect(cal.days[0]).toBe('2025-11-24');
  });

  it('moves a dragged piece to another day at the same time of day', async () => {
    const { client: backend } = await demoDesk({ now: NOW, as: 'Ed Marsh' });
    const cal = new CalendarController(backend, 'Europe/London', new Date(NOW));
    await cal.load();
    const item = cal.itemsOn('2025-11-25')[0];
    await cal.moveTo(item, '2025-11-28');
    expect(cal.refusal).toBeNull();
    expect(cal.notice).toBe('“How Ishiguro Writes Memory” now goes out 2025-11-28 09:00 (Europe/London).');
    expect(cal.itemsOn('2025-11-25')).toEqual([]);
    expect(cal.itemsOn('2025-11-28').map((i) => [i.id, i.at])).toEqual([[item.id, '2025-11-28T09:00:00Z']]);
    expect((await backend.pieceGet({ id: item.id })).scheduled_at).toBe('2025-11-28T09:00:00Z');
  });

  it('shows the refusal when the person may not reschedule', async () => {
    const { client: backend } = await demoDesk({ now: NOW, as: 'Wren Adair' });
    const cal = new CalendarController(backend, 'Europe/London', new Date(NOW));
    await cal.load();
    await cal.moveTo(cal.itemsOn('2025-11-25')[0], '2025-11-28');
    expect(cal.refusal).toBe('cannot schedule: Wren Adair is not an editor of Books');
    expect(cal.itemsOn('2025-11-25').length).toBe(1);
    expect(cal.itemsOn('2025-11-28')).toEqual([]);
  });
});
