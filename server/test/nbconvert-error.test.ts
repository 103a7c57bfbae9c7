import { describe, expect, it } from '@jest/globals';
import { errorSentence, failedCellSentence, missingKernelSentence } from '../src/core/nbconvert-error.js';
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

describe('error sentences from the partially executed notebook', () => {
  const executed = {
    cells: [
      { cell_type: 'markdown', source: '# Sales', metadata: {} },
      { cell_type: 'code', source: 'region = "north"', metadata: { tags: ['parameters'] }, outputs: [] },
      { cell_type: 'code', source: '# Parameters injected by nbschedule\nregion = "south"', metadata: { tags: ['injected-parameters'] }, outputs: [] },
      {
        cell_type: 'code',
        source: ['\n', 'totals = df["sku"].sum()\n', 'print(totals)'],
        metadata: {},
        outputs: [{ output_type: 'stream' }, { output_type: 'error', ename: 'KeyError', evalue: "'sku'", traceback: [] }],
      },
      { cell_type: 'code', source: 'print("never")', metadata: {}, outputs: [] },
    ],
  };

  it("name the user's cell number (the injected cell not counted), the exception and the first line", () => {
    expect(failedCellSentence(executed, { cellIndex: 3, kind: 'CellExecutionError', message: "KeyError: 'sku'" })).toBe(
      `Cell 2 raised KeyError: 'sku' (the cell starts with: totals = df["sku"].sum())`,
    );
  });

  it('find the failing cell by its error output when the index is unknown', () => {
    expect(failedCellSentence(executed, { cellIndex: null, kind: 'CellExecutionError', message: '' })).toMatch(/^Cell 2 raised KeyError/);
  });

  it('say when the kernel died in a cell', () => {
    expect(failedCellSentence(executed, { cellIndex: 4, kind: 'DeadKernelError', message: 'Kernel died' })).toBe(
      'The kernel died while running cell 3 (the cell starts with: print("never")).',
    );
  });

  it('name the injected parameters cell when it is the one failing', () => {
    expect(failedCellSentence(executed, { cellIndex: 2, kind: 'CellExecutionError', message: 'NameError: x' })).toBe(
      'The injected parameters cell raised NameError: x',
    );
  });

  it('name a kernel that is not installed', () => {
    const stderr = 'Traceback...\njupyter_client.kernelspec.NoSuchKernel: No such kernel named ir\n';
    expect(missingKernelSentence(stderr)).toBe("Kernel 'ir' is not installed on this server.");
    expect(missingKernelSentence('KeyError')).toBeNull();
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
