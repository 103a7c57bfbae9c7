// POST /notebooks/parameters: what the run dialog offers, read from the "parameters" cell.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { notebookJson } from './fixture-notebooks.js';
import { AUTH, makeSidecar, type Sidecar } from './fixture-app.js';

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
