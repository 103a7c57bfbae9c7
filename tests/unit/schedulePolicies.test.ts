import { policiesFromInputs, policyInputsFrom } from '../../src/schedulePolicies';

describe('schedule policies in the dialog', () => {
  it('start a new schedule with the sidecar defaults: no timeout, no retries, skip, latest, keep 100', () => {
    const inputs = policyInputsFrom();
    expect(inputs).toEqual({
      timeoutMinutes: '',
      retriesMax: '0',
      retryDelaySeconds: '60',
      retryBackoff: '2',
      overlap: 'skip',
      catchUp: 'latest',
      keepRuns: '100'
    });
    expect(policiesFromInputs(inputs)).toEqual({
      value: {
        timeoutSeconds: null,
        retries: { max: 0, delaySeconds: 60, backoff: 2 },
        overlap: 'skip',
        catchUp: 'latest',
        keepRuns: 100
      }
    });
  });

  it('show an edited schedule as it is and give the timeout back in seconds', () => {
    const inputs = policyInputsFrom({
      timeoutSeconds: 1800,
      retries: { max: 2, delaySeconds: 30, backoff: 1 },
      overlap: 'queue',
      catchUp: 'none',
      keepRuns: 5
    });
    expect(inputs.timeoutMinutes).toBe('30');
    const result = policiesFromInputs({ ...inputs, timeoutMinutes: '0.5' });
    expect(result).toEqual({
      value: { timeoutSeconds: 30, retries: { max: 2, delaySeconds: 30, backoff: 1 }, overlap: 'queue', catchUp: 'none', keepRuns: 5 }
    });
  });

  it('name the API field of the first wrong input', () => {
    const base = policyInputsFrom();
    expect(policiesFromInputs({ ...base, timeoutMinutes: 'soon' })).toMatchObject({ error: { field: 'timeoutSeconds' } });
    expect(policiesFromInputs({ ...base, retriesMax: '11' })).toMatchObject({ error: { field: 'retries.max' } });
    expect(policiesFromInputs({ ...base, retryBackoff: '0.5' })).toMatchObject({ error: { field: 'retries.backoff' } });
    expect(policiesFromInputs({ ...base, keepRuns: '' })).toMatchObject({ error: { field: 'keepRuns' } });
  });
});
