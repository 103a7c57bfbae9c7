// Mapping between SQLite rows and domain records.
import type { Run, Schedule } from '../core/model.js';

export type ScheduleRow = {
  id: string;
  name: string;
  notebook: string;
  trigger_json: string;
  enabled: number;
  parameters_json: string;
  kernel: string | null;
  output_formats_json: string;
  timeout_seconds: number | null;
  retries_json: string;
  overlap: string;
  catch_up: string;
  keep_runs: number;
  tags_json: string;
  description: string;
  created_at: string;
  updated_at: string;
  next_run_at: string | null;
  anchor_at: string;
  last_nominal_at: string | null;
  last_run_id: string | null;
  lr_status?: string | null;
  lr_finished_at?: string | null;
  lr_duration_ms?: number | null;
  lr_error?: string | null;
};

export type RunRow = {
  id: string;
  schedule_id: string | null;
  notebook: string;
  trigger: string;
  scheduled_for: string | null;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  status: string;
  attempt: number;
  exit_code: number | null;
  error: string | null;
  parameters_json: string;
  progress_json: string | null;
  outputs_json: string;
  duration_ms: number | null;
  kernel: string | null;
  output_formats_json: string;
  timeout_seconds: number | null;
  not_before: string | null;
  pid: number | null;
  pid_started: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  queue_position?: number | null;
};

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const date = (s: string | null | undefined): Date | null => (s ? new Date(s) : null);

export function scheduleFromRow(r: ScheduleRow): Schedule {
  return {
    id: r.id,
    name: r.name,
    notebook: r.notebook,
    trigger: JSON.parse(r.trigger_json),
    enabled: r.enabled === 1,
    parameters: JSON.parse(r.parameters_json),
    kernel: r.kernel,
    outputFormats: JSON.parse(r.output_formats_json),
    timeoutSeconds: r.timeout_seconds,
    retries: JSON.parse(r.retries_json),
    overlap: r.overlap as Schedule['overlap'],
    catchUp: r.catch_up as Schedule['catchUp'],
    keepRuns: r.keep_runs,
    tags: JSON.parse(r.tags_json),
    description: r.description,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    nextRunAt: date(r.next_run_at),
    anchorAt: new Date(r.anchor_at),
    lastNominalAt: date(r.last_nominal_at),
    lastRun:
      r.last_run_id && r.lr_status
        ? {
            id: r.last_run_id,
            status: r.lr_status as Run['status'],
            finishedAt: date(r.lr_finished_at),
            durationMs: r.lr_duration_ms ?? null,
            error: r.lr_error ?? null,
          }
        : null,
  };
}

export function scheduleToRow(s: Schedule): Omit<ScheduleRow, 'last_run_id' | 'lr_status' | 'lr_finished_at' | 'lr_duration_ms' | 'lr_error'> {
  return {
    id: s.id,
    name: s.name,
    notebook: s.notebook,
    trigger_json: JSON.stringify(s.trigger),
    enabled: s.enabled ? 1 : 0,
    parameters_json: JSON.stringify(s.parameters),
    kernel: s.kernel,
    output_formats_json: JSON.stringify(s.outputFormats),
    timeout_seconds: s.timeoutSeconds,
    retries_json: JSON.stringify(s.retries),
    overlap: s.overlap,
    catch_up: s.catchUp,
    keep_runs: s.keepRuns,
    tags_json: JSON.stringify(s.tags),
    description: s.description,
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
    next_run_at: iso(s.nextRunAt),
    anchor_at: s.anchorAt.toISOString(),
    last_nominal_at: iso(s.lastNominalAt),
  };
}

export function runFromRow(r: RunRow): Run {
  return {
    id: r.id,
    scheduleId: r.schedule_id,
    notebook: r.notebook,
    trigger: r.trigger as Run['trigger'],
    scheduledFor: date(r.scheduled_for),
    queuedAt: new Date(r.queued_at),
    startedAt: date(r.started_at),
    finishedAt: date(r.finished_at),
    status: r.status as Run['status'],
    attempt: r.attempt,
    exitCode: r.exit_code,
    error: r.error,
    parameters: JSON.parse(r.parameters_json),
    progress: r.progress_json ? JSON.parse(r.progress_json) : null,
    outputs: JSON.parse(r.outputs_json),
    durationMs: r.duration_ms,
    kernel: r.kernel,
    outputFormats: JSON.parse(r.output_formats_json),
    timeoutSeconds: r.timeout_seconds,
    notBefore: date(r.not_before),
    pid: r.pid,
    pidStarted: r.pid_started,
    leaseOwner: r.lease_owner,
    leaseExpiresAt: date(r.lease_expires_at),
    queuePosition: r.queue_position ?? null,
  };
}
