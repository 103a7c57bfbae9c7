// Parameter injection (papermill's semantics): literal writers per kernel language, the
// injected cell's place, and reading the "parameters" cell for the run dialog.
import { describe, expect, it } from '@jest/globals';
import { parseAssignments, parseLiteral, readParametersCell, statements } from '../src/core/parameters-cell.js';
import {
  injectParameters,
  juliaLiteral,
  kernelLanguage,
  pythonLiteral,
  rLiteral,
  validateParameters,
  type Notebook,
} from '../src/core/parameters.js';
import { notebookJson } from './fixture-notebooks.js';

type Nb = Notebook & { cells: Array<{ cell_type: string; source: string; metadata: { tags?: string[] }; id?: string }> };

function nb(...cells: Array<string | { source: string; tags: string[]; type?: string }>): Nb {
  const out = notebookJson(...cells.map((c) => (typeof c === 'string' ? c : c.source))) as Nb;
  cells.forEach((c, i) => {
    if (typeof c !== 'string') {
      out.cells[i].metadata.tags = c.tags;
      if (c.type) out.cells[i].cell_type = c.type;
    }
  });
  return out;
}

function withLanguage(n: Nb, language: string): Nb {
  return { ...n, metadata: { kernelspec: { name: language, display_name: language, language } } };
}

const sources = (n: Notebook) => n.cells.map((c) => c.source);

describe('Python literals', () => {
  it.each([
    ['a string', 'south', '"south"'],
    ['an integer', 42, '42'],
    ['a negative float', -1.5, '-1.5'],
    ['a large number', 1e21, '1e+21'],
    ['true', true, 'True'],
    ['false', false, 'False'],
    ['null', null, 'None'],
    ['a list', [1, 'a', null], '[1, "a", None]'],
    ['an empty list', [], '[]'],
    ['an object', { k: 1 }, '{"k": 1}'],
    ['an empty object', {}, '{}'],
    ['a nested object', { a: { b: [true, { c: null }] } }, '{"a": {"b": [True, {"c": None}]}}'],
  ])('%s', (_what, value, literal) => {
    expect(pythonLiteral(value)).toBe(literal);
  });

  it('escape quotes, backslashes and newlines so a value cannot end the string', () => {
    expect(pythonLiteral('x"; import os\n\\')).toBe('"x\\"; import os\\n\\\\"');
    expect(pythonLiteral("it's")).toBe('"it\'s"');
  });

  it('keep unicode as it is', () => {
    expect(pythonLiteral('Zürich — 東京 🎉')).toBe('"Zürich — 東京 🎉"');
  });

  it('quote object keys as strings, whatever they contain', () => {
    expect(pythonLiteral({ 'a"b': 1, '': 2 })).toBe('{"a\\"b": 1, "": 2}');
  });
});

describe('R literals', () => {
  it.each([
    ['a string', 'south', '"south"'],
    ['a number', 2.5, '2.5'],
    ['true', true, 'TRUE'],
    ['false', false, 'FALSE'],
    ['null', null, 'NULL'],
    ['a list', [1, 'a'], 'list(1, "a")'],
    ['an object', { k: 1, 'odd name': 'v' }, 'list(`k` = 1, `odd name` = "v")'],
    ['a nested object', { a: [true, { b: null }] }, 'list(`a` = list(TRUE, list(`b` = NULL)))'],
  ])('%s', (_what, value, literal) => {
    expect(rLiteral(value)).toBe(literal);
  });

  it('escape quotes and backquotes in strings and names', () => {
    expect(rLiteral('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(rLiteral({ 'x`y': 1, '': 2 })).toBe('list(`x\\`y` = 1, `_` = 2)');
  });
});

describe('Julia literals', () => {
  it.each([
    ['a string', 'south', '"south"'],
    ['a number', 3, '3'],
    ['true', true, 'true'],
    ['null', null, 'nothing'],
    ['a list', [1, 'a'], 'Any[1, "a"]'],
    ['an object', { k: [1] }, 'Dict{String, Any}("k" => Any[1])'],
  ])('%s', (_what, value, literal) => {
    expect(juliaLiteral(value)).toBe(literal);
  });

  it('escape $ so a string cannot interpolate code', () => {
    expect(juliaLiteral('$(run(`rm -rf /`))')).toBe('"\\$(run(`rm -rf /`))"');
    expect(juliaLiteral({ $x: 1 })).toBe('Dict{String, Any}("\\$x" => 1)');
  });
});

describe('the kernel language', () => {
  it.each([
    ['python', 'python'],
    ['Python 3', 'python'],
    ['python3', 'python'],
    ['R', 'r'],
    ['julia', 'julia'],
    ['Julia 1.10', 'julia'],
    ['bash', null],
    [undefined, null],
  ])('%s is %s', (said, language) => {
    expect(kernelLanguage(said)).toBe(language);
  });
});

describe('injecting parameters', () => {
  it('adds a cell tagged injected-parameters right after the cell tagged parameters', () => {
    const { notebook, injectedAt, warning } = injectParameters(nb('import x', { source: 'a = 1', tags: ['parameters'] }, 'print(a)'), { a: 2 });
    expect(sources(notebook)).toEqual(['import x', 'a = 1', '# Parameters injected by nbschedule\na = 2', 'print(a)']);
    expect(notebook.cells[2].metadata?.tags).toEqual(['injected-parameters']);
    expect(notebook.cells[2].id).toBe('nbschedule-injected-parameters');
    expect(injectedAt).toBe(3);
    expect(warning).toBeNull();
  });

  it('puts the cell first, with a warning, when no cell is tagged parameters', () => {
    const { notebook, injectedAt, warning } = injectParameters(nb('print(a)'), { a: 'x' });
    expect(sources(notebook)).toEqual(['# Parameters injected by nbschedule\na = "x"', 'print(a)']);
    expect(injectedAt).toBe(1);
    expect(warning).toMatch(/No cell is tagged "parameters"/);
  });

  it('replaces an injected cell already there (an executed notebook saved back)', () => {
    const source = nb({ source: 'a = 1', tags: ['parameters'] }, { source: 'a = 5', tags: ['injected-parameters'] }, 'print(a)');
    const { notebook } = injectParameters(source, { a: 7 });
    expect(sources(notebook)).toEqual(['a = 1', '# Parameters injected by nbschedule\na = 7', 'print(a)']);
  });

  it('counts only code cells for the injected cell number', () => {
    const source = nb({ source: '# Title', tags: [], type: 'markdown' }, { source: 'a = 1', tags: ['parameters'] });
    expect(injectParameters(source, { a: 2 }).injectedAt).toBe(2);
  });

  it('changes nothing without parameters', () => {
    const source = nb('print(1)');
    expect(injectParameters(source, {})).toEqual({ notebook: source, injectedAt: null, warning: null });
  });

  it('writes unicode, quotes and nested objects as one literal each', () => {
    const { notebook } = injectParameters(nb('x'), { city: 'Zürich "ZH"', cfg: { a: [1, { b: null }] } });
    expect(notebook.cells[0].source).toBe('# Parameters injected by nbschedule\ncity = "Zürich \\"ZH\\""\ncfg = {"a": [1, {"b": None}]}');
  });

  it('writes R assignments for an R notebook and Julia ones for a Julia notebook', () => {
    expect(injectParameters(withLanguage(nb('x'), 'R'), { n: 1, on: true }).notebook.cells[0].source).toBe('# Parameters injected by nbschedule\nn <- 1\non <- TRUE');
    expect(injectParameters(withLanguage(nb('x'), 'julia'), { n: null }).notebook.cells[0].source).toBe('# Parameters injected by nbschedule\nn = nothing');
  });

  it("follows the chosen kernel's language over the notebook's", () => {
    expect(injectParameters(nb('x'), { n: false }, 'R').notebook.cells[0].source).toContain('n <- FALSE');
  });

  it('refuses a language it cannot write literals for', () => {
    expect(() => injectParameters(withLanguage(nb('x'), 'bash'), { a: 1 })).toThrow(/Python, R and Julia.*bash/);
  });

  it('refuses names that are not variable names, Python keywords for a schedule', () => {
    for (const name of ['1a', 'a-b', 'import', 'None', 'a b', '__import__("os")']) {
      expect(() => validateParameters({ [name]: 1 })).toThrow(/valid variable name/);
    }
    expect(() => validateParameters({ region_2: 1, _x: 2, end: 3, missing: 4 })).not.toThrow();
  });

  it("refuses, when injecting, names reserved in the kernel's language", () => {
    expect(() => injectParameters(withLanguage(nb('x'), 'julia'), { end: 1 })).toThrow(/not a keyword of Julia/);
    expect(() => injectParameters(withLanguage(nb('x'), 'R'), { TRUE: 1 })).toThrow(/not a keyword of R/);
    expect(injectParameters(nb('x'), { end: 1 }).notebook.cells[0].source).toContain('end = 1');
  });
});

describe('reading the parameters cell', () => {
  it('lists names, values and types of simple assignments', () => {
    const source = [
      'region = "south"  # where',
      'n: int = 10',
      'rate = 0.5',
      'dry_run = False',
      'since = None',
      'cols = ["a", "b"]',
      "opts = {'k': [1, 2], 'deep': {'x': True}}",
      'day = date.today()',
    ].join('\n');
    const cell = readParametersCell(nb('import datetime', { source, tags: ['parameters'] }));
    expect(cell).toEqual({
      language: 'python',
      tagged: true,
      parameters: [
        { name: 'region', value: 'south', type: 'string', source: '"south"' },
        { name: 'n', value: 10, type: 'integer', source: '10' },
        { name: 'rate', value: 0.5, type: 'number', source: '0.5' },
        { name: 'dry_run', value: false, type: 'boolean', source: 'False' },
        { name: 'since', value: null, type: 'null', source: 'None' },
        { name: 'cols', value: ['a', 'b'], type: 'list', source: '["a", "b"]' },
        { name: 'opts', value: { k: [1, 2], deep: { x: true } }, type: 'object', source: "{'k': [1, 2], 'deep': {'x': True}}" },
        { name: 'day', value: null, type: 'expression', source: 'date.today()' },
      ],
    });
  });

  it('says so when no cell is tagged', () => {
    expect(readParametersCell(nb('a = 1'))).toEqual({ language: 'python', tagged: false, parameters: [] });
  });

  it('reads multi-line literals, escapes and unicode', () => {
    const params = parseAssignments('cfg = {\n  "a": 1,\n  "b": "x\\"y",\n}\nname = "Zürich"\nx = 1; y = "2"', 'python');
    expect(params.map((p) => [p.name, p.value])).toEqual([
      ['cfg', { a: 1, b: 'x"y' }],
      ['name', 'Zürich'],
      ['x', 1],
      ['y', '2'],
    ]);
  });

  it('keeps the last value of a name assigned twice, and skips what is not an assignment', () => {
    expect(parseAssignments('a = 1\nprint(a)\nif a == 1: pass\na = 2', 'python')).toEqual([{ name: 'a', value: 2, type: 'integer', source: '2' }]);
  });

  it('reads R assignments', () => {
    const params = parseAssignments('n <- 10L\nregion = "south"\nflags <- c(TRUE, FALSE)\ncfg <- list(a = 1, `b c` = "x")\nnothing <- NULL', 'r');
    expect(params.map((p) => [p.name, p.value, p.type])).toEqual([
      ['n', 10, 'integer'],
      ['region', 'south', 'string'],
      ['flags', [true, false], 'list'],
      ['cfg', { a: 1, 'b c': 'x' }, 'object'],
      ['nothing', null, 'null'],
    ]);
  });

  it('reads Julia assignments, and an interpolating string as an expression', () => {
    const params = parseAssignments('n::Int = 3\nxs = [1, 2]\nd = Dict("a" => 1)\ns = "hi $n"\nok = true', 'julia');
    expect(params.map((p) => [p.name, p.value, p.type])).toEqual([
      ['n', 3, 'integer'],
      ['xs', [1, 2], 'list'],
      ['d', { a: 1 }, 'object'],
      ['s', null, 'expression'],
      ['ok', true, 'boolean'],
    ]);
  });

  it('treats f-strings and other code as expressions, not literals', () => {
    expect(parseLiteral('f"{x}"', 'python')).toBeNull();
    expect(parseLiteral('1 + 2', 'python')).toBeNull();
    expect(parseLiteral('[1, x]', 'python')).toBeNull();
    expect(parseLiteral('"a" "b"', 'python')).toBeNull();
  });

  it('split statements outside strings and brackets, dropping comments', () => {
    expect(statements('a = "x # not a comment"  # comment\nb = [1,\n 2]\nc = """multi\nline"""')).toEqual([
      'a = "x # not a comment"',
      'b = [1,\n 2]',
      'c = """multi\nline"""',
    ]);
  });
});
