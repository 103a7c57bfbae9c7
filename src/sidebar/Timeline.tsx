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
  const [focusIndex, setFocusIndex] = React.useState(-1);
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
      <div
        className="jp-nbschedule-Timeline-bar"
        role="group"
        tabIndex={0}
        aria-label={`Upcoming runs: ${summary}. Arrow keys step through them, Enter shows the schedule.`}
        onKeyDown={event => {
          if (marks.length === 0) {
            return;
          }
          let next = focusIndex;
          if (event.key === 'ArrowRight' || event.key === 'ArrowDown') {
            next = Math.min(marks.length - 1, focusIndex + 1);
          } else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
            next = Math.max(0, focusIndex - 1);
          } else if (event.key === 'Home') {
            next = 0;
          } else if (event.key === 'End') {
            next = marks.length - 1;
          } else if (event.key === 'Enter' && marks[focusIndex]) {
            props.onSelect({ id: marks[focusIndex].scheduleId, name: marks[focusIndex].name });
            return;
          } else {
            return;
          }
          event.preventDefault();
          setFocusIndex(next);
          setHovered(marks[next]);
        }}
        onBlur={() => {
          setFocusIndex(-1);
          setHovered(null);
        }}
      >
        {marks.map((mark, index) => {
          const label = `${mark.name}: ${formatInZone(mark.time, timezone)}`;
          return (
            <button
              type="button"
              key={`${mark.scheduleId}-${mark.time}`}
              className={`jp-nbschedule-Timeline-mark${index === focusIndex ? ' jp-mod-active' : ''}`}
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
