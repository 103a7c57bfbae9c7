import type { Schedule } from './apiTypes';

/** The status chips over the list, as in the mockup. */
export type StatusChip = 'all' | 'running' | 'failing' | 'paused';
export type ScheduleSort = 'name' | 'next' | 'last';

export interface IScheduleQuery {
  /** Words that must each appear in the name, notebook or a tag; `tag:x` matches a tag exactly. */
  text: string;
  chip: StatusChip;
  sort: ScheduleSort;
}

export const CHIPS: ReadonlyArray<{ id: StatusChip; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'running', label: 'Running' },
  { id: 'failing', label: 'Failing' },
  { id: 'paused', label: 'Paused' }
];

const FAILED: ReadonlySet<string> = new Set(['failed', 'timed_out', 'interrupted']);
const ACTIVE: ReadonlySet<string> = new Set(['queued', 'running']);

/** Whether a schedule shows under a chip; `busyIds` are the schedules with a queued or running run. */
export function inChip(schedule: Schedule, chip: StatusChip, busyIds: ReadonlySet<string>): boolean {
  switch (chip) {
    case 'running':
      return busyIds.has(schedule.id) || ACTIVE.has(schedule.lastRun?.status ?? '');
    case 'failing':
      return FAILED.has(schedule.lastRun?.status ?? '');
    case 'paused':
      return !schedule.enabled;
    default:
      return true;
  }
}

export function matchesText(schedule: Schedule, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const tags = schedule.tags.map(t => t.toLowerCase());
  const haystack = `${schedule.name}\n${schedule.notebook}\n${tags.join('\n')}`.toLowerCase();
  return words.every(word =>
    word.startsWith('tag:') && word.length > 4 ? tags.includes(word.slice(4)) : haystack.includes(word)
  );
}

function time(value: string | null | undefined, missing: number): number {
  const t = value ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? missing : t;
}

/** Soonest next run first (paused and finished last), or most recent last run first, or by name. */
export function compareSchedules(sort: ScheduleSort): (a: Schedule, b: Schedule) => number {
  const byName = (a: Schedule, b: Schedule): number => a.name.localeCompare(b.name);
  if (sort === 'next') {
    const next = (s: Schedule): number => (s.enabled ? time(s.nextRunAt, Infinity) : Infinity);
    return (a, b) => next(a) - next(b) || byName(a, b);
  }
  if (sort === 'last') {
    const last = (s: Schedule): number => time(s.lastRun?.finishedAt, s.lastRun ? Infinity : -Infinity);
    return (a, b) => last(b) - last(a) || byName(a, b);
  }
  return byName;
}

/** The schedules a query shows, in its order. */
export function filterSchedules(
  schedules: readonly Schedule[],
  query: IScheduleQuery,
  busyIds: ReadonlySet<string>
): Schedule[] {
  return schedules
    .filter(s => inChip(s, query.chip, busyIds) && matchesText(s, query.text))
    .sort(compareSchedules(query.sort));
}

/** How many schedules match the text under each chip. */
export function chipCounts(
  schedules: readonly Schedule[],
  text: string,
  busyIds: ReadonlySet<string>
): Record<StatusChip, number> {
  const counts: Record<StatusChip, number> = { all: 0, running: 0, failing: 0, paused: 0 };
  for (const s of schedules) {
    if (!matchesText(s, text)) {
      continue;
    }
    for (const chip of CHIPS) {
      if (inChip(s, chip.id, busyIds)) {
        counts[chip.id]++;
      }
    }
  }
  return counts;
}
