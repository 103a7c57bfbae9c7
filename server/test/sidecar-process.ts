// The built sidecar (lib/main.js) as a real process on a data dir, for tests that kill it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'process-test-token';

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds lib/ when src/ is newer (CI builds first; a developer may not have). */
export function ensureBuilt(): void {
  const main = join(SERVER_DIR, 'lib', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newest(join(SERVER_DIR, 'src'))) return;
  try {
    execFileSync(process.execPath, [join(SERVER_DIR, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', SERVER_DIR], { stdio: 'pipe' });
  } catch {
    // tsc emits despite type errors elsewhere in a tree being edited; the sidecar starting is the test.
  }
}

export type SidecarProcess = {
  child: ChildProcess;
  pid: number;
  api<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
  exited: Promise<number | null>;
};

export async function startSidecar(env: Record<string, string>): Promise<SidecarProcess> {
  const child = spawn(process.execPath, [join(SERVER_DIR, 'lib', 'main.js'), 'serve'], {
    env: { ...process.env, NBSCHEDULE_TOKEN: TOKEN, NBSCHEDULE_PORT: '0', NBSCHEDULE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void exited.then((code) => reject(new Error(`sidecar exited with ${code} before listening: ${stderr}`)));
  });
  const { port } = JSON.parse(line);
  return {
    child,
    pid: child.pid!,
    exited,
    async api(method, path, body) {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Live (not zombie) processes in process group `pgid`, from /proc. */
export function groupMembers(pgid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** `pid` and every live descendant of it, from /proc (the kernel runs in a group of its own). */
export function processTree(pid: number): number[] {
  const byParent = new Map<number, number[]>();
  const alive = new Set<number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      alive.add(Number(name));
      const ppid = Number(fields[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  if (!alive.has(pid)) return [];
  const found = [pid];
  for (let i = 0; i < found.length; i++) found.push(...(byParent.get(found[i]) ?? []));
  return found;
}

/** Which of `pids` still run (not zombies). */
export function stillAlive(pids: number[]): number[] {
  return pids.filter((pid) => {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return text.slice(text.lastIndexOf(')') + 2)[0] !== 'Z';
    } catch {
      return false;
    }
  });
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
