// What a schedule does when the scheduler wakes: which fire times are due, which of them
// were missed (the sidecar was down or the machine asleep), and what `catchUp` makes of them.
import { LIMITS } from './defaults.js';
import { nextFireAfter, type Trigger } from './trigger.js';

export type CatchUp = 'none' | 'latest' | 'all';
export type Overlap = 'skip' | 'queue' | 'replace';

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

/** Plans the fires for a schedule whose `nextRunAt` is at or before `now`. */
export function planFires(s: FireInput, now: Date): FirePlan {
  // Walk the due times; keep at most the newest catchUpAllCap + 1 of them so a schedule
  // that fires every second and slept for a week costs no more than a short one.
  const keep = LIMITS.catchUpAllCap + 1;
  const due: Date[] = [];
  let missedBeyondCap = 0;
  let t: Date | null = s.nextRunAt;
  while (t && t.getTime() <= now.getTime()) {
    due.push(t);
    if (due.length > keep) {
      due.shift();
      missedBeyondCap += 1;
    }
    t = nextFireAfter(s.trigger, t, s.anchor);
  }
  const nextRunAt = t;
  if (due.length === 0) return { fires: [], nextRunAt, lastNominalAt: null };

  const last = due[due.length - 1];
  const onTime = now.getTime() - last.getTime() <= ON_TIME_GRACE_MS ? last : null;
  const missed = onTime ? due.slice(0, -1) : due;
  const missedCount = missed.length + missedBeyondCap;
  const fires: PlannedFire[] = [];

  if (missed.length > 0) {
    if (s.catchUp === 'none') {
      fires.push({
        scheduledFor: missed[missed.length - 1],
        trigger: 'catch-up',
        status: 'skipped',
        error: `Skipped ${missedCount} missed fire time${missedCount === 1 ? '' : 's'} because catchUp is "none".`,
      });
    } else if (s.catchUp === 'latest' && !onTime) {
      // The on-time run, when there is one, already is the latest: nothing more to do.
      fires.push({ scheduledFor: missed[missed.length - 1], trigger: 'catch-up', status: 'queued', error: null });
    } else if (s.catchUp === 'all') {
      for (const m of missed.slice(-LIMITS.catchUpAllCap)) {
        fires.push({ scheduledFor: m, trigger: 'catch-up', status: 'queued', error: null });
      }
    }
  }
  if (onTime) fires.push({ scheduledFor: onTime, trigger: 'schedule', status: 'queued', error: null });
  return { fires, nextRunAt, lastNominalAt: last };
}

/** What a new run does when the schedule already has a queued or running one. */
export function overlapDecision(overlap: Overlap, activeRuns: number): 'start' | 'skip' | 'queue' | 'replace' {
  if (activeRuns === 0) return 'start';
  return overlap;
}

export function overlapSkipSentence(): string {
  return 'Skipped because the previous run of this schedule was still active (overlap is "skip").';
}

export type RetryPolicy = { max: number; delaySeconds: number; backoff: number };

/** Delay before attempt `nextAttempt` (2 = first retry), or null when no retry is left. */
export function retryDelayMs(policy: RetryPolicy, nextAttempt: number): number | null {
  if (nextAttempt - 1 > policy.max) return null;
  const factor = Math.pow(Math.max(1, policy.backoff), nextAttempt - 2);
  return Math.round(policy.delaySeconds * factor * 1000);
}
