import * as React from 'react';

import type { Schedule } from '../apiTypes';
import { formatInZone, formatRelative } from '../timeFormat';
import { ITimelineMark, timelineMarks } from '../timelineMarks';
import type { UpcomingFires } from '../upcomingFires';

const HOUR = 60 * 60 * 1000;
const RANGES = {
  day: { ms: 24 * HOUR, label: '24 h', ticks: ['now', '+6 h', '+12 h', '+18 h', '+24 h'] },
  week: { ms: 7 * 24 * HOUR, label: '7 days', ticks: ['now', '+1d', '+2d', '+3d', '+4d', '+5d', '+6d', '+7d'] }
} as const;
type RangeId = keyof typeof RANGES;

export interface ITimelineProps {
  schedules: readonly Schedule[];
  fires: UpcomingFires;
  timezone: string;
  now: number;
  /** A mark was clicked: show that schedule. */
  onSelect: (schedule: { id: string; name: string }) => void;
}

/** Upcoming runs in the next 24 hours or 7 days: a mark per fire time, the schedule on hover. */
export function Timeline(props: ITimelineProps): JSX.Element {
  const { schedules, fires, timezone, now } = props;
  const [range, setRange] = React.useState<RangeId>('day');
  const [hovered, setHovered] = React.useState<ITimelineMark | null>(null);
  const rangeMs = RANGES[range].ms;
  React.useEffect(() => fires.update(schedules, now, rangeMs), [schedules, now, rangeMs]);
  const marks = timelineMarks(schedules, s => fires.firesOf(s), now, rangeMs);
  const other: RangeId = range === 'day' ? 'week' : 'day';
  const summary = `${marks.length} run${marks.length === 1 ? '' : 's'} in the next ${RANGES[range].label}`;
  return (
    <div className="jp-nbschedule-Timeline" data-range={range}>
      <div className="jp-nbschedule-Timeline-ticks" aria-hidden="true">
        {RANGES[range].ticks.map(t => (
          <span key={t}>{t}</span>
        ))}
      </div>
      <div className="jp-nbschedule-Timeline-bar" role="group" aria-label={`Upcoming runs: ${summary}`}>
        {marks.map(mark => {
          const label = `${mark.name}: ${formatInZone(mark.time, timezone)}`;
          return (
            <button
              type="button"
              key={`${mark.scheduleId}-${mark.time}`}
              className="jp-nbschedule-Timeline-mark"
              data-colour={mark.colour}
              data-schedule-id={mark.scheduleId}
              style={{ left: `calc(${mark.left}% - 2px)` }}
              title={label}
              aria-label={label}
              tabIndex={-1}
              onMouseEnter={() => setHovered(mark)}
              onMouseLeave={() => setHovered(null)}
              onClick={() => props.onSelect({ id: mark.scheduleId, name: mark.name })}
            />
          );
        })}
      </div>
      <div className="jp-nbschedule-Timeline-foot">
        <span className="jp-nbschedule-Timeline-detail" aria-live="polite">
          {hovered
            ? `${hovered.name} · ${formatInZone(hovered.time, timezone)} · ${formatRelative(hovered.time, now)}`
            : `${summary} · hover a mark for the schedule`}
        </span>
        <button
          type="button"
          className="jp-nbschedule-LinkButton"
          aria-label={`Show the next ${RANGES[other].label}`}
          onClick={() => setRange(other)}
        >
          {RANGES[other].label} ▸
        </button>
      </div>
    </div>
  );
}
