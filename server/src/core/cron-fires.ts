// Cron fire times, fast. croner evaluates a pattern in an IANA zone through Intl on every step
// (~70 µs a fire time), so catching up 100 missed times for each of 1,000 schedules took
// seconds. Away from the zone's offset changes, the zone is a fixed UTC offset, which croner
// evaluates with plain arithmetic (~6 µs): use that there, and croner's own zone rules within a
// day of every change, so the DST behaviour stays croner's.
import { Cron } from 'croner';

// Parsing a pattern costs more than computing a fire time from it, and planning asks for many
// fire times of the same few patterns: keep the parsed ones (paused, so they hold no timers).
const parsed = new Map<string, Cron>();
const PARSED_MAX = 5000;

function cached(key: string, make: () => Cron): Cron {
  let cron = parsed.get(key);
  if (!cron) {
    cron = make();
    if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value!);
    parsed.set(key, cron);
  }
  return cron;
}

/** The pattern in its zone (UTC when none). */
export function cronOf(pattern: string, zone: string): Cron {
  return cached(`${zone} ${pattern.trim()}`, () => new Cron(pattern.trim(), { timezone: zone, paused: true }));
}

function fixedOffsetCron(pattern: string, offsetMinutes: number): Cron {
  return cached(`${offsetMinutes}m ${pattern.trim()}`, () => new Cron(pattern.trim(), { utcOffset: offsetMinutes, paused: true }));
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `ms`, in minutes (Berlin in summer: 120). */
export function offsetMinutes(zone: string, ms: number): number {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, format);
  }
  const name = format.formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value; // "GMT+05:30", or "GMT"
  const m = /([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
// No zone changes its offset twice within a week, so equal offsets a week apart mean no change between.
const PROBE = 7 * DAY;

/** The first minute in (from, to] whose offset is not `offset`, or null when the offset holds. */
function offsetChange(zone: string, from: number, to: number, offset: number): number | null {
  if (offsetMinutes(zone, to) === offset) return null;
  let lo = from;
  let hi = to;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetMinutes(zone, mid) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Appends the fire times in (from, until] to `out` until it holds `max`; returns where it stopped. */
function collect(cron: Cron, from: number, until: number, out: Date[], max: number): number {
  let t = cron.nextRun(new Date(from));
  while (t && t.getTime() <= until) {
    out.push(t);
    if (out.length >= max) return t.getTime();
    t = cron.nextRun(t);
  }
  return until;
}

/** The pattern's fire times in (after, until], oldest first, at most `max`: the same as croner's nextRun, step by step. */
export function cronFiresBetween(pattern: string, zone: string, after: Date, until: Date, max: number): Date[] {
  const out: Date[] = [];
  const end = until.getTime();
  let cursor = after.getTime();
  while (cursor < end && out.length < max) {
    const stop = Math.min(end, cursor + PROBE);
    const offset = offsetMinutes(zone, cursor);
    const change = offsetChange(zone, cursor, stop, offset);
    const fixedUntil = change === null ? stop : change - DAY;
    if (fixedUntil > cursor) cursor = collect(fixedOffsetCron(pattern, offset), cursor, fixedUntil, out, max);
    if (change !== null && out.length < max) cursor = collect(cronOf(pattern, zone), cursor, Math.min(end, change + DAY), out, max);
  }
  return out;
}
