// Executes one run with nbconvert through the process runner:
//   runs/<id>/input.ipynb    the notebook exactly as executed (parameters injected)
//   runs/<id>/executed.ipynb the executed notebook
//   runs/<id>/executed.html  when "html" is asked for
//   runs/<id>/run.log        nbconvert's stdout and stderr, capped
// nbconvert reads input.ipynb on stdin with the notebook's folder as working directory:
// the kernel then starts there ("as if run by hand") and what runs is exactly input.ipynb.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errorSentence } from '../core/nbconvert-error.js';
import { injectParameters } from '../core/parameters.js';
import type { Run, RunOutput } from '../core/model.js';
import type { RunStatus } from '../core/run-state.js';
import type { ProcessRunner } from '../ports.js';

export const KEEP_OUTPUT_BYTES = 256 * 1024;

export const OUTPUT_FILES: Record<string, RunOutput['format']> = {
  'input.ipynb': 'ipynb',
  'executed.ipynb': 'ipynb',
  'executed.html': 'html',
  'run.log': 'log',
};

export type ExecutionResult = {
  status: Extract<RunStatus, 'succeeded' | 'failed' | 'timed_out' | 'cancelled'>;
  exitCode: number | null;
  error: string | null;
  outputs: RunOutput[];
  durationMs: number;
};

export type ExecutionHooks = {
  signal: AbortSignal;
  onStart?: (pid: number) => void;
  onProgress?: (progress: { cell: number; cells: number }) => void;
};

export class NotebookExecutor {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly jupyter: string,
  ) {}

  async execute(run: Run, notebookPath: string, runDir: string, hooks: ExecutionHooks): Promise<ExecutionResult> {
    const started = Date.now();
    await mkdir(runDir, { recursive: true });
    const log: string[] = [];
    const finish = async (partial: Omit<ExecutionResult, 'outputs' | 'durationMs'>): Promise<ExecutionResult> => {
      await writeFile(join(runDir, 'run.log'), log.join('\n'));
      return { ...partial, outputs: await listOutputs(runDir), durationMs: Date.now() - started };
    };

    let injectedAt: number | null = null;
    let cells = 0;
    try {
      const source = JSON.parse(await readFile(notebookPath, 'utf8'));
      const injected = injectParameters(source, run.parameters);
      injectedAt = injected.injectedAt;
      cells = injected.notebook.cells.filter((c) => c.cell_type === 'code').length;
      await writeFile(join(runDir, 'input.ipynb'), JSON.stringify(injected.notebook, null, 1) + '\n');
    } catch (error) {
      const message = `The notebook could not be prepared: ${(error as Error).message}`;
      log.push(message);
      return finish({ status: 'failed', exitCode: null, error: message });
    }

    const deadline = run.timeoutSeconds ? started + run.timeoutSeconds * 1000 : null;
    const remaining = () => (deadline === null ? null : Math.max(0, deadline - Date.now()));
    let cell = 0;
    hooks.onProgress?.({ cell, cells });

    const execArgs = [
      'nbconvert', '--to', 'notebook', '--execute', '--stdin',
      '--output', 'executed', '--output-dir', runDir,
      // DEBUG logs one "Executing cell:" line per cell: that is the progress we report.
      '--NbConvertApp.log_level=DEBUG',
    ];
    if (run.kernel) execArgs.push(`--ExecutePreprocessor.kernel_name=${run.kernel}`);
    const executed = await this.runner.run({
      file: this.jupyter,
      args: execArgs,
      cwd: dirname(notebookPath),
      inputFile: join(runDir, 'input.ipynb'),
      timeoutMs: remaining(),
      signal: hooks.signal,
      keepBytes: KEEP_OUTPUT_BYTES,
      onStart: hooks.onStart,
      onStderrLine: (line) => {
        if (line.includes('Executing cell:')) {
          cell += 1;
          hooks.onProgress?.({ cell, cells });
        }
      },
    });
    log.push(`$ ${this.jupyter} ${execArgs.join(' ')}`, executed.output);

    if (executed.ended === 'failed_to_start') {
      return finish({ status: 'failed', exitCode: null, error: `Could not start ${this.jupyter}: ${executed.startError}` });
    }
    if (executed.ended === 'timed_out') {
      return finish({ status: 'timed_out', exitCode: executed.exitCode, error: `Stopped after the timeout of ${run.timeoutSeconds} seconds.` });
    }
    if (executed.ended === 'cancelled') {
      return finish({ status: 'cancelled', exitCode: executed.exitCode, error: 'Cancelled while running.' });
    }
    if (executed.exitCode !== 0) {
      const sentence = errorSentence(executed.stderr, injectedAt) ?? `nbconvert exited with code ${executed.exitCode}.`;
      return finish({ status: 'failed', exitCode: executed.exitCode, error: sentence });
    }

    if (run.outputFormats.includes('html')) {
      const htmlArgs = ['nbconvert', '--to', 'html', '--output', 'executed', '--output-dir', runDir, join(runDir, 'executed.ipynb')];
      const html = await this.runner.run({
        file: this.jupyter,
        args: htmlArgs,
        cwd: runDir,
        timeoutMs: remaining(),
        signal: hooks.signal,
        keepBytes: KEEP_OUTPUT_BYTES,
        onStart: hooks.onStart,
      });
      log.push(`$ ${this.jupyter} ${htmlArgs.join(' ')}`, html.output);
      if (html.ended === 'timed_out') {
        return finish({ status: 'timed_out', exitCode: html.exitCode, error: `Stopped after the timeout of ${run.timeoutSeconds} seconds.` });
      }
      if (html.ended === 'cancelled') return finish({ status: 'cancelled', exitCode: html.exitCode, error: 'Cancelled while running.' });
      if (html.exitCode !== 0) {
        const last = html.stderr.trim().split('\n').pop() ?? '';
        return finish({ status: 'failed', exitCode: html.exitCode, error: `The notebook ran, but the HTML export failed: ${last}` });
      }
    }
    return finish({ status: 'succeeded', exitCode: 0, error: null });
  }
}

export async function listOutputs(runDir: string): Promise<RunOutput[]> {
  const outputs: RunOutput[] = [];
  for (const [name, format] of Object.entries(OUTPUT_FILES)) {
    try {
      const info = await stat(join(runDir, name));
      outputs.push({ name, format, size: info.size });
    } catch {
      // not produced by this run
    }
  }
  return outputs;
}
