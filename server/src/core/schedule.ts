// Building and changing schedules: defaults applied once, the trigger validated, and the
// next fire time computed from `now`.
import { SCHEDULE_DEFAULTS } from './defaults.js';
import { ValidationError } from './errors.js';
import { nextFireAfter, validateTrigger, isAt, type Trigger } from './trigger.js';
import { validateParameters } from './parameters.js';
import type { OutputFormat, Schedule } from './model.js';
import type { CatchUp, Overlap, RetryPolicy } from './fire-plan.js';

export type ScheduleFields = {
  name: string;
  notebook: string;
  trigger: Trigger;
  enabled?: boolean;
  parameters?: Record<string, unknown>;
  kernel?: string | null;
  outputFormats?: OutputFormat[];
  timeoutSeconds?: number | null;
  retries?: Partial<RetryPolicy>;
  overlap?: Overlap;
  catchUp?: CatchUp;
  keepRuns?: number;
  tags?: string[];
  description?: string;
};

export type SchedulePatchFields = Partial<ScheduleFields>;

function checkText(s: ScheduleFields): void {
  if (s.name.trim() === '') throw new ValidationError('SCHEDULE_INVALID', 'A schedule needs a name.', 'name');
  if (s.outputFormats && !s.outputFormats.includes('ipynb')) {
    // The executed notebook is what every other format is rendered from.
    throw new ValidationError('SCHEDULE_INVALID', '"outputFormats" must include "ipynb".', 'outputFormats');
  }
}

function firstFire(trigger: Trigger, enabled: boolean, anchor: Date, now: Date): Date | null {
  if (!enabled) return null;
  return nextFireAfter(trigger, now, anchor);
}

function checkAtInFuture(trigger: Trigger, now: Date): void {
  if (isAt(trigger) && Date.parse(trigger.at) <= now.getTime()) {
    throw new ValidationError('TRIGGER_INVALID', `"${trigger.at}" is in the past.`, 'trigger.at');
  }
}

export function buildSchedule(input: ScheduleFields, id: string, now: Date): Schedule {
  checkText(input);
  const trigger = validateTrigger(input.trigger);
  checkAtInFuture(trigger, now);
  const parameters = input.parameters ?? { ...SCHEDULE_DEFAULTS.parameters };
  validateParameters(parameters);
  const enabled = input.enabled ?? SCHEDULE_DEFAULTS.enabled;
  return {
    id,
    name: input.name.trim(),
    notebook: input.notebook,
    trigger,
    enabled,
    parameters,
    kernel: input.kernel ?? SCHEDULE_DEFAULTS.kernel,
    outputFormats: [...new Set(input.outputFormats ?? SCHEDULE_DEFAULTS.outputFormats)],
    timeoutSeconds: input.timeoutSeconds ?? SCHEDULE_DEFAULTS.timeoutSeconds,
    retries: { ...SCHEDULE_DEFAULTS.retries, ...(input.retries ?? {}) },
    overlap: input.overlap ?? SCHEDULE_DEFAULTS.overlap,
    catchUp: input.catchUp ?? SCHEDULE_DEFAULTS.catchUp,
    keepRuns: input.keepRuns ?? SCHEDULE_DEFAULTS.keepRuns,
    tags: [...new Set(input.tags ?? SCHEDULE_DEFAULTS.tags)],
    description: input.description ?? SCHEDULE_DEFAULTS.description,
    createdAt: now,
    updatedAt: now,
    nextRunAt: firstFire(trigger, enabled, now, now),
    anchorAt: now,
    lastNominalAt: null,
    lastRun: null,
  };
}

export function applyPatch(s: Schedule, patch: SchedulePatchFields, now: Date): Schedule {
  const merged: ScheduleFields = {
    name: patch.name ?? s.name,
    notebook: patch.notebook ?? s.notebook,
    trigger: patch.trigger ?? s.trigger,
    outputFormats: patch.outputFormats ?? s.outputFormats,
  };
  checkText(merged);
  const triggerChanged = patch.trigger !== undefined && JSON.stringify(patch.trigger) !== JSON.stringify(s.trigger);
  const trigger = patch.trigger ? validateTrigger(patch.trigger) : s.trigger;
  if (triggerChanged) checkAtInFuture(trigger, now);
  if (patch.parameters) validateParameters(patch.parameters);
  const enabled = patch.enabled ?? s.enabled;
  const timing = triggerChanged || enabled !== s.enabled;
  // A changed trigger or a resumed schedule starts afresh from now: the paused time is not
  // "missed", so there is nothing to catch up.
  const anchorAt = timing ? now : s.anchorAt;
  return {
    ...s,
    name: merged.name.trim(),
    notebook: merged.notebook,
    trigger,
    enabled,
    parameters: patch.parameters ?? s.parameters,
    kernel: patch.kernel !== undefined ? patch.kernel : s.kernel,
    outputFormats: [...new Set(merged.outputFormats!)],
    timeoutSeconds: patch.timeoutSeconds !== undefined ? patch.timeoutSeconds : s.timeoutSeconds,
    retries: { ...s.retries, ...(patch.retries ?? {}) },
    overlap: patch.overlap ?? s.overlap,
    catchUp: patch.catchUp ?? s.catchUp,
    keepRuns: patch.keepRuns ?? s.keepRuns,
    tags: patch.tags ? [...new Set(patch.tags)] : s.tags,
    description: patch.description ?? s.description,
    updatedAt: now,
    anchorAt,
    nextRunAt: timing ? firstFire(trigger, enabled, anchorAt, now) : s.nextRunAt,
    lastNominalAt: timing ? null : s.lastNominalAt,
  };
}
