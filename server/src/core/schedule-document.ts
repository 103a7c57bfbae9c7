// Schedules as code: the versionable document (no ids, no history, notebooks by path, keys
// sorted) and the pure plan of what importing one would do, matched by name.
import { SCHEDULE_DEFAULTS } from './defaults.js';
import { DomainError, ValidationError } from './errors.js';
import type { Schedule, ScheduleDefinition } from './model.js';
import { validateParameters } from './parameters.js';
import type { ScheduleFields } from './schedule.js';
import { validateTrigger, type Trigger } from './trigger.js';

export const DOCUMENT_FORMAT = 1;

export type { ScheduleDefinition } from './model.js';

export type ScheduleDocument = { nbschedule: number; schedules: ScheduleDefinition[] };

export type ImportAction = 'create' | 'update' | 'unchanged';
export type ImportItem = {
  name: string;
  action: ImportAction;
  /** The id of the schedule it updates or leaves alone; null for a create. */
  id: string | null;
  /** The fields an update changes, sorted. */
  changes: string[];
  definition: ScheduleDefinition;
};
export type ImportPlan = { items: ImportItem[]; counts: Record<ImportAction, number> };

const FIELDS: Array<keyof ScheduleDefinition> = [
  'catchUp', 'description', 'enabled', 'keepRuns', 'kernel', 'name', 'notebook',
  'outputFormats', 'overlap', 'parameters', 'retries', 'tags', 'timeoutSeconds', 'trigger',
];

/** JSON with object keys sorted at every depth: the same schedules always give the same bytes. */
export function stableJson(value: unknown, indent = 2): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify(sort(value), null, indent) + '\n';
}

export function definitionOf(s: Schedule): ScheduleDefinition {
  return {
    name: s.name,
    notebook: s.notebook,
    trigger: s.trigger,
    enabled: s.enabled,
    parameters: s.parameters,
    kernel: s.kernel,
    outputFormats: s.outputFormats,
    timeoutSeconds: s.timeoutSeconds,
    retries: s.retries,
    overlap: s.overlap,
    catchUp: s.catchUp,
    keepRuns: s.keepRuns,
    tags: s.tags,
    description: s.description,
  };
}

/** Every schedule, sorted by name then notebook, as a document. */
export function exportDocument(schedules: Schedule[]): ScheduleDocument {
  const defs = schedules.map(definitionOf);
  defs.sort((a, b) => cmp(a.name, b.name) || cmp(a.notebook, b.notebook));
  return { nbschedule: DOCUMENT_FORMAT, schedules: defs };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What an entry of a document means once defaults are applied and the trigger normalized. */
export function normalizeEntry(entry: Partial<ScheduleFields> & { name: string; notebook: string; trigger: Trigger }): ScheduleDefinition {
  const d = SCHEDULE_DEFAULTS;
  const parameters = entry.parameters ?? { ...d.parameters };
  validateParameters(parameters);
  return {
    name: entry.name.trim(),
    notebook: entry.notebook,
    trigger: validateTrigger(entry.trigger),
    enabled: entry.enabled ?? d.enabled,
    parameters,
    kernel: entry.kernel ?? d.kernel,
    outputFormats: [...new Set(entry.outputFormats ?? d.outputFormats)],
    timeoutSeconds: entry.timeoutSeconds ?? d.timeoutSeconds,
    retries: { ...d.retries, ...(entry.retries ?? {}) },
    overlap: entry.overlap ?? d.overlap,
    catchUp: entry.catchUp ?? d.catchUp,
    keepRuns: entry.keepRuns ?? d.keepRuns,
    tags: [...new Set(entry.tags ?? d.tags)],
    description: entry.description ?? d.description,
  };
}

/** Prefixes a core error's field with the entry it came from: "schedules[2].trigger.cron". */
function atEntry(error: unknown, index: number): unknown {
  if (error instanceof DomainError) {
    const field = `schedules[${index}]${error.field ? '.' + error.field : ''}`;
    return new ValidationError(error.code, `Schedule ${index + 1} in the document: ${error.message}`, field);
  }
  return error;
}

/**
 * Matches each entry to an existing schedule by name (the oldest, when names repeat) and says
 * whether it would be created, updated (and which fields) or left unchanged. Schedules not in
 * the document are left alone. Throws a ValidationError naming the entry at fault.
 */
export function planImport(existing: Schedule[], entries: Array<Parameters<typeof normalizeEntry>[0]>): ImportPlan {
  const byName = new Map<string, Schedule>();
  for (const s of [...existing].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    if (!byName.has(s.name)) byName.set(s.name, s);
  }
  const seen = new Set<string>();
  const items: ImportItem[] = entries.map((entry, i) => {
    let definition: ScheduleDefinition;
    try {
      if (typeof entry.name !== 'string' || entry.name.trim() === '') {
        throw new ValidationError('SCHEDULE_INVALID', 'A schedule needs a name.', 'name');
      }
      definition = normalizeEntry(entry);
      if (!definition.outputFormats.includes('ipynb')) {
        throw new ValidationError('SCHEDULE_INVALID', '"outputFormats" must include "ipynb".', 'outputFormats');
      }
    } catch (error) {
      throw atEntry(error, i);
    }
    if (seen.has(definition.name)) {
      throw new ValidationError('SCHEDULE_INVALID', `The name ${JSON.stringify(definition.name)} appears twice in the document; names identify schedules.`, `schedules[${i}].name`);
    }
    seen.add(definition.name);
    const current = byName.get(definition.name);
    if (!current) return { name: definition.name, action: 'create', id: null, changes: [], definition };
    const before = definitionOf(current);
    const changes = FIELDS.filter((f) => stableJson(before[f]) !== stableJson(definition[f]));
    return { name: definition.name, action: changes.length ? 'update' : 'unchanged', id: current.id, changes, definition };
  });
  const counts = { create: 0, update: 0, unchanged: 0 };
  for (const item of items) counts[item.action] += 1;
  return { items, counts };
}
