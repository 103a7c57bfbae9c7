// Telling our processes from strangers' before killing anything. jupyter_client starts each
// kernel in a session (and process group) of its own, so "the process group" of nbconvert does
// not hold the kernel: the whole tree is found by the mark every process of a run inherits.
// A pid is reused once its process is gone, so a pid alone proves nothing. Each child gets
// a random mark in its environment (inherited by nbconvert's kernel), and we record the
// group leader's start time from /proc/<pid>/stat. Later, a group member is ours when it
// carries the mark, or is the leader with the recorded start time. Linux only: elsewhere
// nothing can be verified, and nothing is killed.
import { readdirSync, readFileSync } from 'node:fs';

export const MARK_VARIABLE = 'NBSCHEDULE_PROCESS_MARK';

type Stat = { pid: number; pgrp: number; started: string };

function stat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return null;
    return { pid, pgrp: Number(fields[2]), started: fields[19] };
  } catch {
    return null;
  }
}

function hasMark(pid: number, mark: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${MARK_VARIABLE}=${mark}`);
  } catch {
    return false;
  }
}

/** "<start time> <mark>" for a process we just started; its start time alone when unmarked. */
export function identity(pid: number, mark: string | null): string | null {
  const s = stat(pid);
  if (!s) return null;
  return mark ? `${s.started} ${mark}` : s.started;
}

/** Every live process carrying `mark` in its environment (a run's whole tree, kernel included). */
export function markedProcesses(mark: string): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
  } catch {
    return [];
  }
  return pids.filter((pid) => pid !== process.pid && stat(pid) !== null && hasMark(pid, mark));
}

/**
 * The processes of a run that `recorded` ("<leader start time> <mark>") proves ours: members of
 * group `pgid` whose leader has the recorded start time, and any process carrying the mark.
 */
export function ourGroupMembers(pgid: number, recorded: string | null | undefined): number[] {
  if (!recorded) return [];
  const [started, mark] = recorded.split(' ');
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
  } catch {
    return [];
  }
  const ours: number[] = [];
  for (const pid of pids) {
    if (pid === process.pid) continue;
    const s = stat(pid);
    if (!s) continue;
    if ((s.pgrp === pgid && pid === pgid && s.started === started) || (mark && hasMark(pid, mark))) ours.push(pid);
  }
  return ours;
}

/** Whether the process named "<pid> <start time>" is still alive (not a reuse of its pid). */
export function isAlive(pid: number, started: string): boolean {
  const s = stat(pid);
  return s !== null && s.started === started;
}

export function ownStarted(): string | null {
  return stat(process.pid)?.started ?? null;
}
