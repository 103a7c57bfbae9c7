// The scheduler: wakes with one timer for the earliest due time, records each wake's fires in
// a few batched transactions (a unique key per fire time), and runs queued runs with a global
// concurrency bound. It never polls in a busy loop; the timer is capped so a clock jump
// (suspend, NTP) costs at most `maxDelayMs` of lateness.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from './core/errors.js';
import { ON_TIME_GRACE_MS, planFires } from './core/fire-plan.js';
import { fireRecord } from './core/fire-record.js';
import type { Run, Schedule } from './core/model.js';
import type { RunStatus } from './core/run-state.js';
import type { NotebookExecutor } from './executor/notebook-executor.js';
import { listOutputs } from './executor/notebook-executor.js';
import { newId } from './ids.js';
import { Leases, leaseOwnerName, type ActiveRun } from './leases.js';
import { resolveNotebook } from './notebook-path.js';
import type { Clock, Logger, ProcessRunner, Store } from './ports.js';
import { RunAftermath, storageSentence } from './run-aftermath.js';

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

/** Schedules per fire transaction: small enough that lease renewals and requests get a turn between them. */
export const FIRE_BATCH = 250;

export type SchedulerState = 'stopped' | 'starting' | 'ready' | 'stopping';

export interface SchedulerEvents {
  'run-started': [Run];
  'run-finished': [Run];
  fired: [{ scheduleId: string; runs: Run[] }];
}

const SHUTDOWN = 'The sidecar stopped while this run was running.';

export class Scheduler extends EventEmitter<SchedulerEvents> {
  state: SchedulerState = 'stopped';
  readonly owner: string;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly active = new Map<string, ActiveRun>();
  private ticking: Promise<void> | null = null;
  private tickAgain = false;
  private readonly log: Logger;
  private readonly maxDelayMs: number;
  private readonly leaseMs: number;
  private readonly aftermath: RunAftermath;
  private readonly leases: Leases;
  /** Since when this scheduler has been awake: fire times before it were missed, not late. */
  private watchedSince: Date | undefined;
  private lastTickAt: Date | undefined;

  constructor(private readonly o: SchedulerOptions) {
    super();
    this.log = o.logger.child({ component: 'scheduler' });
    this.maxDelayMs = o.maxDelayMs ?? 60_000;
    this.owner = leaseOwnerName(o.instanceId ?? randomBytes(8).toString('hex'));
    this.leaseMs = o.leaseMs ?? 30_000;
    this.aftermath = new RunAftermath({ ...o, logger: this.log, onFinished: (run) => this.emit('run-finished', run) });
    this.leases = new Leases({ ...o, logger: this.log, aftermath: this.aftermath, leaseMs: this.leaseMs, active: this.active });
  }

  runDir(runId: string): string {
    return this.aftermath.runDir(runId);
  }

  get runningCount(): number {
    return this.active.size;
  }

  /** Recovers what a crash left behind, then fires what is due. Safe to call twice. */
  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'starting';
    this.watchedSince = this.o.clock.now();
    await this.sweep();
    this.state = 'ready';
    this.heartbeat = setInterval(() => void this.sweep().catch((error) => this.log.error({ err: error }, 'lease sweep failed')), this.o.heartbeatMs ?? 10_000);
    this.heartbeat.unref();
    await this.wake();
  }

  /** Renews this sidecar's leases and recovers runs whose owner is gone (see Leases). */
  sweep(): Promise<void> {
    return this.leases.sweep();
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
    this.noticeGap(now);
    const due = await this.o.store.dueSchedules(now);
    for (let i = 0; i < due.length && this.state === 'ready'; i += FIRE_BATCH) {
      // Between batches, let lease renewals and requests in (better-sqlite3 never yields).
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      await this.fire(due.slice(i, i + FIRE_BATCH), now);
    }
    await this.dispatch();
    await this.arm();
  }

  /**
   * The timer wakes us at least every maxDelayMs; a longer silence means the machine slept or
   * the clock jumped forwards, and what fell due meanwhile was missed (catchUp applies). After a
   * jump backwards, the time we have watched since restarts at the new now.
   */
  private noticeGap(now: Date): void {
    const last = this.lastTickAt;
    this.lastTickAt = now;
    if (!last || !this.watchedSince) return;
    const silentMs = now.getTime() - last.getTime();
    if (silentMs > this.maxDelayMs + ON_TIME_GRACE_MS || now.getTime() < this.watchedSince.getTime()) {
      if (silentMs > 0) this.log.warn({ silentMs }, 'the scheduler was not awake (machine asleep or clock jumped); missed fire times follow catchUp');
      this.watchedSince = now;
    }
  }

  /** One transaction for a batch of due schedules; the side effects (cancel, events) after it. */
  private async fire(schedules: Schedule[], now: Date): Promise<void> {
    const active = await this.o.store.activeRuns(schedules.map((s) => s.id));
    const planned = schedules.map((s) =>
      fireRecord(
        s,
        planFires({ trigger: s.trigger, catchUp: s.catchUp, nextRunAt: s.nextRunAt!, anchor: s.anchorAt }, now, this.watchedSince),
        active.get(s.id) ?? [],
        now,
        () => newId('run', now.getTime()),
      ),
    );
    // Stamped as the batch is written, so queuedAt - scheduledFor is each fire's real lag.
    const queuedAt = this.o.clock.now();
    const records = planned.map((r) => ({ ...r, runs: r.runs.map((run) => ({ ...run, queuedAt })) }));
    const created = await this.o.store.recordFires(records);
    for (const [i, record] of records.entries()) {
      const runs = created[i];
      if (runs.length === 0) continue;
      this.log.info({ scheduleId: record.scheduleId, runs: runs.map((r) => r.id), nextRunAt: record.nextRunAt }, 'schedule fired');
      for (const id of record.replace) {
        await this.cancel(id, 'Replaced by a newer run of the same schedule (overlap is "replace").').catch(() => undefined);
      }
    }
    await this.aftermath.announceFinished(created.flat().filter((run) => run.status === 'skipped'));
    for (const [i, record] of records.entries()) {
      if (created[i].length > 0) this.emit('fired', { scheduleId: record.scheduleId, runs: created[i] });
    }
  }

  private async dispatch(): Promise<void> {
    if (this.state !== 'ready') return;
    let free = this.o.maxConcurrentRuns - this.active.size;
    if (free <= 0) return;
    const now = this.o.clock.now();
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
    const entry: ActiveRun = { controller, scheduleId: run.scheduleId, reason: null, done: Promise.resolve(), token, finished: false };
    this.active.set(run.id, entry);
    entry.done = this.execute(run, entry)
      .catch((error) => this.log.error({ err: error, runId: run.id }, 'run bookkeeping failed'))
      .finally(() => {
        this.active.delete(run.id);
        if (this.state === 'ready') void this.wake();
      });
  }

  private async execute(queued: Run, entry: ActiveRun): Promise<void> {
    const log = this.o.logger.child({ component: 'run', scheduleId: queued.scheduleId, runId: queued.id });
    const run = (await this.o.store.getRun(queued.id)) ?? queued;
    const runDir = this.runDir(run.id);
    this.emit('run-started', run);
    log.info({ notebook: run.notebook, attempt: run.attempt }, 'run started');
    let result;
    try {
      const notebookPath = await resolveNotebook(this.o.rootDir, run.notebook);
      result = await this.o.executor.execute(run, notebookPath, runDir, {
        signal: entry.controller.signal,
        onStart: (pid) => void this.o.store.setRunPid(run.id, pid, this.o.runner.processStarted(pid), entry.token),
        onProgress: (progress) => void this.o.store.setRunProgress(run.id, progress, entry.token),
      });
    } catch (error) {
      result = {
        status: 'failed' as const,
        exitCode: null,
        error: storageSentence(error, runDir) ?? (error as Error).message,
        outputs: await listOutputs(runDir).catch(() => []),
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
    entry.finished = true;
    if (!finished) {
      // Recovery (here or in another sidecar) already decided this run's fate; this attempt is stale.
      log.warn({ status }, 'a stale attempt finished; its result was not written');
      return;
    }
    log.info({ status: finished.status, durationMs: finished.durationMs, error: finished.error }, 'run finished');
    await this.aftermath.announceFinished([finished]);
    await this.aftermath.retryIfAsked(finished);
    await this.aftermath.prune(finished.scheduleId);
  }

  /** The timer for the earliest due time or retry, and at least every maxDelayMs (for schedules other sidecars add). */
  private async arm(): Promise<void> {
    clearTimeout(this.timer);
    if (this.state !== 'ready') return;
    const now = this.o.clock.now();
    const [counts, retryAt] = await Promise.all([this.o.store.counts(), this.o.store.nextQueuedWake(now)]);
    const due = [counts.nextRunAt, retryAt].filter((d): d is Date => d !== null).map((d) => d.getTime() - now.getTime());
    this.timer = setTimeout(() => void this.wake(), Math.max(0, Math.min(this.maxDelayMs, ...due)));
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
        await this.aftermath.announceFinished([finished]);
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
    for (const run of (await this.o.store.activeRuns([scheduleId])).get(scheduleId) ?? []) {
      await this.cancel(run.id, reason).catch(() => undefined);
    }
  }
}
