// What the API asks of the sidecar, in domain terms: the HTTP layer parses and presents,
// these check the notebook, talk to the store and tell the scheduler.
import { readFile, rm } from 'node:fs/promises';
import { NotFoundError, ValidationError } from './core/errors.js';
import type { OutputFormat, Run, Schedule } from './core/model.js';
import { validateParameters } from './core/parameters.js';
import { readParametersCell, type ParametersCell } from './core/parameters-cell.js';
import { applyPatch, buildSchedule, type ScheduleFields, type SchedulePatchFields } from './core/schedule.js';
import { SCHEDULE_DEFAULTS } from './core/defaults.js';
import { newId } from './ids.js';
import { resolveNotebook } from './notebook-path.js';
import type { Clock, Store } from './ports.js';
import type { Scheduler } from './scheduler.js';

export type OneOffRun = {
  notebook: string;
  parameters?: Record<string, unknown>;
  kernel?: string | null;
  outputFormats?: OutputFormat[];
  timeoutSeconds?: number | null;
};

export class ScheduleCommands {
  constructor(
    private readonly store: Store,
    private readonly scheduler: Scheduler,
    private readonly clock: Clock,
    readonly rootDir: string,
  ) {}

  async getSchedule(id: string): Promise<Schedule> {
    const s = await this.store.getSchedule(id);
    if (!s) throw new NotFoundError('schedule', id);
    return s;
  }

  async getRun(id: string): Promise<Run> {
    const r = await this.store.getRun(id);
    if (!r) throw new NotFoundError('run', id);
    return r;
  }

  async create(fields: ScheduleFields): Promise<Schedule> {
    const now = this.clock.now();
    const schedule = buildSchedule(fields, newId('sch', now.getTime()), now);
    await resolveNotebook(this.rootDir, schedule.notebook);
    await this.store.createSchedule(schedule);
    void this.scheduler.wake();
    return (await this.store.getSchedule(schedule.id))!;
  }

  async patch(id: string, patch: SchedulePatchFields): Promise<Schedule> {
    const current = await this.getSchedule(id);
    const next = applyPatch(current, patch, this.clock.now());
    if (patch.notebook !== undefined) await resolveNotebook(this.rootDir, next.notebook);
    await this.store.updateSchedule(next);
    void this.scheduler.wake();
    return (await this.store.getSchedule(id))!;
  }

  async delete(id: string, purge: boolean): Promise<void> {
    await this.getSchedule(id);
    if (purge) await this.scheduler.cancelScheduleRuns(id, 'Cancelled because its schedule was deleted.');
    const runIds = await this.store.deleteSchedule(id, purge);
    await Promise.all(runIds.map((runId) => rm(this.scheduler.runDir(runId), { recursive: true, force: true })));
    void this.scheduler.wake();
  }

  async runNow(id: string, parameters: Record<string, unknown> | undefined): Promise<Run> {
    const s = await this.getSchedule(id);
    if (parameters) validateParameters(parameters);
    await resolveNotebook(this.rootDir, s.notebook);
    const now = this.clock.now();
    const run = await this.store.createRun({
      id: newId('run', now.getTime()),
      scheduleId: s.id,
      notebook: s.notebook,
      trigger: 'manual',
      scheduledFor: null,
      queuedAt: now,
      status: 'queued',
      attempt: 1,
      error: null,
      parameters: { ...s.parameters, ...(parameters ?? {}) },
      kernel: s.kernel,
      outputFormats: s.outputFormats,
      timeoutSeconds: s.timeoutSeconds,
      notBefore: null,
    });
    await this.scheduler.wake();
    return (await this.store.getRun(run.id))!;
  }

  async runOnce(input: OneOffRun): Promise<Run> {
    if (input.parameters) validateParameters(input.parameters);
    await resolveNotebook(this.rootDir, input.notebook);
    const now = this.clock.now();
    const run = await this.store.createRun({
      id: newId('run', now.getTime()),
      scheduleId: null,
      notebook: input.notebook,
      trigger: 'manual',
      scheduledFor: null,
      queuedAt: now,
      status: 'queued',
      attempt: 1,
      error: null,
      parameters: input.parameters ?? {},
      kernel: input.kernel ?? null,
      outputFormats: input.outputFormats ?? SCHEDULE_DEFAULTS.outputFormats,
      timeoutSeconds: input.timeoutSeconds ?? null,
      notBefore: null,
    });
    await this.scheduler.wake();
    return (await this.store.getRun(run.id))!;
  }

  /** The names, values and types in the notebook's cell tagged "parameters", for the run dialog. */
  async readParameters(notebook: string): Promise<ParametersCell> {
    const path = await resolveNotebook(this.rootDir, notebook);
    let nb;
    try {
      nb = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new ValidationError('NOTEBOOK_INVALID', `The notebook could not be read: ${(error as Error).message}`, 'notebook');
    }
    if (!Array.isArray(nb?.cells)) throw new ValidationError('NOTEBOOK_INVALID', 'The file is not a notebook (it has no cells).', 'notebook');
    return readParametersCell(nb);
  }
}
