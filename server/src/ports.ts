// The seams between the core and the world. The composition root (main.ts) plugs in
// SQLite, execa, the system clock and pino; tests plug in their own where it helps.
import type { FireRecord } from './core/fire-record.js';
import type { NewRun, Run, RunOutput, Schedule } from './core/model.js';
import type { RunStatus } from './core/run-state.js';
import type { Webhook } from './core/webhooks.js';

export type Page<T> = { items: T[]; nextCursor: string | null };

export type ScheduleQuery = { q?: string; enabled?: boolean; tag?: string; limit: number; cursor?: string };
export type RunQuery = { scheduleId?: string; status?: RunStatus; since?: Date; limit: number; cursor?: string };

export type RunFinish = {
  status: RunStatus;
  finishedAt: Date;
  exitCode: number | null;
  error: string | null;
  outputs: RunOutput[];
  durationMs: number | null;
  /** When given, the write happens only if the run's lease is still this one (a stale attempt is refused). */
  leaseToken?: string;
};

/** What a sidecar holds while it runs a run: a secret per claim, its own name, and a deadline. */
export type Lease = { token: string; owner: string; expiresAt: Date };

export type StoreCounts = { schedules: number; queued: number; running: number; nextRunAt: Date | null };

/** Asynchronous so a PostgreSQL store can slot in beside SQLite. */
export interface Store {
  readonly kind: string;
  createSchedule(s: Schedule): Promise<void>;
  getSchedule(id: string): Promise<Schedule | null>;
  listSchedules(query: ScheduleQuery): Promise<Page<Schedule>>;
  /** Writes every field but `lastRun`, `lastNominalAt` and `createdAt`. */
  updateSchedule(s: Schedule): Promise<void>;
  /** Returns the ids of the runs deleted with it (only when `purge`). */
  deleteSchedule(id: string, purge: boolean): Promise<string[]>;
  dueSchedules(now: Date): Promise<Schedule[]>;
  /**
   * In one transaction, for each record: move the schedule on, only if its next_run_at is still
   * `expectedNextRunAt` (another instance may have fired it), and insert its runs (a run whose
   * (schedule, fire time, attempt) exists is silently not inserted). Returns, per record, the
   * runs inserted.
   */
  recordFires(records: FireRecord[]): Promise<Run[][]>;
  createRun(run: NewRun): Promise<Run>;
  getRun(id: string): Promise<Run | null>;
  listRuns(query: RunQuery): Promise<Page<Run>>;
  /** The queued or running runs of each of these schedules (absent when none). */
  activeRuns(scheduleIds: string[]): Promise<Map<string, Run[]>>;
  /** Queued runs whose notBefore has come, oldest first. */
  queuedRuns(now: Date, limit: number): Promise<Run[]>;
  /** The earliest notBefore among queued runs that are not ready yet. */
  nextQueuedWake(now: Date): Promise<Date | null>;
  runsWithStatus(status: RunStatus): Promise<Run[]>;
  /** queued → running under `lease`, only if still queued; false when another claimant won. */
  claimRun(id: string, startedAt: Date, progress: Run['progress'], lease?: Lease): Promise<boolean>;
  /** Records the run's process group; with `leaseToken`, only while that lease holds. */
  setRunPid(id: string, pid: number | null, pidStarted?: string | null, leaseToken?: string): Promise<boolean>;
  setRunProgress(id: string, progress: Run['progress'], leaseToken?: string): Promise<boolean>;
  /** Moves the leases on to `expiresAt`; returns the tokens that are no longer held (recovered by someone). */
  renewLeases(tokens: string[], expiresAt: Date): Promise<string[]>;
  /** Running runs whose lease ran out before `now`. */
  expiredLeases(now: Date): Promise<Run[]>;
  /** Finished runs (any schedule or none) that finished before `cutoff`, oldest first. */
  runsFinishedBefore(cutoff: Date, limit: number): Promise<string[]>;
  /** An online copy of the database to `path` (consistent while others write). */
  backup(path: string): Promise<void>;
  /** Moves a run to a finished status through the state machine; null if not allowed. */
  finishRun(id: string, finish: RunFinish): Promise<Run | null>;
  /** Run ids of a schedule beyond its newest `keep` finished runs. */
  runsBeyondKeep(scheduleId: string, keep: number): Promise<string[]>;
  deleteRuns(ids: string[]): Promise<void>;
  counts(): Promise<StoreCounts>;
  /** A schedule's webhooks (empty when none); they go with the schedule when it is deleted. */
  getWebhooks(scheduleId: string): Promise<Webhook[]>;
  setWebhooks(scheduleId: string, webhooks: Webhook[]): Promise<void>;
  close(): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export type ProcessRequest = {
  file: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** A file fed to the child's stdin. */
  inputFile?: string;
  timeoutMs: number | null;
  signal: AbortSignal;
  /** How much of stdout+stderr (interleaved) to keep, from the end. */
  keepBytes: number;
  onStart?: (pid: number) => void;
  /** Each complete line of stderr as it arrives (for progress). */
  onStderrLine?: (line: string) => void;
};

export type ProcessResult = {
  exitCode: number | null;
  /** Why it ended when it did not exit on its own. */
  ended: 'exited' | 'timed_out' | 'cancelled' | 'failed_to_start';
  output: string;
  stderr: string;
  durationMs: number;
  startError?: string;
};

/** The one seam for child processes: argument arrays, own process group, capped output. */
export interface ProcessRunner {
  run(request: ProcessRequest): Promise<ProcessResult>;
  /**
   * Ends a process group a crash left behind (SIGKILL), but only when `pid` still leads its
   * own group and, when `started` is given, started at that time (so a reused pid is left
   * alone). Returns whether it signalled; no error when it is gone.
   */
  killGroup(pid: number, started?: string | null): boolean;
  /** The start time of a process, as recorded for killGroup; null when it is gone (or unknown here). */
  processStarted(pid: number): string | null;
}

export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  debug(fields: object, message: string): void;
  child(scope: Record<string, string | null | undefined>): Logger;
}
