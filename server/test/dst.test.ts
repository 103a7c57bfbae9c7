// The DST rules in docs/guarantees.md, for four zones, under several host time zones (the
// host's TZ must never matter: triggers evaluate in their own IANA zone).
import { afterAll, describe, expect, it } from '@jest/globals';
import { nextFireTimes, type Trigger } from '../src/core/trigger.js';

const HOST_ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'];
const originalTz = process.env.TZ;
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

const anchor = new Date('2026-01-01T00:00:00Z');
function fires(cron: string, timezone: string, from: string, count: number): string[] {
  return nextFireTimes({ cron, timezone } as Trigger, new Date(from), anchor, count).map((d) => d.toISOString());
}

type Case = [what: string, cron: string, zone: string, from: string, expected: string[]];
const CASES: Case[] = [
  // Spring forward: a fixed time inside the gap fires once, at the first instant after the gap.
  ['Berlin 02:30 on spring-forward day runs at 03:00 CEST', '30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z',
    ['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']],
  ['New York 02:30 on spring-forward day runs at 03:00 EDT', '30 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z',
    ['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']],
  ['Lord Howe 02:15 in its 30-minute gap runs at 02:30 (+11)', '15 2 * * *', 'Australia/Lord_Howe', '2026-10-03T00:00:00Z',
    ['2026-10-03T15:30:00.000Z', '2026-10-04T15:15:00.000Z']],
  // Fall back: a fixed time inside the repeated hour fires once, on its first occurrence.
  ['Berlin 02:30 on fall-back day runs once, at 02:30 CEST', '30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z',
    ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']],
  ['New York 01:30 on fall-back day runs once, at 01:30 EDT', '30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z',
    ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']],
  ['Lord Howe 01:45 in its repeated half hour runs once, at 01:45 (+11)', '45 1 * * *', 'Australia/Lord_Howe', '2026-04-04T00:00:00Z',
    ['2026-04-04T14:45:00.000Z', '2026-04-05T15:15:00.000Z']],
  // Interval-like patterns keep firing by the wall clock: through the repeated hour they fire in both passes...
  ['Berlin every 30 minutes fires in both passes of 02:00-03:00', '0,30 * * * *', 'Europe/Berlin', '2026-10-24T23:50:00Z',
    ['2026-10-25T00:00:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-25T02:00:00.000Z']],
  ['Lord Howe every 15 minutes fires in both passes of 01:30-02:00', '*/15 * * * *', 'Australia/Lord_Howe', '2026-04-04T14:20:00Z',
    ['2026-04-04T14:30:00.000Z', '2026-04-04T14:45:00.000Z', '2026-04-04T15:00:00.000Z', '2026-04-04T15:15:00.000Z', '2026-04-04T15:30:00.000Z']],
  // ...and the wall-clock times that do not exist on a spring-forward day are simply not there.
  ['Berlin every 30 minutes has no 02:00 or 02:30 on spring-forward day', '0,30 * * * *', 'Europe/Berlin', '2026-03-29T00:10:00Z',
    ['2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z']],
  ['New York hourly has no 02:00 on spring-forward day', '0 * * * *', 'America/New_York', '2026-03-08T05:30:00Z',
    ['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-08T08:00:00.000Z']],
  // UTC has no DST: 02:30 every day.
  ['UTC 02:30 is 02:30 every day', '30 2 * * *', 'UTC', '2026-03-28T12:00:00Z',
    ['2026-03-29T02:30:00.000Z', '2026-03-30T02:30:00.000Z']],
];

describe.each(HOST_ZONES)('with the host in %s', (host) => {
  it.each(CASES)('%s', (_what, cron, zone, from, expected) => {
    process.env.TZ = host;
    expect(fires(cron, zone, from, expected.length)).toEqual(expected);
  });

  it('everySeconds ignores zones and DST: equal real intervals', () => {
    process.env.TZ = host;
    const t = nextFireTimes({ everySeconds: 1800 }, new Date('2026-10-25T00:10:00Z'), new Date('2026-10-25T00:00:00Z'), 4);
    expect(t.map((d) => d.toISOString())).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });
});
