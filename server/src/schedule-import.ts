// Export and import of schedules as code: reads every schedule, plans by name (pure core),
// checks each notebook, then creates and updates through ScheduleCommands unless dry-run.
import type { Schedule } from './core/model.js';
import { DomainError, ValidationError } from './core/errors.js';
import { exportDocument, planImport, type ImportPlan, type ScheduleDocument } from './core/schedule-document.js';
import { resolveNotebook } from './notebook-path.js';
import type { Store } from './ports.js';
import type { ScheduleCommands } from './schedule-commands.js';

export async function allSchedules(store: Store): Promise<Schedule[]> {
  const all: Schedule[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listSchedules({ limit: 500, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export async function exportSchedules(store: Store): Promise<ScheduleDocument> {
  return exportDocument(await allSchedules(store));
}

export type ImportEntries = Parameters<typeof planImport>[1];

/** Plans the import, checks every notebook it would schedule, then applies it unless `dryRun`. */
export async function importSchedules(
  store: Store,
  commands: ScheduleCommands,
  rootDir: string,
  entries: ImportEntries,
  dryRun: boolean,
): Promise<ImportPlan> {
  const plan = planImport(await allSchedules(store), entries);
  for (const [i, item] of plan.items.entries()) {
    if (item.action === 'unchanged') continue;
    try {
      await resolveNotebook(rootDir, item.definition.notebook);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new ValidationError(error.code, `Schedule ${i + 1} in the document: ${error.message}`, `schedules[${i}].notebook`);
    }
  }
  if (dryRun) return plan;
  for (const item of plan.items) {
    if (item.action === 'create') {
      const created = await commands.create(item.definition);
      item.id = created.id;
    } else if (item.action === 'update') {
      await commands.patch(item.id!, item.definition);
    }
  }
  return plan;
}
