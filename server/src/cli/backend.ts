// What the command line asks of nbschedule, answered either by a running sidecar over HTTP
// (NBSCHEDULE_URL + NBSCHEDULE_TOKEN) or directly by the data dir's SQLite database.
import type { ScheduleDocument } from '../core/schedule-document.js';
import type { ImportEntries } from '../schedule-import.js';

/** Schedules and runs as the API presents them (ISO strings). */
export type ScheduleView = {
  id: string;
  name: string;
  notebook: string;
  enabled: boolean;
  triggerDescription: string;
  nextRunAt: string | null;
  lastRun: { status: string; finishedAt: string | null } | null;
};
export type RunView = { id: string; status: string; scheduleId: string | null; error: string | null; finishedAt: string | null };
export type StatusView = Record<string, unknown> & { counts: { schedules: number; queued: number; running: number }; nextDueAt: string | null };
export type ImportView = {
  dryRun: boolean;
  counts: { create: number; update: number; unchanged: number };
  items: Array<{ name: string; action: string; id: string | null; changes: string[] }>;
};

export interface Backend {
  /** Where the answers come from, for people: a URL or a data dir. */
  readonly where: string;
  status(): Promise<StatusView>;
  schedules(): Promise<ScheduleView[]>;
  runNow(scheduleId: string): Promise<RunView>;
  run(runId: string): Promise<RunView>;
  exportDocument(): Promise<ScheduleDocument>;
  importDocument(entries: ImportEntries, dryRun: boolean): Promise<ImportView>;
  close(): Promise<void>;
}

/** A failure to show the user as one sentence (no stack). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
