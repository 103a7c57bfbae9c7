// Executes one run with nbconvert through the process runner:
//   runs/<id>/input.ipynb     the notebook exactly as executed (parameters injected)
//   runs/<id>/executed.ipynb  the executed notebook; for a failed run, executed up to the
//                             failing cell, with its traceback in place; a timed-out or
//                             cancelled one as far as it got
//   runs/<id>/executed.html, executed.md, executed.<py|r|jl>   the formats asked for
//   runs/<id>/run.log         written as the run goes: nbconvert's log, one line per cell,
//                             what the cells print; capped
// nbconvert reads input.ipynb on stdin with the notebook's folder as working directory:
// the kernel then starts there ("as if run by hand") and what runs is exactly input.ipynb.
// server/python/nbschedule_nbconvert.py (passed with --config) makes nbconvert stop at the
// first failing cell yet write the notebook, and report each cell on stderr.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeCell, errorSentence, failedCellSentence, kernelNotInstalled, missingKernelSentence, type CellFailure } from '../core/nbconvert-error.js';
import { injectParameters } from '../core/parameters.js';
import type { OutputFormat, Run, RunOutput } from '../core/model.js';
import type { RunStatus } from '../core/run-state.js';
import type { ProcessResult, ProcessRunner } from '../ports.js';
import { listKernelspecs } from './kernelspecs.js';
import { RunLog } from './run-log.js';

export const KEEP_OUTPUT_BYTES = 256 * 1024;
export const NBCONVERT_CONFIG = fileURLToPath(new URL('../../python/nbschedule_nbconvert_config.py', import.meta.url));
/** Lines the sidecar's nbconvert preprocessor writes for the sidecar start with this. */
export const MARK = '[nbschedule] ';

/** nbconvert's exporter for each format other than ipynb (which is the execution itself). */
const EXPORTERS: Record<Exclude<OutputFormat, 'ipynb'>, string> = { html: 'html', markdown: 'markdown', script: 'script' };

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

type Ending = Omit<ExecutionResult, 'outputs' | 'durationMs'>;

export class NotebookExecutor {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly jupyter: string,
  ) {}

  async execute(run: Run, notebookPath: string, runDir: string, hooks: ExecutionHooks): Promise<ExecutionResult> {
    const started = Date.now();
    await mkdir(runDir, { recursive: true });
    const log = new RunLog(join(runDir, 'run.log'));
    const finish = async (ending: Ending): Promise<ExecutionResult> => {
      log.force(`[nbschedule] ${ending.status}${ending.error ? `: ${ending.error}` : ''}`);
      await log.close();
      return { ...ending, outputs: await listOutputs(runDir), durationMs: Date.now() - started };
    };
    const deadline = run.timeoutSeconds ? started + run.timeoutSeconds * 1000 : null;
    const remaining = () => (deadline === null ? null : Math.max(0, deadline - Date.now()));
    const cwd = dirname(notebookPath);

    // A chosen kernel must exist here, and its language decides how parameters are written.
    let kernelLanguageSaid: string | null = null;
    if (run.kernel) {
      const specs = await listKernelspecs(this.runner, this.jupyter, hooks.signal, cwd);
      const spec = specs?.find((k) => k.name === run.kernel);
      if (specs && !spec) return finish({ status: 'failed', exitCode: null, error: kernelNotInstalled(run.kernel) });
      kernelLanguageSaid = spec?.language || null;
    }

    let injectedAt: number | null = null;
    try {
      const source = JSON.parse(await readFile(notebookPath, 'utf8'));
      const injected = injectParameters(source, run.parameters, kernelLanguageSaid);
      injectedAt = injected.injectedAt;
      if (injected.warning) log.line(`[nbschedule] warning: ${injected.warning}`);
      await writeFile(join(runDir, 'input.ipynb'), JSON.stringify(injected.notebook, null, 1) + '\n');
    } catch (error) {
      return finish({ status: 'failed', exitCode: null, error: `The notebook could not be prepared: ${(error as Error).message}` });
    }

    const execArgs = ['nbconvert', '--config', NBCONVERT_CONFIG, '--to', 'notebook', '--stdin', '--output', 'executed', '--output-dir', runDir];
    if (run.kernel) execArgs.push(`--ExecutePreprocessor.kernel_name=${run.kernel}`);
    log.line(`$ ${this.jupyter} ${execArgs.join(' ')}`);
    let failure: CellFailure | null = null;
    let lastCellIndex: number | null = null;
    const executed = await this.runner.run({
      file: this.jupyter,
      args: execArgs,
      cwd,
      inputFile: join(runDir, 'input.ipynb'),
      // Where the preprocessor writes the notebook as far as it got when stopped (SIGTERM).
      env: { NBSCHEDULE_EXECUTED_PATH: join(runDir, 'executed.ipynb') },
      timeoutMs: remaining(),
      signal: hooks.signal,
      keepBytes: KEEP_OUTPUT_BYTES,
      onStart: hooks.onStart,
      onStderrLine: (line) => {
        const event = parseMark(line);
        if (event?.event === 'cell' && typeof event.cell === 'number' && typeof event.cells === 'number') {
          hooks.onProgress?.({ cell: event.cell, cells: event.cells });
          if (typeof event.cellIndex === 'number') lastCellIndex = event.cellIndex;
          log.line(`[nbschedule] cell ${event.cell} of ${event.cells}`);
        } else if (event?.event === 'failed') {
          failure = {
            cellIndex: typeof event.cellIndex === 'number' ? event.cellIndex : null,
            kind: String(event.kind ?? ''),
            message: String(event.message ?? ''),
          };
        } else if (!event) {
          log.line(line);
        }
      },
    });
    if (log.truncated) log.force(`[nbschedule: the end of the output follows]\n${executed.output}`);

    const stopped = this.stopped(executed, run, `Could not start ${this.jupyter}`);
    if (stopped) {
      // The preprocessor wrote the notebook as far as it got on SIGTERM; the sentence names the cell.
      const input = stopped.status === 'timed_out' && lastCellIndex !== null ? await readJson(join(runDir, 'input.ipynb')) : null;
      if (input && lastCellIndex !== null) {
        const { where, startsWith } = describeCell(input as never, lastCellIndex);
        stopped.error = `Stopped after the timeout of ${run.timeoutSeconds} seconds, in ${where[0].toLowerCase()}${where.slice(1)}${startsWith}.`;
      }
      return finish(stopped);
    }

    let ending: Ending = { status: 'succeeded', exitCode: 0, error: null };
    if (failure) {
      // The notebook ran up to the failing cell and nbconvert wrote it: the sentence comes from it.
      const nb = await readJson(join(runDir, 'executed.ipynb'));
      const error = nb ? failedCellSentence(nb as never, failure) : (errorSentence(executed.stderr, injectedAt) ?? 'The notebook failed.');
      ending = { status: 'failed', exitCode: executed.exitCode, error };
    } else if (executed.exitCode !== 0) {
      const error =
        missingKernelSentence(executed.stderr) ?? errorSentence(executed.stderr, injectedAt) ?? `nbconvert exited with code ${executed.exitCode}.`;
      return finish({ status: 'failed', exitCode: executed.exitCode, error });
    }

    // The other formats, from the executed notebook (a failed run's too: its report shows the traceback).
    for (const format of run.outputFormats) {
      if (format === 'ipynb') continue;
      const args = ['nbconvert', '--to', EXPORTERS[format], '--output', 'executed', '--output-dir', runDir, join(runDir, 'executed.ipynb')];
      log.line(`$ ${this.jupyter} ${args.join(' ')}`);
      const exported = await this.runner.run({
        file: this.jupyter,
        args,
        cwd: runDir,
        timeoutMs: remaining(),
        signal: hooks.signal,
        keepBytes: KEEP_OUTPUT_BYTES,
        onStart: hooks.onStart,
        onStderrLine: (line) => log.line(line),
      });
      const exportStopped = this.stopped(exported, run, `Could not start ${this.jupyter}`);
      if (exportStopped) return finish(exportStopped);
      if (exported.exitCode !== 0 && ending.status === 'succeeded') {
        const last = exported.stderr.trim().split('\n').pop() ?? '';
        ending = { status: 'failed', exitCode: exported.exitCode, error: `The notebook ran, but the ${format} export failed: ${last}` };
      }
    }
    return finish(ending);
  }

  /** The ending of a process that did not exit on its own, or null. */
  private stopped(result: ProcessResult, run: Run, startFailure: string): Ending | null {
    if (result.ended === 'failed_to_start') return { status: 'failed', exitCode: null, error: `${startFailure}: ${result.startError}` };
    if (result.ended === 'timed_out') {
      return { status: 'timed_out', exitCode: result.exitCode, error: `Stopped after the timeout of ${run.timeoutSeconds} seconds.` };
    }
    if (result.ended === 'cancelled') return { status: 'cancelled', exitCode: result.exitCode, error: 'Cancelled while running.' };
    return null;
  }
}

function parseMark(line: string): Record<string, unknown> | null {
  if (!line.startsWith(MARK)) return null;
  try {
    const event = JSON.parse(line.slice(MARK.length));
    return typeof event === 'object' && event !== null ? event : null;
  } catch {
    return null;
  }
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}

/** The format of a file in a run's folder, or null when it is not an output. */
export function outputFormat(name: string): RunOutput['format'] | null {
  if (name === 'input.ipynb' || name === 'executed.ipynb') return 'ipynb';
  if (name === 'executed.html') return 'html';
  if (name === 'executed.md') return 'markdown';
  if (name === 'run.log') return 'log';
  // nbconvert names the script by the kernel's file extension: .py, .r, .jl, ...
  if (/^executed\.[A-Za-z0-9]{1,8}$/.test(name)) return 'script';
  return null;
}

const ORDER: Array<RunOutput['format']> = ['ipynb', 'html', 'markdown', 'script', 'log'];

export async function listOutputs(runDir: string): Promise<RunOutput[]> {
  let names: string[];
  try {
    names = await readdir(runDir);
  } catch {
    return [];
  }
  const outputs: RunOutput[] = [];
  for (const name of names) {
    const format = outputFormat(name);
    if (!format) continue;
    const info = await stat(join(runDir, name)).catch(() => null);
    if (info?.isFile()) outputs.push({ name, format, size: info.size });
  }
  // input.ipynb first, then executed.ipynb, then the other formats, the log last.
  return outputs.sort((a, b) => ORDER.indexOf(a.format) - ORDER.indexOf(b.format) || a.name.localeCompare(b.name));
}
