// A sidecar assembled for tests: a real SQLite file and a real root dir in a temp folder,
// a fake clock the test can move, and an executor the test chooses (fake by default).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Run } from '../src/core/model.js';
import type { ExecutionHooks, ExecutionResult } from '../src/executor/notebook-executor.js';
import { ExecaProcessRunner } from '../src/executor/process-runner.js';
import { buildApp } from '../src/http/app.js';
import type { Logger } from '../src/ports.js';
import { ScheduleCommands } from '../src/schedule-commands.js';
import { Scheduler } from '../src/scheduler.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { writeNotebook } from './fixture-notebooks.js';

export const TOKEN = 'test-token';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => silentLogger,
};

export class FakeClock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export type Executor = { execute(run: Run, path: string, dir: string, hooks: ExecutionHooks): Promise<ExecutionResult> };

export const succeedingExecutor: Executor = {
  async execute() {
    return { status: 'succeeded', exitCode: 0, error: null, outputs: [], durationMs: 1 };
  },
};

export function tempDirs() {
  const base = mkdtempSync(join(tmpdir(), 'nbschedule-test-'));
  const root = join(base, 'root');
  const data = join(base, 'data');
  mkdirSync(root, { recursive: true });
  mkdirSync(data, { recursive: true });
  writeNotebook(join(root, 'reports', 'hello.ipynb'), 'print("hello")');
  writeNotebook(join(base, 'outside.ipynb'), 'print("outside")');
  writeFileSync(join(root, 'reports', 'notes.txt'), 'not a notebook');
  symlinkSync(join(base, 'outside.ipynb'), join(root, 'escape.ipynb'));
  return { base, root, data, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

export type Sidecar = {
  app: FastifyInstance;
  store: SqliteStore;
  scheduler: Scheduler;
  clock: FakeClock | { now(): Date };
  root: string;
  data: string;
  close(): Promise<void>;
};

export async function makeSidecar(
  opts: { executor?: Executor; clock?: FakeClock | { now(): Date }; start?: boolean; maxConcurrentRuns?: number; dirs?: ReturnType<typeof tempDirs> } = {},
): Promise<Sidecar> {
  const dirs = opts.dirs ?? tempDirs();
  const clock = opts.clock ?? new FakeClock(new Date('2026-06-01T10:00:00.000Z'));
  const store = new SqliteStore(join(dirs.data, 'nbschedule.sqlite3'));
  const scheduler = new Scheduler({
    store,
    clock,
    executor: opts.executor ?? succeedingExecutor,
    runner: new ExecaProcessRunner(silentLogger),
    logger: silentLogger,
    dataDir: dirs.data,
    rootDir: dirs.root,
    maxConcurrentRuns: opts.maxConcurrentRuns ?? 2,
  });
  const commands = new ScheduleCommands(store, scheduler, clock, dirs.root);
  const app = await buildApp({ store, scheduler, commands, clock, token: TOKEN, version: '0.0.0-test', instanceId: 'test', maxConcurrentRuns: 2 });
  if (opts.start) await scheduler.start();
  return {
    app,
    store,
    scheduler,
    clock,
    root: dirs.root,
    data: dirs.data,
    async close() {
      await scheduler.stop();
      await app.close();
      await store.close();
      if (!opts.dirs) dirs.cleanup();
    },
  };
}
