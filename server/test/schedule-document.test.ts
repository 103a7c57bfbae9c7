import { describe, expect, it } from '@jest/globals';
import { buildSchedule } from '../src/core/schedule.js';
import { exportDocument, planImport, stableJson } from '../src/core/schedule-document.js';

const now = new Date('2026-06-01T10:00:00.000Z');
const morning = buildSchedule({ name: 'Morning', notebook: 'a.ipynb', trigger: { cron: '0 8 * * *', timezone: 'Europe/Berlin' } }, 'sch_1', now);
const hourly = buildSchedule({ name: 'Hourly', notebook: 'b.ipynb', trigger: { everySeconds: 3600 }, tags: ['ops'] }, 'sch_2', now);

describe('schedules as code (pure)', () => {
  it('the document has no ids or history, sorts schedules by name and keys alphabetically', () => {
    const text = stableJson(exportDocument([morning, hourly]));
    expect(text).not.toMatch(/sch_|createdAt|nextRunAt|lastRun|"id"/);
    const doc = JSON.parse(text);
    expect(doc.schedules.map((s: { name: string }) => s.name)).toEqual(['Hourly', 'Morning']);
    expect(Object.keys(doc.schedules[0])).toEqual([...Object.keys(doc.schedules[0])].sort());
    expect(stableJson(exportDocument([hourly, morning]))).toBe(text);
  });

  it('plans create for a new name, unchanged for an equal one, update naming the changed fields', () => {
    const plan = planImport([morning, hourly], [
      { name: 'Morning', notebook: 'a.ipynb', trigger: { cron: '0 8 * * *', timezone: 'Europe/Berlin' } },
      { name: 'Hourly', notebook: 'b.ipynb', trigger: { everySeconds: 1800 }, tags: ['ops'], enabled: false },
      { name: 'New', notebook: 'c.ipynb', trigger: { everySeconds: 60 } },
    ]);
    expect(plan.items.map((i) => [i.name, i.action, i.changes])).toEqual([
      ['Morning', 'unchanged', []],
      ['Hourly', 'update', ['enabled', 'trigger']],
      ['New', 'create', []],
    ]);
    expect(plan.counts).toEqual({ create: 1, update: 1, unchanged: 1 });
    expect(plan.items[1].id).toBe('sch_2');
  });

  it('an exported document re-imported over the same schedules changes nothing', () => {
    const doc = JSON.parse(stableJson(exportDocument([morning, hourly])));
    expect(planImport([morning, hourly], doc.schedules).counts).toEqual({ create: 0, update: 0, unchanged: 2 });
  });

  it('a bad entry is named by its index and field, and a repeated name is refused', () => {
    expect(() => planImport([], [{ name: 'x', notebook: 'a.ipynb', trigger: { cron: 'nope' } }])).toThrow(
      expect.objectContaining({ field: 'schedules[0].trigger.cron' }) as unknown as Error,
    );
    const twice = { name: 'x', notebook: 'a.ipynb', trigger: { everySeconds: 60 } };
    expect(() => planImport([], [twice, twice])).toThrow(expect.objectContaining({ field: 'schedules[1].name' }) as unknown as Error);
  });
});
