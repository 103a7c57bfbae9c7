// Reads the cell tagged "parameters" so the run dialog can offer its names with their current
// values and types. Only simple assignments of literals are understood (`n = 10`,
// `region: str = "south"`, `n <- 10L`, `cols = ["a", "b"]`, `opts = {"k": 1}`); anything else
// (`day = date.today()`) is still listed, with its source text and the type "expression".
import { cellSource, hasTag, kernelLanguage, notebookLanguage, PARAMETERS_TAG, type KernelLanguage, type Notebook } from './parameters.js';

export type ParameterType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'list' | 'object' | 'expression';

export type NotebookParameter = {
  name: string;
  /** The literal's JSON value; null for an expression. */
  value: unknown;
  type: ParameterType;
  /** The right-hand side exactly as written. */
  source: string;
};

export type ParametersCell = {
  /** The kernel language from the notebook's metadata, lower case ("python", "r", "julia", ...). */
  language: string;
  /** Whether a cell is tagged "parameters". */
  tagged: boolean;
  parameters: NotebookParameter[];
};

export function readParametersCell(nb: Notebook): ParametersCell {
  const language = notebookLanguage(nb);
  const cell = nb.cells.find((c) => c.cell_type === 'code' && hasTag(c, PARAMETERS_TAG));
  if (!cell) return { language, tagged: false, parameters: [] };
  return { language, tagged: true, parameters: parseAssignments(cellSource(cell), kernelLanguage(language) ?? 'python') };
}

const ASSIGNMENT: Record<KernelLanguage, RegExp> = {
  // name = v, name: type = v
  python: /^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]*)?=(?!=)\s*([\s\S]+)$/,
  // name <- v, name = v
  r: /^([A-Za-z.][A-Za-z0-9._]*)\s*(?:<<?-|=(?!=))\s*([\s\S]+)$/,
  // name = v, name::Type = v
  julia: /^([A-Za-z_][A-Za-z0-9_!]*)\s*(?:::[^=]*)?=(?!=)\s*([\s\S]+)$/,
};

/** The simple assignments of a cell, in order; a name assigned twice keeps its last value. */
export function parseAssignments(source: string, language: KernelLanguage): NotebookParameter[] {
  const found = new Map<string, NotebookParameter>();
  for (const statement of statements(source)) {
    const m = ASSIGNMENT[language].exec(statement);
    if (!m) continue;
    const [, name, rhs] = m;
    const text = rhs.trim();
    const parsed = parseLiteral(text, language);
    found.delete(name);
    found.set(name, parsed ? { name, ...parsed, source: text } : { name, value: null, type: 'expression', source: text });
  }
  return [...found.values()];
}

/** Splits source into top-level statements: newlines (and ;) outside brackets and strings; comments dropped. */
export function statements(source: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  let quote: string | null = null;
  const flush = () => {
    if (current.trim()) out.push(current.trim());
    current = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quote) {
      current += ch;
      if (ch === '\\' && i + 1 < source.length) current += source[++i];
      else if (source.startsWith(quote, i)) {
        current += quote.slice(1);
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = source.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      current += quote;
      i += quote.length - 1;
    } else if (ch === '#') {
      while (i + 1 < source.length && source[i + 1] !== '\n') i++;
    } else if (ch === '(' || ch === '[' || ch === '{') {
      depth++;
      current += ch;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
      current += ch;
    } else if ((ch === '\n' || ch === ';') && depth === 0) {
      // A trailing backslash continues the line (Python).
      if (ch === '\n' && current.endsWith('\\')) current = current.slice(0, -1);
      else flush();
    } else {
      current += ch;
    }
  }
  flush();
  return out;
}

type Parsed = { value: unknown; type: Exclude<ParameterType, 'expression'> };

/** Parses a whole literal of the language; null when the text is anything else. */
export function parseLiteral(text: string, language: KernelLanguage): Parsed | null {
  const p = new LiteralParser(text, language);
  try {
    const value = p.value();
    p.skipSpace();
    if (!p.atEnd()) return null;
    return { value, type: typeOf(value, text, language) };
  } catch {
    return null;
  }
}

function typeOf(value: unknown, text: string, language: KernelLanguage): Parsed['type'] {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') {
    const t = text.trim().replace(/L$/, '');
    const integral = /^[+-]?\d+$/.test(t) || (language === 'r' && /L$/.test(text.trim()));
    return integral && Number.isInteger(value) ? 'integer' : 'number';
  }
  if (Array.isArray(value)) return 'list';
  return 'object';
}

class NotALiteral extends Error {}

const KEYWORDS: Record<KernelLanguage, Record<string, unknown>> = {
  python: { True: true, False: false, None: null },
  r: { TRUE: true, FALSE: false, T: true, F: false, NULL: null, NA: null },
  julia: { true: true, false: false, nothing: null, missing: null },
};

class LiteralParser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly language: KernelLanguage,
  ) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private fail(): never {
    throw new NotALiteral();
  }

  private eat(token: string): boolean {
    this.skipSpace();
    if (this.s.startsWith(token, this.i)) {
      this.i += token.length;
      return true;
    }
    return false;
  }

  private expect(token: string): void {
    if (!this.eat(token)) this.fail();
  }

  value(): unknown {
    this.skipSpace();
    const ch = this.s[this.i];
    if (ch === undefined) this.fail();
    if (ch === '"' || ch === "'") return this.string();
    if (/[0-9+\-.]/.test(ch)) return this.number();
    if (this.language === 'python' && (ch === '[' || ch === '(')) return this.sequence(ch === '[' ? ']' : ')');
    if (this.language === 'julia' && ch === '[') return this.sequence(']');
    if (this.language === 'python' && ch === '{') return this.pythonDict();
    const word = /^[A-Za-z_][A-Za-z0-9_.]*(\{[^}]*\})?/.exec(this.s.slice(this.i));
    if (!word) this.fail();
    const name = word[0];
    if (this.language === 'julia' && /^Any$|^String$|^Int\d*$|^Float\d+$/.test(name) && this.s[this.i + name.length] === '[') {
      this.i += name.length;
      return this.sequence(']');
    }
    if (this.language === 'julia' && /^Dict(\{.*\})?$/.test(name)) {
      this.i += name.length;
      return this.juliaDict();
    }
    if (this.language === 'r' && (name === 'c' || name === 'list')) {
      this.i += name.length;
      return this.rCall();
    }
    if (Object.prototype.hasOwnProperty.call(KEYWORDS[this.language], name)) {
      this.i += name.length;
      return KEYWORDS[this.language][name];
    }
    return this.fail();
  }

  private number(): number {
    const m = /^[+-]?(\d[\d_]*)?(\.\d*)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i));
    if (!m || !/\d/.test(m[0])) this.fail();
    this.i += m[0].length;
    if (this.language === 'r' && this.s[this.i] === 'L') this.i++;
    const n = Number(m[0].replace(/_/g, ''));
    if (!Number.isFinite(n)) this.fail();
    return n;
  }

  private string(): string {
    // Python prefixes (r"", f"") are not literals we can read safely: f-strings are code.
    const quote = this.s.startsWith(this.s[this.i].repeat(3), this.i) ? this.s[this.i].repeat(3) : this.s[this.i];
    if (this.language === 'julia' && quote === "'") this.fail(); // a Char, not a string
    this.i += quote.length;
    let out = '';
    while (this.i < this.s.length) {
      if (this.s.startsWith(quote, this.i)) {
        this.i += quote.length;
        return out;
      }
      const ch = this.s[this.i++];
      if (this.language === 'julia' && ch === '$') this.fail(); // interpolation is code
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const e = this.s[this.i++];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', '\\': '\\', '"': '"', "'": "'", $: '$', '\n': '' };
      if (e in simple) out += simple[e];
      else if (e === 'u' || e === 'x') {
        const hex = /^[0-9a-fA-F]+/.exec(this.s.slice(this.i, this.i + (e === 'u' ? 4 : 2)));
        if (!hex) this.fail();
        this.i += hex[0].length;
        out += String.fromCharCode(parseInt(hex[0], 16));
      } else out += `\\${e}`;
    }
    return this.fail();
  }

  private sequence(close: string): unknown[] {
    this.i++; // the opening bracket
    const items: unknown[] = [];
    while (!this.eat(close)) {
      items.push(this.value());
      if (!this.eat(',')) {
        this.expect(close);
        break;
      }
    }
    return items;
  }

  private pythonDict(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    while (!this.eat('}')) {
      const key = this.value();
      if (typeof key !== 'string') this.fail();
      this.expect(':');
      out[key] = this.value();
      if (!this.eat(',')) {
        this.expect('}');
        break;
      }
    }
    return out;
  }

  private juliaDict(): Record<string, unknown> {
    this.expect('(');
    const out: Record<string, unknown> = {};
    while (!this.eat(')')) {
      const key = this.value();
      if (typeof key !== 'string') this.fail();
      this.expect('=>');
      out[key] = this.value();
      if (!this.eat(',')) {
        this.expect(')');
        break;
      }
    }
    return out;
  }

  /** c(...) or list(...): named arguments make an object, unnamed a list. */
  private rCall(): unknown {
    this.expect('(');
    const items: unknown[] = [];
    const named: Record<string, unknown> = {};
    let names = 0;
    while (!this.eat(')')) {
      this.skipSpace();
      const nameMatch = /^(`[^`]*`|"[^"]*"|[A-Za-z.][A-Za-z0-9._]*)\s*=(?!=)/.exec(this.s.slice(this.i));
      if (nameMatch) {
        this.i += nameMatch[0].length;
        named[nameMatch[1].replace(/^[`"]|[`"]$/g, '')] = this.value();
        names++;
      } else {
        items.push(this.value());
      }
      if (!this.eat(',')) {
        this.expect(')');
        break;
      }
    }
    if (names > 0 && items.length > 0) this.fail();
    return names > 0 ? named : items;
  }
}
