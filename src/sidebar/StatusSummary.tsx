import * as React from 'react';

import type { ApiError } from '../apiClient';
import type { Schedule, Status } from '../apiTypes';
import { formatAbsolute, formatRelative, formatInZone } from '../timeFormat';

export interface IStatusSummaryProps {
  status: Status | null;
  error: ApiError | null;
  loaded: boolean;
  schedules: readonly Schedule[];
  /** Failed or timed-out runs in the last 24 hours, when known. */
  failures24h: number | null;
  timezone: string;
  now: number;
}

/** The scheduler's state, the counts, and the next run. */
export function StatusSummary(props: IStatusSummaryProps): JSX.Element {
  const { status, error, schedules, timezone, now } = props;
  let state: string;
  let label: string;
  let reason: string | null = null;
  if (error && error.isUnavailable) {
    state = 'down';
    label = 'Scheduler unavailable';
    reason = error.sidecar?.reason ? `${error.message} (${error.sidecar.reason})` : error.message;
  } else if (error) {
    state = 'error';
    label = 'Scheduler error';
    reason = error.message;
  } else if (!status) {
    state = props.loaded ? 'unknown' : 'loading';
    label = props.loaded ? 'Scheduler state unknown' : 'Connecting to the scheduler…';
  } else {
    state = status.state;
    label =
      status.state === 'ready'
        ? 'Scheduler ready'
        : status.state === 'degraded'
          ? 'Scheduler degraded'
          : 'Scheduler starting';
    reason = status.sidecar?.reason || null;
  }

  const active = schedules.filter(s => s.enabled).length;
  const paused = schedules.length - active;
  const running = status?.counts?.running ?? 0;
  const queued = status?.counts?.queued ?? 0;
  const upcoming = schedules
    .filter(s => s.enabled && s.nextRunAt)
    .sort((a, b) => Date.parse(a.nextRunAt!) - Date.parse(b.nextRunAt!))
    .slice(0, 3);

  return (
    <div className="jp-nbschedule-StatusSummary" data-state={state}>
      <div className="jp-nbschedule-StatusSummary-state">
        <span className="jp-nbschedule-StatusSummary-dot" aria-hidden="true">
          ●
        </span>{' '}
        <span className="jp-nbschedule-StatusSummary-label">{label}</span>
        {status && (
          <span className="jp-nbschedule-StatusSummary-meta">
            {[status.store, status.version ? `v${status.version}` : ''].filter(Boolean).map(t => ` · ${t}`)}
          </span>
        )}
      </div>
      {reason && <div className="jp-nbschedule-StatusSummary-reason">{reason}</div>}
      {!error && status && (
        <div className="jp-nbschedule-StatusSummary-counts">
          <span>
            <b>{active}</b> active
          </span>
          <span>
            <b>{paused}</b> paused
          </span>
          <span>
            <b>{running}</b> running
          </span>
          <span>
            <b>{queued}</b> queued
          </span>
          {props.failures24h !== null && (
            <span className={props.failures24h > 0 ? 'jp-nbschedule-StatusSummary-failures' : undefined}>
              <b>{props.failures24h}</b> failed in 24 h
            </span>
          )}
        </div>
      )}
      {!error && upcoming.length > 0 && (
        <ol className="jp-nbschedule-StatusSummary-next" aria-label="Next runs">
          {upcoming.map(s => (
            <li key={s.id} title={formatAbsolute(s.nextRunAt!, timezone)}>
              {formatRelative(s.nextRunAt!, now)} · <b>{s.name}</b> · {formatInZone(s.nextRunAt!, timezone)}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
