// What follows a run's end, wherever it ended (its own process, a cancel, a recovery): the
// runs.jsonl line and the event, the retry its schedule asks for, and pruning to keepRuns.
import { appendFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { retryDelayMs } from './core/fire-plan.js';
import type { Run } from './core/model.js';
import { newId } from './ids.js';
import type { Clock, Logger, Store } from './ports.js';
import { runJson } from './present.js';

export type AftermathOptions = {
  store: Store;
  clock: Clock;
  logger: Logger;
  dataDir: string;
  /** For the retry jitter; tests pass a fixed one. */
  random?: () => number;
  onFinished: (run: Run) => void;
};

export class RunAftermath {
  constructor(private readonly o: AftermathOptions) {}

  runDir(runId: string): string {
    return join(this.o.dataDir, 'runs', runId);
  }

  /** One runs.jsonl write for them all: a catch-up can finish thousands as skipped at once. */
  async announceFinished(runs: Run[]): Promise<void> {
    if (runs.length === 0) return;
    try {
      await appendFile(join(this.o.dataDir, 'runs.jsonl'), runs.map((run) => JSON.stringify(runJson(run)) + '\n').join(''));
    } catch (error) {
      this.o.logger.warn({ err: error, runs: runs.map((r) => r.id) }, 'could not append to runs.jsonl');
    }
    for (const run of runs) this.o.onFinished(run);
  }

  async retryIfAsked(run: Run): Promise<void> {
    if (!run.scheduleId || !['failed', 'timed_out', 'interrupted'].includes(run.status)) return;
    const schedule = await this.o.store.getSchedule(run.scheduleId);
    if (!schedule) return;
    const delay = retryDelayMs(schedule.retries, run.attempt + 1, this.o.random);
    if (delay === null) return;
    const now = this.o.clock.now();
    const retry = await this.o.store
      .createRun({
        ...run,
        id: newId('run', now.getTime()),
        trigger: 'retry',
        attempt: run.attempt + 1,
        queuedAt: now,
        status: 'queued',
        error: null,
        finishedAt: null,
        notBefore: new Date(now.getTime() + delay),
      })
      .catch((error) => {
        // Another sidecar recovering the same run at once already queued this attempt (unique key).
        this.o.logger.debug({ err: error, runId: run.id }, 'retry not queued');
        return null;
      });
    if (!retry) return;
    this.o.logger.info({ runId: retry.id, scheduleId: run.scheduleId, attempt: retry.attempt, delayMs: delay }, 'retry queued');
  }

  async prune(scheduleId: string | null): Promise<void> {
    if (!scheduleId) return;
    const schedule = await this.o.store.getSchedule(scheduleId);
    if (!schedule) return;
    const old = await this.o.store.runsBeyondKeep(scheduleId, schedule.keepRuns);
    if (old.length === 0) return;
    await this.o.store.deleteRuns(old);
    await Promise.all(old.map((id) => rm(this.runDir(id), { recursive: true, force: true })));
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
