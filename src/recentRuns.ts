import { ISignal, Signal } from '@lumino/signaling';

import type { ApiClient } from './apiClient';
import type { Run, Schedule } from './apiTypes';

/** How many recent runs a card's duration chart shows. */
export const RECENT_RUNS = 12;

interface IEntry {
  lastRunId: string | null;
  runs: Run[];
}

/**
 * The recent runs of the schedules whose cards are shown, for their duration charts: loaded
 * once per card and again only when the schedule's last run changes.
 */
export class RecentRuns {
  constructor(private readonly client: ApiClient) {}

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The recent runs (oldest first) of a schedule; asks for them when unknown or outdated. */
  of(schedule: Schedule): readonly Run[] {
    const lastRunId = schedule.lastRun?.id ?? null;
    const entry = this._cache.get(schedule.id);
    if ((!entry || entry.lastRunId !== lastRunId) && !this._pending.has(schedule.id) && lastRunId) {
      this._load(schedule.id, lastRunId);
    }
    return entry?.runs ?? [];
  }

  private _load(id: string, lastRunId: string): void {
    this._pending.add(id);
    this.client
      .listRuns({ scheduleId: id, limit: RECENT_RUNS })
      .then(page => {
        const runs = page.items.filter(r => r.status !== 'queued').reverse();
        this._cache.set(id, { lastRunId, runs });
        this._changed.emit();
      })
      .catch(() => {
        this._cache.set(id, { lastRunId, runs: this._cache.get(id)?.runs ?? [] });
      })
      .finally(() => this._pending.delete(id));
  }

  private _cache = new Map<string, IEntry>();
  private _pending = new Set<string>();
  private _changed = new Signal<this, void>(this);
}
