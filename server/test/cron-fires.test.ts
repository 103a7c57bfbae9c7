// The fast enumeration must give exactly croner's own fire times, step by step, in every zone
// and across offset changes (DST gaps and overlaps, a 30-minute shift, a zone without DST).
import { Cron } from 'croner';
import { cronFiresBetween, offsetMinutes } from '../src/core/cron-fires.js';

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago'];
const PATTERNS = ['30 2 * * *', '0 */3 * * *', '*/7 * * * *', '15 1 * * 0', '0 9 * * 1-5', '0 0 L * *', '*/20 * 1-3 * * *', '0 30 1 * * *'];
// Windows around 2026's offset changes in both hemispheres, and one long quiet stretch.
const WINDOWS: Array<[string, string]> = [
  ['2026-03-01T00:00:00Z', '2026-04-20T00:00:00Z'],
  ['2026-09-20T00:00:00Z', '2026-11-10T00:00:00Z'],
  ['2026-06-01T00:00:00Z', '2026-06-25T00:00:00Z'],
];

function stepByStep(pattern: string, zone: string, after: Date, until: Date, max: number): Date[] {
  const cron = new Cron(pattern, { timezone: zone, paused: true });
  const out: Date[] = [];
  let t = cron.nextRun(after);
  while (t && t.getTime() <= until.getTime() && out.length < max) {
    out.push(t);
    t = cron.nextRun(t);
  }
  return out;
}

describe('cronFiresBetween', () => {
  for (const zone of ZONES) {
    it(`matches croner step by step in ${zone}`, () => {
      let compared = 0;
      for (const pattern of PATTERNS) {
        for (const [from, to] of WINDOWS) {
          const after = new Date(from);
          const until = new Date(to);
          const expected = stepByStep(pattern, zone, after, until, 3000);
          expect(cronFiresBetween(pattern, zone, after, until, 3000).map((d) => d.toISOString())).toEqual(expected.map((d) => d.toISOString()));
          compared += expected.length;
        }
      }
      expect(compared).toBeGreaterThan(1000);
    });
  }

  it('stops at max and starts strictly after `after`', () => {
    const after = new Date('2026-03-29T00:00:00Z');
    const fires = cronFiresBetween('0 * * * *', 'Europe/Berlin', after, new Date('2026-03-30T00:00:00Z'), 5);
    expect(fires.map((d) => d.toISOString())).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z', '2026-03-29T03:00:00.000Z', '2026-03-29T04:00:00.000Z', '2026-03-29T05:00:00.000Z']);
  });

  it('reads zone offsets in minutes, half hours included', () => {
    expect(offsetMinutes('Europe/Berlin', Date.parse('2026-07-01T00:00:00Z'))).toBe(120);
    expect(offsetMinutes('America/New_York', Date.parse('2026-01-01T00:00:00Z'))).toBe(-300);
    expect(offsetMinutes('Australia/Lord_Howe', Date.parse('2026-01-01T00:00:00Z'))).toBe(660);
    expect(offsetMinutes('Australia/Lord_Howe', Date.parse('2026-07-01T00:00:00Z'))).toBe(630);
    expect(offsetMinutes('UTC', Date.parse('2026-07-01T00:00:00Z'))).toBe(0);
  });
});
