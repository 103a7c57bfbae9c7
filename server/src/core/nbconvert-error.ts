// Turns a failed run into one sentence an analyst can act on, e.g.
// "Cell 3 raised KeyError: 'sku' (the cell starts with: df["sku"].sum())".
// From the partially executed notebook when there is one (failedCellSentence), else from
// nbconvert's stderr (errorSentence); a missing kernel gets its own sentence.
import { cellSource, hasTag, INJECTED_TAG } from './parameters.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const EXCEPTION_LINE = /^([A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit|Warning|Failure)|[A-Za-z_][\w.]*Error\w*)(: .*)?$/;

/**
 * `injectedAt`: the code-cell number of the parameters cell the sidecar added, if any; later
 * cells are renumbered so the sentence names the user's own cell numbers.
 */
export function errorSentence(stderr: string, injectedAt: number | null = null): string | null {
  const text = stderr.replace(ANSI, '').replace(/\r/g, '');
  const lines = text.split('\n').map((l) => l.trimEnd());

  const marker = lines.findIndex((l) => l.includes('An error occurred while executing the following cell'));
  let firstSource: string | null = null;
  let from = 0;
  if (marker >= 0) {
    from = marker;
    // The cell source sits between two "------------------" rules.
    const open = lines.indexOf('------------------', marker);
    if (open >= 0) {
      const src = lines.slice(open + 1).find((l) => l.trim() !== '');
      if (src && src !== '------------------') firstSource = src.trim();
    }
  }

  const tail = lines.slice(from);
  const cellMatch = tail.map((l) => /\bIn\s*\[(\d+)\]/.exec(l)).find((m) => m !== null);
  const exception = [...tail].reverse().find((l) => EXCEPTION_LINE.test(l.trim()));

  if (exception) {
    const executed = cellMatch ? Number(cellMatch[1]) : null;
    const cellNumber = executed !== null && injectedAt !== null && executed > injectedAt ? executed - 1 : executed;
    const where = cellNumber !== null && cellNumber > 0 ? `Cell ${cellNumber}` : 'The notebook';
    const source = firstSource ? ` (the cell starts with: ${truncate(firstSource, 120)})` : '';
    return `${where} raised ${truncate(exception.trim(), 300)}${source}`;
  }
  const last = [...lines].reverse().find((l) => l.trim() !== '');
  return last ? truncate(last.trim(), 300) : null;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

type Output = { output_type?: string; ename?: string; evalue?: string };
type ExecutedCell = { cell_type: string; source: string | string[]; metadata?: { tags?: string[] }; outputs?: Output[] };

/** How the sidecar's nbconvert preprocessor said the run stopped. */
export type CellFailure = { cellIndex: number | null; kind: string; message: string };

/**
 * The sentence for a run that stopped at a cell, read from the executed notebook: the cell's
 * number as the user sees it (code cells, the injected parameters cell not counted), its
 * exception and first line. `cellIndex` is the cell's index in the executed notebook.
 */
export function failedCellSentence(nb: { cells: ExecutedCell[] }, failure: CellFailure): string {
  const index = failure.cellIndex ?? nb.cells.findIndex((c) => (c.outputs ?? []).some((o) => o.output_type === 'error'));
  const cell = index !== null && index >= 0 ? nb.cells[index] : undefined;
  const message = failure.message.replace(ANSI, '').trim();
  if (!cell || index === null) return message ? `The notebook failed: ${truncate(message, 300)}` : 'The notebook failed.';
  const { where, startsWith } = describeCell(nb, index);
  if (failure.kind === 'DeadKernelError') return `The kernel died while running ${where.replace(/^Cell/, 'cell')}${startsWith}.`;
  if (failure.kind === 'CellTimeoutError') return `${where} did not finish within the cell timeout${startsWith}.`;
  const error = (cell.outputs ?? []).find((o) => o.output_type === 'error');
  const what = error?.ename ? `${error.ename}${error.evalue ? `: ${error.evalue.replace(ANSI, '')}` : ''}` : message || 'an error';
  return `${where} raised ${truncate(what, 300)}${startsWith}`;
}

/**
 * A cell as the user sees it: "Cell 2" (code cells, the injected parameters cell not counted)
 * and " (the cell starts with: ...)", or "The injected parameters cell".
 */
export function describeCell(nb: { cells: ExecutedCell[] }, index: number): { where: string; startsWith: string; injected: boolean } {
  const cell = nb.cells[index];
  const injected = hasTag(cell, INJECTED_TAG);
  const number = nb.cells.slice(0, index + 1).filter((c) => c.cell_type === 'code' && !hasTag(c, INJECTED_TAG)).length;
  const first = cellSource(cell).split('\n').map((l) => l.trim()).find((l) => l !== '');
  return {
    where: injected ? 'The injected parameters cell' : `Cell ${number}`,
    startsWith: first && !injected ? ` (the cell starts with: ${truncate(first, 120)})` : '',
    injected,
  };
}

/** "Kernel 'ir' is not installed on this server." when nbconvert could not find the kernel. */
export function missingKernelSentence(stderr: string): string | null {
  const m = /NoSuchKernel: No such kernel named (\S+)/.exec(stderr.replace(ANSI, ''));
  return m ? kernelNotInstalled(m[1]) : null;
}

export function kernelNotInstalled(name: string): string {
  return `Kernel '${name}' is not installed on this server.`;
}
