import { afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { runCli } from '../src/cli/commands.js';
import { writeNotebook } from './fixture-notebooks.js';
import { tempDirs } from './fixture-app.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function cli(argv: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { env, cwd: '/', version: '0', io: { out: (t) => void (out += t), err: (t) => void (err += t) } });
  return { code, out, err };
}

// The job_definitions table as jupyter-scheduler's ORM (jupyter_scheduler/orm.py) creates it.
const JOB_DEFINITIONS = `CREATE TABLE job_definitions (
  runtime_environment_name VARCHAR(256) NOT NULL, runtime_environment_parameters VARCHAR(1024),
  compute_type VARCHAR(256), input_filename VARCHAR(256) NOT NULL, output_formats VARCHAR(512),
  name VARCHAR(256), tags VARCHAR(1024), parameters VARCHAR(1024), email_notifications VARCHAR(1024),
  timeout_seconds INTEGER, retry_on_timeout BOOLEAN, max_retries INTEGER, min_retry_interval_millis INTEGER,
  output_filename_template VARCHAR(256), update_time INTEGER, create_time INTEGER,
  job_definition_id VARCHAR(36) NOT NULL PRIMARY KEY, schedule VARCHAR(256), timezone VARCHAR(36),
  url VARCHAR(256), active BOOLEAN, notification VARCHAR(1024))`;

function schedulerDb(path: string) {
  const db = new Database(path);
  db.exec(JOB_DEFINITIONS);
  const insert = db.prepare(`INSERT INTO job_definitions (job_definition_id, name, input_filename, schedule, timezone,
    parameters, output_formats, active, tags, timeout_seconds, max_retries, runtime_environment_name, create_time)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`);
  insert.run('11111111-aaaa', 'Daily sales', 'reports/hello.ipynb', '0 7 * * *', 'America/New_York', '{"region": "US", "limit": 10}', '["ipynb", "html"]', 1, '["sales"]', 600, 1, 'python3');
  insert.run('22222222-bbbb', 'Weekly cleanup', 'cleanup.ipynb', '30 2 * * 0', null, null, '["ipynb", "pdf"]', 0, null, 0, 0, 'python3');
  insert.run('33333333-cccc', 'One-off', 'reports/hello.ipynb', null, null, null, '["ipynb"]', 1, null, 600, 0, 'python3');
  db.close();
}

describe('nbschedule import --from-jupyter-scheduler', () => {
  it("brings over jupyter-scheduler's job definitions (cron, zone, parameters, formats, paused), idempotently", async () => {
    const dirs = tempDirs();
    cleanups.push(dirs.cleanup);
    writeNotebook(join(dirs.root, 'cleanup.ipynb'), 'print(1)');
    const file = join(dirs.base, 'scheduler.sqlite');
    schedulerDb(file);
    const env = { NBSCHEDULE_DATA_DIR: dirs.data, NBSCHEDULE_ROOT_DIR: dirs.root };

    const first = await cli(['import', '--from-jupyter-scheduler', file], env);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/skipped "One-off": it has no cron schedule/);
    expect(first.out).toMatch(/create 2, update 0, 0 unchanged/);

    const list = JSON.parse((await cli(['list', '--json'], env)).out);
    const byName = Object.fromEntries(list.map((s: { name: string }) => [s.name, s]));
    expect(byName['Daily sales']).toMatchObject({
      notebook: 'reports/hello.ipynb',
      trigger: { cron: '0 7 * * *', timezone: 'America/New_York' },
      enabled: true,
      parameters: { region: 'US', limit: 10 },
      outputFormats: ['ipynb', 'html'],
      kernel: 'python3',
      timeoutSeconds: 600,
      retries: { max: 1 },
      tags: ['sales', 'jupyter-scheduler'],
    });
    expect(byName['Weekly cleanup']).toMatchObject({ enabled: false, nextRunAt: null, outputFormats: ['ipynb'], trigger: { timezone: 'UTC' }, timeoutSeconds: null });

    const again = await cli(['import', '--from-jupyter-scheduler', file, '--json'], env);
    expect(JSON.parse(again.out).counts).toEqual({ create: 0, update: 0, unchanged: 2 });
  });

  it('a file that is not a jupyter-scheduler database is refused with a sentence', async () => {
    const dirs = tempDirs();
    cleanups.push(dirs.cleanup);
    const file = join(dirs.base, 'empty.sqlite');
    new Database(file).close();
    const res = await cli(['import', '--from-jupyter-scheduler', file], { NBSCHEDULE_DATA_DIR: dirs.data, NBSCHEDULE_ROOT_DIR: dirs.root });
    expect(res).toMatchObject({ code: 1, err: expect.stringMatching(/no job_definitions table/) });
  });
});
