// Reads jupyter-scheduler's SQLite database (read-only) for the migration.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { JobDefinitionRow } from '../core/jupyter-scheduler.js';
import { CliError } from './backend.js';

const COLUMNS = [
  'job_definition_id', 'name', 'input_filename', 'schedule', 'timezone', 'parameters',
  'output_formats', 'active', 'tags', 'timeout_seconds', 'max_retries', 'runtime_environment_name',
];

export function readJobDefinitions(path: string): JobDefinitionRow[] {
  if (!existsSync(path)) throw new CliError(`${path} does not exist.`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new CliError(`Cannot open ${path} as SQLite: ${(error as Error).message}`);
  }
  try {
    const present = new Set((db.prepare("SELECT name FROM pragma_table_info('job_definitions')").all() as { name: string }[]).map((c) => c.name));
    if (present.size === 0) throw new CliError(`${path} has no job_definitions table; is it jupyter-scheduler's scheduler.sqlite?`);
    for (const needed of ['job_definition_id', 'input_filename', 'schedule']) {
      if (!present.has(needed)) throw new CliError(`${path}: job_definitions has no "${needed}" column.`);
    }
    const select = COLUMNS.map((c) => (present.has(c) ? c : `NULL AS ${c}`)).join(', ');
    return db.prepare(`SELECT ${select} FROM job_definitions`).all() as JobDefinitionRow[];
  } finally {
    db.close();
  }
}
