// The domain's records as the core sees them: plain data, dates as Date.
import type { CatchUp, Overlap, RetryPolicy } from './fire-plan.js';
import type { RunStatus } from './run-state.js';
import type { Trigger } from './trigger.js';

/** What nbconvert produces here without extra software; `script` is the code alone in the kernel's language (.py, .r, .jl). */
export const OUTPUT_FORMATS = ['ipynb', 'html', 'markdown', 'script'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export type RunTrigger = 'schedule' | 'manual' | 'retry' | 'catch-up';

export type LastRunSummary = {
  id: string;
  status: RunStatus;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
};

/** Every setting of a schedule, nothing the store invents: what export/import carry. */
export type ScheduleDefinition = {
  name: string;
  notebook: string;
  trigger: Trigger;
  enabled: boolean;
  parameters: Record<string, unknown>;
  kernel: string | null;
  outputFormats: OutputFormat[];
  timeoutSeconds: number | null;
  retries: RetryPolicy;
  overlap: Overlap;
  catchUp: CatchUp;
  keepRuns: number;
  tags: string[];
  description: string;
};

export type Schedule = ScheduleDefinition & {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  nextRunAt: Date | null;
  /** Where an everySeconds grid starts: creation, or the last change of trigger or enabled. */
  anchorAt: Date;
  /** The nominal time of the last fire, so a restart knows what it missed. */
  lastNominalAt: Date | null;
  lastRun: LastRunSummary | null;
};

export type RunOutput = { name: string; format: OutputFormat | 'log'; size: number };

export type Run = {
  id: string;
  scheduleId: string | null;
  notebook: string;
  trigger: RunTrigger;
  scheduledFor: Date | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  status: RunStatus;
  attempt: number;
  exitCode: number | null;
  error: string | null;
  parameters: Record<string, unknown>;
  progress: { cell: number; cells: number } | null;
  outputs: RunOutput[];
  durationMs: number | null;
  /** What the run executes with, copied from the schedule when queued. */
  kernel: string | null;
  outputFormats: OutputFormat[];
  timeoutSeconds: number | null;
  /** A retry waits until then. */
  notBefore: Date | null;
  /** The process group of a running run, so a restart can end what a crash left behind. */
  pid: number | null;
  /** The start time of that group's leader, so only the group we started is ever killed. */
  pidStarted: string | null;
  /** Which sidecar runs it ("<host> <pid> <process start> <instance>") and until when its lease holds. */
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  /** While queued: its place in the first-in first-out queue (1 = next); computed, not stored. */
  queuePosition?: number | null;
};

/** A run as the scheduler creates it; the store fills in the rest as it runs. */
export type NewRun = Omit<Run, 'startedAt' | 'finishedAt' | 'exitCode' | 'progress' | 'outputs' | 'durationMs' | 'pid' | 'pidStarted' | 'leaseOwner' | 'leaseExpiresAt' | 'queuePosition'> & {
  finishedAt?: Date | null;
};
