// The executor's reading of its nbconvert preprocessor's events, with a scripted process runner
// (no nbconvert): fast and deterministic where timing on a loaded machine is not.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Run } from '../src/core/model.js';
import { NotebookExecutor } from '../src/executor/notebook-executor.js';
import type { ProcessRequest, ProcessResult, ProcessRunner } from '../src/ports.js';
import { writeNotebook } from './fixture-notebooks.js';

const dir = mkdtempSync(join(tmpdir(), 'nbschedule-events-'));
writeNotebook(join(dir, 'nb.ipynb'), 'import time', 'time.sleep(600)\n# waits');

function scripted(lines: string[], result: Partial<ProcessResult>, kernelspecs = '{"kernelspecs": {}}'): ProcessRunner & { requests: ProcessRequest[] } {
  const requests: ProcessRequest[] = [];
  return {
    requests,
    killGroup: () => false,
    processStarted: () => null,
    async run(req) {
      requests.push(req);
      if (req.args[0] === 'kernelspec') return { exitCode: 0, ended: 'exited', output: kernelspecs, stderr: '', durationMs: 1 };
      lines.forEach((l) => req.onStderrLine?.(l));
      return { exitCode: 0, ended: 'exited', output: lines.join('\n'), stderr: lines.join('\n'), durationMs: 1, ...result };
    },
  };
}

function runFor(id: string, extra: Partial<Run> = {}): Run {
  return {
    id, scheduleId: null, notebook: 'nb.ipynb', trigger: 'manual', scheduledFor: null, queuedAt: new Date(), startedAt: new Date(), finishedAt: null,
    status: 'running', attempt: 1, exitCode: null, error: null, parameters: {}, progress: null, outputs: [], durationMs: null,
    kernel: null, outputFormats: ['ipynb'], timeoutSeconds: null, notBefore: null, pid: null, pidStarted: null, leaseOwner: null, leaseExpiresAt: null,
    ...extra,
  };
}

const cell = (n: number, cells: number, index: number) => `[nbschedule] {"event": "cell", "cell": ${n}, "cells": ${cells}, "cellIndex": ${index}}`;

describe('the executor reads what its preprocessor says', () => {
  it('reports each cell as progress and writes it to the log', async () => {
    const runner = scripted([cell(1, 2, 0), 'printed by cell 1', cell(2, 2, 1)], {});
    const progress: unknown[] = [];
    const result = await new NotebookExecutor(runner, 'jupyter').execute(runFor('r1'), join(dir, 'nb.ipynb'), join(dir, 'r1'), {
      signal: new AbortController().signal,
      onProgress: (p) => progress.push(p),
    });
    expect(result.status).toBe('succeeded');
    expect(progress).toEqual([{ cell: 1, cells: 2 }, { cell: 2, cells: 2 }]);
    expect(runner.requests[0].env).toEqual({ NBSCHEDULE_EXECUTED_PATH: join(dir, 'r1', 'executed.ipynb') });
    expect(runner.requests[0].args).toEqual(expect.arrayContaining(['--config', '--to', 'notebook', '--stdin']));
    expect(readFileSync(join(dir, 'r1', 'run.log'), 'utf8')).toMatch(/\[nbschedule\] cell 1 of 2\nprinted by cell 1\n\[nbschedule\] cell 2 of 2\n[\s\S]*\[nbschedule\] succeeded\n$/);
  });

  it('names the cell a timeout stopped, as the user numbers it', async () => {
    const runner = scripted([cell(1, 3, 0), cell(2, 3, 1), cell(3, 3, 2)], { ended: 'timed_out', exitCode: null });
    const result = await new NotebookExecutor(runner, 'jupyter').execute(
      runFor('r2', { timeoutSeconds: 5, parameters: { n: 1 } }),
      join(dir, 'nb.ipynb'),
      join(dir, 'r2'),
      { signal: new AbortController().signal },
    );
    // The injected cell is first (no cell is tagged), so index 2 is the user's cell 2.
    expect(result).toMatchObject({ status: 'timed_out', error: 'Stopped after the timeout of 5 seconds, in cell 2 (the cell starts with: time.sleep(600)).' });
  });

  it('takes a failed cell sentence from the executed notebook the preprocessor wrote', async () => {
    const runDir = join(dir, 'r3');
    const runner = scripted([cell(1, 2, 0), cell(2, 2, 1), '[nbschedule] {"event": "failed", "cellIndex": 1, "kind": "CellExecutionError", "message": "ValueError: bad"}'], { exitCode: 1 });
    const executor = new NotebookExecutor(
      {
        ...runner,
        async run(req) {
          const out = await runner.run(req);
          const nb = { cells: [{ cell_type: 'code', source: 'import time', metadata: {}, outputs: [] }, { cell_type: 'code', source: 'time.sleep(600)', metadata: {}, outputs: [{ output_type: 'error', ename: 'ValueError', evalue: 'bad' }] }] };
          writeFileSync(join(runDir, 'executed.ipynb'), JSON.stringify(nb));
          return out;
        },
      },
      'jupyter',
    );
    const result = await executor.execute(runFor('r3'), join(dir, 'nb.ipynb'), runDir, { signal: new AbortController().signal });
    expect(result).toMatchObject({ status: 'failed', exitCode: 1, error: 'Cell 2 raised ValueError: bad (the cell starts with: time.sleep(600))' });
  });

  it('checks a chosen kernel before running, and writes parameters in its language', async () => {
    const specs = JSON.stringify({ kernelspecs: { ir: { spec: { display_name: 'R', language: 'R' } } } });
    const missing = scripted([], {}, specs);
    const result = await new NotebookExecutor(missing, 'jupyter').execute(runFor('r4', { kernel: 'julia-1.10' }), join(dir, 'nb.ipynb'), join(dir, 'r4'), {
      signal: new AbortController().signal,
    });
    expect(result).toMatchObject({ status: 'failed', error: "Kernel 'julia-1.10' is not installed on this server." });
    expect(missing.requests).toHaveLength(1); // nbconvert never started

    const r = scripted([], {}, specs);
    await new NotebookExecutor(r, 'jupyter').execute(runFor('r5', { kernel: 'ir', parameters: { n: true } }), join(dir, 'nb.ipynb'), join(dir, 'r5'), {
      signal: new AbortController().signal,
    });
    expect(r.requests[1].args).toContain('--ExecutePreprocessor.kernel_name=ir');
    expect(readFileSync(join(dir, 'r5', 'input.ipynb'), 'utf8')).toContain('n <- TRUE');
  });
});
