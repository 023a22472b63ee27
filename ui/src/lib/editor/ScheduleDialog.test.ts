// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ScheduleDialog from './ScheduleDialog.svelte';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';

function set(id: string, value: string) {
  const el = document.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!;
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

describe('the schedule dialog', () => {
  it('shows the chosen time in the publication’s zone and in the user’s own, and sends the wall time', () => {
    const onconfirm = vi.fn();
    app = mount(ScheduleDialog, {
      target: document.body,
      props: { zone: 'Europe/London', current: null, refusal: null, busy: false, onconfirm, onclose: () => {} },
    });
    set('schedule-date', '2031-01-15');
    set('schedule-time', '09:00');
    expect(text('schedule-publication')).toBe('Wed 15 Jan 2031, 09:00 GMT (Europe/London)');
    const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(text('schedule-local')).toContain(`your time (${mine})`);
    set('schedule-zone', 'Asia/Tokyo');
    expect(text('schedule-publication')).toMatch(/^Wed 15 Jan 2031, 09:00 \S+ \(Asia\/Tokyo\)$/);
    document.querySelector<HTMLButtonElement>('[data-testid="schedule-ok"]')!.click();
    expect(onconfirm).toHaveBeenCalledWith('2031-01-15', '09:00', 'Asia/Tokyo');
  });

  it('says what is wrong with a zone instead of scheduling it, and shows the core’s refusal', () => {
    app = mount(ScheduleDialog, {
      target: document.body,
      props: { zone: 'Europe/London', current: null, refusal: 'cannot schedule: the dek is empty', busy: false, onconfirm: () => {}, onclose: () => {} },
    });
    set('schedule-zone', 'Europe/Londn');
    expect(text('schedule-local')).toMatch(/not a time zone/);
    expect(document.querySelector<HTMLButtonElement>('[data-testid="schedule-ok"]')!.disabled).toBe(true);
    expect(text('refusal')).toBe('cannot schedule: the dek is empty');
  });

  it('starts from the piece’s own time when rescheduling', () => {
    app = mount(ScheduleDialog, {
      target: document.body,
      props: { zone: 'Europe/London', current: { at: '2031-07-01T17:00:00Z', zone: 'Europe/London' }, refusal: null, busy: false, onconfirm: () => {}, onclose: () => {} },
    });
    expect(document.querySelector<HTMLInputElement>('[data-testid="schedule-date"]')!.value).toBe('2031-07-01');
    expect(document.querySelector<HTMLInputElement>('[data-testid="schedule-time"]')!.value).toBe('18:00');
  });
});
