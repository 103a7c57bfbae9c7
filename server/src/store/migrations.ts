// Numbered, forward-only SQL migrations (migrations/NNN_name.sql), each applied in a
// transaction and recorded in SQLite's user_version. A database newer than this code is
// refused rather than guessed at.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

// src/store and lib/store both sit two levels below server/, next to migrations/.
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export type Migration = { version: number; name: string; sql: string };

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} is out of sequence: expected number ${i + 1}.`);
  });
  return migrations;
}

export class DatabaseTooNewError extends Error {
  constructor(path: string, found: number, known: number) {
    super(
      `The database ${path} is at schema version ${found}, but this nbschedule knows versions up to ${known}. ` +
        'It was written by a newer nbschedule: upgrade nbschedule, or point NBSCHEDULE_DATA_DIR elsewhere.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function migrate(db: Database.Database, path: string, migrations = loadMigrations()): number {
  const known = migrations.length;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > known) throw new DatabaseTooNewError(path, current, known);
  for (const m of migrations.slice(current)) {
    // IMMEDIATE takes the write lock before reading the version again, so two sidecars starting
    // on one file at once apply each migration once (the second finds it done).
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return known;
}
