// Guarantees proven with real sidecar processes, real notebooks and real kernels: a SIGKILLed
// sidecar's run becomes interrupted and is retried once with no kernel left behind; timeout
// and cancel end the whole tree; two sidecars on one SQLite file fire a seconds-level
// schedule for 30 s with no duplicate and no miss.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNotebook } from './fixture-notebooks.js';
import { ensureBuilt, processTree, SERVER_DIR, startSidecar, stillAlive, until, type SidecarProcess } from './sidecar-process.js';

const JUPYTER = process.env.NBSCHEDULE_JUPYTER || join(SERVER_DIR, '..', '.venv', 'bin', 'jupyter');
const base = mkdtempSync(join(tmpdir(), 'nbschedule-process-'));
const started: SidecarProcess[] = [];

beforeAll(() => ensureBuilt(), 120_000);
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  rmSync(base, { recursive: true, force: true });
});

async function sidecar(name: string, extra: Record<string, string> = {}): Promise<SidecarProcess> {
  const s = await startSidecar({
    NBSCHEDULE_DATA_DIR: join(base, name, 'data'),
    NBSCHEDULE_ROOT_DIR: join(base, name, 'root'),
    NBSCHEDULE_JUPYTER: JUPYTER,
    ...extra,
  });
  started.push(s);
  return s;
}

function runRow(name: string, runId: string): { pid: number | null; status: string } {
  const db = new Database(join(base, name, 'data', 'nbschedule.sqlite3'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT pid, status FROM runs WHERE id = ?').get(runId) as { pid: number | null; status: string };
  } finally {
    db.close();
  }
}

describe('a real sidecar process', () => {
  it('SIGKILLed mid-run: the run becomes interrupted, is retried once, and no kernel is left behind', async () => {
    // The first attempt leaves a marker and sleeps; the retry finds the marker and finishes.
    writeNotebook(join(base, 'crash', 'root', 'jobs', 'once-slow.ipynb'),
      "import os, time\nif not os.path.exists('attempted'):\n    open('attempted', 'w').close()\n    time.sleep(120)\nprint('second attempt done')");
    const first = await sidecar('crash');
    const schedule = await first.api('POST', '/schedules', {
      name: 'crashes once', notebook: 'jobs/once-slow.ipynb', trigger: { cron: '0 0 1 1 *', timezone: 'UTC' },
      retries: { max: 1, delaySeconds: 1, backoff: 2 },
    });
    const run = await first.api('POST', `/schedules/${schedule.id}/run`, {});
    const pid = await until('the run to record its process group', () => runRow('crash', run.id).pid, 30_000);
    // Wait for the kernel: nbconvert's child (in a process group and session of its own).
    const tree = await until('the kernel to start', () => (processTree(pid).length >= 2 ? processTree(pid) : null), 30_000);
    await until('the first attempt to reach its sleep', () => existsSync(join(base, 'crash', 'root', 'jobs', 'attempted')), 30_000);

    first.child.kill('SIGKILL');
    await first.exited;
    expect(stillAlive(tree).length).toBeGreaterThan(0); // nbconvert and its kernel outlive the sidecar

    const second = await sidecar('crash');
    const interrupted = await second.api('GET', `/runs/${run.id}`);
    expect(interrupted).toMatchObject({ status: 'interrupted', attempt: 1 });
    await until('nbconvert and its kernel to be gone', () => stillAlive(tree).length === 0, 5_000);

    const retried = await until('the retry to finish', async () => {
      const items = (await second.api('GET', `/runs?scheduleId=${schedule.id}`)).items as Array<{ attempt: number; status: string; trigger: string }>;
      const retry = items.find((r) => r.attempt === 2);
      return retry && ['succeeded', 'failed', 'timed_out', 'interrupted'].includes(retry.status) ? items : null;
    }, 60_000, 250);
    expect(retried.map((r) => [r.attempt, r.status, r.trigger]).sort()).toEqual([
      [1, 'interrupted', 'manual'],
      [2, 'succeeded', 'retry'],
    ]);
  });

  it('a run over its timeout ends its whole process tree, is timed_out, and keeps its partial output', async () => {
    writeNotebook(join(base, 'limits', 'root', 'sleepy.ipynb'), "print('partial', flush=True)", 'import time\ntime.sleep(120)');
    const s = await sidecar('limits');
    const run = await s.api('POST', '/runs', { notebook: 'sleepy.ipynb', timeoutSeconds: 8 });
    const pid = await until('the process group', () => runRow('limits', run.id).pid, 30_000);
    const tree = await until('the kernel', () => (processTree(pid).length >= 2 ? processTree(pid) : null), 30_000);
    const done = await until('the timeout', async () => {
      const r = await s.api('GET', `/runs/${run.id}`);
      return r.status !== 'queued' && r.status !== 'running' ? r : null;
    }, 40_000, 200);
    expect(done.status).toBe('timed_out');
    expect(stillAlive(tree)).toEqual([]);
    expect(done.outputs.map((o: { name: string }) => o.name)).toContain('run.log');
    expect(done.outputs.map((o: { name: string }) => o.name)).toContain('input.ipynb');
  });

  it('a running run cancelled through the API ends its whole process tree and is cancelled', async () => {
    writeNotebook(join(base, 'cancel', 'root', 'forever.ipynb'), 'import time\ntime.sleep(120)');
    const s = await sidecar('cancel');
    const run = await s.api('POST', '/runs', { notebook: 'forever.ipynb' });
    const pid = await until('the process group', () => runRow('cancel', run.id).pid, 30_000);
    const tree = await until('the kernel', () => (processTree(pid).length >= 2 ? processTree(pid) : null), 30_000);
    const cancelled = await s.api('POST', `/runs/${run.id}/cancel`);
    expect(cancelled.status).toBe('cancelled');
    expect(stillAlive(tree)).toEqual([]);
  });

  it('on SIGTERM stops taking work, gives running runs the grace, then ends them as interrupted and exits 0', async () => {
    writeNotebook(join(base, 'term', 'root', 'long.ipynb'), 'import time\ntime.sleep(120)');
    const s = await sidecar('term', { NBSCHEDULE_SHUTDOWN_GRACE_SECONDS: '1' });
    const run = await s.api('POST', '/runs', { notebook: 'long.ipynb' });
    const pid = await until('the process group', () => runRow('term', run.id).pid, 30_000);
    const tree = await until('the kernel', () => (processTree(pid).length >= 2 ? processTree(pid) : null), 30_000);
    const sent = Date.now();
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(runRow('term', run.id).status).toBe('interrupted');
    expect(stillAlive(tree)).toEqual([]);
  });

  it('two sidecars on one SQLite file fire a seconds-level schedule for 30 s with zero duplicates and zero misses', async () => {
    // nbconvert replaced by a process that exits at once: this test is about firing, not notebooks.
    const quick = join(base, 'quick-jupyter.sh');
    writeFileSync(quick, '#!/bin/sh\nexit 0\n');
    chmodSync(quick, 0o755);
    writeNotebook(join(base, 'pair', 'root', 'tick.ipynb'), "print('tick')");
    const env = { NBSCHEDULE_JUPYTER: quick };
    const a = await sidecar('pair', env);
    const b = await sidecar('pair', env);
    const every = await a.api('POST', '/schedules', { name: 'every second', notebook: 'tick.ipynb', trigger: { everySeconds: 1 }, outputFormats: ['ipynb'] });
    const cron = await b.api('POST', '/schedules', { name: 'cron seconds', notebook: 'tick.ipynb', trigger: { cron: '* * * * * *', timezone: 'UTC' }, outputFormats: ['ipynb'] });
    await new Promise((r) => setTimeout(r, 30_000));
    await a.api('PATCH', `/schedules/${every.id}`, { enabled: false });
    await a.api('PATCH', `/schedules/${cron.id}`, { enabled: false });
    await Promise.all([a.stop(), b.stop()]);

    const db = new Database(join(base, 'pair', 'data', 'nbschedule.sqlite3'), { readonly: true });
    for (const id of [every.id, cron.id]) {
      const rows = db.prepare('SELECT scheduled_for AS t, COUNT(*) AS n FROM runs WHERE schedule_id = ? AND attempt = 1 GROUP BY scheduled_for ORDER BY scheduled_for').all(id) as Array<{ t: string; n: number }>;
      const duplicates = rows.filter((r) => r.n > 1).length;
      const first = Date.parse(rows[0].t);
      const last = Date.parse(rows[rows.length - 1].t);
      const misses = (last - first) / 1000 + 1 - rows.length;
      expect({ id, duplicates, misses }).toEqual({ id, duplicates: 0, misses: 0 });
      expect(rows.length).toBeGreaterThanOrEqual(25);
    }
    const owners = db.prepare("SELECT COUNT(DISTINCT lease_owner) AS n FROM runs WHERE lease_owner IS NOT NULL").get() as { n: number };
    expect(owners.n).toBe(2); // both sidecars did work
    db.close();
  }, 90_000);
});
