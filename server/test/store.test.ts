import { afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { buildSchedule } from '../src/core/schedule.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { loadMigrations } from '../src/store/migrations.js';
import type { NewRun } from '../src/core/model.js';
import { tempDirs } from './fixture-app.js';

const dirs = tempDirs();
afterEach(() => undefined);

function path(name: string) {
  return join(dirs.data, name);
}

describe('the SQLite store', () => {
  it('refuses a database newer than the code, naming both versions', () => {
    const file = path('newer.sqlite3');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteStore(file)).toThrow(new RegExp(`schema version 99.*versions up to ${loadMigrations().length}`, 's'));
  });

  it('migrates a new database and opens it again without re-running migrations', async () => {
    const file = path('fresh.sqlite3');
    await new SqliteStore(file).close();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await new SqliteStore(file).close();
  });

  it('records at most one run per schedule and fire time, even from two connections', async () => {
    const file = path('twice.sqlite3');
    const a = new SqliteStore(file);
    const b = new SqliteStore(file);
    const now = new Date('2026-06-01T10:00:00Z');
    const s = buildSchedule({ name: 'x', notebook: 'x.ipynb', trigger: { everySeconds: 60 } }, 'sch_1', now);
    await a.createSchedule(s);
    const run = (id: string): NewRun => ({
      id,
      scheduleId: s.id,
      notebook: s.notebook,
      trigger: 'schedule',
      scheduledFor: s.nextRunAt,
      queuedAt: now,
      status: 'queued',
      attempt: 1,
      error: null,
      parameters: {},
      kernel: null,
      outputFormats: ['ipynb'],
      timeoutSeconds: null,
      notBefore: null,
    });
    const next = new Date(s.nextRunAt!.getTime() + 60_000);
    const record = (r: NewRun) => ({ scheduleId: s.id, expectedNextRunAt: s.nextRunAt!, runs: [r], nextRunAt: next, lastNominalAt: s.nextRunAt, replace: [] });
    const [first] = await a.recordFires([record(run('run_a'))]);
    const [second] = await b.recordFires([record(run('run_b'))]);
    expect(first.map((r) => r.id)).toEqual(['run_a']);
    expect(second).toEqual([]);
    // In a batch, a record another sidecar got to first is left out; the others are written.
    const s2 = buildSchedule({ name: 'y', notebook: 'y.ipynb', trigger: { everySeconds: 60 } }, 'sch_2', now);
    await a.createSchedule(s2);
    const other = { ...record({ ...run('run_d'), scheduleId: s2.id }), scheduleId: s2.id, expectedNextRunAt: s2.nextRunAt! };
    const batch = await b.recordFires([record(run('run_e')), other]);
    expect(batch.map((runs) => runs.map((r) => r.id))).toEqual([[], ['run_d']]);
    expect((await a.getSchedule(s2.id))!.nextRunAt).toEqual(next);
    // Even a writer that skips the next_run_at guard cannot insert a duplicate fire.
    await b.createRun(run('run_c')).catch(() => undefined);
    const runs = await a.listRuns({ scheduleId: s.id, limit: 10 });
    expect(runs.items.map((r) => r.id)).toEqual(['run_a']);
    expect((await a.getSchedule(s.id))!.lastRun?.id).toBe('run_a');
    await a.close();
    await b.close();
  });
});
