import * as React from 'react';

import type { Run } from '../apiTypes';
import { formatDuration } from '../timeFormat';

/** Recent runs' durations as bars (oldest left), coloured by status, the longest full height. */
export function DurationChart(props: { runs: readonly Run[] }): JSX.Element | null {
  const runs = props.runs.filter(r => r.durationMs !== null || r.status === 'skipped');
  if (runs.length === 0) {
    return null;
  }
  const longest = Math.max(1, ...runs.map(r => r.durationMs ?? 0));
  const label = `Durations of the last ${runs.length} runs: ${runs
    .map(r => `${r.status.replace('_', ' ')} ${formatDuration(r.durationMs) || ''}`.trim())
    .join(', ')}`;
  return (
    <span className="jp-nbschedule-DurationChart" role="img" aria-label={label} title={label}>
      {runs.map(run => (
        <i
          key={run.id}
          data-status={run.status}
          style={{ height: `${Math.max(12, Math.round(((run.durationMs ?? 0) / longest) * 100))}%` }}
        />
      ))}
    </span>
  );
}
