import { outputCopyPath } from '../../src/outputCopyPath';

describe('the path of a copied executed notebook', () => {
  it('sits next to the original and names the run by a short id', () => {
    expect(outputCopyPath('reports/sales/daily.ipynb', '01JF8ZKX4T2QW9ABCDEFGH')).toBe('reports/sales/daily.run-ABCDEFGH.ipynb');
    expect(outputCopyPath('top.ipynb', 'r-1')).toBe('top.run-r1.ipynb');
  });
});
