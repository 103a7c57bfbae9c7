// Migration in from jupyter-scheduler: its job definitions (table `job_definitions`) as
// nbschedule schedule entries, so importing them by name is idempotent.
import type { ImportEntries } from '../schedule-import.js';

/** The columns of jupyter-scheduler's job_definitions that carry over (JSON columns as text). */
export type JobDefinitionRow = {
  job_definition_id: string;
  name: string | null;
  input_filename: string;
  schedule: string | null;
  timezone: string | null;
  parameters: string | null;
  output_formats: string | null;
  active: number | null;
  tags: string | null;
  timeout_seconds: number | null;
  max_retries: number | null;
  runtime_environment_name: string | null;
};

export type MigrationResult = { entries: ImportEntries; skipped: Array<{ id: string; name: string; reason: string }> };

function json<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return (JSON.parse(text) as T) ?? fallback;
  } catch {
    return fallback;
  }
}

export function entriesFromJobDefinitions(rows: JobDefinitionRow[]): MigrationResult {
  const skipped: MigrationResult['skipped'] = [];
  const entries: ImportEntries = [];
  const names = new Map<string, number>();
  for (const row of rows) names.set(row.name ?? '', (names.get(row.name ?? '') ?? 0) + 1);
  for (const row of [...rows].sort((a, b) => (a.job_definition_id < b.job_definition_id ? -1 : 1))) {
    const base = row.name?.trim() || row.input_filename.split('/').pop()!.replace(/\.ipynb$/i, '');
    // Repeated names would collide on import: the definition's id makes each one stable.
    const name = (names.get(row.name ?? '') ?? 0) > 1 || !row.name?.trim() ? `${base} (${row.job_definition_id.slice(0, 8)})` : base;
    if (!row.schedule || !row.schedule.trim()) {
      skipped.push({ id: row.job_definition_id, name, reason: 'it has no cron schedule' });
      continue;
    }
    const formats = json<unknown[]>(row.output_formats, []).filter((f): f is 'ipynb' | 'html' => f === 'ipynb' || f === 'html');
    const parameters = json<Record<string, unknown>>(row.parameters, {});
    const tags = json<unknown[]>(row.tags, []).filter((t): t is string => typeof t === 'string' && t.length > 0);
    entries.push({
      name,
      notebook: row.input_filename,
      trigger: { cron: row.schedule.trim(), timezone: row.timezone?.trim() || 'UTC' },
      enabled: row.active === null ? true : Boolean(row.active),
      parameters: typeof parameters === 'object' && !Array.isArray(parameters) ? parameters : {},
      outputFormats: ['ipynb', ...formats.filter((f) => f !== 'ipynb')],
      kernel: row.runtime_environment_name?.trim() || null,
      timeoutSeconds: row.timeout_seconds && row.timeout_seconds > 0 ? row.timeout_seconds : null,
      retries: { max: Math.min(Math.max(row.max_retries ?? 0, 0), 10) },
      tags: [...new Set([...tags, 'jupyter-scheduler'])],
      description: `Imported from jupyter-scheduler job definition ${row.job_definition_id}.`,
    });
  }
  return { entries, skipped };
}
