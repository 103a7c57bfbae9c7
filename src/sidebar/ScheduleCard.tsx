import * as React from 'react';

import type { Run, Schedule, Trigger } from '../apiTypes';
import type { IRunHistory } from '../model';
import { formatAbsolute, formatDuration, formatInZone, formatRelative } from '../timeFormat';
import { HTML_OUTPUT, NOTEBOOK_OUTPUT } from '../output';
import { ActiveRuns } from './ActiveRuns';
import { DurationChart } from './DurationChart';
import { StatusBadge } from './StatusBadge';

/** What a card can ask for; the sidebar implements these over the model and commands. */
export interface ICardActions {
  toggleExpanded(schedule: Schedule): void;
  setEnabled(schedule: Schedule, enabled: boolean): void;
  runNow(schedule: Schedule): void;
  edit(schedule: Schedule): void;
  remove(schedule: Schedule): void;
  openOutput(schedule: Schedule, run: Run): void;
  cancelRun(run: Run): void;
  watchRun(run: Run): void;
  runWithParameters(schedule: Schedule): void;
  clone(schedule: Schedule): void;
  copyOutput(schedule: Schedule, run: Run): void;
  download(run: Run, name: string): void;
  showLog(schedule: Schedule, run: Run): void;
}

export interface IScheduleCardProps {
  schedule: Schedule;
  description: string | undefined;
  expanded: boolean;
  history: IRunHistory | undefined;
  activeRuns: readonly Run[];
  recentRuns: readonly Run[];
  selected: boolean;
  onSelect: (selected: boolean) => void;
  timezone: string;
  now: number;
  actions: ICardActions;
}

/** The trigger as stored, when no plain-English description is known yet. */
export function rawTrigger(trigger: Trigger): string {
  if ('everySeconds' in trigger) {
    return `every ${trigger.everySeconds} s`;
  }
  if ('at' in trigger) {
    return `once at ${trigger.at}`;
  }
  return `cron ${trigger.cron}${trigger.timezone ? ` · ${trigger.timezone}` : ''}`;
}

const FINISHED: ReadonlySet<string> = new Set(['succeeded', 'failed', 'timed_out', 'cancelled', 'interrupted']);

/** One schedule: its name, notebook, trigger, next and last run, switch and actions. */
export function ScheduleCard(props: IScheduleCardProps): JSX.Element {
  const { schedule, description, expanded, history, activeRuns, recentRuns, timezone, now, actions } = props;
  const params = Object.entries(schedule.parameters ?? {});
  const last = schedule.lastRun;
  const lastTime = last?.finishedAt ?? null;
  const meta: string[] = [];
  if (schedule.enabled && schedule.nextRunAt) {
    meta.push(`next ${formatRelative(schedule.nextRunAt, now)}`);
  } else if (!schedule.enabled) {
    meta.push('paused');
  }
  if (lastTime) {
    const duration = formatDuration(last?.durationMs);
    meta.push(`last ${formatRelative(lastTime, now)}${duration ? `, ${duration}` : ''}`);
  }
  const className = `jp-nbschedule-ScheduleCard${schedule.enabled ? '' : ' jp-mod-disabled'}`;
  return (
    <li className={className} data-schedule-id={schedule.id}>
      <div className="jp-nbschedule-ScheduleCard-top">
        <input
          type="checkbox"
          className="jp-nbschedule-ScheduleCard-select"
          checked={props.selected}
          aria-label={`Select ${schedule.name}`}
          onChange={e => props.onSelect(e.target.checked)}
        />
        <button
          type="button"
          className="jp-nbschedule-ScheduleCard-name"
          aria-expanded={expanded}
          title={expanded ? 'Hide runs' : 'Show runs'}
          onClick={() => actions.toggleExpanded(schedule)}
        >
          <span className="jp-nbschedule-ScheduleCard-caret" aria-hidden="true">
            {expanded ? '▾' : '▸'}
          </span>
          {schedule.name}
        </button>
        <StatusBadge
          status={last?.status}
          title={lastTime ? `Last run ${formatAbsolute(lastTime, timezone)}` : 'No run yet'}
        />
        <button
          type="button"
          role="switch"
          className="jp-nbschedule-Switch"
          aria-checked={schedule.enabled}
          aria-label={schedule.enabled ? 'Pause schedule' : 'Resume schedule'}
          title={schedule.enabled ? 'Enabled: click to pause' : 'Paused: click to enable'}
          onClick={() => actions.setEnabled(schedule, !schedule.enabled)}
        />
      </div>
      <div className="jp-nbschedule-ScheduleCard-notebook" title={schedule.notebook}>
        {schedule.notebook}
        {schedule.tags.length > 0 ? ` · tags: ${schedule.tags.join(', ')}` : ''}
        {params.length > 0 ? ` · params: ${params.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}` : ''}
        {schedule.kernel ? ` · kernel: ${schedule.kernel}` : ''}
      </div>
      <div className="jp-nbschedule-ScheduleCard-trigger">{description ?? rawTrigger(schedule.trigger)}</div>
      {(meta.length > 0 || recentRuns.length > 0) && (
        <div className="jp-nbschedule-ScheduleCard-metaRow">
          <span
            className="jp-nbschedule-ScheduleCard-meta"
            title={schedule.nextRunAt ? `Next run ${formatAbsolute(schedule.nextRunAt, timezone)}` : undefined}
          >
            {meta.join(' · ')}
          </span>
          <DurationChart runs={recentRuns} />
        </div>
      )}
      <ActiveRuns
        runs={activeRuns}
        now={now}
        onCancel={run => actions.cancelRun(run)}
        onLog={run => actions.showLog(schedule, run)}
        onWatch={run => actions.watchRun(run)}
      />
      {last?.error && activeRuns.length === 0 && <div className="jp-nbschedule-ScheduleCard-error">{last.error}</div>}
      <div className="jp-nbschedule-ScheduleCard-actions">
        <button type="button" className="jp-nbschedule-LinkButton" aria-label="Run now" onClick={() => actions.runNow(schedule)}>
          ▶ Run now
        </button>
        <button
          type="button"
          className="jp-nbschedule-LinkButton"
          aria-label="Run with other parameters"
          onClick={() => actions.runWithParameters(schedule)}
        >
          Run with…
        </button>
        <button type="button" className="jp-nbschedule-LinkButton" aria-label="Edit schedule" onClick={() => actions.edit(schedule)}>
          ✎ Edit
        </button>
        <button type="button" className="jp-nbschedule-LinkButton" aria-label="Clone schedule" onClick={() => actions.clone(schedule)}>
          Clone
        </button>
        <button
          type="button"
          className="jp-nbschedule-LinkButton jp-mod-danger"
          aria-label="Delete schedule"
          onClick={() => actions.remove(schedule)}
        >
          Delete
        </button>
      </div>
      {expanded && <RunHistory schedule={schedule} history={history} timezone={timezone} actions={actions} />}
    </li>
  );
}

function RunHistory(props: {
  schedule: Schedule;
  history: IRunHistory | undefined;
  timezone: string;
  actions: ICardActions;
}): JSX.Element {
  const { schedule, history, timezone, actions } = props;
  if (!history || (history.loading && history.items.length === 0)) {
    return <div className="jp-nbschedule-RunHistory jp-mod-empty">Loading runs…</div>;
  }
  if (history.error && history.items.length === 0) {
    return <div className="jp-nbschedule-RunHistory jp-mod-error">{history.error.message}</div>;
  }
  if (history.items.length === 0) {
    return <div className="jp-nbschedule-RunHistory jp-mod-empty">No runs yet.</div>;
  }
  return (
    <ol className="jp-nbschedule-RunHistory">
      {history.items.map(run => (
        <RunRow key={run.id} run={run} schedule={schedule} timezone={timezone} actions={actions} />
      ))}
    </ol>
  );
}

function RunRow(props: { run: Run; schedule: Schedule; timezone: string; actions: ICardActions }): JSX.Element {
  const { run, schedule, timezone, actions } = props;
  const outputs = new Set((run.outputs ?? []).map(o => o.name));
  const when = run.startedAt ?? run.scheduledFor ?? run.queuedAt;
  const active = run.status === 'queued' || run.status === 'running';
  const progress = run.status === 'running' && run.progress ? `cell ${run.progress.cell} of ${run.progress.cells}` : '';
  const details = [
    run.trigger !== 'schedule' ? run.trigger : '',
    run.attempt > 1 ? `attempt ${run.attempt}` : '',
    progress
  ].filter(Boolean);
  return (
    <li className="jp-nbschedule-RunRow" data-status={run.status} data-run-id={run.id}>
      <div className="jp-nbschedule-RunRow-main">
        <StatusBadge status={run.status} />
        <span className="jp-nbschedule-RunRow-time" title={when ? formatAbsolute(when, timezone) : undefined}>
          {when ? formatInZone(when, timezone) : '—'}
        </span>
        <span className="jp-nbschedule-RunRow-duration">{formatDuration(run.durationMs)}</span>
        {details.length > 0 && <span className="jp-nbschedule-RunRow-details">{details.join(' · ')}</span>}
        <span className="jp-nbschedule-RunRow-spacer" />
        {active && (
          <button type="button" className="jp-nbschedule-LinkButton" aria-label="Cancel run" onClick={() => actions.cancelRun(run)}>
            ■ Cancel
          </button>
        )}
      </div>
      {(FINISHED.has(run.status) || run.status === 'running') && (
        <div className="jp-nbschedule-RunRow-actions">
          {outputs.has(HTML_OUTPUT) && (
            <button type="button" className="jp-nbschedule-LinkButton" aria-label="Open output" onClick={() => actions.openOutput(schedule, run)}>
              Open output ▸
            </button>
          )}
          {outputs.has(NOTEBOOK_OUTPUT) && (
            <button
              type="button"
              className="jp-nbschedule-LinkButton"
              aria-label="Copy the executed notebook into the workspace"
              title="Save the executed notebook next to the original and open it"
              onClick={() => actions.copyOutput(schedule, run)}
            >
              Copy to workspace
            </button>
          )}
          {(run.outputs ?? [])
            .filter(o => o.format !== 'log' && o.name !== 'input.ipynb')
            .map(o => (
              <button
                key={o.name}
                type="button"
                className="jp-nbschedule-LinkButton"
                aria-label={`Download ${o.name}`}
                onClick={() => actions.download(run, o.name)}
              >
                ⇩ {o.name.split('.').pop()}
              </button>
            ))}
          <button type="button" className="jp-nbschedule-LinkButton" aria-label="Show log" onClick={() => actions.showLog(schedule, run)}>
            Log
          </button>
        </div>
      )}
      {run.error && <div className="jp-nbschedule-RunRow-error">{run.error}</div>}
    </li>
  );
}
