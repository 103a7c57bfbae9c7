// The start-up integrity check on real SQLite files: PRAGMA integrity_check in a worker finds a
// damaged file with a message that says what to do, and a real sidecar started on one exits 1
// with that message (taking no backup), while one on a sound file serves and reports ok.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkIntegrity, IntegrityCheck } from '../src/store/integrity-check.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { ensureBuilt, SERVER_DIR, startSidecar, until } from './sidecar-process.js';

const CLEAR = /failed its integrity check \(.+\)\. .*restore the newest copy from the backups folder/s;
const base = mkdtempSync(join(tmpdir(), 'nbschedule-integrity-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A data dir whose database holds 300 finished runs with an error of `errorChars` each. */
async function dataDir(name: string, errorChars = 500): Promise<{ dir: string; file: string }> {
  const dir = join(base, name);
  const file = join(dir, 'nbschedule.sqlite3');
  mkdirSync(join(dir, 'root'), { recursive: true });
  await new SqliteStore(file).close();
  const db = new Database(file);
  const insert = db.prepare(`INSERT INTO runs (id, notebook, trigger, queued_at, finished_at, status, attempt, error,
    parameters_json, outputs_json, output_formats_json) VALUES (?, 'x.ipynb', 'manual', ?, ?, 'failed', 1, ?, '{}', '[]', '["ipynb"]')`);
  db.transaction(() => {
    for (let i = 0; i < 300; i++) {
      const at = new Date(Date.UTC(2026, 5, 1, 10, 0, 0, i)).toISOString();
      insert.run(`run_${String(i).padStart(3, '0')}`, at, at, 'x'.repeat(errorChars));
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { dir, file };
}

/** Overwrites 200 bytes of every other page from page 3 on: tables and indexes alike. */
function damagePages(file: string): void {
  const fd = openSync(file, 'r+');
  const size = statSync(file).size;
  for (let page = 3; page * 4096 < size; page += 2) writeSync(fd, Buffer.alloc(200, 0xa5), 0, 200, page * 4096 + 10);
  closeSync(fd);
}

/** Breaks only the overflow chains of the runs' long errors, which starting up never reads. */
function damageOverflowChains(file: string): void {
  const db = new Database(file, { readonly: true });
  const pages = db.prepare(`SELECT pageno FROM dbstat WHERE pagetype = 'overflow'`).pluck().all() as number[];
  db.close();
  expect(pages.length).toBeGreaterThan(0);
  const fd = openSync(file, 'r+');
  for (const page of pages) writeSync(fd, Buffer.alloc(4, 0xa5), 0, 4, (page - 1) * 4096);
  closeSync(fd);
}

describe('the integrity check', () => {
  it('finds a damaged database, with a message that says what to do', async () => {
    const { file } = await dataDir('damaged');
    damagePages(file);
    const check = new IntegrityCheck(file);
    expect(check.state).toBe('checking');
    const corrupt = await check.done;
    expect(check.state).toBe('failed');
    expect(corrupt?.name).toBe('DatabaseCorruptError');
    expect(corrupt?.message).toMatch(CLEAR);
    expect(corrupt?.message).toContain(file);
  });

  it('fails a file it cannot read', async () => {
    const missing = join(base, 'nowhere', 'nbschedule.sqlite3');
    expect((await checkIntegrity(missing))?.message).toMatch(CLEAR);
  });

  it('passes a healthy database', async () => {
    const { file } = await dataDir('healthy');
    const check = new IntegrityCheck(file);
    expect(await check.done).toBeNull();
    expect(check.state).toBe('ok');
  });

  it('the store still refuses a file that is not a database at once, before any check', () => {
    const file = join(base, 'garbage', 'nbschedule.sqlite3');
    mkdirSync(join(base, 'garbage'));
    writeFileSync(file, Buffer.alloc(64 * 1024, 0x42));
    expect(() => new SqliteStore(file)).toThrow(CLEAR);
  });
});

describe('a real sidecar process', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it.each([
    ['damage all over the file (met while starting)', damagePages],
    ['damage that only the check reads (met after serving)', damageOverflowChains],
  ])('on a damaged database: %s, exits 1 with the message on stderr and takes no backup', async (name, damage) => {
    const { dir, file } = await dataDir(name.replace(/\W+/g, '-'), 6000);
    damage(file);
    const child = spawn(process.execPath, [join(SERVER_DIR, 'lib', 'main.js'), 'serve'], {
      env: { ...process.env, NBSCHEDULE_DATA_DIR: dir, NBSCHEDULE_ROOT_DIR: join(dir, 'root'), NBSCHEDULE_TOKEN: 't', NBSCHEDULE_PORT: '0', NBSCHEDULE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    // Logged at error level, and the one plain line any failed start prints for the supervisor.
    expect(lines.find((l) => l.startsWith('{') && JSON.parse(l).level === 50)).toMatch(/failed its integrity check/);
    const plain = lines.filter((l) => l.startsWith('nbschedule: '));
    expect(plain).toHaveLength(1);
    expect(plain[0]).toMatch(/^nbschedule: The database .*nbschedule\.sqlite3 failed its integrity check/);
    expect(plain[0]).toMatch(CLEAR);
    expect(existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')) : []).toEqual([]);
  });

  it('on a healthy database serves at once, reports the check ok on /status, then takes the daily backup', async () => {
    const { dir } = await dataDir('healthy-process');
    const sidecar = await startSidecar({ NBSCHEDULE_DATA_DIR: dir, NBSCHEDULE_ROOT_DIR: join(dir, 'root') });
    try {
      expect(['checking', 'ok']).toContain((await sidecar.api('GET', '/status')).integrity);
      await until('the check to pass', async () => (await sidecar.api('GET', '/status')).integrity === 'ok', 30_000);
      await until('the daily backup', () => existsSync(join(dir, 'backups')) && readdirSync(join(dir, 'backups')).some((f) => f.endsWith('.sqlite3')), 30_000);
      expect(sidecar.child.exitCode).toBeNull();
    } finally {
      await sidecar.stop();
    }
    expect(await sidecar.exited).toBe(0);
  });
});
