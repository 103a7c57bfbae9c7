import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Run } from '../src/core/model.js';
import { FakeClock, makeSidecar, silentLogger, tempDirs, type Executor, type Sidecar } from './fixture-app.js';
import { ExecaProcessRunner } from '../src/executor/process-runner.js';
import { buildSchedule } from '../src/core/schedule.js';

const open: Sidecar[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
async function sidecar(opts: Parameters<typeof makeSidecar>[0] = {}) {
  const s = await makeSidecar(opts);
  open.push(s);
  return s;
}

function finishedRuns(sc: Sidecar, count: number): Promise<Run[]> {
  const seen: Run[] = [];
  return new Promise((resolve) => {
    const on = (run: Run) => {
      seen.push(run);
      if (seen.length === count) {
        sc.scheduler.off('run-finished', on);
        resolve(seen);
      }
    };
    sc.scheduler.on('run-finished', on);
  });
}

async function createSchedule(sc: Sidecar, fields: Partial<Parameters<typeof buildSchedule>[0]> = {}) {
  const s = buildSchedule({ name: 'job', notebook: 'reports/hello.ipynb', trigger: { everySeconds: 10 }, ...fields }, `sch_${Math.random().toString(36).slice(2)}`, sc.clock.now());
  await sc.store.createSchedule(s);
  return s;
}

describe('the scheduler', () => {
  it('an everySeconds schedule fires once per fire time, even with two schedulers on one database', async () => {
    const dirs = tempDirs();
    const clock = new FakeClock(new Date('2026-06-01T10:00:00.000Z'));
    const a = await sidecar({ clock, dirs, start: true });
    const b = await sidecar({ clock, dirs, start: true });
    const s = await createSchedule(a);
    for (let i = 1; i <= 3; i++) {
      clock.advance(10_000);
      await Promise.all([a.scheduler.wake(), b.scheduler.wake()]);
    }
    const runs = (await a.store.listRuns({ scheduleId: s.id, limit: 50 })).items;
    expect(runs.map((r) => r.scheduledFor!.toISOString()).sort()).toEqual([
      '2026-06-01T10:00:10.000Z',
      '2026-06-01T10:00:20.000Z',
      '2026-06-01T10:00:30.000Z',
    ]);
    expect((await a.store.getSchedule(s.id))!.nextRunAt!.toISOString()).toBe('2026-06-01T10:00:40.000Z');
  });

  it('fires on its own timer in real time', async () => {
    const sc = await sidecar({ clock: { now: () => new Date() }, start: true });
    const done = finishedRuns(sc, 2);
    const s = await createSchedule(sc, { trigger: { everySeconds: 1 } });
    await sc.scheduler.wake();
    const runs = await done;
    expect(runs.every((r) => r.scheduleId === s.id && r.status === 'succeeded')).toBe(true);
    expect(new Set(runs.map((r) => r.scheduledFor!.toISOString())).size).toBe(2);
    const lines = readFileSync(join(sc.data, 'runs.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(lines[0])).toMatchObject({ scheduleId: s.id, status: 'succeeded' });
  });

  it('with overlap "skip", a fire while the previous run is active is recorded as skipped', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const slow: Executor = {
      async execute() {
        await blocked;
        return { status: 'succeeded', exitCode: 0, error: null, outputs: [], durationMs: 1 };
      },
    };
    const clock = new FakeClock(new Date('2026-06-01T10:00:00.000Z'));
    const sc = await sidecar({ clock, executor: slow, start: true });
    const s = await createSchedule(sc);
    clock.advance(10_000);
    await sc.scheduler.wake();
    clock.advance(10_000);
    await sc.scheduler.wake();
    const runs = (await sc.store.listRuns({ scheduleId: s.id, limit: 10 })).items;
    expect(runs.map((r) => r.status)).toEqual(['skipped', 'running']);
    expect(runs[0].error).toMatch(/overlap is "skip"/);
    const done = finishedRuns(sc, 1);
    release();
    await done;
  });

  it('after downtime, catchUp "latest" makes one catch-up run', async () => {
    const clock = new FakeClock(new Date('2026-06-01T10:00:00.000Z'));
    const sc = await sidecar({ clock });
    const s = await createSchedule(sc, { trigger: { everySeconds: 300 } });
    clock.advance(12 * 60_000); // down through the 10:05 and 10:10 fire times
    await sc.scheduler.start();
    const runs = (await sc.store.listRuns({ scheduleId: s.id, limit: 100 })).items;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'catch-up' });
    expect(runs[0].scheduledFor!.toISOString()).toBe('2026-06-01T10:10:00.000Z');
  });

  it('a failed run is retried as a new attempt', async () => {
    let calls = 0;
    const flaky: Executor = {
      async execute() {
        calls += 1;
        return calls === 1
          ? { status: 'failed', exitCode: 1, error: 'Cell 1 raised ValueError: flaky', outputs: [], durationMs: 1 }
          : { status: 'succeeded', exitCode: 0, error: null, outputs: [], durationMs: 1 };
      },
    };
    const sc = await sidecar({ clock: { now: () => new Date() }, executor: flaky, start: true });
    const s = await createSchedule(sc, { trigger: { everySeconds: 3600 }, retries: { max: 2, delaySeconds: 0, backoff: 2 } });
    const done = finishedRuns(sc, 2);
    await sc.store.createRun({
      id: 'run_manual', scheduleId: s.id, notebook: s.notebook, trigger: 'manual', scheduledFor: null, queuedAt: new Date(),
      status: 'queued', attempt: 1, error: null, parameters: {}, kernel: null, outputFormats: ['ipynb'], timeoutSeconds: null, notBefore: null,
    });
    await sc.scheduler.wake();
    const [first, second] = await done;
    expect(first).toMatchObject({ status: 'failed', attempt: 1 });
    expect(second).toMatchObject({ status: 'succeeded', attempt: 2, trigger: 'retry' });
  });

  it('a run left running by a crash is marked interrupted at start-up and its process group ended', async () => {
    const sc = await sidecar();
    const s = await createSchedule(sc, { enabled: false });
    const orphan = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const exited = once(orphan, 'exit');
    await sc.store.createRun({
      id: 'run_crashed', scheduleId: s.id, notebook: s.notebook, trigger: 'manual', scheduledFor: null, queuedAt: sc.clock.now(),
      status: 'queued', attempt: 1, error: null, parameters: {}, kernel: null, outputFormats: ['ipynb'], timeoutSeconds: null, notBefore: null,
    });
    await sc.store.claimRun('run_crashed', sc.clock.now(), null);
    await sc.store.setRunPid('run_crashed', orphan.pid!, new ExecaProcessRunner(silentLogger).processStarted(orphan.pid!));
    await sc.scheduler.start();
    const run = await sc.store.getRun('run_crashed');
    expect(run).toMatchObject({ status: 'interrupted' });
    expect(run!.error).toMatch(/stopped while this run was running/);
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
  });

  it('cancelling a queued run makes it cancelled without running it', async () => {
    const sc = await sidecar();
    const s = await createSchedule(sc);
    await sc.store.createRun({
      id: 'run_q', scheduleId: s.id, notebook: s.notebook, trigger: 'manual', scheduledFor: null, queuedAt: sc.clock.now(),
      status: 'queued', attempt: 1, error: null, parameters: {}, kernel: null, outputFormats: ['ipynb'], timeoutSeconds: null, notBefore: null,
    });
    const cancelled = await sc.scheduler.cancel('run_q');
    expect(cancelled.status).toBe('cancelled');
    await expect(sc.scheduler.cancel('run_q')).rejects.toThrow(/already finished/);
  });
});
