import type { Schedule } from '../../src/apiTypes';
import { chipCounts, filterSchedules } from '../../src/scheduleFilter';

function schedule(over: Partial<Schedule>): Schedule {
  return {
    id: over.name ?? 'x',
    name: 'x',
    notebook: 'nb.ipynb',
    trigger: { cron: '0 7 * * *', timezone: 'UTC' },
    triggerDescription: '',
    enabled: true,
    parameters: {},
    kernel: null,
    outputFormats: ['ipynb'],
    timeoutSeconds: null,
    retries: { max: 0, delaySeconds: 60, backoff: 2 },
    overlap: 'skip',
    catchUp: 'latest',
    keepRuns: 100,
    tags: [],
    description: '',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    nextRunAt: null,
    lastRun: null,
    ...over
  };
}

const run = (status: NonNullable<Schedule['lastRun']>['status'], finishedAt: string | null = null) => ({
  id: 'r',
  status,
  finishedAt,
  durationMs: null,
  error: null
});

const list = [
  schedule({ name: 'Daily sales', notebook: 'reports/sales/daily.ipynb', tags: ['sales', 'morning'], nextRunAt: '2026-11-24T07:00:00Z', lastRun: run('succeeded', '2026-11-23T07:00:00Z') }),
  schedule({ name: 'Warehouse', notebook: 'ops/reconcile.ipynb', nextRunAt: '2026-11-23T21:00:00Z', lastRun: run('running') }),
  schedule({ name: 'Model retrain', notebook: 'ml/retrain.ipynb', tags: ['ml'], nextRunAt: '2026-11-28T09:00:00Z', lastRun: run('timed_out', '2026-11-23T10:00:00Z') }),
  schedule({ name: 'Weekly cleanup', notebook: 'ops/cleanup.ipynb', enabled: false, nextRunAt: '2026-11-20T02:00:00Z' })
];
const names = (items: Schedule[]) => items.map(s => s.name);

describe('filtering and sorting the schedules', () => {
  it('matches every word against name, notebook and tags, and tag:x exactly', () => {
    expect(names(filterSchedules(list, { text: 'ops', chip: 'all', sort: 'name' }, new Set()))).toEqual(['Warehouse', 'Weekly cleanup']);
    expect(names(filterSchedules(list, { text: 'tag:sales', chip: 'all', sort: 'name' }, new Set()))).toEqual(['Daily sales']);
    expect(names(filterSchedules(list, { text: 'tag:sal', chip: 'all', sort: 'name' }, new Set()))).toEqual([]);
    expect(names(filterSchedules(list, { text: 'REPORTS daily', chip: 'all', sort: 'name' }, new Set()))).toEqual(['Daily sales']);
  });

  it('puts running, failing (failed, timed out, interrupted) and paused schedules under their chips', () => {
    expect(chipCounts(list, '', new Set(['Daily sales']))).toEqual({ all: 4, running: 2, failing: 1, paused: 1 });
    expect(names(filterSchedules(list, { text: '', chip: 'failing', sort: 'name' }, new Set()))).toEqual(['Model retrain']);
  });

  it('sorts by next run (paused last) or by the most recent last run', () => {
    expect(names(filterSchedules(list, { text: '', chip: 'all', sort: 'next' }, new Set()))).toEqual([
      'Warehouse',
      'Daily sales',
      'Model retrain',
      'Weekly cleanup'
    ]);
    expect(names(filterSchedules(list, { text: '', chip: 'all', sort: 'last' }, new Set()))).toEqual([
      'Warehouse',
      'Model retrain',
      'Daily sales',
      'Weekly cleanup'
    ]);
  });
});
