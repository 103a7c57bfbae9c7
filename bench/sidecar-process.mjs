// Starts the built sidecar as a real process on a data dir and talks to it over loopback.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'bench-token';
// The node flags the Jupyter supervisor starts the sidecar with, so the figures are what ships.
const NODE_FLAGS = JSON.parse(readFileSync(`${repo}server/node-flags.json`, 'utf8')).flags;

export async function startSidecar({ dataDir, rootDir, env = {} }) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...NODE_FLAGS, `${repo}server/lib/main.js`, 'serve'], {
    env: {
      ...process.env,
      NBSCHEDULE_DATA_DIR: dataDir,
      NBSCHEDULE_ROOT_DIR: rootDir,
      NBSCHEDULE_TOKEN: TOKEN,
      NBSCHEDULE_PORT: '0',
      NBSCHEDULE_JUPYTER: `${repo}.venv/bin/jupyter`,
      NBSCHEDULE_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sidecar exited with ${code} before listening`)));
  });
  const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
  const { port } = JSON.parse(line);
  const base = `http://127.0.0.1:${port}/api/v1`;
  return {
    pid: child.pid,
    startedAt: started,
    startupMs,
    async api(method, path, body) {
      const response = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return JSON.parse(text);
    },
    /** Resident set size and CPU time (user+system, ms) from /proc. */
    usage() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      return { rssMb: rssKb / 1024, cpuMs: ticks * 10 };
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
