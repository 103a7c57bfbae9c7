/**
 * The payloads of the nbschedule REST API (`<base_url>nbschedule/api/v1`), as named aliases
 * of the types generated from the sidecar's OpenAPI document (`npm run api:types` writes
 * src/apiSchema.generated.ts from server/openapi.json; tests/unit/apiTypesDrift.test.ts
 * fails when the two differ). Only what the server extension adds is written by hand here.
 */
import type { components } from './apiSchema.generated';

type Schemas = components['schemas'];

export type Trigger = Schemas['Trigger'];
export type CronTrigger = Extract<Trigger, { cron: string }>;
export type IntervalTrigger = Extract<Trigger, { everySeconds: number }>;
export type OnceTrigger = Extract<Trigger, { at: string }>;

export type Schedule = Schemas['Schedule'];
export type ScheduleCreate = Schemas['ScheduleCreate'];
export type SchedulePatch = Schemas['SchedulePatch'];
export type ScheduleList = Schemas['ScheduleList'];
export type Run = Schemas['Run'];
export type RunCreate = Schemas['RunCreate'];
export type RunNow = Schemas['RunNow'];
export type RunList = Schemas['RunList'];
export type PreviewRequest = Schemas['PreviewRequest'];
export type Preview = Schemas['Preview'];
export type ErrorBody = Schemas['Error'];
export type ErrorDetail = ErrorBody['error'];

export type RunStatus = Run['status'];
export type RunTriggerKind = Run['trigger'];
export type RunOutput = Run['outputs'][number];
export type RunProgress = NonNullable<Run['progress']>;
/** The `lastRun` summary a schedule carries. */
export type RunSummary = NonNullable<Schedule['lastRun']>;
export type OutputFormat = Schedule['outputFormats'][number];
export type OverlapPolicy = Schedule['overlap'];
export type CatchUpPolicy = Schedule['catchUp'];
export type RetryPolicy = Schedule['retries'];

/** A record over every format, so a format the sidecar adds fails the build until listed here. */
const FORMAT_ORDER: Record<OutputFormat, number> = { ipynb: 0, html: 1, markdown: 2, script: 3 };

/** Every output format a schedule may ask for, in the order the dialog lists them. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = (Object.keys(FORMAT_ORDER) as OutputFormat[]).sort(
  (a, b) => FORMAT_ORDER[a] - FORMAT_ORDER[b]
);

/** A page of a list: `{items, nextCursor}` (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * What the server extension (not the sidecar) adds about the sidecar it supervises, to
 * `GET /status` and to its 503 answers (CONTRACTS.md, "Server extension").
 */
export interface SidecarInfo {
  state: 'running' | 'starting' | 'restarting' | 'stopped' | 'failed' | 'external';
  restarts: number;
  reason: string | null;
}

/** `GET /status` as proxied: the sidecar's status plus the extension's `sidecar`. */
export type Status = Schemas['Status'] & { sidecar?: SidecarInfo };

/** An error answer as proxied: the sidecar's, or the extension's 503 with `sidecar`. */
export type ProxiedErrorBody = ErrorBody & { sidecar?: SidecarInfo };

/** `GET /export`, `POST /import`: schedules as code. */
export type ScheduleDocument = Schemas['ScheduleDocument'];
export type ImportResult = Schemas['ImportResult'];
/** `GET /runs/{id}/log?tail=N`: the end of a run's log, with its progress. */
export type RunLog = Schemas['RunLog'];
/** `GET /kernelspecs`: the kernels installed where runs execute. */
export type Kernelspecs = Schemas['Kernelspecs'];
