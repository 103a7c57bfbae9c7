/**
 * The parameters a notebook declares: simple `name = literal` assignments in its cell tagged
 * `parameters` (the papermill convention), with their Python types. Pure: no I/O.
 */

export type ParameterType = 'int' | 'float' | 'str' | 'bool' | 'None' | 'list' | 'dict';

export interface INotebookParameter {
  name: string;
  type: ParameterType;
  value: unknown;
}

interface ICell {
  cell_type?: string;
  source?: string | string[];
  metadata?: { tags?: unknown };
}

/** The source of the first code cell tagged `parameters`, or null. */
export function parametersCellSource(notebook: unknown): string | null {
  const cells = (notebook as { cells?: ICell[] } | null)?.cells;
  if (!Array.isArray(cells)) {
    return null;
  }
  for (const cell of cells) {
    const tags = cell.metadata?.tags;
    if (cell.cell_type === 'code' && Array.isArray(tags) && tags.includes('parameters')) {
      return Array.isArray(cell.source) ? cell.source.join('') : (cell.source ?? '');
    }
  }
  return null;
}

/** The type of a JSON value, named as Python would. */
export function typeOfValue(value: unknown): ParameterType {
  if (value === null || value === undefined) {
    return 'None';
  }
  if (typeof value === 'boolean') {
    return 'bool';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'int' : 'float';
  }
  if (typeof value === 'string') {
    return 'str';
  }
  return Array.isArray(value) ? 'list' : 'dict';
}

/** A quoted Python string at the start of `text`: its value and where it ends. */
function readString(text: string): { value: string; end: number } | null {
  const quote = text[0];
  if (quote !== '"' && quote !== "'") {
    return null;
  }
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[++i];
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if (ch === quote) {
      return { value, end: i + 1 };
    } else {
      value += ch;
    }
  }
  return null;
}

/** A Python literal (number, string, True/False/None, a JSON-like list or dict), or undefined. */
export function parsePythonLiteral(text: string): unknown {
  const trimmed = text.trim();
  const str = readString(trimmed);
  if (str) {
    const rest = trimmed.slice(str.end).trim();
    return rest === '' || rest.startsWith('#') ? str.value : undefined;
  }
  const code = trimmed.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trim();
  if (code === 'True' || code === 'False') {
    return code === 'True';
  }
  if (code === 'None') {
    return null;
  }
  if (/^[-+]?(\d[\d_]*)(\.\d*)?([eE][-+]?\d+)?$/.test(code) || /^[-+]?\.\d+$/.test(code)) {
    const value = Number(code.replace(/_/g, ''));
    return Number.isFinite(value) ? value : undefined;
  }
  if (/^[[{]/.test(code)) {
    try {
      const json = code
        .replace(/'/g, '"')
        .replace(/\bTrue\b/g, 'true')
        .replace(/\bFalse\b/g, 'false')
        .replace(/\bNone\b/g, 'null')
        .replace(/,\s*([\]}])/g, '$1');
      return JSON.parse(json);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Every `name = literal` line of a parameters cell, in order; other lines are ignored. */
export function parseParameters(source: string): INotebookParameter[] {
  const found = new Map<string, INotebookParameter>();
  for (const line of source.split(/\r?\n/)) {
    const match = /^([A-Za-z_]\w*)\s*(?::\s*[\w.[\], ]+)?=\s*(.+)$/.exec(line);
    if (!match || match[2].startsWith('=')) {
      continue;
    }
    const value = parsePythonLiteral(match[2]);
    if (value !== undefined) {
      found.set(match[1], { name: match[1], type: typeOfValue(value), value });
    }
  }
  return [...found.values()];
}

/** The text an input shows for a value of a type. */
export function parameterText(value: unknown, type: ParameterType): string {
  if (type === 'str') {
    return typeof value === 'string' ? value : String(value ?? '');
  }
  if (type === 'None') {
    return '';
  }
  if (type === 'bool') {
    return value ? 'True' : 'False';
  }
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** The value typed into an input, by the parameter's type, or why it is not one. */
export function parseParameterText(text: string, type: ParameterType): { value: unknown } | { error: string } {
  const trimmed = text.trim();
  switch (type) {
    case 'str':
      return { value: text };
    case 'None':
      return trimmed === '' || trimmed === 'None' ? { value: null } : { value: parsePythonLiteral(trimmed) ?? text };
    case 'bool':
      if (/^(true|false)$/i.test(trimmed)) {
        return { value: trimmed.toLowerCase() === 'true' };
      }
      return { error: 'Write True or False.' };
    case 'int':
      return /^[-+]?\d+$/.test(trimmed) ? { value: Number(trimmed) } : { error: 'Write a whole number.' };
    case 'float': {
      const value = Number(trimmed);
      return trimmed !== '' && Number.isFinite(value) ? { value } : { error: 'Write a number.' };
    }
    default: {
      const value = parsePythonLiteral(trimmed);
      const ok = type === 'list' ? Array.isArray(value) : typeof value === 'object' && value !== null && !Array.isArray(value);
      return ok ? { value } : { error: `Write a ${type} literal.` };
    }
  }
}

/** One row of the dialog's parameters table: the text typed, and the notebook's own value. */
export interface IParameterRow {
  name: string;
  type: ParameterType;
  text: string;
  /** The text of the notebook's default, or null when only the schedule has it. */
  notebookText: string | null;
}

/** The notebook's parameters with the schedule's saved values over them (then the schedule's others). */
export function mergeParameterRows(declared: INotebookParameter[], saved: Record<string, unknown>): IParameterRow[] {
  const rows: IParameterRow[] = declared.map(p => {
    const notebookText = parameterText(p.value, p.type);
    const has = Object.prototype.hasOwnProperty.call(saved, p.name);
    const type = has && p.type === 'None' ? typeOfValue(saved[p.name]) : p.type;
    return { name: p.name, type, text: has ? parameterText(saved[p.name], type) : notebookText, notebookText };
  });
  for (const [name, value] of Object.entries(saved)) {
    if (!declared.some(p => p.name === name)) {
      const type = typeOfValue(value);
      rows.push({ name, type, text: parameterText(value, type), notebookText: null });
    }
  }
  return rows;
}

/**
 * The parameters a schedule keeps: the rows whose text differs from the notebook's default
 * (so the notebook's own defaults stay in the notebook), or the first row that is wrong.
 */
export function rowsToParameters(
  rows: IParameterRow[],
  options: { all?: boolean } = {}
): { value: Record<string, unknown> } | { error: { field: string; message: string } } {
  const value: Record<string, unknown> = {};
  for (const row of rows) {
    if (!options.all && row.notebookText !== null && row.text === row.notebookText) {
      continue;
    }
    const parsed = parseParameterText(row.text, row.type);
    if ('error' in parsed) {
      return { error: { field: `parameters.${row.name}`, message: `${row.name}: ${parsed.error}` } };
    }
    value[row.name] = parsed.value;
  }
  return { value };
}
