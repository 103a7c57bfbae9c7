import type { Schedule } from './apiTypes';

/** One fire time on the upcoming-runs timeline. */
export interface ITimelineMark {
  scheduleId: string;
  name: string;
  time: number;
  /** 0 … 100: where in the range it sits. */
  left: number;
  /** 0 … PALETTE_SIZE - 1: the schedule's colour. */
  colour: number;
}

export const PALETTE_SIZE = 6;

/** A stable colour index for a schedule id. */
export function colourOf(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) {
    hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  }
  return hash % PALETTE_SIZE;
}

/**
 * The marks of the enabled schedules' fire times inside [now, now + rangeMs]: the previewed
 * times of a schedule when known (`fires`), else its `nextRunAt` alone. Sorted by time.
 */
export function timelineMarks(
  schedules: readonly Schedule[],
  fires: (schedule: Schedule) => readonly string[] | undefined,
  now: number,
  rangeMs: number
): ITimelineMark[] {
  const marks: ITimelineMark[] = [];
  for (const schedule of schedules) {
    if (!schedule.enabled) {
      continue;
    }
    const times = fires(schedule) ?? (schedule.nextRunAt ? [schedule.nextRunAt] : []);
    const colour = colourOf(schedule.id);
    for (const iso of times) {
      const time = Date.parse(iso);
      if (Number.isNaN(time) || time < now || time > now + rangeMs) {
        continue;
      }
      marks.push({ scheduleId: schedule.id, name: schedule.name, time, left: ((time - now) / rangeMs) * 100, colour });
    }
  }
  return marks.sort((a, b) => a.time - b.time);
}

/** Which schedules deserve a preview for a range: enabled ones due inside it, soonest first, at most `max`. */
export function schedulesToPreview(schedules: readonly Schedule[], now: number, rangeMs: number, max: number): Schedule[] {
  return schedules
    .filter(s => s.enabled && s.nextRunAt && Date.parse(s.nextRunAt) <= now + rangeMs)
    .sort((a, b) => Date.parse(a.nextRunAt!) - Date.parse(b.nextRunAt!))
    .slice(0, max);
}
