// Parameters reach the notebook as typed Python literals in a cell the sidecar adds after
// the cell tagged "parameters" (or first), never as pasted text, so a value can't become code.
import { ValidationError } from './errors.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

export function validateParameters(parameters: Record<string, unknown>, field = 'parameters'): void {
  for (const name of Object.keys(parameters)) {
    if (!IDENTIFIER.test(name) || PYTHON_KEYWORDS.has(name)) {
      throw new ValidationError(
        'SCHEDULE_INVALID',
        `Parameter name "${name}" must be a valid variable name (letters, digits and _; not a keyword).`,
        `${field}.${name}`,
      );
    }
  }
}

/** A Python literal for a JSON value; JSON string escapes are valid Python string escapes. */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`).join(', ')}}`;
}

type Cell = { cell_type: string; source: string | string[]; metadata?: { tags?: string[] } };
type Notebook = { cells: Cell[]; metadata?: Record<string, unknown> };

export function notebookLanguage(nb: Notebook): string {
  const meta = (nb.metadata ?? {}) as {
    kernelspec?: { language?: string };
    language_info?: { name?: string };
  };
  return (meta.kernelspec?.language ?? meta.language_info?.name ?? 'python').toLowerCase();
}

/**
 * Returns the notebook with an "injected-parameters" cell, and that cell's number among the
 * code cells (1-based), so error sentences can give the user's own cell numbers.
 */
export function injectParameters(
  nb: Notebook,
  parameters: Record<string, unknown>,
): { notebook: Notebook; injectedAt: number | null } {
  const names = Object.keys(parameters);
  if (names.length === 0) return { notebook: nb, injectedAt: null };
  if (notebookLanguage(nb) !== 'python') {
    throw new ValidationError(
      'RUN_INVALID',
      `Parameters can only be injected into Python notebooks; this one is ${notebookLanguage(nb)}.`,
      'parameters',
    );
  }
  validateParameters(parameters);
  const source = ['# Parameters injected by nbschedule', ...names.map((n) => `${n} = ${pythonLiteral(parameters[n])}`)].join('\n');
  const cell = { cell_type: 'code', execution_count: null, metadata: { tags: ['injected-parameters'] }, outputs: [], source };
  const at = nb.cells.findIndex((c) => c.metadata?.tags?.includes('parameters'));
  const cells = [...nb.cells];
  const index = at >= 0 ? at + 1 : 0;
  cells.splice(index, 0, cell as Cell);
  const injectedAt = cells.slice(0, index + 1).filter((c) => c.cell_type === 'code').length;
  return { notebook: { ...nb, cells }, injectedAt };
}
