import type { CatchUpPolicy, OverlapPolicy, Schedule, ScheduleCreate } from './apiTypes';

/** The sidecar's defaults (server/src/core/defaults.ts), so a new schedule's form shows them. */
export const POLICY_DEFAULTS = Object.freeze({
  timeoutSeconds: null as number | null,
  retries: { max: 0, delaySeconds: 60, backoff: 2 },
  overlap: 'skip' as OverlapPolicy,
  catchUp: 'latest' as CatchUpPolicy,
  keepRuns: 100
});

/** The Reliability section's inputs, as typed (numbers as text, so a field may be empty). */
export interface IPolicyInputs {
  /** Minutes; empty: no timeout. */
  timeoutMinutes: string;
  retriesMax: string;
  retryDelaySeconds: string;
  retryBackoff: string;
  overlap: OverlapPolicy;
  catchUp: CatchUpPolicy;
  keepRuns: string;
}

export type PolicyFields = Pick<ScheduleCreate, 'timeoutSeconds' | 'retries' | 'overlap' | 'catchUp' | 'keepRuns'>;

export const OVERLAP_CHOICES: ReadonlyArray<{ value: OverlapPolicy; label: string }> = [
  { value: 'skip', label: 'Skip (recommended)' },
  { value: 'queue', label: 'Queue after it' },
  { value: 'replace', label: 'Replace it' }
];

export const CATCH_UP_CHOICES: ReadonlyArray<{ value: CatchUpPolicy; label: string }> = [
  { value: 'latest', label: 'Run once (latest)' },
  { value: 'all', label: 'Run every missed time' },
  { value: 'none', label: 'Do not run missed times' }
];

function minutesText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) {
    return '';
  }
  return String(Math.round((seconds / 60) * 100) / 100);
}

/** The inputs for a schedule being edited, or the defaults for a new one. */
export function policyInputsFrom(schedule?: Pick<Schedule, keyof PolicyFields>): IPolicyInputs {
  const retries = schedule?.retries ?? POLICY_DEFAULTS.retries;
  return {
    timeoutMinutes: minutesText(schedule ? schedule.timeoutSeconds : POLICY_DEFAULTS.timeoutSeconds),
    retriesMax: String(retries.max),
    retryDelaySeconds: String(retries.delaySeconds),
    retryBackoff: String(retries.backoff),
    overlap: schedule?.overlap ?? POLICY_DEFAULTS.overlap,
    catchUp: schedule?.catchUp ?? POLICY_DEFAULTS.catchUp,
    keepRuns: String(schedule?.keepRuns ?? POLICY_DEFAULTS.keepRuns)
  };
}

export interface IPolicyError {
  field: string;
  message: string;
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

/** The API fields of the inputs, or the first input that is wrong (named by its API field). */
export function policiesFromInputs(inputs: IPolicyInputs): { value: PolicyFields } | { error: IPolicyError } {
  let timeoutSeconds: number | null = null;
  if (inputs.timeoutMinutes.trim() !== '') {
    const minutes = Number(inputs.timeoutMinutes.trim());
    if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 7 * 24 * 60) {
      return { error: { field: 'timeoutSeconds', message: 'The timeout is a number of minutes, up to 7 days; leave it empty for none.' } };
    }
    timeoutSeconds = Math.max(1, Math.round(minutes * 60));
  }
  const max = wholeNumber(inputs.retriesMax, 0, 10);
  if (max === null) {
    return { error: { field: 'retries.max', message: 'Retries is a whole number from 0 to 10.' } };
  }
  const delaySeconds = wholeNumber(inputs.retryDelaySeconds, 0, 86400);
  if (delaySeconds === null) {
    return { error: { field: 'retries.delaySeconds', message: 'The retry delay is a whole number of seconds, up to 86400.' } };
  }
  const backoff = Number(inputs.retryBackoff.trim());
  if (inputs.retryBackoff.trim() === '' || !Number.isFinite(backoff) || backoff < 1 || backoff > 10) {
    return { error: { field: 'retries.backoff', message: 'The backoff factor is a number from 1 (constant) to 10.' } };
  }
  const keepRuns = wholeNumber(inputs.keepRuns, 1, 100000);
  if (keepRuns === null) {
    return { error: { field: 'keepRuns', message: 'Keep runs is a whole number from 1 to 100000.' } };
  }
  return {
    value: {
      timeoutSeconds,
      retries: { max, delaySeconds, backoff },
      overlap: inputs.overlap,
      catchUp: inputs.catchUp,
      keepRuns
    }
  };
}
