import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../src/cli/commands.js';
import { makeSidecar, tempDirs, TOKEN, type Sidecar } from './fixture-app.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function cli(argv: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { env, cwd: '/', version: '9.9.9', pollMs: 10, io: { out: (t) => void (out += t), err: (t) => void (err += t) } });
  return { code, out, err };
}

function dataDir() {
  const dirs = tempDirs();
  cleanups.push(dirs.cleanup);
  return { dirs, env: { NBSCHEDULE_DATA_DIR: dirs.data, NBSCHEDULE_ROOT_DIR: dirs.root } };
}

const doc = {
  nbschedule: 1,
  schedules: [
    { name: 'Morning report', notebook: 'reports/hello.ipynb', trigger: { cron: '0 8 * * 1-5', timezone: 'Europe/Berlin' }, tags: ['daily'] },
    { name: 'Every minute', notebook: 'reports/hello.ipynb', trigger: { everySeconds: 60 }, enabled: false },
  ],
};

describe('the nbschedule command line on a data dir (no sidecar running)', () => {
  it('imports a document, lists it as a table and as JSON, and reports status', async () => {
    const { dirs, env } = dataDir();
    const file = join(dirs.base, 'schedules.json');
    writeFileSync(file, JSON.stringify(doc));
    const dry = await cli(['import', file, '--dry-run'], env);
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.out).toMatch(/create\s+Morning report/);
    expect(dry.out).toMatch(/Dry run: would create 2/);
    expect((await cli(['list', '--json'], env)).out).toBe('[]\n');

    expect((await cli(['import', file], env)).out).toMatch(/create 2, update 0, 0 unchanged/);
    const table = (await cli(['list'], env)).out;
    expect(table.split('\n')[0]).toMatch(/^NAME\s+NOTEBOOK\s+WHEN\s+ENABLED\s+NEXT RUN\s+LAST RUN\s+ID$/);
    expect(table).toMatch(/Morning report\s+reports\/hello.ipynb/);
    const list = JSON.parse((await cli(['list', '--json'], env)).out);
    expect(list.map((s: { name: string }) => s.name).sort()).toEqual(['Every minute', 'Morning report']);
    const status = JSON.parse((await cli(['status', '--json'], env)).out);
    expect(status).toMatchObject({ state: 'offline', version: '9.9.9', counts: { schedules: 2 } });
  });

  it('export then import into a fresh data dir gives the same schedules', async () => {
    const a = dataDir();
    const file = join(a.dirs.base, 'in.json');
    writeFileSync(file, JSON.stringify(doc));
    await cli(['import', file], a.env);
    const exported = join(a.dirs.base, 'out.json');
    expect((await cli(['export', exported], a.env)).code).toBe(0);

    const b = dataDir();
    expect((await cli(['import', exported], b.env)).code).toBe(0);
    expect((await cli(['export'], b.env)).out).toBe(readFileSync(exported, 'utf8'));
    expect((await cli(['import', exported], b.env)).out).toMatch(/create 0, update 0, 2 unchanged/);
  });

  it('run by name queues a run for the sidecar of that data dir', async () => {
    const { dirs, env } = dataDir();
    writeFileSync(join(dirs.base, 'd.json'), JSON.stringify(doc));
    await cli(['import', join(dirs.base, 'd.json')], env);
    const res = await cli(['run', 'Morning report', '--json'], env);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toMatchObject({ status: 'queued', id: expect.stringMatching(/^run_/) });
    expect((await cli(['run', 'nope'], env))).toMatchObject({ code: 1, err: expect.stringMatching(/No schedule is named/) });
  });

  it('a bad document, an unknown command and a missing file say what is wrong', async () => {
    const { dirs, env } = dataDir();
    const bad = join(dirs.base, 'bad.json');
    writeFileSync(bad, JSON.stringify({ schedules: [{ ...doc.schedules[0], trigger: { cron: 'x' } }] }));
    expect(await cli(['import', bad], env)).toMatchObject({ code: 1, err: expect.stringMatching(/schedules\[0\]\.trigger\.cron/) });
    expect((await cli(['frobnicate'], env)).code).toBe(2);
    expect(await cli(['import', join(dirs.base, 'missing.json')], env)).toMatchObject({ code: 1, err: expect.stringMatching(/Cannot read/) });
  });
});

describe('the nbschedule command line against a running sidecar (NBSCHEDULE_URL)', () => {
  async function listening(): Promise<{ sc: Sidecar; env: Record<string, string> }> {
    const sc = await makeSidecar({ start: true });
    cleanups.push(() => sc.close());
    await sc.app.listen({ host: '127.0.0.1', port: 0 });
    const address = sc.app.server.address() as { port: number };
    return { sc, env: { NBSCHEDULE_URL: `http://127.0.0.1:${address.port}`, NBSCHEDULE_TOKEN: TOKEN } };
  }

  it('imports, lists, runs a schedule and waits for it, and exports', async () => {
    const { sc, env } = await listening();
    const file = join(sc.data, 'doc.json');
    writeFileSync(file, JSON.stringify(doc));
    expect((await cli(['import', file], env)).out).toMatch(/create 2/);
    expect((await cli(['list'], env)).out).toMatch(/Every minute/);
    const run = await cli(['run', 'Morning report', '--wait', '--json'], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ status: 'succeeded' });
    const status = JSON.parse((await cli(['status', '--json'], env)).out);
    expect(status).toMatchObject({ state: 'ready', counts: { schedules: 2 } });
    expect(JSON.parse((await cli(['export'], env)).out).schedules).toHaveLength(2);
  });

  it('a wrong token or an unreachable sidecar is one sentence and exit code 1', async () => {
    const { env } = await listening();
    expect(await cli(['list'], { ...env, NBSCHEDULE_TOKEN: 'wrong' })).toMatchObject({ code: 1, err: expect.stringMatching(/^nbschedule: .+\n$/) });
    expect(await cli(['status'], { NBSCHEDULE_URL: 'http://127.0.0.1:9', NBSCHEDULE_TOKEN: 'x' })).toMatchObject({ code: 1, err: expect.stringMatching(/Cannot reach the sidecar/) });
  });
});
