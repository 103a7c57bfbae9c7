import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../src/core/errors.js';
import { describeTrigger, nextFireTimes, validateTrigger, type Trigger } from '../src/core/trigger.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const now = new Date('2026-03-27T12:00:00.000Z'); // a Friday

function fieldOf(trigger: Trigger): string | null {
  try {
    validateTrigger(trigger);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
}

describe('cron triggers', () => {
  it('fire on weekday hours in the trigger zone, skipping the weekend', () => {
    const t = validateTrigger({ cron: '0 8-23 * * 1-5', timezone: 'Europe/Berlin' });
    const times = iso(nextFireTimes(t, new Date('2026-03-27T21:30:00Z'), now, 3));
    // 22:30 UTC is 23:30 CET on Friday; next is Monday 08:00 CEST (after the spring-forward).
    expect(times).toEqual(['2026-03-27T22:00:00.000Z', '2026-03-30T06:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });

  it('accept 6 fields with seconds first', () => {
    const t = validateTrigger({ cron: '*/15 * * * * *', timezone: 'UTC' });
    expect(iso(nextFireTimes(t, now, now, 3))).toEqual([
      '2026-03-27T12:00:15.000Z',
      '2026-03-27T12:00:30.000Z',
      '2026-03-27T12:00:45.000Z',
    ]);
  });

  it('follow New York daylight saving time', () => {
    const t = validateTrigger({ cron: '0 9 * * *', timezone: 'America/New_York' });
    const times = iso(nextFireTimes(t, new Date('2026-03-07T00:00:00Z'), now, 2));
    // EST (UTC-5) on Saturday 7 March, EDT (UTC-4) from Sunday 8 March.
    expect(times).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z']);
  });

  it('default to UTC', () => {
    const t = validateTrigger({ cron: '30 6 * * *' });
    expect(t).toEqual({ cron: '30 6 * * *', timezone: 'UTC' });
    expect(iso(nextFireTimes(t, now, now, 1))).toEqual(['2026-03-28T06:30:00.000Z']);
  });

  it('run a 02:30 Berlin job at 03:00 on the spring-forward day and once on the fall-back day', () => {
    const t = validateTrigger({ cron: '30 2 * * *', timezone: 'Europe/Berlin' });
    expect(iso(nextFireTimes(t, new Date('2026-03-28T12:00:00Z'), now, 2))).toEqual([
      '2026-03-29T01:00:00.000Z', // 03:00 CEST: 02:30 does not exist that day
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(iso(nextFireTimes(t, new Date('2026-10-24T12:00:00Z'), now, 2))).toEqual([
      '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST); the repeated hour does not fire again
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('name trigger.cron for an out-of-range field, a wrong field count and a never-firing date', () => {
    expect(fieldOf({ cron: '61 * * * *' })).toBe('trigger.cron');
    expect(fieldOf({ cron: '* * *' })).toBe('trigger.cron');
    expect(fieldOf({ cron: '0 0 31 2 *' })).toBe('trigger.cron');
    expect(fieldOf({ cron: '0 0 * * * * 2030' })).toBe('trigger.cron');
  });

  it('name trigger.timezone for an unknown zone', () => {
    expect(fieldOf({ cron: '0 * * * *', timezone: 'Mars/Olympus' })).toBe('trigger.timezone');
  });

  it('are described in plain English with their zone', () => {
    expect(describeTrigger({ cron: '0 8-23 * * 1-5', timezone: 'Europe/Berlin' })).toBe(
      'Every hour, between 08:00 and 23:00, Monday through Friday (Europe/Berlin)',
    );
  });
});

describe('everySeconds triggers', () => {
  it('fire on a grid anchored at the schedule creation', () => {
    const anchor = new Date('2026-03-27T11:59:00.000Z');
    const t = validateTrigger({ everySeconds: 90 });
    expect(iso(nextFireTimes(t, now, anchor, 3))).toEqual([
      '2026-03-27T12:00:30.000Z',
      '2026-03-27T12:02:00.000Z',
      '2026-03-27T12:03:30.000Z',
    ]);
  });

  it('reject zero and fractions naming trigger.everySeconds', () => {
    expect(fieldOf({ everySeconds: 0 })).toBe('trigger.everySeconds');
    expect(fieldOf({ everySeconds: 1.5 })).toBe('trigger.everySeconds');
  });

  it('are described in words', () => {
    expect(describeTrigger({ everySeconds: 3600 })).toBe('Every hour');
    expect(describeTrigger({ everySeconds: 90 })).toBe('Every 1 minute 30 seconds');
    expect(describeTrigger({ everySeconds: 300 })).toBe('Every 5 minutes');
  });
});

describe('at triggers', () => {
  it('fire once and then never again', () => {
    const t = validateTrigger({ at: '2026-12-01T09:00:00+01:00' });
    expect(iso(nextFireTimes(t, now, now, 5))).toEqual(['2026-12-01T08:00:00.000Z']);
  });

  it('need an offset, naming trigger.at', () => {
    expect(fieldOf({ at: '2026-12-01T09:00:00' })).toBe('trigger.at');
    expect(fieldOf({ at: 'tomorrow' })).toBe('trigger.at');
  });
});

it('a trigger with two kinds at once is refused as a whole', () => {
  expect(fieldOf({ cron: '* * * * *', everySeconds: 5 } as unknown as Trigger)).toBe('trigger');
});
