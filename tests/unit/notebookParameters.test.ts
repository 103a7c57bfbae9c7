import {
  parameterText,
  parametersCellSource,
  parseParameters,
  parseParameterText,
  mergeParameterRows,
  rowsToParameters,
  parsePythonLiteral
} from '../../src/notebookParameters';

describe('notebook parameters', () => {
  it('finds the source of the code cell tagged "parameters"', () => {
    const notebook = {
      cells: [
        { cell_type: 'markdown', source: 'x = 1', metadata: { tags: ['parameters'] } },
        { cell_type: 'code', source: ['region = "eu"\n', 'days = 7\n'], metadata: { tags: ['parameters'] } }
      ]
    };
    expect(parametersCellSource(notebook)).toBe('region = "eu"\ndays = 7\n');
    expect(parametersCellSource({ cells: [{ cell_type: 'code', source: 'a = 1', metadata: {} }] })).toBeNull();
    expect(parametersCellSource(null)).toBeNull();
  });

  it('reads name = literal lines with their Python types and skips everything else', () => {
    const source = [
      '# defaults',
      'region = "eu"  # the sales region',
      "label = 'it''s'",
      'days = 7',
      'ratio: float = 0.5',
      'dry_run = False',
      'limit = None',
      'regions = ["eu", \'us\']',
      'total = days * 2',
      'import os',
      'if days == 7:'
    ].join('\n');
    expect(parseParameters(source)).toEqual([
      { name: 'region', type: 'str', value: 'eu' },
      { name: 'days', type: 'int', value: 7 },
      { name: 'ratio', type: 'float', value: 0.5 },
      { name: 'dry_run', type: 'bool', value: false },
      { name: 'limit', type: 'None', value: null },
      { name: 'regions', type: 'list', value: ['eu', 'us'] }
    ]);
  });

  it('parses Python literals, or gives undefined for expressions', () => {
    expect(parsePythonLiteral("'a # not a comment'")).toBe('a # not a comment');
    expect(parsePythonLiteral('1_000')).toBe(1000);
    expect(parsePythonLiteral('-2.5e3')).toBe(-2500);
    expect(parsePythonLiteral("{'a': True}")).toEqual({ a: true });
    expect(parsePythonLiteral('len(x)')).toBeUndefined();
  });

  it('turns typed text back into values by the parameter type, naming what is wrong', () => {
    expect(parseParameterText('12', 'int')).toEqual({ value: 12 });
    expect(parseParameterText('1.5', 'int')).toEqual({ error: 'Write a whole number.' });
    expect(parseParameterText('0.25', 'float')).toEqual({ value: 0.25 });
    expect(parseParameterText('true', 'bool')).toEqual({ value: true });
    expect(parseParameterText('yes', 'bool')).toEqual({ error: 'Write True or False.' });
    expect(parseParameterText(' us ', 'str')).toEqual({ value: ' us ' });
    expect(parseParameterText('[1, 2]', 'list')).toEqual({ value: [1, 2] });
    expect(parameterText(false, 'bool')).toBe('False');
    expect(parameterText([1, 2], 'list')).toBe('[1,2]');
  });
});

describe('the parameters a schedule keeps', () => {
  const declared = [
    { name: 'region', type: 'str' as const, value: 'eu' },
    { name: 'days', type: 'int' as const, value: 7 }
  ];

  it('show the saved values over the notebook defaults, and saved names the notebook lacks', () => {
    const rows = mergeParameterRows(declared, { days: 3, extra: true });
    expect(rows).toEqual([
      { name: 'region', type: 'str', text: 'eu', notebookText: 'eu' },
      { name: 'days', type: 'int', text: '3', notebookText: '7' },
      { name: 'extra', type: 'bool', text: 'True', notebookText: null }
    ]);
    expect(rowsToParameters(rows)).toEqual({ value: { days: 3, extra: true } });
    expect(rowsToParameters(rows, { all: true })).toEqual({ value: { region: 'eu', days: 3, extra: true } });
  });

  it('name the wrong parameter as its API field', () => {
    const rows = mergeParameterRows(declared, {});
    rows[1].text = 'seven';
    expect(rowsToParameters(rows)).toEqual({ error: { field: 'parameters.days', message: 'days: Write a whole number.' } });
  });
});
