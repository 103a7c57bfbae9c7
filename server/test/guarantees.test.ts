// The scheduler's guarantees, each with a fake clock and a fake executor the test controls:
// overlap with runs longer than the interval, the global FIFO bound, clock jumps, leases and
// stale attempts, recovery at start-up, graceful shutdown, store health and retention.
import { afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Run, Schedule } from '../src/core/model.js';
import { buildSchedule } from '../src/core/schedule.js';
import { ExecaProcessRunner } from '../src/executor/process-runner.js';
import type { ExecutionResult } from '../src/executor/notebook-executor.js';
import { BACKUPS_KEPT, Housekeeping } from '../src/housekeeping.js';
import type { NewRun } from '../src/core/model.js';
import type { Logger, Store } from '../src/ports.js';
import { FIRE_BATCH, Scheduler, type SchedulerOptions } from '../src/scheduler.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { runJson } from '../src/present.js';
import { FakeClock, silentLogger, tempDirs, type Executor } from './fixture-app.js';

const T0 = new Date('2026-06-01T10:00:00.000Z');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An executor whose runs end only when the test says so. */
class HeldExecutor implements Executor {
  readonly started: Run[] = [];
  private readonly releases = new Map<string, (r: ExecutionResult) => void>();
  private waiters: Array<() => void> = [];
  async execute(run: Run, _path: string, _dir: string, hooks: { signal: AbortSignal }): Promise<ExecutionResult> {
    this.started.push(run);
    this.waiters.splice(0).forEach((w) => w());
    return new Promise((resolve) => {
      this.releases.set(run.id, resolve);
      const cancelled = () => resolve({ status: 'cancelled', exitCode: null, error: 'cancelled', outputs: [], durationMs: 1 });
      // Stopped between the claim and this call: a real executor starts nothing then either.
      if (hooks.signal.aborted) cancelled();
      hooks.signal.addEventListener('abort', cancelled);
    });
  }
  finish(runId: string, status: ExecutionResult['status'] = 'succeeded'): void {
    this.releases.get(runId)!({ status, exitCode: status === 'succeeded' ? 0 : 1, error: status === 'succeeded' ? null : 'it failed', outputs: [], durationMs: 1 });
  }
  async waitStarted(count: number): Promise<void> {
    while (this.started.length < count) await new Promise<void>((r) => this.waiters.push(r));
  }
}

type Harness = { store: SqliteStore; scheduler: Scheduler; clock: FakeClock; data: string; dirs: ReturnType<typeof tempDirs> };

async function harness(opts: Partial<SchedulerOptions> & { dirs?: ReturnType<typeof tempDirs>; clock?: FakeClock; start?: boolean; wrapStore?: (s: SqliteStore) => Store } = {}): Promise<Harness> {
  const dirs = opts.dirs ?? tempDirs();
  const clock = opts.clock ?? new FakeClock(T0);
  const store = new SqliteStore(join(dirs.data, 'nbschedule.sqlite3'));
  const scheduler = new Scheduler({
    store: opts.wrapStore ? opts.wrapStore(store) : store,
    clock,
    executor: opts.executor ?? new HeldExecutor(),
    runner: new ExecaProcessRunner(silentLogger),
    logger: opts.logger ?? silentLogger,
    dataDir: dirs.data,
    rootDir: dirs.root,
    maxConcurrentRuns: opts.maxConcurrentRuns ?? 4,
    leaseMs: opts.leaseMs,
    heartbeatMs: 3600_000,
    shutdownGraceMs: opts.shutdownGraceMs,
    random: () => 0.5,
    instanceId: opts.instanceId,
  });
  cleanups.push(async () => {
    await scheduler.stop(0);
    await store.close();
    if (!opts.dirs) dirs.cleanup();
  });
  if (opts.start !== false) await scheduler.start();
  return { store, scheduler, clock, data: dirs.data, dirs };
}

async function schedule(h: Harness, fields: Partial<Parameters<typeof buildSchedule>[0]> = {}): Promise<Schedule> {
  const s = buildSchedule({ name: 'job', notebook: 'reports/hello.ipynb', trigger: { everySeconds: 60 }, ...fields }, `sch_${Math.random().toString(36).slice(2)}`, h.clock.now());
  await h.store.createSchedule(s);
  return s;
}

async function runs(h: Harness, scheduleId: string): Promise<Run[]> {
  return (await h.store.listRuns({ scheduleId, limit: 500 })).items.reverse();
}

async function tick(h: Harness, ms: number): Promise<void> {
  h.clock.advance(ms);
  await h.scheduler.wake();
}

function oneOff(id: string, now: Date, extra: Partial<NewRun> = {}): NewRun {
  return {
    id, scheduleId: null, notebook: 'reports/hello.ipynb', trigger: 'manual', scheduledFor: null, queuedAt: now, status: 'queued',
    attempt: 1, error: null, parameters: {}, kernel: null, outputFormats: ['ipynb'], timeoutSeconds: null, notBefore: null, ...extra,
  };
}

describe('overlap with runs longer than the interval', () => {
  it('"skip": every fire while the run goes on is recorded as skipped, then firing resumes', async () => {
    const exec = new HeldExecutor();
    const h = await harness({ executor: exec });
    const s = await schedule(h, { overlap: 'skip' });
    await tick(h, 60_000);
    await exec.waitStarted(1);
    for (let i = 0; i < 3; i++) await tick(h, 60_000);
    const recorded = once(h.scheduler, 'run-finished');
    exec.finish(exec.started[0].id);
    await recorded;
    await tick(h, 60_000);
    await exec.waitStarted(2);
    const all = await runs(h, s.id);
    expect(all.map((r) => r.status)).toEqual(['succeeded', 'skipped', 'skipped', 'skipped', 'running']);
    expect(all[1].error).toMatch(/still active \(overlap is "skip"\)/);
    expect(new Set(all.map((r) => r.scheduledFor!.getTime())).size).toBe(5);
  });

  it('"queue": at most one run waits; further fires while one waits are skipped', async () => {
    const exec = new HeldExecutor();
    const h = await harness({ executor: exec });
    const s = await schedule(h, { overlap: 'queue' });
    await tick(h, 60_000);
    await exec.waitStarted(1);
    for (let i = 0; i < 3; i++) await tick(h, 60_000);
    let all = await runs(h, s.id);
    expect(all.map((r) => r.status)).toEqual(['running', 'queued', 'skipped', 'skipped']);
    expect(all[2].error).toMatch(/already waiting/);
    exec.finish(exec.started[0].id);
    await exec.waitStarted(2);
    expect(exec.started[1].id).toBe(all[1].id);
    all = await runs(h, s.id);
    expect(all.map((r) => r.status)).toEqual(['succeeded', 'running', 'skipped', 'skipped']);
  });

  it('"replace": the running run is cancelled and the new one starts', async () => {
    const exec = new HeldExecutor();
    const h = await harness({ executor: exec });
    const s = await schedule(h, { overlap: 'replace' });
    await tick(h, 60_000);
    await exec.waitStarted(1);
    await tick(h, 60_000);
    await exec.waitStarted(2);
    const all = await runs(h, s.id);
    expect(all.map((r) => r.status)).toEqual(['cancelled', 'running']);
    expect(all[0].error).toMatch(/Replaced by a newer run/);
  });
});

describe('the global bound', () => {
  it('at most maxConcurrentRuns run at once; the rest start first-in first-out', async () => {
    const exec = new HeldExecutor();
    const h = await harness({ executor: exec, maxConcurrentRuns: 2 });
    for (let i = 0; i < 5; i++) await h.store.createRun(oneOff(`run_${i}`, new Date(T0.getTime() + i)));
    await h.scheduler.wake();
    await exec.waitStarted(2);
    expect(h.scheduler.runningCount).toBe(2);
    expect((await h.store.counts()).queued).toBe(3);
    for (let done = 0; done < 3; done++) {
      exec.finish(exec.started[done].id);
      await exec.waitStarted(3 + done);
      expect(h.scheduler.runningCount).toBe(2);
    }
    expect(exec.started.map((r) => r.id)).toEqual(['run_0', 'run_1', 'run_2', 'run_3', 'run_4']);
  });
});

describe('clock jumps', () => {
  it('a jump backwards never fires a fire time twice', async () => {
    const exec = new HeldExecutor();
    const h = await harness({ executor: exec });
    const s = await schedule(h, { trigger: { everySeconds: 600 } });
    await tick(h, 600_000);
    await exec.waitStarted(1);
    exec.finish(exec.started[0].id);
    await tick(h, -3600_000); // NTP or a user sets the clock back an hour
    for (let i = 0; i < 7; i++) await tick(h, 600_000); // and time runs forward past the fired time again
    const times = (await runs(h, s.id)).map((r) => r.scheduledFor!.toISOString());
    expect(times).toEqual([...new Set(times)]);
    expect(times[0]).toBe('2026-06-01T10:10:00.000Z');
    expect(times.filter((t) => t === '2026-06-01T10:10:00.000Z')).toHaveLength(1);
  });

  it('a jump forwards follows catchUp: "latest" runs one catch-up for the newest missed time', async () => {
    const exec = new HeldExecutor();
    const h = await harness({ executor: exec });
    const s = await schedule(h, { trigger: { everySeconds: 600 }, catchUp: 'latest' });
    await tick(h, 5 * 3600_000 + 120_000); // suspend for five hours
    await exec.waitStarted(1);
    const all = await runs(h, s.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ trigger: 'catch-up', scheduledFor: new Date('2026-06-01T15:00:00.000Z') });
    expect((await h.store.getSchedule(s.id))!.nextRunAt).toEqual(new Date('2026-06-01T15:10:00.000Z'));
  });

  it('a jump forwards with catchUp "none" records the gap as one skipped run and runs nothing', async () => {
    const h = await harness();
    const s = await schedule(h, { trigger: { everySeconds: 600 }, catchUp: 'none' });
    await tick(h, 5 * 3600_000 + 120_000);
    const all = await runs(h, s.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'skipped', trigger: 'catch-up' });
    expect(all[0].error).toMatch(/Skipped 30 missed fire times/);
  });
});

describe('missed versus late', () => {
  it('a wake late by less than the timer bound fires every tick of the last minute as on time', async () => {
    const h = await harness();
    const s = await schedule(h, { trigger: { everySeconds: 10 }, catchUp: 'none', overlap: 'queue' });
    await tick(h, 65_000); // a busy event loop, not a sleeping machine: 65 s < maxDelay + grace
    const all = await runs(h, s.id);
    const late = all.map((r) => r.scheduledFor!.getTime() - T0.getTime()).sort((a, b) => a - b);
    expect(late).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    expect(new Set(all.map((r) => r.trigger))).toEqual(new Set(['schedule']));
  });

  it('after a silence longer than the timer bound (machine asleep), the last minute was missed too: "none" runs nothing', async () => {
    const h = await harness();
    const s = await schedule(h, { trigger: { everySeconds: 10 }, catchUp: 'none' });
    await tick(h, 5 * 60_000 + 5_000);
    const all = await runs(h, s.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'skipped', trigger: 'catch-up', scheduledFor: new Date(T0.getTime() + 300_000) });
    expect(all[0].error).toMatch(/Skipped 30 missed fire times/);
  });

  it.each([
    ['none', 'skipped'],
    ['latest', 'running'],
  ] as const)('a fire time 30 s before the sidecar started was missed, not late: catchUp "%s" makes it %s', async (catchUp, status) => {
    const exec = new HeldExecutor();
    const h = await harness({ executor: exec, start: false });
    const s = await schedule(h, { trigger: { everySeconds: 60 }, catchUp });
    h.clock.advance(90_000);
    await h.scheduler.start();
    const all = await runs(h, s.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ trigger: 'catch-up', status, scheduledFor: new Date(T0.getTime() + 60_000) });
  });

  it(`fires ${FIRE_BATCH * 2 + 100} schedules due at once in batches, each exactly once`, async () => {
    const h = await harness({ maxConcurrentRuns: 1 });
    const ids: string[] = [];
    for (let i = 0; i < FIRE_BATCH * 2 + 100; i++) ids.push((await schedule(h, { trigger: { everySeconds: 60 } })).id);
    await tick(h, 60_000);
    const fired = await h.store.listRuns({ limit: 1000 });
    expect(fired.items).toHaveLength(ids.length);
    expect(new Set(fired.items.map((r) => r.scheduleId))).toEqual(new Set(ids));
    for (const id of ids) expect((await h.store.getSchedule(id))!.nextRunAt).toEqual(new Date(T0.getTime() + 120_000));
  });
});

describe('leases and stale attempts', () => {
  it('a run whose result is written while its aftermath goes on is not taken for a lost lease', async () => {
    const exec = new HeldExecutor();
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (_fields, message) => void warnings.push(message), child: () => logger };
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = false;
    const h = await harness({
      executor: exec,
      logger,
      // Pruning after the run reads its schedule: hold it there.
      wrapStore: (store) =>
        Object.assign(Object.create(store) as SqliteStore, {
          getSchedule: async (id: string) => {
            entered = true;
            await gate;
            return store.getSchedule(id);
          },
        }),
    });
    const s = await schedule(h);
    await tick(h, 60_000);
    await exec.waitStarted(1);
    exec.finish(exec.started[0].id);
    while (!entered) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await runs(h, s.id))[0].status).toBe('succeeded');
    await h.scheduler.sweep();
    release();
    expect(warnings).toEqual([]);
  });

  it('a run whose lease ran out is recovered by another sidecar as interrupted, retried once, and the stale attempt cannot write', async () => {
    const dirs = tempDirs();
    cleanups.push(() => dirs.cleanup());
    const clock = new FakeClock(T0);
    const execA = new HeldExecutor();
    const a = await harness({ dirs, clock, executor: execA, leaseMs: 30_000, instanceId: 'a' });
    const b = await harness({ dirs, clock, executor: new HeldExecutor(), leaseMs: 30_000, instanceId: 'b', maxConcurrentRuns: 1 });
    const s = await schedule(a, { retries: { max: 1, delaySeconds: 3600, backoff: 2 } });
    await tick(a, 60_000);
    await execA.waitStarted(1);
    const first = execA.started[0];
    expect((await a.store.getRun(first.id))!.leaseOwner).toBe(a.scheduler.owner);

    clock.advance(31_000); // a is alive but stopped renewing (hung, or its disk stalled)
    await b.scheduler.sweep();
    const recovered = await b.store.getRun(first.id);
    expect(recovered).toMatchObject({ status: 'interrupted' });
    expect(recovered!.error).toMatch(/marked interrupted/);

    execA.finish(first.id); // the stale attempt ends and tries to write "succeeded"
    await a.scheduler.wake();
    await new Promise((r) => setImmediate(r));
    const all = await runs(a, s.id);
    expect(all.map((r) => [r.status, r.attempt, r.trigger])).toEqual([
      ['interrupted', 1, 'schedule'],
      ['queued', 2, 'retry'],
    ]);
  });

  it('the store refuses every write carrying a lease token that is no longer the run\'s', async () => {
    const h = await harness({ start: false });
    await h.store.createRun(oneOff('run_l', T0));
    expect(await h.store.claimRun('run_l', T0, null, { token: 'old', owner: 'x', expiresAt: new Date(T0.getTime() + 1000) })).toBe(true);
    await h.store.finishRun('run_l', { status: 'interrupted', finishedAt: T0, exitCode: null, error: 'recovered', outputs: [], durationMs: 1 });
    expect(await h.store.setRunProgress('run_l', { cell: 1, cells: 2 }, 'old')).toBe(false);
    expect(await h.store.setRunPid('run_l', 1234, null, 'old')).toBe(false);
    expect(await h.store.finishRun('run_l', { status: 'succeeded', finishedAt: T0, exitCode: 0, error: null, outputs: [], durationMs: 1, leaseToken: 'old' })).toBeNull();
    expect(await h.store.renewLeases(['old'], new Date(T0.getTime() + 60_000))).toEqual(['old']);
    expect((await h.store.getRun('run_l'))!.status).toBe('interrupted');
  });

  it('a sidecar that finds its lease taken abandons the attempt', async () => {
    const exec = new HeldExecutor();
    const h = await harness({ executor: exec, leaseMs: 30_000 });
    await h.store.createRun(oneOff('run_t', T0));
    await h.scheduler.wake();
    await exec.waitStarted(1);
    // Someone else recovered it (as another sidecar's sweep would).
    await h.store.finishRun('run_t', { status: 'interrupted', finishedAt: T0, exitCode: null, error: 'recovered elsewhere', outputs: [], durationMs: 1 });
    await h.scheduler.sweep();
    await new Promise((r) => setTimeout(r, 10));
    expect(h.scheduler.runningCount).toBe(0);
    expect((await h.store.getRun('run_t'))!.error).toBe('recovered elsewhere');
  });

  it('a live sidecar\'s running run is left alone by another sidecar while its lease holds', async () => {
    const dirs = tempDirs();
    cleanups.push(() => dirs.cleanup());
    const clock = new FakeClock(T0);
    const exec = new HeldExecutor();
    const a = await harness({ dirs, clock, executor: exec, leaseMs: 30_000, instanceId: 'a' });
    await a.store.createRun(oneOff('run_live', T0));
    await a.scheduler.wake();
    await exec.waitStarted(1);
    const b = await harness({ dirs, clock, leaseMs: 30_000, instanceId: 'b' }); // starts, sweeps
    clock.advance(20_000);
    await a.scheduler.sweep(); // a renews
    clock.advance(20_000);
    await b.scheduler.sweep();
    expect((await b.store.getRun('run_live'))!.status).toBe('running');
  });
});

describe('recovery at start-up', () => {
  it('a run whose sidecar died is interrupted at once (lease not yet expired), its group ended, and retried', async () => {
    const h = await harness({ start: false, leaseMs: 30_000 });
    const s = await schedule(h, { enabled: false, retries: { max: 1, delaySeconds: 1, backoff: 2 } });
    // A sidecar process that has exited: its pid and start time name no live process.
    const dead = spawn(process.execPath, ['-e', '0']);
    const runner = new ExecaProcessRunner(silentLogger);
    const deadStarted = runner.processStarted(dead.pid!) ?? '1';
    await once(dead, 'exit');
    const orphan = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const exited = once(orphan, 'exit');
    await h.store.createRun(oneOff('run_dead', T0, { scheduleId: s.id, trigger: 'schedule', scheduledFor: T0 }));
    await h.store.claimRun('run_dead', T0, null, { token: 't', owner: `${hostname()} ${dead.pid} ${deadStarted} gone`, expiresAt: new Date(T0.getTime() + 30_000) });
    await h.store.setRunPid('run_dead', orphan.pid!, runner.processStarted(orphan.pid!), 't');
    await h.scheduler.start();
    expect((await h.store.getRun('run_dead'))!.status).toBe('interrupted');
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    const retry = (await runs(h, s.id)).find((r) => r.attempt === 2)!;
    expect(retry).toMatchObject({ status: 'queued', trigger: 'retry', scheduledFor: T0 });
  });

  it('a process group whose recorded start time does not match (a reused pid) is not killed', async () => {
    const h = await harness({ start: false });
    const stranger = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    cleanups.push(() => void stranger.kill('SIGKILL'));
    await h.store.createRun(oneOff('run_reused', T0));
    await h.store.claimRun('run_reused', T0, null);
    await h.store.setRunPid('run_reused', stranger.pid!, '1 not-our-mark');
    await h.scheduler.start();
    expect((await h.store.getRun('run_reused'))!.status).toBe('interrupted');
    expect(stranger.exitCode).toBeNull();
    expect(() => process.kill(stranger.pid!, 0)).not.toThrow();
  });
});

describe('graceful shutdown', () => {
  it('stops taking work at once, lets a run finish within the grace, ends the rest as interrupted and retries them', async () => {
    const exec = new HeldExecutor();
    const h = await harness({ executor: exec, maxConcurrentRuns: 4 });
    const s = await schedule(h, { enabled: false, retries: { max: 1, delaySeconds: 1, backoff: 2 } });
    await h.store.createRun(oneOff('run_quick', T0));
    await h.store.createRun(oneOff('run_long', new Date(T0.getTime() + 1), { scheduleId: s.id }));
    await h.scheduler.wake();
    await exec.waitStarted(2);
    const stopping = h.scheduler.stop(300);
    await h.store.createRun(oneOff('run_late', new Date(T0.getTime() + 2)));
    setTimeout(() => exec.finish('run_quick'), 50);
    await stopping;
    expect((await h.store.getRun('run_quick'))!.status).toBe('succeeded');
    expect((await h.store.getRun('run_long'))!.status).toBe('interrupted');
    expect((await h.store.getRun('run_late'))!.status).toBe('queued');
    expect(exec.started.map((r) => r.id).sort()).toEqual(['run_long', 'run_quick']);
    expect((await runs(h, s.id)).map((r) => [r.status, r.attempt]).sort()).toEqual([['interrupted', 1], ['queued', 2]]);
  });
});

describe('store health', () => {
  it('backs up once a day online, keeping the newest 7', async () => {
    const h = await harness({ start: false });
    await schedule(h);
    const hk = new Housekeeping({ store: h.store, clock: h.clock, logger: silentLogger, dataDir: h.data, retentionDays: 0 });
    mkdirSync(hk.backupsDir, { recursive: true });
    for (let d = 1; d <= 8; d++) writeFileSync(join(hk.backupsDir, `nbschedule-2026-05-${String(20 + d).padStart(2, '0')}.sqlite3`), 'old');
    const made = await hk.backupIfDue();
    expect(made).toMatch(/nbschedule-2026-06-01\.sqlite3$/);
    expect(await hk.backupIfDue()).toBeNull(); // the same day: nothing new
    const kept = readdirSync(hk.backupsDir).sort();
    expect(kept).toHaveLength(BACKUPS_KEPT);
    expect(kept[kept.length - 1]).toBe('nbschedule-2026-06-01.sqlite3');
    expect(kept[0]).toBe('nbschedule-2026-05-23.sqlite3');
    const copy = new Database(made!, { readonly: true });
    expect((copy.prepare('SELECT COUNT(*) AS n FROM schedules').get() as { n: number }).n).toBe(1);
    copy.close();
  });

  it('a run whose folder cannot be written fails with a clear sentence; the store stays consistent and other runs go on', async () => {
    let fullFor = 'run_full';
    const writing: Executor = {
      async execute(run, _path, dir) {
        if (run.id === fullFor) {
          const error = Object.assign(new Error(`ENOSPC: no space left on device, write '${dir}/input.ipynb'`), { code: 'ENOSPC' });
          throw error;
        }
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, 'input.ipynb'), '{}');
        return { status: 'succeeded', exitCode: 0, error: null, outputs: [], durationMs: 1 };
      },
    };
    const h = await harness({ executor: writing });
    const done = new Promise<void>((resolve) => {
      let n = 0;
      h.scheduler.on('run-finished', () => ++n === 2 && resolve());
    });
    await h.store.createRun(oneOff('run_full', T0));
    await h.store.createRun(oneOff('run_fine', new Date(T0.getTime() + 1)));
    await h.scheduler.wake();
    await done;
    fullFor = '';
    const full = await h.store.getRun('run_full');
    expect(full).toMatchObject({ status: 'failed' });
    expect(full!.error).toMatch(/Could not write this run's files to .*run_full: the disk is full \(ENOSPC\)/);
    expect((await h.store.getRun('run_fine'))!.status).toBe('succeeded');
    expect(existsSync(join(h.data, 'runs', 'run_fine', 'input.ipynb'))).toBe(true);
  });

  it('a run whose final write fails (a store that fails writes) does not stay running: its lease runs out and it is interrupted', async () => {
    const exec = new HeldExecutor();
    let failFinish = true;
    const h = await harness({
      executor: exec,
      leaseMs: 30_000,
      wrapStore: (store) =>
        new Proxy(store, {
          get(target, prop, receiver) {
            if (prop === 'finishRun') {
              return async (...args: Parameters<SqliteStore['finishRun']>) => {
                if (failFinish && args[1].status === 'succeeded') throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
                return target.finishRun(...args);
              };
            }
            const value = Reflect.get(target, prop, receiver);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
    });
    await h.store.createRun(oneOff('run_w', T0));
    await h.scheduler.wake();
    await exec.waitStarted(1);
    exec.finish('run_w');
    await new Promise((r) => setTimeout(r, 20));
    expect((await h.store.getRun('run_w'))!.status).toBe('running');
    failFinish = false;
    h.clock.advance(31_000);
    await h.scheduler.sweep();
    expect((await h.store.getRun('run_w'))!.status).toBe('interrupted');
    const db = new Database(join(h.data, 'nbschedule.sqlite3'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('retention', () => {
  it('keepRuns keeps the newest finished runs of a schedule, deleting the others with their folders', async () => {
    const exec = new HeldExecutor();
    const h = await harness({ executor: exec });
    const s = await schedule(h, { keepRuns: 2, overlap: 'skip' });
    for (let i = 0; i < 4; i++) {
      await tick(h, 60_000);
      await exec.waitStarted(i + 1);
      mkdirSync(join(h.data, 'runs', exec.started[i].id), { recursive: true });
      exec.finish(exec.started[i].id);
      await new Promise((r) => setTimeout(r, 5));
    }
    await h.scheduler.wake();
    const left = (await runs(h, s.id)).filter((r) => r.status === 'succeeded');
    expect(left.map((r) => r.id)).toEqual(exec.started.slice(2).map((r) => r.id));
    expect(existsSync(join(h.data, 'runs', exec.started[0].id))).toBe(false);
    expect(existsSync(join(h.data, 'runs', exec.started[3].id))).toBe(true);
  });

  it('the global age limit deletes old finished runs of every kind, rows and folders together', async () => {
    const h = await harness({ start: false });
    const old = new Date(T0.getTime() - 40 * 86400_000);
    await h.store.createRun(oneOff('run_old', old, { status: 'skipped', finishedAt: old }));
    await h.store.createRun(oneOff('run_new', T0, { status: 'skipped', finishedAt: T0 }));
    await h.store.createRun(oneOff('run_waiting', old));
    mkdirSync(join(h.data, 'runs', 'run_old'), { recursive: true });
    const hk = new Housekeeping({ store: h.store, clock: h.clock, logger: silentLogger, dataDir: h.data, retentionDays: 30 });
    expect(await hk.pruneOld()).toBe(1);
    expect(await h.store.getRun('run_old')).toBeNull();
    expect(existsSync(join(h.data, 'runs', 'run_old'))).toBe(false);
    expect(await h.store.getRun('run_new')).not.toBeNull();
    expect(await h.store.getRun('run_waiting')).not.toBeNull();
  });
});

describe('the queue', () => {
  it('queued runs show their place in the first-in first-out queue, in the store and the API payload', async () => {
    const exec = new HeldExecutor();
    const h = await harness({ executor: exec, maxConcurrentRuns: 1 });
    for (let i = 0; i < 4; i++) await h.store.createRun(oneOff(`run_p${i}`, new Date(T0.getTime() + i)));
    await h.scheduler.wake();
    await exec.waitStarted(1);
    expect((await h.store.getRun('run_p0'))!.queuePosition).toBeNull();
    expect((await h.store.getRun('run_p2'))!.queuePosition).toBe(2);
    const listed = (await h.store.listRuns({ status: 'queued', limit: 10 })).items;
    expect(listed.map((r) => [r.id, r.queuePosition])).toEqual([['run_p3', 3], ['run_p2', 2], ['run_p1', 1]]);
    expect(runJson((await h.store.getRun('run_p1'))!).queuePosition).toBe(1);
    expect(runJson((await h.store.getRun('run_p0'))!).queuePosition).toBeNull();
  });
});

describe('a really full disk', () => {
  it('on a tiny tmpfs: the run that cannot write fails with ENOSPC named, the next one runs once space is back', async () => {
    const h = await harness({
      start: true,
      executor: {
        async execute(_run, _path, dir) {
          await mkdir(dir, { recursive: true });
          await writeFile(join(dir, 'executed.ipynb'), Buffer.alloc(96 * 1024, 120));
          return { status: 'succeeded', exitCode: 0, error: null, outputs: [], durationMs: 1 };
        },
      },
    });
    const runsDir = join(h.data, 'runs');
    mkdirSync(runsDir, { recursive: true });
    // Needs the right to mount a tmpfs (root, as the test command runs): a real full disk is
    // the point of this test, so without that right it fails rather than pass untested.
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', runsDir], { stdio: 'pipe' });
    } catch (error) {
      throw new Error(`this test mounts a 256 KiB tmpfs and could not: ${(error as Error).message}`);
    }
    cleanups.push(() => void execFileSync('umount', [runsDir], { stdio: 'ignore' }));
    writeFileSync(join(runsDir, 'filler'), Buffer.alloc(200 * 1024, 1));
    const finished = () => once(h.scheduler, 'run-finished');
    let done = finished();
    await h.store.createRun(oneOff('run_nospace', T0));
    await h.scheduler.wake();
    await done;
    const failed = await h.store.getRun('run_nospace');
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed!.error).toMatch(/the disk is full \(ENOSPC\)/);
    rmSync(join(runsDir, 'filler'));
    done = finished();
    await h.store.createRun(oneOff('run_space', new Date(T0.getTime() + 1)));
    await h.scheduler.wake();
    await done;
    expect((await h.store.getRun('run_space'))!.status).toBe('succeeded');
    const db = new Database(join(h.data, 'nbschedule.sqlite3'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
