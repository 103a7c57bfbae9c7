// The one seam for child processes. Argument arrays only (never a shell); every child leads
// its own process group (detached), so a timeout or a cancel ends the kernel nbconvert
// started too: SIGTERM to the group and to every process carrying the run's mark (the kernel
// sits in a session of its own), then SIGKILL after a short grace.
import type { Logger, ProcessRequest, ProcessResult, ProcessRunner } from '../ports.js';
import { OutputTail } from './output-tail.js';
import { identity, MARK_VARIABLE, markedProcesses, ourGroupMembers } from './process-identity.js';
import { randomBytes } from 'node:crypto';

export const KILL_GRACE_MS = 3000;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what we wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Signals every process that inherited `mark`: the kernel lives in a process group of its own. */
function signalMarked(mark: string, signal: NodeJS.Signals): void {
  for (const pid of markedProcesses(mark)) {
    try {
      process.kill(pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}

export class ExecaProcessRunner implements ProcessRunner {
  constructor(private readonly logger: Logger) {}

  /** The marks of the children this runner started, by pid, until they end. */
  private readonly marks = new Map<number, string>();

  killGroup(pid: number, started?: string | null): boolean {
    const members = ourGroupMembers(pid, started);
    for (const member of members) {
      try {
        process.kill(member, 'SIGKILL');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
    if (members.length > 0) this.logger.info({ processGroup: pid, members }, 'ended a process group left behind');
    return members.length > 0;
  }

  processStarted(pid: number): string | null {
    return identity(pid, this.marks.get(pid) ?? null);
  }

  async run(req: ProcessRequest): Promise<ProcessResult> {
    // Loaded on the first child process: execa and its dependencies are 2.5 MB of heap that an
    // idle sidecar does not need.
    const { execa } = await import('execa');
    const started = Date.now();
    const all = new OutputTail(req.keepBytes);
    const stderr = new OutputTail(req.keepBytes);
    const mark = randomBytes(12).toString('hex');
    const child = execa(req.file, req.args, {
      cwd: req.cwd,
      env: { ...req.env, [MARK_VARIABLE]: mark },
      extendEnv: true,
      detached: true,
      stdin: req.inputFile ? { file: req.inputFile } : 'ignore',
      buffer: false,
      reject: false,
      stripFinalNewline: false,
    });
    let ended: ProcessResult['ended'] = 'exited';
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: 'timed_out' | 'cancelled') => {
      if (ended !== 'exited' || child.pid === undefined) return;
      ended = why;
      this.logger.info({ processGroup: child.pid, why }, 'ending the process group');
      signalGroup(child.pid, 'SIGTERM');
      signalMarked(mark, 'SIGTERM');
      killTimer = setTimeout(() => {
        signalGroup(child.pid!, 'SIGKILL');
        signalMarked(mark, 'SIGKILL');
      }, KILL_GRACE_MS);
    };
    const timeout = req.timeoutMs !== null ? setTimeout(() => stop('timed_out'), req.timeoutMs) : undefined;
    const onAbort = () => stop('cancelled');
    if (req.signal.aborted) queueMicrotask(onAbort);
    else req.signal.addEventListener('abort', onAbort, { once: true });
    if (child.pid !== undefined) {
      this.marks.set(child.pid, mark);
      req.onStart?.(child.pid);
    }

    child.stdout?.on('data', (chunk: Buffer) => all.push(chunk));
    let partial = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      all.push(chunk);
      stderr.push(chunk);
      if (req.onStderrLine) {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        lines.forEach((l) => req.onStderrLine!(l));
      }
    });

    const result = await child;
    clearTimeout(timeout);
    req.signal.removeEventListener('abort', onAbort);
    if (child.pid !== undefined) {
      // Whatever the child left behind (a kernel nbconvert failed to shut down) goes too.
      signalGroup(child.pid, 'SIGKILL');
      signalMarked(mark, 'SIGKILL');
    }
    clearTimeout(killTimer);
    if (child.pid !== undefined) this.marks.delete(child.pid);
    const durationMs = Date.now() - started;
    if (result.failed && result.exitCode === undefined && !result.isTerminated) {
      return {
        exitCode: null,
        ended: 'failed_to_start',
        output: all.text(),
        stderr: stderr.text(),
        durationMs,
        startError: result.shortMessage ?? String(result.message),
      };
    }
    return { exitCode: result.exitCode ?? null, ended, output: all.text(), stderr: stderr.text(), durationMs };
  }
}
