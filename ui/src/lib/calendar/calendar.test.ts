import { describe, expect, it } from 'vitest';
import { MockBackend } from '../backend/mock';
import { CalendarController } from './calendar.svelte';

const NOW = new Date('2025-11-24T12:00:00Z');

describe('the calendar', () => {
  it('puts scheduled pieces on their day in the publication’s zone', async () => {
    const backend = MockBackend.demo({ now: () => NOW });
    const cal = new CalendarController(backend, 'Europe/London', NOW);
    await cal.load();
    expect(cal.itemsOn('2025-11-25').map((i) => i.headline)).toEqual(['How Ishiguro Writes Memory']);
    cal.setMode('week');
    expect(cal.days[0]).toBe('2025-11-24');
  });

  it('moves a dragged piece to another day at the same time of day', async () => {
    const backend = MockBackend.demo({ now: () => NOW });
    await backend.signIn('Ed Marsh');
    const cal = new CalendarController(backend, 'Europe/London', NOW);
    await cal.load();
    const item = cal.itemsOn('2025-11-25')[0];
    await cal.moveTo(item, '2025-11-28');
    expect(cal.refusal).toBeNull();
    expect(cal.itemsOn('2025-11-28').map((i) => [i.id, i.at])).toEqual([[item.id, '2025-11-28T09:00:00.000Z']]);
  });

  it('shows the refusal when the person may not reschedule', async () => {
    const backend = MockBackend.demo({ now: () => NOW });
    await backend.signIn('Wren Adair');
    const cal = new CalendarController(backend, 'Europe/London', NOW);
    await cal.load();
    await cal.moveTo(cal.itemsOn('2025-11-25')[0], '2025-11-28');
    expect(cal.refusal).toBe('cannot schedule: Wren Adair is not an editor of Books');
    expect(cal.itemsOn('2025-11-25').length).toBe(1);
  });
});
