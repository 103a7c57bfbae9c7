// What one schedule's fire writes: its planned fire times as runs, each passed through the
// overlap policy against the runs of the schedule that are still queued or running.
import { overlapDecision, overlapSkipSentence, type FirePlan } from './fire-plan.js';
import type { NewRun, Run, Schedule } from './model.js';

export type FireRecord = {
  scheduleId: string;
  /** The schedule moves on only if its next fire time is still this one: another sidecar may have fired it. */
  expectedNextRunAt: Date;
  runs: NewRun[];
  nextRunAt: Date | null;
  lastNominalAt: Date | null;
  /** Runs that overlap "replace" ends once the record is written. */
  replace: string[];
};

const REPLACED_IN_BATCH = 'Replaced by a newer fire time (overlap is "replace").';

/** `queuedAt` is stamped when the record is written; `newRunId` makes the run ids. */
export function fireRecord(s: Schedule, plan: FirePlan, active: Run[], now: Date, newRunId: () => string): FireRecord {
  let activeCount = active.length;
  let waitingCount = active.filter((r) => r.status === 'queued').length;
  let replace: string[] = [];
  const runs: NewRun[] = [];
  for (const fire of plan.fires) {
    const run: NewRun = {
      id: newRunId(),
      scheduleId: s.id,
      notebook: s.notebook,
      trigger: fire.trigger,
      scheduledFor: fire.scheduledFor,
      queuedAt: now,
      status: fire.status,
      attempt: 1,
      error: fire.error,
      parameters: s.parameters,
      kernel: s.kernel,
      outputFormats: s.outputFormats,
      timeoutSeconds: s.timeoutSeconds,
      notBefore: null,
      finishedAt: fire.status === 'skipped' ? now : null,
    };
    if (fire.status === 'queued') {
      const decision = overlapDecision(s.overlap, activeCount, waitingCount);
      if (decision === 'skip') {
        Object.assign(run, { status: 'skipped', error: overlapSkipSentence(s.overlap), finishedAt: now });
      } else if (decision === 'replace') {
        replace = active.map((r) => r.id);
        // Within one batch (catch-up "all"), a later fire replaces an earlier one too.
        for (const earlier of runs) {
          if (earlier.status === 'queued') Object.assign(earlier, { status: 'skipped', error: REPLACED_IN_BATCH, finishedAt: now });
        }
        activeCount = 1;
      } else {
        activeCount += 1;
        if (decision === 'queue') waitingCount += 1;
      }
    }
    runs.push(run);
  }
  return { scheduleId: s.id, expectedNextRunAt: s.nextRunAt!, runs, nextRunAt: plan.nextRunAt, lastNominalAt: plan.lastNominalAt, replace };
}
