import { describe, expect, it } from '@jest/globals';
import { planFires, retryDelayMs } from '../src/core/fire-plan.js';

const anchor = new Date('2026-06-01T00:00:00.000Z');
const hourly = { everySeconds: 3600 };
const at = (h: number, m = 0) => new Date(Date.UTC(2026, 5, 1, h, m));

describe('planning fires', () => {
  it('fires the due time on time and moves to the next one', () => {
    const plan = planFires({ trigger: hourly, catchUp: 'latest', nextRunAt: at(1), anchor }, at(1, 0));
    expect(plan.fires).toEqual([{ scheduledFor: at(1), trigger: 'schedule', status: 'queued', error: null }]);
    expect(plan.nextRunAt).toEqual(at(2));
    expect(plan.lastNominalAt).toEqual(at(1));
  });

  it('after downtime, catchUp "latest" runs one catch-up run for the newest missed time', () => {
    const plan = planFires({ trigger: hourly, catchUp: 'latest', nextRunAt: at(1), anchor }, at(4, 30));
    expect(plan.fires).toEqual([{ scheduledFor: at(4), trigger: 'catch-up', status: 'queued', error: null }]);
    expect(plan.nextRunAt).toEqual(at(5));
  });

  it('after downtime, catchUp "none" records one skipped run for the gap', () => {
    const plan = planFires({ trigger: hourly, catchUp: 'none', nextRunAt: at(1), anchor }, at(4, 30));
    expect(plan.fires).toHaveLength(1);
    expect(plan.fires[0]).toMatchObject({ scheduledFor: at(4), status: 'skipped' });
    expect(plan.fires[0].error).toMatch(/4 missed fire times/);
  });

  it('after downtime, catchUp "all" runs every missed time, at most 100', () => {
    const few = planFires({ trigger: hourly, catchUp: 'all', nextRunAt: at(1), anchor }, at(4, 30));
    expect(few.fires.map((f) => f.scheduledFor)).toEqual([at(1), at(2), at(3), at(4)]);
    const many = planFires({ trigger: { everySeconds: 60 }, catchUp: 'all', nextRunAt: at(0, 1), anchor }, at(10));
    const catchUps = many.fires.filter((f) => f.trigger === 'catch-up');
    expect(catchUps).toHaveLength(100);
    // 09:59 and 10:00 are at most 60 s late at 10:00: on time, so the missed ones end at 09:58.
    expect(catchUps[99].scheduledFor).toEqual(at(9, 58));
    expect(many.fires.slice(100)).toMatchObject([
      { scheduledFor: at(9, 59), trigger: 'schedule' },
      { scheduledFor: at(10), trigger: 'schedule' },
    ]);
  });

  it('late but within a minute is not missed: a wake 2.5 s late fires each of an every-second schedule\'s ticks', () => {
    const t = new Date('2026-06-01T10:00:00.000Z');
    for (const catchUp of ['latest', 'none', 'all'] as const) {
      const plan = planFires({ trigger: { everySeconds: 1 }, catchUp, nextRunAt: t, anchor }, new Date(t.getTime() + 2500));
      expect(plan.fires.map((f) => [f.scheduledFor.getTime() - t.getTime(), f.trigger, f.status])).toEqual([
        [0, 'schedule', 'queued'],
        [1000, 'schedule', 'queued'],
        [2000, 'schedule', 'queued'],
      ]);
      expect(plan.nextRunAt).toEqual(new Date(t.getTime() + 3000));
    }
  });

  it('an at trigger has no next run after it fired', () => {
    const plan = planFires({ trigger: { at: '2026-06-01T01:00:00Z' }, catchUp: 'latest', nextRunAt: at(1), anchor }, at(1));
    expect(plan.fires).toHaveLength(1);
    expect(plan.nextRunAt).toBeNull();
  });
});

it('retries wait delaySeconds times backoff to the power of earlier retries, up to max', () => {
  const policy = { max: 3, delaySeconds: 10, backoff: 2 };
  const noJitter = () => 0.5;
  expect([2, 3, 4, 5].map((a) => retryDelayMs(policy, a, noJitter))).toEqual([10000, 20000, 40000, null]);
});

it('retry delays are spread by at most 20% either way and never exceed one hour', () => {
  const policy = { max: 10, delaySeconds: 600, backoff: 3 };
  expect(retryDelayMs({ max: 1, delaySeconds: 10, backoff: 2 }, 2, () => 0)).toBe(8000);
  expect(retryDelayMs({ max: 1, delaySeconds: 10, backoff: 2 }, 2, () => 0.999999)).toBe(12000);
  for (const r of [0, 0.5, 0.999999]) expect(retryDelayMs(policy, 6, () => r)).toBeLessThanOrEqual(3600_000);
  expect(retryDelayMs(policy, 6, () => 0.5)).toBe(3600_000);
});
