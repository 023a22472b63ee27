// Wall-clock times in IANA zones, with nothing but Intl. The desk stores instants in UTC with the
// zone they were scheduled in; the UI shows both the publication's wall time and the user's own.
// Dates are plain `YYYY-MM-DD` strings and times `HH:MM`, as <input type=date|time> give them.

const partsCache = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(zone, f);
  }
  return f;
}

/** Whether `zone` is an IANA zone this system knows (`Europe/London`, `UTC`). */
export function isValidZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    partsFormat(zone.trim());
    return true;
  } catch {
    return false;
  }
}

/** The zone of the person at this computer. */
export function userZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

type Wall = { y: number; mo: number; d: number; h: number; mi: number; s: number };

function wallOf(ms: number, zone: string): Wall {
  const p: Record<string, number> = {};
  for (const part of partsFormat(zone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { y: p.year, mo: p.month, d: p.day, h: p.hour === 24 ? 0 : p.hour, mi: p.minute, s: p.second };
}

/** How far `zone` is ahead of UTC at the instant `ms`, in milliseconds. */
export function zoneOffsetMs(ms: number, zone: string): number {
  const w = wallOf(ms, zone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function isTime(s: string): boolean {
  const m = TIME.exec(s);
  return !!m && +m[1] < 24 && +m[2] < 60;
}

/**
 * The instant of a wall-clock `date` and `time` in `zone`. Where the clocks go back (the wall
 * time happens twice) the earlier is taken, as the core does; where they go forward (it never
 * happens) the time after the gap. Throws on a malformed date, time or zone.
 */
export function wallToInstant(date: string, time: string, zone: string): Date {
  if (!isDate(date)) throw new RangeError(`not a date: ${date}`);
  if (!isTime(time)) throw new RangeError(`not a time: ${time}`);
  if (!isValidZone(zone)) throw new RangeError(`not a time zone: ${zone}`);
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  // Try the offsets in force a day either side; keep the candidates that read back as the wall time.
  const offsets = new Set([zoneOffsetMs(guess - 864e5, zone), zoneOffsetMs(guess, zone), zoneOffsetMs(guess + 864e5, zone)]);
  const hits = [...offsets]
    .map((o) => guess - o)
    .filter((ms) => {
      const w = wallOf(ms, zone);
      return w.y === y && w.mo === mo && w.d === d && w.h === h && w.mi === mi;
    })
    .sort((a, b) => a - b);
  if (hits.length > 0) return new Date(hits[0]);
  // In a gap: the offset before the gap, which lands after it.
  return new Date(guess - Math.min(...offsets));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The wall-clock date and time of `instant` in `zone`. */
export function instantToWall(instant: Date | string, zone: string): { date: string; time: string } {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const w = wallOf(ms, zone);
  return { date: `${w.y}-${pad(w.mo)}-${pad(w.d)}`, time: `${pad(w.h)}:${pad(w.mi)}` };
}

/** Today's date in `zone`. */
export function todayIn(zone: string, now: Date = new Date()): string {
  return instantToWall(now, zone).date;
}

/** `date` moved by `days` (calendar arithmetic, no zones involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Day of the week of `date`, Monday 0 to Sunday 6. */
export function weekdayMon0(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string, opts: Intl.DateTimeFormatOptions, locale = 'en-GB'): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${JSON.stringify(opts)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...opts, timeZone: zone });
    formats.set(key, f);
  }
  return f;
}

/**
 * `Tue 25 Nov 2025, 09:00 GMT`: an instant as a person reads it in `zone`. Built from parts, so
 * it reads the same whatever punctuation the system's locale data puts between them.
 */
export function formatInstant(
  instant: Date | string,
  zone: string,
  { year = true, zoneName = true, weekday = true }: { year?: boolean; zoneName?: boolean; weekday?: boolean } = {},
): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const f = format(zone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(d)) if (part.type !== 'literal') p[part.type] = part.value;
  const day = [weekday ? p.weekday : '', p.day, p.month, year ? p.year : ''].filter(Boolean).join(' ');
  const hour = p.hour === '24' ? '00' : p.hour;
  return `${day}, ${hour}:${p.minute}${zoneName ? ` ${p.timeZoneName}` : ''}`;
}

/** `09:00`: the time of day of an instant in `zone`. */
export function formatClock(instant: Date | string, zone: string): string {
  return instantToWall(typeof instant === 'string' ? new Date(instant) : instant, zone).time;
}

/** `25 Nov 2025`: the date part only. */
export function formatDay(date: string, opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' }): string {
  const [y, m, d] = date.split('-').map(Number);
  return format('UTC', opts).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** `3 min ago`, `yesterday`, or the date: how long ago `instant` was, for lists of changes. */
export function formatAgo(instant: string, now: Date = new Date()): string {
  const s = Math.round((now.getTime() - Date.parse(instant)) / 1000);
  if (s < 45) return 'just now';
  if (s < 90 * 60) return `${Math.max(1, Math.round(s / 60))} min ago`;
  if (s < 24 * 3600) return `${Math.round(s / 3600)} h ago`;
  if (s < 48 * 3600) return 'yesterday';
  return formatDay(new Date(instant).toISOString().slice(0, 10));
}

/** A few zones for the schedule dialog's suggestions, with every zone the system knows after them. */
export function knownZones(): string[] {
  const common = ['Europe/London', 'Europe/Paris', 'Europe/Berlin', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'];
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [...new Set([...common, ...all])];
}
