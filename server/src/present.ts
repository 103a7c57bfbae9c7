// Records as the API (and runs.jsonl) show them: ISO-8601 UTC strings, no internal fields.
import type { Run, Schedule } from './core/model.js';
import { definitionOf } from './core/schedule-document.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function scheduleJson(s: Schedule) {
  return {
    id: s.id,
    ...definitionOf(s),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    nextRunAt: iso(s.nextRunAt),
    lastRun: s.lastRun
      ? {
          id: s.lastRun.id,
          status: s.lastRun.status,
          finishedAt: iso(s.lastRun.finishedAt),
          durationMs: s.lastRun.durationMs,
          error: s.lastRun.error,
        }
      : null,
  };
}

export function runJson(r: Run) {
  return {
    id: r.id,
    scheduleId: r.scheduleId,
    notebook: r.notebook,
    trigger: r.trigger,
    scheduledFor: iso(r.scheduledFor),
    queuedAt: r.queuedAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    status: r.status,
    attempt: r.attempt,
    exitCode: r.exitCode,
    error: r.error,
    parameters: r.parameters,
    progress: r.status === 'running' ? r.progress : null,
    queuePosition: r.status === 'queued' ? (r.queuePosition ?? null) : null,
    outputs: r.outputs,
    durationMs: r.durationMs,
  };
}
