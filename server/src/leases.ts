// Leases: every run a sidecar runs carries one, renewed by a heartbeat. The sweep renews this
// sidecar's leases, abandons runs whose lease another sidecar took, and recovers running runs
// whose owner is provably gone (same host, process dead) or whose lease ran out.
import { hostname } from 'node:os';
import { listOutputs } from './executor/notebook-executor.js';
import { isAlive, ownStarted } from './executor/process-identity.js';
import type { Run } from './core/model.js';
import type { Clock, Logger, ProcessRunner, Store } from './ports.js';
import type { RunAftermath } from './run-aftermath.js';

/** What this sidecar holds while one of its runs runs; `finished` once its result is written (the aftermath may go on). */
export type ActiveRun = {
  controller: AbortController;
  scheduleId: string | null;
  reason: string | null;
  done: Promise<void>;
  token: string;
  finished: boolean;
};

export const LEASE_LOST = 'Another nbschedule recovered this run after its lease ran out; this attempt was abandoned.';
const CRASHED =
  'The sidecar running it stopped while this run was running (it crashed or was killed); the run was marked interrupted.';

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

export type LeaseOptions = {
  store: Store;
  clock: Clock;
  runner: ProcessRunner;
  logger: Logger;
  aftermath: RunAftermath;
  leaseMs: number;
  /** This sidecar's runs, by run id. */
  active: ReadonlyMap<string, ActiveRun>;
};

export class Leases {
  constructor(private readonly o: LeaseOptions) {}

  /**
   * Runs at start-up and on every heartbeat. Two sidecars sweeping at once recover a run once,
   * because the move to interrupted is one conditional write.
   */
  async sweep(): Promise<void> {
    const now = this.o.clock.now();
    // A finished run's lease is no longer renewable, and not lost either.
    const held = [...this.o.active.entries()].filter(([, a]) => !a.finished);
    if (held.length > 0) {
      const lost = new Set(await this.o.store.renewLeases(held.map(([, a]) => a.token), new Date(now.getTime() + this.o.leaseMs)));
      for (const [runId, entry] of held) {
        if (!lost.has(entry.token) || entry.controller.signal.aborted) continue;
        this.o.logger.warn({ runId }, 'lost the lease of a running run; abandoning this attempt');
        entry.reason = LEASE_LOST;
        entry.controller.abort();
      }
    }
    const candidates = new Map<string, Run>();
    for (const run of await this.o.store.runsWithStatus('running')) if (ownerIsGone(run.leaseOwner)) candidates.set(run.id, run);
    for (const run of await this.o.store.expiredLeases(now)) candidates.set(run.id, run);
    for (const run of candidates.values()) {
      if (this.o.active.has(run.id)) continue;
      await this.recover(run);
    }
  }

  /** Ends the process group a run left (once proven ours), marks it interrupted, retries it if asked. */
  private async recover(run: Run): Promise<void> {
    const log = this.o.logger;
    if (run.pid) {
      try {
        if (!this.o.runner.killGroup(run.pid, run.pidStarted)) {
          log.debug({ runId: run.id, pid: run.pid }, 'no process of the interrupted run was left (or none provably ours)');
        }
      } catch (error) {
        log.warn({ runId: run.id, pid: run.pid, err: error }, 'could not end the process group of an interrupted run');
      }
    }
    const now = this.o.clock.now();
    const finished = await this.o.store.finishRun(run.id, {
      status: 'interrupted',
      finishedAt: now,
      exitCode: null,
      error: CRASHED,
      outputs: await listOutputs(this.o.aftermath.runDir(run.id)).catch(() => []),
      durationMs: run.startedAt ? Math.max(0, now.getTime() - run.startedAt.getTime()) : null,
    });
    if (!finished) return;
    log.warn({ runId: run.id, scheduleId: run.scheduleId, owner: run.leaseOwner }, 'run marked interrupted');
    await this.o.aftermath.announceFinished([finished]);
    await this.o.aftermath.retryIfAsked(finished);
  }
}
