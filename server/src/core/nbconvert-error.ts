// Turns nbconvert's stderr into one sentence an analyst can act on, e.g.
// "Cell 3 raised KeyError: 'sku' (the cell starts with: df["sku"].sum())".

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
