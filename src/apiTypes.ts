/**
 * The payloads of the nbschedule REST API (`<base_url>nbschedule/api/v1`), as in DESIGN.md.
 *
 * Every API type of the frontend lives in this one file, so that it can be swapped for
 * types generated from the sidecar's OpenAPI document (component names in CONTRACTS.md).
 */

/** Fire on a cron expression (5 fields, or 6 with seconds first) in an IANA time zone. */
export interface CronTrigger {
  cron: string;
  timezone?: string;
}

/** Fire every N seconds. */
export interface IntervalTrigger {
  everySeconds: number;
}

/** Fire once, at an ISO-8601 instant. */
export interface OnceTrigger {
  at: string;
}

export type Trigger = CronTrigger | IntervalTrigger | OnceTrigger;

export type RunStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'timed_out'
  | 'cancelled'
  | 'interrupted'
  | 'skipped';

export type RunTriggerKind = 'schedule' | 'manual' | 'retry' | 'catch-up';

export type OutputFormat = 'ipynb' | 'html';

export type OverlapPolicy = 'skip' | 'queue' | 'replace';

export type CatchUpPolicy = 'none' | 'latest' | 'all';

export interface RetryPolicy {
  max: number;
  delaySeconds: number;
  backoff: number | string;
}

export interface RunOutput {
  /** `executed.ipynb`, `executed.html`, `input.ipynb`, `run.log` */
  name: string;
  format: 'ipynb' | 'html' | 'log' | string;
  size: number;
}

export interface RunProgress {
  cell: number;
  cells: number;
}

export interface Run {
  id: string;
  scheduleId: string | null;
  notebook: string;
  trigger: RunTriggerKind;
  scheduledFor: string | null;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  status: RunStatus;
  attempt: number;
  exitCode: number | null;
  error: string | null;
  parameters: Record<string, unknown>;
  progress?: RunProgress | null;
  outputs: RunOutput[];
  durationMs: number | null;
}

/** The `lastRun` summary carried by a schedule. */
export type RunSummary = Pick<Run, 'id' | 'status'> &
  Partial<
    Pick<Run, 'scheduledFor' | 'startedAt' | 'finishedAt' | 'durationMs' | 'error' | 'outputs'>
  >;

export interface Schedule {
  id: string;
  name: string;
  notebook: string;
  trigger: Trigger;
  enabled: boolean;
  parameters: Record<string, unknown>;
  kernel?: string | null;
  outputFormats: OutputFormat[];
  timeoutSeconds?: number | null;
  retries?: RetryPolicy | null;
  overlap?: OverlapPolicy;
  catchUp?: CatchUpPolicy;
  keepRuns?: number | null;
  tags: string[];
  description?: string | null;
  /** The trigger in plain English, when the sidecar supplies it with the schedule. */
  triggerDescription?: string | null;
  createdAt: string;
  updatedAt: string;
  nextRunAt: string | null;
  lastRun: RunSummary | null;
}

export interface ScheduleCreate {
  name: string;
  notebook: string;
  trigger: Trigger;
  enabled?: boolean;
  parameters?: Record<string, unknown>;
  kernel?: string | null;
  outputFormats?: OutputFormat[];
  timeoutSeconds?: number | null;
  retries?: RetryPolicy | null;
  overlap?: OverlapPolicy;
  catchUp?: CatchUpPolicy;
  keepRuns?: number | null;
  tags?: string[];
  description?: string | null;
}

export type SchedulePatch = Partial<ScheduleCreate>;

/** `POST /schedules/{id}/run` */
export interface RunNow {
  parameters?: Record<string, unknown>;
}

/** `POST /runs`: one run of a notebook without a schedule. */
export interface RunCreate {
  notebook: string;
  parameters?: Record<string, unknown>;
  kernel?: string | null;
  outputFormats?: OutputFormat[];
  timeoutSeconds?: number | null;
}

export interface PreviewRequest {
  trigger: Trigger;
  count?: number;
}

export interface Preview {
  /** The trigger in plain English, e.g. "Every hour, Europe/Berlin". */
  description: string;
  /** The next fire times, ISO-8601 UTC. */
  nextRuns: string[];
}

export type SidecarState =
  | 'running'
  | 'starting'
  | 'restarting'
  | 'stopped'
  | 'failed'
  | 'external';

/** What the server extension adds about the sidecar it supervises. */
export interface SidecarInfo {
  state: SidecarState;
  restarts: number;
  reason: string | null;
}

export interface StatusCounts {
  schedules?: number;
  enabled?: number;
  queued?: number;
  running?: number;
}

export interface Status {
  state: 'starting' | 'ready' | 'degraded';
  version: string;
  instanceId: string;
  store?: string;
  counts: StatusCounts;
  nextDueAt: string | null;
  reason?: string | null;
  sidecar?: SidecarInfo;
}

export interface ErrorDetail {
  code: string;
  message: string;
  field: string | null;
}

export interface ErrorBody {
  error: ErrorDetail;
  sidecar?: SidecarInfo;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ScheduleList = Page<Schedule>;
export type RunList = Page<Run>;
