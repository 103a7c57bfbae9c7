// What a schedule does when the scheduler wakes: which fire times are due, which of them
// were missed (the sidecar was down or the machine asleep), and what `catchUp` makes of them.
import { cronFiresBetween } from './cron-fires.js';
import { LIMITS } from './defaults.js';
import { isCron, isEvery, nextFireAfter, previousCronFires, type Trigger } from './trigger.js';

export type CatchUp = 'none' | 'latest' | 'all';
export type Overlap = 'skip' | 'queue' | 'replace';

const WALK_BATCH = 1000;

/** A fire time later than this past its nominal time counts as missed, not late. */
export const ON_TIME_GRACE_MS = 60_000;

export type PlannedFire = {
  scheduledFor: Date;
  trigger: 'schedule' | 'catch-up';
  /** `skipped` records a gap that catchUp "none" chose not to run. */
  status: 'queued' | 'skipped';
  error: string | null;
};

export type FirePlan = {
  fires: PlannedFire[];
  nextRunAt: Date | null;
  lastNominalAt: Date | null;
};

export type FireInput = {
  trigger: Trigger;
  catchUp: CatchUp;
  nextRunAt: Date;
  anchor: Date;
};

/** The newest due times (at most `keep`, oldest first) in [nextRunAt, now], and how many there are. */
type DueTail = { due: Date[]; count: number | null; next: Date | null };

function everyTail(periodMs: number, s: FireInput, now: Date, keep: number): DueTail {
  // An everySeconds grid is arithmetic: no walking, whatever the gap.
  const first = s.nextRunAt.getTime();
  const count = Math.floor((now.getTime() - first) / periodMs) + 1;
  const from = Math.max(0, count - keep);
  const due: Date[] = [];
  for (let k = from; k < count; k++) due.push(new Date(first + k * periodMs));
  return { due, count, next: new Date(first + count * periodMs) };
}

function walk(s: FireInput, from: Date, now: Date, keep: number): { due: Date[]; next: Date | null; walked: number } {
  if (from.getTime() > now.getTime()) return { due: [], next: from, walked: 0 };
  if (isCron(s.trigger)) {
    // Long stretches of a cron's fire times come in batches from the fast enumeration.
    const zone = s.trigger.timezone ?? 'UTC';
    let due = [from];
    let walked = 1;
    for (;;) {
      const batch = cronFiresBetween(s.trigger.cron, zone, due[due.length - 1], now, WALK_BATCH);
      walked += batch.length;
      due = [...due, ...batch].slice(-keep);
      if (batch.length < WALK_BATCH) break;
    }
    return { due, next: nextFireAfter(s.trigger, due[due.length - 1], s.anchor), walked };
  }
  const due: Date[] = [];
  let walked = 0;
  let t: Date | null = from;
  while (t && t.getTime() <= now.getTime()) {
    due.push(t);
    walked += 1;
    if (due.length > keep) due.shift();
    t = nextFireAfter(s.trigger, t, s.anchor);
  }
  return { due, next: t, walked };
}

function cronTail(s: FireInput, now: Date, keep: number): DueTail {
  if (keep === 1 && isCron(s.trigger)) {
    // The common case ("latest"): the newest due time from croner's backward search, checked
    // against the forward arithmetic that on-time fires use; on any disagreement, walk.
    const [last] = previousCronFires(s.trigger, now, 1);
    if (last && last.getTime() > s.nextRunAt.getTime()) {
      const next = nextFireAfter(s.trigger, last, s.anchor);
      const again = nextFireAfter(s.trigger, new Date(last.getTime() - 1), s.anchor);
      if (next && next.getTime() > now.getTime() && again?.getTime() === last.getTime()) return { due: [last], count: null, next };
    }
  }
  return cronWindowTail(s, now, keep);
}

function cronWindowTail(s: FireInput, now: Date, keep: number): DueTail {
  // Walking every missed time of a minutely cron after a week asleep costs seconds, so look
  // back only over a window that holds about `keep` fires, widened until it does or until it
  // reaches nextRunAt. Fire times inside the window come from the same forward arithmetic
  // (nextFireAfter) as on-time fires, so the two can never disagree.
  const second = nextFireAfter(s.trigger, s.nextRunAt, s.anchor);
  const third = second && nextFireAfter(s.trigger, second, s.anchor);
  if (!second || !third || second.getTime() > now.getTime()) {
    const w = walk(s, s.nextRunAt, now, keep);
    return { due: w.due, count: w.walked, next: w.next };
  }
  let windowMs = Math.max(1000, (third.getTime() - second.getTime()) * (keep + 1));
  for (;;) {
    const start = now.getTime() - windowMs;
    if (start <= s.nextRunAt.getTime()) {
      const w = walk(s, s.nextRunAt, now, keep);
      return { due: w.due, count: w.walked, next: w.next };
    }
    const first = nextFireAfter(s.trigger, new Date(start - 1), s.anchor);
    const w = first ? walk(s, first, now, keep) : { due: [], next: null, walked: 0 };
    if (w.walked >= keep) return { due: w.due, count: null, next: w.next };
    windowMs *= 4;
  }
}

/** Every due time from `from` (inclusive) to `now`, at most `cap` (a safety bound). */
function walkAll(s: FireInput, from: Date | null, now: Date, cap: number): { due: Date[]; next: Date | null } {
  const due: Date[] = [];
  let t = from;
  while (t && t.getTime() <= now.getTime() && due.length < cap) {
    due.push(t);
    t = nextFireAfter(s.trigger, t, s.anchor);
  }
  return { due, next: t };
}

/**
 * Plans the fires for a schedule whose `nextRunAt` is at or before `now`. Due times at most
 * ON_TIME_GRACE_MS old are late, not missed: each fires as usual (a busy second must not drop
 * a tick of a seconds-level schedule). Older ones were missed and follow `catchUp`, and so
 * are those before `watchedSince` (at most `now`): the moment since which a scheduler has
 * been awake, so a sidecar started (or a machine woken) 30 s after a tick counts it as missed.
 */
export function planFires(s: FireInput, now: Date, watchedSince?: Date): FirePlan {
  if (s.nextRunAt.getTime() > now.getTime()) return { fires: [], nextRunAt: s.nextRunAt, lastNominalAt: null };
  const graceStart = Math.max(now.getTime() - ON_TIME_GRACE_MS, watchedSince?.getTime() ?? -Infinity);

  // The missed part, [nextRunAt, graceStart): only its newest few are needed.
  let missed: Date[] = [];
  let missedCount: number | null = 0;
  let onTimeFrom: Date | null = s.nextRunAt;
  if (s.nextRunAt.getTime() < graceStart) {
    const keep = s.catchUp === 'all' ? LIMITS.catchUpAllCap : 1;
    const before = new Date(graceStart - 1);
    const tail = isEvery(s.trigger)
      ? everyTail(s.trigger.everySeconds * 1000, s, before, keep)
      : isCron(s.trigger)
        ? cronTail(s, before, keep)
        : (() => {
            const w = walk(s, s.nextRunAt, before, keep);
            return { due: w.due, count: w.walked, next: w.next };
          })();
    missed = tail.due;
    missedCount = tail.count;
    onTimeFrom = tail.next;
  }
  // The on-time part, [graceStart, now]: every one of them.
  const onTime = walkAll(s, onTimeFrom, now, Math.max(1000, LIMITS.catchUpAllCap));
  const nextRunAt = onTime.next;
  const all = [...missed, ...onTime.due];
  if (all.length === 0) return { fires: [], nextRunAt, lastNominalAt: null };

  const fires: PlannedFire[] = [];
  if (missed.length > 0) {
    if (s.catchUp === 'none') {
      const how =
        missedCount === null ? 'many missed fire times' : `${missedCount} missed fire time${missedCount === 1 ? '' : 's'}`;
      fires.push({
        scheduledFor: missed[missed.length - 1],
        trigger: 'catch-up',
        status: 'skipped',
        error: `Skipped ${how} (from ${s.nextRunAt.toISOString()}) because catchUp is "none".`,
      });
    } else if (s.catchUp === 'latest') {
      // An on-time run, when there is one, already is the latest: nothing more to do.
      if (onTime.due.length === 0) fires.push({ scheduledFor: missed[missed.length - 1], trigger: 'catch-up', status: 'queued', error: null });
    } else {
      for (const m of missed.slice(-LIMITS.catchUpAllCap)) fires.push({ scheduledFor: m, trigger: 'catch-up', status: 'queued', error: null });
    }
  }
  for (const t of onTime.due) fires.push({ scheduledFor: t, trigger: 'schedule', status: 'queued', error: null });
  return { fires, nextRunAt, lastNominalAt: all[all.length - 1] };
}

/**
 * What a new run does when the schedule already has queued or running ones (`waitingRuns` of
 * them queued): "queue" keeps at most one waiting, so a fire while one already waits is skipped.
 */
export function overlapDecision(overlap: Overlap, activeRuns: number, waitingRuns = 0): 'start' | 'skip' | 'queue' | 'replace' {
  if (activeRuns === 0) return 'start';
  if (overlap === 'queue' && waitingRuns > 0) return 'skip';
  return overlap;
}

export function overlapSkipSentence(overlap: Overlap = 'skip'): string {
  if (overlap === 'queue') return 'Skipped because a run of this schedule was already waiting (overlap is "queue": at most one waits).';
  return 'Skipped because the previous run of this schedule was still active (overlap is "skip").';
}

export type RetryPolicy = { max: number; delaySeconds: number; backoff: number };

/** No retry waits longer than this, whatever the backoff. */
export const RETRY_DELAY_CAP_MS = 3600_000;
/** Each delay is spread by up to this fraction either way, so retries of many runs do not stampede. */
export const RETRY_JITTER = 0.2;

/**
 * Delay before attempt `nextAttempt` (2 = first retry), or null when no retry is left:
 * delaySeconds × backoff^(retries so far), spread by ±20% (`random` in [0, 1), 0.5 = none),
 * capped at one hour.
 */
export function retryDelayMs(policy: RetryPolicy, nextAttempt: number, random: () => number = Math.random): number | null {
  if (nextAttempt - 1 > policy.max) return null;
  const factor = Math.pow(Math.max(1, policy.backoff), nextAttempt - 2);
  const base = Math.min(RETRY_DELAY_CAP_MS, policy.delaySeconds * factor * 1000);
  const spread = 1 + RETRY_JITTER * (2 * random() - 1);
  return Math.round(Math.min(RETRY_DELAY_CAP_MS, base * spread));
}
