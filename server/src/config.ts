// Configuration: parsed once from an environment object, frozen, failing fast with the
// name of the variable at fault. main.ts passes process.env; nothing else reads it.
import { cpus, homedir } from 'node:os';
import { join, resolve } from 'node:path';

export type Config = Readonly<{
  dataDir: string;
  rootDir: string;
  token: string;
  host: string;
  port: number;
  maxConcurrentRuns: number;
  jupyter: string;
  exitOnStdinClose: boolean;
  logLevel: string;
  /** On SIGTERM, how long running runs may finish before they are ended as interrupted. */
  shutdownGraceSeconds: number;
  /** Finished runs older than this are deleted with their outputs; 0 keeps them. */
  retentionDays: number;
}>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return Number(raw);
}

export function parseConfig(env: Env, cwd: string, opts: { requireToken: boolean }): Config {
  const jupyterData = env.JUPYTER_DATA_DIR || join(homedir(), '.local', 'share', 'jupyter');
  const token = env.NBSCHEDULE_TOKEN ?? '';
  if (opts.requireToken && token.trim() === '') {
    throw new ConfigError('NBSCHEDULE_TOKEN', 'is required: every request must carry "Authorization: Bearer <token>".');
  }
  const flag = env.NBSCHEDULE_EXIT_ON_STDIN_CLOSE ?? '';
  if (!['', '0', '1'].includes(flag)) throw new ConfigError('NBSCHEDULE_EXIT_ON_STDIN_CLOSE', `must be 0 or 1, got "${flag}".`);
  return Object.freeze({
    dataDir: resolve(cwd, env.NBSCHEDULE_DATA_DIR || join(jupyterData, 'nbschedule')),
    rootDir: resolve(cwd, env.NBSCHEDULE_ROOT_DIR || cwd),
    token,
    host: env.NBSCHEDULE_HOST || '127.0.0.1',
    port: integer(env, 'NBSCHEDULE_PORT', 8890, 0, 65535),
    maxConcurrentRuns: integer(env, 'NBSCHEDULE_MAX_CONCURRENT_RUNS', Math.max(1, cpus().length), 1, 1000),
    jupyter: env.NBSCHEDULE_JUPYTER || 'jupyter',
    exitOnStdinClose: flag === '1',
    logLevel: env.NBSCHEDULE_LOG_LEVEL || 'info',
    shutdownGraceSeconds: integer(env, 'NBSCHEDULE_SHUTDOWN_GRACE_SECONDS', 5, 0, 3600),
    retentionDays: integer(env, 'NBSCHEDULE_RETENTION_DAYS', 90, 0, 100000),
  });
}
