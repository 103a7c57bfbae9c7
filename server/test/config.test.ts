import { expect, it } from '@jest/globals';
import { parseConfig } from '../src/config.js';

it('configuration fails fast naming the variable at fault', () => {
  expect(() => parseConfig({}, '/srv', { requireToken: true })).toThrow(/^NBSCHEDULE_TOKEN:/);
  expect(() => parseConfig({ NBSCHEDULE_TOKEN: 't', NBSCHEDULE_PORT: '70000' }, '/srv', { requireToken: true })).toThrow(/^NBSCHEDULE_PORT:/);
  expect(() => parseConfig({ NBSCHEDULE_TOKEN: 't', NBSCHEDULE_MAX_CONCURRENT_RUNS: '0' }, '/srv', { requireToken: true })).toThrow(
    /^NBSCHEDULE_MAX_CONCURRENT_RUNS:/,
  );
});

it('configuration has defaults from the contract and is frozen', () => {
  const config = parseConfig({ NBSCHEDULE_TOKEN: 't', JUPYTER_DATA_DIR: '/data/jupyter' }, '/srv', { requireToken: true });
  expect(config).toMatchObject({ dataDir: '/data/jupyter/nbschedule', rootDir: '/srv', host: '127.0.0.1', port: 8890, jupyter: 'jupyter', exitOnStdinClose: false });
  expect(Object.isFrozen(config)).toBe(true);
});
