import { expect, it } from '@jest/globals';
import { assertTransition, canTransition, TransitionError } from '../src/core/run-state.js';

it('a queued run can start, be cancelled or be skipped', () => {
  expect(canTransition('queued', 'running')).toBe(true);
  expect(canTransition('queued', 'cancelled')).toBe(true);
  expect(canTransition('queued', 'skipped')).toBe(true);
  expect(canTransition('queued', 'succeeded')).toBe(false);
});

it('a running run ends in exactly one of the finished states', () => {
  for (const to of ['succeeded', 'failed', 'timed_out', 'cancelled', 'interrupted'] as const) {
    expect(canTransition('running', to)).toBe(true);
  }
  expect(canTransition('running', 'queued')).toBe(false);
  expect(canTransition('running', 'skipped')).toBe(false);
});

it('a finished run never changes again', () => {
  for (const from of ['succeeded', 'failed', 'timed_out', 'cancelled', 'interrupted', 'skipped'] as const) {
    expect(canTransition(from, 'running')).toBe(false);
    expect(() => assertTransition(from, 'queued')).toThrow(TransitionError);
  }
});
