// The schedule dialog's arithmetic: a wall time in the publication's zone, and the same instant
// in the zone of the person scheduling, so nobody confuses 09:00 London with 09:00 at home.

import { formatInstant, isDate, isTime, isValidZone, wallToInstant } from '../shared/time';

export type ScheduleText =
  | { ok: true; instant: Date; publication: string; local: string; sameZone: boolean; past: boolean }
  | { ok: false; problem: string };

export function describeSchedule(date: string, time: string, zone: string, userZone: string, now: Date = new Date()): ScheduleText {
  if (!isDate(date)) return { ok: false, problem: 'Choose a date.' };
  if (!isTime(time)) return { ok: false, problem: 'Choose a time.' };
  if (!isValidZone(zone)) return { ok: false, problem: `“${zone}” is not a time zone this computer knows (e.g. Europe/London).` };
  const instant = wallToInstant(date, time, zone.trim());
  return {
    ok: true,
    instant,
    publication: `${formatInstant(instant, zone.trim())} (${zone.trim()})`,
    local: `${formatInstant(instant, userZone)} your time (${userZone})`,
    sameZone: zone.trim() === userZone,
    past: instant.getTime() <= now.getTime(),
  };
}
