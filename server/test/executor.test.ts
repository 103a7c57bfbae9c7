// Real `jupyter nbconvert` (NBSCHEDULE_JUPYTER, default the repository's .venv).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../src/core/model.js';
import { NotebookExecutor } from '../src/executor/notebook-executor.js';
import { ExecaProcessRunner } from '../src/executor/process-runner.js';
import { JUPYTER, writeNotebook } from './fixture-notebooks.js';
import { AUTH, makeSidecar, silentLogger, tempDirs, type Sidecar } from './fixture-app.js';

const dirs = tempDirs();
const executor = new NotebookExecutor(new ExecaProcessRunner(silentLogger), JUPYTER);

function runFor(id: string, notebook: string, extra: Partial<Run> = {}): Run {
  return {
    id, scheduleId: null, notebook, trigger: 'manual', scheduledFor: null, queuedAt: new Date(), startedAt: new Date(), finishedAt: null,
    status: 'running', attempt: 1, exitCode: null, error: null, parameters: {}, progress: null, outputs: [], durationMs: null,
    kernel: null, outputFormats: ['ipynb'], timeoutSeconds: null, notBefore: null, pid: null, ...extra,
  };
}

describe('executing notebooks with nbconvert', () => {
  it('a successful run writes input, executed notebook, HTML and log, in the notebook folder as cwd, with parameters', async () => {
    const folder = join(dirs.root, 'sales');
    writeNotebook(join(folder, 'report.ipynb'), 'import os', 'print(open("data.txt").read().strip(), region)');
    writeFileSync(join(folder, 'data.txt'), 'hello from next door');
    const runDir = join(dirs.data, 'runs', 'run_ok');
    const progress: Array<{ cell: number; cells: number }> = [];
    const result = await executor.execute(
      runFor('run_ok', 'sales/report.ipynb', { outputFormats: ['ipynb', 'html'], parameters: { region: 'south' } }),
      join(folder, 'report.ipynb'),
      runDir,
      { signal: new AbortController().signal, onProgress: (p) => progress.push(p) },
    );
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 0, error: null });
    expect(result.outputs.map((o) => o.name).sort()).toEqual(['executed.html', 'executed.ipynb', 'input.ipynb', 'run.log']);
    const executed = readFileSync(join(runDir, 'executed.ipynb'), 'utf8');
    expect(executed).toContain('hello from next door south');
    expect(readFileSync(join(runDir, 'input.ipynb'), 'utf8')).toContain('region = \\"south\\"');
    expect(readFileSync(join(runDir, 'executed.html'), 'utf8')).toContain('hello from next door south');
    expect(readFileSync(join(runDir, 'run.log'), 'utf8')).toContain('nbconvert');
    expect(progress.at(-1)).toEqual({ cell: 3, cells: 3 }); // the injected parameters cell counts too
  });

  it('a raising cell fails the run with a sentence naming the exception and the cell', async () => {
    writeNotebook(join(dirs.root, 'broken.ipynb'), 'x = 1', 'rows = {}\nrows["sku"]');
    const runDir = join(dirs.data, 'runs', 'run_bad');
    const result = await executor.execute(runFor('run_bad', 'broken.ipynb'), join(dirs.root, 'broken.ipynb'), runDir, {
      signal: new AbortController().signal,
    });
    expect(result.status).toBe('failed');
    expect(result.exitCode).not.toBe(0);
    expect(result.error).toBe(`Cell 2 raised KeyError: 'sku' (the cell starts with: rows = {})`);
    expect(existsSync(join(runDir, 'run.log'))).toBe(true);
    expect(existsSync(join(runDir, 'executed.ipynb'))).toBe(false);
  });

  it('a run over its timeout is ended with its whole process group and is timed_out', async () => {
    writeNotebook(join(dirs.root, 'slow.ipynb'), 'import time\ntime.sleep(120)');
    const started = Date.now();
    const result = await executor.execute(runFor('run_slow', 'slow.ipynb', { timeoutSeconds: 1 }), join(dirs.root, 'slow.ipynb'), join(dirs.data, 'runs', 'run_slow'), {
      signal: new AbortController().signal,
    });
    expect(result.status).toBe('timed_out');
    expect(result.error).toMatch(/timeout of 1 seconds/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('runs over HTTP with real execution', () => {
  let sc: Sidecar;
  beforeAll(async () => {
    sc = await makeSidecar({ executor, clock: { now: () => new Date() }, start: true });
  });
  afterAll(async () => {
    await sc.close();
  });

  it('a one-off run is queued, runs, and its log and notebook can be downloaded', async () => {
    const finished = new Promise<Run>((resolve) => sc.scheduler.once('run-finished', resolve));
    const res = await sc.app.inject({ method: 'POST', url: '/api/v1/runs', headers: AUTH, payload: { notebook: 'reports/hello.ipynb', outputFormats: ['ipynb'] } });
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    expect((await finished).status).toBe('succeeded');
    const run = (await sc.app.inject({ method: 'GET', url: `/api/v1/runs/${id}`, headers: AUTH })).json();
    expect(run).toMatchObject({ status: 'succeeded', scheduleId: null, progress: null });
    const nb = await sc.app.inject({ method: 'GET', url: `/api/v1/runs/${id}/outputs/executed.ipynb`, headers: AUTH });
    expect(nb.statusCode).toBe(200);
    expect(nb.headers['content-type']).toBe('application/x-ipynb+json');
    expect(nb.body).toContain('hello');
    const log = await sc.app.inject({ method: 'GET', url: `/api/v1/runs/${id}/outputs/run.log`, headers: AUTH });
    expect(log.headers['content-type']).toMatch(/^text\/plain/);
    const missing = await sc.app.inject({ method: 'GET', url: `/api/v1/runs/${id}/outputs/executed.html`, headers: AUTH });
    expect(missing.statusCode).toBe(404);
    const sneaky = await sc.app.inject({ method: 'GET', url: `/api/v1/runs/${id}/outputs/..%2F..%2Fnbschedule.sqlite3`, headers: AUTH });
    expect(sneaky.statusCode).toBe(404);
    const list = (await sc.app.inject({ method: 'GET', url: '/api/v1/runs?status=succeeded', headers: AUTH })).json();
    expect(list.items.map((r: { id: string }) => r.id)).toContain(id);
  });

  it('a running run can be cancelled and ends cancelled', async () => {
    writeNotebook(join(sc.root, 'wait.ipynb'), 'import time\ntime.sleep(120)');
    const started = new Promise<Run>((resolve) => sc.scheduler.once('run-started', resolve));
    const res = await sc.app.inject({ method: 'POST', url: '/api/v1/runs', headers: AUTH, payload: { notebook: 'wait.ipynb' } });
    await started;
    const cancel = await sc.app.inject({ method: 'POST', url: `/api/v1/runs/${res.json().id}/cancel`, headers: AUTH });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().status).toBe('cancelled');
  });
});
