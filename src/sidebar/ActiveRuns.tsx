import * as React from 'react';

import type { Run } from '../apiTypes';
import { formatDuration } from '../timeFormat';

export interface IActiveRunsProps {
  runs: readonly Run[];
  now: number;
  onCancel: (run: Run) => void;
  onLog: (run: Run) => void;
  /** Be notified when this run ends. */
  onWatch: (run: Run) => void;
}

/** The schedule's running runs as progress bars, and its queued runs, each with Cancel. */
export function ActiveRuns(props: IActiveRunsProps): JSX.Element | null {
  const { runs, now } = props;
  if (runs.length === 0) {
    return null;
  }
  return (
    <div className="jp-nbschedule-ActiveRuns">
      {runs.map(run => {
        const running = run.status === 'running';
        const progress = run.progress;
        const percent = progress && progress.cells > 0 ? Math.min(100, Math.round((progress.cell / progress.cells) * 100)) : 0;
        const started = run.startedAt ? Date.parse(run.startedAt) : NaN;
        const elapsed = running && !Number.isNaN(started) ? formatDuration(Math.max(0, now - started)) : '';
        const text = running
          ? [progress ? `cell ${progress.cell} of ${progress.cells}` : 'starting', elapsed ? `running ${elapsed}` : '']
              .filter(Boolean)
              .join(' · ')
          : run.queuePosition
            ? `queued, #${run.queuePosition} in line for a free slot`
            : 'queued, waiting for a free slot';
        return (
          <div key={run.id} className="jp-nbschedule-ActiveRun" data-run-id={run.id} data-status={run.status}>
            {running && (
              <div
                className="jp-nbschedule-Progress"
                role="progressbar"
                aria-label="Run progress"
                aria-valuemin={0}
                aria-valuemax={progress?.cells ?? 0}
                aria-valuenow={progress?.cell ?? 0}
                aria-valuetext={text}
              >
                <div className="jp-nbschedule-Progress-bar" style={{ width: `${percent}%` }} />
              </div>
            )}
            <div className="jp-nbschedule-ActiveRun-meta">
              <span className="jp-nbschedule-ActiveRun-text">{text}</span>
              <span className="jp-nbschedule-Row-spacer" />
              {running && (
                <button type="button" className="jp-nbschedule-LinkButton" aria-label="Show log" onClick={() => props.onLog(run)}>
                  Log tail
                </button>
              )}
              <button
                type="button"
                className="jp-nbschedule-LinkButton"
                aria-label="Notify me when this run ends"
                title="Show a notification when this run ends"
                onClick={() => props.onWatch(run)}
              >
                Notify me
              </button>
              <button type="button" className="jp-nbschedule-LinkButton" aria-label="Cancel run" onClick={() => props.onCancel(run)}>
                ■ Cancel
              </button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
