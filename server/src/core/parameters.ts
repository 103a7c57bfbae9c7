// Parameters reach the notebook the way papermill puts them there, without papermill: a cell
// tagged "injected-parameters" right after the cell tagged "parameters" (replacing an earlier
// injected cell; placed first, with a warning, when no cell is tagged), written as typed
// literals of the kernel's language (Python, R or Julia), never as pasted text, so no value
// can break out into code.
import { ValidationError } from './errors.js';

export type KernelLanguage = 'python' | 'r' | 'julia';
export const KERNEL_LANGUAGES: readonly KernelLanguage[] = ['python', 'r', 'julia'];

export const PARAMETERS_TAG = 'parameters';
export const INJECTED_TAG = 'injected-parameters';
/** A stable cell id (nbformat 4.5 wants one), so the input is the same for the same parameters. */
export const INJECTED_CELL_ID = 'nbschedule-injected-parameters';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED: Record<KernelLanguage, Set<string>> = {
  python: new Set(
    'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
  ),
  r: new Set('if else repeat while function for in next break TRUE FALSE NULL Inf NaN NA NA_integer_ NA_real_ NA_character_ NA_complex_'.split(' ')),
  julia: new Set(
    'baremodule begin break catch const continue do else elseif end export false finally for function global if import let local macro module quote return struct true try using while nothing missing'.split(' '),
  ),
};

/**
 * Checks that names are variable names of the kernel's language. Schedules are checked as
 * Python (the common case, and the language is not known before the run); a run checks its
 * kernel's language when it injects, and fails with this sentence.
 */
export function validateParameters(parameters: Record<string, unknown>, field = 'parameters', language: KernelLanguage = 'python'): void {
  for (const name of Object.keys(parameters)) {
    if (!IDENTIFIER.test(name) || RESERVED[language].has(name)) {
      throw new ValidationError(
        'SCHEDULE_INVALID',
        `Parameter name "${name}" must be a valid variable name (letters, digits and _; not a keyword${language === 'python' ? '' : ` of ${LANGUAGE_NAMES[language]}`}).`,
        `${field}.${name}`,
      );
    }
  }
}

const LANGUAGE_NAMES: Record<KernelLanguage, string> = { python: 'Python', r: 'R', julia: 'Julia' };

/**
 * The language of a kernel from what a kernelspec or a notebook says ("python", "python3",
 * "R", "julia", "Julia 1.10"); null when it is none of the three.
 */
export function kernelLanguage(said: string | null | undefined): KernelLanguage | null {
  const s = (said ?? '').trim().toLowerCase();
  if (s === 'python' || /^python\s*\d/.test(s) || s === 'ipython') return 'python';
  if (s === 'r') return 'r';
  if (s === 'julia' || /^julia[\s-]*\d/.test(s)) return 'julia';
  return null;
}

type Cell = { cell_type: string; source: string | string[]; metadata?: { tags?: string[] }; id?: string };
export type Notebook = { cells: Cell[]; metadata?: Record<string, unknown> };

/** What the notebook's own metadata says its language is (kernelspec, then language_info); lower case. */
export function notebookLanguage(nb: Notebook): string {
  const meta = (nb.metadata ?? {}) as {
    kernelspec?: { language?: string; name?: string };
    language_info?: { name?: string };
  };
  return (meta.kernelspec?.language ?? meta.language_info?.name ?? 'python').toLowerCase();
}

export function cellSource(cell: { source: string | string[] }): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

export function hasTag(cell: Cell, tag: string): boolean {
  return Array.isArray(cell.metadata?.tags) && cell.metadata!.tags!.includes(tag);
}

// JSON string escapes (\" \\ \n \t \r \b \f \uXXXX) are valid Python, R and Julia escapes.
const jsonString = (s: string) => JSON.stringify(s);
const number = (n: number, none: string) => (Number.isFinite(n) ? String(n) : none);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Python literal for a JSON value. */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return number(value, 'None');
  if (typeof value === 'string') return jsonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (isObject(value)) return `{${Object.entries(value).map(([k, v]) => `${jsonString(k)}: ${pythonLiteral(v)}`).join(', ')}}`;
  return 'None';
}

/** An R literal: NULL, TRUE/FALSE, numbers, "strings", list(...) for arrays and named lists for objects. */
export function rLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value === true) return 'TRUE';
  if (value === false) return 'FALSE';
  if (typeof value === 'number') return number(value, 'NULL');
  if (typeof value === 'string') return jsonString(value);
  if (Array.isArray(value)) return `list(${value.map(rLiteral).join(', ')})`;
  // Backquoted names accept any text; a backquote or backslash inside is escaped.
  if (isObject(value)) return `list(${Object.entries(value).map(([k, v]) => `${rName(k)} = ${rLiteral(v)}`).join(', ')})`;
  return 'NULL';
}

function rName(key: string): string {
  // A zero-length name is an error in R; such a key keeps its place without a name.
  return key === '' ? '`_`' : `\`${key.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/** A Julia literal: nothing, true/false, numbers, "strings" with $ escaped, Any[...] and Dict{String, Any}(...). */
export function juliaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return number(value, 'nothing');
  // "$" interpolates in Julia strings: escape it so a value cannot run code.
  if (typeof value === 'string') return jsonString(value).replace(/\$/g, '\\$');
  if (Array.isArray(value)) return `Any[${value.map(juliaLiteral).join(', ')}]`;
  if (isObject(value)) {
    return `Dict{String, Any}(${Object.entries(value).map(([k, v]) => `${juliaLiteral(k)} => ${juliaLiteral(v)}`).join(', ')})`;
  }
  return 'nothing';
}

const WRITERS: Record<KernelLanguage, { literal: (v: unknown) => string; assign: string }> = {
  python: { literal: pythonLiteral, assign: '=' },
  r: { literal: rLiteral, assign: '<-' },
  julia: { literal: juliaLiteral, assign: '=' },
};

export function literal(value: unknown, language: KernelLanguage): string {
  return WRITERS[language].literal(value);
}

/** The injected cell's source: one assignment per parameter, in the kernel's language. */
export function parametersSource(parameters: Record<string, unknown>, language: KernelLanguage): string {
  const w = WRITERS[language];
  return ['# Parameters injected by nbschedule', ...Object.entries(parameters).map(([n, v]) => `${n} ${w.assign} ${w.literal(v)}`)].join('\n');
}

export type Injection = {
  notebook: Notebook;
  /** The injected cell's position among the code cells (1-based), or null when nothing was injected. */
  injectedAt: number | null;
  /** Set when no cell is tagged "parameters" and the parameters went first. */
  warning: string | null;
};

/**
 * Returns the notebook with an "injected-parameters" cell. `kernelLanguageSaid` is the language
 * of the kernel chosen for the run (its kernelspec's); without it the notebook's metadata decides.
 */
export function injectParameters(nb: Notebook, parameters: Record<string, unknown>, kernelLanguageSaid?: string | null): Injection {
  const names = Object.keys(parameters);
  if (names.length === 0) return { notebook: nb, injectedAt: null, warning: null };
  const said = kernelLanguageSaid ?? notebookLanguage(nb);
  const lang = kernelLanguage(said);
  if (!lang) {
    throw new ValidationError(
      'RUN_INVALID',
      `Parameters can be injected for Python, R and Julia kernels; this kernel's language is ${said}.`,
      'parameters',
    );
  }
  validateParameters(parameters, 'parameters', lang);
  const cell = {
    id: INJECTED_CELL_ID,
    cell_type: 'code',
    execution_count: null,
    metadata: { tags: [INJECTED_TAG] },
    outputs: [],
    source: parametersSource(parameters, lang),
  };
  // An injected cell from an earlier run (say, an executed notebook saved back) is replaced.
  const cells = nb.cells.filter((c) => !hasTag(c, INJECTED_TAG));
  const tagged = cells.findIndex((c) => hasTag(c, PARAMETERS_TAG));
  const index = tagged >= 0 ? tagged + 1 : 0;
  cells.splice(index, 0, cell as Cell);
  const injectedAt = cells.slice(0, index + 1).filter((c) => c.cell_type === 'code').length;
  const warning =
    tagged >= 0 ? null : 'No cell is tagged "parameters": the parameters were injected in a new first cell, before any defaults the notebook sets.';
  return { notebook: { ...nb, cells }, injectedAt, warning };
}
