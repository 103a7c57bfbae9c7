// The scheduler: wakes with one timer for the earliest due time, records fires in the store
// (one transaction per schedule, a unique key per fire time), and runs queued runs with a
// global concurrency bound. It never polls in a busy loop; the timer is capped so a clock
// jump (suspend, NTP) costs at most `maxDelayMs` of lateness.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { appendFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConflictError, NotFoundError } from './core/errors.js';
import { overlapDecision, overlapSkipSentence, planFires, retryDelayMs } from './core/fire-plan.js';
import type { Run, Schedule } from './core/model.js';
import type { RunStatus } from './core/run-state.js';
import type { NotebookExecutor } from './executor/notebook-executor.js';
import { listOutputs } from './executor/notebook-executor.js';
import { newId } from './ids.js';
import { resolveNotebook } from './notebook-path.js';
import { isAlive, ownStarted } from './executor/process-identity.js';
import type { Clock, Logger, NewRun, ProcessRunner, Store } from './ports.js';
import { runJson } from './present.js';

export type SchedulerOptions = {
  store: Store;
  clock: Clock;
  executor: Pick<NotebookExecutor, 'execute'>;
  runner: ProcessRunner;
  logger: Logger;
  dataDir: string;
  rootDir: string;
  maxConcurrentRuns: number;
  maxDelayMs?: number;
  /** This sidecar's instance id, part of the lease owner it writes on the runs it claims. */
  instanceId?: string;
  /** How long a claimed run's lease holds without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** How often leases are renewed and other sidecars' expired leases recovered (default 10 s). */
  heartbeatMs?: number;
  /** On stop, how long running runs may go on before they are ended as interrupted (default 0). */
  shutdownGraceMs?: number;
  /** For the retry jitter; tests pass a fixed one. */
  random?: () => number;
};

/** "<host> <pid> <process start> <instance id>": enough for a sidecar on the same host to tell whether the owner lives. */
export function leaseOwnerName(instanceId: string): string {
  return [hostname(), process.pid, ownStarted() ?? '-', instanceId].join(' ');
}

/** Whether a lease owner is provably gone: it ran on this host and its process no longer exists. */
function ownerIsGone(owner: string | null): boolean {
  if (!owner) return true;
  const [host, pid, started] = owner.split(' ');
  if (host !== hostname() || started === '-') return false;
  return !isAlive(Number(pid), started);
}

export type SchedulerState = 'stopped' | 'starting' | 'ready' | 'stopping';

type Active = { controller: AbortController; scheduleId: string | null; reason: string | null; done: Promise<void>; token: string };

export interface SchedulerEvents {
  'run-started': [Run];
  'run-finished': [Run];
  fired: [{ scheduleId: string; runs: Run[] }];
}

const SHUTDOWN = 'The sidecar stopped while this run was running.';
const LEASE_LOST = 'Another nbschedule recovered this run after its lease ran out; this attempt was abandoned.';
const CRASHED =
  'The sidecar running it stopped while this run was running (it crashed or was killed); the run was marked interrupted.';

export class Scheduler extends EventEmitter<SchedulerEvents> {
  state: SchedulerState = 'stopped';
  private timer: NodeJS.Timeout | undefined;
  private readonly active = new Map<string, Active>();
  private ticking: Promise<void> | null = null;
  private tickAgain = false;
  private readonly log: Logger;
  private readonly maxDelayMs: number;
  private heartbeat: NodeJS.Timeout | undefined;
  readonly owner: string;
  private readonly leaseMs: number;

  constructor(private readonly o: SchedulerOptions) {
    super();
    this.log = o.logger.child({ component: 'scheduler' });
    this.maxDelayMs = o.maxDelayMs ?? 60_000;
    this.owner = leaseOwnerName(o.instanceId ?? randomBytes(8).toString('hex'));
    this.leaseMs = o.leaseMs ?? 30_000;
  }

  runDir(runId: string): string {
    return join(this.o.dataDir, 'runs', runId);
  }

  get runningCount(): number {
    return this.active.size;
  }

  /** Recovers what a crash left behind, then fires what is due. Safe to call twice. */
  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'starting';
    await this.sweep();
    this.state = 'ready';
    this.heartbeat = setInterval(() => void this.sweep().catch((error) => this.log.error({ err: error }, 'lease sweep failed')), this.o.heartbeatMs ?? 10_000);
    this.heartbeat.unref();
    await this.wake();
  }

  /**
   * Stops taking new work at once, lets running runs go on for up to `graceMs`, then ends
   * the rest's process groups; they become interrupted (and retried if the schedule says so).
   */
  async stop(graceMs = this.o.shutdownGraceMs ?? 0): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    if (graceMs > 0 && this.active.size > 0) {
      this.log.info({ running: this.active.size, graceMs }, 'waiting for running runs before stopping');
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.active.values()].map((a) => a.done)),
        new Promise((resolve) => (graceTimer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(graceTimer);
    }
    for (const entry of this.active.values()) {
      entry.reason = SHUTDOWN;
      entry.controller.abort();
    }
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
    await this.ticking;
    this.state = 'stopped';
  }

  /** Fires what is due, starts what fits, re-arms the timer. Calls made during a tick coalesce. */
  wake(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true;
      return this.ticking;
    }
    this.ticking = (async () => {
      do {
        this.tickAgain = false;
        try {
          await this.tick();
        } catch (error) {
          this.log.error({ err: error }, 'scheduler tick failed');
        }
      } while (this.tickAgain && this.state === 'ready');
    })().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async tick(): Promise<void> {
    if (this.state !== 'ready') return;
    const now = this.o.clock.now();
    for (const schedule of await this.o.store.dueSchedules(now)) {
      await this.fire(schedule, now);
    }
    await this.dispatch();
    await this.arm();
  }

  private async fire(s: Schedule, now: Date): Promise<void> {
    const plan = planFires({ trigger: s.trigger, catchUp: s.catchUp, nextRunAt: s.nextRunAt!, anchor: s.anchorAt }, now);
    const active = await this.o.store.activeRuns(s.id);
    let activeCount = active.length;
    let waitingCount = active.filter((r) => r.status === 'queued').length;
    let replace: string[] = [];
    const runs: NewRun[] = [];
    // The moment this schedule's record is made, not the tick's start: with many schedules due
    // at once, queuedAt - scheduledFor is then the real fire lag of each.
    const queuedAt = this.o.clock.now();
    for (const fire of plan.fires) {
      const run: NewRun = {
        id: newId('run', now.getTime()),
        scheduleId: s.id,
        notebook: s.notebook,
        trigger: fire.trigger,
        scheduledFor: fire.scheduledFor,
        queuedAt,
        status: fire.status,
        attempt: 1,
        error: fire.error,
        parameters: s.parameters,
        kernel: s.kernel,
        outputFormats: s.outputFormats,
        timeoutSeconds: s.timeoutSeconds,
        notBefore: null,
        finishedAt: fire.status === 'skipped' ? now : null,
      };
      if (fire.status === 'queued') {
        const decision = overlapDecision(s.overlap, activeCount, waitingCount);
        if (decision === 'skip') {
          Object.assign(run, { status: 'skipped', error: overlapSkipSentence(s.overlap), finishedAt: now });
        } else if (decision === 'replace') {
          replace = [...active.map((r) => r.id)];
          // Within one batch (catch-up "all"), a later fire replaces an earlier one too.
          for (const earlier of runs) {
            if (earlier.status === 'queued') {
              Object.assign(earlier, { status: 'skipped', error: 'Replaced by a newer fire time (overlap is "replace").', finishedAt: now });
            }
          }
          activeCount = 1;
        } else {
          activeCount += 1;
          if (decision === 'queue') waitingCount += 1;
        }
      }
      runs.push(run);
    }
    const created = await this.o.store.recordFires(s.id, s.nextRunAt!, runs, plan.nextRunAt, plan.lastNominalAt);
    if (created.length === 0) return;
    this.log.info({ scheduleId: s.id, runs: created.map((r) => r.id), nextRunAt: plan.nextRunAt }, 'schedule fired');
    for (const id of replace) {
      await this.cancel(id, 'Replaced by a newer run of the same schedule (overlap is "replace").').catch(() => undefined);
    }
    for (const run of created) {
      if (run.status === 'skipped') await this.announceFinished(run);
    }
    this.emit('fired', { scheduleId: s.id, runs: created });
  }

  private async dispatch(): Promise<void> {
    if (this.state !== 'ready') return;
    const now = this.o.clock.now();
    let free = this.o.maxConcurrentRuns - this.active.size;
    if (free <= 0) return;
    // Ask for enough to skip past runs held back by a running sibling of the same schedule.
    const candidates = await this.o.store.queuedRuns(now, free + this.active.size + 50);
    const busy = new Set([...this.active.values()].map((a) => a.scheduleId).filter((id) => id !== null));
    for (const run of candidates) {
      if (free <= 0) break;
      if (this.active.has(run.id)) continue;
      // One run at a time per schedule: "queue" overlap waits its turn, FIFO.
      if (run.scheduleId && busy.has(run.scheduleId)) continue;
      const claimedAt = this.o.clock.now();
      const token = randomBytes(16).toString('hex');
      const lease = { token, owner: this.owner, expiresAt: new Date(claimedAt.getTime() + this.leaseMs) };
      if (!(await this.o.store.claimRun(run.id, claimedAt, null, lease))) continue;
      if (run.scheduleId) busy.add(run.scheduleId);
      free -= 1;
      this.startRun(run, token);
    }
  }

  private startRun(run: Run, token: string): void {
    const controller = new AbortController();
    const entry: Active = { controller, scheduleId: run.scheduleId, reason: null, done: Promise.resolve(), token };
    this.active.set(run.id, entry);
    entry.done = this.execute(run, entry)
      .catch((error) => this.log.error({ err: error, runId: run.id }, 'run bookkeeping failed'))
      .finally(() => {
        this.active.delete(run.id);
        if (this.state === 'ready') void this.wake();
      });
  }

  private async execute(queued: Run, entry: Active): Promise<void> {
    const log = this.o.logger.child({ component: 'run', scheduleId: queued.scheduleId, runId: queued.id });
    const run = (await this.o.store.getRun(queued.id)) ?? queued;
    this.emit('run-started', run);
    log.info({ notebook: run.notebook, attempt: run.attempt }, 'run started');
    let result;
    try {
      const notebookPath = await resolveNotebook(this.o.rootDir, run.notebook);
      result = await this.o.executor.execute(run, notebookPath, this.runDir(run.id), {
        signal: entry.controller.signal,
        onStart: (pid) => void this.o.store.setRunPid(run.id, pid, this.o.runner.processStarted(pid), entry.token),
        onProgress: (progress) => void this.o.store.setRunProgress(run.id, progress, entry.token),
      });
    } catch (error) {
      result = {
        status: 'failed' as const,
        exitCode: null,
        error: storageSentence(error, this.runDir(run.id)) ?? (error as Error).message,
        outputs: await listOutputs(this.runDir(run.id)).catch(() => []),
        durationMs: 0,
      };
    }
    let status: RunStatus = result.status;
    let error = result.error;
    if (status === 'cancelled' && entry.reason) {
      error = entry.reason;
      if (entry.reason === SHUTDOWN) status = 'interrupted';
    }
    const finished = await this.o.store.finishRun(run.id, {
      status,
      error,
      finishedAt: this.o.clock.now(),
      exitCode: result.exitCode,
      outputs: result.outputs,
      durationMs: result.durationMs,
      leaseToken: entry.token,
    });
    if (!finished) {
      // Recovery (here or in another sidecar) already decided this run's fate; this attempt is stale.
      log.warn({ status }, 'a stale attempt finished; its result was not written');
      return;
    }
    log.info({ status: finished.status, durationMs: finished.durationMs, error: finished.error }, 'run finished');
    await this.announceFinished(finished);
    await this.retryIfAsked(finished);
    await this.prune(finished.scheduleId);
  }

  /**
   * Renews this sidecar's leases, abandons runs whose lease another sidecar took, and marks
   * interrupted every running run whose owner is provably gone (same host, process dead) or
   * whose lease ran out, ending the process group it left once it is proven ours. Runs at
   * start-up and on every heartbeat; two sidecars sweeping at once recover a run once, because
   * the move to interrupted is one conditional write.
   */
  async sweep(): Promise<void> {
    const now = this.o.clock.now();
    const held = [...this.active.entries()];
    if (held.length > 0) {
      const lost = new Set(await this.o.store.renewLeases(held.map(([, a]) => a.token), new Date(now.getTime() + this.leaseMs)));
      for (const [runId, entry] of held) {
        if (!lost.has(entry.token) || entry.controller.signal.aborted) continue;
        this.log.warn({ runId }, 'lost the lease of a running run; abandoning this attempt');
        entry.reason = LEASE_LOST;
        entry.controller.abort();
      }
    }
    const candidates = new Map<string, Run>();
    for (const run of await this.o.store.runsWithStatus('running')) if (ownerIsGone(run.leaseOwner)) candidates.set(run.id, run);
    for (const run of await this.o.store.expiredLeases(now)) candidates.set(run.id, run);
    for (const run of candidates.values()) {
      if (this.active.has(run.id)) continue;
      await this.recover(run);
    }
  }

  private async recover(run: Run): Promise<void> {
    if (run.pid) {
      try {
        if (!this.o.runner.killGroup(run.pid, run.pidStarted)) {
          this.log.debug({ runId: run.id, pid: run.pid }, 'no process of the interrupted run was left (or none provably ours)');
        }
      } catch (error) {
        this.log.warn({ runId: run.id, pid: run.pid, err: error }, 'could not end the process group of an interrupted run');
      }
    }
    const now = this.o.clock.now();
    const finished = await this.o.store.finishRun(run.id, {
      status: 'interrupted',
      finishedAt: now,
      exitCode: null,
      error: CRASHED,
      outputs: await listOutputs(this.runDir(run.id)).catch(() => []),
      durationMs: run.startedAt ? Math.max(0, now.getTime() - run.startedAt.getTime()) : null,
    });
    if (finished) {
      this.log.warn({ runId: run.id, scheduleId: run.scheduleId, owner: run.leaseOwner }, 'run marked interrupted');
      await this.announceFinished(finished);
      await this.retryIfAsked(finished);
    }
  }

  private async retryIfAsked(run: Run): Promise<void> {
    if (!run.scheduleId || !['failed', 'timed_out', 'interrupted'].includes(run.status)) return;
    const schedule = await this.o.store.getSchedule(run.scheduleId);
    if (!schedule) return;
    const delay = retryDelayMs(schedule.retries, run.attempt + 1, this.o.random);
    if (delay === null) return;
    const now = this.o.clock.now();
    const retry = await this.o.store.createRun({
      ...run,
      id: newId('run', now.getTime()),
      trigger: 'retry',
      attempt: run.attempt + 1,
      queuedAt: now,
      status: 'queued',
      error: null,
      finishedAt: null,
      notBefore: new Date(now.getTime() + delay),
    }).catch((error) => {
      // Another sidecar recovering the same run at once already queued this attempt (unique key).
      this.log.debug({ err: error, runId: run.id }, 'retry not queued');
      return null;
    });
    if (!retry) return;
    this.log.info({ runId: retry.id, scheduleId: run.scheduleId, attempt: retry.attempt, delayMs: delay }, 'retry queued');
  }

  private async prune(scheduleId: string | null): Promise<void> {
    if (!scheduleId) return;
    const schedule = await this.o.store.getSchedule(scheduleId);
    if (!schedule) return;
    const old = await this.o.store.runsBeyondKeep(scheduleId, schedule.keepRuns);
    if (old.length === 0) return;
    await this.o.store.deleteRuns(old);
    await Promise.all(old.map((id) => rm(this.runDir(id), { recursive: true, force: true })));
  }

  private async announceFinished(run: Run): Promise<void> {
    try {
      await appendFile(join(this.o.dataDir, 'runs.jsonl'), JSON.stringify(runJson(run)) + '\n');
    } catch (error) {
      this.log.warn({ err: error, runId: run.id }, 'could not append to runs.jsonl');
    }
    this.emit('run-finished', run);
  }

  private async arm(): Promise<void> {
    clearTimeout(this.timer);
    if (this.state !== 'ready') return;
    const now = this.o.clock.now();
    const [counts, retryAt] = await Promise.all([this.o.store.counts(), this.o.store.nextQueuedWake(now)]);
    const due = [counts.nextRunAt, retryAt].filter((d): d is Date => d !== null).map((d) => d.getTime());
    if (due.length === 0) return;
    const delay = Math.min(Math.max(0, Math.min(...due) - now.getTime()), this.maxDelayMs);
    this.timer = setTimeout(() => void this.wake(), delay);
    // The HTTP server keeps the process alive; the timer alone should not.
    this.timer.unref();
  }

  /** Stops a queued or running run. Resolves with the run once it has stopped. */
  async cancel(runId: string, reason: string | null = null): Promise<Run> {
    const run = await this.o.store.getRun(runId);
    if (!run) throw new NotFoundError('run', runId);
    if (run.status === 'queued') {
      const finished = await this.o.store.finishRun(runId, {
        status: 'cancelled',
        finishedAt: this.o.clock.now(),
        exitCode: null,
        error: reason ?? 'Cancelled before it started.',
        outputs: [],
        durationMs: null,
      });
      if (finished) {
        await this.announceFinished(finished);
        return finished;
      }
      return this.cancel(runId, reason); // it started meanwhile
    }
    const entry = this.active.get(runId);
    if (run.status === 'running' && entry) {
      entry.reason = reason ?? 'Cancelled while running.';
      entry.controller.abort();
      await entry.done;
      return (await this.o.store.getRun(runId))!;
    }
    if (run.status === 'running') {
      throw new ConflictError('This run is running in another nbschedule instance; cancel it there.');
    }
    throw new ConflictError(`The run already finished (${run.status}); only queued or running runs can be cancelled.`);
  }

  /** Cancels a schedule's queued and running runs (before deleting it). */
  async cancelScheduleRuns(scheduleId: string, reason: string): Promise<void> {
    for (const run of await this.o.store.activeRuns(scheduleId)) {
      await this.cancel(run.id, reason).catch(() => undefined);
    }
  }
}

/** A clear sentence when a run could not write its folder (disk full, read-only, no permission). */
export function storageSentence(error: unknown, dir: string): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EROFS: 'the file system is read-only',
    EACCES: 'permission was denied',
    EPERM: 'permission was denied',
    ENOTDIR: 'a file is in the way of the folder',
    EEXIST: 'a file is in the way of the folder',
  };
  if (!code || !why[code]) return null;
  return `Could not write this run's files to ${dir}: ${why[code]} (${code}). Free space or fix the data folder; other schedules are not affected.`;
}
