// One TypeBox schema per payload: fastify validates with it, TypeScript types come from it
// (Static), and @fastify/swagger names it in the OpenAPI document by its $id.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { LIMITS } from '../core/defaults.js';
import { OUTPUT_FORMATS } from '../core/model.js';
import { RUN_STATUSES } from '../core/run-state.js';

const Iso = (description?: string) => Type.String({ format: 'date-time', description });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Literals = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));

export const CronTrigger = Type.Object(
  {
    cron: Type.String({ minLength: 1, maxLength: 200, description: '5 fields, or 6 with seconds first' }),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone; default UTC' })),
  },
  { additionalProperties: false, title: 'CronTrigger' },
);
export const EveryTrigger = Type.Object(
  { everySeconds: Type.Integer({ minimum: LIMITS.everySecondsMin }) },
  { additionalProperties: false, title: 'EveryTrigger' },
);
export const AtTrigger = Type.Object(
  { at: Type.String({ minLength: 1, maxLength: 64, description: 'ISO-8601 with an offset' }) },
  { additionalProperties: false, title: 'AtTrigger' },
);
export const Trigger = Type.Union([CronTrigger, EveryTrigger, AtTrigger], { $id: 'Trigger' });

const Parameters = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
  maxProperties: 100,
  description: 'Injected into the notebook as typed literals',
});
const OutputFormats = Type.Array(Literals(OUTPUT_FORMATS), { minItems: 1, maxItems: OUTPUT_FORMATS.length, description: 'ipynb always; html, markdown, script (.py, .r, .jl) as asked' });
const Retries = Type.Object(
  {
    max: Type.Integer({ minimum: 0, maximum: LIMITS.retriesMax }),
    delaySeconds: Type.Integer({ minimum: 0, maximum: 86400 }),
    backoff: Type.Number({ minimum: 1, maximum: 10 }),
  },
  { additionalProperties: false },
);
const RetriesInput = Type.Partial(Retries, { additionalProperties: false });
const Overlap = Literals(['skip', 'queue', 'replace'] as const);
const CatchUp = Literals(['none', 'latest', 'all'] as const);
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.tagLength }), { maxItems: LIMITS.tags });
const Name = Type.String({ minLength: 1, maxLength: LIMITS.nameLength });
const Notebook = Type.String({ minLength: 1, maxLength: LIMITS.notebookLength, description: 'Relative to the Jupyter root dir' });
const Description = Type.String({ maxLength: LIMITS.descriptionLength });
const Kernel = Type.String({ minLength: 1, maxLength: 128 });
const TimeoutSeconds = Type.Integer({ minimum: 1, maximum: LIMITS.timeoutSecondsMax });
const KeepRuns = Type.Integer({ minimum: 1, maximum: 100000 });
const Status = Literals(RUN_STATUSES);

const scheduleInputFields = {
  name: Name,
  notebook: Notebook,
  trigger: Type.Ref(Trigger),
  enabled: Type.Optional(Type.Boolean()),
  parameters: Type.Optional(Parameters),
  kernel: Type.Optional(Nullable(Kernel)),
  outputFormats: Type.Optional(OutputFormats),
  timeoutSeconds: Type.Optional(Nullable(TimeoutSeconds)),
  retries: Type.Optional(Nullable(RetriesInput)),
  overlap: Type.Optional(Overlap),
  catchUp: Type.Optional(CatchUp),
  keepRuns: Type.Optional(Nullable(KeepRuns)),
  tags: Type.Optional(Tags),
  description: Type.Optional(Nullable(Description)),
};

export const ScheduleCreate = Type.Object(scheduleInputFields, { $id: 'ScheduleCreate', additionalProperties: false });
export type ScheduleCreate = Static<typeof ScheduleCreate>;

export const SchedulePatch = Type.Object(
  { ...scheduleInputFields, name: Type.Optional(Name), notebook: Type.Optional(Notebook), trigger: Type.Optional(Type.Ref(Trigger)) },
  { $id: 'SchedulePatch', additionalProperties: false, minProperties: 1 },
);
export type SchedulePatch = Static<typeof SchedulePatch>;

const RunOutput = Type.Object({
  name: Type.String(),
  format: Literals([...OUTPUT_FORMATS, 'log'] as const),
  size: Type.Integer({ minimum: 0 }),
});

const RunSummary = Type.Object({
  id: Type.String(),
  status: Status,
  finishedAt: Nullable(Iso()),
  durationMs: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
});

export const Schedule = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    notebook: Type.String(),
    trigger: Type.Ref(Trigger),
    triggerDescription: Type.String({ description: 'The trigger in plain English' }),
    enabled: Type.Boolean(),
    parameters: Type.Record(Type.String(), Type.Unknown()),
    kernel: Nullable(Type.String()),
    outputFormats: Type.Array(Literals(OUTPUT_FORMATS)),
    timeoutSeconds: Nullable(Type.Integer()),
    retries: Retries,
    overlap: Overlap,
    catchUp: CatchUp,
    keepRuns: Type.Integer(),
    tags: Type.Array(Type.String()),
    description: Type.String(),
    createdAt: Iso(),
    updatedAt: Iso(),
    nextRunAt: Nullable(Iso()),
    lastRun: Nullable(RunSummary),
  },
  { $id: 'Schedule' },
);

export const ScheduleList = Type.Object(
  { items: Type.Array(Type.Ref(Schedule)), nextCursor: Nullable(Type.String()) },
  { $id: 'ScheduleList' },
);

export const Run = Type.Object(
  {
    id: Type.String(),
    scheduleId: Nullable(Type.String()),
    notebook: Type.String(),
    trigger: Literals(['schedule', 'manual', 'retry', 'catch-up'] as const),
    scheduledFor: Nullable(Iso()),
    queuedAt: Iso(),
    startedAt: Nullable(Iso()),
    finishedAt: Nullable(Iso()),
    status: Status,
    attempt: Type.Integer({ minimum: 1 }),
    exitCode: Nullable(Type.Integer()),
    error: Nullable(Type.String()),
    parameters: Type.Record(Type.String(), Type.Unknown()),
    progress: Nullable(Type.Object({ cell: Type.Integer(), cells: Type.Integer() })),
    queuePosition: Nullable(
      Type.Integer({ minimum: 1, description: 'While queued: its place in the first-in first-out queue (1 = next); otherwise null' }),
    ),
    outputs: Type.Array(RunOutput),
    durationMs: Nullable(Type.Integer()),
  },
  { $id: 'Run' },
);

export const RunList = Type.Object({ items: Type.Array(Type.Ref(Run)), nextCursor: Nullable(Type.String()) }, { $id: 'RunList' });

export const RunCreate = Type.Object(
  {
    notebook: Notebook,
    parameters: Type.Optional(Parameters),
    kernel: Type.Optional(Nullable(Kernel)),
    outputFormats: Type.Optional(OutputFormats),
    timeoutSeconds: Type.Optional(Nullable(TimeoutSeconds)),
  },
  { $id: 'RunCreate', additionalProperties: false },
);
export type RunCreate = Static<typeof RunCreate>;

export const RunNow = Type.Object({ parameters: Type.Optional(Parameters) }, { $id: 'RunNow', additionalProperties: false });
export type RunNow = Static<typeof RunNow>;

export const PreviewRequest = Type.Object(
  { trigger: Type.Ref(Trigger), count: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) },
  { $id: 'PreviewRequest', additionalProperties: false },
);
export type PreviewRequest = Static<typeof PreviewRequest>;

export const Preview = Type.Object(
  { description: Type.String(), nextRuns: Type.Array(Iso()) },
  { $id: 'Preview' },
);

export const StatusSchema = Type.Object(
  {
    state: Literals(['starting', 'ready', 'degraded'] as const),
    version: Type.String(),
    instanceId: Type.String(),
    store: Type.String(),
    counts: Type.Object({
      schedules: Type.Integer(),
      queued: Type.Integer(),
      running: Type.Integer(),
    }),
    nextDueAt: Nullable(Iso()),
    maxConcurrentRuns: Type.Integer(),
    // The start-up PRAGMA integrity_check, run in the background; on failed the sidecar exits.
    integrity: Literals(['checking', 'ok', 'failed'] as const),
  },
  { $id: 'Status' },
);

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      field: Nullable(Type.String()),
    }),
  },
  { $id: 'Error' },
);

export const ScheduleListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  enabled: Type.Optional(Type.Boolean()),
  tag: Type.Optional(Type.String({ maxLength: LIMITS.tagLength })),
  limit: Type.Integer({ minimum: 1, maximum: LIMITS.listMax, default: LIMITS.listDefault }),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});

export const RunListQuery = Type.Object({
  scheduleId: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Status),
  since: Type.Optional(Iso()),
  limit: Type.Integer({ minimum: 1, maximum: LIMITS.listMax, default: LIMITS.listDefault }),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});

export const RunLogQuery = Type.Object({
  tail: Type.Integer({ minimum: 1, maximum: 5000, default: 200, description: 'How many lines from the end' }),
});

export const RunLog = Type.Object(
  {
    id: Type.String(),
    status: Status,
    progress: Nullable(Type.Object({ cell: Type.Integer(), cells: Type.Integer() })),
    text: Type.String({ description: 'The last `tail` lines of run.log, as the run writes it' }),
    truncated: Type.Boolean({ description: 'Whether earlier lines exist' }),
    size: Type.Integer({ minimum: 0, description: 'run.log in bytes so far' }),
  },
  { $id: 'RunLog' },
);

export const NotebookParametersRequest = Type.Object({ notebook: Notebook }, { $id: 'NotebookParametersRequest', additionalProperties: false });
export type NotebookParametersRequest = Static<typeof NotebookParametersRequest>;

export const NotebookParameters = Type.Object(
  {
    notebook: Type.String(),
    language: Type.String({ description: "The notebook's kernel language, lower case" }),
    tagged: Type.Boolean({ description: 'Whether a cell is tagged "parameters"' }),
    parameters: Type.Array(
      Type.Object({
        name: Type.String(),
        value: Type.Unknown({ description: 'The literal as JSON; null for an expression' }),
        type: Literals(['string', 'integer', 'number', 'boolean', 'null', 'list', 'object', 'expression'] as const),
        source: Type.String({ description: 'The right-hand side as written' }),
      }),
    ),
  },
  { $id: 'NotebookParameters' },
);

export const Kernelspecs = Type.Object(
  {
    kernelspecs: Type.Array(Type.Object({ name: Type.String(), displayName: Type.String(), language: Type.String() })),
    available: Type.Boolean({ description: 'False when `jupyter kernelspec list` could not be run' }),
  },
  { $id: 'Kernelspecs' },
);

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const OutputParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), name: Type.String({ maxLength: 64 }) });
export const OutputQuery = Type.Object({ download: Type.Boolean({ default: false, description: 'As an attachment' }) });
export const DeleteQuery = Type.Object({ purge: Type.Boolean({ default: false }) });

export const ScheduleDocument = Type.Object(
  {
    nbschedule: Type.Optional(Type.Integer({ minimum: 1, maximum: 1, description: 'The document format; 1' })),
    schedules: Type.Array(Type.Object(scheduleInputFields, { additionalProperties: false }), { maxItems: 1000 }),
  },
  { $id: 'ScheduleDocument', additionalProperties: false, description: 'Schedules as code: no ids, no history, notebooks by path, keys sorted' },
);
export type ScheduleDocument = Static<typeof ScheduleDocument>;

const ImportAction = Literals(['create', 'update', 'unchanged'] as const);
export const ImportResult = Type.Object(
  {
    dryRun: Type.Boolean(),
    counts: Type.Object({ create: Type.Integer(), update: Type.Integer(), unchanged: Type.Integer() }),
    items: Type.Array(
      Type.Object({
        name: Type.String(),
        action: ImportAction,
        id: Nullable(Type.String({ description: 'The schedule created, updated or left alone; null for a create in a dry run' })),
        changes: Type.Array(Type.String(), { description: 'Fields an update changes' }),
      }),
    ),
  },
  { $id: 'ImportResult' },
);

export const ImportQuery = Type.Object({ dryRun: Type.Boolean({ default: false }) });

const WebhookEvents = Type.Array(Literals(['failure', 'success'] as const), { minItems: 1, maxItems: 2, uniqueItems: true });
export const WebhookList = Type.Object(
  {
    webhooks: Type.Array(
      Type.Object(
        {
          url: Type.String({ minLength: 1, maxLength: 2048, description: 'http(s) URL; answers show it masked (credentials, path after the first segment, query)' }),
          on: Type.Optional(WebhookEvents),
        },
        { additionalProperties: false },
      ),
      { maxItems: 10 },
    ),
  },
  { $id: 'WebhookList', additionalProperties: false, description: 'A schedule\'s webhooks, POSTed a Slack-compatible JSON body when a run fails (or succeeds)' },
);
export type WebhookList = Static<typeof WebhookList>;

/** Every named schema, registered with fastify so routes and OpenAPI refer to them by name. */
export const NAMED_SCHEMAS = [
  Trigger,
  ScheduleCreate,
  SchedulePatch,
  Schedule,
  ScheduleList,
  Run,
  RunCreate,
  RunNow,
  RunList,
  PreviewRequest,
  Preview,
  StatusSchema,
  ErrorSchema,
  ScheduleDocument,
  ImportResult,
  RunLog,
  NotebookParametersRequest,
  NotebookParameters,
  WebhookList,
  Kernelspecs,
];
