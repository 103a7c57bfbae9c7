// The command line working directly on a data dir's SQLite database, with no sidecar running.
// It never starts a scheduler: "run" queues a run for the sidecar that serves this data dir.
import { join } from 'node:path';
import { ExecaProcessRunner } from '../executor/process-runner.js';
import { NotebookExecutor } from '../executor/notebook-executor.js';
import type { Logger } from '../ports.js';
import { runJson } from '../present.js';
import { ScheduleCommands } from '../schedule-commands.js';
import { exportSchedules, importSchedules, allSchedules, type ImportEntries } from '../schedule-import.js';
import { Scheduler } from '../scheduler.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { presentSchedule } from '../http/schedule-routes.js';
import type { Backend, ImportView, RunView, ScheduleView, StatusView } from './backend.js';

const quiet: Logger = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet };

export class DataDirBackend implements Backend {
  private readonly store: SqliteStore;
  private readonly commands: ScheduleCommands;

  constructor(
    private readonly dataDir: string,
    rootDir: string,
    private readonly version: string,
  ) {
    this.store = new SqliteStore(join(dataDir, 'nbschedule.sqlite3'));
    const clock = { now: () => new Date() };
    const runner = new ExecaProcessRunner(quiet);
    // Never started: ScheduleCommands' wake-ups are no-ops; a sidecar on this data dir fires.
    const scheduler = new Scheduler({
      store: this.store,
      clock,
      runner,
      executor: new NotebookExecutor(runner, 'jupyter'),
      logger: quiet,
      dataDir,
      rootDir,
      maxConcurrentRuns: 1,
    });
    this.commands = new ScheduleCommands(this.store, scheduler, clock, rootDir);
  }

  get where(): string {
    return this.dataDir;
  }

  async status(): Promise<StatusView> {
    const c = await this.store.counts();
    return {
      state: 'offline',
      version: this.version,
      store: this.store.kind,
      dataDir: this.dataDir,
      counts: { schedules: c.schedules, queued: c.queued, running: c.running },
      nextDueAt: c.nextRunAt ? c.nextRunAt.toISOString() : null,
    };
  }

  async schedules(): Promise<ScheduleView[]> {
    return (await allSchedules(this.store)).map(presentSchedule);
  }

  async runNow(scheduleId: string): Promise<RunView> {
    return runJson(await this.commands.runNow(scheduleId, undefined));
  }

  async run(runId: string): Promise<RunView> {
    return runJson(await this.commands.getRun(runId));
  }

  exportDocument() {
    return exportSchedules(this.store);
  }

  async importDocument(entries: ImportEntries, dryRun: boolean): Promise<ImportView> {
    const plan = await importSchedules(this.store, this.commands, this.commands.rootDir, entries, dryRun);
    return { dryRun, counts: plan.counts, items: plan.items.map((i) => ({ name: i.name, action: i.action, id: i.id, changes: i.changes })) };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
