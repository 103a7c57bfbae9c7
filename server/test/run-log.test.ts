// run.log as the run writes it: capped, and its end readable while it grows.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputFormat } from '../src/executor/notebook-executor.js';
import { readLogTail, RunLog } from '../src/executor/run-log.js';

const dir = mkdtempSync(join(tmpdir(), 'nbschedule-log-'));

describe('the run log', () => {
  it('stops growing at its cap, says so, and still takes the ending', async () => {
    const log = new RunLog(join(dir, 'capped.log'), 20);
    log.line('0123456789');
    log.line('this line is over the cap');
    log.line('and so is this one');
    log.force('[nbschedule] succeeded');
    await log.close();
    expect(log.truncated).toBe(true);
    const text = readFileSync(join(dir, 'capped.log'), 'utf8');
    expect(text).toMatch(/^0123456789\n\n\[nbschedule: the log reached 20 bytes/);
    expect(text).not.toContain('over the cap');
    expect(text.endsWith('[nbschedule] succeeded\n')).toBe(true);
  });

  it('answers the last lines, and whether there were more', async () => {
    writeFileSync(join(dir, 'lines.log'), 'one\ntwo\nthree\n');
    expect(await readLogTail(join(dir, 'lines.log'), 2)).toEqual({ text: 'two\nthree\n', truncated: true, size: 14 });
    expect(await readLogTail(join(dir, 'lines.log'), 10)).toEqual({ text: 'one\ntwo\nthree\n', truncated: false, size: 14 });
  });

  it('drops a line cut by the byte limit, and answers empty before the log exists', async () => {
    writeFileSync(join(dir, 'long.log'), 'a'.repeat(100) + '\nlast line\n');
    expect(await readLogTail(join(dir, 'long.log'), 5, 15)).toEqual({ text: 'last line\n', truncated: true, size: 111 });
    expect(await readLogTail(join(dir, 'missing.log'), 5)).toEqual({ text: '', truncated: false, size: 0 });
  });
});

describe('output names', () => {
  it.each([
    ['input.ipynb', 'ipynb'],
    ['executed.ipynb', 'ipynb'],
    ['executed.html', 'html'],
    ['executed.md', 'markdown'],
    ['executed.py', 'script'],
    ['executed.r', 'script'],
    ['executed.jl', 'script'],
    ['run.log', 'log'],
    ['executed.ipynb.partial', null],
    ['other.txt', null],
    ['executed_files', null],
  ])('%s is %s', (name, format) => {
    expect(outputFormat(name)).toBe(format);
  });
});
