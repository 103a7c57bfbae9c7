import type { Schedule } from '../../src/apiTypes';
import { schedulesToPreview, timelineMarks } from '../../src/timelineMarks';

const base = { trigger: { cron: '0 * * * *' }, enabled: true, lastRun: null } as unknown as Schedule;
const now = Date.parse('2026-11-23T12:00:00Z');
const DAY = 24 * 3600 * 1000;

describe('the upcoming-runs timeline', () => {
  it('places each previewed fire time inside the range, skipping paused schedules and times outside', () => {
    const hourly = { ...base, id: 'a', name: 'Hourly', nextRunAt: '2026-11-23T13:00:00Z' };
    const paused = { ...base, id: 'b', name: 'Paused', enabled: false, nextRunAt: '2026-11-23T13:00:00Z' };
    const later = { ...base, id: 'c', name: 'Later', nextRunAt: '2026-11-30T00:00:00Z' };
    const fires = (s: Schedule) => (s.id === 'a' ? ['2026-11-23T13:00:00Z', '2026-11-24T00:00:00Z', '2026-11-24T13:00:00Z'] : undefined);
    const marks = timelineMarks([hourly, paused, later], fires, now, DAY);
    expect(marks.map(m => [m.name, Math.round(m.left)])).toEqual([
      ['Hourly', 4],
      ['Hourly', 50]
    ]);
    expect(timelineMarks([hourly, later], () => undefined, now, 7 * DAY).map(m => m.name)).toEqual(['Hourly', 'Later']);
  });

  it('previews only enabled schedules due inside the range, soonest first, at most max', () => {
    const list = ['2026-11-23T15:00:00Z', '2026-11-23T13:00:00Z', '2026-11-25T13:00:00Z'].map((t, i) => ({
      ...base,
      id: String(i),
      name: String(i),
      nextRunAt: t
    }));
    expect(schedulesToPreview(list, now, DAY, 1).map(s => s.id)).toEqual(['1']);
    expect(schedulesToPreview(list, now, DAY, 10).map(s => s.id)).toEqual(['1', '0']);
  });
});
