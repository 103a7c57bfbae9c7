import { describe, expect, it } from '@jest/globals';
import { errorSentence } from '../src/core/nbconvert-error.js';
import { injectParameters, pythonLiteral } from '../src/core/parameters.js';
import { notebookJson } from './fixture-notebooks.js';

const STDERR = `[NbConvertApp] Converting notebook into notebook
Traceback (most recent call last):
  File "/venv/bin/jupyter-nbconvert", line 6, in <module>
nbclient.exceptions.CellExecutionError: An error occurred while executing the following cell:
------------------
totals = df["sku"].sum()
print(totals)
------------------


\u001b[31m---------------------------------------------------------------------------\u001b[39m
\u001b[31mKeyError\u001b[39m                                  Traceback (most recent call last)
\u001b[36mCell\u001b[39m\u001b[36m \u001b[39m\u001b[32mIn[3]\u001b[39m\u001b[32m, line 1\u001b[39m
\u001b[31mKeyError\u001b[39m: 'sku'
`;

describe('error sentences from nbconvert', () => {
  it('name the cell, the exception and the cell first line', () => {
    expect(errorSentence(STDERR)).toBe(`Cell 3 raised KeyError: 'sku' (the cell starts with: totals = df["sku"].sum())`);
  });

  it('number cells as the user sees them when a parameters cell was injected before', () => {
    expect(errorSentence(STDERR, 1)).toMatch(/^Cell 2 raised KeyError/);
  });

  it('fall back to the last non-empty stderr line', () => {
    expect(errorSentence('something\nNo such kernel named python9\n\n')).toBe('No such kernel named python9');
  });
});

describe('parameters', () => {
  it('become typed Python literals, never pasted code', () => {
    expect(pythonLiteral({ a: [1, true, null], b: 'x"; import os' })).toBe('{"a": [1, True, None], "b": "x\\"; import os"}');
  });

  it('are injected after the cell tagged parameters', () => {
    const nb = notebookJson('a = 1', 'print(a)') as { cells: Array<{ source: string; metadata: { tags?: string[] } }> };
    nb.cells[0].metadata.tags = ['parameters'];
    const { notebook, injectedAt } = injectParameters(nb as never, { a: 2 });
    expect(notebook.cells.map((c) => c.source)).toEqual(['a = 1', '# Parameters injected by nbschedule\na = 2', 'print(a)']);
    expect(injectedAt).toBe(2);
  });
});
