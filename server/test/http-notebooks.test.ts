// POST /notebooks/parameters: what the run dialog offers, read from the "parameters" cell.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listKernelspecs, parseKernelspecList } from '../src/executor/kernelspecs.js';
import { ExecaProcessRunner } from '../src/executor/process-runner.js';
import { buildApp } from '../src/http/app.js';
import { ScheduleCommands } from '../src/schedule-commands.js';
import { JUPYTER, notebookJson } from './fixture-notebooks.js';
import { AUTH, makeSidecar, silentLogger, TOKEN, type Sidecar } from './fixture-app.js';

let sc: Sidecar;
beforeAll(async () => {
  sc = await makeSidecar();
  const nb = notebookJson('import pandas as pd', 'region = "south"\nlimit = 10\nsince = pd.Timestamp("2026-01-01")') as {
    cells: Array<{ metadata: { tags?: string[] } }>;
  };
  nb.cells[1].metadata.tags = ['parameters'];
  writeFileSync(join(sc.root, 'tagged.ipynb'), JSON.stringify(nb));
});
afterAll(async () => {
  await sc.close();
});

const post = (payload: object) => sc.app.inject({ method: 'POST', url: '/api/v1/notebooks/parameters', headers: AUTH, payload });

describe('reading a notebook parameters', () => {
  it('answers the names, current values and types of the tagged cell', async () => {
    const res = await post({ notebook: 'tagged.ipynb' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      notebook: 'tagged.ipynb',
      language: 'python',
      tagged: true,
      parameters: [
        { name: 'region', value: 'south', type: 'string', source: '"south"' },
        { name: 'limit', value: 10, type: 'integer', source: '10' },
        { name: 'since', value: null, type: 'expression', source: 'pd.Timestamp("2026-01-01")' },
      ],
    });
  });

  it('says when no cell is tagged', async () => {
    expect((await post({ notebook: 'reports/hello.ipynb' })).json()).toMatchObject({ tagged: false, parameters: [] });
  });

  it('refuses files outside the root and files that are not notebooks, naming notebook', async () => {
    for (const notebook of ['../outside.ipynb', 'escape.ipynb', 'reports/notes.txt', 'missing.ipynb']) {
      const res = await post({ notebook });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'NOTEBOOK_INVALID', field: 'notebook' });
    }
  });
});

describe('output formats', () => {
  it('a schedule can ask for markdown and script besides ipynb and html, and nothing else', async () => {
    const base = { name: 'formats', notebook: 'reports/hello.ipynb', trigger: { everySeconds: 3600 } };
    const ok = await sc.app.inject({ method: 'POST', url: '/api/v1/schedules', headers: AUTH, payload: { ...base, outputFormats: ['ipynb', 'html', 'markdown', 'script'] } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().outputFormats).toEqual(['ipynb', 'html', 'markdown', 'script']);
    const bad = await sc.app.inject({ method: 'POST', url: '/api/v1/schedules', headers: AUTH, payload: { ...base, name: 'pdf', outputFormats: ['ipynb', 'pdf'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toMatch(/^outputFormats/);
  });
});

describe('kernelspecs for the kernel picker', () => {
  it('lists the kernels installed where runs execute (real `jupyter kernelspec list`)', async () => {
    const runner = new ExecaProcessRunner(silentLogger);
    const app = await buildApp({
      store: sc.store,
      scheduler: sc.scheduler,
      commands: new ScheduleCommands(sc.store, sc.scheduler, sc.clock, sc.root),
      clock: sc.clock,
      token: TOKEN,
      version: '0.0.0-test',
      instanceId: 'test',
      maxConcurrentRuns: 1,
      kernelspecs: () => listKernelspecs(runner, JUPYTER, new AbortController().signal, sc.root),
    });
    const res = await app.inject({ method: 'GET', url: '/api/v1/kernelspecs', headers: AUTH });
    expect(res.statusCode).toBe(200);
    expect(res.json().available).toBe(true);
    expect(res.json().kernelspecs).toContainEqual({ name: 'python3', displayName: expect.any(String), language: 'python' });
    await app.close();
  });

  it('answers an empty list, not available, without a way to list them', async () => {
    const res = await sc.app.inject({ method: 'GET', url: '/api/v1/kernelspecs', headers: AUTH });
    expect(res.json()).toEqual({ kernelspecs: [], available: false });
  });

  it('parses the JSON of `jupyter kernelspec list --json`, warnings around it or not', () => {
    const json = JSON.stringify({ kernelspecs: { ir: { spec: { display_name: 'R', language: 'R' } }, python3: { spec: { display_name: 'Python 3', language: 'python' } } } });
    expect(parseKernelspecList(`[W] a warning\n${json}\n`)).toEqual([
      { name: 'ir', displayName: 'R', language: 'R' },
      { name: 'python3', displayName: 'Python 3', language: 'python' },
    ]);
    expect(parseKernelspecList('not json')).toBeNull();
  });
});
