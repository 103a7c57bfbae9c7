/**
 * Pure time formatting for the sidebar and the schedule dialog.
 * No JupyterLab imports: unit-tested under plain jest.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A run's duration, compact: "850 ms", "38 s", "2 m 03 s", "1 h 05 m", "2 d 3 h". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) {
    return '';
  }
  if (ms < SECOND) {
    return `${Math.round(ms)} ms`;
  }
  const totalSeconds = Math.round(ms / SECOND);
  if (totalSeconds < 60) {
    return `${totalSeconds} s`;
  }
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) {
    return `${totalMinutes} m ${pad2(totalSeconds % 60)} s`;
  }
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) {
    return `${totalHours} h ${pad2(totalMinutes % 60)} m`;
  }
  return `${Math.floor(totalHours / 24)} d ${totalHours % 24} h`;
}

/** Time from `now` to `target` in words: "in 14 min", "23 h ago", "just now", "in 3 d". */
export function formatRelative(target: string | number | Date, now: number | Date = Date.now()): string {
  const t = toMillis(target);
  const n = toMillis(now);
  if (Number.isNaN(t) || Number.isNaN(n)) {
    return '';
  }
  const delta = t - n;
  const abs = Math.abs(delta);
  if (abs < 45 * SECOND) {
    return delta >= 0 ? 'in a few seconds' : 'just now';
  }
  let amount: string;
  if (abs < HOUR) {
    amount = `${Math.max(1, Math.round(abs / MINUTE))} min`;
  } else if (abs < DAY) {
    amount = `${Math.round(abs / HOUR)} h`;
  } else {
    amount = `${Math.round(abs / DAY)} d`;
  }
  return delta >= 0 ? `in ${amount}` : `${amount} ago`;
}

/**
 * An instant as a short wall time in a time zone, e.g. "Mon 23 Nov 07:00".
 * `withYear` adds the year; an invalid zone falls back to UTC.
 */
export function formatInZone(iso: string | number | Date, timeZone: string, withYear = false): string {
  const t = toMillis(iso);
  if (Number.isNaN(t)) {
    return '';
  }
  const parts = zonedParts(t, safeZone(timeZone));
  const text = `${parts.weekday} ${parts.day} ${parts.month}${withYear ? ` ${parts.year}` : ''} ${parts.hour}:${parts.minute}`;
  return text;
}

/** The full absolute form for tooltips: "Mon 23 Nov 2026 07:00 Europe/Berlin". */
export function formatAbsolute(iso: string | number | Date, timeZone: string): string {
  const text = formatInZone(iso, timeZone, true);
  return text ? `${text} ${safeZone(timeZone)}` : '';
}

/** The browser's own IANA time zone (UTC when it cannot tell). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function safeZone(timeZone: string): string {
  return isValidTimeZone(timeZone) ? timeZone : 'UTC';
}

function toMillis(value: string | number | Date): number {
  if (value instanceof Date) {
    return value.getTime();
  }
  if (typeof value === 'number') {
    return value;
  }
  return Date.parse(value);
}

export interface IZonedParts {
  year: string;
  month: string;
  monthNumber: number;
  day: string;
  weekday: string;
  hour: string;
  minute: string;
  second: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23'
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The wall-clock fields of an instant in a time zone. */
export function zonedParts(millis: number, timeZone: string): IZonedParts {
  const found: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(millis))) {
    found[part.type] = part.value;
  }
  const month = (found.month ?? '').slice(0, 3);
  return {
    year: found.year ?? '',
    month,
    monthNumber: MONTHS.indexOf(month) + 1,
    day: found.day ?? '',
    weekday: found.weekday ?? '',
    hour: pad2(Number(found.hour ?? 0) % 24),
    minute: pad2(Number(found.minute ?? 0)),
    second: pad2(Number(found.second ?? 0))
  };
}

/** The zone's offset from UTC at an instant, in minutes (Berlin in winter: 60). */
export function zoneOffsetMinutes(millis: number, timeZone: string): number {
  const p = zonedParts(millis, timeZone);
  const asUtc = Date.UTC(
    Number(p.year),
    p.monthNumber - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second)
  );
  return Math.round((asUtc - Math.floor(millis / 1000) * 1000) / MINUTE);
}

/**
 * A wall time as typed in a `datetime-local` input ("2026-12-01T09:00"), read in
 * `timeZone`, as an ISO-8601 instant with that zone's offset ("2026-12-01T09:00:00+01:00").
 * Returns null for text that is not such a wall time.
 */
export function wallTimeToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) {
    return null;
  }
  const [year, month, day, hour, minute, second] = m.slice(1).map(v => Number(v ?? 0));
  const zone = safeZone(timeZone);
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second || 0);
  let offset = zoneOffsetMinutes(wallAsUtc, zone);
  offset = zoneOffsetMinutes(wallAsUtc - offset * MINUTE, zone);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${pad2(second || 0)}` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/** An instant as the wall time a `datetime-local` input shows in `timeZone` ("2026-12-01T09:00"). */
export function isoToWallTime(iso: string, timeZone: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) {
    return '';
  }
  const p = zonedParts(t, safeZone(timeZone));
  return `${p.year}-${pad2(p.monthNumber)}-${pad2(Number(p.day))}T${p.hour}:${p.minute}`;
}
