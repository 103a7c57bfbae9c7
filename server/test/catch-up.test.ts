// Missed fire times follow catchUp, computed from the stored next fire time (the last nominal
// fire's successor), never from "now"; whatever the gap, planning costs about the same.
import { describe, expect, it } from '@jest/globals';
import { planFires, type CatchUp } from '../src/core/fire-plan.js';
import { nextFireAfter, type Trigger } from '../src/core/trigger.js';

const anchor = new Date('2026-06-01T00:00:00.000Z');
// Five minutes apart, so a tick 90 s old is missed (past the 60 s on-time grace) and the next is not yet due.
const minutely: Trigger = { everySeconds: 300 };
const cronMinutely: Trigger = { cron: '*/5 * * * *', timezone: 'Europe/Berlin' };
const P = 300_000;
const first = new Date('2026-06-01T00:05:00.000Z');

/** `now` after `missed` fire times went by unfired, 30 s past the last of them (so none is on time... unless asked). */
function after(trigger: Trigger, missed: number, extraMs = 90_000): Date {
  let t = first;
  for (let i = 1; i < missed; i++) t = nextFireAfter(trigger, t, anchor)!;
  return new Date(t.getTime() + extraMs);
}

function plan(trigger: Trigger, catchUp: CatchUp, missed: number, extraMs?: number) {
  return planFires({ trigger, catchUp, nextRunAt: first, anchor }, after(trigger, Math.min(missed, 200), extraMs));
}

describe.each([
  ['everySeconds', minutely],
  ['cron', cronMinutely],
] as const)('catch-up for an %s trigger', (_kind, trigger) => {
  it.each([1, 5, 101])('after %i missed ticks, "latest" queues exactly one catch-up run for the newest', (missed) => {
    const p = plan(trigger, 'latest', missed);
    expect(p.fires).toEqual([{ scheduledFor: new Date(first.getTime() + (missed - 1) * P), trigger: 'catch-up', status: 'queued', error: null }]);
    expect(p.nextRunAt).toEqual(new Date(first.getTime() + missed * P));
    expect(p.lastNominalAt).toEqual(new Date(first.getTime() + (missed - 1) * P));
  });

  it.each([1, 5, 101])('after %i missed ticks, "none" records the gap as one skipped run', (missed) => {
    const p = plan(trigger, 'none', missed);
    expect(p.fires).toHaveLength(1);
    expect(p.fires[0]).toMatchObject({ status: 'skipped', trigger: 'catch-up', scheduledFor: new Date(first.getTime() + (missed - 1) * P) });
    expect(p.nextRunAt).toEqual(new Date(first.getTime() + missed * P));
  });

  it.each([1, 5])('after %i missed ticks, "all" queues every one of them, oldest first', (missed) => {
    const p = plan(trigger, 'all', missed);
    expect(p.fires.map((f) => f.scheduledFor.getTime() - first.getTime())).toEqual(Array.from({ length: missed }, (_, i) => i * P));
    expect(p.fires.every((f) => f.trigger === 'catch-up' && f.status === 'queued')).toBe(true);
  });

  it('after 101 missed ticks, "all" queues the newest 100 (the cap), then goes on from the latest', () => {
    const p = plan(trigger, 'all', 101);
    expect(p.fires).toHaveLength(100);
    expect(p.fires[0].scheduledFor).toEqual(new Date(first.getTime() + P));
    expect(p.fires[99].scheduledFor).toEqual(new Date(first.getTime() + 100 * P));
    expect(p.nextRunAt).toEqual(new Date(first.getTime() + 101 * P));
  });

  it('a missed tick plus an on-time one: "latest" runs only the on-time one, "all" runs both', () => {
    const now = new Date(first.getTime() + P + 5_000);
    const latest = planFires({ trigger, catchUp: 'latest', nextRunAt: first, anchor }, now);
    expect(latest.fires).toEqual([{ scheduledFor: new Date(first.getTime() + P), trigger: 'schedule', status: 'queued', error: null }]);
    const all = planFires({ trigger, catchUp: 'all', nextRunAt: first, anchor }, now);
    expect(all.fires.map((f) => f.trigger)).toEqual(['catch-up', 'schedule']);
  });
});

describe('catch-up after 10,000 missed ticks', () => {
  const tenThousand = new Date(first.getTime() + 9_999 * P + 90_000);

  it.each([
    ['everySeconds', minutely],
    ['cron', cronMinutely],
  ] as const)('for %s: "latest" one run, "none" one skipped run naming the gap, "all" the newest 100', (_kind, trigger) => {
    const latest = planFires({ trigger, catchUp: 'latest', nextRunAt: first, anchor }, tenThousand);
    expect(latest.fires).toHaveLength(1);
    expect(latest.fires[0].scheduledFor).toEqual(new Date(first.getTime() + 9_999 * P));
    expect(latest.nextRunAt).toEqual(new Date(first.getTime() + 10_000 * P));
    const none = planFires({ trigger, catchUp: 'none', nextRunAt: first, anchor }, tenThousand);
    expect(none.fires).toHaveLength(1);
    expect(none.fires[0].error).toMatch(/Skipped (10000|many) missed fire times \(from 2026-06-01T00:05:00.000Z\)/);
    const all = planFires({ trigger, catchUp: 'all', nextRunAt: first, anchor }, tenThousand);
    expect(all.fires).toHaveLength(100);
    expect(all.fires[99].scheduledFor).toEqual(new Date(first.getTime() + 9_999 * P));
    expect(all.fires[0].scheduledFor).toEqual(new Date(first.getTime() + 9_900 * P));
  });

  it('an everySeconds gap is counted exactly in the skipped run', () => {
    const none = planFires({ trigger: minutely, catchUp: 'none', nextRunAt: first, anchor }, tenThousand);
    expect(none.fires[0].error).toMatch(/Skipped 10000 missed fire times/);
  });

  it('planning does not walk the gap: 1,000 schedules plan in well under a second', () => {
    const started = performance.now();
    for (let i = 0; i < 500; i++) {
      planFires({ trigger: minutely, catchUp: 'latest', nextRunAt: first, anchor }, tenThousand);
      planFires({ trigger: cronMinutely, catchUp: 'latest', nextRunAt: first, anchor }, tenThousand);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('missed times come from the stored next fire time, not from now', () => {
    // A daily job last due on June 1 that wakes on June 4 at 12:00 catches up June 4's 08:00, not "now".
    const daily: Trigger = { cron: '0 8 * * *', timezone: 'UTC' };
    const p = planFires({ trigger: daily, catchUp: 'all', nextRunAt: new Date('2026-06-01T08:00:00Z'), anchor }, new Date('2026-06-04T12:00:00Z'));
    expect(p.fires.map((f) => f.scheduledFor.toISOString())).toEqual([
      '2026-06-01T08:00:00.000Z',
      '2026-06-02T08:00:00.000Z',
      '2026-06-03T08:00:00.000Z',
      '2026-06-04T08:00:00.000Z',
    ]);
    expect(p.nextRunAt!.toISOString()).toBe('2026-06-05T08:00:00.000Z');
  });
});
