// Small notebooks written by the tests themselves (nbformat 4 JSON).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function notebookJson(...sources: string[]): object {
  return {
    cells: sources.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

export function writeNotebook(path: string, ...sources: string[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(notebookJson(...sources)));
}

export const JUPYTER = process.env.NBSCHEDULE_JUPYTER || '/work/main/.venv/bin/jupyter';
