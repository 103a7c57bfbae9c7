// Triggers: parsing, validation, next-fire arithmetic and plain-English descriptions.
// Pure: croner is used with `paused: true` only to compute dates, never to run timers.
import type { Cron } from 'croner';
import cronstrue from 'cronstrue';
import { cronOf } from './cron-fires.js';
import { ValidationError } from './errors.js';
import { LIMITS } from './defaults.js';

export type CronTrigger = { cron: string; timezone?: string };
export type EveryTrigger = { everySeconds: number };
export type AtTrigger = { at: string };
export type Trigger = CronTrigger | EveryTrigger | AtTrigger;

export function isCron(t: Trigger): t is CronTrigger {
  return typeof (t as CronTrigger).cron === 'string';
}
export function isEvery(t: Trigger): t is EveryTrigger {
  return typeof (t as EveryTrigger).everySeconds === 'number';
}
export function isAt(t: Trigger): t is AtTrigger {
  return typeof (t as AtTrigger).at === 'string';
}

// ISO-8601 with an explicit offset, so "09:00" never silently means the server's zone.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function invalid(message: string, field: string): ValidationError {
  return new ValidationError('TRIGGER_INVALID', message, field);
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function cronOfTrigger(t: CronTrigger): Cron {
  return cronOf(t.cron, t.timezone ?? 'UTC');
}

/** Throws a ValidationError naming the trigger field at fault; returns the trigger normalized. */
export function validateTrigger(t: Trigger): Trigger {
  const kinds = (['cron', 'everySeconds', 'at'] as const).filter((k) => k in t);
  if (kinds.length !== 1) {
    throw invalid('A trigger needs exactly one of "cron", "everySeconds" or "at".', 'trigger');
  }
  const value = (t as Record<string, unknown>)[kinds[0]];
  if (kinds[0] === 'everySeconds' ? typeof value !== 'number' : typeof value !== 'string') {
    const expected = kinds[0] === 'everySeconds' ? 'a whole number of seconds' : 'a string';
    throw invalid(`"${kinds[0]}" must be ${expected}.`, `trigger.${kinds[0]}`);
  }
  if (isCron(t) && t.timezone !== undefined && typeof t.timezone !== 'string') {
    throw invalid('"timezone" must be an IANA zone name such as "Europe/Berlin".', 'trigger.timezone');
  }
  if (isCron(t)) {
    const zone = t.timezone ?? 'UTC';
    if (!isValidTimeZone(zone)) {
      throw invalid(`"${zone}" is not a known IANA time zone (for example "Europe/Berlin").`, 'trigger.timezone');
    }
    const fields = t.cron.trim().split(/\s+/);
    if (fields.length !== 5 && fields.length !== 6) {
      throw invalid(
        `A cron expression has 5 fields (minute hour day month weekday) or 6 (with seconds first); "${t.cron}" has ${fields.length}.`,
        'trigger.cron',
      );
    }
    let cron: Cron;
    try {
      cron = cronOf(t.cron, zone);
    } catch (error) {
      const detail = (error as Error).message.replace(/^CronPattern:\s*/, '');
      throw invalid(`"${t.cron}" is not a valid cron expression: ${detail}.`, 'trigger.cron');
    }
    if (cron.nextRun(new Date(0)) === null) {
      throw invalid(`"${t.cron}" never fires.`, 'trigger.cron');
    }
    return { cron: fields.join(' '), timezone: zone };
  }
  if (isEvery(t)) {
    const s = t.everySeconds;
    if (!Number.isInteger(s) || s < LIMITS.everySecondsMin) {
      throw invalid('"everySeconds" must be a whole number of seconds, at least 1.', 'trigger.everySeconds');
    }
    return { everySeconds: s };
  }
  if (!ISO_WITH_OFFSET.test(t.at) || Number.isNaN(Date.parse(t.at))) {
    throw invalid(
      `"${t.at}" is not an ISO-8601 time with an offset (for example "2026-12-01T09:00:00+01:00").`,
      'trigger.at',
    );
  }
  return { at: t.at };
}

/**
 * The first fire time strictly after `after`, or null when there is none.
 * `anchor` is where an everySeconds grid starts (the schedule's creation time).
 */
export function nextFireAfter(t: Trigger, after: Date, anchor: Date): Date | null {
  if (isCron(t)) return cronOfTrigger(t).nextRun(after);
  if (isEvery(t)) {
    const period = t.everySeconds * 1000;
    const base = anchor.getTime();
    if (after.getTime() < base) return new Date(base);
    const steps = Math.floor((after.getTime() - base) / period) + 1;
    return new Date(base + steps * period);
  }
  const at = new Date(Date.parse(t.at));
  return at.getTime() > after.getTime() ? at : null;
}

/** Up to `count` cron fire times at or before `atOrBefore`, newest first (a shortcut; callers verify it forwards). */
export function previousCronFires(t: CronTrigger, atOrBefore: Date, count: number): Date[] {
  return cronOfTrigger(t).previousRuns(count, new Date(atOrBefore.getTime() + 1));
}

/** Up to `count` fire times strictly after `after`. */
export function nextFireTimes(t: Trigger, after: Date, anchor: Date, count: number): Date[] {
  const times: Date[] = [];
  let cursor = after;
  while (times.length < count) {
    const next = nextFireAfter(t, cursor, anchor);
    if (!next) break;
    times.push(next);
    cursor = next;
  }
  return times;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function describeSeconds(total: number): string {
  if (total === 1) return 'Every second';
  const parts: string[] = [];
  const units: Array<[number, string]> = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  let rest = total;
  for (const [size, unit] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(plural(n, unit));
    rest -= n * size;
  }
  if (parts.length === 1 && parts[0].startsWith('1 ')) return `Every ${parts[0].slice(2)}`;
  return `Every ${parts.join(' ')}`;
}

/** A plain-English sentence for people; assumes a validated trigger. */
export function describeTrigger(t: Trigger): string {
  if (isCron(t)) {
    const text = cronstrue.toString(t.cron, { use24HourTimeFormat: true, verbose: false });
    return `${text} (${t.timezone ?? 'UTC'})`;
  }
  if (isEvery(t)) return describeSeconds(t.everySeconds);
  return `Once, at ${new Date(Date.parse(t.at)).toISOString()}`;
}
