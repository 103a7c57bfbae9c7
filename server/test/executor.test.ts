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
    kernel: null, outputFormats: ['ipynb'], timeoutSeconds: null, notBefore: null, pid: null, pidStarted: null, leaseOwner: null, leaseExpiresAt: null,
    ...extra,
  };
}

describe('executing notebooks with nbconvert', () => {
  it('a successful run writes input, executed notebook, HTML, markdown, script and log, in the notebook folder as cwd, with parameters', async () => {
    const folder = join(dirs.root, 'sales');
    writeNotebook(join(folder, 'report.ipynb'), 'import os', 'print(open("data.txt").read().strip(), region)');
    writeFileSync(join(folder, 'data.txt'), 'hello from next door');
    const runDir = join(dirs.data, 'runs', 'run_ok');
    const progress: Array<{ cell: number; cells: number }> = [];
    const result = await executor.execute(
      runFor('run_ok', 'sales/report.ipynb', { outputFormats: ['ipynb', 'html', 'markdown', 'script'], parameters: { region: 'south' } }),
      join(folder, 'report.ipynb'),
      runDir,
      { signal: new AbortController().signal, onProgress: (p) => progress.push(p) },
    );
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 0, error: null });
    expect(result.outputs.map((o) => [o.name, o.format])).toEqual([
      ['executed.ipynb', 'ipynb'],
      ['input.ipynb', 'ipynb'],
      ['executed.html', 'html'],
      ['executed.md', 'markdown'],
      ['executed.py', 'script'],
      ['run.log', 'log'],
    ]);
    expect(readFileSync(join(runDir, 'executed.md'), 'utf8')).toContain('hello from next door south');
    expect(readFileSync(join(runDir, 'executed.py'), 'utf8')).toContain('region = "south"');
    const executed = readFileSync(join(runDir, 'executed.ipynb'), 'utf8');
    expect(executed).toContain('hello from next door south');
    expect(readFileSync(join(runDir, 'input.ipynb'), 'utf8')).toContain('region = \\"south\\"');
    expect(readFileSync(join(runDir, 'executed.html'), 'utf8')).toContain('hello from next door south');
    expect(readFileSync(join(runDir, 'run.log'), 'utf8')).toContain('nbconvert');
    expect(progress.at(-1)).toEqual({ cell: 3, cells: 3 }); // the injected parameters cell counts too
  });

  it('a raising cell fails the run, keeps the notebook executed up to it with the traceback in place, and names the cell', async () => {
    writeNotebook(join(dirs.root, 'broken.ipynb'), 'x = 1\nprint("before")', 'rows = {}\nrows["sku"]', 'print("never runs")');
    const runDir = join(dirs.data, 'runs', 'run_bad');
    const result = await executor.execute(
      runFor('run_bad', 'broken.ipynb', { outputFormats: ['ipynb', 'html'], parameters: { x: 2 } }),
      join(dirs.root, 'broken.ipynb'),
      runDir,
      { signal: new AbortController().signal },
    );
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(1);
    // Cell 2 of the user's notebook, though the injected parameters cell went first.
    expect(result.error).toBe(`Cell 2 raised KeyError: 'sku' (the cell starts with: rows = {})`);
    const executed = JSON.parse(readFileSync(join(runDir, 'executed.ipynb'), 'utf8'));
    const outputs = executed.cells.map((c: { outputs: Array<{ output_type: string; text?: string; ename?: string }> }) => c.outputs);
    expect([outputs[1][0].text].flat().join('')).toBe('before\n');
    expect(outputs[2][0]).toMatchObject({ output_type: 'error', ename: 'KeyError' });
    expect(outputs[3]).toEqual([]); // nothing ran after the failing cell
    expect(readFileSync(join(runDir, 'executed.html'), 'utf8')).toContain('KeyError');
    expect(result.outputs.map((o) => o.name)).toEqual(['executed.ipynb', 'input.ipynb', 'executed.html', 'run.log']);
    const log = readFileSync(join(runDir, 'run.log'), 'utf8');
    expect(log).toContain('warning: No cell is tagged "parameters"');
    expect(log).toContain('KeyError');
    expect(log).toMatch(/failed: Cell 2 raised KeyError/);
  });

  it('parameters of every type reach the kernel (the chosen one) as the values they were', async () => {
    const parameters = {
      text: 'Zürich "ZH" \\ it\'s\n東京 🎉',
      count: 42,
      rate: -0.25,
      on: true,
      off: false,
      empty: null,
      items: [1, 'two', [3], { four: 4 }],
      config: { nested: { deep: [true, null, 'x'] }, 'odd key"': 1 },
    };
    const folder = join(dirs.root, 'params');
    writeNotebook(join(folder, 'p.ipynb'), 'text = "default"\ncount = 0', 'import json\nprint(json.dumps(dict(text=text, count=count, rate=rate, on=on, off=off, empty=empty, items=items, config=config), ensure_ascii=False))');
    const nb = JSON.parse(readFileSync(join(folder, 'p.ipynb'), 'utf8'));
    nb.cells[0].metadata.tags = ['parameters'];
    writeFileSync(join(folder, 'p.ipynb'), JSON.stringify(nb));
    const runDir = join(dirs.data, 'runs', 'run_params');
    // The chosen kernel's spec says Python: the literals are Python's.
    const result = await executor.execute(runFor('run_params', 'params/p.ipynb', { parameters, kernel: 'python3' }), join(folder, 'p.ipynb'), runDir, {
      signal: new AbortController().signal,
    });
    expect(result).toMatchObject({ status: 'succeeded', error: null });
    const executed = JSON.parse(readFileSync(join(runDir, 'executed.ipynb'), 'utf8'));
    expect(executed.cells.map((c: { metadata: { tags?: string[] } }) => c.metadata.tags ?? [])).toEqual([['parameters'], ['injected-parameters'], []]);
    expect(JSON.parse([executed.cells[2].outputs[0].text].flat().join(''))).toEqual(parameters);
  });

  it('a kernel that is not installed fails the run with that sentence', async () => {
    const chosen = await executor.execute(runFor('run_nokernel', 'reports/hello.ipynb', { kernel: 'nope' }), join(dirs.root, 'reports', 'hello.ipynb'), join(dirs.data, 'runs', 'run_nokernel'), {
      signal: new AbortController().signal,
    });
    expect(chosen).toMatchObject({ status: 'failed', error: "Kernel 'nope' is not installed on this server." });
    const nb = JSON.parse(readFileSync(join(dirs.root, 'reports', 'hello.ipynb'), 'utf8'));
    nb.metadata.kernelspec = { name: 'ir', display_name: 'R', language: 'R' };
    writeFileSync(join(dirs.root, 'r.ipynb'), JSON.stringify(nb));
    const own = await executor.execute(runFor('run_ir', 'r.ipynb'), join(dirs.root, 'r.ipynb'), join(dirs.data, 'runs', 'run_ir'), {
      signal: new AbortController().signal,
    });
    expect(own).toMatchObject({ status: 'failed', error: "Kernel 'ir' is not installed on this server." });
  });

  it('a run stopped mid-cell keeps the notebook as far as it got', async () => {
    writeNotebook(join(dirs.root, 'stopped.ipynb'), 'print("started", flush=True)', 'import time\ntime.sleep(120)');
    const runDir = join(dirs.data, 'runs', 'run_stopped');
    const controller = new AbortController();
    const result = await executor.execute(runFor('run_stopped', 'stopped.ipynb'), join(dirs.root, 'stopped.ipynb'), runDir, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.cell === 2) setTimeout(() => controller.abort(), 500);
      },
    });
    expect(result.status).toBe('cancelled');
    const executed = JSON.parse(readFileSync(join(runDir, 'executed.ipynb'), 'utf8'));
    expect([executed.cells[0].outputs[0].text].flat().join('')).toBe('started\n');
    expect(result.outputs.map((o) => o.name)).toContain('executed.ipynb');
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

  it('progress and the log tail advance cell by cell while the run executes', async () => {
    writeNotebook(join(sc.root, 'ticks.ipynb'), 'import time\nprint("tick 1", flush=True)\ntime.sleep(1.2)', 'print("tick 2", flush=True)\ntime.sleep(1.2)', 'print("tick 3", flush=True)\ntime.sleep(1.2)');
    const finished = new Promise<Run>((resolve) => sc.scheduler.once('run-finished', resolve));
    const id = (await sc.app.inject({ method: 'POST', url: '/api/v1/runs', headers: AUTH, payload: { notebook: 'ticks.ipynb', outputFormats: ['ipynb'] } })).json().id;
    const seen: Array<{ cell: number; tick: string | null }> = [];
    let done = false;
    void finished.then(() => (done = true));
    while (!done) {
      const log = (await sc.app.inject({ method: 'GET', url: `/api/v1/runs/${id}/log?tail=50`, headers: AUTH })).json();
      if (log.status === 'running' && log.progress) {
        const ticks = log.text.match(/tick \d/g);
        seen.push({ cell: log.progress.cell, tick: ticks ? ticks.at(-1) : null });
        const run = (await sc.app.inject({ method: 'GET', url: `/api/v1/runs/${id}`, headers: AUTH })).json();
        expect(run.progress.cells).toBe(3);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    expect((await finished).status).toBe('succeeded');
    // Every cell was seen running, in order, with its own output already in the log tail.
    const cells = [...new Set(seen.map((s) => s.cell))];
    expect(cells).toEqual([1, 2, 3]);
    for (const cell of [1, 2, 3]) expect(seen.some((s) => s.cell === cell && s.tick === `tick ${cell}`)).toBe(true);
    const after = (await sc.app.inject({ method: 'GET', url: `/api/v1/runs/${id}/log?tail=2`, headers: AUTH })).json();
    expect(after).toMatchObject({ status: 'succeeded', progress: null, truncated: true });
    expect(after.text.trim().split('\n')).toHaveLength(2);
    expect(after.text).toContain('[nbschedule] succeeded');
  });

  it('outputs can be asked for as attachments', async () => {
    const list = (await sc.app.inject({ method: 'GET', url: '/api/v1/runs?status=succeeded', headers: AUTH })).json();
    const id = list.items[0].id;
    const res = await sc.app.inject({ method: 'GET', url: `/api/v1/runs/${id}/outputs/executed.ipynb?download=true`, headers: AUTH });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="executed.ipynb"');
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
