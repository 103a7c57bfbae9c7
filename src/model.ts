import type { IDisposable } from '@lumino/disposable';
import { Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { ApiClient, ApiError } from './apiClient';
import type { Run, Schedule, Status, Trigger } from './apiTypes';
import { triggerKey } from './triggerPresets';

/** How often the model refreshes while a run is queued or running. */
export const BUSY_INTERVAL_MS = 1000;
/** Longest wait between refreshes when errors back the poll off. */
const MAX_BACKOFF_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** How many runs of an expanded schedule the history shows. */
const HISTORY_LIMIT = 20;

/** One schedule's run history, loaded while its card is expanded. */
export interface IRunHistory {
  items: Run[];
  loading: boolean;
  error: ApiError | null;
}

const ACTIVE: ReadonlySet<string> = new Set(['queued', 'running']);

function asApiError(reason: unknown): ApiError {
  return reason instanceof ApiError
    ? reason
    : new ApiError(0, 'CLIENT_ERROR', reason instanceof Error ? reason.message : String(reason));
}

/**
 * The state the Schedules sidebar shows: the schedules, the scheduler's status and the
 * run history of expanded schedules. Refreshes itself with a Lumino `Poll` (fast while a
 * run is queued or running, backing off on errors, in standby while hidden) and emits
 * `changed`; widgets only render it and call its actions.
 */
export class SchedulesModel implements IDisposable {
  constructor(options: SchedulesModel.IOptions) {
    this.client = options.client;
    this._idleMs = Math.max(2, options.refreshIntervalSeconds ?? 10) * 1000;
    this._poll = new Poll({
      name: 'jupyterlab-nbschedule:schedules',
      factory: () => this._refresh(),
      frequency: { interval: this._idleMs, backoff: true, max: MAX_BACKOFF_MS },
      standby: () => (this._visible ? 'when-hidden' : true),
      auto: false
    });
  }

  readonly client: ApiClient;

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._poll.isDisposed;
  }

  /** The schedules, sorted by name. */
  get schedules(): readonly Schedule[] {
    return this._schedules;
  }

  get status(): Status | null {
    return this._status;
  }

  /** Why the last refresh failed (e.g. 503 when the sidecar is down), or null. */
  get error(): ApiError | null {
    return this._error;
  }

  /** False until the first refresh has answered (with data or an error). */
  get loaded(): boolean {
    return this._loaded;
  }

  /** The queued and running runs of a schedule (with `progress` while running), newest first. */
  activeRunsOf(id: string): readonly Run[] {
    return this._active.get(id) ?? [];
  }

  /** The ids of the schedules with a queued or running run. */
  get busyScheduleIds(): ReadonlySet<string> {
    return new Set(this._active.keys());
  }

  /** Runs that failed or timed out in the last 24 hours (null until known). */
  get failures24h(): number | null {
    return this._failures24h;
  }

  /** Emitted once when a run started here (or watched) reaches a final status. */
  get runFinished(): ISignal<this, Run> {
    return this._runFinished;
  }

  /** Tell when this run finishes (runs started from the dialog or elsewhere). */
  watchRun(runId: string): void {
    this._watched.add(runId);
    void this.refresh();
  }

  /** True while a queued or running run is known: the poll then runs fast. */
  get busy(): boolean {
    const counts = this._status?.counts;
    if ((counts?.running ?? 0) > 0 || (counts?.queued ?? 0) > 0) {
      return true;
    }
    if (this._watched.size > 0 || this._active.size > 0) {
      return true;
    }
    if (this._schedules.some(s => s.lastRun && ACTIVE.has(s.lastRun.status))) {
      return true;
    }
    for (const history of this._runs.values()) {
      if (history.items.some(r => ACTIVE.has(r.status))) {
        return true;
      }
    }
    return false;
  }

  isExpanded(id: string): boolean {
    return this._expanded.has(id);
  }

  runsOf(id: string): IRunHistory | undefined {
    return this._runs.get(id);
  }

  /** The plain-English trigger: the schedule's own, else the preview's (cached). */
  describe(schedule: Schedule): string | undefined {
    return schedule.triggerDescription || this._descriptions.get(triggerKey(schedule.trigger));
  }

  /** Start polling (once the sidebar exists). */
  start(): Promise<void> {
    return this._poll.start();
  }

  /** Refresh now, e.g. after a change or on the Refresh button. */
  refresh(): Promise<void> {
    return this._poll.refresh();
  }

  /** The sidebar tells whether it is shown: hidden, the poll goes to standby. */
  setVisible(visible: boolean): void {
    if (this._visible === visible) {
      return;
    }
    this._visible = visible;
    if (visible) {
      void this.refresh();
    }
  }

  setRefreshInterval(seconds: number): void {
    this._idleMs = Math.max(2, seconds) * 1000;
    this._updateFrequency();
  }

  toggleExpanded(id: string): void {
    if (this._expanded.has(id)) {
      this._expanded.delete(id);
      this._changed.emit();
      return;
    }
    this._expanded.add(id);
    const history = this._runs.get(id);
    this._runs.set(id, { items: history?.items ?? [], loading: true, error: null });
    this._changed.emit();
    void this._loadRuns(id).then(() => this._changed.emit());
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    const updated = await this.client.updateSchedule(id, { enabled });
    this._replace(updated);
  }

  async runNow(id: string, parameters?: Record<string, unknown>): Promise<Run> {
    const run = await this.client.runSchedule(id, parameters ? { parameters } : {});
    this._watched.add(run.id);
    const schedule = this._schedules.find(s => s.id === id);
    if (schedule) {
      this._replace({
        ...schedule,
        lastRun: { id: run.id, status: run.status, finishedAt: null, durationMs: null, error: null }
      });
    }
    void this.refresh();
    return run;
  }

  async cancelRun(runId: string): Promise<void> {
    await this.client.cancelRun(runId);
    void this.refresh();
  }

  async deleteSchedule(id: string): Promise<void> {
    await this.client.deleteSchedule(id);
    this._schedules = this._schedules.filter(s => s.id !== id);
    this._expanded.delete(id);
    this._runs.delete(id);
    this._changed.emit();
    void this.refresh();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._poll.dispose();
    Signal.clearData(this);
  }

  private _replace(schedule: Schedule): void {
    this._schedules = this._schedules.map(s => (s.id === schedule.id ? schedule : s));
    this._changed.emit();
  }

  private async _refresh(): Promise<void> {
    try {
      const [status, schedules] = await Promise.all([
        this.client.getStatus(),
        this.client.listAllSchedules()
      ]);
      this._status = status;
      this._schedules = [...schedules].sort((a, b) => a.name.localeCompare(b.name));
      this._error = null;
      await Promise.all([
        this._loadActive(status),
        this._loadFailures(),
        this._checkWatched(),
        ...[...this._expanded].map(id => this._loadRuns(id)),
        this._loadDescriptions(this._schedules.filter(s => !s.triggerDescription).map(s => s.trigger))
      ]);
    } catch (reason) {
      this._error = asApiError(reason);
      if (this._error.isUnavailable) {
        this._status = null;
      }
      throw this._error; // the poll backs off
    } finally {
      this._loaded = true;
      this._updateFrequency();
      this._changed.emit();
    }
  }

  private async _loadRuns(id: string): Promise<void> {
    const previous = this._runs.get(id);
    try {
      const page = await this.client.listRuns({ scheduleId: id, limit: HISTORY_LIMIT });
      const items = [...page.items].sort((a, b) => runTime(b) - runTime(a));
      this._runs.set(id, { items, loading: false, error: null });
    } catch (reason) {
      this._runs.set(id, { items: previous?.items ?? [], loading: false, error: asApiError(reason) });
    }
  }

  /** The queued and running runs, by schedule, when the status says there are any. */
  private async _loadActive(status: Status): Promise<void> {
    const active = new Map<string, Run[]>();
    if ((status.counts.running ?? 0) + (status.counts.queued ?? 0) > 0) {
      const pages = await Promise.all([
        this.client.listRuns({ status: 'running', limit: 500 }),
        this.client.listRuns({ status: 'queued', limit: 500 })
      ]);
      for (const run of pages.flatMap(p => p.items)) {
        if (run.scheduleId) {
          active.set(run.scheduleId, [...(active.get(run.scheduleId) ?? []), run]);
        }
      }
    }
    this._active = active;
  }

  private async _loadFailures(): Promise<void> {
    const since = new Date(Date.now() - DAY_MS).toISOString();
    try {
      const pages = await Promise.all(
        (['failed', 'timed_out'] as const).map(status => this.client.listRuns({ status, since, limit: 500 }))
      );
      this._failures24h = pages.reduce((n, p) => n + p.items.length, 0);
    } catch {
      this._failures24h = null;
    }
  }

  /** Look up each watched run once more; the finished ones are announced and forgotten. */
  private async _checkWatched(): Promise<void> {
    await Promise.all(
      [...this._watched].map(async runId => {
        try {
          const run = await this.client.getRun(runId);
          if (!ACTIVE.has(run.status)) {
            this._watched.delete(runId);
            this._runFinished.emit(run);
          }
        } catch (reason) {
          if (reason instanceof ApiError && reason.status === 404) {
            this._watched.delete(runId);
          }
        }
      })
    );
  }

  /** Ask the preview once per trigger the schedules do not describe themselves. */
  private async _loadDescriptions(triggers: Trigger[]): Promise<void> {
    const missing = new Map<string, Trigger>();
    for (const trigger of triggers) {
      const key = triggerKey(trigger);
      if (!this._descriptions.has(key) && !this._describing.has(key)) {
        missing.set(key, trigger);
      }
    }
    await Promise.all(
      [...missing].map(async ([key, trigger]) => {
        this._describing.add(key);
        try {
          const preview = await this.client.preview(trigger, 1);
          this._descriptions.set(key, preview.description);
        } catch {
          // Left undescribed; the card shows the raw trigger. Tried again next refresh.
        } finally {
          this._describing.delete(key);
        }
      })
    );
  }

  private _updateFrequency(): void {
    if (this._poll.isDisposed) {
      return;
    }
    const interval = this.busy ? BUSY_INTERVAL_MS : this._idleMs;
    this._poll.frequency = { interval, backoff: true, max: Math.max(interval, MAX_BACKOFF_MS) };
  }

  private _schedules: Schedule[] = [];
  private _status: Status | null = null;
  private _error: ApiError | null = null;
  private _loaded = false;
  private _visible = false;
  private _idleMs: number;
  private _expanded = new Set<string>();
  private _runs = new Map<string, IRunHistory>();
  private _descriptions = new Map<string, string>();
  private _describing = new Set<string>();
  private _active = new Map<string, Run[]>();
  private _failures24h: number | null = null;
  private _watched = new Set<string>();
  private _runFinished = new Signal<this, Run>(this);
  private _poll: Poll;
  private _changed = new Signal<this, void>(this);
}

/** Newest first: by start, else by queue time, else by scheduled time. */
function runTime(run: Run): number {
  const t = Date.parse(run.startedAt ?? run.queuedAt ?? run.scheduledFor ?? '');
  return Number.isNaN(t) ? 0 : t;
}

export namespace SchedulesModel {
  export interface IOptions {
    client: ApiClient;
    refreshIntervalSeconds?: number;
  }
}
