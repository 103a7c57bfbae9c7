// The composition root and the only executable: `node lib/main.js serve`.
// The only place that reads process.env. Prints exactly one line on stdout once listening;
// logs go to stderr.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { ConfigError, parseConfig, type Config } from './config.js';
import { listKernelspecs } from './executor/kernelspecs.js';
import { ExecaProcessRunner } from './executor/process-runner.js';
import { NotebookExecutor } from './executor/notebook-executor.js';
import { buildApp } from './http/app.js';
import { Housekeeping } from './housekeeping.js';
import type { Logger } from './ports.js';
import { ScheduleCommands } from './schedule-commands.js';
import { Scheduler } from './scheduler.js';
import { IntegrityCheck } from './store/integrity-check.js';
import { SqliteStore } from './store/sqlite-store.js';
import { readVersion } from './version.js';
import { WebhookNotifier } from './webhook-notifier.js';

// The grace for running runs, then at most KILL_GRACE_MS for their groups, then closing.
const SHUTDOWN_SLACK_MS = 8_000;

function fail(message: string, code = 2): never {
  process.stderr.write(`nbschedule: ${message}\n`);
  process.exit(code);
}

async function serve(config: Config, version: string): Promise<void> {
  const base = pino({ level: config.logLevel, base: { pid: process.pid } }, pino.destination(2));
  const logger = base as unknown as Logger;
  const instanceId = randomUUID();
  mkdirSync(config.dataDir, { recursive: true });

  let store: SqliteStore;
  try {
    store = new SqliteStore(join(config.dataDir, 'nbschedule.sqlite3'));
  } catch (error) {
    fail((error as Error).message, 1);
  }
  const integrity = new IntegrityCheck(store.path);
  const clock = { now: () => new Date() };
  const runner = new ExecaProcessRunner(logger.child({ component: 'process' }));
  const scheduler = new Scheduler({
    store,
    clock,
    runner,
    executor: new NotebookExecutor(runner, config.jupyter),
    logger,
    dataDir: config.dataDir,
    rootDir: config.rootDir,
    maxConcurrentRuns: config.maxConcurrentRuns,
    instanceId,
    shutdownGraceMs: config.shutdownGraceSeconds * 1000,
  });
  const webhooks = new WebhookNotifier({ store, scheduler, logger });
  const housekeeping = new Housekeeping({ store, clock, logger, dataDir: config.dataDir, retentionDays: config.retentionDays });
  const commands = new ScheduleCommands(store, scheduler, clock, config.rootDir);
  const app = await buildApp({
    store,
    scheduler,
    commands,
    clock,
    token: config.token,
    version,
    instanceId,
    maxConcurrentRuns: config.maxConcurrentRuns,
    integrity: () => integrity.state,
    logger: base.child({ component: 'http' }),
    kernelspecs: () => listKernelspecs(runner, config.jupyter, new AbortController().signal, config.rootDir),
  });

  let stopping = false;
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ component: 'main', why }, 'shutting down');
    setTimeout(() => {
      logger.error({ component: 'main' }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceSeconds * 1000 + SHUTDOWN_SLACK_MS).unref();
    // Stop taking work first (no new fires, no new starts), let runs finish within the grace,
    // then close the HTTP server (requests during the grace still answer) and the database.
    await scheduler.stop();
    await housekeeping.stop();
    webhooks.stop();
    await app.close().catch(() => undefined);
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  if (config.exitOnStdinClose) {
    // The parent (the Jupyter server) holds our stdin; EOF means it is gone, even if SIGKILLed.
    process.stdin.on('end', () => void shutdown('stdin closed'));
    process.stdin.on('close', () => void shutdown('stdin closed'));
    process.stdin.resume();
  }

  // Housekeeping waits for a sound file: a backup of a damaged one would push out a good copy.
  const verdict = async () => {
    const corrupt = await integrity.done;
    if (!corrupt) return housekeeping.start();
    logger.error({ component: 'main' }, corrupt.message);
    await scheduler.stop(0);
    fail(corrupt.message, 1);
  };
  webhooks.start();
  await scheduler.start().catch(async (error: { code?: string }) => {
    // A damaged page met before the check has finished: its verdict says more than a stack trace.
    if (error.code === 'SQLITE_CORRUPT') await verdict();
    throw error;
  });
  void verdict();
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.stdout.write(JSON.stringify({ event: 'listening', host: config.host, port, version, instanceId }) + '\n');
  logger.info({ component: 'main', host: config.host, port, dataDir: config.dataDir, rootDir: config.rootDir, version }, 'listening');
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'serve';
  if (command !== 'serve') {
    // list, status, run, export, import: the operator's command line (src/cli/).
    const { runCli } = await import('./cli/commands.js');
    let cliVersion = '';
    try {
      cliVersion = readVersion();
    } catch {
      // only shown by `status` on a data dir
    }
    const io = { out: (t: string) => void process.stdout.write(t), err: (t: string) => void process.stderr.write(t) };
    process.exitCode = await runCli(argv, { env: process.env, cwd: process.cwd(), version: cliVersion, io });
    return;
  }
  let config: Config;
  try {
    config = parseConfig(process.env, process.cwd(), { requireToken: true });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  let version: string;
  try {
    version = readVersion();
  } catch (error) {
    fail((error as Error).message, 1);
  }
  await serve(config, version);
}

main(process.argv.slice(2)).catch((error) => fail(`could not start: ${(error as Error).stack ?? error}`, 1));
